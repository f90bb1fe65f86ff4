"""The queries behind the standard forms (io/forms): streamed row by row so that a city's year
fits in little memory. A Scope says which county (or all), which stations and which dates."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlite_utils

from shuanglian_cli.domain.lifecycle import judged_due_sql


@dataclass
class Scope:
    start: dt.date
    end: dt.date
    as_of: dt.date
    period_label: str  # 2026年第三季度 / 2026年
    period_key: str  # 2026Q3 / 2026年
    county_id: int | None = None
    county_name: str = ""  # 沂源县, or the city when all counties
    station_ids: list[int] | None = None
    station_name: str = ""
    extra: dict = field(default_factory=dict)

    def where(self, alias: str, date_col: str, station_col: str = "station_id", date_sql: str = "") -> tuple[str, list]:
        """SQL conditions (and parameters) limiting `alias` to this scope; `date_sql`, when given, is
        the expression whose date places the row in the period (else `alias.date_col`)."""
        sql = [f"{date_sql or f'{alias}.{date_col}'} BETWEEN ? AND ?"]
        # as of `as_of`: what is dated later had not happened yet
        args: list = [self.start.isoformat(), min(self.end, self.as_of).isoformat()]
        if self.county_id is not None:
            sql.append(f"{alias}.county_id = ?")
            args.append(self.county_id)
        if self.station_ids is not None:
            sql.append(f"{alias}.{station_col} IN ({', '.join('?' * len(self.station_ids))})")
            args.extend(self.station_ids)
        return " AND ".join(sql), args


def station_scope(db: sqlite_utils.Database, station: dict) -> list[int]:
    """A station and the points under it (a point alone when a point is named)."""
    ids = [station["id"]]
    ids += [r[0] for r in db.execute("SELECT id FROM stations WHERE parent_id = ? ORDER BY id", [station["id"]])]
    return ids


def city_of(db: sqlite_utils.Database) -> str:
    cities = [r[0] for r in db.execute("SELECT DISTINCT city FROM counties")]
    return cities[0] if len(cities) == 1 else "全部县区"


def _dicts(cursor: sqlite3.Cursor) -> Iterator[sqlite3.Row]:
    """The cursor's rows, read by column name (row["station"]): sqlite3.Row is built in C, far
    cheaper than a dict per row on a city's year."""
    cursor.row_factory = sqlite3.Row
    return iter(cursor)


# -- 意见收集登记表 --------------------------------------------------------------------------------

_SUGGESTION_SELECT = f"""
SELECT s.id, s.collected_on, s.content, s.category, s.state, s.handling, s.answer, s.referred_on,
       s.limit_workdays, s.due_on, s.due_confirmed, s.extended, s.chases, s.replied_on, s.reply,
       s.fed_back_on, s.satisfaction, s.closed_on, s.note, s.raiser_name, s.activity_id, s.constituent_id,
       s.deputy_id, st.name AS station, d.name AS deputy, c.name AS constituent, c.phone, c.address,
       c.erased, dep.name AS department, co.name AS county, {judged_due_sql("s")} AS judged_due_on
FROM {{source}} s
LEFT JOIN stations st ON st.id = s.station_id
LEFT JOIN deputies d ON d.id = s.deputy_id
LEFT JOIN constituents c ON c.id = s.constituent_id
LEFT JOIN departments dep ON dep.id = s.department_id
JOIN counties co ON co.id = s.county_id
"""


def _source(db, scope: Scope) -> str:
    """The suggestions as they stood on the scope's as-of day (store/as_of.py: the as-of rule)."""
    from shuanglian_cli.store.as_of import suggestions_source

    return suggestions_source(db, scope.as_of)


def count_register(db: sqlite_utils.Database, scope: Scope) -> int:
    where, args = scope.where("s", "collected_on")
    return db.execute(f"SELECT count(*) FROM {_source(db, scope)} s WHERE {where}", args).fetchone()[0]


def register_rows(db: sqlite_utils.Database, scope: Scope) -> Iterator[dict]:
    where, args = scope.where("s", "collected_on")
    select = _SUGGESTION_SELECT.format(source=_source(db, scope))
    sql = f"{select} WHERE {where} ORDER BY s.county_id, s.collected_on, s.id"
    return _dicts(db.conn.execute(sql, args))


# -- 交办督办台账 ----------------------------------------------------------------------------------
# A suggestion is listed once, in the period of its first referral: the same rows as the summary's
# 本期交办 (figure referred_in_period, store/stats.py)

def _referral_where(scope: Scope) -> tuple[str, list]:
    from shuanglian_cli.store.figures_queries import first_referral_sql

    return scope.where("s", "referred_on", date_sql=first_referral_sql("s"))


def count_referrals(db: sqlite_utils.Database, scope: Scope) -> int:
    where, args = _referral_where(scope)
    return db.execute(f"SELECT count(*) FROM {_source(db, scope)} s WHERE {where}", args).fetchone()[0]


def referral_rows(db: sqlite_utils.Database, scope: Scope) -> Iterator[dict]:
    where, args = _referral_where(scope)
    select = _SUGGESTION_SELECT.format(source=_source(db, scope))
    sql = f"{select} WHERE {where} ORDER BY s.county_id, s.referred_on, s.id"
    return _dicts(db.conn.execute(sql, args))


# -- “双联”工作接待群众记录 -------------------------------------------------------------------------

_ACTIVITY_SELECT = """
SELECT a.id, a.date, a.kind, a.topic, a.summary, a.extra_constituents, a.county_id,
       st.name AS station,
       (SELECT group_concat(name, '、') FROM (SELECT d.name FROM activity_deputies ad
            JOIN deputies d ON d.id = ad.deputy_id WHERE ad.activity_id = a.id ORDER BY d.id)) AS deputies,
       (SELECT group_concat(name, '、') FROM (SELECT m.name FROM activity_members am
            JOIN members m ON m.id = am.member_id WHERE am.activity_id = a.id ORDER BY m.id)) AS members
FROM activities a LEFT JOIN stations st ON st.id = a.station_id
"""


def count_activities(db: sqlite_utils.Database, scope: Scope) -> int:
    where, args = scope.where("a", "date")
    return db.execute(f"SELECT count(*) FROM activities a WHERE {where}", args).fetchone()[0]


def activity_rows(db: sqlite_utils.Database, scope: Scope) -> Iterator[dict]:
    where, args = scope.where("a", "date")
    return _dicts(db.conn.execute(f"{_ACTIVITY_SELECT} WHERE {where} ORDER BY a.county_id, a.date, a.id", args))


def activity_constituents(db: sqlite_utils.Database, scope: Scope) -> dict[int, list[dict]]:
    """activity id -> the rostered constituents met there, in id order."""
    where, args = scope.where("a", "date")
    out: dict[int, list[dict]] = {}
    cur = db.conn.execute(
        f"""SELECT ac.activity_id, c.id, c.name, c.phone, c.address, c.erased
            FROM activity_constituents ac JOIN activities a ON a.id = ac.activity_id
            JOIN constituents c ON c.id = ac.constituent_id
            WHERE {where} ORDER BY ac.activity_id, c.id""",
        args,
    )
    for aid, cid, name, phone, address, erased in cur:
        out.setdefault(aid, []).append(
            {"id": cid, "name": name, "phone": phone, "address": address, "erased": erased}
        )
    return out


def activity_suggestions(db: sqlite_utils.Database, scope: Scope) -> dict[int, list[tuple]]:
    """activity id -> [(constituent_id, raiser_name, content, handling, department, name, phone,
    address)] of the activities in scope (by the activity's date, so one logged a day late still shows)."""
    where, args = scope.where("a", "date")
    out: dict[int, list[tuple]] = {}
    cur = db.conn.execute(
        f"""SELECT s.activity_id, s.constituent_id, s.raiser_name, s.content, s.handling, dep.name,
                   c.name, c.phone, c.address
            FROM suggestions s JOIN activities a ON a.id = s.activity_id
            LEFT JOIN departments dep ON dep.id = s.department_id
            LEFT JOIN constituents c ON c.id = s.constituent_id
            WHERE {where} ORDER BY s.activity_id, s.id""",
        args,
    )
    for aid, *rest in cur:
        out.setdefault(aid, []).append(tuple(rest))
    return out


# -- 人大代表“双联”工作记录 -------------------------------------------------------------------------

def deputy_attendances(db: sqlite_utils.Database, scope: Scope) -> Iterator[dict]:
    """One row per deputy and activity attended in scope, ordered by deputy (their station, name)."""
    where, args = scope.where("a", "date")
    sql = f"""
        SELECT d.id AS deputy_id, d.name AS deputy, d.levels, home.name AS home_station,
               a.id AS activity_id, a.date, a.kind, a.topic, st.name AS station,
               (SELECT count(*) FROM activity_constituents ac WHERE ac.activity_id = a.id)
                 + a.extra_constituents AS met
        FROM activity_deputies ad
        JOIN activities a ON a.id = ad.activity_id
        JOIN deputies d ON d.id = ad.deputy_id
        LEFT JOIN stations home ON home.id = d.station_id
        LEFT JOIN stations st ON st.id = a.station_id
        WHERE {where}
        ORDER BY d.county_id, coalesce(d.station_id, 0), d.pinyin, d.id, a.date, a.id"""
    return _dicts(db.conn.execute(sql, args))


def deputy_suggestions(db: sqlite_utils.Database, scope: Scope) -> dict[tuple[int, int | None], list[tuple]]:
    """(deputy id, activity id or None) -> [(content, handling)] collected in scope."""
    where, args = scope.where("s", "collected_on")
    out: dict[tuple[int, int | None], list[tuple]] = {}
    cur = db.conn.execute(
        f"""SELECT s.deputy_id, s.activity_id, s.content, s.handling FROM suggestions s
            WHERE s.deputy_id IS NOT NULL AND {where} ORDER BY s.deputy_id, s.id""",
        args,
    )
    for did, aid, content, handling in cur:
        out.setdefault((did, aid), []).append((content, handling))
    return out


def scope_deputies(db: sqlite_utils.Database, scope: Scope) -> list[dict]:
    """Active deputies belonging to the scope (county, or stations), ordered as the form lists them."""
    sql = ["d.active = 1"]
    args: list = []
    if scope.county_id is not None:
        sql.append("d.county_id = ?")
        args.append(scope.county_id)
    if scope.station_ids is not None:
        sql.append(f"d.station_id IN ({', '.join('?' * len(scope.station_ids))})")
        args.extend(scope.station_ids)
    return list(_dicts(db.conn.execute(
        f"""SELECT d.id AS deputy_id, d.name AS deputy, d.levels, home.name AS home_station, d.county_id,
                   coalesce(d.station_id, 0) AS station_order, d.pinyin
            FROM deputies d LEFT JOIN stations home ON home.id = d.station_id
            WHERE {' AND '.join(sql)}
            ORDER BY d.county_id, coalesce(d.station_id, 0), d.pinyin, d.id""",
        args,
    )))


# -- 统计汇总 for a station and its points -------------------------------------------------------

def station_figures(db: sqlite_utils.Database, scope: Scope) -> dict:
    """period_stats (store/stats.py) for the scope's station and its points."""
    from shuanglian_cli.store.stats import period_stats

    # the station ids already pin the county, as they did when this was a query of its own
    return period_stats(db, scope.start, scope.end, None, scope.as_of, station_ids=scope.station_ids or [])


# -- building a scope from what the clerk typed -------------------------------------------------------

def build_scope(
    db: sqlite_utils.Database,
    *,
    county: str | None,
    station: str | None,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    period_label: str,
    period_key: str,
) -> Scope:
    """County (or the whole city when None) and station (with its points) resolved by name/pinyin."""
    from shuanglian_cli.store.resolve import find, find_county

    scope = Scope(start=start, end=end, as_of=as_of, period_label=period_label, period_key=period_key)
    if county:
        row = find_county(db, county)
        scope.county_id, scope.county_name = row["id"], row["name"]
    else:
        scope.county_name = city_of(db)
    if station:
        row = find(db, "stations", station, county_id=scope.county_id)
        scope.station_ids = station_scope(db, row)
        scope.station_name = row["name"]
        if scope.county_id is None:
            scope.county_id = row["county_id"]
            scope.county_name = db.execute("SELECT name FROM counties WHERE id = ?", [row["county_id"]]).fetchone()[0]
    return scope


def has_data(db: sqlite_utils.Database, scope: Scope) -> bool:
    return bool(count_register(db, scope) or count_activities(db, scope) or count_referrals(db, scope))
