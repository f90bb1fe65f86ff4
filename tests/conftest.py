"""Shared fixtures: the real CLI through Typer's CliRunner, over real SQLite files in tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
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


class Sl:
    """Runs `sl --db PATH ...` in-process and keeps the database path at hand."""

    def __init__(self, db: Path, config: Path | None = None):
        self.db = db
        self.config = config
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        base = ["--db", str(self.db)]
        if self.config:
            base += ["--config", str(self.config)]
        env = {"COLUMNS": "200", **(env or {})}  # wide enough that rich does not wrap messages
        return self.runner.invoke(app, [*base, *map(str, args)], input=input, env=env, catch_exceptions=True)

    def ok(self, *args: str, input: str | None = None):
        result = self(*args, input=input)
        assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
        return result

    def fails(self, *args: str, input: str | None = None):
        """Bad input: exit 2 with a Chinese message and no traceback."""
        result = self(*args, input=input)
        assert result.exit_code == 2, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
        assert "Traceback" not in result.output
        return result


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
