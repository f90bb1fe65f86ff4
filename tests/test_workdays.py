"""Working-day arithmetic against real State Council notices, and its properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuanglian_cli.domain.workdays import build_calendar, library_data
from shuanglian_cli.errors import UserError

D = dt.date.fromisoformat
CAL = build_calendar(None)


# (referral day, limit, due) worked out by hand from the notices; comments give the counting
REAL_CASES = [
    # 2024 春节: 2-10..2-17 off, Sun 2-4 and Sun 2-18 worked; Fri 2-9 (除夕) was a working day
    ("2024-02-02", 5, "2024-02-08"),   # Sun 2-4 counts as day 1
    ("2024-02-02", 10, "2024-02-21"),  # ..2-9 = 6, Sun 2-18 = 7, 2-21 = 10
    # 2024 国庆: 10-1..10-7 off, Sun 9-29 and Sat 10-12 worked
    ("2024-09-27", 15, "2024-10-23"),
    # 2025 春节: 1-28..2-4 off, Sun 1-26 and Sat 2-8 worked
    ("2025-01-24", 7, "2025-02-10"),
    # 2025 国庆+中秋: 10-1..10-8 off, Sun 9-28 and Sat 10-11 worked
    ("2025-09-26", 15, "2025-10-23"),
    ("2025-09-30", 1, "2025-10-09"),
    # 2026 春节: 2-15..2-23 off, Sat 2-14 and Sat 2-28 worked
    ("2026-02-12", 15, "2026-03-11"),
    ("2026-02-13", 1, "2026-02-14"),  # the 调休 Saturday is the next working day
    # 2026 中秋 9-25..9-27 and 国庆 10-1..10-7 off, Sun 9-20 and Sat 10-10 worked
    ("2026-09-18", 3, "2026-09-22"),
    ("2026-09-28", 15, "2026-10-23"),
    ("2026-10-03", 1, "2026-10-08"),  # referred during the holiday
    ("2026-09-30", 7, "2026-10-15"),  # 民生微实事: 10-8, 10-9, Sat 10-10, 10-12..10-15
]


@pytest.mark.parametrize(("start", "n", "due"), REAL_CASES)
def test_deadlines_across_holiday_weeks(start, n, due):
    d = CAL.deadline(D(start), n)
    assert d.due == D(due)
    assert d.confirmed
    assert CAL.add_workdays(D(start), n) == D(due)
    assert CAL.workdays_between(D(start), D(due)) == n


@pytest.mark.parametrize("day", ["2024-02-04", "2024-02-18", "2024-10-12", "2025-01-26", "2025-10-11",
                                 "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_make_up_weekends_are_working_days(day):
    assert D(day).weekday() >= 5
    assert CAL.is_workday(D(day))


@pytest.mark.parametrize("day", ["2024-02-12", "2025-10-08", "2026-02-16", "2026-09-25", "2026-10-07"])
def test_holiday_weekdays_are_rest_days(day):
    assert D(day).weekday() < 5
    assert not CAL.is_workday(D(day))


def test_chinese_calendar_agrees_with_holidays_package():
    """The two maintained sources agree on 2024-2026 (why one of them is enough)."""
    holidays = pytest.importorskip("holidays")
    cn = holidays.China(years=[2024, 2025, 2026])
    day = D("2024-01-01")
    while day.year <= 2026:
        lib = (day.weekday() < 5 and day not in cn) or day in cn.weekend_workdays
        assert CAL.is_workday(day) == lib, day
        day += dt.timedelta(days=1)


def test_unconfirmed_year_flag():
    assert CAL.is_confirmed_year(2026)
    assert not CAL.is_confirmed_year(2027)
    d = CAL.deadline(D("2026-12-20"), 15)
    assert d.due == D("2027-01-08")  # unannounced year: Mon-Fri, even 1-1
    assert not d.confirmed
    assert CAL.deadline(D("2026-11-02"), 15).confirmed
    assert not CAL.confirmed_between(D("2026-12-31"), D("2027-01-04"))


def test_config_year_confirms_and_shifts():
    cal = build_calendar({"years": {2027: {"holidays": ["2027-01-01", "2027-02-06..2027-02-13"],
                                           "workdays": ["2027-02-14"]}}})
    assert cal.is_confirmed_year(2027)
    d = cal.deadline(D("2026-12-20"), 15)
    assert d.confirmed and d.due == D("2027-01-11")  # 1-1 now a holiday
    assert cal.is_workday(D("2027-02-14"))
    assert not cal.is_workday(D("2027-02-08"))
    assert cal.fingerprint() != CAL.fingerprint()


def test_unconfirmed_config_year_adds_days_without_confirming():
    cal = build_calendar({"years": {2027: {"confirmed": False, "holidays": ["2027-01-01"]}}})
    assert not cal.is_workday(D("2027-01-01"))
    assert not cal.is_confirmed_year(2027)


def test_closures_are_rest_days():
    cal = build_calendar({"closures": ["2026-07-15"]})
    assert not cal.is_workday(D("2026-07-15"))
    assert cal.add_workdays(D("2026-07-14"), 1) == D("2026-07-16")
    assert cal.day_kind(D("2026-07-15")) == "停止办公"


@pytest.mark.parametrize(("spec", "words"), [
    ({"years": {2027: {}}}, "没有任何放假或调休日期"),
    ({"years": {2027: {"holidays": ["2026-10-01"]}}}, "不属于 2027 年"),
    ({"years": {2150: {"holidays": ["2150-01-01"]}}}, "超出支持的范围"),
    ({"years": {"明年": {"holidays": ["2027-01-01"]}}}, "不是年份"),
    ({"years": {2027: {"holidays": ["2027-02-30"]}}}, "不存在"),
    ({"years": {2027: {"holidays": ["2027-02-13..2027-02-06"]}}}, "早于开始日"),
])
def test_bad_calendar_config_refused(spec, words):
    with pytest.raises(UserError) as info:
        build_calendar(spec)
    assert words in info.value.message


def test_bad_limits_and_span():
    with pytest.raises(UserError, match="正整数"):
        CAL.add_workdays(D("2026-01-05"), 0)
    with pytest.raises(UserError, match="正整数"):
        CAL.deadline(D("2026-01-05"), -3)
    with pytest.raises(UserError, match="超出"):
        CAL.deadline(D("1999-12-31"), 1)
    with pytest.raises(UserError, match="超出"):
        CAL.add_workdays(D("2060-12-30"), 30)


def test_library_names_are_chinese():
    data = library_data()
    assert data.holidays[D("2026-02-17")] == "春节"
    assert "国庆" in data.workdays[D("2026-10-10")]
    listing = CAL.year_listing(2026)
    assert (D("2026-10-01"), D("2026-10-07"), "国庆节") in listing["holidays"]
    assert listing["workday_count"] == 248


days = st.dates(min_value=D("2001-01-01"), max_value=D("2058-12-31"))
limits = st.integers(min_value=1, max_value=400)


@settings(max_examples=300, deadline=None)
@given(days, limits)
def test_deadline_and_count_agree(start, n):
    due = CAL.add_workdays(start, n)
    assert due > start
    assert CAL.is_workday(due)
    assert CAL.workdays_between(start, due) == n
    assert CAL.workdays_between(start, due - dt.timedelta(days=1)) == n - 1  # not reached a day earlier
    assert CAL.deadline(start, n).due == due
    assert CAL.deadline(start, n).confirmed == CAL.confirmed_between(start, due) == (start.year >= 2004 and due.year <= 2026)
    later = build_calendar({"years": {2027: {"holidays": ["2027-01-01"]}, 2029: {"holidays": ["2029-01-01"]}}})
    # the later calendar has one more holiday, so its own due date may fall later than `due`
    later_due = later.deadline(start, n)
    assert later_due.due >= due
    assert later_due.confirmed == all(y in (*range(2004, 2028), 2029) for y in range(start.year, later_due.due.year + 1))


@settings(max_examples=300, deadline=None)
@given(days, days, limits)
def test_monotonic_in_start(a, b, n):
    lo, hi = min(a, b), max(a, b)
    assert CAL.add_workdays(lo, n) <= CAL.add_workdays(hi, n)


@settings(max_examples=300, deadline=None)
@given(days, limits, limits)
def test_monotonic_in_limit(start, n, m):
    if n < m:
        assert CAL.add_workdays(start, n) < CAL.add_workdays(start, m)


@settings(max_examples=300, deadline=None)
@given(days, days, days)
def test_counts_add_up_and_reverse(a, b, c):
    assert CAL.workdays_between(a, b) + CAL.workdays_between(b, c) == CAL.workdays_between(a, c)
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D("2004-01-01"), max_value=D("2026-12-31")))
def test_is_workday_matches_chinese_calendar(day):
    import chinese_calendar

    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)


@settings(max_examples=200, deadline=None)
@given(days)
def test_next_and_previous_workday(day):
    nxt, prev = CAL.next_workday(day), CAL.previous_workday(day)
    assert nxt >= day >= prev
    assert CAL.is_workday(nxt) and CAL.is_workday(prev)
    assert CAL.workdays_between(prev, nxt) == (0 if nxt == prev else 1)
    assert CAL.next_workday(day, include_self=False) > day
    assert CAL.previous_workday(day, include_self=False) < day
