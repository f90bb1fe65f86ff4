"""What the city table (`sl stats year --by-county`) adds for each county beyond period_stats: rosters
by level, who is in fixed contact (each person once), figures per activity kind, and 述职 ratings by
the reporting deputies' level. A handful of aggregate queries per county."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from shuanglian_cli.domain.text import LEVELS
from shuanglian_cli.domain.vocabulary import ACTIVITY_KINDS


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def highest_level(levels: str) -> str:
    """A deputy's highest level: 全国 > 省 > 市 > 县 > 镇 (how a report-back is classed)."""
    found = set((levels or "").split(","))
    return next((lv for lv in LEVELS if lv in found), "镇")


def county_figures(db: sqlite_utils.Database, county_id: int, start: dt.date, end: dt.date, as_of: dt.date) -> dict:
    conn = db.conn
    a, b = start.isoformat(), min(end, as_of).isoformat()
    years = (start.year, end.year)
    out: dict = {}
    row = conn.execute(
        "SELECT count(*), " + ", ".join(f"coalesce(sum(instr(',' || levels || ',', ',{lv},') > 0), 0)" for lv in LEVELS)
        + " FROM deputies WHERE county_id = ? AND active = 1", [county_id]).fetchone()
    out["deputies"] = row[0]
    out["deputies_by_level"] = dict(zip(LEVELS, row[1:], strict=True))
    out["members"] = conn.execute("SELECT count(*) FROM members WHERE county_id = ? AND active = 1",
                                  [county_id]).fetchone()[0]
    out["members_linking"], out["deputies_linked_by_members"] = conn.execute(
        """SELECT count(DISTINCT md.member_id), count(DISTINCT md.deputy_id) FROM member_deputies md
           JOIN members m ON m.id = md.member_id WHERE m.county_id = ? AND md.year BETWEEN ? AND ?""",
        [county_id, *years]).fetchone()
    out["deputies_with_constituents"], out["constituents_in_contact"] = conn.execute(
        """SELECT count(DISTINCT dc.deputy_id), count(DISTINCT dc.constituent_id) FROM deputy_constituents dc
           JOIN deputies d ON d.id = dc.deputy_id WHERE d.county_id = ? AND dc.year BETWEEN ? AND ?""",
        [county_id, *years]).fetchone()
    out["by_kind"] = _by_kind(db, county_id, a, b, as_of)
    out["report_backs_by_level"] = _report_backs(conn, county_id, a, b)
    return out


def _by_kind(db: sqlite_utils.Database, county_id: int, a: str, b: str, as_of: dt.date) -> dict:
    """Per activity kind; a suggestion's handling is the one it had on `as_of` (store/as_of.py)."""
    from shuanglian_cli.store.as_of import suggestions_source

    conn = db.conn
    empty = {"activities": 0, "deputy_attendances": 0, "constituent_attendances": 0, "suggestions": 0,
             "on_spot": 0, "referred": 0, "inter_session": 0}
    kinds = {k: dict(empty) for k in ACTIVITY_KINDS}
    where = "a.county_id = ? AND a.date BETWEEN ? AND ?"
    for kind, n, extra in conn.execute(
            f"SELECT a.kind, count(*), coalesce(sum(a.extra_constituents), 0) FROM activities a WHERE {where} "
            "GROUP BY a.kind", [county_id, a, b]):
        kinds[kind]["activities"] = n
        kinds[kind]["constituent_attendances"] = extra
    for kind, n in conn.execute(
            f"""SELECT a.kind, count(*) FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
                WHERE {where} GROUP BY a.kind""", [county_id, a, b]):
        kinds[kind]["deputy_attendances"] = n
    for kind, n in conn.execute(
            f"""SELECT a.kind, count(*) FROM activity_constituents ac JOIN activities a ON a.id = ac.activity_id
                WHERE {where} GROUP BY a.kind""", [county_id, a, b]):
        kinds[kind]["constituent_attendances"] += n
    for kind, n, on_spot, referred, inter in conn.execute(
            f"""SELECT a.kind, count(*), coalesce(sum(s.handling = 'on_spot'), 0),
                       coalesce(sum(s.handling = 'referred'), 0), coalesce(sum(s.handling = 'inter_session'), 0)
                FROM {suggestions_source(db, as_of)} s JOIN activities a ON a.id = s.activity_id
                WHERE {where} AND s.collected_on BETWEEN ? AND ? GROUP BY a.kind""", [county_id, a, b, a, b]):
        kinds[kind].update(suggestions=n, on_spot=on_spot, referred=referred, inter_session=inter)
    return kinds


def _report_backs(conn, county_id: int, a: str, b: str) -> dict:
    """述职 activities classed by the highest level among their reporting deputies."""
    acts: dict[int, dict] = {}
    for act_id, total, satisfied, deputy_id, levels in conn.execute(
            """SELECT a.id, a.rating_total, a.rating_satisfied, ad.deputy_id, d.levels FROM activities a
               LEFT JOIN activity_deputies ad ON ad.activity_id = a.id LEFT JOIN deputies d ON d.id = ad.deputy_id
               WHERE a.county_id = ? AND a.kind = '述职' AND a.date BETWEEN ? AND ?""", [county_id, a, b]):
        act = acts.setdefault(act_id, {"total": total or 0, "satisfied": satisfied or 0, "deputies": set(),
                                       "level": "镇"})
        if deputy_id is not None:
            act["deputies"].add(deputy_id)
            level = highest_level(levels)
            if LEVELS.index(level) < LEVELS.index(act["level"]):
                act["level"] = level
    out: dict = {}
    for act in acts.values():
        row = out.setdefault(act["level"], {"report_backs": 0, "deputies": set(), "voters": 0, "satisfied": 0})
        row["report_backs"] += 1
        row["deputies"] |= act["deputies"]
        row["voters"] += act["total"]
        row["satisfied"] += act["satisfied"]
    return {lv: {**row, "deputies": len(row["deputies"]), "rate": _rate(row["satisfied"], row["voters"])}
            for lv, row in sorted(out.items(), key=lambda kv: LEVELS.index(kv[0]))}
