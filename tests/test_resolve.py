"""Finding rows by id, name, prefix, pinyin and initials; bulk pinyin keys equal the one-by-one ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuanglian_cli.demo.names import GIVEN, SURNAMES
from shuanglian_cli.errors import Ambiguous, NotFound
from shuanglian_cli.store.db import open_db
from shuanglian_cli.store.resolve import SearchKeyCache, find, find_county, search_keys


@pytest.fixture
def db(demo):
    conn = open_db(demo.db)
    yield conn
    conn.conn.close()


def test_find_county_by_name_short_slug_and_id(db):
    for text in ("沂源县", "沂源", "yiyuan", "YiYuan", "8", "yy"):
        assert find_county(db, text)["name"] == "沂源县"
    with pytest.raises(NotFound):
        find_county(db, "火星")


def test_find_station_by_substring_prefix_and_initials(db):
    zone = find(db, "stations", "开发区")
    assert zone["name"] == "沂源经济开发区人大代表民情联络站"
    assert find(db, "stations", "历山街道人大")["kind"] == "站"
    assert find(db, "stations", "lsjdrd")["name"].startswith("历山街道")  # initials prefix
    with pytest.raises(Ambiguous) as exc:
        find(db, "stations", "南麻")
    assert any("南麻街道人大代表民情联络站" in line for line in exc.value.details)


def test_find_deputy_by_full_pinyin(db):
    row = db.execute("SELECT id, name, pinyin FROM deputies WHERE id = 7").fetchone()
    hits = db.execute("SELECT count(*) FROM deputies WHERE pinyin = ? OR initials = ?", [row[2], row[2]]).fetchone()[0]
    if hits == 1:
        assert find(db, "deputies", row[2])["id"] == 7
    assert find(db, "deputies", "7")["name"] == row[1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SURNAMES + GIVEN + "长单曾乐行重 ａ1", min_size=1, max_size=6))
def test_bulk_search_keys_match_single(name):
    assert SearchKeyCache()(name) == search_keys(name)
