"""A B answer whose promise date passed without a follow-up is in the warning lists: `sl suggestions due`
(reason promise_passed) and `sl today` (promise_passed) name the same suggestions, and a follow-up
takes it off both."""

import json


def _due(demo, *extra):
    rows = json.loads(demo.ok("suggestions", "due", "--as-of", "2026-11-20", "--format", "json", *extra).output)
    return {r["id"]: r for r in rows if r["reason"] == "promise_passed"}


def _today(demo):
    lines = json.loads(demo.ok("today", "--as-of", "2026-11-20", "--format", "json").output)
    return {x["suggestion_id"] for x in lines if x["kind"] == "promise_passed"}


def test_due_and_today_list_the_same_passed_promises(demo):
    due = _due(demo)
    assert due and set(due) == _today(demo)
    for row in due.values():
        assert row["promise_on"] < "2026-11-20" and row["workdays_left"] is None
    table = demo.ok("suggestions", "due", "--as-of", "2026-11-20").output
    assert "B 类答复承诺已过" in table


def test_a_follow_up_takes_it_off(demo):
    sid = min(_due(demo))
    demo.ok("suggestions", "follow-up", sid, "--class", "A", "--text", "已完成加压泵安装", "--on", "2026-11-20")
    assert sid not in _due(demo) and sid not in _today(demo)
