"""The matters raised most in a period (`sl topics`; the quarterly bulletin uses topics()): the period's
suggestions grouped by matter (domain/topics), most frequent first, each with its label, count,
stations and towns, how many were referred and to whom, an example, and its suggestions' ids."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from shuanglian_cli.errors import UserError


def period_of(quarter: str | None, year: int | None) -> tuple[str, dt.date, dt.date]:
    """(its name, first day, last day) of --quarter 2026Q3 or --year 2026: exactly one of them."""
    from shuanglian_cli.domain.dates import format_quarter, parse_quarter, parse_year, quarter_range

    if (quarter is None) == (year is None):
        raise UserError("请给出 --quarter（例如 2026Q3）或 --year（例如 2026）之一")
    if quarter is not None:
        y, q = parse_quarter(quarter)
        start, end = quarter_range(y, q)
        return format_quarter(y, q), start, end
    y = parse_year(year)
    return str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)


def topics(db, period: tuple[str, dt.date, dt.date] | str, county_id: int | None, config=None,
           limit: int | None = None, as_of: dt.date | None = None) -> list[dict]:
    """The period's matters, most suggestions first: dicts of label, count, stations, towns, referred
    (how many of them were referred), departments ([{name, count}], most first), example (the text
    that started the group), ids (its suggestions). period: period_of(...) or '2026Q3' / '2026'; as_of:
    only what was collected by then, handled as it stood that day (None: as it stands now)."""
    from shuanglian_cli.domain.topics import group_texts, label
    from shuanglian_cli.services.similar import reader_of, threshold_of
    from shuanglian_cli.store.similar import period_suggestions

    if isinstance(period, str):
        period = period_of(None, int(period)) if period.isdigit() else period_of(period, None)
    _, start, end = period
    rows = period_suggestions(db, start, end, county_id, as_of)
    read = reader_of(config)
    texts = [r["content"] for r in rows]
    out = []
    for members in group_texts(texts, read, threshold_of(config))[:limit]:
        group = [rows[i] for i in members]
        referred = [r for r in group if r["handling"] == "referred"]
        out.append({
            "label": label([texts[i] for i in members], read),
            "count": len(group),
            "stations": _most_first(r["station"] for r in group),
            "towns": _most_first(r["town"] for r in group),
            "referred": len(referred),
            "departments": [{"name": n, "count": c} for n, c in
                            Counter(r["department"] for r in referred if r["department"]).most_common()],
            "example": group[0]["content"],
            "ids": sorted(r["id"] for r in group),
        })
    return out


def _most_first(names) -> list[str]:
    return [n for n, _ in Counter(n for n in names if n).most_common()]
