"""China's working-day calendar and deadline arithmetic.

Holidays and make-up working days (调休) for the years the State Council has announced come
from the `chinese_calendar` package. (The `holidays` package agrees with it on 2024–2026, weekday
holidays and weekend working days alike, but says nothing about which years are announced;
chinese_calendar's data ends at the last notice, which is exactly the "confirmed" line we need.)
The config may add years (a new notice), extra holidays and local closures. A year confirmed by
neither is "unconfirmed": weekends rest, weekdays work, and any deadline touching it is flagged.

Arithmetic works on two precomputed arrays over the supported span: the sorted ordinals of all
working days, and for every day the number of working days up to and including it. A deadline
is then one subtraction and two list lookups, not a loop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from shuanglian_cli.errors import UserError

FIRST_YEAR = 2000
LAST_YEAR = 2060
WEEKDAYS_CN = "一二三四五六日"


class Deadline(NamedTuple):
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


_new_deadline = tuple.__new__  # skips NamedTuple's Python-level __new__: deadline() is hot
_fromordinal = dt.date.fromordinal


@dataclass
class CalendarData:
    """Raw facts: rest days that would be weekdays, working weekend days, confirmed years."""

    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    confirmed_years: set[int] = field(default_factory=set)
    closures: dict[dt.date, str] = field(default_factory=dict)


def weekday_cn(day: dt.date) -> str:
    return "星期" + WEEKDAYS_CN[day.weekday()]


class WorkCalendar:
    def __init__(self, data: CalendarData):
        self.data = data
        start = dt.date(FIRST_YEAR, 1, 1).toordinal()
        end = dt.date(LAST_YEAR, 12, 31).toordinal()
        rest = {d.toordinal() for d in data.holidays} | {d.toordinal() for d in data.closures}
        work = {d.toordinal() for d in data.workdays}
        ordinals: list[int] = []
        upto: list[int] = []  # upto[o - start]: working days in [start, o]
        for o in range(start, end + 1):
            # date.fromordinal(o).weekday() == (o + 6) % 7: avoids building 22,000 date objects
            if o not in rest and ((o + 6) % 7 < 5 or o in work):
                ordinals.append(o)
            upto.append(len(ordinals))
        self._work = ordinals
        self._upto = upto
        self._first = start
        self._last = end
        self._confirmed = frozenset(data.confirmed_years)
        # _confirmed_until[y - FIRST_YEAR]: the last year of the unbroken run of confirmed years
        # starting at y (y - 1 when y itself is unconfirmed), so "confirmed from a to b" is one lookup
        until: list[int] = []
        for y in range(LAST_YEAR, FIRST_YEAR - 1, -1):
            until.append((until[-1] if until and y + 1 in self._confirmed else y) if y in self._confirmed else y - 1)
        self._confirmed_until = until[::-1]

    # -- facts about single days -------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        i = self._offset(day)
        return self._upto[i] != (self._upto[i - 1] if i else 0)

    def is_confirmed_year(self, year: int) -> bool:
        return year in self._confirmed

    def confirmed_between(self, a: dt.date, b: dt.date) -> bool:
        lo, hi = (a.year, b.year) if a <= b else (b.year, a.year)
        confirmed = self._confirmed
        if lo == hi:
            return lo in confirmed
        return all(y in confirmed for y in range(lo, hi + 1))

    def day_kind(self, day: dt.date) -> str:
        """'工作日', '休息日', '节假日', '调休上班' or '停止办公', for display."""
        if day in self.data.closures:
            return "停止办公"
        if day in self.data.holidays:
            return "节假日"
        if day in self.data.workdays:
            return "调休上班"
        return "工作日" if day.weekday() < 5 else "休息日"

    # -- arithmetic --------------------------------------------------------------------------
    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The N-th working day after `start` (start itself is day 0 and never counted)."""
        if n < 1:
            raise UserError(f"办理时限必须是正整数个工作日，收到 {n}")
        try:
            o = start.toordinal() - self._first
            if o < 0:
                raise IndexError
            return dt.date.fromordinal(self._work[self._upto[o] + n - 1])
        except IndexError:
            self._check_span(start)
            raise UserError(f"期限超出工作日历支持的范围（{LAST_YEAR} 年以后）") from None

    def deadline(self, start: dt.date, n: int) -> Deadline:
        """The due date of an N-working-day limit from `start`, and whether it is confirmed."""
        o = start.toordinal() - self._first
        try:
            if n < 1 or o < 0:
                raise IndexError
            due = _fromordinal(self._work[self._upto[o] + n - 1])
        except IndexError:
            due = self.add_workdays(start, n)  # raises the right message
        confirmed = self._confirmed_until[start.year - FIRST_YEAR] >= due.year
        return _new_deadline(Deadline, (start, n, due, confirmed))

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]: how many working days after `a` up to and including `b`.

        Negative when b is before a. workdays_between(s, add_workdays(s, n)) == n.
        """
        first, upto = self._first, self._upto
        i, j = a.toordinal() - first, b.toordinal() - first
        if i < 0 or j < 0:
            self._check_span(a)
            self._check_span(b)
        try:
            return upto[j] - upto[i]
        except IndexError:
            self._check_span(a)
            self._check_span(b)
            raise

    def next_workday(self, day: dt.date, include_self: bool = True) -> dt.date:
        i = self._offset(day)
        before = self._upto[i - 1] if i else 0
        pos = before if include_self else self._upto[i]
        return self._at(pos)

    def previous_workday(self, day: dt.date, include_self: bool = True) -> dt.date:
        i = self._offset(day)
        pos = (self._upto[i] if include_self else (self._upto[i - 1] if i else 0)) - 1
        return self._at(pos)

    def _at(self, pos: int) -> dt.date:
        if not 0 <= pos < len(self._work):
            raise UserError(f"日期超出工作日历支持的范围（{FIRST_YEAR}–{LAST_YEAR} 年）")
        return dt.date.fromordinal(self._work[pos])

    # -- listing -----------------------------------------------------------------------------
    def year_listing(self, year: int) -> dict:
        """The year's rest periods (holidays, closures) as ranges, its make-up working days,
        whether it is confirmed, and its number of working days."""
        self._check_span(dt.date(year, 1, 1))
        first = self._offset(dt.date(year, 1, 1))
        last = self._offset(dt.date(year, 12, 31))
        return {
            "year": year,
            "confirmed": self.is_confirmed_year(year),
            "holidays": _ranges(d for d in self.data.holidays.items() if d[0].year == year),
            "workdays": sorted((d, n) for d, n in self.data.workdays.items() if d.year == year),
            "closures": sorted((d, n) for d, n in self.data.closures.items() if d.year == year),
            "workday_count": self._upto[last] - (self._upto[first - 1] if first else 0),
        }

    def fingerprint(self) -> str:
        """Changes whenever any fact changes: stored due dates must then be recomputed."""
        h = hashlib.sha256()
        for name, items in (("h", self.data.holidays), ("w", self.data.workdays), ("c", self.data.closures)):
            h.update(name.encode())
            h.update(",".join(sorted(d.isoformat() for d in items)).encode())
        h.update(",".join(str(y) for y in sorted(self._confirmed)).encode())
        return h.hexdigest()[:16]

    def _offset(self, day: dt.date) -> int:
        i = day.toordinal() - self._first
        if i < 0 or i >= len(self._upto):
            self._check_span(day)
        return i

    def _check_span(self, day: dt.date) -> None:
        if not (FIRST_YEAR <= day.year <= LAST_YEAR):
            raise UserError(f"日期 {day.isoformat()} 超出工作日历支持的范围（{FIRST_YEAR}–{LAST_YEAR} 年）")


def _ranges(items: Iterable[tuple[dt.date, str]]) -> list[tuple[dt.date, dt.date, str]]:
    """Consecutive days with the same name merged: (first, last, name)."""
    out: list[tuple[dt.date, dt.date, str]] = []
    for day, name in sorted(items):
        if out and out[-1][2] == name and (day - out[-1][1]).days == 1:
            out[-1] = (out[-1][0], day, name)
        else:
            out.append((day, day, name))
    return out


def _expand(spec: object) -> Iterable[dt.date]:
    """A config entry: a date, or 'A..B' for a range of days."""
    from shuanglian_cli.domain.dates import parse_date

    text = str(spec)
    if ".." in text:
        a, b = (parse_date(part.strip(), "日历日期") for part in text.split("..", 1))
        if b < a:
            raise UserError(f"日历区间“{text}”的结束日早于开始日")
        if (b - a).days > 366:
            raise UserError(f"日历区间“{text}”超过一年，请检查")
        return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
    return [parse_date(spec, "日历日期")]


def library_data() -> CalendarData:
    """The State Council notices as packaged by chinese_calendar (confirmed years only)."""
    from chinese_calendar import constants  # lazy: only commands that count days pay for it

    chinese = {h.value: h.chinese for h in constants.Holiday}

    def name_of(value: object) -> str:
        text = getattr(value, "value", str(value))
        return chinese.get(text, text)

    holidays = {d: name_of(name) for d, name in constants.holidays.items()}
    workdays = {d: name_of(name) + "调休" for d, name in constants.workdays.items()}
    years = {d.year for d in holidays}
    return CalendarData(holidays=holidays, workdays=workdays, confirmed_years=years)


def _check_year_entry(year_int: int, day: dt.date, key: str) -> None:
    if day.year != year_int:
        raise UserError(f"配置 calendar.years.{year_int}.{key} 中的日期 {day.isoformat()} 不属于 {year_int} 年")


def apply_overrides(data: CalendarData, config_calendar: dict | None) -> CalendarData:
    """Merge the config's `calendar:` section into the library facts.

    calendar:
      years:
        2027: {holidays: ["2027-02-06..2027-02-13"], workdays: ["2027-02-14"]}
      closures: ["2026-07-15"]

    A year entered with neither holidays nor working days is refused: every real notice has
    holidays, so an empty entry is a mistake that would wrongly mark the year confirmed.
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
        if not FIRST_YEAR <= year_int <= LAST_YEAR:
            raise UserError(f"配置 calendar.years 中的 {year_int} 年超出支持的范围（{FIRST_YEAR}–{LAST_YEAR}）")
        spec = spec or {}
        if not isinstance(spec, dict):
            raise UserError(f"配置 calendar.years.{year} 应包含 holidays 和 workdays 列表")
        if not (spec.get("holidays") or spec.get("workdays")):
            raise UserError(
                f"配置 calendar.years.{year} 没有任何放假或调休日期：请按国务院办公厅通知填写 holidays/workdays，"
                "或删去这一年"
            )
        for entry in spec.get("holidays") or []:
            for d in _expand(entry):
                _check_year_entry(year_int, d, "holidays")
                data.holidays[d] = "节假日（配置）"
                data.workdays.pop(d, None)
        for entry in spec.get("workdays") or []:
            for d in _expand(entry):
                _check_year_entry(year_int, d, "workdays")
                data.workdays[d] = "调休上班（配置）"
                data.holidays.pop(d, None)
        if spec.get("confirmed", True):
            data.confirmed_years.add(year_int)
    for entry in config_calendar.get("closures") or []:
        for d in _expand(entry):
            data.closures[d] = "本地停止办公（配置）"
    return data


_CACHE: dict[str, WorkCalendar] = {}


def build_calendar(config_calendar: dict | None = None) -> WorkCalendar:
    import json

    key = json.dumps(config_calendar or {}, sort_keys=True, default=str)
    if key not in _CACHE:
        _CACHE[key] = WorkCalendar(apply_overrides(library_data(), config_calendar))
    return _CACHE[key]
