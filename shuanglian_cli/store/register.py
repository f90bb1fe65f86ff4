"""Taking a 意见收集登记表 into the database: match or create stations, deputies, constituents and
departments, then add the suggestions with their handling.

A row's natural key is county + date + station + content + who raised it. The same key may occur
several times (two people of the same name, one opinion said twice): the n-th occurrence in the
file matches the n-th such suggestion already stored, so importing a file twice changes nothing.

Suggestions are written in bulk (executemany) with exactly the columns and suggestion_events rows
that the lifecycle functions of store/suggestions.py write (collect, on_spot, refer, inter_session,
reply, feedback, close, withdraw): going through them one row at a time costs about 0.6 ms per
suggestion, 60 s for a 100,000-row register. Chases are known only as a count (督办N次), so they
set the `chases` column without dated events.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from shuanglian_cli.io.register_import import RegisterRow


@dataclass
class Plan:
    county_id: int
    new_stations: list[str] = field(default_factory=list)
    new_deputies: list[str] = field(default_factory=list)
    new_constituents: int = 0
    new_departments: list[str] = field(default_factory=list)
    added: list[RegisterRow] = field(default_factory=list)
    unchanged: int = 0
    by_state: Counter = field(default_factory=Counter)
    unmatched_masked: int = 0
    errors: list[str] = field(default_factory=list)


class Names:
    """Name -> id of one table in one county, with rows to create remembered for the plan."""

    def __init__(self, db, table: str, county_id: int, extra: str = ""):
        self.rows = {name: (rid, *rest) for rid, name, *rest in db.execute(
            f"SELECT id, name{extra} FROM [{table}] WHERE county_id = ?", [county_id])}
        self.new: list[str] = []

    def get(self, name: str):
        hit = self.rows.get(name)
        return hit[0] if hit else None

    def prefix(self, name: str) -> str | None:
        """The one existing name that starts with `name` (南麻街道 -> 南麻街道人大代表民情联络站)."""
        hits = [n for n in self.rows if n.startswith(name)]
        return hits[0] if len(hits) == 1 else None


def natural_key(county_id: int, day: str, station: str, content: str, raiser: str) -> tuple:
    return (county_id, day, station, content.strip(), raiser)


def plan_import(db: sqlite_utils.Database, rows: list[RegisterRow], county_id: int) -> Plan:
    """What importing `rows` would do (nothing is written)."""
    plan = Plan(county_id)
    stations = Names(db, "stations", county_id)
    deputies = Names(db, "deputies", county_id)
    departments = Names(db, "departments", county_id)
    people = People(db, county_id)
    existing = _existing_keys(db, county_id, rows)
    seen: Counter = Counter()
    new_people: set[tuple[str, str]] = set()
    for row in rows:
        name = stations.get(row.station) and row.station or stations.prefix(row.station) or row.station
        row.station = name
        if stations.get(name) is None and name not in stations.new:
            stations.new.append(name)
        if row.deputy and deputies.get(row.deputy) is None and row.deputy not in deputies.new:
            deputies.new.append(row.deputy)
        if row.department:
            found = departments.get(row.department) and row.department or departments.prefix(row.department)
            row.department = found or row.department
            if departments.get(row.department) is None and row.department not in departments.new:
                departments.new.append(row.department)
        raiser = row.name
        key = natural_key(county_id, row.date.isoformat(), row.station, row.content, raiser)
        seen[key] += 1
        if seen[key] <= existing[key]:
            plan.unchanged += 1
            continue
        if row.name and row.phone and not row.masked:
            if (row.name, row.phone) not in people.by_pair:
                new_people.add((row.name, row.phone))
        elif row.name and row.masked and people.match(row) is None:
            plan.unmatched_masked += 1
        plan.added.append(row)
        plan.by_state[_state(row)] += 1
    plan.new_stations, plan.new_deputies, plan.new_departments = stations.new, deputies.new, departments.new
    plan.new_constituents = len(new_people)
    return plan


class People:
    """The county's rostered constituents by (name, phone) and by name."""

    def __init__(self, db, county_id: int):
        self.by_pair: dict[tuple[str, str], int] = {}
        self.by_name: dict[str, list[tuple[str, int]]] = {}
        for cid, name, phone in db.execute("SELECT id, name, phone FROM constituents WHERE county_id = ?", [county_id]):
            self.add(name, phone, cid)

    def add(self, name: str, phone: str, cid: int) -> None:
        self.by_pair[(name, phone)] = cid
        self.by_name.setdefault(name, []).append((phone, cid))

    def match(self, row: RegisterRow) -> int | None:
        """By name and phone; a masked phone (138****5678) or none at all matches the one rostered
        person of that name whose number fits; otherwise the name is kept as the raiser only."""
        from shuanglian_cli.domain.text import mask_phone

        if not row.name:
            return None
        if row.phone and not row.masked:
            return self.by_pair.get((row.name, row.phone))
        same = self.by_name.get(row.name, [])
        if row.masked:
            same = [(p, c) for p, c in same if mask_phone(p) == row.phone]
        return same[0][1] if len(same) == 1 else None


def _existing_keys(db, county_id: int, rows: list[RegisterRow]) -> Counter:
    if not rows:
        return Counter()
    first = min(r.date for r in rows).isoformat()
    last = max(r.date for r in rows).isoformat()
    cur = db.execute(
        """SELECT s.collected_on, coalesce(st.name, ''), s.content,
                  CASE WHEN s.constituent_id IS NOT NULL THEN c.name ELSE s.raiser_name END
           FROM suggestions s LEFT JOIN stations st ON st.id = s.station_id
           LEFT JOIN constituents c ON c.id = s.constituent_id
           WHERE s.county_id = ? AND s.collected_on BETWEEN ? AND ?""",
        [county_id, first, last],
    )
    return Counter(natural_key(county_id, day, station, content, raiser or "") for day, station, content, raiser in cur)


def _state(row: RegisterRow) -> str:
    if row.withdrawn:
        return "withdrawn"
    if row.handling == "referred":
        if row.closed_on:
            return "closed"
        if row.satisfaction:
            return "fed_back"
        return "replied" if row.replied_on else "referred"
    return {"on_spot": "on_spot", "inter_session": "inter_session"}.get(row.handling or "", "collected")


# -- writing ---------------------------------------------------------------------------------------

def apply_plan(db: sqlite_utils.Database, plan: Plan, calendar, config, actor: str, source: str) -> None:
    """Create the missing rosters and add the planned suggestions (the caller holds the transaction)."""
    from shuanglian_cli.store.resolve import search_keys

    county_id = plan.county_id
    towns = {name: tid for tid, name in db.execute("SELECT id, name FROM towns WHERE county_id = ?", [county_id])}

    def town_of(name: str) -> int | None:
        hits = [t for t in towns if name.startswith(t)]
        return towns[max(hits, key=len)] if hits else None

    stations = {name: (sid, tid) for sid, name, tid in db.execute(
        "SELECT id, name, town_id FROM stations WHERE county_id = ?", [county_id])}
    for name in plan.new_stations:
        tid = town_of(name)
        parent = None
        if name.endswith("点"):
            parents = [sid for sid, kind, t in db.execute(
                "SELECT id, kind, town_id FROM stations WHERE county_id = ? AND kind = '站' ORDER BY id", [county_id])
                if t == tid and tid is not None]
            parent = parents[0] if parents else None
        cur = db.execute(
            "INSERT INTO stations (county_id, town_id, parent_id, kind, name, pinyin, initials) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [county_id, tid, parent, "点" if parent else "站", name, *search_keys(name).values()])
        stations[name] = (cur.lastrowid, tid)
    deputies = {name: did for did, name in db.execute("SELECT id, name FROM deputies WHERE county_id = ?", [county_id])}
    first_station = {}
    for row in plan.added:
        if row.deputy:
            first_station.setdefault(row.deputy, row.station)
    for name in plan.new_deputies:
        sid, tid = stations[first_station.get(name, "")] if first_station.get(name) in stations else (None, None)
        cur = db.execute(
            "INSERT INTO deputies (county_id, town_id, station_id, name, pinyin, initials) VALUES (?, ?, ?, ?, ?, ?)",
            [county_id, tid, sid, name, *search_keys(name).values()])
        deputies[name] = cur.lastrowid
    departments = {n: d for d, n in db.execute("SELECT id, name FROM departments WHERE county_id = ?", [county_id])}
    for name in plan.new_departments:
        kind = "镇街" if name.endswith(("人民政府", "办事处")) else ""
        cur = db.execute("INSERT INTO departments (county_id, name, kind, pinyin, initials) VALUES (?, ?, ?, ?, ?)",
                         [county_id, name, kind, *search_keys(name).values()])
        departments[name] = cur.lastrowid
    people = People(db, county_id)
    for row in plan.added:
        if row.name and row.phone and not row.masked and (row.name, row.phone) not in people.by_pair:
            cur = db.conn.execute(
                "INSERT INTO constituents (county_id, town_id, name, phone, address, pinyin, initials) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (county_id, stations[row.station][1], row.name, row.phone, row.address,
                 *search_keys(row.name).values()))
            people.add(row.name, row.phone, cur.lastrowid)
    activities: dict[tuple[int, str], list[int]] = {}
    for aid, sid, day in db.execute("SELECT id, station_id, date FROM activities WHERE county_id = ?", [county_id]):
        activities.setdefault((sid, day), []).append(aid)
    _insert_suggestions(db, plan, calendar, config, actor, source, stations, deputies, departments,
                        people, activities)


def _insert_suggestions(db, plan, calendar, config, actor, source, stations, deputies, departments,
                        people, activities) -> None:
    next_id = (db.execute("SELECT max(id) FROM suggestions").fetchone()[0] or 0) + 1
    rows, events = [], []
    for r in plan.added:
        sid = next_id
        next_id += 1
        station_id = stations[r.station][0]
        cid = people.match(r)
        acts = activities.get((station_id, r.date.isoformat()), [])
        day = r.date.isoformat()
        rec = {"id": sid, "county_id": plan.county_id, "activity_id": acts[0] if len(acts) == 1 else None,
               "station_id": station_id, "deputy_id": deputies.get(r.deputy) if r.deputy else None,
               "constituent_id": cid, "raiser_name": "" if cid else r.name, "collected_on": day,
               "content": r.content, "category": r.category, "state": _state(r), "handling": r.handling,
               "answer": "", "department_id": None, "referred_on": None, "limit_workdays": None, "due_on": None,
               "due_confirmed": None, "extended": int(r.extended), "chases": r.chases, "replied_on": None,
               "reply": "", "fed_back_on": None, "satisfaction": None, "closed_on": None, "note": r.note}
        ev = [(sid, "collect", r.date, None, None, None, None, f"登记（导入自 {source}）")]
        if r.handling == "on_spot":
            rec.update(answer=r.result, closed_on=day)
            ev.append((sid, "on_spot", r.date, None, None, None, None, r.result or "现场解答"))
        elif r.handling == "inter_session":
            rec.update(answer=r.result)
            ev.append((sid, "inter_session", r.date, None, None, None, None, "作为闭会期间建议提出"))
        elif r.handling == "referred":
            limit = r.limit
            if r.due_on is not None:
                limit = max(1, calendar.workdays_between(r.referred_on, r.due_on))
            limit = limit or config.limit_for(r.category)
            deadline = calendar.deadline(r.referred_on, limit)
            dept = departments[r.department]
            rec.update(department_id=dept, referred_on=r.referred_on.isoformat(), limit_workdays=limit,
                       due_on=deadline.due.isoformat(), due_confirmed=int(deadline.confirmed))
            ev.append((sid, "refer", r.referred_on, dept, limit, deadline.due.isoformat(), None,
                       f"交办，限 {limit} 个工作日"))
            if r.replied_on:
                rec.update(replied_on=r.replied_on.isoformat(), reply=r.result)
                ev.append((sid, "reply", r.replied_on, None, None, None, None, r.result or "书面答复"))
            if r.satisfaction:
                fed = r.fed_back_on or r.replied_on
                rec.update(fed_back_on=fed.isoformat(), satisfaction=r.satisfaction)
                ev.append((sid, "feedback", fed, None, None, None, r.satisfaction, f"已反馈，群众{r.satisfaction}"))
            if r.closed_on:
                rec["closed_on"] = r.closed_on.isoformat()
                if not r.withdrawn:
                    ev.append((sid, "close", r.closed_on, None, None, None, None, "办结"))
        if r.withdrawn:
            when = r.closed_on or r.replied_on or r.referred_on or r.date
            rec["closed_on"] = when.isoformat()
            ev.append((sid, "withdraw", when, None, None, None, None, "撤回"))
        rows.append(rec)
        events.extend(ev)
    if not rows:
        return
    cols = list(rows[0])
    db.conn.executemany(
        f"INSERT INTO suggestions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [tuple(r[c] for c in cols) for r in rows],
    )
    db.conn.executemany(
        """INSERT INTO suggestion_events (suggestion_id, round, kind, on_date, actor, department_id,
           limit_workdays, due_on, satisfaction, note) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(sid, kind, on.isoformat(), actor, dept, lim, due, sat, note)
         for sid, kind, on, dept, lim, due, sat, note in events],
    )
