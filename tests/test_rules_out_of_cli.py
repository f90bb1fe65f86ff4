"""Issue 11 item 5: cli/ parses and renders; the rules live in domain/, the SQL in store/, the
reveal-mask-log sequence in services/privacy. These tests hold the rules where they now live."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from shuanglian_cli.domain import lifecycle
from shuanglian_cli.domain.activity_rules import check_activity_date, check_rating_kind
from shuanglian_cli.domain.workdays import WorkCalendar, library_data
from shuanglian_cli.errors import UserError
from tests.conftest import value

CLI = Path(__file__).resolve().parent.parent / "shuanglian_cli" / "cli"
SQL = re.compile(r"\b(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)", re.I)
# a connection's own calls (store functions named query, such as audit.query, are fine)
CALLS = re.compile(r"(\b(db|conn|cur|cursor|connection)|\))\.(execute\w*|query)\(")
# the demo's file juggling folds a WAL into its database: the application layer takes it (issue 11 item 1)
ALLOWED = {("basics.py", 'execute("PRAGMA wal_checkpoint(TRUNCATE)")')}


def test_cli_holds_no_sql():
    found = []
    for path in sorted(CLI.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(path.name == name and text in line for name, text in ALLOWED):
                continue
            if SQL.search(line) or CALLS.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == [], "SQL in cli/ (move it to store/):\n" + "\n".join(found)


def test_the_scan_finds_sql():
    assert SQL.search('db.query("SELECT * FROM counties WHERE id = ?")')
    assert SQL.search("UPDATE activities SET date = ?") and CALLS.search("conn.execute(sql)")
    assert not SQL.search("选择 SELECTED_ROWS") and not CALLS.search("store.query(db)")
    assert CALLS.search("st.db().execute(sql)")


# -- rules ------------------------------------------------------------------------------------------

def test_rating_belongs_to_a_report_back_only():
    check_rating_kind((47, 48), "述职")
    check_rating_kind(None, "走访")
    with pytest.raises(UserError, match="本活动是“走访”"):
        check_rating_kind((47, 48), "走访")
    with pytest.raises(UserError, match="^评议结果只用于“述职”活动$"):
        check_rating_kind((47, 48), "走访", named=False)


def test_activity_date_not_after_the_write_day():
    day = dt.date(2026, 11, 20)
    check_activity_date(day, day)
    with pytest.raises(UserError, match="活动日期 2026-11-21 晚于今天"):
        check_activity_date(dt.date(2026, 11, 21), day)


def test_extension_needs_approver_and_reason():
    assert lifecycle.check_extension_approval(" 南麻街道人大工委 ", " 工程量大 ") == ("南麻街道人大工委", "工程量大")
    with pytest.raises(UserError, match="--approved-by"):
        lifecycle.check_extension_approval("  ", "工程量大")
    with pytest.raises(UserError, match="--reason"):
        lifecycle.check_extension_approval("街道人大工委", None)


def test_overdue_and_remaining_working_days():
    cal = WorkCalendar(library_data())
    # 2026-11-20 is a Friday: the Monday after is one working day later
    assert lifecycle.workdays_left("2026-11-23", dt.date(2026, 11, 20), cal) == 1
    assert lifecycle.workdays_left("2026-11-20", dt.date(2026, 11, 20), cal) == 0
    late = lifecycle.overdue_by("2026-11-20", dt.date(2026, 11, 23), cal)
    assert late == (1, 3) and late.workdays == 1 and late.days == 3
    assert lifecycle.open_referral_status("referred", "2026-11-23", dt.date(2026, 11, 20), cal) == \
        "截至 2026-11-20 未超期，还剩 1 个工作日"
    assert lifecycle.open_referral_status("referred", "2026-11-20", dt.date(2026, 11, 23), cal) == \
        "截至 2026-11-23 已超期 3 天（1 个工作日）"


# -- through the CLI ------------------------------------------------------------------------------

def _reveals(path) -> int:
    return value(path, "SELECT count(*) FROM audit_log WHERE action = 'reveal'")


def test_a_reveal_of_nothing_is_not_logged_but_a_look_at_the_trail_is(demo):
    result = demo("constituent", "list", "--town", "不存在的镇", "--reveal", "-f", "json")
    if result.exit_code == 0:  # an unknown town may also be refused: either way nothing is revealed
        assert json.loads(result.stdout) == [] and "未脱敏" not in result.output
    assert _reveals(demo.db) == 0
    shown = demo.ok("audit", "--record", "constituent:999999", "--reveal", "-f", "json")
    assert "未脱敏" in shown.output and _reveals(demo.db) == 1


def test_list_masks_and_reveal_warns_once(demo):
    masked = json.loads(demo.ok("constituent", "list", "--county", "yiyuan", "-f", "json").stdout)
    assert masked and all("****" in r["phone"] for r in masked if r["phone"])
    shown = demo.ok("constituent", "list", "--county", "yiyuan", "-f", "json", "--reveal")
    assert shown.output.count("未脱敏") == 1 and _reveals(demo.db) == 1
    assert [r["id"] for r in json.loads(shown.stdout)] == [r["id"] for r in masked]


def test_record_edit_keeps_the_rating_rule(demo):
    activity = demo.value("SELECT id FROM activities WHERE kind != '述职' ORDER BY id LIMIT 1")
    out = demo.fails("record", "edit", str(activity), "--rating", "4/5").output
    assert "评议结果只用于“述职”活动" in out
    assert "晚于今天" in demo.fails("record", "edit", str(activity), "--date", "2026-11-30").output


def test_departments_report_groups_by_county_and_department(demo):
    rows = json.loads(demo.ok("departments", "report", "--year", "2026", "--as-of", "2026-11-20",
                              "-f", "json").stdout)
    keys = [(r["county"], r["department"]) for r in rows]
    assert len(keys) == len(set(keys)) and rows
    order = [(-r["referred"], -r["overdue_now"], r["county"], r["department"] or "") for r in rows]
    assert order == sorted(order)


def test_overdue_summary_by_department():
    rows = [{"department": "县水利局", "overdue_workdays": 3}, {"department": None, "overdue_workdays": 9},
            {"department": "县水利局", "overdue_workdays": 5}, {"department": "县交通局", "overdue_workdays": 9}]
    assert lifecycle.overdue_by_department(rows) == [
        ("县水利局", 2, 5), ("县交通局", 1, 9), ("（未指定）", 1, 9)]  # names in code-point order
