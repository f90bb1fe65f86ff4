"""Issue 10 §4: --as-of means as of that day, everywhere: the state on a day comes from the
events dated on or before it (store/as_of.py: AS_OF_ROWS, lifecycle.state_on)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from shuanglian_cli.cli.app import app
from shuanglian_cli.io.forms import referrals
from shuanglian_cli.store.as_of import AS_OF_ROWS
from tests.conftest import Sl, rows

DAY = "2026-09-07"


@pytest.fixture(scope="module")
def demo_today_file(tmp_path_factory) -> Path:
    """The demo as `sl demo` builds it on 2026-11-29 (the day the issue was filed)."""
    path = tmp_path_factory.mktemp("demo29") / "demo.db"
    result = CliRunner().invoke(app, ["--db", str(path), "demo", "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    return path


def _json(sl, *args: str):
    return json.loads(sl.ok(*args, "--format", "json").output)


def _states(db: Path) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in rows(db, "SELECT id, state, replied_on, due_on FROM suggestions")}


def test_overdue_as_of_lists_those_answered_later(demo_today_file):
    sl = Sl(demo_today_file)
    rows = _json(sl, "suggestions", "overdue", "--as-of", DAY)
    ids = [r["id"] for r in rows]
    assert {1848, 1873} <= set(ids)  # the issue's example: overdue that day, answered later
    now = _states(demo_today_file)
    assert now[1848][0] != "referred" and now[1848][1] > DAY
    assert all(r["due_on"] < DAY and r["referred_on"] <= DAY for r in rows)


def test_overdue_and_due_as_of_on_the_demo(demo):
    now = _states(demo.db)
    overdue = _json(demo, "suggestions", "overdue", "--as-of", DAY)
    assert overdue and any(now[r["id"]][0] != "referred" for r in overdue)
    assert all(r["due_on"] < DAY for r in overdue)
    due = [r for r in _json(demo, "suggestions", "due", "--as-of", DAY, "--within", "10") if r["reason"] == "due_soon"]
    assert due and any(now[r["id"]][0] != "referred" for r in due)
    assert all(r["due_on"] >= DAY for r in due)
    # each was still waiting for its reply on that day
    assert all(now[r["id"]][1] is None or now[r["id"]][1] > DAY for r in overdue + due)
    # and the departments report counts the same overdue ones
    report = _json(demo, "departments", "report", "--as-of", DAY)
    assert sum(r["overdue_now"] for r in report) == len(overdue)


def test_as_of_rows_rebuild_the_table(demo):
    """Rebuilt from the events on a day after every step, each suggestion equals its stored row:
    the as-of rule and the lifecycle writes agree (here with reopen, extension, chase, withdraw)."""
    def add(on: str) -> int:
        out = demo.ok("suggestions", "add", "--county", "yiyuan", "--content", "护栏", "--station", "1", "--on", on).output
        return int(re.search(r"第 (\d+) 条", out).group(1))

    a = add("2026-10-08")
    demo.ok("suggestions", "refer", a, "--department", "县水利局", "--on", "2026-10-09")
    demo.ok("suggestions", "chase", a, "--on", "2026-10-20")
    demo.ok("suggestions", "extend", a, "--days", "25", "--approved-by", "镇人大", "--reason", "x", "--on", "2026-10-21")
    demo.ok("suggestions", "reply", a, "--text", "修了一半", "--on", "2026-10-30")
    demo.ok("suggestions", "feedback", a, "--satisfaction", "不满意", "--on", "2026-11-02")
    demo.ok("suggestions", "reopen", a, "--on", "2026-11-03", "--days", "10")
    b = add("2026-10-08")
    demo.ok("suggestions", "refer", b, "--department", "县水利局", "--on", "2026-10-09")
    demo.ok("suggestions", "withdraw", b, "--on", "2026-10-12")
    cols = ("id, county_id, station_id, collected_on, state, handling, department_id, referred_on, limit_workdays, "
            "due_on, extended, chases, round, replied_on, fed_back_on, satisfaction, closed_on")
    rebuilt = demo.rows(f"SELECT {cols} FROM ({AS_OF_ROWS}) ORDER BY id", {"day": "2026-11-29"})
    stored = demo.rows(f"SELECT {cols} FROM suggestions ORDER BY id")
    assert len(stored) > 2000 and rebuilt == stored
    # on a day in between, the reopened one is as it stood in its first round
    values = demo.one(f"SELECT {cols} FROM ({AS_OF_ROWS}) WHERE id = :id", {"day": "2026-10-25", "id": a})
    then = dict(zip(cols.split(", "), values, strict=True))
    assert then["state"] == "referred" and then["round"] == 0 and then["chases"] == 1 and then["extended"] == 1


def test_show_as_of(demo):
    overdue = _json(demo, "suggestions", "overdue", "--as-of", DAY)
    sid = next(r["id"] for r in overdue if _states(demo.db)[r["id"]][1])  # answered later
    then = _json(demo, "suggestions", "show", str(sid), "--as-of", DAY)
    assert then["state"] == "referred" and then["replied_on"] is None and then["reply"] == ""
    assert all(e["on"] <= DAY for e in then["events"])
    assert "已超期" in demo("suggestions", "show", str(sid), "--as-of", DAY, env={"COLUMNS": "200"}).output
    now = _json(demo, "suggestions", "show", str(sid))
    assert now["replied_on"] > DAY and len(now["events"]) > len(then["events"])
    out = demo.fails("suggestions", "show", str(sid), "--as-of", "2020-01-01").output
    assert "还没有" in out


def test_stats_as_of_counts_what_existed(demo):
    early = _json(demo, "stats", "quarter", "2026Q3", "--county", "yiyuan", "--as-of", DAY)
    late = _json(demo, "stats", "quarter", "2026Q3", "--county", "yiyuan", "--as-of", "2026-11-20")
    collected = demo.value("SELECT count(*) FROM suggestions WHERE collected_on BETWEEN '2026-07-01' AND ?", DAY)
    assert early["suggestions"] == collected < late["suggestions"]
    assert early["overdue"] > 0 and early["open_referred"] > late["open_referred"]
    assert early["activities"] < late["activities"]
    # the demo's year still reads the article's figures
    year = _json(demo, "stats", "year", "2025", "--county", "yiyuan", "--as-of", "2026-11-20")
    assert (year["suggestions"], year["on_spot"], year["referred"], year["inter_session"]) == (1160, 662, 460, 38)
    assert year["deputy_attendances"] == 793


def test_export_as_of_leaves_out_later_records(demo, tmp_path):
    def referral_rows(day: str) -> list:
        out = tmp_path / f"{day}.xlsx"
        demo.ok("export", "form", "referrals", "--county", "yiyuan", "--quarter", "2026Q3", "--as-of", day,
                "--out", out)
        ws = openpyxl.load_workbook(out)[referrals.TITLE]
        return [[c.value for c in row] for row in ws.iter_rows() if isinstance(row[0].value, int)]

    early, late = referral_rows(DAY), referral_rows("2026-11-20")
    assert 0 < len(early) < len(late)
    assert all(str(r[1]) <= DAY for r in early)  # 交办日期
