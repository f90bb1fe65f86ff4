"""The suggestion lifecycle through the real CLI, on a copy of the demo database."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

AS_OF = "2026-11-20"


def _add(sl, *extra: str, on: str = "2026-09-25", category: str = "") -> int:
    args = ["suggestions", "add", "--county", "yiyuan", "--content", "村口路灯不亮，建议尽快维修",
            "--station", "南麻街道人大代表民情联络站", "--on", on, *extra]
    if category:
        args += ["--category", category]
    out = sl.ok(*args).output
    return int(re.search(r"第 (\d+) 条", out).group(1))


def _row(sl, sid: int) -> dict:
    conn = sqlite3.connect(sl.db)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM suggestions WHERE id = ?", [sid]).fetchone())
    row["events"] = [r[0] for r in conn.execute(
        "SELECT kind FROM suggestion_events WHERE suggestion_id = ? ORDER BY id", [sid])]
    conn.close()
    return row


def _count(sl, table: str) -> int:
    n = sl.value(f"SELECT count(*) FROM {table}")
    return n


def test_full_lifecycle(demo):
    sid = _add(demo)
    assert _row(demo, sid)["state"] == "collected"
    out = demo.ok("suggestions", "refer", sid, "--department", "县住房和城乡建设局", "--on", "2026-09-28").output
    assert "2026-10-23" in out  # 15 working days across the National Day week
    row = _row(demo, sid)
    assert (row["state"], row["due_on"], row["limit_workdays"], row["due_confirmed"]) == ("referred", "2026-10-23", 15, 1)
    demo.ok("suggestions", "chase", sid, "--note", "请尽快答复", "--on", "2026-10-20")
    demo.ok("suggestions", "chase", sid, "--on", "2026-10-22")
    assert _row(demo, sid)["chases"] == 2
    assert "已超期 3 天（1 个工作日）" in demo.ok("suggestions", "show", sid, "--as-of", "2026-10-26").output
    assert "还剩 1 个工作日" in demo.ok("suggestions", "show", sid, "--as-of", "2026-10-22").output
    out = demo.ok("suggestions", "reply", sid, "--text", "已更换灯具", "--on", "2026-10-26").output
    assert "超期" in out
    demo.ok("suggestions", "feedback", sid, "--satisfaction", "基本满意", "--on", "2026-10-27")
    demo.ok("suggestions", "close", sid, "--on", "2026-10-28")
    row = _row(demo, sid)
    assert row["state"] == "closed" and row["satisfaction"] == "基本满意" and row["closed_on"] == "2026-10-28"
    assert row["events"] == ["collect", "refer", "chase", "chase", "reply", "feedback", "close"]

    data = json.loads(demo.ok("suggestions", "show", sid, "--format", "json").output)
    assert data["on_time"] is False
    reply = next(e for e in data["events"] if e["kind"] == "reply")
    assert reply["workdays_used"] == 16 and reply["late"] is True
    assert data["events"][1]["actor"]  # the operator is recorded by default
    table = demo.ok("suggestions", "show", sid).output
    assert "办理过程" in table and "督办" in table and "16 个工作日" in table


def test_category_limit_and_per_referral_days(demo):
    sid = _add(demo, category="民生微实事")
    demo.ok("suggestions", "refer", sid, "--department", "南麻", "--on", "2026-09-30")
    assert _row(demo, sid)["due_on"] == "2026-10-15"  # 7 working days
    other = _add(demo, on="2026-09-17")
    demo.ok("suggestions", "refer", other, "--department", "1", "--days", "3", "--on", "2026-09-18")
    assert _row(demo, other)["due_on"] == "2026-09-22"  # the 调休 Sunday counts


def test_on_spot_and_inter_session_and_withdraw(demo):
    a, b, c = _add(demo), _add(demo), _add(demo)
    demo.ok("suggestions", "answer", a, "--text", "已当场解释政策", "--on", "2026-09-25")
    demo.ok("suggestions", "inter-session", b, "--on", "2026-09-26")
    demo.ok("suggestions", "refer", c, "--department", "县水利局", "--on", "2026-09-28")
    demo.ok("suggestions", "withdraw", c, "--on", "2026-09-29", "--note", "群众撤回")
    assert _row(demo, a)["state"] == "on_spot" and _row(demo, a)["closed_on"] == "2026-09-25"
    assert _row(demo, b)["state"] == "inter_session"
    assert _row(demo, c)["state"] == "withdrawn"


def test_extend_moves_due_date(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-28")
    out = demo.ok("suggestions", "extend", sid, "--days", "25", "--approved-by", "南麻街道人大工委",
                  "--reason", "涉及多部门协调", "--on", "2026-10-20").output
    assert "2026-11-06" in out
    row = _row(demo, sid)
    assert (row["extended"], row["limit_workdays"], row["due_on"]) == (1, 25, "2026-11-06")
    events = json.loads(demo.ok("suggestions", "show", sid, "--format", "json").output)["events"]
    assert events[-1]["kind"] == "extend" and "南麻街道人大工委" in events[-1]["note"]


def test_reopen_after_dissatisfaction(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-28")
    demo.ok("suggestions", "reply", sid, "--text", "已答复", "--on", "2026-10-12")
    demo.ok("suggestions", "feedback", sid, "--satisfaction", "不满意", "--on", "2026-10-13")
    demo.ok("suggestions", "reopen", sid, "--department", "县住房和城乡建设局", "--days", "10", "--on", "2026-10-14")
    row = _row(demo, sid)
    assert row["state"] == "referred" and row["round"] == 1 and row["replied_on"] is None
    assert row["referred_on"] == "2026-10-14" and row["due_on"] == "2026-10-28"
    assert row["satisfaction"] is None and row["department_id"] == 1
    demo.ok("suggestions", "reply", sid, "--text", "已重新处理", "--on", "2026-10-27")
    assert _row(demo, sid)["state"] == "replied"


@pytest.mark.parametrize(("steps", "bad", "words"), [
    ([], ("chase",), "已登记"),
    ([], ("reply", "--text", "x"), "不能书面答复"),
    ([], ("feedback", "--satisfaction", "满意"), "不能反馈"),
    ([], ("close",), "不能办结"),
    ([("answer",)], ("refer", "--department", "县水利局"), "该意见建议已结束"),
    ([("refer", "--department", "县水利局")], ("feedback", "--satisfaction", "满意"), "当前可以"),
    ([("refer", "--department", "县水利局")], ("refer", "--department", "县水利局"), "不能交办"),
    ([("refer", "--department", "县水利局"), ("reply", "--text", "x")], ("chase",), "不能督办"),
    ([("refer", "--department", "县水利局"), ("reply", "--text", "x"), ("feedback", "--satisfaction", "满意")],
     ("reopen",), "只有群众不满意时"),
    ([("withdraw",)], ("withdraw",), "已撤回"),
])
def test_illegal_transitions_refused(demo, steps, bad, words):
    sid = _add(demo, on="2026-09-01")
    for step in steps:
        demo.ok("suggestions", step[0], sid, *step[1:], "--on", "2026-09-02")
    before = (_row(demo, sid), _count(demo, "suggestion_events"))
    result = demo.fails("suggestions", bad[0], sid, *bad[1:], "--on", "2026-09-03")
    assert words in result.output
    assert (_row(demo, sid), _count(demo, "suggestion_events")) == before


@pytest.mark.parametrize(("args", "words"), [
    (("suggestions", "show", "999999"), "找不到编号为 999999"),
    (("suggestions", "chase", "abc"), "应为数字"),
    (("suggestions", "refer", "{sid}", "--department", "县水利局", "--on", "2026-02-30"), "不存在"),
    (("suggestions", "refer", "{sid}", "--department", "县水利局", "--on", "2026-09-01"), "早于"),
    (("suggestions", "refer", "{sid}", "--department", "县水利局", "--days", "0"), "正整数"),
    (("suggestions", "refer", "{sid}", "--department", "县水利局", "--days", "-5"), "正整数"),
    (("suggestions", "refer", "{sid}", "--department", "没有这个单位"), "找不到承办单位"),
    (("suggestions", "answer", "{sid}", "--on", "2026-09-20"), "早于"),
    (("suggestions", "add", "--county", "yiyuan", "--content", "  "), "不能为空"),
    (("suggestions", "add", "--county", "火星县", "--content", "x"), "找不到县区"),
    (("suggestions", "list", "--state", "done"), "未知的状态"),
    (("suggestions", "due", "--within", "-1"), "--within"),
])
def test_bad_input_refused(demo, args, words):
    sid = _add(demo, on="2026-09-25")
    before = _count(demo, "suggestions"), _count(demo, "suggestion_events")
    result = demo.fails(*[a.format(sid=sid) for a in args])
    assert words in result.output
    assert (_count(demo, "suggestions"), _count(demo, "suggestion_events")) == before


def test_reply_before_referral_and_feedback_before_reply(demo):
    sid = _add(demo, on="2026-09-25")
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-28")
    assert "早于" in demo.fails("suggestions", "reply", sid, "--text", "x", "--on", "2026-09-27").output
    assert "不能反馈" in demo.fails("suggestions", "feedback", sid, "--satisfaction", "满意").output
    demo.ok("suggestions", "reply", sid, "--text", "x", "--on", "2026-10-09")
    assert "满意度" in demo.fails("suggestions", "feedback", sid, "--satisfaction", "很好").output
    assert "早于" in demo.fails("suggestions", "feedback", sid, "--satisfaction", "满意", "--on", "2026-10-08").output
    assert _row(demo, sid)["state"] == "replied"


def test_extend_needs_approval_and_longer_limit(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-28")
    assert "批准单位" in demo.fails("suggestions", "extend", sid, "--days", "25", "--reason", "x").output
    assert "理由" in demo.fails("suggestions", "extend", sid, "--days", "25", "--approved-by", "镇人大").output
    assert "应长于" in demo.fails("suggestions", "extend", sid, "--days", "10", "--approved-by", "镇人大",
                                   "--reason", "x").output
    assert _row(demo, sid)["extended"] == 0


def test_overdue_on_demo(demo):
    data = json.loads(demo.ok("suggestions", "overdue", "--as-of", AS_OF, "--format", "json").output)
    assert data, "the demo has overdue suggestions"
    keys = {"id", "content", "county", "station", "deputy", "department", "category", "referred_on", "due_on",
            "overdue_workdays", "overdue_days", "extended", "chases", "calendar_confirmed"}
    assert keys <= set(data[0])
    assert all(r["due_on"] < AS_OF for r in data)
    assert [r["overdue_days"] for r in data] == sorted((r["overdue_days"] for r in data), reverse=True)
    expected = demo.value("SELECT count(*) FROM suggestions WHERE state = 'referred' AND due_on < ?", AS_OF)
    assert len(data) == expected
    first = data[0]
    assert first["overdue_workdays"] > 0 and first["overdue_days"] >= first["overdue_workdays"]
    assert isinstance(first["extended"], bool) and first["county"] == "沂源县"

    table = demo.ok("suggestions", "overdue", "--as-of", AS_OF).output
    assert "超期未答复" in table and f"超期未答复共 {expected} 条" in table
    assert first["department"] in table.split("涉及承办单位")[1]

    dept = first["department"]
    only = json.loads(demo.ok("suggestions", "overdue", "--as-of", AS_OF, "--department", dept,
                              "--format", "json").output)
    assert only and {r["department"] for r in only} == {dept}
    earlier = json.loads(demo.ok("suggestions", "overdue", "--as-of", "2026-06-01", "--format", "json").output)
    assert all(r["due_on"] < "2026-06-01" for r in earlier)
    csv_out = demo.ok("suggestions", "overdue", "--as-of", AS_OF, "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("id,content,county")


def test_overdue_counts_working_days(demo):
    sid = _add(demo, on="2026-09-25")
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-28", "--days", "3")
    # due 2026-10-08 (9-29, 9-30, 10-8); as of 10-12: 10-9, the 调休 Saturday 10-10 and 10-12 are late
    rows = json.loads(demo.ok("suggestions", "overdue", "--as-of", "2026-10-12", "--department", "县水利局",
                              "--format", "json").output)
    mine = next(r for r in rows if r["id"] == sid)
    assert (mine["due_on"], mine["overdue_workdays"], mine["overdue_days"]) == ("2026-10-08", 3, 4)
    assert mine["calendar_confirmed"] is True


def test_due_within(demo):
    sid = _add(demo, on="2026-11-16")
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-11-18", "--days", "4")
    rows = json.loads(demo.ok("suggestions", "due", "--within", "3", "--as-of", AS_OF, "--format", "json").output)
    mine = next(r for r in rows if r["id"] == sid)
    assert mine["due_on"] == "2026-11-24" and mine["workdays_left"] == 2
    assert all(AS_OF <= r["due_on"] <= "2026-11-25" for r in rows if r["reason"] == "due_soon")
    none = json.loads(demo.ok("suggestions", "due", "--within", "1", "--as-of", AS_OF, "--format", "json").output)
    assert sid not in [r["id"] for r in none]


def test_unconfirmed_deadline_marked(demo):
    sid = _add(demo, on="2026-11-26")
    out = demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-11-27",
                  "--days", "40").output
    assert "未确认" in out
    assert _row(demo, sid)["due_confirmed"] == 0
    assert "未确认" in demo.ok("suggestions", "show", sid).output
    rows = json.loads(demo.ok("suggestions", "overdue", "--as-of", "2027-02-01", "--format", "json").output)
    assert next(r for r in rows if r["id"] == sid)["calendar_confirmed"] is False


def test_list_filters(demo):
    sid = _add(demo, on="2026-11-19")
    rows = json.loads(demo.ok("suggestions", "list", "--state", "collected", "--format", "json").output)
    assert sid in [r["id"] for r in rows] and {r["state"] for r in rows} == {"collected"}
    rows = json.loads(demo.ok("suggestions", "list", "--year", "2025", "--limit", "5", "--format", "json").output)
    assert len(rows) == 5 and all(r["collected_on"].startswith("2025") for r in rows)
    out = demo.ok("suggestions", "list", "--station", "南麻街道人大代表民情联络站", "--limit", "3").output
    assert "南麻" in out
