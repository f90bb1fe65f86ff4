"""Test hygiene: the read-only row helpers of tests/conftest.py, and the root group's catch-all that turns
a bug inside a command into one line (内部错误) and exit 1 under CliRunner too, not a traceback."""

from __future__ import annotations

import errno
import sqlite3

import click
import pytest
import typer.main

from shuanglian_cli.cli.app import app
from shuanglian_cli.errors import ExitCode, UserError
from tests.conftest import Sl, one, rows, value


def _root_with(callback) -> click.Group:
    """A fresh copy of the `sl` root group (SlGroup) with one extra test-only command, `boom`."""
    group = typer.main.get_command(app)
    group.commands["boom"] = click.Command("boom", callback=callback)
    return group


def _raise(exc: BaseException):
    def callback():
        raise exc
    return callback


@pytest.fixture
def boom_db(sl: Sl):
    return sl.db


def _run(db, exc: BaseException, env: dict | None = None):
    return Sl(db, command=_root_with(_raise(exc)))("boom", env=env)


def test_a_bug_in_a_command_is_one_line_and_exit_1(boom_db):
    result = _run(boom_db, ZeroDivisionError("division by zero"))
    assert result.exit_code == ExitCode.INTERNAL == 1
    assert "内部错误：ZeroDivisionError: division by zero（设置环境变量 SL_DEBUG=1 可查看详细信息）" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_sl_debug_lets_the_bug_through(boom_db):
    result = _run(boom_db, ZeroDivisionError("division by zero"), env={"SL_DEBUG": "1"})
    assert isinstance(result.exception, ZeroDivisionError)
    assert "内部错误" not in result.output


def test_user_errors_keep_exit_2(boom_db):
    result = _run(boom_db, UserError("名称不能为空", ["请检查输入"]))
    assert result.exit_code == 2
    assert "错误：名称不能为空" in result.output
    assert "内部错误" not in result.output


@pytest.mark.parametrize("exc, code", [
    (click.exceptions.Exit(3), 3),
    (click.exceptions.Abort(), 1),
    (click.BadParameter("坏参数"), 2),
])
def test_clicks_own_exceptions_pass_through(boom_db, exc, code):
    result = _run(boom_db, exc)
    assert result.exit_code == code
    assert "内部错误" not in result.output


def test_a_closed_pipe_is_left_to_click_and_main(boom_db):
    # click ends a command whose stdout pipe closed with exit 1; main() tells that apart and exits 0 quietly
    result = _run(boom_db, BrokenPipeError(errno.EPIPE, "Broken pipe"))
    assert result.exit_code == 1
    assert "内部错误" not in result.output


def test_a_console_that_cannot_show_chinese_is_left_to_main(boom_db):
    exc = UnicodeEncodeError("ascii", "中文", 0, 1, "ordinal not in range(128)")
    result = _run(boom_db, exc)
    assert result.exception is exc  # main() turns it into its own hint
    assert "内部错误" not in result.output


def test_a_full_disk_is_still_said_as_such(boom_db):
    result = _run(boom_db, OSError(errno.ENOSPC, "No space left on device"))
    assert result.exit_code == 2
    assert "磁盘空间不足" in result.output
    assert "内部错误" not in result.output


def test_ok_and_fails_refuse_an_internal_error(boom_db):
    # exit codes alone would pass: the output is what the helpers now look at too
    said = Sl(boom_db, command=_root_with(lambda: print("内部错误：KeyError: 'x'")))
    with pytest.raises(AssertionError):
        said.ok("boom")
    refused = Sl(boom_db, command=_root_with(_raise(UserError("内部错误：KeyError: 'x'"))))
    with pytest.raises(AssertionError):
        refused.fails("boom")
    assert Sl(boom_db, command=_root_with(lambda: print("好"))).ok("boom").output == "好\n"
    assert "名称不能为空" in Sl(boom_db, command=_root_with(_raise(UserError("名称不能为空")))).fails("boom").output


def test_row_helpers_read_the_test_database(demo: Sl):
    counties = demo.rows("SELECT name FROM counties ORDER BY name")
    assert counties and all(isinstance(r, tuple) and len(r) == 1 for r in counties)
    assert demo.value("SELECT COUNT(*) FROM counties") == len(counties)
    assert demo.one("SELECT name FROM counties ORDER BY name") == counties[0]
    assert demo.one("SELECT name FROM counties WHERE name = ?", "没有这个县") is None
    assert demo.value("SELECT name FROM counties WHERE name = ?", "没有这个县") is None
    assert rows(demo.db, "SELECT name FROM counties ORDER BY name") == counties
    assert one(str(demo.db), "SELECT COUNT(*) FROM counties") == (len(counties),)
    assert value(demo.db, "SELECT ? + ?", 1, 2) == 3


def test_row_helpers_open_the_file_read_only(demo: Sl):
    before = demo.value("SELECT COUNT(*) FROM counties")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        demo.rows("DELETE FROM counties")
    assert demo.value("SELECT COUNT(*) FROM counties") == before
