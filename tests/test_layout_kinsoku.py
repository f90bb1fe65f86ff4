"""Wrapped Chinese text never starts a line with closing punctuation (、，。：；）…)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shuanglian_cli.cli.layout import NO_LINE_START, text_width, wrap


def test_the_character_before_a_comma_goes_down_with_it():
    lines = wrap("今天接待日：历山街道人大代表民情联络站，值班代表 吕慧杰、熊峰娜、钱杰 进站并记录活动", 56)
    assert all(line[:1] not in NO_LINE_START for line in lines)
    assert any("杰、熊" in line for line in lines)  # the comma keeps the character before it


PIECES = st.text(alphabet="路灯坏了通知村口代表值班吕慧杰", min_size=1, max_size=8)
MARKS = "、，。：；）"  # full-width marks, as a clerk's Chinese text has them


@given(st.lists(st.tuples(PIECES, st.sampled_from([*MARKS, ""])), min_size=1, max_size=15), st.integers(8, 60))
def test_no_line_starts_with_closing_punctuation_and_none_is_too_wide(pieces, width):
    text = "".join(p + mark for p, mark in pieces)  # as people write: a mark after a word, never two in a row
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for before, line in zip(lines, lines[1:], strict=False):
        # allowed only where the line before is one unbreakable piece (a character, a number or date run)
        assert line[:1] not in NO_LINE_START or len(before) <= 1
    assert all(text_width(line) <= width for line in lines)


@given(st.text(alphabet="路灯坏了、，。：）’”…2026-09-07#12 ab", min_size=1, max_size=120), st.integers(8, 60))
def test_any_text_is_kept_whole(text, width):
    assert "".join(wrap(text, width)).replace(" ", "") == text.replace(" ", "")
