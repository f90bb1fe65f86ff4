"""The demo's contact activities and suggestions.

The full year before the demo date matches the article's 沂源 figures exactly; the demo year,
up to the demo date, runs at the same pace. Suggestions follow the lifecycle with its events
(登记、交办、督办、答复、反馈、办结), due dates on the real working-day calendar, and a share of
recent referrals still unanswered, so some are overdue on the demo date.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from shuanglian_cli.demo.texts import ON_SPOT_ANSWERS, OPINIONS, REPLIES, TOPICS
from shuanglian_cli.demo.wording import Wording
from shuanglian_cli.domain.dates import quarter_range
from shuanglian_cli.domain.schedule import parse_rule, rule_dates

YEAR_FIGURES = {"attendances": 793, "suggestions": 1160, "on_spot": 662, "referred": 460, "inter_session": 38}
# kind -> (per quarter county-wide, deputies present (lo, hi), suggestion weight)
KINDS = {
    "议题式接待": (2, (3, 5), 6),
    "走访": (15, (1, 1), 2),
    "接听日": (6, (1, 1), 2),
    "座谈": (4, (3, 6), 5),
    "其他": (2, (2, 2), 1),
}


class ActivityBuilder:
    office = "县人大常委会代表工作室"  # who refers, chases and closes (a district's: 区人大常委会代表工作室)
    refer_to: int | None = None  # a department every referral goes to (张店: the district government)

    def __init__(self, db: sqlite_utils.Database, rng: random.Random, config, ids: dict, today: dt.date):
        self.db = db
        self.conn = db.conn
        self.rng = rng
        self.config = config
        self.cal = config.calendar
        self.ids = ids
        self.today = today
        self.county_id = ids["county_id"]
        stations = self.conn.execute("SELECT id, parent_id, schedule, kind FROM stations").fetchall()
        self.stations = stations
        self.home = {sid: (parent or sid) for sid, parent, _, _ in stations}
        by_station: dict[int, list[int]] = {}
        for deputy_id, station_id in ids["deputy_station"].items():
            by_station.setdefault(station_id, []).append(deputy_id)
        self.deputies_at = by_station
        self.members_by_group: dict[str, list[int]] = {}
        for mid, group in self.conn.execute("SELECT id, group_name FROM members"):
            self.members_by_group.setdefault(group, []).append(mid)
        self.town_depts = {}
        for did, name in self.conn.execute("SELECT id, name FROM departments WHERE kind = '镇街'"):
            self.town_depts[name[:-4] if name.endswith("人民政府") else name[:-3]] = did
        self.county_depts = [r[0] for r in self.conn.execute("SELECT id FROM departments WHERE kind != '镇街'")]
        self.linked: dict[tuple[int, int], list[int]] = {}  # (year, member) -> deputies
        for year, member_id, deputy_id in ids["member_deputies"]:
            self.linked.setdefault((year, member_id), []).append(deputy_id)
        self.station_town = ids["station_town"]
        self.wording = Wording(str(self.county_id))  # its own stream: only the words of opinions change

    # -- dates -------------------------------------------------------------------------------
    def workday_in(self, start: dt.date, end: dt.date) -> dt.date:
        for _ in range(50):
            day = start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))
            if self.cal.is_workday(day):
                return day
        return self.cal.previous_workday(end)

    # -- activities --------------------------------------------------------------------------
    def plan(self, start: dt.date, end: dt.date) -> list[dict]:
        """Activities in [start, end]: schedules, quarterly duties and the other kinds."""
        acts: list[dict] = []
        rng = self.rng
        for sid, _parent, schedule, kind in self.stations:
            rules = parse_rule(schedule)
            for rule in rules:
                if rule.fixed:
                    for day in rule_dates(rule, start, end):
                        day = self.cal.next_workday(day)
                        if day <= end and rng.random() < 0.9:
                            acts.append({"kind": "接待日", "station": sid, "date": day})
            if not any(r.fixed for r in rules) or kind == "点":
                for q in range(1, 5):
                    qs, qe = quarter_range(start.year, q)
                    qs, qe = max(qs, start), min(qe, end)
                    if qs <= qe:
                        acts.append({"kind": "接待日", "station": sid, "date": self.workday_in(qs, qe)})
        town_stations = [s[0] for s in self.stations if s[3] == "站"]
        for q in range(1, 5):
            first, last = quarter_range(start.year, q)
            qs, qe = max(first, start), min(last, end)
            if qs > qe:
                continue
            share = ((qe - qs).days + 1) / ((last - first).days + 1)  # part of the quarter inside the period
            for group in sorted(self.members_by_group):
                if share > 0.5:
                    acts.append({"kind": "季度双联", "station": rng.choice(town_stations),
                                 "date": self.workday_in(qs, qe), "group": group})
            for kind, (per_quarter, _, _) in KINDS.items():
                for _ in range(round(per_quarter * share)):
                    act = {"kind": kind, "station": rng.choice(town_stations), "date": self.workday_in(qs, qe)}
                    if kind == "议题式接待":
                        act["topic"] = rng.choice(TOPICS)
                    acts.append(act)
            if q == 4 and share > 0.99:
                for sid in town_stations[:12]:
                    acts.append({"kind": "述职", "station": sid, "date": self.workday_in(qs, qe)})
        acts.sort(key=lambda a: (a["date"], a["station"]))
        return acts

    def staff(self, acts: list[dict], attendances: int) -> None:
        """Choose deputies for each activity so the period's attendances hit the target exactly."""
        rng = self.rng
        for act in acts:
            if act.get("group"):
                # a quarterly group contact: some of the group's members meet their own linked deputies
                members = self.members_by_group[act["group"]]
                act["members"] = rng.sample(members, min(len(members), rng.randint(4, 6)))
                pool = sorted({d for m in act["members"] for d in self.linked.get((act["date"].year, m), [])})
            else:
                pool = self.deputies_at.get(self.home[act["station"]], [])
            act["pool"] = pool
            lo, hi = {"接待日": (2, 3), "季度双联": (6, 9), "述职": (1, 1)}.get(act["kind"]) or KINDS[act["kind"]][1]
            act["n"] = min(len(pool), rng.randint(lo, hi))
        total = sum(a["n"] for a in acts)
        adjustable = [a for a in acts if a["kind"] not in ("述职", "走访", "接听日")]
        while total != attendances and adjustable:
            act = rng.choice(adjustable)
            if total < attendances and act["n"] < min(len(act["pool"]), 10):
                act["n"] += 1
                total += 1
            elif total > attendances and act["n"] > 1:
                act["n"] -= 1
                total -= 1
        for act in acts:
            act["deputies"] = rng.sample(act["pool"], act["n"])

    def insert_activities(self, acts: list[dict]) -> None:
        rng = self.rng
        dc = self.ids["deputy_constituents"]
        for act in acts:
            met: list[int] = []
            for deputy_id in act["deputies"]:
                linked = dc.get(deputy_id, [])
                met.extend(rng.sample(linked, min(len(linked), rng.randint(1, 3))))
            met = list(dict.fromkeys(met))
            extra = rng.randint(0, 6) if act["kind"] != "季度双联" else max(0, 10 - len(met))
            rating = (None, None)
            if act["kind"] == "述职":
                voters = rng.randint(30, 60)
                rating = (voters, voters - (1 if rng.random() < 0.5 else 0))
            cur = self.conn.execute(
                """INSERT INTO activities (county_id, station_id, date, kind, topic, summary, group_name,
                   extra_constituents, rating_total, rating_satisfied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (self.county_id, act["station"], act["date"].isoformat(), act["kind"], act.get("topic", ""),
                 f"{act['kind']}：听取群众意见", act.get("group", ""), extra, *rating),
            )
            act["id"] = cur.lastrowid
            act["met"] = met
            self.conn.executemany("INSERT INTO activity_deputies VALUES (?, ?)", [(act["id"], d) for d in act["deputies"]])
            self.conn.executemany("INSERT INTO activity_constituents VALUES (?, ?)", [(act["id"], c) for c in met])
            if act.get("members"):
                self.conn.executemany("INSERT INTO activity_members VALUES (?, ?)", [(act["id"], m) for m in act["members"]])

    # -- suggestions -------------------------------------------------------------------------
    def suggest(self, acts: list[dict], figures: dict) -> None:
        rng = self.rng
        total = figures["suggestions"]
        counts = {a["id"]: 0 for a in acts}
        for a in acts:
            if a["kind"] == "季度双联":
                counts[a["id"]] = 3  # each quarterly group activity yields at least 3
        weights = [{"接待日": 4, "季度双联": 2, "述职": 2}.get(a["kind"]) or KINDS[a["kind"]][2] for a in acts]
        for a in rng.choices(acts, weights=weights, k=max(0, total - sum(counts.values()))):
            counts[a["id"]] += 1
        handlings = (["on_spot"] * figures["on_spot"] + ["referred"] * figures["referred"]
                     + ["inter_session"] * figures["inter_session"])
        rng.shuffle(handlings)
        it = iter(handlings)
        for act in acts:
            for _ in range(counts[act["id"]]):
                self.one_suggestion(act, next(it))

    def one_suggestion(self, act: dict, handling: str) -> None:
        rng = self.rng
        category, content = rng.choice(OPINIONS)
        deputy_id = rng.choice(act["deputies"]) if act["deputies"] else None
        constituent_id = rng.choice(act["met"]) if act["met"] else None
        day = act["date"]
        row = {
            "county_id": self.county_id, "activity_id": act["id"], "station_id": act["station"],
            "deputy_id": deputy_id, "constituent_id": constituent_id,
            "raiser_name": "" if constituent_id else "来访群众", "collected_on": day.isoformat(),
            "content": self.wording.say(content), "category": category,
        }
        events = [("collect", day, "", None, None, None, None, "登记")]
        if handling == "on_spot":
            row.update(state="on_spot", handling="on_spot", answer=rng.choice(ON_SPOT_ANSWERS),
                       closed_on=day.isoformat())
            events.append(("on_spot", day, "", None, None, None, None, row["answer"]))
        elif handling == "inter_session":
            row.update(state="inter_session", handling="inter_session")
            events.append(("inter_session", day, "", None, None, None, None, "作为闭会期间建议提出"))
        else:
            self.referral(row, day, events)
        cols = ", ".join(row)
        cur = self.conn.execute(
            f"INSERT INTO suggestions ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        sid = cur.lastrowid
        self.conn.executemany(
            """INSERT INTO suggestion_events (suggestion_id, round, kind, on_date, actor, department_id,
               limit_workdays, due_on, satisfaction, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(sid, 0, kind, d.isoformat(), actor, dept, lim, due, sat, note)  # the demo never reopens: round 0
             for kind, d, actor, dept, lim, due, sat, note in events],
        )

    def _pace(self, limit: int) -> tuple[bool, bool, int]:
        """(answered late, not answered yet, working days the reply takes)."""
        rng = self.rng
        late = rng.random() < 0.12
        stuck = rng.random() < 0.12  # some bodies simply have not answered yet
        used = limit + rng.randint(1, 8) if late else rng.randint(max(1, limit // 3), limit)
        return late, stuck, used

    def referral(self, row: dict, day: dt.date, events: list) -> None:
        rng, cal, today = self.rng, self.cal, self.today
        town = self.station_town.get(row["station_id"], "")
        dept = self.town_depts.get(town) if rng.random() < 0.6 and town in self.town_depts else rng.choice(self.county_depts)
        dept = self.refer_to or dept  # after the draw: the random stream stays the same
        referred_on = cal.add_workdays(day, rng.randint(1, 2)) if rng.random() < 0.7 else cal.next_workday(day)
        if referred_on > today:
            referred_on = day
        limit = self.config.limit_for(row["category"])
        deadline = cal.deadline(referred_on, limit)
        row.update(state="referred", handling="referred", department_id=dept, referred_on=referred_on.isoformat(),
                   limit_workdays=limit, due_on=deadline.due.isoformat(), due_confirmed=int(deadline.confirmed))
        events.append(("refer", referred_on, self.office, dept, limit, deadline.due.isoformat(), None,
                       f"交办，限 {limit} 个工作日"))
        due = deadline.due
        late = stuck = False
        used = 0
        if rng.random() < 0.04:  # a town congress approves an extension
            extra = 10
            approved = cal.add_workdays(referred_on, max(1, limit - 3))
            late, stuck, used = self._pace(limit)
            # approved before the reply (steps follow one another: domain/lifecycle.py)
            approved = min(approved, max(referred_on, cal.add_workdays(referred_on, used - 1)))
            if approved <= today:
                due = cal.add_workdays(referred_on, limit + extra)
                row.update(extended=1, limit_workdays=limit + extra, due_on=due.isoformat(),
                           due_confirmed=int(cal.confirmed_between(referred_on, due)))
                events.append(("extend", approved, f"{town or '县'}人大工委", None, limit + extra,
                               due.isoformat(), None, "涉及多部门协调，申请延期办理"))
        if not used:
            late, stuck, used = self._pace(limit)
        replied_on = cal.add_workdays(referred_on, used)
        still_open = stuck and (due >= today - dt.timedelta(days=75) or replied_on > today)
        chases = 0
        if late or stuck:
            for k in (1, 2):
                chase_day = cal.add_workdays(due, k * 2 - 1)
                if chase_day <= today and (still_open or chase_day < replied_on):
                    chases += 1
                    events.append(("chase", chase_day, self.office, None, None, None, None,
                                   f"第 {chases} 次督办：请抓紧办理并书面答复"))
        row["chases"] = chases
        if stuck and due >= today - dt.timedelta(days=75):
            return  # still open: overdue if its due date has passed
        if replied_on > today:
            return
        reply = rng.choice(REPLIES)
        row.update(state="replied", replied_on=replied_on.isoformat(), reply=reply)
        events.append(("reply", replied_on, "承办单位", None, None, None, None, reply))
        fed_back = cal.add_workdays(replied_on, rng.randint(1, 4))
        if fed_back > today:
            return
        sat = rng.choices(["满意", "基本满意", "不满意"], weights=[82, 14, 4])[0]
        row.update(state="fed_back", fed_back_on=fed_back.isoformat(), satisfaction=sat)
        events.append(("feedback", fed_back, "联络站工作人员", None, None, None, sat, f"已反馈，群众{sat}"))
        closed = cal.add_workdays(fed_back, 1)
        if sat == "不满意" or closed > today:
            return
        row.update(state="closed", closed_on=closed.isoformat())
        events.append(("close", closed, self.office, None, None, None, None, "办结"))


def build_activity(db: sqlite_utils.Database, rng: random.Random, config, ids: dict, today: dt.date) -> list[str]:
    builder = ActivityBuilder(db, rng, config, ids, today)
    lines = []
    last_year = today.year - 1
    periods = [(dt.date(last_year, 1, 1), dt.date(last_year, 12, 31), YEAR_FIGURES)]
    start = dt.date(today.year, 1, 1)
    frac = ((today - start).days + 1) / 365
    if frac > 0.02:
        on_spot = round(YEAR_FIGURES["on_spot"] * frac)
        referred = round(YEAR_FIGURES["referred"] * frac)
        inter = round(YEAR_FIGURES["inter_session"] * frac)
        periods.append((start, today, {
            "attendances": round(YEAR_FIGURES["attendances"] * frac), "suggestions": on_spot + referred + inter,
            "on_spot": on_spot, "referred": referred, "inter_session": inter,
        }))
    for begin, end, figures in periods:
        acts = builder.plan(begin, end)
        builder.staff(acts, figures["attendances"])
        builder.insert_activities(acts)
        builder.suggest(acts, figures)
        lines.append(
            f"{begin.isoformat()} 至 {end.isoformat()}：联系活动 {len(acts)} 次，代表参加 {figures['attendances']} 人次，"
            f"意见建议 {figures['suggestions']} 条（现场解答 {figures['on_spot']}，交办 {figures['referred']}，"
            f"闭会期间建议 {figures['inter_session']}）"
        )
    overdue = db.execute(
        "SELECT count(*) FROM suggestions WHERE state = 'referred' AND due_on < ?", [today.isoformat()]
    ).fetchone()[0]
    lines.append(f"截至 {today.isoformat()}：交办未答复且已超期 {overdue} 条")
    return lines
