"""The referral desk in the department report (issue 14 items 1, 2, 3, 6): returns, co-handling,
answers by class, and the score that assesses the bodies (weights from the config, no formula
language). Used by `sl departments report` and the year workbook of `sl export year`."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.domain import referral
from shuanglian_cli.domain.lifecycle import department_summary
from shuanglian_cli.store.referrals import department_desk_figures
from shuanglian_cli.store.suggestions import OPEN_REFERRED_COLUMNS, open_referred, referred_in


def department_rows(db, config, calendar, *, year: int, county_id, day: dt.date) -> tuple[list[dict], dict]:
    """One row per body for the suggestions referred to it in `year` (as of `day`), with the bodies
    still holding overdue ones from any year, the desk's figures and the score; and the total."""
    groups: dict[tuple[str, str], list[dict]] = {}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for r in referred_in(db, start=start, end=end, county_id=county_id, as_of=day):
        if r["state"] == "returned":  # returned, awaiting reassignment: no longer the body's (counted under 退办)
            continue
        groups.setdefault((r["county"], r["department"]), []).append(r)
    overdue: dict[tuple[str, str], int] = {}
    dept_at, county_at = OPEN_REFERRED_COLUMNS.index("department"), OPEN_REFERRED_COLUMNS.index("county")
    for r in open_referred(db, as_of=day, due_before=day, county_id=county_id):
        key = (r[county_at], r[dept_at])
        overdue[key] = overdue.get(key, 0) + 1
        groups.setdefault(key, [])
    rows = [{"department": dept, "county": cty, **department_summary(items, calendar, overdue.get((cty, dept), 0))}
            for (cty, dept), items in groups.items()]
    add_desk_figures(db, config, rows, start=start, end=end, county_id=county_id, day=day)
    total = department_summary([r for items in groups.values() for r in items], calendar, sum(overdue.values()))
    return rows, total


DESK_KEYS = ("returned", "returned_workdays", "co_handled", "co_replied", "co_on_time", "class_a", "class_b", "class_c")


def add_desk_figures(db, config, rows: list[dict], *, start: dt.date, end: dt.date, county_id, day: dt.date) -> list[dict]:
    """The report's rows (one per body, with referred, answered_on_time, satisfied, overdue_now)
    with the desk's figures, the score and the rank; bodies that only returned or co-handled are
    added. Returns the rows."""
    figures = department_desk_figures(db, start=start, end=end, county_id=county_id, as_of=day)
    by_key = {(r["county"], r["department"]): r for r in rows}
    for key in figures:
        if key not in by_key:
            row = {"department": key[1], "county": key[0], "referred": 0, "answered": 0, "answered_on_time": 0,
                   "on_time_rate": None, "median_workdays_to_reply": None, "overdue_now": 0, "fed_back": 0,
                   "satisfied": 0, "satisfaction_rate": None}
            rows.append(row)
            by_key[key] = row
    weights = config.get("score", "weights") or {}
    minimum = int(config.get("score", "min_referrals", default=3))
    for key, row in by_key.items():
        row.update({k: figures.get(key, {}).get(k, 0) for k in DESK_KEYS})
        counts = {"referrals": row["referred"] + row["returned"], "on_time": row["answered_on_time"],
                  "satisfied": row["satisfied"], "class_a": row["class_a"], "returned": row["returned"],
                  "overdue_now": row["overdue_now"]}
        row.update(referral.score(counts, weights, minimum))
    referral.rank(rows)
    for row in rows:
        row["ranked"] = row.pop("rankable")
    return rows
