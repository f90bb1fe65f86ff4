"""`sl calendar`: deadline, show, between, and check after a config change."""

from __future__ import annotations

import json

from tests.conftest import Sl, rows


def test_deadline_json(sl):
    data = json.loads(sl.ok("calendar", "deadline", "2026-09-28", "--days", "15", "--format", "json").output)
    assert data == {"start": "2026-09-28", "workdays": 15, "due": "2026-10-23", "confirmed": True}
    out = sl.ok("calendar", "deadline", "2026年2月12日", "--days", "15").output
    assert "2026-03-11" in out and "星期三" in out


def test_deadline_category_default_and_unconfirmed(sl):
    data = json.loads(sl.ok("calendar", "deadline", "2026-09-30", "--category", "民生微实事", "--format",
                            "json").output)
    assert (data["workdays"], data["due"]) == (7, "2026-10-15")
    result = sl.ok("calendar", "deadline", "2026-12-20", "--days", "15")
    assert "2027-01-08（未确认）" in result.output
    assert "2027" in result.output and "未确认" in result.output


def test_deadline_bad_input(sl):
    assert "不存在" in sl.fails("calendar", "deadline", "2026-02-30", "--days", "5").output
    assert "正整数" in sl.fails("calendar", "deadline", "2026-02-03", "--days", "0").output
    assert "超出" in sl.fails("calendar", "deadline", "2099-01-01", "--days", "5").output


def test_show_year(sl):
    data = json.loads(sl.ok("calendar", "show", "2026", "--format", "json").output)
    assert data["confirmed"] is True and data["workday_count"] == 248
    spring = next(p for p in data["periods"] if p["name"] == "春节" and p["kind"] == "放假")
    assert (spring["start"], spring["end"], spring["days"]) == ("2026-02-15", "2026-02-23", 9)
    assert {"2026-02-14", "2026-02-28", "2026-10-10"} <= {p["start"] for p in data["periods"] if p["kind"] == "调休上班"}
    out = sl.ok("calendar", "show", "2027").output
    assert "未确认" in out
    assert "超出" in sl.fails("calendar", "show", "2150").output


def test_between(sl):
    data = json.loads(sl.ok("calendar", "between", "2026-09-30", "2026-10-12", "--format", "json").output)
    assert (data["workdays"], data["days"], data["confirmed"]) == (4, 12, True)  # 10-8, 10-9, 10-10, 10-12
    assert "未确认" in sl.ok("calendar", "between", "2026-12-01", "2027-01-31").output


def test_config_year_and_empty_year(tmp_path, sl):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text('calendar:\n  years:\n    2027:\n      holidays: ["2027-01-01", "2027-02-06..2027-02-13"]\n'
                   '      workdays: ["2027-02-14"]\n', encoding="utf-8")
    s = Sl(sl.db, config=cfg)
    data = json.loads(s.ok("calendar", "deadline", "2026-12-20", "--days", "15", "--format", "json").output)
    assert data == {"start": "2026-12-20", "workdays": 15, "due": "2027-01-11", "confirmed": True}
    assert "已确认" in s.ok("calendar", "show", "2027").output
    cfg.write_text("calendar:\n  years:\n    2027: {}\n", encoding="utf-8")
    out = s.fails("calendar", "show", "2027").output
    assert "2027" in out and "没有任何放假或调休日期" in out


def _open_due(db) -> dict[int, str]:
    return dict(rows(db, "SELECT id, due_on FROM suggestions WHERE state = 'referred'"))


def test_check_recomputes_after_config_change(demo, tmp_path):
    before = _open_due(demo.db)
    out = demo.ok("calendar", "check").output
    assert "到期日变化 0 条" in out
    cfg = tmp_path / "closure.yaml"
    cfg.write_text('calendar:\n  years:\n    2026:\n      holidays: ["2026-11-23..2026-11-24"]\n', encoding="utf-8")
    changed = Sl(demo.db, config=cfg)
    rows = json.loads(changed.ok("calendar", "check", "--format", "json").output)
    moved = {r["id"]: r for r in rows}
    expected = {sid for sid, due in before.items() if due >= "2026-11-23"}
    assert expected and set(moved) == expected
    for sid, r in moved.items():
        assert r["old_due_on"] == before[sid] and r["new_due_on"] > before[sid]
    after = _open_due(demo.db)
    assert {sid for sid in after if after[sid] != before[sid]} == expected
    assert demo.value("SELECT count(*) FROM suggestion_events WHERE kind = 'recalc'") == len(expected)
    # running it again: nothing new moves, the last change is still listed
    again = changed.ok("calendar", "check").output
    assert "已自动重算" in again and str(next(iter(expected))) in again
    # a reading command notices a calendar change by itself, warns, and computes it in memory only
    back = demo.ok("suggestions", "overdue", "--as-of", "2026-11-20")
    assert "工作日历已变化" in back.output
    assert _open_due(demo.db) == after
