"""`sl today` (issue 14 item 5) on a copy of the demo: each kind of line, in order of urgency, with
the command that records it; json keys; refusals."""

from __future__ import annotations

import json
import re

from shuanglian_cli.services.today import KINDS

AS_OF = "2026-11-20"


def _lines(sl, *extra: str) -> list[dict]:
    return json.loads(sl.ok("today", "--county", "yiyuan", "--format", "json", *extra).output)


def _add(sl, on: str) -> int:
    out = sl.ok("suggestions", "add", "--county", "yiyuan", "--content", "村口路灯不亮，建议尽快维修",
                "--station", "南麻街道人大代表民情联络站", "--on", on).output
    return int(re.search(r"第 (\d+) 条", out).group(1))


def test_every_kind_of_line_on_the_demo_in_order(demo):
    lines = _lines(demo, "--as-of", AS_OF)
    kinds = [line["kind"] for line in lines]
    assert set(KINDS) <= set(kinds), set(KINDS) - set(kinds)
    assert kinds == sorted(kinds, key=KINDS.index), "in order of urgency"
    for line in lines:
        assert set(line) >= {"kind", "due_on", "action", "command"}
        assert line["command"].startswith("sl ")
        assert ("suggestion_id" in line) or ("station" in line) or ("person" in line)
    table = demo.ok("today", "--county", "yiyuan", "--as-of", AS_OF).output
    assert "今日待办" in table and "接待日" in table


def test_lines_follow_the_records(demo):
    sid = _add(demo, "2026-11-02")
    demo.ok("suggestions", "refer", sid, "--department", "县住房和城乡建设局", "--on", "2026-11-03", "--days", 10)
    # due 2026-11-17: the notice step falls on 11-18
    lines = [x for x in _lines(demo, "--as-of", "2026-11-23") if x.get("suggestion_id") == sid]
    assert [(x["kind"], x["due_on"]) for x in lines] == [("escalation", "2026-11-18")]
    assert lines[0]["command"] == f"sl suggestions chase {sid} --kind notice"
    demo.ok("suggestions", "chase", sid, "--kind", "notice", "--on", "2026-11-23")
    assert not [x for x in _lines(demo, "--as-of", "2026-11-23") if x.get("suggestion_id") == sid]
    # the bulletin step comes at +6 working days
    lines = [x for x in _lines(demo, "--as-of", "2026-11-25") if x.get("suggestion_id") == sid]
    assert [(x["kind"], x["due_on"]) for x in lines] == [("escalation", "2026-11-25")]
    demo.ok("suggestions", "return", sid, "--department", "县住房和城乡建设局", "--reason", "不属于本单位",
            "--approved-by", "选联工委", "--on", "2026-11-25")
    lines = [x for x in _lines(demo, "--as-of", "2026-11-25") if x.get("suggestion_id") == sid]
    assert [x["kind"] for x in lines] == ["returned"]
    demo.ok("suggestions", "refer", sid, "--department", "县交通运输局", "--on", "2026-11-26")
    demo.ok("suggestions", "reply", sid, "--text", "已列入计划", "--class", "B", "--promise", "2026-11-27",
            "--on", "2026-11-26")
    lines = [x for x in _lines(demo) if x.get("suggestion_id") == sid]  # today is 2026-11-29
    assert [(x["kind"], x["due_on"]) for x in lines] == [("feedback_call", "2026-11-27"), ("promise_passed", "2026-11-27")]
    demo.ok("suggestions", "feedback", sid, "--satisfaction", "不满意", "--on", "2026-11-27")
    lines = [x for x in _lines(demo) if x.get("suggestion_id") == sid]
    assert [x["kind"] for x in lines] == ["promise_passed", "unsatisfied"]
    demo.ok("suggestions", "follow-up", sid, "--class", "A", "--text", "已修好", "--on", "2026-11-29")
    assert [x["kind"] for x in _lines(demo) if x.get("suggestion_id") == sid] == ["unsatisfied"]
    # as of the day before the follow-up, the passed promise is still there
    then = [x["kind"] for x in _lines(demo, "--as-of", "2026-11-28") if x.get("suggestion_id") == sid]
    assert "promise_passed" in then
    then = [x["kind"] for x in _lines(demo, "--as-of", "2026-11-27") if x.get("suggestion_id") == sid]
    assert "promise_passed" not in then  # the promise was the 27th: passed only after it


def test_warning_window_and_quarter_end(demo):
    sid = _add(demo, "2026-11-02")
    demo.ok("suggestions", "refer", sid, "--department", "县住房和城乡建设局", "--on", "2026-11-03", "--days", 15)
    # due 2026-11-24: the warning (−3 working days) is on 2026-11-19
    hits = [x for x in _lines(demo, "--as-of", "2026-11-19") if x.get("suggestion_id") == sid]
    assert [(x["kind"], x["due_on"]) for x in hits] == [("warning", "2026-11-19")]
    assert not [x for x in _lines(demo, "--as-of", "2026-11-18") if x.get("suggestion_id") == sid]
    # the last six weeks of a quarter list whom nobody has contacted, not earlier
    assert not [x for x in _lines(demo, "--as-of", "2026-10-30") if x["kind"] == "uncontacted"]
    late = [x for x in _lines(demo, "--as-of", "2026-09-25") if x["kind"] == "uncontacted"]
    assert late and all(x["person"] for x in late) and all(x["due_on"] == "2026-09-30" for x in late)


def test_bad_input(demo):
    assert "2026-02-30" in demo.fails("today", "--as-of", "2026-02-30").output
    assert demo.fails("today", "--county", "不存在县").exit_code == 2


def test_uncontacted_follows_the_coverage_rule(demo):
    import datetime as dt

    from shuanglian_cli.store.coverage import quarter_coverage
    from shuanglian_cli.store.db import open_db

    db = open_db(demo.db)
    data = quarter_coverage(db, 2026, 3, None, {}, as_of=dt.date(2026, 9, 25))
    db.conn.close()
    members = {m["member"] for m in data["members"] if m["linked_deputies"] and not m["contacted_deputies"]}
    deputies = {d["deputy"] for d in data["unreached_deputies"]}
    lines = [x for x in _lines(demo, "--as-of", "2026-09-25") if x["kind"] == "uncontacted"]
    assert {x["person"] for x in lines if x["action"].startswith("组成人员")} == members
    assert {x["person"] for x in lines if x["action"].startswith("代表")} == deputies
    assert members and deputies
