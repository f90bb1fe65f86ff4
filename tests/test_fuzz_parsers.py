"""Fuzzing every parser of what users type: each input either parses or raises UserError.

About 11,500 generated inputs in all, in well under a minute.
"""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian_cli.config import parse_config
from shuanglian_cli.domain.dates import parse_date, parse_quarter, parse_year
from shuanglian_cli.domain.schedule import parse_rule
from shuanglian_cli.domain.text import normalize_name, normalize_phone
from shuanglian_cli.errors import UserError

FAST = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck), database=None)

# pieces clerks' input is made of, so generated text often gets past the first check
DATE_BITS = ["2026", "1999", "0000", "9999", "-", "/", ".", "年", "月", "日", " ", "11", "02", "30",
             "31", "0", "１", "２", "〇", "Q", "季", "第", "三", "季度", "e", "\x00", "\u3000", "00:00:00"]
PHONE_BITS = ["138", "0533", "-", "+86", "86", " ", "(", ")", "（", "1.38053312E10", "E", "e+", "400",
              "1e400", "9" * 30, "０", "\t", "\u200b", "1", "5", ".", "x"]
RULE_BITS = ["每周", "每月", "双周", "单周", "隔周", "每两周", "第", "周", "个", "四", "日", "天", "一", "五",
             "15", "0", "99", "99999999999999999999", "号", "每季度", "至少", "次", "；", ";", " ", "星期",
             "礼拜", "的", "２", "\u0663"]


def _mixed(bits):
    return st.one_of(
        st.text(max_size=40),
        st.lists(st.sampled_from(bits), max_size=10).map("".join),
        st.lists(st.one_of(st.sampled_from(bits), st.text(max_size=3)), max_size=8).map("".join),
    )


def _parses_or_refuses(func, value):
    try:
        return func(value)
    except UserError as exc:
        assert exc.message and isinstance(exc.message, str)
        return None


@FAST
@given(_mixed(DATE_BITS))
def test_parse_date(text):
    result = _parses_or_refuses(parse_date, text)
    assert result is None or isinstance(result, dt.date)


@FAST
@given(st.one_of(st.none(), st.integers(), st.floats(), st.dates(), st.datetimes(), _mixed(DATE_BITS)))
def test_parse_date_any_cell_value(value):
    """Spreadsheet cells arrive as numbers, dates, None too."""
    _parses_or_refuses(parse_date, value)


@FAST
@given(_mixed(DATE_BITS))
def test_parse_quarter(text):
    result = _parses_or_refuses(parse_quarter, text)
    if result is not None:
        year, quarter = result
        assert 1 <= quarter <= 4


@FAST
@given(st.one_of(_mixed(PHONE_BITS), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none()))
def test_normalize_phone(value):
    result = _parses_or_refuses(normalize_phone, value)
    assert result is None or result == "" or result.isdigit()


@FAST
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none()))
def test_normalize_name(value):
    result = _parses_or_refuses(normalize_name, value)
    assert result is None or isinstance(result, str)


@FAST
@given(_mixed(RULE_BITS))
def test_parse_rule(text):
    _parses_or_refuses(parse_rule, text)


# -- config ------------------------------------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 100), st.text(max_size=12),
                     st.sampled_from(["2027-01-01", "2027-02-06..2027-02-13", "2027-13-01", "next", "skip"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=6)
_keys = st.sampled_from(["database", "operator", "default_county", "counties", "deadlines", "calendar",
                         "schedule", "quotas", "forms", "privacy", "default", "categories", "years",
                         "closures", "holiday_shift", "reveal", "holidays", "workdays", "confirmed",
                         "2027", "民生微实事", "name", "short_name", "slug"])
_config_docs = st.recursive(
    st.dictionaries(_keys, _values, max_size=5),
    lambda inner: st.dictionaries(_keys, st.one_of(_values, inner), max_size=5),
    max_leaves=8,
)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(_config_docs)
def test_parse_config_structured(doc):
    """Well-formed YAML with the right keys in the wrong shapes."""
    text = yaml.safe_dump(doc, allow_unicode=True)
    _parses_or_refuses(parse_config, text)


@FAST
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(
    ["deadlines:", " default:", " 15", "\n", "  ", "- ", "[", "]", "{", "}", ":", "&a", "*a", "!!python/object", "calendar:",
     "years:", "  2027:", "    holidays:", " [\"2027-01-01\"]", "\t", "'", '"', "#", "privacy:", " reveal: yes"]),
    max_size=20).map("".join)))
def test_parse_config_text(text):
    """Arbitrary text, broken YAML included."""
    _parses_or_refuses(parse_config, text)


def test_broken_config_names_line_and_key():
    text = "operator: 王芳\ndeadlines:\n  default: 十五\n"
    try:
        parse_config(text, "config.yaml")
    except UserError as exc:
        assert "第 3 行" in exc.message and "deadlines.default" in exc.message
    else:
        raise AssertionError("a word where a number belongs must be refused")
    try:
        parse_config("operator: 王芳\nschedule:\n  holiday_shift: [\n", "config.yaml")
    except UserError as exc:
        assert "第 4 行" in exc.message or "第 3 行" in exc.message
    else:
        raise AssertionError("broken YAML must be refused")
    try:
        parse_config("operator: 王芳\n\nholliday: 1\n", "config.yaml")
    except UserError as exc:
        assert "第 3 行" in exc.message and "holliday" in exc.message
    else:
        raise AssertionError("an unknown key must be refused")


def test_broken_config_file_through_the_cli(tmp_path):
    from tests.conftest import Sl

    cfg = tmp_path / "config.yaml"
    cfg.write_text("deadlines:\n  categories:\n    民生微实事: 0\n", encoding="utf-8")
    s = Sl(tmp_path / "x.db", config=cfg)
    out = s.fails("init").output
    assert "第 3 行" in out and "民生微实事" in out
    cfg.write_bytes(b"operator: \xff\xfe\n")
    assert "配置文件" in s.fails("init").output


@FAST
@given(st.one_of(st.none(), st.integers(), _mixed(DATE_BITS + ["2100", "2000", "年度", "²"])))
def test_parse_year(value):
    result = _parses_or_refuses(parse_year, value)
    assert result is None or 2000 <= result <= 2100


def test_parse_year_examples():
    assert [parse_year(v) for v in (2026, "2026", "２０２６", " 2026年 ", "2026年度")] == [2026] * 5
    for bad in ("26", "1999", "2101", "二五", "", "²⁰²⁶"):
        try:
            parse_year(bad, "年度")
        except UserError as exc:
            assert exc.message.startswith(f"年度“{bad}”") and "2000 到 2100" in exc.message
        else:
            raise AssertionError(bad)
