"""Taking a 意见收集登记表 into the database: match or create stations, deputies, constituents and
departments, then add the suggestions with their handling.

A row's natural key is county + date + station + content + who raised it. The same key may occur
several times (two people of the same name, one opinion said twice): the n-th occurrence in the
file matches the n-th such suggestion already stored, so importing a file twice changes nothing.

Suggestions are written in bulk (executemany) with exactly the columns and suggestion_events rows
that the lifecycle functions of store/suggestions.py write (collect, on_spot, refer, inter_session,
reply, feedback, close, withdraw): going through them one row at a time would make a county's
register an import of minutes (figures: benchmarks/README.md). Chases are known only as a count (督办N次), so they
set the `chases` column without dated events.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from shuanglian_cli.domain.register_row import RegisterRow


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
        self._resolved: dict[str, str] = {}  # as written -> as stored (or to create)

    def get(self, name: str):
        hit = self.rows.get(name)
        return hit[0] if hit else None

    def prefix(self, name: str) -> str | None:
        """The one existing name that starts with `name` (南麻街道 -> 南麻街道人大代表民情联络站)."""
        hits = [n for n in self.rows if n.startswith(name)]
        return hits[0] if len(hits) == 1 else None

    def resolve(self, written: str) -> str:
        """The stored name `written` stands for (itself, or the one name it begins), else `written`
        itself, remembered as a row to create; worked out once per distinct text."""
        name = self._resolved.get(written)
        if name is None:
            name = self._resolved[written] = self.get(written) and written or self.prefix(written) or written
            if self.get(name) is None and name not in self.new:
                self.new.append(name)
        return name


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
    known_deputies: set[str] = set()
    for row in rows:
        row.station = stations.resolve(row.station) if row.station else ""  # a row may have no station
        if row.deputy and row.deputy not in known_deputies:
            known_deputies.add(row.deputy)
            if deputies.get(row.deputy) is None and row.deputy not in deputies.new:
                deputies.new.append(row.deputy)
        if row.department:
            row.department = departments.resolve(row.department)
        key = natural_key(county_id, row.date.isoformat(), row.station, row.content, row.name)
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

# the tables apply_plan adds rows to (audited as one bulk entry each: store/audit.py bulk_inserts)
BULK_TABLES = ("stations", "deputies", "departments", "constituents", "suggestions", "suggestion_events")
CHUNK = 5000  # suggestions per executemany: bounded memory, few round trips

SUGGESTION_COLUMNS = (
    "id", "county_id", "activity_id", "station_id", "deputy_id", "constituent_id", "raiser_name", "collected_on",
    "content", "category", "state", "handling", "answer", "department_id", "referred_on", "limit_workdays",
    "due_on", "due_confirmed", "extended", "chases", "replied_on", "reply", "fed_back_on", "satisfaction",
    "closed_on", "note",
)
INSERT_SUGGESTION = (f"INSERT INTO suggestions ({', '.join(SUGGESTION_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(SUGGESTION_COLUMNS))})")
INSERT_EVENT = """INSERT INTO suggestion_events (suggestion_id, round, kind, on_date, actor, department_id,
    limit_workdays, due_on, satisfaction, note) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)"""


def apply_plan(db: sqlite_utils.Database, plan: Plan, calendar, config, actor: str, source: str) -> None:
    """Create the missing rosters and add the planned suggestions (the caller holds the transaction)."""
    from shuanglian_cli.store.resolve import SearchKeyCache

    keys = SearchKeyCache()
    county_id = plan.county_id
    towns = {name: tid for tid, name in db.execute("SELECT id, name FROM towns WHERE county_id = ?", [county_id])}

    def town_of(name: str) -> int | None:
        hits = [t for t in towns if name.startswith(t)]
        return towns[max(hits, key=len)] if hits else None

    stations = {name: (sid, tid) for sid, name, tid in db.execute(
        "SELECT id, name, town_id FROM stations WHERE county_id = ?", [county_id])}
    parent_of_town: dict[int, int] = {}  # a 点 hangs under its town's first 站
    for sid, tid in db.execute(
            "SELECT id, town_id FROM stations WHERE county_id = ? AND kind = '站' ORDER BY id", [county_id]):
        if tid is not None:
            parent_of_town.setdefault(tid, sid)
    for name in plan.new_stations:
        tid = town_of(name)
        parent = parent_of_town.get(tid) if name.endswith("点") and tid is not None else None
        k = keys(name)
        cur = db.execute(
            "INSERT INTO stations (county_id, town_id, parent_id, kind, name, pinyin, initials) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [county_id, tid, parent, "点" if parent else "站", name, k["pinyin"], k["initials"]])
        stations[name] = (cur.lastrowid, tid)
        if parent is None and tid is not None:
            parent_of_town.setdefault(tid, cur.lastrowid)
    deputies = {name: did for did, name in db.execute("SELECT id, name FROM deputies WHERE county_id = ?", [county_id])}
    first_station = {}
    for row in plan.added:
        if row.deputy and row.station:
            first_station.setdefault(row.deputy, row.station)
    for name in plan.new_deputies:
        sid, tid = stations[first_station.get(name, "")] if first_station.get(name) in stations else (None, None)
        k = keys(name)
        cur = db.execute(
            "INSERT INTO deputies (county_id, town_id, station_id, name, pinyin, initials) VALUES (?, ?, ?, ?, ?, ?)",
            [county_id, tid, sid, name, k["pinyin"], k["initials"]])
        deputies[name] = cur.lastrowid
    departments = {n: d for d, n in db.execute("SELECT id, name FROM departments WHERE county_id = ?", [county_id])}
    for name in plan.new_departments:
        kind = "镇街" if name.endswith(("人民政府", "办事处")) else ""
        k = keys(name)
        cur = db.execute("INSERT INTO departments (county_id, name, kind, pinyin, initials) VALUES (?, ?, ?, ?, ?)",
                         [county_id, name, kind, k["pinyin"], k["initials"]])
        departments[name] = cur.lastrowid
    people = People(db, county_id)
    next_id = (db.execute("SELECT max(id) FROM constituents").fetchone()[0] or 0) + 1
    new_people = []
    for row in plan.added:
        if row.name and row.phone and not row.masked and (row.name, row.phone) not in people.by_pair:
            k = keys(row.name)
            new_people.append((next_id, county_id, stations[row.station][1] if row.station else None, row.name, row.phone, row.address,
                               k["pinyin"], k["initials"]))
            people.add(row.name, row.phone, next_id)
            next_id += 1
    db.conn.executemany(
        "INSERT INTO constituents (id, county_id, town_id, name, phone, address, pinyin, initials) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new_people)
    activities: dict[tuple[int, str], list[int]] = {}
    for aid, sid, day in db.execute("SELECT id, station_id, date FROM activities WHERE county_id = ?", [county_id]):
        activities.setdefault((sid, day), []).append(aid)
    writer = _SuggestionWriter(plan.county_id, calendar, config, actor, source, stations, deputies, departments,
                               people, activities)
    next_id = (db.execute("SELECT max(id) FROM suggestions").fetchone()[0] or 0) + 1
    added = plan.added
    for first in range(0, len(added), CHUNK):
        rows, events = writer.build(added[first:first + CHUNK], next_id + first)
        db.conn.executemany(INSERT_SUGGESTION, rows)
        db.conn.executemany(INSERT_EVENT, events)


class _SuggestionWriter:
    """Rows of `suggestions` and `suggestion_events` as tuples, with exactly what the lifecycle
    functions of store/suggestions.py would write; deadlines computed once per (day, limit)."""

    def __init__(self, county_id, calendar, config, actor, source, stations, deputies, departments, people,
                 activities):
        self.county_id, self.calendar, self.config, self.actor = county_id, calendar, config, actor
        self.collect_note = f"登记（导入自 {source}）"
        self.stations, self.deputies, self.departments = stations, deputies, departments
        self.people, self.activities = people, activities
        self._deadlines: dict = {}
        self._spans: dict = {}
        self._limits: dict = {}
        self._iso: dict = {}

    def iso(self, day) -> str | None:
        if day is None:
            return None
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = day.isoformat()
        return text

    def deadline(self, referred_on, limit: int):
        key = (referred_on, limit)
        hit = self._deadlines.get(key)
        if hit is None:
            d = self.calendar.deadline(referred_on, limit)
            hit = self._deadlines[key] = (d.due.isoformat(), int(d.confirmed))
        return hit

    def limit_of(self, r: RegisterRow) -> int:
        limit = r.limit
        if r.due_on is not None:
            key = (r.referred_on, r.due_on)
            limit = self._spans.get(key)
            if limit is None:
                limit = self._spans[key] = max(1, self.calendar.workdays_between(r.referred_on, r.due_on))
        if not limit:
            limit = self._limits.get(r.category)
            if limit is None:
                limit = self._limits[r.category] = self.config.limit_for(r.category)
        return limit

    def build(self, added: list[RegisterRow], sid: int) -> tuple[list[tuple], list[tuple]]:
        rows, events = [], []
        iso, actor, county_id = self.iso, self.actor, self.county_id
        for r in added:
            station_id = self.stations[r.station][0] if r.station else None
            cid = self.people.match(r)
            day = iso(r.date)
            acts = self.activities.get((station_id, day))
            answer = reply = ""
            department_id = referred_on = limit = due_on = due_confirmed = None
            replied_on = fed_back_on = satisfaction = closed_on = None
            events.append((sid, "collect", day, actor, None, None, None, None, self.collect_note))
            if r.handling == "on_spot":
                answer, closed_on = r.result, day
                events.append((sid, "on_spot", day, actor, None, None, None, None, r.result or "现场解答"))
            elif r.handling == "inter_session":
                answer = r.result
                events.append((sid, "inter_session", day, actor, None, None, None, None, "作为闭会期间建议提出"))
            elif r.handling == "referred":
                limit = self.limit_of(r)
                due_on, due_confirmed = self.deadline(r.referred_on, limit)
                department_id = self.departments[r.department]
                referred_on = iso(r.referred_on)
                events.append((sid, "refer", referred_on, actor, department_id, limit, due_on, None,
                               f"交办，限 {limit} 个工作日"))
                if r.replied_on:
                    replied_on, reply = iso(r.replied_on), r.result
                    events.append((sid, "reply", replied_on, actor, None, None, None, None, r.result or "书面答复"))
                if r.satisfaction:
                    fed_back_on, satisfaction = iso(r.fed_back_on or r.replied_on), r.satisfaction
                    events.append((sid, "feedback", fed_back_on, actor, None, None, None, r.satisfaction,
                                   f"已反馈，群众{r.satisfaction}"))
                if r.closed_on:
                    closed_on = iso(r.closed_on)
                    if not r.withdrawn:
                        events.append((sid, "close", closed_on, actor, None, None, None, None, "办结"))
            if r.withdrawn:
                closed_on = iso(r.closed_on or r.replied_on or r.referred_on or r.date)
                events.append((sid, "withdraw", closed_on, actor, None, None, None, None, "撤回"))
            rows.append((
                sid, county_id, acts[0] if acts and len(acts) == 1 else None, station_id,
                self.deputies.get(r.deputy) if r.deputy else None, cid, "" if cid else r.name, day,
                r.content, r.category, _state(r), r.handling, answer, department_id, referred_on, limit,
                due_on, due_confirmed, int(r.extended), r.chases, replied_on, reply, fed_back_on, satisfaction,
                closed_on, r.note,
            ))
            sid += 1
        return rows, events
