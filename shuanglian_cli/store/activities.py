"""Contact activities (联系活动): resolving what the clerk typed, recording an activity with its
suggestions in one go, and the queries behind `sl record list|show|edit|remove` and `sl schedule`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from shuanglian_cli.domain.activity import (
    Handling,
    VisitInput,
    check_headcount,
    check_opinion,
    parse_handling,
    parse_kind,
    parse_new_constituent,
    parse_rating,
)
from shuanglian_cli.domain.activity_rules import check_activity_date, check_rating_kind
from shuanglian_cli.domain.dates import parse_date
from shuanglian_cli.errors import NotFound, UserError
from shuanglian_cli.store.resolve import find, find_county


@dataclass
class Opinion:
    content: str
    category: str
    handling: Handling
    department: dict | None
    deputy_id: int | None
    raiser: str  # a constituent's name (roster or new) or free text
    constituent_id: int | None
    answer: str
    where: str


@dataclass
class Visit:
    date: dt.date
    kind: str
    county: dict
    station: dict | None
    topic: str = ""
    summary: str = ""
    group: str = ""
    deputies: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    constituents: list[dict] = field(default_factory=list)
    new_constituents: list[tuple[str, str, str]] = field(default_factory=list)
    headcount: int = 0
    rating: tuple[int, int] | None = None
    opinions: list[Opinion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _unique(rows: list[dict]) -> list[dict]:
    return list({r["id"]: r for r in rows}.values())


def _person(db, table: str, text: str, county: dict, warnings: list[str]) -> dict:
    """Look in the activity's county first; someone from another county is accepted with a warning."""
    try:
        return find(db, table, text, county_id=county["id"])
    except NotFound:
        row = find(db, table, text)
    other = db.execute("SELECT name FROM counties WHERE id = ?", [row["county_id"]]).fetchone()[0]
    label = "代表" if table == "deputies" else "常委会组成人员"
    warnings.append(f"{label}{row['name']}属于{other}，不属于本活动所在的{county['name']}（仍照常记录）")
    return row


def resolve_visit(db: sqlite_utils.Database, vi: VisitInput, config, default_county: str | None = None) -> Visit:
    """Check and look up everything; nothing is written. UserError names the first problem."""
    if vi.date in (None, ""):
        raise UserError("缺少活动日期（--date）")
    day = parse_date(vi.date, "活动日期")
    if not vi.kind:
        raise UserError("缺少活动类型（--kind）")
    kind = parse_kind(vi.kind)
    county = find_county(db, vi.county) if vi.county else None
    station = None
    if vi.station:
        station = find(db, "stations", vi.station, county_id=county["id"] if county else None)
        county = county or find_county(db, str(station["county_id"]))
    if county is None:
        if not default_county:
            raise UserError("缺少联络站（点）（--station）；不在站点开展的活动请至少用 --county 指定县区")
        county = find_county(db, default_county)
    warnings: list[str] = []
    visit = Visit(
        date=day, kind=kind, county=county, station=station,
        topic="；".join(t.strip() for t in vi.topics if t and t.strip()),
        summary=(vi.summary or "").strip(), group=(vi.group or "").strip(), warnings=warnings,
    )
    visit.deputies = _unique([_person(db, "deputies", d, county, warnings) for d in vi.deputies if str(d).strip()])
    visit.members = _unique([_person(db, "members", m, county, warnings) for m in vi.members if str(m).strip()])
    visit.constituents = _unique(
        [find(db, "constituents", c, county_id=county["id"]) for c in vi.constituents if str(c).strip()]
    )
    visit.new_constituents = [parse_new_constituent(t) for t in vi.new_constituents if str(t).strip()]
    visit.headcount = check_headcount(vi.headcount if vi.headcount is not None else "")
    visit.rating = parse_rating(vi.rating)
    check_rating_kind(visit.rating, kind)
    if kind == "季度双联" and not visit.group and visit.members:
        groups = {m["group_name"] for m in visit.members if m.get("group_name")}
        if len(groups) == 1:
            visit.group = groups.pop()
    if visit.station and not visit.station["active"]:
        warnings.append(f"{visit.station['name']}已停用（仍照常记录）")
    for i, op in enumerate(vi.opinions, start=1):
        where = op.where or (f"第 {i} 条意见：" if len(vi.opinions) > 1 else "意见建议：")
        visit.opinions.append(_opinion(db, op, visit, where, config))
    return visit


def _opinion(db, op, visit: Visit, where: str, config) -> Opinion:
    content = check_opinion(op.content, where)
    handling = parse_handling(op.handle, where)
    department = None
    if handling.kind == "refer":
        try:
            department = find(db, "departments", handling.department, county_id=visit.county["id"])
        except UserError as exc:
            raise UserError(f"{where}{exc.message}", exc.details) from None
        handling = Handling("refer", department["name"], handling.limit)  # shown by its name, not as typed
    deputy_id = visit.deputies[0]["id"] if visit.deputies else None
    if op.deputy:
        named = _person(db, "deputies", op.deputy, visit.county, visit.warnings)
        deputy_id = named["id"]
    raiser, constituent_id = (op.raiser or "").strip(), None
    if raiser:
        known = [c for c in visit.constituents if c["name"] == raiser or str(c["id"]) == raiser]
        if known:
            raiser, constituent_id = known[0]["name"], known[0]["id"]
    elif len(visit.constituents) + len(visit.new_constituents) == 1:
        if visit.constituents:
            raiser, constituent_id = visit.constituents[0]["name"], visit.constituents[0]["id"]
        else:
            raiser = visit.new_constituents[0][0]
    return Opinion(content, (op.category or "").strip(), handling, department, deputy_id, raiser,
                   constituent_id, (op.answer or "").strip(), where)


def _add_constituent(db, county_id: int, town_id, name: str, phone: str, address: str) -> int:
    from shuanglian_cli.domain.text import pinyin_keys_quick

    row = db.execute(
        "SELECT id FROM constituents WHERE county_id = ? AND name = ? AND phone = ?", [county_id, name, phone]
    ).fetchone()
    if row:
        return row[0]
    pinyin, initials = pinyin_keys_quick(name)
    cur = db.execute(
        """INSERT INTO constituents (county_id, town_id, name, phone, address, pinyin, initials)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [county_id, town_id, name, phone, address, pinyin, initials],
    )
    return cur.lastrowid


def insert_visit(db: sqlite_utils.Database, visit: Visit, config, calendar, actor: str = "") -> dict:
    """Write the activity, its people and its suggestions (with their handling). The caller wraps
    this in `transaction(db)`: a failing referral leaves nothing behind."""
    from shuanglian_cli.clock import today
    from shuanglian_cli.store import suggestions as sg

    check_activity_date(visit.date, today())
    county_id = visit.county["id"]
    station_id = visit.station["id"] if visit.station else None
    new_ids = {}
    for name, phone, address in visit.new_constituents:
        new_ids[name] = _add_constituent(db, county_id, visit.station["town_id"] if visit.station else None,
                                         name, phone, address)
    total, satisfied = (visit.rating[1], visit.rating[0]) if visit.rating else (None, None)
    cur = db.execute(
        """INSERT INTO activities (county_id, station_id, date, kind, topic, summary, group_name,
           extra_constituents, rating_total, rating_satisfied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [county_id, station_id, visit.date.isoformat(), visit.kind, visit.topic, visit.summary, visit.group,
         visit.headcount, total, satisfied],
    )
    aid = cur.lastrowid
    from shuanglian_cli.store.sites import stamp

    stamp(db, "activities", aid)
    constituent_ids = list(dict.fromkeys([c["id"] for c in visit.constituents] + list(new_ids.values())))
    db.conn.executemany("INSERT INTO activity_deputies VALUES (?, ?)", [(aid, d["id"]) for d in visit.deputies])
    db.conn.executemany("INSERT INTO activity_members VALUES (?, ?)", [(aid, m["id"]) for m in visit.members])
    db.conn.executemany("INSERT INTO activity_constituents VALUES (?, ?)", [(aid, c) for c in constituent_ids])
    results = []
    for op in visit.opinions:
        constituent_id = op.constituent_id or new_ids.get(op.raiser)
        sid = sg.add_suggestion(
            db, county_id=county_id, collected_on=visit.date, content=op.content, category=op.category,
            station_id=station_id, deputy_id=op.deputy_id, constituent_id=constituent_id,
            raiser_name="" if constituent_id else op.raiser, activity_id=aid, actor=actor,
        )
        due = None
        try:
            if op.handling.kind == "on_spot":
                sg.answer_on_spot(db, sid, on=visit.date, answer=op.answer, actor=actor)
            elif op.handling.kind == "inter_session":
                sg.mark_inter_session(db, sid, on=visit.date, actor=actor)
            elif op.handling.kind == "refer":
                limit = op.handling.limit or config.limit_for(op.category)
                sg.refer(db, sid, department_id=op.department["id"], on=visit.date, calendar=calendar,
                         limit_workdays=limit, actor=actor)
                due = db.execute("SELECT due_on FROM suggestions WHERE id = ?", [sid]).fetchone()[0]
        except UserError as exc:
            raise UserError(f"{op.where}{exc.message}", exc.details) from None
        results.append({"id": sid, "handling": op.handling.describe(), "due_on": due,
                        "department": op.department["name"] if op.department else ""})
    return {"activity_id": aid, "suggestions": results, "new_constituents": list(new_ids.values()),
            "constituents": len(constituent_ids)}


# -- reading ----------------------------------------------------------------------------------

_LIST_SQL = """
SELECT a.id, a.date, a.kind, c.short_name AS county, coalesce(s.name, '') AS station, a.topic,
  (SELECT count(*) FROM activity_deputies x WHERE x.activity_id = a.id) AS deputies,
  (SELECT count(*) FROM activity_members x WHERE x.activity_id = a.id) AS members,
  (SELECT count(*) FROM activity_constituents x WHERE x.activity_id = a.id) + a.extra_constituents AS constituents,
  (SELECT count(*) FROM suggestions x WHERE x.activity_id = a.id) AS suggestions
FROM activities a JOIN counties c ON c.id = a.county_id LEFT JOIN stations s ON s.id = a.station_id
"""


_DETAIL_COLUMNS = ("a.summary, a.group_name, a.extra_constituents, a.rating_total, a.rating_satisfied, "
                   "a.station_id, a.county_id, a.created_at")


def list_activities(db, *, county_id=None, station_id=None, kind=None, deputy_id=None, member_id=None,
                    since: dt.date | None = None, until: dt.date | None = None, limit: int | None = None) -> list[dict]:
    where, args = [], []
    for sql, value in (("a.county_id = ?", county_id), ("a.station_id = ?", station_id), ("a.kind = ?", kind),
                       ("a.date >= ?", since and since.isoformat()), ("a.date <= ?", until and until.isoformat())):
        if value is not None:
            where.append(sql)
            args.append(value)
    if deputy_id is not None:
        where.append("a.id IN (SELECT activity_id FROM activity_deputies WHERE deputy_id = ?)")
        args.append(deputy_id)
    if member_id is not None:
        where.append("a.id IN (SELECT activity_id FROM activity_members WHERE member_id = ?)")
        args.append(member_id)
    sql = _LIST_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.date DESC, a.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return list(db.query(sql, args))


def get_activity(db, activity_id) -> dict:
    from shuanglian_cli.store.resolve import record_id

    local = record_id(db, "activities", activity_id, "活动编号")
    rows = list(db.query(_LIST_SQL.replace("a.topic,", "a.topic, " + _DETAIL_COLUMNS + ",") + " WHERE a.id = ?",
                         [local]))
    if not rows:
        raise NotFound(f"找不到编号为 {str(activity_id).strip().lstrip('#')} 的联系活动", ["可用 `sl record list` 查看编号"])
    row = rows[0]
    return row


def activity_detail(db, activity_id) -> dict:
    row = get_activity(db, activity_id)
    aid = row["id"]
    row["deputy_list"] = list(db.query(
        "SELECT d.id, d.name, d.levels, d.work_unit FROM activity_deputies x JOIN deputies d ON d.id = x.deputy_id "
        "WHERE x.activity_id = ? ORDER BY d.id", [aid]))
    row["member_list"] = list(db.query(
        "SELECT m.id, m.name, m.post, m.group_name FROM activity_members x JOIN members m ON m.id = x.member_id "
        "WHERE x.activity_id = ? ORDER BY m.id", [aid]))
    row["constituent_list"] = list(db.query(
        "SELECT c.id, c.name, c.phone, c.address FROM activity_constituents x "
        "JOIN constituents c ON c.id = x.constituent_id WHERE x.activity_id = ? ORDER BY c.id", [aid]))
    row["suggestion_list"] = list(db.query(
        """SELECT s.id, s.content, s.category, s.state, s.handling, coalesce(p.name, '') AS department,
                  s.due_on, s.replied_on, s.satisfaction
           FROM suggestions s LEFT JOIN departments p ON p.id = s.department_id
           WHERE s.activity_id = ? ORDER BY s.id""", [aid]))
    return row


# -- changing ---------------------------------------------------------------------------------

def referred_suggestions(db, activity_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM suggestions WHERE activity_id = ? AND (handling = 'referred' OR referred_on IS NOT NULL) "
        "ORDER BY id", [activity_id])]


def remove_activity(db, activity_id: int) -> int:
    """Delete an activity and its (not yet referred) suggestions; returns how many suggestions went."""
    referred = referred_suggestions(db, activity_id)
    if referred:
        raise UserError(
            f"活动 #{activity_id} 的意见建议已交办（{'、'.join(f'#{i}' for i in referred[:10])}），不能删除",
            ["已交办的意见建议须走办理流程；如确属误录，可用 `sl suggestions withdraw` 撤回后保留记录"],
        )
    ids = [r[0] for r in db.execute("SELECT id FROM suggestions WHERE activity_id = ?", [activity_id])]
    db.conn.executemany("DELETE FROM suggestion_events WHERE suggestion_id = ?", [(i,) for i in ids])
    db.conn.executemany("DELETE FROM suggestions WHERE id = ?", [(i,) for i in ids])
    for table in ("activity_deputies", "activity_members", "activity_constituents"):
        db.execute(f"DELETE FROM {table} WHERE activity_id = ?", [activity_id])
    db.execute("DELETE FROM activities WHERE id = ?", [activity_id])
    return len(ids)


def update_activity(db, activity_id: int, fields: dict, add: dict, drop: dict) -> None:
    """fields: column -> value for the activities row; add/drop: link table -> ids."""
    if "date" in fields:
        from shuanglian_cli.clock import today

        check_activity_date(dt.date.fromisoformat(fields["date"]), today())
    if "date" in fields or "station_id" in fields or "county_id" in fields:
        has = db.execute("SELECT count(*) FROM suggestions WHERE activity_id = ?", [activity_id]).fetchone()[0]
        if has:
            raise UserError(
                f"活动 #{activity_id} 已有 {has} 条意见建议，不能再改日期或站点（意见建议的收集日期、地点随之登记）",
                ["如确属误录且尚未交办，可 `sl record remove` 后重新录入"],
            )
    if fields:
        sets = ", ".join(f"{k} = ?" for k in fields)
        db.execute(f"UPDATE activities SET {sets} WHERE id = ?", [*fields.values(), activity_id])
    columns = {"activity_deputies": "deputy_id", "activity_members": "member_id",
               "activity_constituents": "constituent_id"}
    for table, ids in add.items():
        db.conn.executemany(f"INSERT OR IGNORE INTO {table} (activity_id, {columns[table]}) VALUES (?, ?)",
                            [(activity_id, i) for i in ids])
    for table, ids in drop.items():
        db.conn.executemany(f"DELETE FROM {table} WHERE activity_id = ? AND {columns[table]} = ?",
                            [(activity_id, i) for i in ids])


# -- schedules --------------------------------------------------------------------------------

def scheduled_stations(db, county_id=None, station_id=None) -> list[dict]:
    where, args = ["s.active = 1", "s.schedule != ''"], []
    if county_id is not None:
        where.append("s.county_id = ?")
        args.append(county_id)
    if station_id is not None:
        where.append("s.id = ?")
        args.append(station_id)
    return list(db.query(
        f"""SELECT s.id, s.name, s.kind, s.schedule, c.short_name AS county FROM stations s
            JOIN counties c ON c.id = s.county_id WHERE {' AND '.join(where)} ORDER BY s.county_id, s.id""", args))


def activity_days(db, station_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
    """station -> dates of its activities in [start, end] (one entry per activity)."""
    out: dict[int, list[dt.date]] = {sid: [] for sid in station_ids}
    if not station_ids:
        return out
    for sid, day in db.execute(
        f"""SELECT station_id, date FROM activities WHERE date BETWEEN ? AND ?
            AND station_id IN ({', '.join('?' * len(station_ids))})""",
        [start.isoformat(), end.isoformat(), *station_ids],
    ):
        out[sid].append(dt.date.fromisoformat(day))
    return out


def completion_names(db, table: str, county_id) -> list[tuple[str, str, str]]:
    """(name, pinyin, initials) of the active people or stations a prompt may complete."""
    if table not in ("deputies", "members", "constituents", "stations", "departments"):
        raise ValueError(table)
    sql = f"SELECT name, pinyin, initials FROM [{table}] WHERE active = 1" + (" AND county_id = ?" if county_id else "")
    return [tuple(r) for r in db.execute(sql, [county_id] if county_id else [])]
