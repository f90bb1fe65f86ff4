"""Shared fixtures: the real CLI through Typer's CliRunner, over real SQLite files in tmp_path."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner as ClickCliRunner
from typer.testing import CliRunner

from shuanglian_cli.cli.app import app

DEMO_AS_OF = "2026-11-20"
TEST_TODAY = "2026-11-29"  # the real today of every test: dated steps after it are refused

_USER_VARIABLES = ("SL_CONFIG", "SL_OPERATOR", "SL_DB", "SL_DEBUG", "SL_BUNDLE_PASSPHRASE")


@pytest.fixture(autouse=True)
def isolate_user_files(tmp_path_factory, monkeypatch):
    """No test sees the developer's own config, database or home: every result comes from the test alone."""
    home = tmp_path_factory.mktemp("home")
    for name in _USER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith("XDG_")]:
        monkeypatch.delenv(name, raising=False)
    for name in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.setenv(name, str(home))
    monkeypatch.setenv("SL_TODAY", TEST_TODAY)  # the test-only clock hook (shuanglian_cli/clock.py)


def rows(path: Path | str, sql: str, *params) -> list[tuple]:
    """The rows `sql` reads from the database file at `path`, opened read-only and closed again."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    if len(params) == 1 and isinstance(params[0], dict):
        params = params[0]  # named parameters (:day)
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return conn.execute(sql, params).fetchall()


def one(path: Path | str, sql: str, *params) -> tuple | None:
    """The first row `sql` reads, or None."""
    found = rows(path, sql, *params)
    return found[0] if found else None


def value(path: Path | str, sql: str, *params):
    """The first column of the first row `sql` reads, or None when there is no row."""
    row = one(path, sql, *params)
    return row[0] if row else None


class Sl:
    """Runs `sl --db PATH ...` in-process and keeps the database path at hand."""

    def __init__(self, db: Path, config: Path | None = None, command=None):
        self.db = db
        self.config = config
        self.command = command or app  # a test may run a copy of the root group with a command of its own
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        base = ["--db", str(self.db)]
        if self.config:
            base += ["--config", str(self.config)]
        env = {"COLUMNS": "200", **(env or {})}  # wide enough that rich does not wrap messages
        # typer's runner converts a Typer app; a click group (a test's copy of the root) goes to click's own
        runner = self.runner if self.command is app else ClickCliRunner()
        return runner.invoke(self.command, [*base, *map(str, args)], input=input, env=env, catch_exceptions=True)

    def ok(self, *args: str, input: str | None = None):
        result = self(*args, input=input)
        assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
        assert "内部错误" not in result.output
        return result

    def fails(self, *args: str, input: str | None = None):
        """Bad input: exit 2 with a Chinese message and no traceback."""
        result = self(*args, input=input)
        assert result.exit_code == 2, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
        assert "Traceback" not in result.output
        assert "内部错误" not in result.output
        return result

    def rows(self, sql: str, *params) -> list[tuple]:
        """The rows `sql` reads from this database (read-only, closed again)."""
        return rows(self.db, sql, *params)

    def one(self, sql: str, *params) -> tuple | None:
        return one(self.db, sql, *params)

    def value(self, sql: str, *params):
        return value(self.db, sql, *params)


@pytest.fixture
def sl(tmp_path: Path) -> Sl:
    """An initialised, empty database (the eight Zibo counties only)."""
    s = Sl(tmp_path / "sl.db")
    s.ok("init")
    return s


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["--db", str(path), "demo", "--as-of", DEMO_AS_OF])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Sl:
    """A private copy of the demo database (built once per session, as of 2026-11-20)."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_file, target)
    return Sl(target)


@pytest.fixture
def pair(demo, tmp_path):
    """Two sites exchanging bundles (tests/test_bundles*.py): the demo as the town NANMA's file, an empty county YIYUAN, peers registered both ways."""
    key = tmp_path / "key.txt"
    key.write_text("南麻-沂源 2026 口令\n", encoding="utf-8")
    demo.ok("site", "set", "--site", "南麻街道", "--code", "NANMA", "--site-kind", "town", "--county", "沂源")
    county = Sl(tmp_path / "county.db")
    county.ok("init", "--site", "沂源县人大常委会", "--code", "YIYUAN", "--site-kind", "county", "--county", "沂源")
    demo.ok("site", "peer", "add", "YIYUAN", "--kind", "county", "--county", "沂源")
    county.ok("site", "peer", "add", "NANMA", "--kind", "town", "--county", "沂源", "--name", "南麻街道")
    return demo, county, key
