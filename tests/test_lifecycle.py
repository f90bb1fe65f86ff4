"""The state machine and the on-time rule, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from shuanglian_cli.domain import lifecycle
from shuanglian_cli.domain.workdays import build_calendar
from shuanglian_cli.errors import InvalidTransition, UserError


def row(state: str, **extra) -> dict:
    return {"id": 7, "state": state, **extra}


@pytest.mark.parametrize(("state", "event", "target"), [
    ("collected", "on_spot", "on_spot"),
    ("collected", "refer", "referred"),
    ("collected", "inter_session", "inter_session"),
    ("referred", "chase", "referred"),
    ("referred", "extend", "referred"),
    ("referred", "reply", "replied"),
    ("replied", "feedback", "fed_back"),
    ("fed_back", "close", "closed"),
    ("referred", "withdraw", "withdrawn"),
])
def test_allowed(state, event, target):
    assert lifecycle.check(row(state), event) == target


def test_reopen_only_after_dissatisfaction():
    assert lifecycle.check(row("fed_back", satisfaction="不满意"), "reopen") == "referred"
    assert lifecycle.check(row("closed", satisfaction="不满意"), "reopen") == "referred"
    with pytest.raises(InvalidTransition, match="只有群众不满意时"):
        lifecycle.check(row("fed_back", satisfaction="满意"), "reopen")


@pytest.mark.parametrize("state", ["on_spot", "closed", "inter_session", "withdrawn"])
def test_finished_states_allow_nothing_but_reopen(state):
    allowed = lifecycle.allowed_events(row(state, satisfaction="满意"))
    assert allowed == []
    with pytest.raises(InvalidTransition) as info:
        lifecycle.check(row(state), "chase")
    assert "已结束" in info.value.details[0]


def test_message_says_what_is_allowed():
    with pytest.raises(InvalidTransition) as info:
        lifecycle.check(row("referred"), "close")
    assert "已交办" in info.value.message and "不能办结" in info.value.message
    assert "督办" in info.value.details[0] and "书面答复" in info.value.details[0]


def test_on_time_rule():
    assert lifecycle.answered_on_time("2026-10-23", "2026-10-23") is True
    assert lifecycle.answered_on_time("2026-10-26", "2026-10-23") is False
    assert lifecycle.answered_on_time(None, "2026-10-23") is None
    assert lifecycle.is_overdue("referred", "2026-10-23", dt.date(2026, 10, 24))
    assert not lifecycle.is_overdue("referred", "2026-10-23", dt.date(2026, 10, 23))
    assert not lifecycle.is_overdue("replied", "2026-10-23", dt.date(2026, 12, 1))


def test_dates_and_values():
    today = dt.date(2026, 11, 29)
    with pytest.raises(UserError, match="早于"):
        lifecycle.check_step_date(dt.date(2026, 10, 9), today, "书面答复日期", "2026-10-10", "交办")
    lifecycle.check_step_date(dt.date(2026, 10, 10), today, "书面答复日期", "2026-10-10", "交办")
    assert lifecycle.parse_satisfaction(" 基本满意 ") == "基本满意"
    assert lifecycle.parse_satisfaction("3") == "不满意"
    with pytest.raises(UserError):
        lifecycle.parse_satisfaction("还行")
    with pytest.raises(UserError):
        lifecycle.check_limit(0)


def test_timeline_and_summary():
    cal = build_calendar(None)
    events = [
        {"kind": "collect", "on_date": "2026-09-25"},
        {"kind": "refer", "on_date": "2026-09-28", "due_on": "2026-10-23", "department": "县水利局"},
        {"kind": "chase", "on_date": "2026-10-26"},
        {"kind": "reply", "on_date": "2026-10-27"},
    ]
    steps = lifecycle.timeline(events, cal)
    assert [s["workdays_used"] for s in steps] == [None, 0, 16, 17]
    assert [s["late"] for s in steps] == [None, None, True, True]
    assert steps[1]["due_confirmed"] is True
    rows = [
        {"referred_on": "2026-09-28", "due_on": "2026-10-23", "replied_on": "2026-10-23", "satisfaction": "满意"},
        {"referred_on": "2026-09-28", "due_on": "2026-10-23", "replied_on": "2026-10-27", "satisfaction": "不满意"},
        {"referred_on": "2026-09-28", "due_on": "2026-10-23", "replied_on": None, "satisfaction": None},
    ]
    s = lifecycle.department_summary(rows, cal, overdue_now=1)
    assert (s["referred"], s["answered"], s["answered_on_time"], s["on_time_rate"]) == (3, 2, 1, 0.5)
    assert s["median_workdays_to_reply"] == 16  # median of 15 and 17
    assert (s["fed_back"], s["satisfied"], s["satisfaction_rate"], s["overdue_now"]) == (2, 1, 0.5, 1)
