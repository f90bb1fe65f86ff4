"""A county's activities and suggestions from its profile's programmes (demo/counties.py).

Each programme's totals (activities, deputy and constituent attendances, suggestions by handling,
述职 ratings) are split over its activities so that the last full year's sums are exactly the
profile's; the demo year, up to the demo date, runs at the same pace. A suggestion's life (referral,
deadline on the working-day calendar, chases, reply, feedback, closure) is demo/activity.py's.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from shuanglian_cli.demo.activity import ActivityBuilder
from shuanglian_cli.demo.texts import TOPICS
from shuanglian_cli.domain.dates import quarter_range
from shuanglian_cli.domain.schedule import parse_rule, rule_dates

HIGHER = ("全国", "省", "市", "县")


def split(rng: random.Random, total: int, n: int, lo: int = 0, caps: list[int] | None = None) -> list[int]:
    """`total` as n random parts, each at least `lo` and at most its cap: the sum is exact."""
    caps = caps or [total] * n
    parts = [min(lo, c) for c in caps]
    rest = total - sum(parts)
    free = [i for i in range(n) if parts[i] < caps[i]]
    if rest < 0 or (rest and not free):
        raise ValueError(f"cannot split {total} into {n} parts of {lo}..{caps}")
    while rest > 0:
        i = rng.choice(free)
        parts[i] += 1
        rest -= 1
        if parts[i] >= caps[i]:
            free.remove(i)
            if rest and not free:
                raise ValueError(f"cannot split {total} into {n} parts within {caps}")
    return parts


def highest(levels: list[str]) -> str:
    return next((lv for lv in HIGHER if lv in levels), "镇")


class CountyYear:
    def __init__(self, db: sqlite_utils.Database, rng: random.Random, config, ids: dict, profile: dict,
                 today: dt.date):
        self.conn = db.conn
        self.rng = rng
        self.ids = ids
        self.profile = profile
        self.today = today
        self.suggestions = ActivityBuilder(db, rng, config, ids, today)
        self.suggestions.office = profile["office"]
        self.cal = self.suggestions.cal
        self.town_stations = [s for s in ids["station_ids"] if s != ids.get("hotline")]
        self.home = self.suggestions.home
        self.groups = sorted(set(ids["member_group"].values()))

    # -- one period -------------------------------------------------------------------------
    def period(self, start: dt.date, end: dt.date, scale: float) -> dict:
        totals = {"activities": 0, "deputies": 0, "constituents": 0, "suggestions": 0}
        for prog in self.profile["programmes"]:
            if prog["kind"] == "述职" and scale < 1:
                continue  # report-backs are held at the end of a full year
            acts, figures = self.plan(prog, start, end, scale)
            if not acts:
                continue
            self.staff(prog, acts, figures, start.year)
            self.insert(acts)
            self.suggest(prog, acts, figures)
            totals["activities"] += len(acts)
            totals["deputies"] += figures["deputies"]
            totals["constituents"] += figures["constituents"]
            totals["suggestions"] += figures["on_spot"] + figures["referred"] + figures["inter_session"]
        return totals

    def plan(self, prog: dict, start: dt.date, end: dt.date, scale: float) -> tuple[list[dict], dict]:
        rng = self.rng
        places = [self.ids["hotline"]] if prog.get("at") == "hotline" else self.town_stations
        acts: list[dict] = []
        if prog.get("schedule"):
            rule = next(r for r in parse_rule(self._schedule(places[0])) if r.fixed)
            dates = [self.cal.next_workday(d) for d in rule_dates(rule, start, end)]
            acts = [{"station": s, "date": d} for s in places for d in dates if d <= end]
            ratio = len(acts) / prog["n"]
        else:
            n = prog["n"] if scale >= 1 else round(prog["n"] * scale)
            ratio = n / prog["n"]
            if prog["kind"] == "述职":
                start = max(start, dt.date(start.year, 10, 1))
            for i in range(n):
                if prog.get("quarterly"):  # n / 4 each quarter
                    qs, qe = quarter_range(start.year, i * 4 // prog["n"] + 1)
                    lo, hi = max(qs, start), min(qe, end)
                else:
                    span = (end - start).days + 1
                    lo = start + dt.timedelta(days=i * span // n)
                    hi = start + dt.timedelta(days=max(i * span // n, (i + 1) * span // n - 1))
                if lo > hi:
                    continue
                acts.append({"station": self._place(prog, places, i), "date": self._day(lo, hi, start, end)})
        for i, act in enumerate(acts):
            act["kind"] = prog["kind"]
            if prog.get("pool") == "group":
                act["group"] = self.groups[i % len(self.groups)]
            if prog["kind"] == "议题式接待":
                topics = self.profile.get("topics") or TOPICS
                act["topic"] = topics[i % len(topics)] if prog.get("topics") else rng.choice(topics)
            act["summary"] = (rng.choice(prog["summaries"]) if prog.get("summaries") else prog["kind"]) + "：听取群众意见"
        if scale >= 1 and not prog.get("schedule"):
            assert len(acts) == prog["n"], (prog, len(acts))
        keys = ("deputies", "constituents", "on_spot", "referred", "inter_session")
        figures = {k: prog[k] if ratio == 1 else round(prog[k] * ratio) for k in keys}
        figures["deputies"] = max(figures["deputies"], len(acts))
        acts.sort(key=lambda a: (a["date"], a["station"]))
        return acts, figures

    def _day(self, lo: dt.date, hi: dt.date, start: dt.date, end: dt.date) -> dt.date:
        """A working day in [lo, hi], never outside the period (a holiday-only span falls back inside it)."""
        day = self.suggestions.workday_in(lo, hi)
        if start <= day <= end:
            return day
        nxt = self.cal.next_workday(lo)
        return nxt if nxt <= end else lo

    def _schedule(self, station: int) -> str:
        return self.conn.execute("SELECT schedule FROM stations WHERE id = ?", [station]).fetchone()[0]

    def _place(self, prog: dict, places: list[int], i: int) -> int:
        if prog.get("topics") or prog.get("at"):
            return places[i % len(places)]  # each station its share of topics: 2-3 a year
        if prog.get("points") and self.ids["point_ids"] and self.rng.random() < prog["points"]:
            return self.rng.choice(self.ids["point_ids"])
        return self.rng.choice(places)

    # -- who came ---------------------------------------------------------------------------
    def staff(self, prog: dict, acts: list[dict], figures: dict, year: int) -> None:
        rng, ids = self.rng, self.ids
        linked: dict[int, list[int]] = {}
        for link_year, member, deputy in ids["member_deputies"]:
            if link_year == year:
                linked.setdefault(member, []).append(deputy)
        at_station: dict[int, list[int]] = {}
        for deputy, station in ids["deputy_station"].items():
            at_station.setdefault(station, []).append(deputy)
        for act in acts:
            act["members"] = []
            if prog.get("pool") == "group":
                members = [m for m, g in ids["member_group"].items() if g == act["group"]]
                act["members"] = rng.sample(members, min(len(members), rng.randint(4, 7)))
                act["pool"] = sorted({d for m in act["members"] for d in linked.get(m, [])})
            elif prog.get("pool") == "county":
                act["pool"] = ids["deputy_ids"]
            else:
                act["pool"] = at_station.get(self.home[act["station"]], []) or ids["deputy_ids"]
        if prog["kind"] == "述职":
            self._report_backs(prog, acts)
        else:
            counts = split(rng, figures["deputies"], len(acts), 1, [len(a["pool"]) for a in acts])
            for act, n in zip(acts, counts, strict=True):
                act["deputies"] = rng.sample(act["pool"], n)
        dc = ids["deputy_constituents"]
        for act, n in zip(acts, split(rng, figures["constituents"], len(acts)), strict=True):
            known = list(dict.fromkeys(c for d in act["deputies"] for c in dc.get(d, [])))
            roster = min(len(known), round(n * rng.uniform(0.5, 1.0)))
            act["met"] = rng.sample(known, roster)
            act["extra"] = n - roster

    def _report_backs(self, prog: dict, acts: list[dict]) -> None:
        """One deputy reports at each; the voters' ratings add up to the profile's (博山: 98%)."""
        rng = self.rng
        by_class: dict[str, list[int]] = {}
        for deputy, levels in self.ids["deputy_levels"].items():
            by_class.setdefault(highest(levels), []).append(deputy)
        order = rng.sample(range(len(acts)), len(acts))
        i = 0
        for level, n, voters, satisfied in prog["report_backs"]:
            people = rng.sample(by_class[level], n)
            totals = split(rng, voters, n, min(20, voters // n))
            unhappy = split(rng, voters - satisfied, n, 0, totals)
            for deputy, total, no in zip(people, totals, unhappy, strict=True):
                act = acts[order[i]]
                i += 1
                act["deputies"] = [deputy]
                act["rating"] = (total, total - no)
        assert i == len(acts), "述职: one deputy per report-back"

    def insert(self, acts: list[dict]) -> None:
        conn, county_id = self.conn, self.ids["county_id"]
        for act in acts:
            rating = act.get("rating", (None, None))
            act["id"] = conn.execute(
                """INSERT INTO activities (county_id, station_id, date, kind, topic, summary, group_name,
                   extra_constituents, rating_total, rating_satisfied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (county_id, act["station"], act["date"].isoformat(), act["kind"], act.get("topic", ""),
                 act["summary"], act.get("group", ""), act["extra"], *rating),
            ).lastrowid
            conn.executemany("INSERT INTO activity_deputies VALUES (?, ?)", [(act["id"], d) for d in act["deputies"]])
            conn.executemany("INSERT INTO activity_constituents VALUES (?, ?)", [(act["id"], c) for c in act["met"]])
            conn.executemany("INSERT INTO activity_members VALUES (?, ?)", [(act["id"], m) for m in act["members"]])

    def suggest(self, prog: dict, acts: list[dict], figures: dict) -> None:
        rng = self.rng
        total = figures["on_spot"] + figures["referred"] + figures["inter_session"]
        lo = 2 if prog["kind"] == "季度双联" and total >= 2 * len(acts) else 0
        handlings = (["on_spot"] * figures["on_spot"] + ["referred"] * figures["referred"]
                     + ["inter_session"] * figures["inter_session"])
        rng.shuffle(handlings)
        it = iter(handlings)
        refer_to = prog.get("refer_to")
        self.suggestions.refer_to = self.ids.get(refer_to) if refer_to else None
        try:
            for act, n in zip(acts, split(rng, total, len(acts), lo), strict=True):
                for _ in range(n):
                    self.suggestions.one_suggestion(act, next(it))
        finally:
            self.suggestions.refer_to = None


def build_county_year(db: sqlite_utils.Database, rng: random.Random, config, ids: dict, profile: dict,
                      today: dt.date) -> list[str]:
    builder = CountyYear(db, rng, config, ids, profile, today)
    last = today.year - 1
    periods = [(dt.date(last, 1, 1), dt.date(last, 12, 31), 1.0)]
    start = dt.date(today.year, 1, 1)
    frac = ((today - start).days + 1) / 365
    if frac > 0.02:
        periods.append((start, today, frac))
    lines = []
    for begin, end, scale in periods:
        t = builder.period(begin, end, scale)
        lines.append(f"{begin.isoformat()} 至 {end.isoformat()}：联系活动 {t['activities']} 次，代表参加 {t['deputies']} 人次，"
                     f"接待群众 {t['constituents']} 人次，意见建议 {t['suggestions']} 条")
    return lines
