"""China's working-day calendar and deadline arithmetic.

Holidays and make-up working days (调休) for the years the State Council has announced come
from the `chinese_calendar` package; the config may add years (a new notice), extra holidays and
local closures. A year confirmed by neither is "unconfirmed": weekends rest, weekdays work, and
any deadline touching it is flagged.

Arithmetic works on the sorted ordinals of all working days in the supported span, so a
deadline is one bisect and an index step, not a day-by-day loop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from shuanglian_cli.errors import UserError

FIRST_YEAR = 2000
LAST_YEAR = 2060


@dataclass(frozen=True)
class Deadline:
    start: dt.date
    workdays: int
    due: dt.date
    confirmed: bool

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "workdays": self.workdays,
            "due": self.due.isoformat(),
            "confirmed": self.confirmed,
        }


@dataclass
class CalendarData:
    """Raw facts: rest days that would be weekdays, working weekend days, confirmed years."""

    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    confirmed_years: set[int] = field(default_factory=set)
    closures: dict[dt.date, str] = field(default_factory=dict)


class WorkCalendar:
    def __init__(self, data: CalendarData):
        self.data = data
        start = dt.date(FIRST_YEAR, 1, 1).toordinal()
        end = dt.date(LAST_YEAR, 12, 31).toordinal()
        rest = {d.toordinal() for d in data.holidays} | {d.toordinal() for d in data.closures}
        work = {d.toordinal() for d in data.workdays}
        ordinals = []
        for o in range(start, end + 1):
            # date.fromordinal(o).weekday() == (o + 6) % 7: avoids building 22,000 date objects
            weekday = (o + 6) % 7
            if o in rest:
                continue
            if weekday < 5 or o in work:
                ordinals.append(o)
        self._work = ordinals
        self._first = start
        self._last = end
        self._confirmed = frozenset(data.confirmed_years)

    # -- facts about single days -------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        o = day.toordinal()
        self._check_span(day)
        i = bisect_left(self._work, o)
        return i < len(self._work) and self._work[i] == o

    def is_confirmed_year(self, year: int) -> bool:
        return year in self._confirmed

    def confirmed_between(self, a: dt.date, b: dt.date) -> bool:
        lo, hi = min(a, b), max(a, b)
        return all(y in self._confirmed for y in range(lo.year, hi.year + 1))

    # -- arithmetic --------------------------------------------------------------------------
    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The N-th working day after `start` (start itself is day 0 and never counted)."""
        if n < 1:
            raise UserError(f"办理时限必须是正整数个工作日，收到 {n}")
        self._check_span(start)
        pos = bisect_right(self._work, start.toordinal()) + n - 1
        if pos >= len(self._work):
            raise UserError(f"期限超出日历支持的范围（{LAST_YEAR} 年以后）")
        return dt.date.fromordinal(self._work[pos])

    def deadline(self, start: dt.date, n: int) -> Deadline:
        due = self.add_workdays(start, n)
        return Deadline(start, n, due, self.confirmed_between(start, due))

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]: how many working days after `a` up to and including `b`.

        Negative when b is before a. workdays_between(s, add_workdays(s, n)) == n.
        """
        self._check_span(a)
        self._check_span(b)
        if b < a:
            return -self.workdays_between(b, a)
        return bisect_right(self._work, b.toordinal()) - bisect_right(self._work, a.toordinal())

    def next_workday(self, day: dt.date, include_self: bool = True) -> dt.date:
        o = day.toordinal()
        i = bisect_left(self._work, o) if include_self else bisect_right(self._work, o)
        return dt.date.fromordinal(self._work[i])

    def previous_workday(self, day: dt.date, include_self: bool = True) -> dt.date:
        o = day.toordinal()
        i = bisect_right(self._work, o) - 1 if include_self else bisect_left(self._work, o) - 1
        return dt.date.fromordinal(self._work[i])

    # -- listing -----------------------------------------------------------------------------
    def year_listing(self, year: int) -> dict:
        def in_year(items: dict[dt.date, str]) -> list[tuple[dt.date, str]]:
            return sorted((d, n) for d, n in items.items() if d.year == year)

        return {
            "year": year,
            "confirmed": self.is_confirmed_year(year),
            "holidays": [(d, n) for d, n in in_year(self.data.holidays) if d.weekday() < 5],
            "workdays": in_year(self.data.workdays),
            "closures": in_year(self.data.closures),
            "workday_count": sum(1 for o in self._work if dt.date.fromordinal(o).year == year),
        }

    def fingerprint(self) -> str:
        """Changes whenever any fact changes: stored due dates must then be recomputed."""
        h = hashlib.sha256()
        for name, items in (("h", self.data.holidays), ("w", self.data.workdays), ("c", self.data.closures)):
            h.update(name.encode())
            h.update(",".join(sorted(d.isoformat() for d in items)).encode())
        h.update(",".join(str(y) for y in sorted(self._confirmed)).encode())
        return h.hexdigest()[:16]

    def _check_span(self, day: dt.date) -> None:
        if not (FIRST_YEAR <= day.year <= LAST_YEAR):
            raise UserError(f"日期 {day.isoformat()} 超出工作日历支持的范围（{FIRST_YEAR}–{LAST_YEAR} 年）")


def _expand(spec: object) -> Iterable[dt.date]:
    """A config entry: a date, or 'A..B' for a range of days."""
    from shuanglian_cli.domain.dates import parse_date

    text = str(spec)
    if ".." in text:
        a, b = (parse_date(part.strip(), "日历日期") for part in text.split("..", 1))
        if b < a:
            raise UserError(f"日历区间“{text}”的结束日早于开始日")
        return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
    return [parse_date(spec, "日历日期")]


def library_data() -> CalendarData:
    """The State Council notices as packaged by chinese_calendar (confirmed years only)."""
    from chinese_calendar import constants  # lazy: only commands that count days pay for it

    holidays = {d: getattr(name, "value", str(name)) for d, name in constants.holidays.items()}
    workdays = {d: getattr(name, "value", str(name)) for d, name in constants.workdays.items()}
    years = {d.year for d in holidays}
    return CalendarData(holidays=holidays, workdays=workdays, confirmed_years=years)


def apply_overrides(data: CalendarData, config_calendar: dict | None) -> CalendarData:
    """Merge the config's `calendar:` section into the library facts.

    calendar:
      years:
        2027: {holidays: ["2027-02-06..2027-02-13"], workdays: ["2027-02-14"]}
      closures: ["2026-07-15"]
    """
    if not config_calendar:
        return data
    years = config_calendar.get("years") or {}
    if not isinstance(years, dict):
        raise UserError("配置 calendar.years 应为“年份: {holidays: [...], workdays: [...]}”的映射")
    for year, spec in years.items():
        try:
            year_int = int(year)
        except (TypeError, ValueError):
            raise UserError(f"配置 calendar.years 中的“{year}”不是年份") from None
        spec = spec or {}
        if not isinstance(spec, dict):
            raise UserError(f"配置 calendar.years.{year} 应包含 holidays 和 workdays 列表")
        for entry in spec.get("holidays") or []:
            for d in _expand(entry):
                data.holidays[d] = "配置：节假日"
                data.workdays.pop(d, None)
        for entry in spec.get("workdays") or []:
            for d in _expand(entry):
                data.workdays[d] = "配置：调休上班"
                data.holidays.pop(d, None)
        if spec.get("confirmed", True):
            data.confirmed_years.add(year_int)
    for entry in config_calendar.get("closures") or []:
        for d in _expand(entry):
            data.closures[d] = "配置：本地停止办公"
    return data


_CACHE: dict[str, WorkCalendar] = {}


def build_calendar(config_calendar: dict | None = None) -> WorkCalendar:
    import json

    key = json.dumps(config_calendar or {}, sort_keys=True, default=str)
    if key not in _CACHE:
        _CACHE[key] = WorkCalendar(apply_overrides(library_data(), config_calendar))
    return _CACHE[key]
