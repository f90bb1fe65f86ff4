"""The duty rota (值班表) of one station and its points as a min-cost flow (networkx).

Who may receive: the deputies whose home station is the station or one of its points. The days: the
reception days of the station and its points still to come in the year (`slots`). Each deputy must
take at least `min_days` days a year (the days already past and kept count toward it).

The network, from the source S to the sink T, each unit of flow one deputy on one day:
  S -> deputy        `required` units at a large reward (the yearly minimum still owed), then one
                     unit arc per further day, each dearer than the last (spread evenly: nobody gets
                     a second day while a colleague could take a first);
  deputy -> window   capacity 1: the year is cut into windows of `gap` days from 1 January and a
                     deputy takes at most one day in each (the gap by disjoint windows; a window that
                     already holds a kept day is closed). Two days in neighbouring windows may be
                     closer than `gap`; within one window never. This is what `min_gap_days` means;
  window -> day/level  the deputy's reception days in that window, unless away that day;
  day/level -> day   the first deputy of a level class is free, a second of the same class costs
                     (a mix of levels where the roster allows);
  day -> T           `per_day` places; S -> T carries the places nobody can fill, at a high cost.
Minimums come first (the reward outweighs every other cost), then filled places, then evenness,
the mix and home stations. Whether every minimum can be met is therefore decided exactly for the
window model: a deputy left owing days falls short in every plan, and the residual network (the min
cut) names the days and colleagues they compete with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LEVEL_CLASSES = ("市以上", "县", "镇")


def level_class(levels: str) -> str:
    """The class a deputy counts in for the mix of levels: 市以上 (全国/省/市), 县, or 镇."""
    parts = set((levels or "").split(","))
    if parts & {"全国", "省", "市"}:
        return "市以上"
    return "县" if "县" in parts else "镇"


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    home: int  # home station id
    levels: str = "县"
    away: tuple[tuple[dt.date, dt.date], ...] = ()
    kept: tuple[dt.date, ...] = ()  # days already past in the stored plan, and swaps kept (count toward the minimum)

    def is_away(self, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self.away)


@dataclass(frozen=True)
class Slot:
    station: int
    day: dt.date


@dataclass
class Shortfall:
    deputy: Candidate
    needed: int
    planned: int  # kept + planned
    reason: str  # days | absences | gap | places
    detail: str


@dataclass
class Plan:
    assigned: list[tuple[Slot, int]] = field(default_factory=list)  # (slot, deputy id)
    shortfalls: list[Shortfall] = field(default_factory=list)
    unfilled: dict[Slot, int] = field(default_factory=dict)  # places nobody could take


def window_of(day: dt.date, year_start: dt.date, gap: int) -> int:
    return (day - year_start).days // max(gap, 1)


# costs: reward per owed day >> unfilled place >> the k-th day of a deputy, a same-level second, a
# day away from one's home station
_EXTRA = 10
_MIX = 4
_AWAY_FROM_HOME = 1


def plan(slots: list[Slot], deputies: list[Candidate], per_day: int, min_days: int, gap: int,
         year_start: dt.date, fixed: dict[Slot, int] | None = None) -> Plan:
    """The rota of `slots` (future reception days) among `deputies`; see the module doc. `fixed`:
    places already taken on a slot by swaps kept as they are (their deputies carry the day in `kept`)."""
    import networkx as nx

    fixed = fixed or {}
    slots = sorted(set(slots), key=lambda s: (s.day, s.station))
    if not slots or not deputies or per_day < 1:
        return _short_only(slots, deputies, min_days, gap, year_start, per_day)
    places = sum(max(0, per_day - fixed.get(s, 0)) for s in slots)
    fair = -(-places // len(deputies))  # the even share, rounded up
    max_days = len({window_of(s.day, year_start, gap) for s in slots})
    # dearer than any deputy's dearest day (kept days count in its rank): a place is left empty only
    # when nobody can take it
    most_kept = max(len(d.kept) for d in deputies)
    unfilled_cost = _EXTRA * (most_kept + max_days + 2) + _MIX * per_day + _AWAY_FROM_HOME + 1
    reward = (unfilled_cost + 1) * (places + 1)

    g = nx.MultiDiGraph()
    g.add_node("S", demand=-places)
    g.add_node("T", demand=places)
    g.add_edge("S", "T", capacity=places, weight=unfilled_cost)
    classes = sorted({level_class(d.levels) for d in deputies})
    for slot in slots:
        g.add_edge(("day", slot), "T", capacity=max(0, per_day - fixed.get(slot, 0)), weight=0)
        for cls in classes:
            g.add_edge(("cls", slot, cls), ("day", slot), capacity=1, weight=0)
            if per_day > 1:
                g.add_edge(("cls", slot, cls), ("day", slot), capacity=per_day - 1, weight=_MIX)
    owed: dict[int, int] = {}
    for d in deputies:
        closed = {window_of(k, year_start, gap) for k in d.kept}
        kept_days = set(d.kept)
        windows: dict[int, list[Slot]] = {}
        for slot in slots:
            w = window_of(slot.day, year_start, gap)
            if w in closed or slot.day in kept_days or d.is_away(slot.day):
                continue
            windows.setdefault(w, []).append(slot)
        owed[d.id] = max(0, min_days - len(d.kept))
        node = ("dep", d.id)
        g.add_edge("S", node, key="required", capacity=owed[d.id], weight=-reward)
        # further days: one arc per day, each dearer, up to a little over the fair share; the rest in
        # one arc at the next price (only someone nobody else can relieve goes that far)
        spare = max(0, len(windows) - owed[d.id])
        done = len(d.kept) + owed[d.id]
        steps = min(spare, max(0, fair + 1 - done))
        for k in range(steps):
            g.add_edge("S", node, key=f"extra{k}", capacity=1, weight=_EXTRA * (done + k + 1))
        if spare > steps:
            g.add_edge("S", node, key="rest", capacity=spare - steps, weight=_EXTRA * (done + steps + 1))
        cls = level_class(d.levels)
        for w, in_window in windows.items():
            g.add_edge(node, ("win", d.id, w), capacity=1, weight=0)
            for slot in in_window:
                cost = 0 if slot.station == d.home else _AWAY_FROM_HOME
                g.add_edge(("win", d.id, w), ("cls", slot, cls), capacity=1, weight=cost)
    flow = nx.min_cost_flow(g)

    out = Plan()
    for d in deputies:
        for (w_node, targets) in ((n, flow[("dep", d.id)][n]) for n in flow[("dep", d.id)]):
            if not sum(targets.values()):
                continue
            for (_, slot, _cls), by_key in flow[w_node].items():
                if sum(by_key.values()):
                    out.assigned.append((slot, d.id))
    for slot in slots:
        taken = sum(sum(v.values()) for v in flow[("day", slot)].values())
        if taken < per_day - fixed.get(slot, 0):
            out.unfilled[slot] = per_day - fixed.get(slot, 0) - taken
    out.assigned.sort(key=lambda a: (a[0].day, a[0].station, a[1]))
    short = [d for d in deputies if flow["S"][("dep", d.id)]["required"] < owed[d.id]]
    if short:
        reach = _residual_reach(g, flow, [("dep", d.id) for d in short])
        for d in short:
            got = flow["S"][("dep", d.id)]["required"]
            out.shortfalls.append(_why(d, min_days, len(d.kept) + got, slots, gap, year_start, reach, per_day))
    return out


def _short_only(slots, deputies, min_days, gap, year_start, per_day) -> Plan:
    """No places at all: everyone owing days falls short."""
    out = Plan(unfilled={s: per_day for s in slots} if per_day > 0 else {})
    for d in deputies:
        if len(d.kept) < min_days:
            out.shortfalls.append(_why(d, min_days, len(d.kept), slots if per_day > 0 else [], gap, year_start,
                                       (set(), set()), per_day))
    return out


def _residual_reach(g, flow, starts) -> tuple[set, set]:
    """The days and deputies reachable from the short deputies in the residual network: the source
    side of the min cut. Every place on those days is taken by someone who cannot give it up."""
    seen, stack = set(starts), list(starts)
    backward: dict = {}
    for u, v, k in g.edges(keys=True):
        if flow[u][v][k] > 0:
            backward.setdefault(v, []).append(u)
    while stack:
        u = stack.pop()
        nexts = [v for v in g.successors(u) for k in g[u][v] if flow[u][v][k] < g[u][v][k]["capacity"]]
        for v in nexts + backward.get(u, []):
            if v not in seen and v not in ("S", "T"):
                seen.add(v)
                stack.append(v)
    days = {n[1] for n in seen if n[0] in ("day", "cls")}
    people = {n[1] for n in seen if n[0] == "dep"}
    return days, people


def _why(d: Candidate, needed: int, planned: int, slots: list[Slot], gap: int, year_start: dt.date,
         reach: tuple[set, set], per_day: int) -> Shortfall:
    owed = needed - len(d.kept)
    closed = {window_of(k, year_start, gap) for k in d.kept}
    open_slots = [s for s in slots if window_of(s.day, year_start, gap) not in closed and s.day not in d.kept]
    free = [s for s in open_slots if not d.is_away(s.day)]
    windows_free = len({window_of(s.day, year_start, gap) for s in free})
    windows_all = len({window_of(s.day, year_start, gap) for s in open_slots})
    days_all = len({s.day for s in open_slots})
    if days_all < owed:
        return Shortfall(d, needed, planned, "days", f"今年剩下的接待日只有 {days_all} 天")
    if windows_free < owed and windows_all >= owed:
        away = len({s.day for s in open_slots}) - len({s.day for s in free})
        return Shortfall(d, needed, planned, "absences", f"请假占去 {away} 个接待日，只剩 {windows_free} 个间隔期可排")
    if windows_free < owed:
        return Shortfall(d, needed, planned, "gap",
                         f"剩下的 {days_all} 个接待日落在 {windows_all} 个间隔期（每 {gap} 天至多 1 次）内")
    days, people = reach
    others = len(people - {d.id})
    return Shortfall(d, needed, planned, "places",
                     f"与另外 {others} 名代表共用 {len(days)} 个接待日的 {len(days) * per_day} 个名额，不够每人排满最低天数")
