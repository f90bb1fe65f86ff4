"""Issue 10 §3 (a deadline cannot be laundered) and §9 (one round number, feedback shows its
satisfaction, the county taken from --station/--deputy), through the CLI. The clock is frozen at
2026-11-29 by conftest (SL_TODAY)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import openpyxl
import pytest

from shuanglian_cli.io.forms import register

FUTURE = "晚于今天（2026-11-29），不能登记尚未发生的日期"


def _add(sl, on: str = "2026-08-31", *extra: str) -> int:
    out = sl.ok("suggestions", "add", "--county", "yiyuan", "--content", "村口护栏损坏，建议修复",
                "--station", "南麻街道人大代表民情联络站", "--on", on, *extra).output
    return int(re.search(r"第 (\d+) 条", out).group(1))


def _row(sl, sid: int) -> dict:
    conn = sqlite3.connect(sl.db)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM suggestions WHERE id = ?", [sid]).fetchone())
    row["events"] = conn.execute("SELECT count(*) FROM suggestion_events WHERE suggestion_id = ?", [sid]).fetchone()[0]
    conn.close()
    return row


def _show(sl, sid: int, *extra: str) -> dict:
    return json.loads(sl.ok("suggestions", "show", sid, "--format", "json", *extra).output)


def _dept_report(sl, year: str = "2026") -> dict:
    rows = json.loads(sl.ok("departments", "report", "--year", year, "--format", "json").output)
    return next(r for r in rows if r["department"] == "县水利局")


# -- §3: the example --------------------------------------------------------------------

def test_late_extension_refused_then_after_due_never_on_time(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-01")
    due = _row(demo, sid)["due_on"]
    assert due == "2026-09-21"  # the issue: referred on 09-01, due 09-21
    before = _row(demo, sid)
    out = demo.fails("suggestions", "extend", sid, "--days", "80", "--approved-by", "南麻街道人大工委",
                     "--reason", "资金未到位", "--on", "2026-11-25").output
    assert "到期日 2026-09-21 已过" in out and "--after-due" in out
    assert _row(demo, sid) == before  # nothing written

    demo.ok("suggestions", "extend", sid, "--days", "80", "--approved-by", "南麻街道人大工委",
            "--reason", "资金未到位", "--on", "2026-11-25", "--after-due")
    row = _row(demo, sid)
    assert row["extended"] == 2 and row["due_on"] > "2026-11-25"  # the working deadline moved
    # the reply may not be dated before the extension: no laundering by back-dating
    out = demo.fails("suggestions", "reply", sid, "--text", "已修复", "--on", "2026-11-20").output
    assert "早于本轮上一步（延期 2026-11-25）" in out
    counted = _dept_report(demo)
    out = demo.ok("suggestions", "reply", sid, "--text", "已修复", "--on", "2026-11-26").output
    assert "超期答复" in out
    data = _show(demo, sid)
    assert data["on_time"] is False
    assert [e["event"] for e in data["events"] if e["kind"] == "extend"] == ["超期后延期"]
    assert [e["late"] for e in data["events"] if e["kind"] == "reply"] == [True]
    after = _dept_report(demo)
    assert after["answered"] == counted["answered"] + 1
    assert after["answered_on_time"] == counted["answered_on_time"]  # the on-time rate does not improve
    assert "超期后延期" in demo.ok("suggestions", "show", sid).output


def test_after_due_extension_moves_the_working_deadline(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-01")
    ids = lambda day: [r["id"] for r in json.loads(  # noqa: E731
        demo.ok("suggestions", "overdue", "--as-of", day, "--format", "json").output)]
    assert sid in ids("2026-11-25")
    demo.ok("suggestions", "extend", sid, "--days", "80", "--approved-by", "街道人大工委", "--reason", "x",
            "--on", "2026-11-25", "--after-due")
    assert sid not in ids("2026-11-25")  # overdue, due and reminders use the working deadline
    assert sid in ids("2026-11-24")  # ... from the day it was approved
    rows = json.loads(demo.ok("suggestions", "overdue", "--format", "json", "--as-of", "2026-11-25").output)
    assert all(r["id"] != sid for r in rows)


def test_extension_in_time_replaces_the_due_date(demo):
    sid = _add(demo, "2026-10-30")
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-11-02")
    old_due = _row(demo, sid)["due_on"]
    demo.ok("suggestions", "extend", sid, "--days", "25", "--approved-by", "街道人大工委", "--reason", "x",
            "--on", "2026-11-10")
    row = _row(demo, sid)
    assert row["extended"] == 1 and row["due_on"] > old_due
    assert "按期答复" in demo.ok("suggestions", "reply", sid, "--text", "已办", "--on", "2026-11-27").output
    assert _show(demo, sid)["on_time"] is True


# -- §3: the same rule and wording for every dated step -------------------------------------------

STEPS = {
    "answer": [], "inter-session": [], "refer": ["--department", "县水利局"], "withdraw": [],
}


@pytest.mark.parametrize("command", ["answer", "inter-session", "refer", "withdraw"])
def test_first_steps_refuse_future_and_back_dates(demo, command):
    sid = _add(demo, "2026-11-10")
    before = _row(demo, sid)
    out = demo.fails("suggestions", command, sid, *STEPS[command], "--on", "2027-05-01").output
    assert FUTURE in out
    out = demo.fails("suggestions", command, sid, *STEPS[command], "--on", "2026-11-09").output
    assert "早于本轮上一步（登记 2026-11-10），不能倒填日期" in out
    assert _row(demo, sid) == before


@pytest.mark.parametrize("command,args,prepare", [
    ("chase", [], []),
    ("extend", ["--days", "30", "--approved-by", "镇人大", "--reason", "x"], []),
    ("reply", ["--text", "已办"], []),
    ("feedback", ["--satisfaction", "满意"], [("reply", "--text", "已办")]),
    ("close", [], [("reply", "--text", "已办"), ("feedback", "--satisfaction", "满意")]),
    ("reopen", [], [("reply", "--text", "已办"), ("feedback", "--satisfaction", "不满意")]),
])
def test_later_steps_refuse_future_and_back_dates(demo, command, args, prepare):
    sid = _add(demo, "2026-11-02")
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-11-03")
    demo.ok("suggestions", "chase", sid, "--on", "2026-11-16")
    for i, (step, *more) in enumerate(prepare):
        demo.ok("suggestions", step, sid, *more, "--on", f"2026-11-{17 + i}")
    latest = f"2026-11-{16 + len(prepare)}"
    before = _row(demo, sid)
    assert FUTURE in demo.fails("suggestions", command, sid, *args, "--on", "2027-05-01").output
    out = demo.fails("suggestions", command, sid, *args, "--on", "2026-11-05").output
    assert "早于本轮上一步（" in out and f"{latest}），不能倒填日期" in out
    assert _row(demo, sid) == before
    demo.ok("suggestions", command, sid, *args, "--on", latest)  # the same day as the latest step is fine


def test_add_refuses_a_future_date_and_defaults_to_today(demo):
    out = demo.fails("suggestions", "add", "--county", "yiyuan", "--content", "x", "--on", "2030-01-01").output
    assert "登记日期 2030-01-01 " + FUTURE in out
    sid = _add(demo, "2026-11-29")
    assert _row(demo, sid)["collected_on"] == "2026-11-29"
    out = demo.ok("suggestions", "add", "--county", "yiyuan", "--content", "今天登记的").output
    new = int(re.search(r"第 (\d+) 条", out).group(1))
    assert _row(demo, new)["collected_on"] == "2026-11-29"  # the clock hook's today


def test_record_visit_and_edit_follow_the_rule(demo):
    out = demo.fails("record", "visit", "--date", "2030-01-05", "--kind", "走访", "--station", "1",
                     "--as-of", "2030-01-10").output
    assert "--as-of 2030-01-10 晚于今天（2026-11-29）" in out
    out = demo.fails("record", "visit", "--date", "2026-12-05", "--kind", "走访", "--station", "1").output
    assert "活动日期 2026-12-05 " + FUTURE in out
    out = demo.ok("record", "visit", "--date", "2026-11-28", "--kind", "走访", "--station", "1", "--json").output
    aid = json.loads(out)["activity_id"]
    out = demo.fails("record", "edit", str(aid), "--date", "2026-12-01").output
    assert "活动日期 2026-12-01 " + FUTURE in out
    assert "--as-of" in demo.fails("record", "edit", str(aid), "--summary", "x", "--as-of", "2027-01-01").output
    demo.ok("record", "edit", str(aid), "--date", "2026-11-27")


def test_import_register_refuses_rows_with_row_numbers(sl, tmp_path):
    path = tmp_path / "登记表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(register.HEADERS))
    blank = [""] * 17
    ok_row = [1, "2026-08-05", "东里镇站", "", "", "", "", "建议修路", "", "现场解答"] + [""] * 7
    future = [2, "2026-08-05", "东里镇站", "", "", "", "", "建议修桥", "", "交办", "县交通局", "2026-08-06",
              "15", "已修", "2027-03-01", "", ""]
    backwards = [3, "2026-08-05", "东里镇站", "", "", "", "", "建议修渠", "", "交办", "县水利局", "2026-08-10",
                 "15", "已修", "2026-08-20", "满意", "反馈：2026-08-12"]
    ws.append(ok_row)
    ws.append(future)
    ws.append(backwards)
    ws.append(blank)
    wb.save(path)
    out = sl.fails("import", "register", path, "--county", "yiyuan").output
    assert "第 3 行“答复日期”列" in out and "答复日期 2027-03-01 " + FUTURE in out
    assert "第 4 行“备注”列" in out and "反馈日期 2026-08-12 早于本轮上一步（答复日期 2026-08-20）" in out
    assert "第 2 行" not in out
    assert sl.value("SELECT count(*) FROM suggestions") == 0


# -- databases written before the rule ------------------------------------------------------------

def test_check_lists_old_breaches_and_other_fields_stay_editable(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-09-01")
    assert "日期不符合" not in demo.ok("check").output  # the demo itself is in order
    out = demo.ok("record", "visit", "--date", "2026-11-28", "--kind", "走访", "--station", "1", "--json").output
    aid = json.loads(out)["activity_id"]
    # what an older version let through: a laundered extension, a back-dated reply, a future visit
    conn = sqlite3.connect(demo.db)
    conn.execute("""INSERT INTO suggestion_events (suggestion_id, round, kind, on_date, actor, note, limit_workdays,
                    due_on) VALUES (?, 0, 'extend', '2026-11-25', 'x', '镇人大批准：x', 80, '2026-12-30')""", [sid])
    conn.execute("""INSERT INTO suggestion_events (suggestion_id, round, kind, on_date, actor, note)
                    VALUES (?, 0, 'reply', '2026-11-20', 'x', '已修复')""", [sid])
    conn.execute("""UPDATE suggestions SET state = 'replied', extended = 1, due_on = '2026-12-30', limit_workdays = 80,
                    replied_on = '2026-11-20', reply = '已修复' WHERE id = ?""", [sid])
    conn.execute("UPDATE activities SET date = '2027-02-01' WHERE id = ?", [aid])
    conn.commit()
    conn.close()
    out = demo.ok("check").output
    assert f"意见建议 #{sid}：2026-11-25 批准的延期晚于当时的到期日 2026-09-21" in out
    assert f"意见建议 #{sid}：书面答复日期 2026-11-20 早于本轮上一步（延期 2026-11-25）" in out
    assert f"活动 #{aid}：活动日期 2027-02-01 晚于今天（2026-11-29）" in out
    assert "restore" not in out
    # the figures already judge the laundered reply against the due date before the extension
    assert _show(demo, sid)["on_time"] is False
    # and the rule does not block editing other fields of those rows
    demo.ok("record", "edit", str(aid), "--summary", "补记")
    demo.ok("suggestions", "feedback", sid, "--satisfaction", "满意", "--on", "2026-11-26")


# -- §9 ------------------------------------------------------------------------------------------

def test_reopen_and_show_say_the_same_round(demo):
    sid = _add(demo, "2026-10-30")
    demo.ok("suggestions", "refer", sid, "--department", "县水利局", "--on", "2026-11-02")
    demo.ok("suggestions", "reply", sid, "--text", "已修", "--on", "2026-11-10")
    demo.ok("suggestions", "feedback", sid, "--satisfaction", "不满意", "--note", "护栏只修了一半", "--on", "2026-11-11")
    out = demo.ok("suggestions", "reopen", sid, "--on", "2026-11-12").output
    assert "第 2 轮" in out and "第 1 轮" not in out
    assert "第 2 轮" in demo.ok("suggestions", "show", sid).output
    data = _show(demo, sid)
    feedback = [e for e in data["events"] if e["kind"] == "feedback"]
    assert feedback[0]["note"] == "不满意：护栏只修了一半"
    assert "不满意：护栏只修了一半" in demo("suggestions", "show", sid, env={"COLUMNS": "250"}).output
    # the stored note is the clerk's words, unchanged
    note = demo.value(
        "SELECT note FROM suggestion_events WHERE suggestion_id = ? AND kind = 'feedback'", sid)
    assert note == "护栏只修了一半"


def test_add_takes_the_county_from_station_or_deputy(demo):
    out = demo.ok("suggestions", "add", "--content", "x", "--station", "南麻街道人大代表民情联络站",
                  "--on", "2026-11-20").output
    assert "沂源县" in out
    deputy = demo.value("SELECT name FROM deputies WHERE county_id = 8 "
                                              "AND name NOT IN (SELECT name FROM deputies GROUP BY name "
                                              "HAVING count(*) > 1) LIMIT 1")
    out = demo.ok("suggestions", "add", "--content", "y", "--deputy", deputy, "--on", "2026-11-20").output
    assert "沂源县" in out
    assert "--county" in demo.fails("suggestions", "add", "--content", "z").output


def test_clock_hook(monkeypatch):
    from shuanglian_cli.clock import today

    assert today() == dt.date(2026, 11, 29)  # conftest freezes it
    monkeypatch.setenv("SL_TODAY", "2031-02-03")
    assert today() == dt.date(2031, 2, 3)
    monkeypatch.setenv("SL_TODAY", "not a date")
    assert today() == dt.date.today()
    monkeypatch.delenv("SL_TODAY")
    assert today() == dt.date.today()
