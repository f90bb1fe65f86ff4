"""Period figures: stations, activities, attendances and how the period's suggestions ended.

`period_stats` is a contract: the export's 统计汇总 sheet and `sl stats` both use it. Everything is
a handful of aggregate queries, so a city's year (100,000 suggestions) stays well under a second.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlite_utils

from shuanglian_cli.clock import today
from shuanglian_cli.domain import lifecycle
from shuanglian_cli.domain.vocabulary import ACTIVITY_KINDS

# English key -> Chinese label, in the order a report lists them
LABELS = {
    "stations": "联络站（个）",
    "points": "联络点（个）",
    "activities": "联系活动（次）",
    "deputy_attendances": "代表参加（人次）",
    "deputies_involved": "参加活动的代表（人）",
    "member_attendances": "常委会组成人员参加（人次）",
    "constituent_attendances": "接待群众（人次）",
    "suggestions": "收集意见建议（条）",
    "on_spot": "现场解答（条）",
    "referred": "交办（条）",
    "inter_session": "闭会期间建议（条）",
    "pending": "待处理（条）",
    "withdrawn": "撤回（条）",
    "replied": "已书面答复（条）",
    "replied_on_time": "按期答复（条）",
    "closed": "办结（条）",
    "closed_on_time": "按期办结（条）",
    "open_referred": "交办未答复（条）",
    "overdue": "其中已超期（条）",
    "satisfaction_rated": "已反馈评价（条）",
    "satisfied": "满意（条）",
    "basically_satisfied": "基本满意（条）",
    "dissatisfied": "不满意（条）",
    "satisfaction_rate": "满意率（满意+基本满意）",
    "report_backs": "述职评议（次）",
    "report_back_voters": "述职评议参评人数",
    "report_back_satisfied": "述职评议满意人数",
    "report_back_rate": "述职评议满意率",
}


def _scope(
    county_id: int | None, station_ids: list[int] | None, alias: str = "", station_col: str = "station_id"
) -> tuple[str, list]:
    """SQL conditions (each starting " AND ") and parameters limiting `alias` to the county and/or stations."""
    prefix = f"{alias}." if alias else ""
    sql, args = "", []
    if county_id is not None:
        sql, args = f" AND {prefix}county_id = ?", [county_id]
    if station_ids is not None:
        sql += f" AND {prefix}{station_col} IN ({', '.join('?' * len(station_ids))})"
        args += station_ids
    return sql, args


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def period_stats(
    db: sqlite_utils.Database,
    start: dt.date,
    end: dt.date,
    county_id: int | None = None,
    as_of: dt.date | None = None,
    station_ids: list[int] | None = None,
) -> dict:
    """Figures for activities held and suggestions collected in [start, end], in the county (all
    when None) and, when `station_ids` is given, at those stations only (a station and its points).

    How referred suggestions ended is judged as of `as_of` (default today), from the state on that
    day (store/as_of.py: suggestions_source, the as-of rule): `replied` have a written
    reply by then, `closed` are 办结 (state closed) by then; `*_on_time` is lifecycle.answered_on_time.
    `satisfaction_rate` is (满意 + 基本满意) / suggestions with feedback, None when there is none.
    """
    conn = db.conn
    as_of = as_of or today()
    a, b, day = start.isoformat(), end.isoformat(), as_of.isoformat()
    out: dict = {"start": a, "end": b, "as_of": day, "county_id": county_id}

    where, args = _scope(county_id, station_ids, station_col="id")
    out["stations"], out["points"] = conn.execute(
        f"""SELECT coalesce(sum(kind = '站'), 0), coalesce(sum(kind = '点'), 0)
            FROM stations WHERE active = 1{where}""",
        args,
    ).fetchone()

    where, args = _scope(county_id, station_ids, "a")
    act_filter = f"a.date BETWEEN ? AND ?{where}"
    act_args = [a, min(b, day), *args]  # as of `as_of`: an activity held later had not happened
    by_kind = dict.fromkeys(ACTIVITY_KINDS, 0)
    extra = 0
    voters = satisfied_voters = report_backs = 0
    for kind, n, extra_n, total, sat in conn.execute(
        f"""SELECT a.kind, count(*), coalesce(sum(a.extra_constituents), 0),
                   coalesce(sum(a.rating_total), 0), coalesce(sum(a.rating_satisfied), 0)
            FROM activities a WHERE {act_filter} GROUP BY a.kind""",
        act_args,
    ):
        by_kind[kind] = n
        extra += extra_n
        if kind == "述职":
            report_backs, voters, satisfied_voters = n, total, sat
    out["activities"] = sum(by_kind.values())
    out["activities_by_kind"] = by_kind
    out["deputy_attendances"], out["deputies_involved"] = conn.execute(
        f"""SELECT count(*), count(DISTINCT ad.deputy_id) FROM activity_deputies ad
            JOIN activities a ON a.id = ad.activity_id WHERE {act_filter}""",
        act_args,
    ).fetchone()
    out["member_attendances"] = conn.execute(
        f"""SELECT count(*) FROM activity_members am
            JOIN activities a ON a.id = am.activity_id WHERE {act_filter}""",
        act_args,
    ).fetchone()[0]
    roster = conn.execute(
        f"""SELECT count(*) FROM activity_constituents ac
            JOIN activities a ON a.id = ac.activity_id WHERE {act_filter}""",
        act_args,
    ).fetchone()[0]
    out["constituent_attendances"] = roster + extra
    out["constituents_from_roster"] = roster
    out["constituents_headcount_only"] = extra

    # named parameters (:day recurs), so the scope is spelt here rather than by _scope
    named = {"a": a, "b": b, "day": day, "county": county_id, "stations": json.dumps(station_ids)}
    scope_sql = " AND s.county_id = :county" if county_id is not None else ""
    if station_ids is not None:
        scope_sql += " AND s.station_id IN (SELECT value FROM json_each(:stations))"
    from shuanglian_cli.store.as_of import suggestions_source

    on_time = lifecycle.on_time_sql("s")  # the one on-time rule, spelt in SQL
    row = conn.execute(
        f"""SELECT count(*),
              coalesce(sum(s.handling = 'on_spot'), 0),
              coalesce(sum(s.handling = 'referred'), 0),
              coalesce(sum(s.handling = 'inter_session'), 0),
              coalesce(sum(s.handling IS NULL AND s.state = 'collected'), 0),
              coalesce(sum(s.state = 'withdrawn'), 0),
              coalesce(sum(s.handling = 'referred' AND s.replied_on <= :day), 0),
              coalesce(sum(s.handling = 'referred' AND s.replied_on <= :day AND {on_time}), 0),
              coalesce(sum(s.handling = 'referred' AND s.state = 'closed' AND s.closed_on <= :day), 0),
              coalesce(sum(s.handling = 'referred' AND s.state = 'closed' AND s.closed_on <= :day
                           AND {on_time}), 0),
              coalesce(sum(s.handling = 'referred' AND s.state != 'withdrawn' AND s.referred_on <= :day
                           AND (s.replied_on IS NULL OR s.replied_on > :day)), 0),
              coalesce(sum(s.handling = 'referred' AND s.state != 'withdrawn' AND s.referred_on <= :day
                           AND (s.replied_on IS NULL OR s.replied_on > :day) AND s.due_on < :day), 0),
              coalesce(sum(s.satisfaction IS NOT NULL AND s.fed_back_on <= :day), 0),
              coalesce(sum(s.satisfaction = '满意' AND s.fed_back_on <= :day), 0),
              coalesce(sum(s.satisfaction = '基本满意' AND s.fed_back_on <= :day), 0),
              coalesce(sum(s.satisfaction = '不满意' AND s.fed_back_on <= :day), 0)
            FROM {suggestions_source(db, as_of)} s WHERE s.collected_on BETWEEN :a AND :b{scope_sql}""",
        named,
    ).fetchone()
    keys = ("suggestions", "on_spot", "referred", "inter_session", "pending", "withdrawn", "replied",
            "replied_on_time", "closed", "closed_on_time", "open_referred", "overdue",
            "satisfaction_rated", "satisfied", "basically_satisfied", "dissatisfied")
    out.update(zip(keys, row, strict=True))
    out["satisfaction_rate"] = _rate(out["satisfied"] + out["basically_satisfied"], out["satisfaction_rated"])
    out["on_time_rate"] = _rate(out["closed_on_time"], out["closed"])
    out["report_backs"] = report_backs
    out["report_back_voters"] = voters
    out["report_back_satisfied"] = satisfied_voters
    out["report_back_rate"] = _rate(satisfied_voters, voters)
    return out


def stats_by_county(db: sqlite_utils.Database, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> list[dict]:
    """period_stats for each county that has any station, activity or suggestion, with the city
    table's further figures (store/county_figures.py: rosters by level, fixed contact, by kind, 述职)."""
    from shuanglian_cli.store.county_figures import county_figures

    rows = []
    for county_id, name in db.conn.execute("SELECT id, name FROM counties ORDER BY id").fetchall():
        figures = period_stats(db, start, end, county_id, as_of)
        if figures["stations"] or figures["points"] or figures["activities"] or figures["suggestions"]:
            extra = county_figures(db, county_id, start, end, as_of or today())
            rows.append({"county": name, **figures, **{k: v for k, v in extra.items() if k not in figures}})
    return rows
