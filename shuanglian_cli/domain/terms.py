"""Terms of office (届次): the rules, without I/O.

A term belongs to one congress: a county's (level 县) or a town's (level 镇, naming its town), and runs
from its start to its end date. A term's end date is the day the next term of that congress begins
(换届: deputies serve until the new congress first meets), so two terms of one congress may share that
one day and overlap nowhere else. A seat is a deputy in a term; a deputy may hold seats in several
congresses at once. A seat runs from its start to its own end date, or, when it has none, to its term's.
Dates are ISO text, as stored; an open end (None) is later than every date.
"""

from __future__ import annotations

import datetime as dt

LEVELS = ("县", "镇")  # the congresses a county office keeps terms for
LEVEL_ALIASES = {"县": "县", "区": "县", "县区": "县", "county": "县", "镇": "镇", "街道": "镇", "镇街": "镇",
                 "town": "镇"}
TERM_YEARS = 5  # a term lasts five years (宪法第六十条、第九十八条)
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as a Chinese numeral: 十八, 二十, 二十一."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def term_name(place: str, number: int) -> str:
    """沂源县第十八届人民代表大会, 南麻街道第十九届人民代表大会."""
    return f"{place}第{chinese_number(number)}届人民代表大会"


def default_end(start: dt.date) -> dt.date:
    """Five years on (a 29 February start ends on 28 February)."""
    try:
        return start.replace(year=start.year + TERM_YEARS)
    except ValueError:
        return start.replace(year=start.year + TERM_YEARS, day=28)


def overlap(a_start: str, a_end: str | None, b_start: str, b_end: str | None) -> bool:
    """Two terms of one congress overlap when they share more than a handover day."""
    return (a_end is None or b_start < a_end) and (b_end is None or a_start < b_end)


def seat_end(seat_ends_on: str | None, term_ends_on: str | None) -> str | None:
    """The day a seat ends: its own end date, else its term's, whichever comes first."""
    ends = [d for d in (seat_ends_on, term_ends_on) if d]
    return min(ends) if ends else None


def holds_on(seat_starts_on: str, seat_ends_on: str | None, term_ends_on: str | None, day: str) -> bool:
    end = seat_end(seat_ends_on, term_ends_on)
    return seat_starts_on <= day and (end is None or day <= end)


def span_years(starts_on: str, ends_on: str | None, last_year: int) -> range:
    """The calendar years a term touches, up to `last_year` for an open or future end."""
    end_year = min(int(ends_on[:4]), last_year) if ends_on else last_year
    return range(int(starts_on[:4]), max(end_year, int(starts_on[:4])) + 1)
