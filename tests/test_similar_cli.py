"""sl suggestions similar on the demo, and the warnings of a likely duplicate while recording: record visit,
suggestions add and import register warn (json carries it), and nothing is blocked."""

from __future__ import annotations

import json

from shuanglian_cli.config import Config
from shuanglian_cli.services.similar import open_like
from shuanglian_cli.store.db import open_db
from tests.conftest import rows, value
from tests.test_register_import import write_hand_typed

WATER = "山区村自来水管网老化，夏季经常停水，建议改造"


def _latest(demo, content: str) -> int:
    return value(demo.db, "SELECT max(id) FROM suggestions WHERE content = ?", content)


def test_similar_lists_earlier_suggestions_on_the_same_matter_and_how_they_ended(demo):
    sid = _latest(demo, WATER)
    out = json.loads(demo.ok("suggestions", "similar", sid, "--limit", "50", "--format", "json").stdout)
    assert out, "the demo says this matter many times"
    assert all(h["id"] < sid and h["score"] >= 0.45 for h in out)
    assert [h["score"] for h in out] == sorted((h["score"] for h in out), reverse=True)
    texts = {h["content"] for h in out}
    assert WATER in texts  # said the same way before
    assert any(t != WATER and "自来水" in t for t in texts)  # and in other words
    assert all("路灯" not in t and "垃圾" not in t for t in texts)  # other matters stay out
    county = value(demo.db, "SELECT county_id FROM suggestions WHERE id = ?", sid)
    ids = [h["id"] for h in out]
    found = rows(demo.db, f"SELECT id, state, reply_class, satisfaction FROM suggestions WHERE id IN "
                          f"({','.join('?' * len(ids))}) AND county_id = ?", *ids, county)
    assert {r[0]: r[1:] for r in found} == {h["id"]: (h["state"], h["reply_class"], h["satisfaction"]) for h in out}


def test_similar_table_and_limit(demo):
    sid = _latest(demo, WATER)
    table = demo.ok("suggestions", "similar", sid, "--limit", "3").stdout
    assert "相似度" in table and "共 3 条" in table
    first = value(demo.db, "SELECT min(id) FROM suggestions")
    assert "之前没有相似的意见建议" in demo.ok("suggestions", "similar", first).stdout
    assert demo("suggestions", "similar", sid, "--limit", "0").exit_code == 2


VISIT = ("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "南麻街道人大代表", "--as-of", "2026-11-20")


def test_record_visit_warns_of_an_open_one_and_records_all_the_same(demo):
    open_water = value(demo.db, "SELECT max(id) FROM suggestions WHERE content = ? AND state IN "
                                "('collected','referred','returned','replied','fed_back')", WATER)
    assert open_water
    before = value(demo.db, "SELECT count(*) FROM suggestions")
    out = json.loads(demo.ok(*VISIT, "--opinion", "自来水管网太旧，一到夏天就经常停水", "--opinion", "集市门口缺个指示牌",
                             "--json").stdout)
    assert value(demo.db, "SELECT count(*) FROM suggestions") == before + 2  # nothing blocked
    [hit] = out["similar"]
    assert hit["opinion"] == 1 and hit["content"] == "自来水管网太旧，一到夏天就经常停水"
    like = {h["id"] for h in hit["like"]}
    assert like and all(h["score"] >= 0.45 for h in hit["like"])
    assert not like & {s["id"] for s in out["suggestions"]}  # never itself
    table = demo.ok(*VISIT, "--opinion", "自来水管网太旧，一到夏天就经常停水")
    assert "可能重复" in table.stderr and f"#{hit['like'][0]['id']}" in table.stderr


def test_record_visit_says_nothing_for_a_new_matter(demo):
    result = demo.ok(*VISIT, "--opinion", "集市门口缺个指示牌", "--json")
    assert json.loads(result.stdout)["similar"] == []
    assert "可能重复" not in result.stderr


def test_suggestions_add_warns_and_registers(demo):
    args = ("suggestions", "add", "--county", "yiyuan", "--on", "2026-11-25", "--content", "山区村自来水管网老化，夏季经常停水")
    result = demo.ok(*args)
    assert "已登记" in result.stdout and "可能重复" in result.stderr
    out = json.loads(demo.ok(*args, "--json").stdout)
    assert out["id"] == value(demo.db, "SELECT max(id) FROM suggestions")
    assert out["similar"][0]["like"] and out["id"] not in {h["id"] for h in out["similar"][0]["like"]}
    assert out["id"] - 1 in {h["id"] for h in out["similar"][0]["like"]}  # the one just added before it is open too


def test_import_register_warns_per_row_and_imports_everything(sl, tmp_path):
    sl.ok("suggestions", "add", "--county", "沂源", "--on", "2026-08-01", "--content", "村口路灯坏了，晚上出行不便")
    path = tmp_path / "东里镇登记表.xlsx"
    write_hand_typed(path)
    result = sl.ok("import", "register", path, "--county", "沂源")
    assert "新增 4 条" in result.stdout
    assert "第 3 行：“村里路灯坏了，建议维修”" in result.stderr and "#1" in result.stderr
    assert result.stderr.count("可能重复") == 1
    assert value(sl.db, "SELECT count(*) FROM suggestions") == 5


def test_a_batch_finds_what_one_by_one_finds(demo):
    texts = [WATER, "小区垃圾桶太少，垃圾满了清运不及时", "村口至镇上的道路没有路灯，晚上走路看不清", "集市门口缺个指示牌",
             *[f"{n}号楼楼道照明灯坏了，晚上上下楼看不清" for n in range(1, 25)]]
    county = value(demo.db, "SELECT id FROM counties WHERE name = '沂源县'")
    db = open_db(demo.db)
    try:
        config = Config()
        batch = open_like(db, config, county, texts)  # more than BATCH texts: the county's open texts read once
        single = [open_like(db, config, county, [t])[0] for t in texts[:4]]
    finally:
        db.close()
    assert [[h["id"] for h in hits] for hits in batch[:4]] == [[h["id"] for h in hits] for hits in single]
    assert batch[0] and batch[2] and not batch[3]


def test_config_threshold_is_checked_and_used(demo, tmp_path):
    strict = tmp_path / "strict.yaml"
    strict.write_text("similar:\n  threshold: 0.99\n", encoding="utf-8")
    sid = _latest(demo, WATER)
    demo.config = strict
    out = json.loads(demo.ok("suggestions", "similar", sid, "--limit", "50", "--format", "json").stdout)
    assert out and all(h["content"] == WATER for h in out)
    bad = tmp_path / "bad.yaml"
    bad.write_text("similar:\n  threshold: 2\n", encoding="utf-8")
    demo.config = bad
    result = demo("suggestions", "similar", sid)
    assert result.exit_code == 2 and "similar.threshold" in result.output


def test_a_clerks_synonyms_in_the_config_find_a_rewording(sl, tmp_path):
    for text in ("樱桃销售难，价格低", "车厘子卖不出去，销售难，价格低"):
        sl.ok("suggestions", "add", "--county", "沂源", "--on", "2026-06-01", "--content", text)
    plain = json.loads(sl.ok("suggestions", "similar", "2", "--format", "json").stdout)
    local = tmp_path / "local.yaml"
    local.write_text("similar:\n  synonyms:\n    - [樱桃, 车厘子]\n  key_words: [樱桃]\n", encoding="utf-8")
    sl.config = local
    found = json.loads(sl.ok("suggestions", "similar", "2", "--format", "json").stdout)
    assert [h["id"] for h in found] == [1]
    assert not plain or plain[0]["score"] < found[0]["score"]
