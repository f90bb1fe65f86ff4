"""Reception-day rules of a station, as clerks write them, and the dates they produce.

Grammar (several rules may be joined with ；or ;):
  每周四                 every Thursday
  每月双周周四           Thursday of the 2nd and 4th week of each month (桓台: 每月双周的周四)
  隔周周四               every other Thursday, counted from the first Thursday of the year
  每月第2周周四          Thursday of each month's 2nd week (临淄 接听日)
  每月15日               the 15th of each month
  每季度至少1次          at least once a quarter, no fixed day (淄川, 沂源)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from shuanglian_cli.domain.dates import quarter_of, quarter_range
from shuanglian_cli.domain.text import to_halfwidth
from shuanglian_cli.errors import UserError

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_WD = "[一二三四五六日天]"
_N = r"(\d+|[一二三四五])"


@dataclass(frozen=True)
class Rule:
    kind: str  # weekly | biweekly | month_weeks | month_day | quarterly
    weekday: int | None = None
    weeks: tuple[int, ...] = ()
    day: int | None = None
    times: int = 1
    text: str = ""

    @property
    def fixed(self) -> bool:
        return self.kind != "quarterly"


def _num(text: str) -> int:
    return _CN_NUM.get(text) or int(text)


def parse_rule(text: str) -> list[Rule]:
    """Parse a schedule; '' means no schedule. UserError says which part is not understood."""
    rules = []
    source = to_halfwidth(text or "").replace(";", "；")
    for part in (p.strip().replace(" ", "") for p in source.split("；")):
        if not part:
            continue
        part = part.replace("星期", "周").replace("礼拜", "周").replace("的", "")
        if m := re.fullmatch(f"每周({_WD})", part) or re.fullmatch(f"每周周({_WD})", part):
            rules.append(Rule("weekly", weekday=_WEEKDAYS[m.group(1)], text=part))
        elif m := re.fullmatch(f"每月双周周({_WD})", part):
            rules.append(Rule("month_weeks", weekday=_WEEKDAYS[m.group(1)], weeks=(2, 4), text=part))
        elif m := re.fullmatch(f"每月单周周({_WD})", part):
            rules.append(Rule("month_weeks", weekday=_WEEKDAYS[m.group(1)], weeks=(1, 3, 5), text=part))
        elif m := re.fullmatch(f"(?:隔周|每两周|双周)周?({_WD})", part):
            rules.append(Rule("biweekly", weekday=_WEEKDAYS[m.group(1)], text=part))
        elif m := re.fullmatch(f"每月第{_N}(?:周|个)周?({_WD})", part):
            week = _num(m.group(1))
            if not 1 <= week <= 5:
                raise UserError(f"接待日规则“{part}”：每月只有第 1 到第 5 周")
            rules.append(Rule("month_weeks", weekday=_WEEKDAYS[m.group(2)], weeks=(week,), text=part))
        elif m := re.fullmatch(r"每月(\d{1,2})[日号]", part):
            day = int(m.group(1))
            if not 1 <= day <= 28:
                raise UserError(f"接待日规则“{part}”：日期请在 1 到 28 日之间，以便每个月都有")
            rules.append(Rule("month_day", day=day, text=part))
        elif m := re.fullmatch(f"每季度?至少{_N}次", part) or re.fullmatch(f"每季度{_N}次", part):
            rules.append(Rule("quarterly", times=_num(m.group(1)), text=part))
        else:
            raise UserError(
                f"接待日规则“{part}”无法识别",
                ["可用写法：每周四、每月双周周四、隔周周四、每月第2周周四、每月15日、每季度至少1次（多条用；分隔）"],
            )
    return rules


def _nth_weekday_in_month(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = first + dt.timedelta(days=offset + 7 * (n - 1))
    return day if day.month == month else None


def rule_dates(rule: Rule, start: dt.date, end: dt.date) -> list[dt.date]:
    """Nominal dates of a fixed rule in [start, end], before any holiday shift."""
    out: list[dt.date] = []
    if rule.kind == "weekly" or rule.kind == "biweekly":
        day = start + dt.timedelta(days=(rule.weekday - start.weekday()) % 7)
        while day <= end:
            if rule.kind == "weekly":
                out.append(day)
            else:
                jan1 = dt.date(day.year, 1, 1)
                first = jan1 + dt.timedelta(days=(rule.weekday - jan1.weekday()) % 7)
                if ((day - first).days // 7) % 2 == 0:
                    out.append(day)
            day += dt.timedelta(days=7)
        return out
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= end:
        if rule.kind == "month_day":
            candidates = [dt.date(year, month, rule.day)]
        else:
            candidates = [_nth_weekday_in_month(year, month, rule.weekday, n) for n in rule.weeks]
        out.extend(d for d in candidates if d and start <= d <= end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(out)


def describe(rules: list[Rule]) -> str:
    return "；".join(r.text for r in rules) if rules else "未设定"


SHIFTS = ("next", "previous", "skip")


@dataclass(frozen=True)
class Occurrence:
    """A reception day a fixed rule produces, after moving it off a non-working day."""

    day: dt.date
    nominal: dt.date
    rule: str

    @property
    def shifted(self) -> bool:
        return self.day != self.nominal


def occurrences(rules: list[Rule], start: dt.date, end: dt.date, calendar, shift: str = "next") -> list[Occurrence]:
    """Reception days of the fixed rules in [start, end], on working days.

    A rule date on a holiday or weekend moves to the next working day (shift='next'), the previous
    one ('previous'), or is dropped ('skip'). Nominal dates a week outside the window are looked at
    too, so a date shifted into the window is not lost.
    """
    if shift not in SHIFTS:
        raise UserError(f"schedule.holiday_shift 只能是 next、previous 或 skip，收到“{shift}”")
    margin = dt.timedelta(days=10)
    seen: dict[dt.date, Occurrence] = {}
    for rule in rules:
        if not rule.fixed:
            continue
        for nominal in rule_dates(rule, start - margin, end + margin):
            day = nominal
            if not calendar.is_workday(nominal):
                if shift == "skip":
                    continue
                day = calendar.next_workday(nominal) if shift == "next" else calendar.previous_workday(nominal)
            if start <= day <= end and day not in seen:
                seen[day] = Occurrence(day, nominal, rule.text)
    return [seen[d] for d in sorted(seen)]


def quarterly_times(rules: list[Rule]) -> int:
    """How many receptions a quarter the 每季度至少N次 rules ask for (0 when none)."""
    return max((r.times for r in rules if r.kind == "quarterly"), default=0)


def quarters_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    year, q = quarter_of(start)
    while (year, q) <= quarter_of(end):
        out.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


class ScheduleDays(NamedTuple):
    rows: list[dict]
    problems: list[str]  # one per station whose rule cannot be read


def upcoming(stations: list[dict], held: dict[int, list[dt.date]], start: dt.date, end: dt.date,
             calendar, shift: str = "next") -> ScheduleDays:
    """Coming reception days in [start, end] for each station (dicts with id, name, county, schedule);
    a 每季度至少N次 rule shows once per quarter while the quarter still needs receptions.
    `held` maps station -> dates of activities recorded (covering the quarters touched).
    Returns (rows sorted by date, problems with unreadable rules)."""
    rows, problems = [], []
    for st in stations:
        try:
            rules = parse_rule(st["schedule"])
        except UserError as exc:
            problems.append(f"{st['name']}：{exc.message}")
            continue
        days = held.get(st["id"], [])
        for occ in occurrences(rules, start, end, calendar, shift):
            rows.append({"date": occ.day.isoformat(), "weekday": "一二三四五六日"[occ.day.weekday()],
                         "station_id": st["id"], "station": st["name"], "county": st.get("county", ""),
                         "rule": occ.rule, "note": f"原定 {occ.nominal.isoformat()}，遇节假日调整" if occ.shifted else "",
                         "recorded": occ.day in days})
        times = quarterly_times(rules)
        if times:
            for year, q in quarters_between(start, end):
                qs, qe = quarter_range(year, q)
                done = sum(1 for d in days if qs <= d <= qe)
                if done < times:
                    rows.append({"date": None, "weekday": "", "station_id": st["id"], "station": st["name"],
                                 "county": st.get("county", ""), "rule": f"每季度至少{times}次",
                                 "note": f"{year}Q{q} 已开展 {done} 次，{qe.isoformat()} 前还需 {times - done} 次",
                                 "recorded": False, "due_by": qe.isoformat()})
    rows.sort(key=lambda r: (r["date"] or r.get("due_by", ""), r["station_id"]))
    return ScheduleDays(rows, problems)


def missed(stations: list[dict], held: dict[int, list[dt.date]], start: dt.date, end: dt.date, as_of: dt.date,
           calendar, shift: str = "next") -> ScheduleDays:
    """Scheduled days in [start, end] before `as_of` with no activity recorded at the station that
    day, and 每季度至少N次 quarters that ended with too few. Returns (rows, unreadable rules)."""
    rows, problems = [], []
    last = min(end, as_of - dt.timedelta(days=1))
    for st in stations:
        try:
            rules = parse_rule(st["schedule"])
        except UserError as exc:
            problems.append(f"{st['name']}：{exc.message}")
            continue
        days = set(held.get(st["id"], []))
        if last >= start:
            for occ in occurrences(rules, start, last, calendar, shift):
                if occ.day not in days:
                    rows.append({"date": occ.day.isoformat(), "weekday": "一二三四五六日"[occ.day.weekday()],
                                 "station_id": st["id"], "station": st["name"], "county": st.get("county", ""),
                                 "rule": occ.rule, "note": "当天没有记录联系活动"})
        times = quarterly_times(rules)
        if times:
            for year, q in quarters_between(start, end):
                qs, qe = quarter_range(year, q)
                if qe >= as_of:
                    continue  # the quarter is not over: not missed yet
                done = sum(1 for d in held.get(st["id"], []) if qs <= d <= qe)
                if done < times:
                    rows.append({"date": qe.isoformat(), "weekday": "", "station_id": st["id"],
                                 "station": st["name"], "county": st.get("county", ""),
                                 "rule": f"每季度至少{times}次", "note": f"{year}Q{q} 只开展了 {done} 次"})
    rows.sort(key=lambda r: (r["date"], r["station_id"]))
    return ScheduleDays(rows, problems)
