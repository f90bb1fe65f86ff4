"""Click's usage errors and the help option in Chinese: exit 2, no English, no traceback."""

from __future__ import annotations

import pytest

ENGLISH = ("Usage:", "Error:", "Missing option", "No such", "Invalid value", "Got unexpected", "Try '")


def chinese_failure(sl, *args: str) -> str:
    result = sl.fails(*args)
    for text in ENGLISH:
        assert text not in result.output, result.output
    return result.output


def test_missing_option_on_a_subcommand(sl):
    out = chinese_failure(sl, "suggestions", "add")
    assert "错误：缺少必填选项 --content" in out
    assert "用法：sl suggestions add [选项]" in out
    assert "运行 sl suggestions add --help 查看帮助" in out


def test_missing_argument(sl):
    out = chinese_failure(sl, "record", "show")
    assert "错误：缺少必填参数 ACTIVITY" in out
    assert "用法：sl record show [选项] ACTIVITY" in out


def test_unknown_option_with_a_suggestion(sl):
    out = chinese_failure(sl, "record", "list", "--formt", "json")
    assert "错误：没有选项 --formt（是否想用 --format" in out  # (and --out, as close a spelling)
    assert "运行 sl record list --help 查看帮助" in out


def test_unknown_option_at_the_root(sl):
    out = chinese_failure(sl, "--bogus", "record")
    assert "错误：没有选项 --bogus" in out
    assert "用法：sl [选项] 命令 [参数]..." in out


def test_bad_choice_for_format(sl):
    out = chinese_failure(sl, "record", "list", "--format", "xml")
    assert "错误：--format 的取值无效：xml，可选 table、json、csv" in out
    assert "用法：sl record list [选项]" in out


@pytest.mark.parametrize("value", ["-1", "many"])
def test_bad_number(sl, value):
    out = chinese_failure(sl, "record", "list", "--limit", value)
    assert f"错误：--limit 的取值无效：{value}，须为不小于 0 的整数" in out


def test_option_without_its_value(sl):
    out = chinese_failure(sl, "suggestions", "add", "--content")
    assert "错误：选项 --content 后面缺少取值" in out
    assert "用法：sl suggestions add [选项]" in out


def test_flag_given_a_value(sl):
    assert "错误：选项 --dry-run 不接受取值" in chinese_failure(sl, "record", "visit", "--dry-run=yes")


def test_unexpected_extra_argument(sl):
    assert "错误：多余的参数：2 3" in chinese_failure(sl, "record", "show", "1", "2", "3")


def test_unknown_command_at_the_root(sl):
    out = chinese_failure(sl, "recrod", "list")
    assert "错误：没有命令 recrod（是否想用 record？）" in out
    assert "运行 sl --help 查看帮助" in out
    assert "没有命令 frobnicate" in chinese_failure(sl, "frobnicate")


def test_unknown_command_in_a_group(sl):
    out = chinese_failure(sl, "record", "nosuch")
    assert "错误：没有命令 nosuch" in out
    assert "用法：sl record [选项] 命令 [参数]..." in out


def test_group_alone_still_shows_its_help(sl):
    result = sl("record")
    assert "记录联系活动" in result.output and "visit" in result.output
    assert "错误" not in result.output


@pytest.mark.parametrize("args", [[], ["record"], ["record", "visit"], ["suggestions", "add"], ["deputy", "rank"]])
def test_help_option_is_chinese(sl, args):
    result = sl.ok(*args, "--help")
    assert "显示帮助并退出" in result.output
    assert "Show this message" not in result.output
    assert "显示帮助并退出" in sl.ok(*args, "-h").output


def test_help_pages_are_in_chinese(sl):
    out = sl.ok("suggestions", "refer", "--help").output
    assert out.startswith("用法: sl suggestions refer [选项] SUGGESTION_ID")
    assert "参数:" in out and "选项:" in out and "[必填]" in out and "显示帮助并退出" in out
    assert "Usage" not in out and "Options" not in out
    group = sl.ok("calendar", "--help").output
    assert "命令 [参数]..." in group and "命令:" in group and "Commands" not in group
