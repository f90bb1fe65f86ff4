"""A bulk insert (import, bundle) marks its new rows for the full-text index once per table instead of
through a trigger on every row (store/search_index.bulk_marked): the same rows get indexed, the
triggers come back, and a failed block leaves everything as it was."""

from __future__ import annotations

import json

import pytest

from shuanglian_cli.store.audit import bulk_inserts
from shuanglian_cli.store.db import open_db, transaction
from tests.conftest import rows

MARKERS = ("search_suggestions_insert", "search_suggestion_events_insert")


def _copy_of_suggestion_1(db, content: str) -> int:
    cols = [r[1] for r in db.execute("PRAGMA table_info(suggestions)").fetchall() if r[1] != "id"]
    picked = ", ".join("?" if c == "content" else c for c in cols)
    db.execute(f"INSERT INTO suggestions ({', '.join(cols)}) SELECT {picked} FROM suggestions WHERE id = 1", [content])
    return db.execute("SELECT max(id) FROM suggestions").fetchone()[0]


def _triggers(path) -> set[str]:
    return {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_rows_added_in_bulk_are_found_and_the_triggers_come_back(demo):
    db = open_db(demo.db)
    with transaction(db), bulk_inserts(db, ["suggestions", "suggestion_events"], note="test"):
        dropped = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        assert not set(MARKERS) & dropped  # no per-row marking inside the block
        new = _copy_of_suggestion_1(db, "批量导入的蘑菇大棚漏雨问题")
        db.execute("INSERT INTO suggestion_events (suggestion_id, kind, on_date, note) VALUES (?, 'reply', "
                   "'2026-11-20', '已派人修补鳄鱼形状的屋顶')", [new])
        db.execute("INSERT INTO suggestion_events (suggestion_id, kind, on_date, note) VALUES (1, 'collect', "
                   "'2026-11-20', '')")  # a step whose note is not indexed: its WHEN skips it, as the trigger's
    db.conn.close()
    assert set(MARKERS) <= _triggers(demo.db)
    assert rows(demo.db, "SELECT count(*) FROM _search_dirty") == [(0,)]  # flushed in the same transaction
    for words, found in ((["蘑菇大棚"], [new]), (["鳄鱼"], [new]), (["蘑菇", "鳄鱼形状"], [new])):
        out = demo.ok("suggestions", "search", *words, "--format", "json").output
        assert [r["id"] for r in json.loads(out)] == found


def test_a_failed_bulk_block_restores_the_triggers_and_indexes_nothing(demo):
    db = open_db(demo.db)
    with pytest.raises(RuntimeError), transaction(db), bulk_inserts(db, ["suggestions"], note="test"):
        _copy_of_suggestion_1(db, "不该留下的独角兽文字")
        raise RuntimeError("stop")
    db.conn.close()
    assert set(MARKERS) <= _triggers(demo.db)
    assert "[]" in demo.ok("suggestions", "search", "独角兽", "--format", "json").output
