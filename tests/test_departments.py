"""`sl departments report` on the demo database."""

from __future__ import annotations

import json

AS_OF = "2026-11-20"


def test_report_matches_the_data(demo):
    rows = json.loads(demo.ok("departments", "report", "--year", "2025", "--as-of", AS_OF,
                              "--format", "json").output)
    referred = demo.value("SELECT count(*) FROM suggestions WHERE handling = 'referred' "
                            "AND referred_on LIKE '2025-%'")
    on_time = demo.value("SELECT count(*) FROM suggestions WHERE handling = 'referred' AND referred_on LIKE "
                           "'2025-%' AND replied_on <= due_on")
    assert sum(r["referred"] for r in rows) == referred
    assert sum(r["answered_on_time"] for r in rows) == on_time
    for r in rows:
        assert r["answered_on_time"] <= r["answered"] <= r["referred"]
        assert r["on_time_rate"] is None or 0 <= r["on_time_rate"] <= 1
        assert r["satisfaction_rate"] is None or 0 <= r["satisfaction_rate"] <= 1
    overdue = demo.value("SELECT count(*) FROM suggestions WHERE state = 'referred' AND due_on < ?", AS_OF)
    assert sum(r["overdue_now"] for r in rows) == overdue > 0


def test_report_table_and_county(demo):
    out = demo.ok("departments", "report", "--county", "yiyuan", "--as-of", AS_OF).output
    assert "2026 年承办单位办理情况" in out and "按期答复" in out and "合计" in out
    assert "没有交办" in demo.ok("departments", "report", "--county", "zhangdian", "--as-of", AS_OF).output
    assert "年份" in demo.fails("departments", "report", "--year", "26").output
