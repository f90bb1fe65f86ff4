"""Calendar sync: reading commands compute the due dates in force in memory and never write; the first
writing command stores them, a `recalc` event each, in its own transaction (services/store.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

import pytest

from tests.conftest import Sl, rows

CLOSURE = 'calendar:\n  years:\n    2026:\n      holidays: ["2026-11-23..2026-11-24"]\n'


def _query(db, sql: str, args=()) -> list[tuple]:
    return rows(db, sql, *args)


def _digest(db) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture
def changed(demo, tmp_path):
    """The demo read with a config that closes the office on 2026-11-23..24, and the due dates that
    calendar gives (computed by `sl calendar check` on a copy)."""
    cfg = tmp_path / "closure.yaml"
    cfg.write_text(CLOSURE, encoding="utf-8")
    copy = tmp_path / "copy.db"
    shutil.copy(demo.db, copy)
    moved = json.loads(Sl(copy, config=cfg).ok("calendar", "check", "--format", "json").stdout)
    assert moved
    return Sl(demo.db, config=cfg), {m["id"]: m for m in moved}


def test_reads_show_moved_due_dates_and_write_nothing(changed):
    sl, moved = changed
    before = _digest(sl.db)
    sid, m = next(iter(moved.items()))
    shown = json.loads(sl.ok("suggestions", "show", str(sid), "--format", "json").stdout)
    assert shown["due_on"] == m["new_due_on"] != m["old_due_on"]
    listed = {r["id"]: r for r in json.loads(sl.ok("suggestions", "list", "--state", "referred", "--limit", "0",
                                                   "--format", "json").stdout)}
    assert {i: listed[i]["due_on"] for i in moved} == {i: x["new_due_on"] for i, x in moved.items()}
    # overdue as of the real today (2026-11-29): one moved past it is no longer overdue
    overdue = {r["id"] for r in json.loads(sl.ok("suggestions", "overdue", "--format", "json").stdout)}
    for i, x in moved.items():
        assert (i in overdue) == (x["new_due_on"] < "2026-11-29"), (i, x)
    assert _digest(sl.db) == before
    assert _query(sl.db, "SELECT count(*) FROM suggestion_events WHERE kind = 'recalc'") == [(0,)]
    stored = dict(_query(sl.db, "SELECT id, due_on FROM main.suggestions WHERE state = 'referred'"))
    assert {i: stored[i] for i in moved} == {i: x["old_due_on"] for i, x in moved.items()}


def test_export_shows_moved_due_dates_without_writing(changed, tmp_path):
    from openpyxl import load_workbook

    sl, moved = changed
    before = _digest(sl.db)
    out = tmp_path / "referrals.xlsx"
    sl.ok("export", "form", "referrals", "--year", "2026", "--county", "沂源", "--out", str(out))
    cells = set()
    for ws in load_workbook(out, read_only=True).worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                cells.add(v.date().isoformat() if isinstance(v, dt.datetime) else str(v))
    counties = dict(_query(sl.db, "SELECT s.id, c.name FROM suggestions s JOIN counties c ON c.id = s.county_id"))
    yiyuan = {i: x for i, x in moved.items() if counties[i].startswith("沂源")}
    assert yiyuan
    assert all(any(x["new_due_on"] in c for c in cells) for x in yiyuan.values())
    assert _digest(sl.db) == before


def test_the_first_write_stores_them_with_a_recalc_event_each(changed):
    sl, moved = changed
    sid = next(iter(moved))
    sl.fails("suggestions", "chase", "999999")  # a refused write stores nothing
    assert _query(sl.db, "SELECT count(*) FROM suggestion_events WHERE kind = 'recalc'") == [(0,)]
    sl.ok("suggestions", "chase", str(sid), "--note", "催办")
    recalcs = dict(_query(sl.db, "SELECT suggestion_id, due_on FROM suggestion_events WHERE kind = 'recalc'"))
    assert recalcs == {i: x["new_due_on"] for i, x in moved.items()}
    stored = dict(_query(sl.db, "SELECT id, due_on FROM suggestions WHERE state = 'referred'"))
    assert {i: stored[i] for i in moved} == recalcs
    # in step now: a read warns no more, and `sl calendar check` lists the change the write stored
    assert "工作日历已变化" not in sl.ok("suggestions", "overdue").output
    assert "已自动重算" in sl.ok("calendar", "check").output


def test_an_unchanged_calendar_reads_the_stored_table(demo):
    out = demo.ok("suggestions", "overdue", "--as-of", "2026-11-20")
    assert "工作日历已变化" not in out.output
