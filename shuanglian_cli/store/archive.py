"""Deputies' performance archives (履职档案) and the participation ranking."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from shuanglian_cli.domain.lifecycle import on_time_sql
from shuanglian_cli.domain.vocabulary import STATE_ARCHIVE

OUTCOMES = STATE_ARCHIVE


def _year(year: int) -> tuple[str, str]:
    return dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()


def deputy_archive(db: sqlite_utils.Database, deputy: dict, year: int, term: dict | None = None,
                   duties: list | None = None, as_of: dt.date | None = None) -> dict:
    """One deputy's year, or with `term` their whole seat in that term (its years' links counted once);
    with `duties` (domain/duties.py) also each year's duties judged, as of `as_of` (default the year's end)."""
    did = deputy["id"]
    span = _seat_span(db, did, term) if term else None
    a, b = span if span else _year(year)
    y1, y2 = (int(a[:4]), int(b[:4])) if span else (year, year)
    conn = db.conn
    county = conn.execute("SELECT name FROM counties WHERE id = ?", [deputy["county_id"]]).fetchone()[0]
    station = conn.execute("SELECT name FROM stations WHERE id = ?", [deputy["station_id"]]).fetchone() \
        if deputy.get("station_id") else None
    activities = list(db.query(
        """SELECT a.id, a.date, a.kind, coalesce(s.name, '') AS station, a.topic,
                  (SELECT count(*) FROM activity_constituents x WHERE x.activity_id = a.id) + a.extra_constituents
                      AS constituents,
                  (SELECT count(*) FROM suggestions x WHERE x.activity_id = a.id AND x.deputy_id = :d) AS suggestions,
                  a.rating_total, a.rating_satisfied
           FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
           LEFT JOIN stations s ON s.id = a.station_id
           WHERE ad.deputy_id = :d AND a.date BETWEEN :a AND :b ORDER BY a.date, a.id""",
        {"d": did, "a": a, "b": b}))
    by_kind: dict[str, int] = {}
    for act in activities:
        by_kind[act["kind"]] = by_kind.get(act["kind"], 0) + 1
    linked = conn.execute("SELECT count(DISTINCT constituent_id) FROM deputy_constituents "
                          "WHERE year BETWEEN ? AND ? AND deputy_id = ?", [y1, y2, did]).fetchone()[0]
    met_linked, met_all = conn.execute(
        """SELECT count(DISTINCT CASE WHEN dc.constituent_id IS NOT NULL THEN ac.constituent_id END),
                  count(DISTINCT ac.constituent_id)
           FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
           JOIN activity_constituents ac ON ac.activity_id = a.id
           LEFT JOIN deputy_constituents dc ON dc.year BETWEEN ? AND ? AND dc.deputy_id = ad.deputy_id
                AND dc.constituent_id = ac.constituent_id
           WHERE ad.deputy_id = ? AND a.date BETWEEN ? AND ?""", [y1, y2, did, a, b]).fetchone()
    attendances = sum(act["constituents"] for act in activities)
    suggestions = list(db.query(
        f"""SELECT s.id, s.collected_on, s.content, s.category, s.handling, s.state,
                  coalesce(p.name, '') AS department, s.due_on, s.replied_on, s.satisfaction,
                  CASE WHEN s.handling = 'referred' AND s.replied_on IS NOT NULL
                       THEN {on_time_sql("s")} END AS on_time
           FROM suggestions s LEFT JOIN departments p ON p.id = s.department_id
           WHERE s.deputy_id = ? AND s.collected_on BETWEEN ? AND ? ORDER BY s.collected_on, s.id""",
        [did, a, b]))
    outcome: dict[str, int] = {}
    for s in suggestions:
        s["outcome"] = OUTCOMES.get(s["state"], s["state"])
        s["on_time"] = None if s["on_time"] is None else bool(s["on_time"])
        outcome[s["outcome"]] = outcome.get(s["outcome"], 0) + 1
    reports = [act for act in activities if act["kind"] == "述职"]
    voters = sum(r["rating_total"] or 0 for r in reports)
    satisfied = sum(r["rating_satisfied"] or 0 for r in reports)
    members = [r[0] for r in conn.execute(
        "SELECT m.name FROM member_deputies md JOIN members m ON m.id = md.member_id "
        "WHERE md.year BETWEEN ? AND ? AND md.deputy_id = ? GROUP BY m.id ORDER BY m.id", [y1, y2, did])]
    extra: dict = {}
    if term:
        extra["term"] = {"id": term["id"], "name": term["name"], "seat_starts_on": a,
                         "seat_ends_on": None if b == OPEN_END else b}
    if duties is not None:
        extra["duty_specs"] = [{"kind": d.kind, "label": d.label, "at_least": d.at_least} for d in duties]
        extra["duties"] = _duties(db, did, duties, range(y1, y2 + 1), as_of)
    return {
        "deputy": {"id": did, "name": deputy["name"], "county": county, "levels": deputy["levels"],
                   "work_unit": deputy["work_unit"], "station": station[0] if station else ""},
        "year": year,
        "summary": {
            "activities": len(activities),
            "activities_by_kind": by_kind,
            "constituent_attendances": attendances,
            "linked_constituents": linked,
            "linked_constituents_met": met_linked,
            "constituents_met": met_all,
            "suggestions": len(suggestions),
            "suggestions_by_outcome": outcome,
            "referred": sum(1 for s in suggestions if s["handling"] == "referred"),
            "referred_on_time": sum(1 for s in suggestions if s["on_time"]),
            "report_backs": len(reports),
            "report_back_voters": voters,
            "report_back_satisfied": satisfied,
            "report_back_rate": round(satisfied / voters, 4) if voters else None,
            "contact_members": members,
        },
        "activities": activities,
        "suggestions": suggestions,
        "report_backs": [{"id": r["id"], "date": r["date"], "station": r["station"], "voters": r["rating_total"],
                          "satisfied": r["rating_satisfied"],
                          "rate": round(r["rating_satisfied"] / r["rating_total"], 4) if r["rating_total"] else None}
                         for r in reports],
        **extra,
    }


OPEN_END = "9999-12-31"


def _seat_span(db, deputy_id: int, term: dict) -> tuple[str, str]:
    """The days the deputy sat in the term (a seat still running: to an open end)."""
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.store.terms import seat_end_sql

    row = db.execute(f"SELECT s.starts_on, {seat_end_sql()} FROM seats s JOIN terms t ON t.id = s.term_id "
                     "WHERE s.term_id = ? AND s.deputy_id = ?", [term["id"], deputy_id]).fetchone()
    if row is None:
        raise UserError(f"该代表没有在“{term['name']}”任职的记录")
    return row[0], row[1] or OPEN_END


def _duties(db, deputy_id: int, duties: list, years: range, as_of: dt.date | None) -> list[dict]:
    """Each year's duties of one deputy (store/duties.py, restricted to them): one row per year."""
    from shuanglian_cli.store.duties import duty_table

    out = []
    for y in years:
        if as_of is not None and y > as_of.year:
            break
        rows = duty_table(db, duties, y, as_of or dt.date(y, 12, 31), deputy_ids=[deputy_id])["deputies"]
        if rows:
            out.append({"year": y, **{k: v for k, v in rows[0].items()
                                      if k not in ("deputy_id", "deputy", "county", "levels", "station")}})
    return out


def deputy_rank(db: sqlite_utils.Database, year: int, county_id: int | None = None,
                level: str | None = None, term_id: int | None = None) -> list[dict]:
    """Every active deputy (those with no participation too), most active first; with a term, every
    deputy who sat in it, on the roster or not."""
    a, b = _year(year)
    where, args = ["d.active = 1"], []
    if term_id is not None:
        where, args = ["d.id IN (SELECT deputy_id FROM seats WHERE term_id = ?)"], [term_id]
    if county_id is not None:
        where.append("d.county_id = ?")
        args.append(county_id)
    if level:
        where.append("(',' || d.levels || ',') LIKE ?")
        args.append(f"%,{level},%")
    rows = _rank_rows(db, where, args, a, b)
    rank, previous = 0, None
    for i, row in enumerate(rows, start=1):
        key = (row["activities"], row["suggestions"], row["constituents_met"])
        if key != previous:
            rank, previous = i, key
        row["rank"] = rank
    return rows


def _rank_rows(db, where: list[str], args: list, a: str, b: str) -> list[dict]:
    return list(db.query(
        f"""WITH acts AS (
                SELECT ad.deputy_id, count(*) AS n, sum(a.kind = '述职') AS reports
                FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
                WHERE a.date BETWEEN ? AND ? GROUP BY ad.deputy_id),
            met AS (
                SELECT ad.deputy_id, count(DISTINCT ac.constituent_id) AS n
                FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
                JOIN activity_constituents ac ON ac.activity_id = a.id
                WHERE a.date BETWEEN ? AND ? GROUP BY ad.deputy_id),
            sugg AS (
                SELECT deputy_id, count(*) AS n, sum(handling = 'referred') AS referred
                FROM suggestions WHERE collected_on BETWEEN ? AND ? AND deputy_id IS NOT NULL
                GROUP BY deputy_id)
            SELECT d.id AS deputy_id, d.name AS deputy, c.short_name AS county, d.levels,
                   coalesce(acts.n, 0) AS activities, coalesce(met.n, 0) AS constituents_met,
                   coalesce(sugg.n, 0) AS suggestions, coalesce(sugg.referred, 0) AS referred,
                   coalesce(acts.reports, 0) AS report_backs
            FROM deputies d JOIN counties c ON c.id = d.county_id
            LEFT JOIN acts ON acts.deputy_id = d.id LEFT JOIN met ON met.deputy_id = d.id
            LEFT JOIN sugg ON sugg.deputy_id = d.id
            WHERE {' AND '.join(where)}
            ORDER BY activities DESC, suggestions DESC, constituents_met DESC, d.id""",
        [a, b, a, b, a, b, *args]))
