"""sl suggestions search / sl record search (issue 17 item 1): results equal a plain substring scan of
the folded texts, and the index follows edits, imports, bundles, `constituent forget`, `record remove`,
writes by another SQLite client and the migration of an old file; refusals; the published copy."""

from __future__ import annotations

import json
import sqlite3
import unicodedata

import pytest

from shuanglian_cli.cli.search import highlighted, place
from tests.conftest import Sl

# the event kinds whose notes count (store/search_index.py), spelt out again here on purpose
EVENT_KINDS = ("reply", "follow_up", "feedback", "extend", "chase")


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch).casefold() for ch in text)


def suggestion_texts(s: Sl) -> dict[int, str]:
    """Each suggestion's words, read from the tables without the index."""
    texts = {i: [c, a, r, n] for i, c, a, r, n in s.rows("SELECT id, content, answer, reply, note FROM suggestions")}
    marks = ", ".join(f"'{k}'" for k in EVENT_KINDS)
    for sid, note in s.rows(f"SELECT suggestion_id, note FROM suggestion_events WHERE kind IN ({marks})"):
        texts[sid].append(note)
    for sid, text in s.rows("SELECT suggestion_id, opinion FROM suggestion_co_handlers"):
        texts[sid].append(text)
    for sid, text in s.rows("SELECT suggestion_id, reason FROM suggestion_returns"):
        texts[sid].append(text)
    return {i: "\n".join(fold(t) for t in parts if t) for i, parts in texts.items()}


def scan(texts: dict[int, str], query: str) -> set[int]:
    terms = fold(query).split()
    return {i for i, text in texts.items() if all(t in text for t in terms)}


def found(s: Sl, *args: str, corpus: str = "suggestions") -> set[int]:
    out = s.ok(corpus, "search", *args, "--limit", "100000", "--format", "json").output
    return {r["id"] for r in json.loads(out)}


QUERIES = ("路", "灯", "路灯", "缺少路灯", "路灯 夜间", "建议 预算", "预算", "，", "满意", "7", "学校门口",
           "村口至镇驻地道路", "不存在的词", "ＡＢ", "群众 满意 已")


def test_results_equal_a_plain_scan_on_the_demo(demo):
    texts = suggestion_texts(demo)
    for query in QUERIES:
        assert found(demo, query) == scan(texts, query), query
    assert found(demo, "路灯")  # the demo has them: the comparison is not of two empty sets


def test_best_matches_first_and_json_keys(demo):
    rows = json.loads(demo.ok("suggestions", "search", "路灯", "--format", "json", "-n", "5").output)
    assert len(rows) == 5
    assert set(rows[0]) >= {"id", "collected_on", "county", "station", "state", "content", "matched_in", "excerpt",
                            "score"}
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert all("路灯" in r["excerpt"] for r in rows)


def test_filters_are_not_text(demo):
    texts = suggestion_texts(demo)
    station_of = dict(demo.rows("SELECT id, station_id FROM suggestions"))
    year_of = {i: d[:4] for i, d in demo.rows("SELECT id, collected_on FROM suggestions")}
    state_of = dict(demo.rows("SELECT id, state FROM suggestions"))
    station = demo.value("SELECT id FROM stations WHERE name = '南麻街道人大代表民情联络站'")
    covered = {i for (i,) in demo.rows("SELECT id FROM stations WHERE id = ? OR parent_id = ?", station, station)}
    got = found(demo, "建议", "--station", str(station), "--year", "2026", "--state", "closed", "--county", "沂源")
    expected = {i for i in scan(texts, "建议")
                if station_of[i] in covered and year_of[i] == "2026" and state_of[i] == "closed"}
    assert got == expected and got
    town = demo.value("SELECT town_id FROM stations WHERE id = ?", station)
    in_town = {i for (i,) in demo.rows("SELECT id FROM stations WHERE town_id = ?", town)}
    got = found(demo, "建议", "--town", demo.value("SELECT name FROM towns WHERE id = ?", town))
    assert got == {i for i in scan(texts, "建议") if station_of[i] in in_town} != set()
    # a station's name is a filter: searching its words finds only texts that hold them
    assert found(demo, "南麻街道人大代表民情联络站") == set()


def test_record_search_over_topics_and_summaries(demo):
    texts = {i: fold(t) + "\n" + fold(s) for i, t, s in demo.rows("SELECT id, topic, summary FROM activities")}
    for query in ("议题", "群众", "接待 意见", "走访"):
        assert found(demo, query, corpus="record") == scan(texts, query), query
    assert found(demo, "群众", corpus="record")


def test_edits_reach_the_index(demo):
    demo.ok("suggestions", "add", "--content", "西河桥头的护栏松动ＸＹ２号", "--county", "沂源", "--station", "1")
    sid = demo.value("SELECT max(id) FROM suggestions")
    assert found(demo, "护栏松") == {sid}
    assert found(demo, "xy2") == {sid}  # full width and case folded
    demo.ok("suggestions", "answer", str(sid), "--text", "已通知交通站加固桥头")
    assert found(demo, "加固桥头") == {sid}
    assert found(demo, "护栏 加固") == {sid}  # terms in two fields
    demo.ok("record", "visit", "--county", "沂源", "--station", "1", "--deputy", "1", "--kind", "走访",
            "--topic", "独有的议题甲乙丙", "--date", "2026-11-21", "--opinion", "丁戊己庚的意见")
    aid = demo.value("SELECT max(id) FROM activities")
    assert found(demo, "甲乙丙", corpus="record") == {aid}
    assert found(demo, "戊己") == {demo.value("SELECT max(id) FROM suggestions")}
    demo.ok("record", "edit", str(aid), "--topic", "改过的议题")
    assert found(demo, "甲乙丙", corpus="record") == set()
    assert found(demo, "改过", corpus="record") == {aid}
    demo.ok("record", "remove", str(aid), "--yes")
    assert found(demo, "改过", corpus="record") == set()
    assert found(demo, "戊己") == set()
    assert suggestion_texts(demo)  # and the whole still equals the scan
    texts = suggestion_texts(demo)
    assert found(demo, "桥") == scan(texts, "桥")


def test_writes_of_another_sqlite_client_are_indexed_on_the_next_search(demo):
    with sqlite3.connect(demo.db) as conn:  # the triggers are SQL: any client marks what it changed
        conn.execute("UPDATE suggestions SET note = '外部程序写的备注子丑寅' WHERE id = 5")
    assert demo.value("SELECT count(*) FROM _search_dirty") == 1
    assert found(demo, "子丑寅") == {5}
    assert demo.value("SELECT count(*) FROM _search_dirty") == 0


def test_constituent_forget_leaves_nothing_of_the_person_in_the_index(demo):
    demo.ok("constituent", "add", "欧阳奇峰", "--county", "沂源", "--phone", "13912345678")
    demo.ok("suggestions", "add", "--content", "后山水库的放水闸漏水", "--county", "沂源", "--constituent", "欧阳奇峰")
    sid = demo.value("SELECT max(id) FROM suggestions")
    demo.ok("constituent", "forget", "欧阳奇峰", "--yes")
    assert found(demo, "欧阳奇峰") == set()
    assert found(demo, "放水闸") == {sid}  # the suggestion's words stay, as the design says
    assert demo.value("SELECT count(*) FROM _search_suggestion_text WHERE text LIKE '%欧阳%' OR text LIKE '%13912345678%'") == 0
    texts = suggestion_texts(demo)
    assert found(demo, "水") == scan(texts, "水")


def test_import_register_is_indexed(demo, sl, tmp_path):
    out = tmp_path / "q3.xlsx"
    demo.ok("export", "form", "register", "--county", "yiyuan", "--quarter", "2026Q3", "--reveal",
            "--as-of", "2026-11-20", "--out", out)
    sl.ok("import", "register", out)
    texts = suggestion_texts(sl)
    assert len(texts) > 200
    for query in ("路灯", "建议", "预算 实施", "满意"):
        assert found(sl, query) == scan(texts, query), query
    assert sl.value("SELECT count(*) FROM _search_suggestion_text") == len(texts)


def test_bundle_apply_is_indexed(pair):
    town, county, key = pair
    out = town.db.parent / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(out), "--passphrase-file", str(key))
    county.ok("bundle", "apply", str(out), "--passphrase-file", str(key))
    texts = suggestion_texts(county)
    assert texts
    for query in ("路灯", "建议 增设"):
        assert found(county, query) == scan(texts, query) == found(town, query), query
    assert "完好" in county.ok("check").output


def test_an_old_file_is_indexed_by_the_migration_and_check_is_clean(tmp_path):
    from shuanglian_cli.store.migrations import MIGRATIONS
    from tests.test_migrations_frozen import _build

    path = tmp_path / "old.db"
    conn = _build(path, MIGRATIONS[:3])
    conn.execute("INSERT INTO stations (county_id, name) VALUES (8, '老站')")
    conn.execute("INSERT INTO suggestions (county_id, station_id, collected_on, content, reply) "
                 "VALUES (8, 1, '2024-05-06', '老文件里的路灯意见', '已安装新路灯')")
    conn.execute("INSERT INTO activities (county_id, station_id, date, kind, topic) "
                 "VALUES (8, 1, '2024-05-06', '走访', '老文件的走访')")
    conn.commit()
    conn.close()
    s = Sl(path)
    assert "数据库完好" in s.ok("check").output  # migrates, then checks: the index's tables are no data tables
    assert found(s, "路灯") == {1}
    assert found(s, "新路灯") == {1}
    assert found(s, "走访", corpus="record") == {1}
    assert s.value("SELECT count(*) FROM _search_dirty") == 0  # filled right after migrating
    assert s.value("SELECT count(*) FROM audit_log WHERE table_name LIKE '\\_search%' ESCAPE '\\'") == 0


def test_the_index_is_not_in_the_audit_trail(demo):
    from shuanglian_cli.store.audit import audited_tables
    from shuanglian_cli.store.db import open_db

    db = open_db(demo.db)
    tables = audited_tables(db)
    assert not [t for t in tables if "search" in t]
    assert "_search_suggestions_data" in db.table_names()
    mark = demo.value("SELECT max(id) FROM audit_log")
    demo.ok("suggestions", "add", "--content", "审计不记索引", "--county", "沂源")
    logged = {t for (t,) in demo.rows("SELECT table_name FROM audit_log WHERE id > ?", mark)}
    assert logged == {"suggestions", "suggestion_events"}
    assert "数据库完好" in demo.ok("check").output


def test_the_published_copy_has_no_index_and_search_still_works(demo, tmp_path):
    out = tmp_path / "pub.db"
    demo.ok("publish", "--out", str(out))
    names = [n for (n,) in sqlite3.connect(out).execute("SELECT name FROM sqlite_master")]
    assert not [n for n in names if "search" in n]
    pub = Sl(out)
    assert found(pub, "路灯") == found(demo, "路灯") != set()
    assert found(pub, "议题", corpus="record") == found(demo, "议题", corpus="record")


@pytest.mark.parametrize("args, message", [
    (("   ",), "请给出要查找的文字"),
    (("　",), "请给出要查找的文字"),  # an ideographic space is a space
    (("路灯", "--limit", "0"), "--limit"),
    (("路灯", "--state", "done"), "未知的状态"),
])
def test_refusals(demo, args, message):
    assert message in demo.fails("suggestions", "search", *args).output


def test_a_table_fits_80_columns_and_plain_when_piped(demo):
    result = demo("suggestions", "search", "路灯", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "\x1b" not in result.output
    assert max(len(line) for line in lines) <= 80  # box characters and CJK: check by cells below
    from shuanglian_cli.cli.layout import text_width

    assert max(text_width(line) for line in lines) <= 80
    assert "┃ 编号" in result.output  # a table, not the vertical layout


def test_highlighting_marks_the_typed_text_of_a_folded_hit():
    line = "│ 12 │ 村口ＡＢ路灯坏了 │"
    out = highlighted(line, ["ab路", "坏"])
    assert out == "│ 12 │ 村口\x1b[7mＡＢ路\x1b[27m灯\x1b[7m坏\x1b[27m了 │"
    assert place("南麻街道人大代表民情联络站") == "南麻街道" and place(None) == ""
    # a row of a boxed table: only the last cell (the excerpt), not the id or the date
    row = "│ 12 │ 2026-01-02 │ …2号楼路灯 │"
    assert highlighted(row, ["2"]) == "│ 12 │ 2026-01-02 │ …\x1b[7m2\x1b[27m号楼路灯 │"
    # never inside the layout's own escapes (a title in italics, a bold header)
    assert highlighted("\x1b[3m查找结果 1\x1b[0m", ["3", "1"]) == "\x1b[3m查找结果 \x1b[7m1\x1b[27m\x1b[0m"
    assert highlighted("┃ 编号 ┃ 摘录 ┃", ["摘录"]) == "┃ 编号 ┃ 摘录 ┃"


def test_sharing_ids_ranks_the_records_with_most_pairs_in_common_first(demo):
    from shuanglian_cli.store.db import open_db
    from shuanglian_cli.store.search_index import Filters, sharing_ids

    demo.ok("suggestions", "add", "--content", "北坡村的提灌站水泵坏了，浇地困难", "--county", "沂源")
    sid = demo.value("SELECT max(id) FROM suggestions")
    db = open_db(demo.db)
    got = sharing_ids(db.conn, "suggestions", "北坡村提灌站的水泵坏了", limit=5)
    assert got[0][0] == sid
    assert sharing_ids(db.conn, "suggestions", "，。") == []
    county = Filters(" AND s.county_id = ?", [demo.value("SELECT county_id FROM suggestions WHERE id = ?", sid) + 1])
    assert sid not in {i for i, _ in sharing_ids(db.conn, "suggestions", "北坡村提灌站的水泵坏了", county)}
