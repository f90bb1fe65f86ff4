"""The queries behind `sl today`'s waiting lists (services/today.py says what to do about each row).
`source` is what to read suggestions from as they stood on the day (store/as_of.suggestions_source,
decided once for the list); `county_id` None for every county."""

from __future__ import annotations

import datetime as dt


def _county(county_id: int | None) -> tuple[str, list]:
    return (" AND s.county_id = ?", [county_id]) if county_id is not None else ("", [])


def replied_before(db, source: str, cut: str, county_id: int | None) -> list[tuple]:
    """(id, replied_on) of the suggestions replied to before `cut` and not yet fed back."""
    county, args = _county(county_id)
    return db.execute(f"SELECT s.id, s.replied_on FROM {source} s WHERE s.state = 'replied' AND s.replied_on < ?{county} "
                      "ORDER BY s.replied_on, s.id", [cut, *args]).fetchall()


def promises_passed(db, source: str, day: dt.date, county_id: int | None) -> list[tuple]:
    """(id, promise_on) of the B promises passed without a follow-up (store/referrals.promises_sql)."""
    from shuanglian_cli.store.referrals import promises_sql

    county, args = _county(county_id)
    return db.execute(*promises_sql(source, day, county, args)).fetchall()


def returned(db, source: str, county_id: int | None) -> list[tuple]:
    """(id, the body that returned it, its latest return's date) of the suggestions awaiting a new body."""
    county, args = _county(county_id)
    return db.execute(
        f"""SELECT s.id, d.name, (SELECT max(r.returned_on) FROM suggestion_returns r WHERE r.suggestion_id = s.id)
            FROM {source} s LEFT JOIN departments d ON d.id = s.department_id
            WHERE s.state = 'returned'{county} ORDER BY s.id""", args).fetchall()


def unsatisfied(db, source: str, county_id: int | None) -> list[tuple]:
    """(id, fed_back_on) of the suggestions fed back 不满意 and neither reopened nor closed."""
    county, args = _county(county_id)
    return db.execute(
        f"SELECT s.id, s.fed_back_on FROM {source} s WHERE s.state = 'fed_back' AND s.satisfaction = '不满意'{county} "
        "ORDER BY s.fed_back_on, s.id", args).fetchall()
