"""Dates and quarters as clerks write them: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from shuanglian_cli.domain.text import to_halfwidth
from shuanglian_cli.errors import UserError

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(value: object, what: str = "日期") -> dt.date:
    """Parse a date from text or a spreadsheet value; UserError names the bad value."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = to_halfwidth(str(value if value is not None else "")).strip()
    if " " in text and _DATE.match(text.split(" ")[0]):
        text = text.split(" ")[0]  # "2026-11-20 00:00:00" from a spreadsheet
    m = _DATE.match(text) or _COMPACT.match(text)
    if not m:
        raise UserError(f"{what}“{text}”无法识别，请写成 2026-11-20、2026/11/20 或 2026年11月20日")
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise UserError(f"{what}“{text}”不存在（{year}年没有{month}月{day}日）") from None


def parse_date_option(value: str | None, what: str = "日期") -> dt.date | None:
    return None if value is None else parse_date(value, what)


def today() -> dt.date:
    from shuanglian_cli.clock import today as real_today

    return real_today()


_QUARTER = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq季]?\s*([1-4一二三四])\s*季?度?\s*$")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}


class Quarter(NamedTuple):
    year: int
    quarter: int  # 1 to 4


def parse_quarter(value: str) -> Quarter:
    """'2026Q3', '2026-Q3', '2026年第三季度' -> (2026, 3)."""
    text = to_halfwidth(str(value)).strip().replace("年第", "").replace("年", "")
    m = _QUARTER.match(text)
    if not m:
        raise UserError(f"季度“{value}”无法识别，请写成 2026Q3（季度为 1 到 4）")
    q = m.group(2)
    return Quarter(int(m.group(1)), _CN_DIGIT.get(q) or int(q))


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_complete_quarter(day: dt.date) -> Quarter:
    year, q = quarter_of(day)
    return Quarter(year - 1, 4) if q == 1 else Quarter(year, q - 1)


def format_quarter(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


_YEAR = re.compile(r"[0-9]+")


def parse_year(text: object, what: str = "年份") -> int:
    """A year between 2000 and 2100 as typed or found in a cell: 2026, '２０２６', '2026年', '2026年度'.
    UserError names the value (as `what`, e.g. 年份 or 年度) when it is not such a year."""
    shown = str(text if text is not None else "").strip()
    digits = to_halfwidth(shown).strip().removesuffix("年度").removesuffix("年").strip()
    if not (_YEAR.fullmatch(digits) and 2000 <= int(digits) <= 2100):
        raise UserError(f"{what}“{shown}”无法识别，请写成 2000 到 2100 之间的四位年份，如 2026")
    return int(digits)
