"""The referral desk (issue 14) through the real CLI on a copy of the demo: lead and co-handling
bodies, returns and re-referral, reply classes and follow-ups; each with its refusals."""

from __future__ import annotations

import json
import re
import sqlite3

HOUSING, TRANSPORT, WATER = "县住房和城乡建设局", "县交通运输局", "县水利局"


def _add(sl, on: str = "2026-11-02") -> int:
    out = sl.ok("suggestions", "add", "--county", "yiyuan", "--content", "村口路灯不亮，建议尽快维修",
                "--station", "南麻街道人大代表民情联络站", "--on", on).output
    return int(re.search(r"第 (\d+) 条", out).group(1))


def _query(sl, sql: str, *args):
    conn = sqlite3.connect(sl.db)
    rows = conn.execute(sql, args).fetchall()
    conn.close()
    return rows


def _row(sl, sid: int) -> dict:
    conn = sqlite3.connect(sl.db)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM suggestions WHERE id = ?", [sid]).fetchone())
    conn.close()
    return row


def _unchanged(sl, fn):
    """Runs a refusal and checks it wrote nothing."""
    before = _query(sl, "SELECT count(*) FROM audit_log")[0][0]
    result = fn()
    assert _query(sl, "SELECT count(*) FROM audit_log")[0][0] == before
    return result


def test_lead_and_co_handlers(demo):
    sid = _add(demo)
    out = demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--co", TRANSPORT, "--co", WATER,
                  "--on", "2026-11-03").output
    assert "协办：县交通运输局、县水利局" in out
    assert _query(demo, "SELECT count(*) FROM suggestion_co_handlers WHERE suggestion_id = ?", sid)[0][0] == 2
    due = _row(demo, sid)["due_on"]
    assert "按期" in demo.ok("suggestions", "co-reply", sid, "--department", TRANSPORT, "--text", "同意",
                             "--on", "2026-11-10").output
    # the co-handler's opinion never changes the lead's figures
    row = _row(demo, sid)
    assert row["state"] == "referred" and row["replied_on"] is None and row["due_on"] == due
    assert row["first_referred_on"] == "2026-11-03"
    kinds = [k for (k,) in _query(demo, "SELECT kind FROM suggestion_events WHERE suggestion_id = ? ORDER BY id", sid)]
    assert kinds == ["collect", "refer", "co_reply"]


def test_co_handler_refusals(demo):
    sid = _add(demo)
    r = _unchanged(demo, lambda: demo.fails("suggestions", "refer", sid, "--department", HOUSING, "--co", HOUSING,
                                            "--on", "2026-11-03"))
    assert "就是主办单位" in r.output
    r = _unchanged(demo, lambda: demo.fails("suggestions", "refer", sid, "--department", "不存在的局",
                                            "--on", "2026-11-03"))
    assert "不存在的局" in r.output
    demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--co", TRANSPORT, "--on", "2026-11-03")
    r = _unchanged(demo, lambda: demo.fails("suggestions", "co-reply", sid, "--department", WATER, "--text", "同意"))
    assert "不是第" in r.output and "协办单位" in r.output
    demo.ok("suggestions", "co-reply", sid, "--department", TRANSPORT, "--text", "同意", "--on", "2026-11-04")
    assert "已于 2026-11-04" in demo.fails("suggestions", "co-reply", sid, "--department", TRANSPORT,
                                          "--text", "再次").output


def test_return_and_reassign_in_the_same_round(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--on", "2026-11-03")
    out = demo.ok("suggestions", "return", sid, "--department", HOUSING, "--reason", "不属于本单位职责",
                  "--on", "2026-11-05").output
    assert "持有 2 个工作日" in out
    row = _row(demo, sid)
    assert row["state"] == "returned" and row["round"] == 0
    (ret,) = _query(demo, "SELECT department_id, in_window, workdays_held FROM suggestion_returns WHERE suggestion_id = ?", sid)
    assert ret[1:] == (1, 2)
    demo.ok("suggestions", "refer", sid, "--department", TRANSPORT, "--on", "2026-11-06", "--days", "5")
    row = _row(demo, sid)
    # the new due date counts from the new referral; the county keeps the first referral date
    assert (row["state"], row["round"], row["referred_on"], row["due_on"], row["first_referred_on"]) == (
        "referred", 0, "2026-11-06", "2026-11-13", "2026-11-03")
    data = json.loads(demo.ok("suggestions", "show", sid, "--format", "json").output)
    assert data["returns"][0]["department"] == HOUSING and data["returns"][0]["workdays_held"] == 2
    assert "退办" in demo.ok("suggestions", "show", sid).output


def test_return_refusals(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--on", "2026-11-03")
    r = _unchanged(demo, lambda: demo.fails("suggestions", "return", sid, "--department", WATER, "--reason", "不归我们",
                                            "--on", "2026-11-04"))
    assert "县住房和城乡建设局 承办" in r.output
    r = _unchanged(demo, lambda: demo.fails("suggestions", "return", sid, "--department", HOUSING, "--reason", "不归我们",
                                            "--on", "2026-11-09"))
    assert "超过退办时限（3 个工作日）" in r.output and "--approved-by" in r.output
    out = demo.ok("suggestions", "return", sid, "--department", HOUSING, "--reason", "不归我们", "--on", "2026-11-09",
                  "--approved-by", "县人大常委会选联工委").output
    assert "超过时限经批准" in out
    assert _query(demo, "SELECT in_window FROM suggestion_returns WHERE suggestion_id = ?", sid) == [(0,)]
    assert "不能退办" in demo.fails("suggestions", "return", sid, "--department", HOUSING, "--reason", "x").output


def test_reply_classes_and_follow_up(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--on", "2026-11-03")
    for args, words in (
        (("--class", "D"), "只能是 A、B 或 C"),
        (("--class", "B"), "--promise"),
        (("--class", "B", "--promise", "2026-11-01"), "早于答复日期"),
        (("--class", "A", "--promise", "2026-12-31"), "只有 B 类"),
    ):
        r = _unchanged(demo, lambda a=args: demo.fails("suggestions", "reply", sid, "--text", "在办", "--on",
                                                      "2026-11-10", *a))
        assert words in r.output, (args, r.output)
    r = _unchanged(demo, lambda: demo.fails("suggestions", "follow-up", sid, "--class", "A", "--text", "已修好"))
    assert "不能续报" in r.output
    demo.ok("suggestions", "reply", sid, "--text", "已列入明年计划", "--class", "B", "--promise", "2027-03-31",
            "--on", "2026-11-10")
    row = _row(demo, sid)
    assert (row["reply_class"], row["promise_on"], row["replied_on"]) == ("B", "2027-03-31", "2026-11-10")
    demo.ok("suggestions", "follow-up", sid, "--class", "A", "--text", "已修好", "--on", "2026-11-20")
    row = _row(demo, sid)
    assert (row["reply_class"], row["promise_on"], row["replied_on"], row["state"]) == ("A", None, "2026-11-10", "replied")
    r = _unchanged(demo, lambda: demo.fails("suggestions", "follow-up", sid, "--class", "A", "--text", "再报"))
    assert "只有 B 类答复" in r.output


def test_a_reply_without_class_still_works(demo):
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--on", "2026-11-03")
    demo.ok("suggestions", "reply", sid, "--text", "已修好", "--on", "2026-11-10")
    assert _row(demo, sid)["reply_class"] is None


def _report(sl) -> dict:
    rows = json.loads(sl.ok("departments", "report", "--year", "2026", "--county", "yiyuan", "--format", "json").output)
    return {r["department"]: r for r in rows}


def test_figures_with_co_handlers_returns_and_classes(demo):
    before = _report(demo)
    stats_before = json.loads(demo.ok("stats", "year", "2026", "--county", "yiyuan", "--format", "json").output)
    sid = _add(demo)
    demo.ok("suggestions", "refer", sid, "--department", HOUSING, "--on", "2026-11-03")
    demo.ok("suggestions", "return", sid, "--department", HOUSING, "--reason", "不归本单位", "--on", "2026-11-04")
    after_return = _report(demo)
    # a return takes the referral out of the body's figures and counts it under 退办
    assert after_return[HOUSING]["referred"] == before[HOUSING]["referred"]
    assert after_return[HOUSING]["returned"] == before[HOUSING]["returned"] + 1
    assert after_return[HOUSING]["returned_workdays"] == before[HOUSING]["returned_workdays"] + 1
    demo.ok("suggestions", "refer", sid, "--department", TRANSPORT, "--co", WATER, "--on", "2026-11-05")
    demo.ok("suggestions", "co-reply", sid, "--department", WATER, "--text", "同意", "--on", "2026-11-06")
    demo.ok("suggestions", "reply", sid, "--text", "已列入计划", "--class", "B", "--promise", "2027-01-31",
            "--on", "2026-11-09")
    after = _report(demo)
    assert after[TRANSPORT]["referred"] == before[TRANSPORT]["referred"] + 1
    assert after[TRANSPORT]["class_b"] == before[TRANSPORT]["class_b"] + 1
    assert after[TRANSPORT]["answered_on_time"] == before[TRANSPORT]["answered_on_time"] + 1
    # the co-handler's opinion is reported in its own column, never in its referred or on-time figures
    assert after[WATER]["co_handled"] == before.get(WATER, {}).get("co_handled", 0) + 1
    assert after[WATER]["co_on_time"] == before.get(WATER, {}).get("co_on_time", 0) + 1
    assert after[WATER]["referred"] == before[WATER]["referred"]
    assert after[WATER]["answered_on_time"] == before[WATER]["answered_on_time"]
    stats = json.loads(demo.ok("stats", "year", "2026", "--county", "yiyuan", "--format", "json").output)
    assert stats["replies_class_b"] == stats_before["replies_class_b"] + 1
    assert stats["returned"] == stats_before["returned"] + 1
    assert stats["co_handled"] == stats_before["co_handled"] + 1
    assert stats["suggestions"] == stats_before["suggestions"] + 1, "counted once"
    table = demo.ok("departments", "report", "--year", "2026", "--county", "yiyuan").output
    assert "退办" in table and "会签按期" in table and "评分" in table


def test_score_weights_and_ranking(demo, tmp_path):
    from tests.conftest import Sl

    rows = list(_report(demo).values())
    ranked = [r for r in rows if r["ranked"]]
    assert ranked and all(r["rank"] for r in ranked)
    assert all(r["rank"] is None for r in rows if not r["ranked"])
    best = min(ranked, key=lambda r: r["rank"])
    assert best["score"] == max(r["score"] for r in ranked)
    small = [r for r in rows if r["referred"] + r["returned"] < 3]
    assert all(not r["ranked"] for r in small)
    # weights from the config: only on time counts, 100 points for a body that answered all on time
    config = tmp_path / "c.yaml"
    config.write_text("score:\n  weights: {on_time: 100, satisfied: 0, class_a: 0, returned: 0, overdue_now: 0}\n"
                      "  min_referrals: 1000\n", encoding="utf-8")
    custom = json.loads(Sl(demo.db, config).ok("departments", "report", "--year", "2026", "--county", "yiyuan",
                                               "--format", "json").output)
    for r in custom:
        assert not r["ranked"] and r["rank"] is None
        if r["referred"]:
            assert r["score"] == round(100 * r["answered_on_time"] / (r["referred"] + r["returned"]), 1)
    config.write_text("score:\n  weights: {on_time: many}\n", encoding="utf-8")
    assert "score.weights.on_time" in Sl(demo.db, config).fails("departments", "report").output


def test_the_year_workbook_and_summary_form(demo, tmp_path):
    import openpyxl

    out = tmp_path / "year.xlsx"
    demo.ok("export", "year", "2026", "--county", "yiyuan", "--as-of", "2026-11-20", "--out", str(out))
    wb = openpyxl.load_workbook(out, read_only=True)
    assert "承办单位评分" in wb.sheetnames
    cells = [c for row in wb["承办单位评分"].iter_rows(values_only=True) for c in row if c is not None]
    assert "评分" in cells and "退办" in cells
    report = _report(demo)
    body_rows = [row for row in wb["承办单位评分"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(body_rows) == len(report)
    first = body_rows[0]
    assert first[-1] == 1 and first[-2] == max(r["score"] for r in report.values() if r["ranked"])
    summary = [row for row in wb["统计汇总"].iter_rows(values_only=True)]
    labels = {row[1]: row[2] for row in summary if row and len(row) > 2}
    assert labels["A 类答复：已解决或采纳（件）"] >= 1 and labels["退办（次）"] >= 2
    ledger = " ".join(str(c) for row in wb["交办督办台账"].iter_rows(values_only=True) for c in row if c)
    assert "（协办：" in ledger and "退办，持有 2 个工作日" in ledger and "【B 类，承诺" in ledger and "退办待改派" in ledger
    wb.close()
    quarter = tmp_path / "q.xlsx"
    demo.ok("export", "quarter", "2026Q3", "--county", "yiyuan", "--as-of", "2026-11-20", "--out", str(quarter))
    assert "承办单位评分" not in openpyxl.load_workbook(quarter, read_only=True).sheetnames
