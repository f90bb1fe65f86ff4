import sqlite3

from shuanglian_cli.store.migrations import LATEST_VERSION
from tests.conftest import rows


def test_missing_database_is_a_clear_error(tmp_path):
    from tests.conftest import Sl

    s = Sl(tmp_path / "none.db")
    result = s.fails("info")
    assert "不存在" in result.output and "sl init" in result.output
    assert not (tmp_path / "none.db").exists()


def test_init_creates_private_wal_database(sl):
    assert (sl.db.stat().st_mode & 0o777) == 0o600
    assert sl.value("PRAGMA user_version") == LATEST_VERSION
    assert sl.value("PRAGMA journal_mode") == "wal"
    assert sl.value("SELECT count(*) FROM counties") == 8


def test_info_json_lists_row_counts(sl):
    import json

    data = json.loads(sl.ok("info", "--format", "json").output)
    assert data["schema_version"] == LATEST_VERSION
    assert {"table": "counties", "label": "县区", "rows": 8} in data["tables"]


def test_not_sqlite_file_refused(tmp_path):
    from tests.conftest import Sl

    bad = tmp_path / "bad.db"
    bad.write_text("this is not a database")
    result = Sl(bad).fails("info")
    assert "不是 SQLite" in result.output


def test_newer_schema_refused(sl):
    conn = sqlite3.connect(sl.db)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    result = sl.fails("info")
    assert "更新" in result.output and "升级" in result.output


def test_demo_matches_article_year(demo):
    attendances = demo.value(
        "SELECT count(*) FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id "
        "WHERE a.date BETWEEN '2025-01-01' AND '2025-12-31'"
    )
    assert attendances == 793
    rows = dict(demo.rows(
        "SELECT handling, count(*) FROM suggestions WHERE collected_on LIKE '2025-%' GROUP BY handling"
    ))
    assert rows == {"on_spot": 662, "referred": 460, "inter_session": 38}
    assert demo.value("SELECT count(*) FROM stations WHERE kind = '站'") == 13
    assert demo.value("SELECT count(*) FROM stations WHERE kind = '点'") == 19
    overdue = demo.value(
        "SELECT count(*) FROM suggestions WHERE state = 'referred' AND due_on < '2026-11-20'"
    )
    assert overdue > 0


def test_demo_is_deterministic(tmp_path, demo_file):
    from tests.conftest import DEMO_AS_OF, Sl

    other = Sl(tmp_path / "again.db")
    other.ok("demo", "--as-of", DEMO_AS_OF)
    query = "SELECT name, phone FROM deputies ORDER BY id"
    assert other.rows(query) == rows(demo_file, query)
    query = "SELECT content, state, due_on FROM suggestions ORDER BY id"
    assert other.rows(query) == rows(demo_file, query)
