"""Default database and config locations per system (platformdirs, appauthor=False), and the old-path rule:
a database or config at the pre-0.2 location (~/.local/share, ~/.config) is kept while the new one has none.

conftest's autouse fixture points HOME, USERPROFILE and LOCALAPPDATA at a fresh folder and clears XDG_*."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest
from typer.testing import CliRunner

from shuanglian_cli import config
from shuanglian_cli.cli.app import app


@pytest.fixture(autouse=True)
def fresh_notes(monkeypatch):
    monkeypatch.setattr(config, "_noted_in_process", set())


@pytest.fixture
def windows(monkeypatch, tmp_path) -> Path:
    """platformdirs as on a Windows machine whose user is 张三 (the known folder is what Windows returns)."""
    local = tmp_path / "Users" / "张 三" / "AppData" / "Local"
    folders = {"CSIDL_LOCAL_APPDATA": str(local), "CSIDL_APPDATA": str(tmp_path / "Roaming")}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setenv("HOME", str(tmp_path / "Users" / "张 三"))  # what Path.home() gives there
    return local


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


def make_db(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()
    return path


def test_linux_defaults_follow_xdg(monkeypatch, tmp_path):
    home = Path.home()
    assert config.default_db_path() == home / ".local/share/shuanglian/sl.db"
    assert config.default_config_path() == home / ".config/shuanglian/config.yaml"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "数据"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "配置"))
    assert config.default_db_path() == tmp_path / "数据/shuanglian/sl.db"
    assert config.default_config_path() == tmp_path / "配置/shuanglian/config.yaml"


def test_defaults_are_computed_at_call_time(monkeypatch, tmp_path):
    before = config.default_db_path()
    monkeypatch.setenv("HOME", str(tmp_path / "另一个 用户"))
    assert config.default_db_path() == tmp_path / "另一个 用户/.local/share/shuanglian/sl.db" != before


def test_windows_defaults_are_in_localappdata_without_a_vendor_folder(windows):
    assert config.default_db_path() == windows / "shuanglian" / "sl.db"
    assert config.default_config_path() == windows / "shuanglian" / "config.yaml"


def test_windows_keeps_a_database_at_the_old_path_and_says_so_once(windows, capsys, monkeypatch):
    old = make_db(Path.home() / ".local/share/shuanglian/sl.db")
    assert config.default_db_path() == old
    first = capsys.readouterr().err
    assert "仍在原来的位置" in first and str(old) in first and str(windows / "shuanglian" / "sl.db") in first
    assert config.default_db_path() == old
    monkeypatch.setattr(config, "_noted_in_process", set())  # a later run of sl
    assert config.default_db_path() == old
    assert capsys.readouterr().err == ""


def test_the_new_path_wins_once_it_has_a_database(windows, capsys):
    make_db(Path.home() / ".local/share/shuanglian/sl.db")
    new = make_db(windows / "shuanglian" / "sl.db")
    assert config.default_db_path() == new
    assert capsys.readouterr().err == ""


def test_an_old_folder_without_a_database_is_not_kept(windows):
    (Path.home() / ".local/share/shuanglian").mkdir(parents=True)
    assert config.default_db_path() == windows / "shuanglian" / "sl.db"


def test_windows_keeps_an_old_config(windows, capsys):
    old = Path.home() / ".config/shuanglian/config.yaml"
    old.parent.mkdir(parents=True)
    old.write_text("default_county: 沂源县\n", encoding="utf-8")
    assert config.default_config_path() == old
    assert config.load_config().get("default_county") == "沂源县"
    assert "配置文件仍在原来的位置" in capsys.readouterr().err


def test_linux_with_xdg_data_home_keeps_the_old_database(monkeypatch, tmp_path, capsys):
    old = make_db(Path.home() / ".local/share/shuanglian/sl.db")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg data"))
    assert config.default_db_path() == old
    assert "仍在原来的位置" in capsys.readouterr().err


def test_flags_and_environment_still_come_first(windows, tmp_path, monkeypatch):
    make_db(Path.home() / ".local/share/shuanglian/sl.db")
    cfg = config.Config()
    assert config.resolve_db_path(str(tmp_path / "给定.db"), cfg) == tmp_path / "给定.db"
    monkeypatch.setenv("SL_DB", str(tmp_path / "环境.db"))
    assert config.resolve_db_path(None, cfg) == tmp_path / "环境.db"


def test_sl_init_creates_the_database_in_the_windows_data_folder(windows):
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (windows / "shuanglian" / "sl.db").is_file()
    assert not (Path.home() / ".local").exists()


def test_sl_uses_the_old_database_and_notes_it_once(windows, monkeypatch):
    home = Path.home()
    assert run("--db", str(home / ".local/share/shuanglian/sl.db"), "init").exit_code == 0
    first = run("info")
    assert first.exit_code == 0, first.output
    assert first.output.count("仍在原来的位置") == 1
    assert str(home / ".local/share/shuanglian/sl.db") in first.output
    monkeypatch.setattr(config, "_noted_in_process", set())
    again = run("info")
    assert again.exit_code == 0 and "仍在原来的位置" not in again.output
    assert not (windows / "shuanglian" / "sl.db").exists()


def test_database_in_a_chinese_folder_with_spaces(tmp_path):
    db = tmp_path / "联络站 资料" / "二〇二六 台账.db"
    result = run("--db", str(db), "init")
    assert result.exit_code == 0, result.output
    assert db.is_file()
    assert run("--db", str(db), "info").exit_code == 0


def test_the_app_folder_name_has_no_vendor_part():
    dirs = config.app_dirs()
    assert dirs.appname == "shuanglian" and dirs.appauthor is False
    assert os.path.basename(dirs.user_data_dir) == "shuanglian"


def test_export_file_name_from_a_station_named_with_a_slash(sl, tmp_path):
    """The default export name must be one file that Windows accepts, whatever the station is called."""
    sl.ok("station", "add", "城东/城西:联络站", "--county", "沂源县", "--kind", "站")
    folder = tmp_path / "导出 文件"
    folder.mkdir()
    sl.ok("export", "form", "register", "--station", "城东/城西:联络站", "--quarter", "2026Q3",
          "--out", str(folder), "--as-of", "2026-11-20")
    (made,) = folder.iterdir()
    assert made.is_file() and made.name.startswith("沂源县_城东_城西_联络站_2026Q3")
