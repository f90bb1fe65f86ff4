"""The shipped migrations are frozen text, and the runner knows steps by name.

tests/data/schema_v3.sql is the sqlite_master of a database built by migrations 1-3 as they were
before their SQL was frozen (generated from that code); a database built by the frozen steps must
match it exactly, or a shipped migration has changed."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from shuanglian_cli.store import migrations
from shuanglian_cli.store.db import connect, open_db
from shuanglian_cli.store.migrations import LATEST_VERSION, MIGRATIONS, NUMBERED, Migration, apply_migrations
from tests.conftest import Sl

SCHEMA_V3 = Path(__file__).parent / "data" / "schema_v3.sql"
ZIBO = ["张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县"]


def schema_dump(conn: sqlite3.Connection) -> str:
    """sqlite_master in creation order, as tests/data/schema_v3.sql writes it."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    out = [f"-- sqlite_master of a database built by migrations 1-3 (PRAGMA user_version = {version})", ""]
    for type_, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"):
        if sql is None:
            out += [f"-- {type_} {name} ON {table}: automatic", ""]
        else:
            out += [f"-- {type_} {name} ON {table}", sql + ";", ""]
    return "\n".join(out)


def _entries(dump: str) -> list[str]:
    return [e.strip() for e in dump.split("\n\n-- ") if e.strip()][1:]  # without the header line


def _build(path: Path, steps) -> sqlite3.Connection:
    db = connect(path)
    apply_migrations(db, steps)
    return db.conn


def test_frozen_steps_build_exactly_the_v3_schema(tmp_path):
    conn = _build(tmp_path / "v3.db", MIGRATIONS[:3])
    assert schema_dump(conn) == SCHEMA_V3.read_text(encoding="utf-8")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert [r[0] for r in conn.execute("SELECT name FROM counties ORDER BY id")] == ZIBO
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = '_migrations'").fetchone()[0] == 0


def test_the_expected_dump_has_the_whole_v3_schema():
    text = SCHEMA_V3.read_text(encoding="utf-8")
    assert "PRAGMA user_version = 3" in text.splitlines()[0]
    assert text.count("CREATE TRIGGER") == 3 + 3 * 16  # audit_log's and audit_context's own, 3 per table
    assert "idx_suggestions_period" in text and "'withdrawn'" in text and "'述职'" in text


def test_migrations_use_no_live_code():
    """Only the frozen SQL, the error type and sqlite_utils: no constant or function live code may change."""
    allowed = {"__future__", "re", "collections.abc", "typing", "sqlite_utils", "shuanglian_cli.errors",
               "shuanglian_cli.store.migrations_sql", "shuanglian_cli.store.migrations_search"}
    for module in ("migrations.py", "migrations_sql.py", "migrations_search.py"):
        tree = ast.parse((Path(migrations.__file__).parent / module).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert imported <= allowed, (module, imported - allowed)


def test_a_new_database_has_every_step_by_name(tmp_path):
    db = open_db(tmp_path / "new.db", create=True)
    conn = db.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION == len(MIGRATIONS)
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == [m.name for m in MIGRATIONS]
    # the v3 schema, without meta's audit triggers, with the period index of on_time_index and the runner's record
    period = "index idx_suggestions_period ON suggestions"
    expected = [e for e in _entries(SCHEMA_V3.read_text(encoding="utf-8"))
                if not e.startswith(("trigger audit_meta_", period))]
    got = _entries(schema_dump(conn))
    # referral_desk rebuilds suggestions, widens suggestion_events and adds two tables: those are its own;
    # the exchange steps (issue 13) add their own tables, triggers and index, and rebuild deputies
    desk = ("suggestions", "suggestion_events", "suggestion_co_handlers", "suggestion_returns")
    exchange = ("table _", "trigger xc_", "index idx_changes_gid", "index idx_identity_ref", "table sqlite_sequence",
                "table deputies", "index sqlite_autoindex__", "index sqlite_autoindex_deputies",
                "trigger audit_deputies_", "index idx_deputies_",
                # terms_of_office (issue 16): its two tables, their indexes and audit triggers
                "table terms", "table seats", "index idx_seats_", "index idx_terms_", "index sqlite_autoindex_terms",
                "index sqlite_autoindex_seats", "trigger audit_terms_", "trigger audit_seats_",
                # referral_slips (issue 15): its two tables, their index and audit triggers
                "table referral_slip", "trigger audit_referral_slip", "index idx_referral_slip",
                "index sqlite_autoindex_referral_slip",
                "trigger search_")  # the full-text index's (issue 17); its tables are "table _search..."
    mine = [e for e in got if e.split("\n")[0].split(" ON ")[-1].split(":")[0] in desk]
    assert any("'returned'" in e for e in mine) and any("reply_class" in e for e in mine)
    expected = [e for e in expected if not e.startswith(exchange)]
    rota = ("deputy_absences", "duty_rota")  # the duty_rota step's own tables (issue 16)
    got = [e for e in got if e.split("\n")[0].split(" ON ")[-1].split(":")[0] not in rota]
    assert [e for e in got if "_migrations" not in e.split("\n")[0] and not e.startswith(period)
            and e not in mine and not e.startswith(exchange)] == \
        [e for e in expected if e.split("\n")[0].split(" ON ")[-1] not in desk]
    (index,) = [e for e in got if e.startswith(period)]
    assert "satisfaction, extended, round)" in index
    assert any(e.startswith("table _migrations ON _migrations") for e in got)


def test_the_step_list_is_well_formed():
    names = [m.name for m in MIGRATIONS]
    assert len(set(names)) == len(names), "two steps with one name"
    assert tuple(names[: len(NUMBERED)]) == NUMBERED
    assert len(MIGRATIONS) == LATEST_VERSION
    assert all(callable(m.apply) for m in MIGRATIONS)


def _v3_file_with_data(path: Path) -> None:
    conn = _build(path, MIGRATIONS[:3])
    conn.execute("INSERT INTO departments (county_id, name) VALUES (8, '县民政局')")
    conn.execute("INSERT INTO meta (key, value) VALUES ('calendar_fingerprint', 'abc')")
    conn.close()


def test_a_v3_file_upgrades_cleanly(tmp_path):
    path = tmp_path / "old.db"
    _v3_file_with_data(path)
    s = Sl(path)
    s.ok("info")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == [m.name for m in MIGRATIONS]
    # the numbered steps are listed without a time (unknown), the named ones with theirs
    assert conn.execute("SELECT count(*) FROM _migrations WHERE applied_at IS NULL").fetchone()[0] == 3
    assert conn.execute("SELECT applied_at FROM _migrations WHERE name = 'meta_not_audited'").fetchone()[0]
    (bak,) = tmp_path.glob("old.db.v3-*.bak")
    assert sqlite3.connect(bak).execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT name FROM departments").fetchall() == [("县民政局",)]
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'audit_meta_%'").fetchone()[0] == 0
    assert "数据库完好" in s.ok("check").output
    # at version 3 meta's writes were in the trail; now only the record's are
    assert ("meta", "insert") in conn.execute("SELECT table_name, action FROM audit_log").fetchall()
    mark = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("UPDATE meta SET value = 'def'")
    conn.execute("UPDATE departments SET kind = '县直部门'")
    conn.commit()
    new = conn.execute("SELECT table_name, action FROM audit_log WHERE id > ?", [mark]).fetchall()
    assert new == [("departments", "update")]
    s.ok("info")  # nothing left to do: no second copy
    assert len(list(tmp_path.glob("old.db.v*.bak"))) == 1


def test_a_step_this_code_does_not_know_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    open_db(path, create=True).conn.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE _migrations SET name = 'later_step' WHERE name = ?", [MIGRATIONS[-1].name])
    conn.commit()
    conn.close()
    out = Sl(path).fails("info").output
    assert "later_step" in out and "升级 sl" in out


def test_steps_added_on_two_branches_both_run(tmp_path):
    """A file that had branch A's step gets main's other step too, whatever their order in the list."""
    def table(name):
        return lambda db: db.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")

    a, b = Migration("branch_a_notes", table("notes")), Migration("branch_b_tags", table("tags"))
    path = tmp_path / "dev.db"
    db = connect(path)
    assert apply_migrations(db, [*MIGRATIONS, a]) == [m.name for m in MIGRATIONS] + ["branch_a_notes"]
    assert apply_migrations(db, [*MIGRATIONS, b, a]) == ["branch_b_tags"]
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 2
    assert {"notes", "tags"} <= set(db.table_names())
    assert apply_migrations(db, [*MIGRATIONS, b, a]) == []


def test_a_failing_step_leaves_the_file_as_it_was(tmp_path):
    def broken(db):
        db.execute("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("boom")

    path = tmp_path / "f.db"
    db = connect(path)
    apply_migrations(db)
    with pytest.raises(RuntimeError):
        apply_migrations(db, [*MIGRATIONS, Migration("broken", broken)])
    assert "half" not in db.table_names()
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert "broken" not in [r[0] for r in db.execute("SELECT name FROM _migrations")]
