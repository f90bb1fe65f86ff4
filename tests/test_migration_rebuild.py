"""A step that rebuilds a table (to change a CHECK constraint) on a real file with data: test-only
steps appended to the shipped list, run through open_db like any upgrade."""

from __future__ import annotations

import sqlite3

import pytest

from shuanglian_cli.store import migrations
from shuanglian_cli.store.db import connect, open_db, transaction
from shuanglian_cli.store.migrations import MIGRATIONS, Migration, rebuild_table
from shuanglian_cli.store.migrations_sql import SUGGESTIONS_V2

SUGGESTIONS_SQL = SUGGESTIONS_V2  # the table as the latest step that rebuilt it left it (referral_desk)
WIDER = SUGGESTIONS_SQL.replace("'inter_session', 'withdrawn')", "'inter_session', 'withdrawn', 'merged')")


def widen_states(db):
    rebuild_table(db, "suggestions", WIDER)


def orphan_events(db):
    """A broken rebuild: loses a suggestion that events still refer to."""
    rebuild_table(db, "suggestions", WIDER)
    db.execute("DELETE FROM suggestions WHERE id = (SELECT min(suggestion_id) FROM suggestion_events)")


@pytest.fixture
def with_steps(monkeypatch):
    def add(*steps: Migration) -> None:
        monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, *steps])
        monkeypatch.setattr(migrations, "LATEST_VERSION", len(MIGRATIONS) + len(steps))
    return add


def _schema(conn, table):
    return sorted(conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')", [table]))


def test_rebuild_widens_a_check_and_keeps_rows_indexes_triggers(demo, with_steps):
    assert WIDER != SUGGESTIONS_SQL
    before = sqlite3.connect(demo.db)
    rows = before.execute("SELECT * FROM suggestions ORDER BY id").fetchall()
    events = before.execute("SELECT count(*) FROM suggestion_events").fetchone()[0]
    schema = _schema(before, "suggestions")
    trail = before.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    version = before.execute("PRAGMA user_version").fetchone()[0]
    before.close()
    assert len(rows) > 1000 and any(t == "trigger" for t, _, _ in schema) and any(t == "index" for t, _, _ in schema)

    with_steps(Migration("test_widen_states", widen_states, rebuild=True))
    db = open_db(demo.db)
    conn = db.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1, "foreign keys back on"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version + 1
    assert conn.execute("SELECT * FROM suggestions ORDER BY id").fetchall() == rows
    assert conn.execute("SELECT count(*) FROM suggestion_events").fetchone()[0] == events
    assert _schema(conn, "suggestions") == schema
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == trail, "the copy is not in the trail"
    assert "'merged'" in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'suggestions'").fetchone()[0]
    assert "_rebuild_" not in "".join(r[0] or "" for r in conn.execute("SELECT sql FROM sqlite_master"))
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    (bak,) = demo.db.parent.glob(f"demo.db.v{version}-*.bak")
    copy = sqlite3.connect(bak)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == version
    assert "'merged'" not in copy.execute("SELECT sql FROM sqlite_master WHERE name = 'suggestions'").fetchone()[0]
    copy.close()

    with transaction(db, operator="测试", command="test"):
        db.execute("UPDATE suggestions SET state = 'merged' WHERE id = 1")
    entry = conn.execute("SELECT table_name, record_id, action, operator FROM audit_log ORDER BY id DESC").fetchone()
    assert entry == ("suggestions", 1, "update", "测试")
    with pytest.raises(sqlite3.IntegrityError):  # still a CHECK, and foreign keys enforced
        conn.execute("UPDATE suggestions SET state = 'lost' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO suggestion_events (suggestion_id, kind, on_date) VALUES (999999, 'x', '2026-11-20')")
    db.conn.close()
    assert "数据库完好" in demo.ok("check").output


def test_a_rebuild_that_breaks_a_foreign_key_is_undone(demo, with_steps):
    conn = sqlite3.connect(demo.db)
    master = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    count = conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    conn.close()

    with_steps(Migration("test_orphan_events", orphan_events, rebuild=True))
    out = demo.fails("info").output
    assert "外键检查未通过" in out and "suggestion_events" in out
    conn = sqlite3.connect(demo.db)
    assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == master
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == count
    conn.close()
    db = connect(demo.db)
    with pytest.raises(Exception, match="外键检查未通过"):
        migrations.apply_migrations(db)
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1, "foreign keys back on after the failure"


def test_rebuild_keeps_views_and_other_tables_triggers_that_name_the_table(sl, with_steps):
    """Renaming the new table in place must not trip over a view or another table's trigger."""
    def scratch(db):
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')))")
        db.execute("CREATE INDEX idx_notes_kind ON notes(kind)")
        db.execute("CREATE VIEW note_kinds AS SELECT kind, count(*) AS n FROM notes GROUP BY kind")
        db.execute("CREATE TRIGGER towns_note AFTER INSERT ON towns BEGIN INSERT INTO notes (kind) VALUES ('a'); END")
        db.execute("INSERT INTO notes (kind) VALUES ('a'), ('b')")

    def widen(db):
        rebuild_table(db, "notes",
                      "CREATE TABLE notes (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b', 'c')))")

    with_steps(Migration("test_notes", scratch), Migration("test_widen_notes", widen, rebuild=True))
    db = open_db(sl.db)
    db.execute("INSERT INTO notes (kind) VALUES ('c')")
    db.execute("INSERT INTO towns (county_id, name) VALUES (8, '南麻街道')")
    assert sorted(db.execute("SELECT kind, n FROM note_kinds").fetchall()) == [("a", 2), ("b", 1), ("c", 1)]
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = 'idx_notes_kind'").fetchone()[0]


def test_rebuild_table_refuses_outside_a_rebuild_step(sl):
    db = open_db(sl.db)
    with pytest.raises(RuntimeError, match="rebuild=True"):
        rebuild_table(db, "suggestions", WIDER)
    with transaction(db), pytest.raises(RuntimeError, match="rebuild=True"):  # foreign keys still on
        rebuild_table(db, "suggestions", WIDER)
