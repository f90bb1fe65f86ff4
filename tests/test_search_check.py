"""`sl check` says whether the full-text index follows the records, and `sl check --reindex` rebuilds it."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing


def _found(demo, word: str) -> list[int]:
    return [r["id"] for r in json.loads(demo.ok("suggestions", "search", word, "--format", "json").output)]


def test_check_finds_an_index_out_of_step_and_reindex_repairs_it(demo):
    assert "全文索引：与记录一致" in demo.ok("check").output
    # a change the index missed: made with its marking trigger out of the way (as a tool that rebuilt the
    # table without the triggers would)
    with closing(sqlite3.connect(demo.db)) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_suggestions_update'").fetchone()[0]
        conn.execute("DROP TRIGGER search_suggestions_update")
        conn.execute("UPDATE suggestions SET content = '北坡村的水窖塌了需要修' WHERE id = 7")
        conn.execute(sql)
        conn.commit()
    assert 7 not in _found(demo, "水窖塌")
    out = demo.ok("check").output
    assert "全文索引有 1 条与记录不一致" in out and "sl check --reindex" in out and "数据库完好" in out
    out = demo.ok("check", "--reindex").output
    assert "全文索引已重建" in out and "全文索引：与记录一致" in out
    assert _found(demo, "水窖塌") == [7]


def test_a_published_copy_checks_clean_and_says_what_it_is(demo, tmp_path):
    copy = tmp_path / "公开.db"
    demo.ok("publish", "--out", str(copy))
    out = demo.ok("--db", str(copy), "check").output
    assert "公开副本" in out and "数据库完好" in out
    assert "全文索引" not in out and "个人信息，建议运行 chmod" not in out  # no index, no personal data
