"""The audit trail covers the data tables only: not virtual tables, their shadow tables, or
bookkeeping. After every migration step `sl check` is clean and the audit triggers sit exactly
on the data tables."""

from __future__ import annotations

import sqlite3

import pytest

from shuanglian_cli.store import audit, migrations
from shuanglian_cli.store.db import connect, open_db, transaction
from shuanglian_cli.store.migrations import MIGRATIONS, Migration, apply_migrations
from tests.conftest import Sl

DATA_TABLES = {
    "counties", "towns", "stations", "deputies", "members", "constituents", "departments", "member_deputies",
    "deputy_constituents", "activities", "activity_deputies", "activity_members", "activity_constituents",
    "suggestions", "suggestion_events", "suggestion_co_handlers", "suggestion_returns", "terms", "seats",
    "deputy_absences", "duty_rota", "referral_slips", "referral_slip_items",
}
DESK_TABLES = {"suggestion_co_handlers", "suggestion_returns"}  # from the referral_desk step on
TERM_TABLES = {"terms", "seats"}  # from the terms_of_office step on
ROTA_TABLES = {"deputy_absences", "duty_rota"}  # from the duty_rota step on
SLIP_TABLES = {"referral_slips", "referral_slip_items"}  # from the referral_slips step on


def _triggered_tables(conn) -> dict[str, set[str]]:
    """table -> the audit trigger actions on it (audit_<table>_<action>)."""
    out: dict[str, set[str]] = {}
    for name, table in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"):
        if name.startswith(f"audit_{table}_"):
            out.setdefault(table, set()).add(name.removeprefix(f"audit_{table}_"))
    return out


@pytest.mark.parametrize("steps", range(1, len(MIGRATIONS) + 1))
def test_after_every_step_check_is_clean(tmp_path, steps):
    path = tmp_path / "steps.db"
    db = connect(path)
    apply_migrations(db, MIGRATIONS[:steps])
    names = [m.name for m in MIGRATIONS[:steps]]
    tables = DATA_TABLES if "referral_desk" in names else DATA_TABLES - DESK_TABLES
    tables = tables if "terms_of_office" in names else tables - TERM_TABLES
    tables = tables if "duty_rota" in names else tables - ROTA_TABLES
    if "referral_slips" not in names:
        tables = tables - SLIP_TABLES
    audited = set(audit.audited_tables(db))
    triggered = _triggered_tables(db.conn)
    db.conn.close()
    assert "数据库完好" in Sl(path).ok("check").output  # check reads the file as it is, without migrating
    assert audited == tables
    if steps == 1:  # before the trail
        assert triggered == {}
    elif MIGRATIONS[steps - 1].name in ("m002_audit", "m003_stats_index"):  # meta was audited until step 4
        assert triggered == dict.fromkeys(tables | {"meta"}, {"insert", "update", "delete"})
    else:
        assert triggered == dict.fromkeys(tables, {"insert", "update", "delete"})


def test_the_demo_is_audited_on_its_data_tables_only(demo):
    conn = sqlite3.connect(demo.db)
    assert _triggered_tables(conn) == dict.fromkeys(DATA_TABLES, {"insert", "update", "delete"})
    assert conn.execute("SELECT count(*) FROM audit_log WHERE table_name IN ('meta', '_migrations')").fetchone()[0] == 0


def fts_and_bookkeeping(db):
    """What later work may add: a full-text index, a bookkeeping table, and a new data table."""
    db.execute("CREATE VIRTUAL TABLE suggestions_fts USING fts5(content, reply)")
    db.execute("CREATE TABLE _sync_state (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    audit.install_triggers(db)  # every data table: would fail on the virtual table if it were taken


def _has_fts5() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    except sqlite3.OperationalError:
        return False
    return True


@pytest.mark.skipif(not _has_fts5(), reason="SQLite built without FTS5")
def test_a_full_text_index_and_a_bookkeeping_table_get_no_triggers(sl, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, Migration("test_fts", fts_and_bookkeeping)])
    monkeypatch.setattr(migrations, "LATEST_VERSION", len(MIGRATIONS) + 1)
    db = open_db(sl.db)
    tables = set(db.table_names())
    assert {"suggestions_fts", "suggestions_fts_data", "suggestions_fts_idx", "suggestions_fts_content",
            "suggestions_fts_docsize", "suggestions_fts_config", "_sync_state", "_migrations", "meta"} <= tables
    assert set(audit.audited_tables(db)) == DATA_TABLES | {"documents"}
    assert _triggered_tables(db.conn) == dict.fromkeys(DATA_TABLES | {"documents"}, {"insert", "update", "delete"})
    assert audit.missing_triggers(db) == []
    with transaction(db, operator="测试"):
        db.execute("INSERT INTO suggestions_fts (content, reply) VALUES ('修路', '')")
        db.execute("INSERT INTO _sync_state VALUES ('last', '2026-11-20')")
        db.execute("INSERT INTO documents (title) VALUES ('通知')")
    assert db.execute("SELECT table_name FROM audit_log").fetchall() == [("documents",)]
    db.conn.close()
    assert "数据库完好" in sl.ok("check").output


def test_shadow_names_are_left_out_only_beside_a_virtual_table(tmp_path):
    """A data table named like a shadow table (x_data) is audited when no virtual table x exists."""
    db = connect(tmp_path / "t.db")
    apply_migrations(db)
    db.execute("CREATE TABLE reports_data (id INTEGER PRIMARY KEY)")
    assert "reports_data" in audit.audited_tables(db)
