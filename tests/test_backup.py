"""sl backup, sl restore, sl check."""

from __future__ import annotations

import os
import sqlite3

from shuanglian_cli.store import backup as store
from tests.conftest import Sl, value


def _count(path, table="suggestions"):
    return value(path, f"SELECT count(*) FROM {table}")


def test_backup_default_name_private_and_checked(demo):
    out = demo.ok("backup").output
    (copy,) = demo.db.parent.glob("demo-backup-*.db")
    assert "完整性检查通过" in out
    assert (copy.stat().st_mode & 0o777) == 0o600
    assert not list(demo.db.parent.glob(".*tmp")), "no temporary file left behind"
    assert value(copy, "PRAGMA integrity_check") == "ok"
    assert value(copy, "PRAGMA journal_mode") == "delete"  # one self-contained file
    assert _count(copy) == _count(demo.db)


def test_backup_refuses_existing_file_and_the_database_itself(demo, tmp_path):
    target = tmp_path / "b.db"
    demo.ok("backup", str(target))
    assert "已存在" in demo.fails("backup", str(target)).output
    demo.ok("backup", str(target), "--force")
    assert "数据库文件本身" in demo.fails("backup", str(demo.db)).output


def test_backup_into_a_folder(demo, tmp_path):
    folder = tmp_path / "bk"
    folder.mkdir()
    demo.ok("backup", str(folder))
    assert len(list(folder.glob("demo-backup-*.db"))) == 1


def test_backup_while_another_clerk_is_writing(demo, tmp_path):
    """The copy is consistent: another connection's uncommitted rows are not in it."""
    other = sqlite3.connect(demo.db, isolation_level=None, timeout=5)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO departments (county_id, name) VALUES (8, '未提交的单位')")
    before = _count(demo.db, "departments")
    target = tmp_path / "during.db"
    reader = sqlite3.connect(demo.db)
    store.backup(reader, target)
    reader.close()
    other.execute("COMMIT")
    other.close()
    assert _count(target, "departments") == before
    assert _count(demo.db, "departments") == before + 1


def test_restore_round_trip_keeps_a_copy(demo, tmp_path):
    target = tmp_path / "b.db"
    demo.ok("backup", str(target))
    n = _count(demo.db)
    conn = sqlite3.connect(demo.db)
    conn.execute("DELETE FROM suggestion_events")
    conn.commit()
    conn.close()
    out = demo.ok("restore", str(target)).output
    assert "已从" in out and "另存为" in out
    assert _count(demo.db, "suggestion_events") > 0 and _count(demo.db) == n
    (kept,) = tmp_path.glob("demo.db.before-restore-*.bak")
    assert _count(kept, "suggestion_events") == 0
    assert (kept.stat().st_mode & 0o777) == 0o600
    last = demo.one("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last == ("restore",)
    assert "数据库完好" in demo.ok("check").output


def test_restore_refuses_bad_files_and_changes_nothing(demo, tmp_path):
    n = _count(demo.db)
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(5000))
    assert "未通过检查" in demo.fails("restore", str(junk)).output
    assert "找不到" in demo.fails("restore", str(tmp_path / "missing.db")).output
    # a truncated backup
    good = tmp_path / "good.db"
    demo.ok("backup", str(good))
    cut = tmp_path / "cut.db"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert demo.fails("restore", str(cut)).exit_code == 2
    # an SQLite file that is not ours
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert "不是 sl 的数据库" in demo.fails("restore", str(other)).output
    assert _count(demo.db) == n
    assert not list(tmp_path.glob("demo.db.before-restore-*")), "nothing touched when the check fails"


def test_restore_an_older_version_migrates_it(tmp_path):
    from tests.test_audit import _v1_database

    old = tmp_path / "v1.db"
    _v1_database(old)
    s = Sl(tmp_path / "live.db")
    s.ok("init")
    s.ok("restore", str(old))
    assert s.rows("SELECT name FROM departments") == [("县民政局",)]
    assert s.value("SELECT count(*) FROM audit_log WHERE action = 'restore'") == 1


def test_restore_when_the_current_file_is_damaged(demo, tmp_path):
    good = tmp_path / "good.db"
    demo.ok("backup", str(good))
    demo.db.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    for suffix in ("-wal", "-shm"):
        p = demo.db.with_name(demo.db.name + suffix)
        if p.exists():
            p.unlink()
    demo.fails("check")
    demo.ok("restore", str(good))
    assert "数据库完好" in demo.ok("check").output
    assert _count(demo.db) > 1000


def test_check_finds_corruption(demo):
    conn = sqlite3.connect(demo.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(demo.db.read_bytes())
    middle = (len(data) // page_size // 2) * page_size
    data[middle + 8: middle + 200] = os.urandom(192)  # scribble over a page's cells
    demo.db.write_bytes(bytes(data))
    out = demo.fails("check").output
    assert "问题" in out and "restore" in out


def test_check_finds_a_dangling_reference(sl):
    conn = sqlite3.connect(sl.db)
    conn.execute("INSERT INTO departments (county_id, name) VALUES (99, '不存在的县的单位')")
    conn.commit()
    out = sl.fails("check").output
    assert "外键" in out and "departments" in out


def test_check_on_a_non_database(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_text("hello")
    assert "不是 SQLite" in Sl(bad).fails("check").output
