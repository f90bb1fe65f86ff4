"""Issue 10 §1, never destroy a clerk's file: `sl demo` writes only where --db says (else ./sl-demo.db),
refuses a file that is not an sl database, and keeps a checked copy of a real database before --force."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shuanglian_cli.cli.app import app
from tests.conftest import DEMO_AS_OF, Sl, rows, value


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


@pytest.fixture
def real(tmp_path: Path) -> Sl:
    """A clerk's database: initialised, with one record of their own."""
    s = Sl(tmp_path / "real.db")
    s.ok("init")
    s.ok("department", "add", "县住建局", "--county", "yiyuan")
    return s


def _departments(path: Path) -> list[str]:
    return [r[0] for r in rows(path, "SELECT name FROM departments ORDER BY id")]


def test_demo_ignores_sl_db_and_writes_sl_demo_db_here(real, tmp_path, monkeypatch):
    before = _digest(real.db)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = _invoke("demo", "--as-of", DEMO_AS_OF, env={"SL_DB": str(real.db)})
    assert result.exit_code == 0, result.output
    assert (work / "sl-demo.db").exists()
    assert _digest(real.db) == before
    assert _departments(real.db) == ["县住建局"]
    assert "sl-demo.db" in result.output


def test_demo_ignores_the_config_database(real, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {real.db}\n", encoding="utf-8")
    before = _digest(real.db)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = _invoke("--config", str(config), "demo", "--as-of", DEMO_AS_OF)
    assert result.exit_code == 0, result.output
    assert (work / "sl-demo.db").exists() and _digest(real.db) == before


def test_demo_refuses_a_spreadsheet_even_with_force(tmp_path):
    import xlsxwriter

    sheet = tmp_path / "代表名册.xlsx"
    book = xlsxwriter.Workbook(str(sheet))
    book.add_worksheet("代表").write_string(0, 0, "姓名")
    book.close()
    before = _digest(sheet)
    result = Sl(sheet).fails("demo", "--force", "--as-of", DEMO_AS_OF)
    assert "代表名册.xlsx" in result.output and "不是 sl 的数据库" in result.output
    assert _digest(sheet) == before
    assert not list(tmp_path.glob("*.bak")) and not list(tmp_path.glob("*.building*"))


def test_demo_refuses_another_programs_sqlite_database(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('别人的数据')")
    conn.commit()
    conn.close()
    before = _digest(other)
    assert "不是 sl 的数据库" in Sl(other).fails("demo", "--force").output
    assert _digest(other) == before


def test_real_database_refused_without_force_and_the_message_mentions_the_copy(real):
    before = _digest(real.db)
    out = real.fails("demo", "--as-of", DEMO_AS_OF).output
    assert "不是演示数据库" in out
    assert "--force" in out and "副本" in out  # --force is never offered without saying a copy is kept
    assert _digest(real.db) == before


def test_force_on_a_real_database_keeps_a_checked_copy_first(real, tmp_path):
    out = real.ok("demo", "--force", "--as-of", DEMO_AS_OF).output
    (kept,) = tmp_path.glob("real.db.before-demo-*.bak")
    assert kept.name[len("real.db.before-demo-"):].split(".")[0].replace("-", "").isdigit()
    assert str(kept) in out.replace("\n", "")
    assert value(kept, "PRAGMA integrity_check") == "ok"
    assert _departments(kept) == ["县住建局"]  # the clerk's record is in the copy
    assert "县住建局" not in _departments(real.db)  # and the demo replaced the file
    assert (kept.stat().st_mode & 0o777) == 0o600


def test_demo_only_database_is_rebuilt_without_a_copy(demo_file, tmp_path):
    target = tmp_path / "old-demo.db"
    shutil.copy(demo_file, target)
    s = Sl(target)
    out = s.fails("demo", "--as-of", DEMO_AS_OF).output
    assert "已有演示数据" in out
    s.ok("demo", "--force", "--as-of", DEMO_AS_OF)
    assert not list(tmp_path.glob("*.bak"))


def test_a_demo_used_by_another_command_counts_as_real(demo_file, tmp_path):
    target = tmp_path / "used-demo.db"
    shutil.copy(demo_file, target)
    s = Sl(target)
    s.ok("department", "add", "县审计局", "--county", "yiyuan")
    assert "不是演示数据库" in s.fails("demo", "--as-of", DEMO_AS_OF).output
    s.ok("demo", "--force", "--as-of", DEMO_AS_OF)
    (kept,) = tmp_path.glob("used-demo.db.before-demo-*.bak")
    assert "县审计局" in _departments(kept)


def test_demo_over_an_empty_file_needs_no_force(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    Sl(empty).ok("demo", "--as-of", DEMO_AS_OF)
    assert value(empty, "SELECT count(*) FROM deputies") > 0


def test_demo_help_says_where_it_writes():
    out = _invoke("demo", "--help").output
    assert "sl-demo.db" in out and "SL_DB" in out
