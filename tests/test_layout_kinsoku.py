"""Wrapped Chinese text never starts a line with closing punctuation (、，。：；）…)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shuanglian_cli.cli.layout import NO_LINE_START, text_width, wrap


def test_the_character_before_a_comma_goes_down_with_it():
    lines = wrap("今天接待日：历山街道人大代表民情联络站，值班代表 吕慧杰、熊峰娜、钱杰 进站并记录活动", 56)
    assert all(line[:1] not in NO_LINE_START for line in lines)
    assert any("杰、熊" in line for line in lines)  # the comma keeps the character before it


@given(st.text(alphabet="路灯坏了、，。：）2026-09-07#12 ab", min_size=1, max_size=120), st.integers(8, 60))
def test_no_line_starts_with_closing_punctuation_and_none_is_too_wide(text, width):
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert line[:1] not in NO_LINE_START or len(lines[lines.index(line) - 1]) <= 1
    assert all(text_width(line) <= width for line in lines if not any(c.isascii() and c != " " for c in line))
