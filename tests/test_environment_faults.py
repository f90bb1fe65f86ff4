"""Issue 10 §2, say what is really wrong with the file: a database in a read-only place is read (and backed
up) where it is; a write there, or on a full disk, says so in Chinese (exit 2, nothing written, no
traceback); no environment problem is called damage, and `sl check` recommends a restore only for damage.

Faults are made without root and without chmod (CI runs as root, where chmod stops nothing):
- a read-only place: a read-only bind mount inside a private mount namespace (`unshare`), where the
  machine allows one; else the same read-only open path, reached by telling the store the place is not
  writable (what access(2) answers for a read-only mount);
- a full disk: SQLite's `PRAGMA max_page_count`, a file-size limit (RLIMIT_FSIZE) on the `sl` process,
  and output sent to /dev/full.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from shuanglian_cli.cli.app import _database_error
from shuanglian_cli.store.db import open_db, transaction
from shuanglian_cli.store.faults import environment_error, is_damage
from tests.conftest import DEMO_AS_OF, Sl, value

SL = [sys.executable, "-m", "shuanglian_cli"]


def _env(tmp_path: Path) -> dict:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "COLUMNS": "200",
            "LANG": "C.UTF-8", "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
            # a process under a file-size limit must not leave a cut-off .pyc for every later run
            "PYTHONDONTWRITEBYTECODE": "1"}


def _no_traceback(out: str) -> None:
    assert "Traceback" not in out and "内部错误" not in out


# -- a read-only place ---------------------------------------------------------------------------

def _mount_command() -> list[str] | None:
    """The unshare invocation that may bind-mount read-only here, or None."""
    if not shutil.which("unshare"):
        return None
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "src"), Path(tmp, "dst")
        src.mkdir()
        dst.mkdir()
        for prefix in (["unshare", "-rm"], ["unshare", "-m"]):
            script = 'mount --bind -o ro "$1" "$2" && ! touch "$2/probe" 2>/dev/null'
            try:
                done = subprocess.run([*prefix, "sh", "-c", script, "sh", str(src), str(dst)],
                                      capture_output=True, timeout=20)
            except (OSError, subprocess.SubprocessError):
                continue
            if done.returncode == 0 and not (src / "probe").exists():
                return prefix
    return None


# SL_TEST_WITHOUT_MOUNT=1 tries the fallback on a machine that can mount
MOUNT = None if os.environ.get("SL_TEST_WITHOUT_MOUNT") else _mount_command()


class ReadOnlyPlace:
    """`source` is a writable folder; `run` runs sl with `source` seen read-only at `folder`."""

    def __init__(self, tmp_path: Path, monkeypatch):
        self.source = tmp_path / "stick"
        self.source.mkdir()
        self.folder = tmp_path / "mnt" if MOUNT else self.source
        self.folder.mkdir(exist_ok=True)
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch

    def path(self, name: str) -> Path:
        return self.folder / name

    def run(self, *args: str) -> tuple[int, str]:
        if MOUNT:
            script = 'mount --bind -o ro "$1" "$2" && shift 2 && exec "$@"'
            done = subprocess.run(
                [*MOUNT, "sh", "-c", script, "sh", str(self.source), str(self.folder), *SL, *args],
                capture_output=True, text=True, env=_env(self.tmp_path), timeout=120,
            )
            return done.returncode, done.stdout + done.stderr
        # no mount here: the same read-only open path, chosen as for a read-only mount
        from shuanglian_cli.store import backup, connection, db

        for module in (connection, db, backup):
            self.monkeypatch.setattr(module, "writable_place", lambda path: False)
        result = Sl(Path(args[1]))(*args[2:]) if args[0] == "--db" else None
        return result.exit_code, result.output


@pytest.fixture
def stick(tmp_path, monkeypatch, demo_file) -> ReadOnlyPlace:
    place = ReadOnlyPlace(tmp_path, monkeypatch)
    shutil.copy(demo_file, place.source / "sl.db")
    return place


def test_reads_work_in_a_read_only_place(stick):
    db = str(stick.path("sl.db"))
    code, out = stick.run("--db", db, "deputy", "list", "--county", "沂源", "--format", "json")
    assert code == 0, out
    assert len(json.loads(out)) > 400
    code, out = stick.run("--db", db, "stats", "year", "2025", "--county", "yiyuan", "--format", "json")
    assert code == 0, out
    assert "1160" in out.replace(",", "").replace(" ", "")
    code, out = stick.run("--db", db, "suggestions", "overdue", "--county", "yiyuan", "--as-of", DEMO_AS_OF)
    assert code == 0, out
    code, out = stick.run("--db", db, "info")
    assert code == 0 and "结构版本" in out, out
    if MOUNT:  # nothing could be written beside it (in a writable folder SQLite adds its -wal and -shm)
        assert sorted(p.name for p in stick.source.iterdir()) == ["sl.db"]


def test_a_changed_calendar_does_not_stop_reading_in_a_read_only_place(stick):
    config = stick.tmp_path / "config.yaml"
    config.write_text('calendar:\n  closures: ["2026-11-02"]\n', encoding="utf-8")
    code, out = stick.run("--db", str(stick.path("sl.db")), "--config", str(config), "suggestions", "overdue",
                          "--county", "yiyuan", "--as-of", DEMO_AS_OF, "--format", "json")
    assert code == 0, out
    assert "工作日历已变化" in out and "尚未存入数据库" in out


def test_check_in_a_read_only_place_finds_it_healthy(stick):
    code, out = stick.run("--db", str(stick.path("sl.db")), "check")
    assert code == 0, out
    assert "数据库完好" in out and "sl restore" not in out and "损坏" not in out


def test_backup_from_a_read_only_place(stick, tmp_path):
    target = tmp_path / "copies" / "sl-copy.db"
    code, out = stick.run("--db", str(stick.path("sl.db")), "backup", str(target))
    assert code == 0, out
    assert value(target, "PRAGMA integrity_check") == "ok"
    assert value(target, "SELECT count(*) FROM deputies") > 400
    code, out = stick.run("--db", str(stick.path("sl.db")), "backup")  # beside it: impossible, say where to
    assert code == 2 and "只读" in out and "sl backup" in out, out
    _no_traceback(out)


def test_a_write_in_a_read_only_place_says_so_and_changes_nothing(stick):
    before = (stick.source / "sl.db").read_bytes()
    code, out = stick.run("--db", str(stick.path("sl.db")), "department", "add", "县审计局", "--county", "yiyuan")
    assert code == 2, out
    assert "只读" in out and "复制到可写的文件夹" in out
    assert "损坏" not in out and "sl restore" not in out and "不是有效" not in out
    _no_traceback(out)
    assert (stick.source / "sl.db").read_bytes() == before


def test_restore_into_a_read_only_place_is_refused(stick, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(stick.source / "sl.db", copy)
    code, out = stick.run("--db", str(stick.path("sl.db")), "restore", str(copy))
    assert code == 2 and "只读" in out, out
    assert sorted(p.name for p in stick.source.iterdir()) == ["sl.db"]


def _wal_with_unsaved_pages(folder: Path) -> sqlite3.Connection:
    """sl.db in `folder` with a department committed to its -wal only (the connection stays open, so
    SQLite neither checkpoints nor removes the -wal and -shm)."""
    conn = sqlite3.connect(folder / "sl.db", isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO departments (county_id, name) VALUES (8, '只在日志里的单位')")
    assert Path(f"{folder / 'sl.db'}-wal").stat().st_size > 0
    return conn


def test_wal_database_with_its_shm_is_read_in_a_read_only_place(stick):
    conn = _wal_with_unsaved_pages(stick.source)
    try:
        code, out = stick.run("--db", str(stick.path("sl.db")), "department", "list", "--format", "json")
    finally:
        conn.close()
    assert code == 0, out
    assert "只在日志里的单位" in out  # read through the -wal, not beside it


def test_wal_content_without_shm_in_a_read_only_place_is_not_called_damage(stick):
    conn = _wal_with_unsaved_pages(stick.source)
    try:
        for name in ("sl.db", "sl.db-wal"):  # a copy of the file and its log, without the -shm
            shutil.copy(stick.source / name, stick.tmp_path / name)
    finally:
        conn.close()
    for name in list(stick.source.iterdir()):
        name.unlink()
    for name in ("sl.db", "sl.db-wal"):
        shutil.copy(stick.tmp_path / name, stick.source / name)
    code, out = stick.run("--db", str(stick.path("sl.db")), "department", "list", "--format", "json")
    if MOUNT:  # without a mount the folder is writable and SQLite makes the -shm it needs
        assert code == 2, out
        assert "-wal" in out and "复制到可写的文件夹" in out and "损坏" not in out.replace("并未损坏", "")
    else:
        assert code == 0 and "只在日志里的单位" in out, out
    _no_traceback(out)


# -- a full disk -----------------------------------------------------------------------------------

def _limited(max_bytes: int):
    def limit() -> None:  # runs in the child: a write past max_bytes fails with EFBIG, like a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def _run_limited(tmp_path: Path, max_bytes: int, *args: str) -> tuple[int, str]:
    done = subprocess.run([*SL, *args], capture_output=True, text=True, env=_env(tmp_path),
                          preexec_fn=_limited(max_bytes), timeout=300)
    return done.returncode, done.stdout + done.stderr


def test_full_database_disk_is_not_corruption(sl):
    """PRAGMA max_page_count: SQLite's own "database or disk is full", rolled back, said as a full disk."""
    db = open_db(sl.db)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as caught, transaction(db):
        for i in range(5000):
            db.execute("INSERT INTO departments (county_id, name) VALUES (8, ?)", [f"承办单位{i:05d}" * 10])
    db.conn.close()
    assert not is_damage(caught.value)
    error = _database_error(caught.value, None)  # what the CLI's error boundary prints
    assert error.exit_code == 2 and "磁盘空间不足" in error.message
    assert not any("restore" in line for line in error.details)
    assert environment_error(caught.value, sl.db).message == error.message.replace("数据库", f"数据库 {sl.db}", 1)
    assert sl.value("SELECT count(*) FROM departments") == 0
    assert "数据库完好" in sl.ok("check").output


def test_a_write_on_a_full_disk_changes_nothing(demo, tmp_path):
    before = demo.db.read_bytes()
    code, out = _run_limited(tmp_path, 2048, "--db", str(demo.db), "department", "add", "县审计局",
                             "--county", "yiyuan")
    assert code == 2, out
    assert "磁盘" in out and "sl restore" not in out and "不是有效" not in out
    _no_traceback(out)
    assert demo.db.read_bytes() == before
    assert "县审计局" not in demo.ok("department", "list", "--format", "json").output


def test_an_import_that_fills_the_disk_mid_way_writes_nothing(demo, tmp_path):
    rows = "\n".join(f"满盘测试{i:04d},沂源县南麻街道东村{i}号{'院' * 40},沂源县" for i in range(3000))
    source = tmp_path / "群众.csv"
    source.write_text("姓名,住址,县区\n" + rows + "\n", encoding="utf-8")
    held = sqlite3.connect(demo.db)  # the -shm exists already: the limit is met by the write itself
    held.execute("SELECT count(*) FROM constituents").fetchone()
    try:
        code, out = _run_limited(tmp_path, 200_000, "--db", str(demo.db), "import", "constituents", str(source))
    finally:
        held.close()
    assert code == 2, out
    assert "磁盘" in out and "sl restore" not in out and "不是有效" not in out
    _no_traceback(out)
    count = demo.value("SELECT count(*) FROM constituents WHERE name LIKE '满盘测试%'")
    assert count == 0
    assert "数据库完好" in demo.ok("check").output


def test_output_to_dev_full_is_a_chinese_message(demo, tmp_path):
    if not Path("/dev/full").exists():
        pytest.fail("/dev/full is needed (Linux)")
    for fmt in ("csv", "json", "table"):
        with open("/dev/full", "w") as full:
            done = subprocess.run([*SL, "--db", str(demo.db), "deputy", "list", "--format", fmt],
                                  stdout=full, stderr=subprocess.PIPE, text=True, env=_env(tmp_path), timeout=120)
        assert done.returncode == 2, done.stderr
        assert "磁盘空间不足" in done.stderr
        _no_traceback(done.stderr)


@pytest.mark.parametrize("args, written, limit", [
    (["export", "quarter", "--county", "yiyuan", "--quarter", "2026Q3", "--out", "{out}/季度.xlsx"], "季度.xlsx",
     40_000),
    (["template", "deputies", "--out", "{out}/模板.xlsx"], "模板.xlsx", 1_000),
    (["deputy", "archive", "{deputy}", "--year", "2025", "--xlsx", "{out}/档案.xlsx"], "档案.xlsx", 2_000),
    (["backup", "{out}/备份.db"], "备份.db", 40_000),
])
def test_files_written_to_a_full_disk(demo, tmp_path, args, written, limit):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    # held open, so the database's -shm exists at its full size and the small limit hits only the file written
    held = sqlite3.connect(demo.db)
    deputy = held.execute(
        "SELECT d.id FROM deputies d JOIN activity_deputies ad ON ad.deputy_id = d.id LIMIT 1").fetchone()[0]
    args = [a.format(out=out_dir, deputy=deputy) for a in args]
    try:
        code, out = _run_limited(tmp_path, limit, "--db", str(demo.db), *args)
    finally:
        held.close()
    assert code == 2, out
    assert "磁盘空间不足" in out and written in out
    _no_traceback(out)
    assert list(out_dir.iterdir()) == []  # nothing half-written, no temporary file left
    assert "数据库完好" in demo.ok("check").output


def test_demo_on_a_full_disk_leaves_nothing(tmp_path):
    target = tmp_path / "demo" / "sl-demo.db"
    target.parent.mkdir()
    code, out = _run_limited(tmp_path, 1_000_000, "--db", str(target), "demo", "--as-of", DEMO_AS_OF)
    assert code == 2, out
    assert "磁盘" in out and ".building" not in out
    _no_traceback(out)
    assert list(target.parent.iterdir()) == []


# -- sl check: restore only for damage -----------------------------------------------------------------

def test_check_recommends_restore_only_for_damage(demo, tmp_path):
    conn = sqlite3.connect(demo.db)
    conn.execute("DROP TRIGGER audit_departments_insert")  # the trail has a gap: not damage to the file
    conn.close()
    out = demo.fails("check").output
    assert "审计记录未覆盖" in out and "sl restore" not in out

    broken = tmp_path / "broken.db"
    data = bytearray(demo.db.read_bytes())
    data[4096 * 3: 4096 * 3 + 2048] = b"\xff" * 2048  # pages overwritten: real damage
    broken.write_bytes(bytes(data))
    out = Sl(broken)("check").output
    assert "sl restore" in out
