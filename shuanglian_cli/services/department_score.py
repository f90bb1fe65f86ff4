"""The referral desk in the department report (issue 14 items 1, 2, 3, 6): returns, co-handling,
answers by class, and the score that assesses the bodies (weights from the config, no formula
language). Used by `sl departments report` and the year workbook of `sl export year`."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.domain import referral
from shuanglian_cli.store.referrals import department_desk_figures


def department_rows(db, config, calendar, *, year: int, county_id, day: dt.date) -> tuple[list[dict], dict]:
    """One row per body for the suggestions referred to it in `year` (as of `day`), with the bodies
    still holding overdue ones from any year (store/stats.department_report), the desk's figures and
    the score; and the total."""
    from shuanglian_cli.store.stats import department_report

    rows, total = department_report(db, calendar, year=year, county_id=county_id, as_of=day)
    add_desk_figures(db, config, rows, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                     county_id=county_id, day=day)
    rows.sort(key=lambda r: (-r["referred"], -r["overdue_now"], r["county"], r["department"] or ""))
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
