"""The evidence for the yearly duties (domain/duties.py) of every deputy in scope at once: a handful of
aggregate queries over the year, whatever the number of deputies, then one pass in Python (no query
per deputy: a county's 420 deputies, or a city's, take the same seven queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlite_utils

from shuanglian_cli.domain.duties import Duty, Evidence, judge_all, report_back_window
from shuanglian_cli.store.terms import seat_end_sql

RECEPTION_KIND = "接待日"
REPORT_BACK_KIND = "述职"


def duty_evidence(db: sqlite_utils.Database, year: int, as_of: dt.date, county_id: int | None = None,
                  term_id: int | None = None, deputy_ids: list[int] | None = None) -> list[dict]:
    """[{deputy_id, deputy, county, levels, station, evidence}] for the deputies on the roster (with a
    term: those with a seat in it during the year, on the roster or not), in county and id order."""
    a = f"{year}-01-01"
    b = min(dt.date(year, 12, 31), as_of).isoformat()
    p = {"a": a, "b": b, "y": year, "t": term_id}
    end = seat_end_sql()
    where, args = [], dict(p)
    if term_id is not None:
        where.append(f"d.id IN (SELECT s.deputy_id FROM seats s JOIN terms t ON t.id = s.term_id WHERE s.term_id = :t "
                     f"AND s.starts_on <= :y || '-12-31' AND ({end} IS NULL OR {end} >= :a))")
    elif deputy_ids is None:  # the roster; named deputies (an archive) whether on it or not
        where.append("d.active = 1")
    if county_id is not None:
        where.append("d.county_id = :c")
        args["c"] = county_id
    if deputy_ids is not None:
        where.append(f"d.id IN ({', '.join(str(int(i)) for i in deputy_ids) or 'NULL'})")
    deputies = list(db.query(
        f"""SELECT d.id AS deputy_id, d.name AS deputy, c.short_name AS county, d.levels,
                   coalesce(s.name, '') AS station
            FROM deputies d JOIN counties c ON c.id = d.county_id LEFT JOIN stations s ON s.id = d.station_id
            WHERE {' AND '.join(where)} ORDER BY d.county_id, d.id""", args))
    ev: dict[int, Evidence] = {d["deputy_id"]: Evidence() for d in deputies}
    conn = db.conn
    attended = """FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id"""
    for did, day in conn.execute(
            f"SELECT ad.deputy_id, a.date {attended} WHERE a.kind = '{RECEPTION_KIND}' AND a.date BETWEEN :a AND :b "
            "ORDER BY a.date, a.id", p):
        if did in ev:
            ev[did].reception_dates.append(day)
    for did, quarter, n in conn.execute(
            f"""SELECT ad.deputy_id, (CAST(substr(a.date, 6, 2) AS INTEGER) + 2) / 3, count(DISTINCT a.id) {attended}
                JOIN activity_constituents ac ON ac.activity_id = a.id
                JOIN deputy_constituents dc ON dc.year = :y AND dc.deputy_id = ad.deputy_id
                     AND dc.constituent_id = ac.constituent_id
                WHERE a.date BETWEEN :a AND :b GROUP BY 1, 2""", p):
        if did in ev:
            ev[did].contacts_by_quarter[quarter - 1] = n
    for did, n in conn.execute("SELECT deputy_id, count(*) FROM deputy_constituents WHERE year = :y GROUP BY 1", p):
        if did in ev:
            ev[did].linked = n
    for did, day in conn.execute(
            "SELECT deputy_id, collected_on FROM suggestions WHERE collected_on BETWEEN :a AND :b "
            "AND deputy_id IS NOT NULL ORDER BY collected_on, id", p):
        if did in ev:
            ev[did].suggestion_dates.append(day)
    # the term(s) each deputy sits in on the period's last day (with --term: that term)
    starts: dict[int, list[str]] = defaultdict(list)
    seat_where = "s.term_id = :t" if term_id is not None else f"s.starts_on <= :b AND ({end} IS NULL OR {end} >= :b)"
    for did, start in conn.execute(
            f"SELECT s.deputy_id, t.starts_on FROM seats s JOIN terms t ON t.id = s.term_id WHERE {seat_where}", p):
        if did in ev:
            starts[did].append(start)
    for did, e in ev.items():
        e.report_back_since = report_back_window(year, starts.get(did, []))
    for did, day in conn.execute(
            f"SELECT ad.deputy_id, a.date {attended} WHERE a.kind = '{REPORT_BACK_KIND}' AND a.date <= :b "
            "ORDER BY a.date, a.id", p):
        if did in ev and day >= ev[did].report_back_since:
            ev[did].report_back_dates.append(day)
    for d in deputies:
        d["evidence"] = ev[d["deputy_id"]]
    return deputies


def duty_table(db: sqlite_utils.Database, duties: list[Duty], year: int, as_of: dt.date,
               county_id: int | None = None, term_id: int | None = None,
               deputy_ids: list[int] | None = None) -> dict:
    """The duties judged for every deputy in scope: {year, as_of, duties, summary, deputies}; each
    deputy row carries one result per duty under the duty's kind, and met_all."""
    rows = duty_evidence(db, year, as_of, county_id, term_id, deputy_ids)
    for row in rows:
        results, met_all = judge_all(duties, row.pop("evidence"), year, as_of)
        row.update(results)
        row["met_all"] = met_all
    return {
        "year": year,
        "as_of": min(dt.date(year, 12, 31), as_of).isoformat(),
        "duties": [{"kind": d.kind, "label": d.label, "at_least": d.at_least} for d in duties],
        "summary": {"deputies": len(rows), "deputies_met_all": sum(1 for r in rows if r["met_all"])},
        "deputies": rows,
    }
