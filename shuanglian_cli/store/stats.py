"""Period figures: stations, activities, attendances and how the period's suggestions ended.

`period_stats` is a contract: the export's 统计汇总 sheet and `sl stats` both use it. Everything is
a handful of aggregate queries, so a city's year (100,000 suggestions) stays well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

import sqlite_utils

from shuanglian_cli.clock import today
from shuanglian_cli.domain import figures, lifecycle
from shuanglian_cli.domain.vocabulary import ACTIVITY_KINDS

# English key -> Chinese label, in the order a report lists them (the glossary, domain/figures.py;
# activities_by_kind is listed under activities by whoever prints it)
LABELS = {k: v for k, v in figures.labels(figures.STATS).items() if k != "activities_by_kind"}


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

    Every figure is defined in the glossary (domain/figures.py) and cut at `as_of` (default today):
    how suggestions ended is their state on that day (store/as_of.py: suggestions_source, the as-of
    rule). `replied_on_time` is lifecycle.answered_on_time; `closed_on_time` is closed by the same
    judged due date; `referred_in_period` places each referred suggestion once, by its first referral.
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
    from shuanglian_cli.store.figures_queries import dissatisfied_pending_sql, first_referral_sql

    on_time = lifecycle.on_time_sql("s")  # the one on-time rule, spelt in SQL
    closed_on_time = f"(s.closed_on <= {lifecycle.judged_due_sql('s')})"
    source = suggestions_source(db, as_of)
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
                           AND {closed_on_time}), 0),
              coalesce(sum(s.handling = 'referred' AND s.state != 'withdrawn' AND s.referred_on <= :day
                           AND (s.replied_on IS NULL OR s.replied_on > :day)), 0),
              coalesce(sum(s.handling = 'referred' AND s.state != 'withdrawn' AND s.referred_on <= :day
                           AND (s.replied_on IS NULL OR s.replied_on > :day) AND s.due_on < :day), 0),
              coalesce(sum(s.satisfaction IS NOT NULL AND s.fed_back_on <= :day), 0),
              coalesce(sum(s.satisfaction = '满意' AND s.fed_back_on <= :day), 0),
              coalesce(sum(s.satisfaction = '基本满意' AND s.fed_back_on <= :day), 0),
              coalesce(sum(s.satisfaction = '不满意' AND s.fed_back_on <= :day), 0),
              coalesce(sum({dissatisfied_pending_sql("s")} AND s.fed_back_on <= :day), 0)
            FROM {source} s WHERE s.collected_on BETWEEN :a AND :b{scope_sql}""",
        named,
    ).fetchone()
    keys = ("suggestions", "on_spot", "referred", "inter_session", "pending", "withdrawn", "replied",
            "replied_on_time", "closed", "closed_on_time", "open_referred", "overdue",
            "satisfaction_rated", "satisfied", "basically_satisfied", "dissatisfied", "dissatisfied_pending")
    out.update(zip(keys, row, strict=True))
    # by first referral date, whenever collected: the same rows as the 交办督办台账 (store/forms.py);
    # the latest referral is never before the first, so referred_on narrows the rows cheaply first
    out["referred_in_period"] = conn.execute(
        f"""SELECT count(*) FROM {source} s
            WHERE s.referred_on >= :a AND s.collected_on <= :b{scope_sql}
              AND {first_referral_sql("s")} BETWEEN :a AND min(:b, :day)""",
        named,
    ).fetchone()[0]
    out["satisfaction_rate"] = _rate(out["satisfied"] + out["basically_satisfied"], out["satisfaction_rated"])
    out["on_time_rate"] = _rate(out["replied_on_time"], out["replied"])  # 按期答复率, as in the department report
    out["report_backs"] = report_backs
    out["report_back_voters"] = voters
    out["report_back_satisfied"] = satisfied_voters
    out["report_back_rate"] = _rate(satisfied_voters, voters)
    # the referral desk: answers by class, returns, co-handlers' opinions (store/referrals.py)
    from shuanglian_cli.store.referrals import desk_period_counts

    out.update(desk_period_counts(db, start, end, county_id, as_of, station_ids=station_ids))
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


class DepartmentReport(NamedTuple):
    rows: list[dict]  # one per (county, department), most referrals first
    total: dict  # the same figures over every department


def department_report(db: sqlite_utils.Database, calendar, *, year: int, county_id: int | None,
                      as_of: dt.date) -> DepartmentReport:
    """Each responsible body's figures for the suggestions referred to it in `year`, with those of
    any year still overdue on `as_of` (a body with only old overdue referrals gets a row too)."""
    from shuanglian_cli.store.suggestions import OPEN_REFERRED_COLUMNS, open_referred, referred_in

    groups: dict[tuple[str, str], list[dict]] = {}
    for r in referred_in(db, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), county_id=county_id,
                         as_of=as_of):
        if r["state"] == "returned":  # returned, awaiting reassignment: no longer the body's (counted under 退办)
            continue
        groups.setdefault((r["county"], r["department"]), []).append(r)
    overdue: dict[tuple[str, str], int] = {}
    dept_at, county_at = OPEN_REFERRED_COLUMNS.index("department"), OPEN_REFERRED_COLUMNS.index("county")
    for r in open_referred(db, as_of=as_of, due_before=as_of, county_id=county_id):
        key = (r[county_at], r[dept_at])
        overdue[key] = overdue.get(key, 0) + 1
        groups.setdefault(key, [])
    rows = [{"department": dept, "county": cty,
             **lifecycle.department_summary(items, calendar, overdue.get((cty, dept), 0))}
            for (cty, dept), items in groups.items()]
    rows.sort(key=lambda r: (-r["referred"], -r["overdue_now"], r["county"], r["department"] or ""))
    total = lifecycle.department_summary([r for items in groups.values() for r in items], calendar,
                                         sum(overdue.values()))
    return DepartmentReport(rows, total)
