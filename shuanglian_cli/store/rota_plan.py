"""What the rota planner needs from the database, per station and its points, and the plans
domain/rota.py makes of it. Reads only: services/rota.py (and the demo) write the result.

A station is planned together with its points: the deputies whose home station is the station or one
of its points receive on the reception days of all of them (a point's days come from its own rule).
Only fixed rules give days (每周四, 每月15日 ...); 每季度至少N次 names no day and is not planned. The
days before the as-of day are kept as stored and count toward each deputy's minimum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shuanglian_cli.domain import rota
from shuanglian_cli.errors import UserError

DEFAULTS = {"min_days_per_year": 1, "min_gap_days": 28, "per_day": 3}


@dataclass(frozen=True)
class RotaRules:
    min_days: int
    gap: int
    per_day: int


def rules_from(config, per_day: int | None = None) -> RotaRules:
    def number(key: str, least: int) -> int:
        value = config.get("rota", key, default=DEFAULTS[key])
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise UserError(f"配置 rota.{key} 应为不小于 {least} 的整数，收到“{value}”")
        return value

    return RotaRules(number("min_days_per_year", 0), number("min_gap_days", 1),
                     per_day if per_day is not None else number("per_day", 1))


@dataclass
class GroupPlan:
    head: dict  # the station (or a point standing alone)
    ids: list[int]  # the station and its points
    people: dict[int, str]  # deputy id -> name
    kept: list[tuple[int, str, int]]  # (station, day, deputy) before the as-of day, as stored
    future: list[rota.Slot]
    plan: rota.Plan
    swaps: list[dict] = field(default_factory=list)  # future swaps kept as fixed assignments
    dropped: list[dict] = field(default_factory=list)  # future swaps no longer valid, with why

    @property
    def rows(self) -> list[tuple[int, str, int]]:
        return [(slot.station, slot.day.isoformat(), did) for slot, did in self.plan.assigned]


def groups(stations: list[dict]) -> dict[int, list[dict]]:
    """Root station id -> the station and its points (a point whose station is gone stands alone)."""
    ids = {s["id"] for s in stations}
    out: dict[int, list[dict]] = {}
    for s in stations:
        root = s["parent_id"] if s["kind"] == "点" and s["parent_id"] in ids else s["id"]
        out.setdefault(root, []).append(s)
    for members in out.values():
        members.sort(key=lambda s: (s["kind"] != "站", s["id"]))
    return out


def group_of(db, station_id: int) -> list[int]:
    """The station ids planned together with `station_id` (its station and that station's points)."""
    from shuanglian_cli.store.rota import rota_stations

    for members in groups(rota_stations(db, None)).values():
        ids = [s["id"] for s in members]
        if station_id in ids:
            return ids
    return [station_id]


def plan_groups(db, config, calendar, *, year: int, as_of: dt.date, rules: RotaRules, county_id: int | None = None,
                station_id: int | None = None) -> tuple[list[GroupPlan], list[str]]:
    """The plan of each station group of the county (or the group of `station_id`) for the days of
    `year` from `as_of` on, and the groups skipped with why. A single station that cannot be planned
    (no fixed reception day, no deputies, an unreadable rule) is a UserError."""
    from shuanglian_cli.domain.schedule import occurrences, parse_rule
    from shuanglian_cli.store import rota as store

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = max(first, as_of)
    if start > last:
        raise UserError(f"{year} 年已经过去，不能再排班", ["排班保留截至日之前的日子，只排之后的接待日"])
    shift = config.get("schedule", "holiday_shift", default="next")
    found = groups(store.rota_stations(db, county_id))
    if station_id is not None:
        wanted = [root for root, members in found.items() if station_id in {s["id"] for s in members}]
        if not wanted:
            raise UserError("该联络站（点）已停用，不能排班")
        found = {wanted[0]: found[wanted[0]]}
    one = station_id is not None
    plans, skipped = [], []
    for members in found.values():
        head, ids = members[0], [s["id"] for s in members]
        days: list[rota.Slot] = []
        problems = []
        for s in members:
            try:
                parsed = parse_rule(s["schedule"])
            except UserError as exc:
                problems.append(f"{s['name']}：{exc.message}")
                continue
            days += [rota.Slot(s["id"], o.day) for o in occurrences(parsed, first, last, calendar, shift)]
        if problems and one:
            raise UserError("接待日规则无法识别，不能排班", problems)
        why = None
        if not days:
            why = "没有设定固定的接待日（每季度至少N次不定日子，不排班）" if any(s["schedule"] for s in members) \
                else "没有设定接待日规则"
        people = store.home_deputies(db, ids)
        if why is None and not people:
            why = "没有以它（或其下属联络点）为所属联络站的在册代表"
        if why:
            if one:
                raise UserError(f"{head['name']}{why}，不能排班",
                                ["可用 `sl station edit` 设定接待日规则（例如 每月双周周四），或用 `sl deputy edit --station` 安排代表"])
            skipped.append(f"{head['name']}：{why}")
            continue
        kept_rows = store.planned(db, ids, first, start - dt.timedelta(days=1))
        kept: dict[int, list[dt.date]] = {}
        for _, day, did in kept_rows:
            kept.setdefault(did, []).append(dt.date.fromisoformat(day))
        away = store.absences_between(db, [p["id"] for p in people], start, last)
        future = [d for d in days if d.day >= start]
        swaps, dropped, fixed = _swaps_kept(store.swapped(db, ids, start, last), people, away, future,
                                            rules.per_day)
        for r in swaps:
            kept.setdefault(r["deputy_id"], []).append(dt.date.fromisoformat(r["day"]))
        candidates = [rota.Candidate(p["id"], p["name"], p["station_id"], p["levels"], tuple(away.get(p["id"], ())),
                                     tuple(kept.get(p["id"], ()))) for p in people]
        plan = rota.plan(future, candidates, rules.per_day, rules.min_days, rules.gap, first, fixed)
        plans.append(GroupPlan(head, ids, {p["id"]: p["name"] for p in people}, kept_rows, future, plan,
                               swaps, dropped))
    return plans, skipped


def _swaps_kept(rows: list[dict], people: list[dict], away: dict, future: list[rota.Slot],
                per_day: int) -> tuple[list[dict], list[dict], dict[rota.Slot, int]]:
    """Which future swaps re-planning keeps as fixed assignments: the deputy still on the roster and
    attached to the station (or its points), not away that day, the day still a reception day, and
    within the day's places. Returns the swaps kept, those dropped (with why) and the places taken."""
    on_roster = {p["id"] for p in people}
    days = set(future)
    kept, dropped, fixed = [], [], {}
    for r in rows:
        slot = rota.Slot(r["station_id"], dt.date.fromisoformat(r["day"]))
        why = None
        if r["deputy_id"] not in on_roster:
            why = "代表已不在册或已不属于本站"
        elif any(a <= slot.day <= b for a, b in away.get(r["deputy_id"], ())):
            why = "代表当天请假"
        elif slot not in days:
            why = "已不是本站的接待日"
        elif fixed.get(slot, 0) >= per_day:
            why = f"当天已有 {per_day} 名换班的代表"
        if why:
            dropped.append({"date": r["day"], "station": r["station"], "deputy": r["deputy"], "why": why})
            continue
        fixed[slot] = fixed.get(slot, 0) + 1
        kept.append(r)
    return kept, dropped, fixed
