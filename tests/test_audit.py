"""The audit trail: every change, in the same transaction, with operator, command, before and after."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuanglian_cli.domain.text import mask_address, mask_phone
from shuanglian_cli.store import audit
from shuanglian_cli.store.db import Actor, open_db, transaction
from shuanglian_cli.store.migrations import LATEST_VERSION, MIGRATIONS
from tests.conftest import rows, value


def _entries(path, where="1", args=()):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute(f"SELECT * FROM audit_log WHERE {where} ORDER BY id", args)]


def insert_coverage(path, table: str, after_entry: int = 0) -> tuple[list[int], int]:
    """(ids of `table` rows whose insertion is in no audit entry written after entry `after_entry`,
    rows those entries say were inserted): each row is covered by its own 'insert' entry or by the
    id range of a 'bulk_insert' entry, and the entries count exactly the rows there are."""
    uncovered = [r[0] for r in rows(path,
        f"SELECT t.id FROM [{table}] t WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.id > ?1 "
        "AND a.table_name = ?2 AND ((a.action = 'insert' AND a.record_id = t.id) "
        "OR (a.action = 'bulk_insert' AND t.id BETWEEN a.record_id AND a.record_last)))", after_entry, table)]
    logged = value(path,
        "SELECT coalesce(sum(CASE action WHEN 'insert' THEN 1 ELSE json_extract(after, '$.count') END), 0) "
        "FROM audit_log WHERE id > ? AND table_name = ? AND action IN ('insert', 'bulk_insert')", after_entry, table)
    return uncovered, logged


DEMO_TABLES = ("towns", "stations", "deputies", "members", "constituents", "departments", "activities",
               "suggestions", "suggestion_events")


def test_demo_build_is_audited_with_operator_and_command(tmp_path):
    from tests.conftest import Sl

    s = Sl(tmp_path / "d.db")
    result = s("--operator", "王芳", "demo", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    for table in DEMO_TABLES:
        rows, first, last = s.one(f"SELECT count(*), min(id), max(id) FROM {table}")
        # one range entry per table instead of one entry per row, with the exact range and count
        (entry,) = _entries(s.db, "table_name = ? AND action IN ('insert', 'bulk_insert')", [table])
        assert entry["action"] == "bulk_insert" and (entry["record_id"], entry["record_last"]) == (first, last)
        assert json.loads(entry["after"]) == {"count": rows, "source": "演示数据"}
        assert insert_coverage(s.db, table) == ([], rows)
    assert s.value("SELECT count(*) FROM suggestions") > 1000
    # link tables (no integer id) keep one entry per row
    for table in ("activity_deputies", "member_deputies", "deputy_constituents"):
        n = s.value(f"SELECT count(*) FROM {table}")
        logged = s.value("SELECT count(*) FROM audit_log WHERE table_name = ? AND action = 'insert'", table)
        assert logged == n > 0
    assert s.rows("SELECT DISTINCT operator, command FROM audit_log") == [("王芳", "demo")]
    assert "数据库完好" in s.ok("check").output  # the insert triggers are back


def test_update_and_delete_keep_before_and_after(sl):
    db = open_db(sl.db, actor=Actor("李明", "test edit"))
    with transaction(db):
        db.execute("INSERT INTO departments (county_id, name) VALUES (8, '县住建局')")
    with transaction(db):
        db.execute("UPDATE departments SET contact = '0533-3221234' WHERE name = '县住建局'")
        db.execute("UPDATE departments SET contact = contact WHERE name = '县住建局'")  # no change: no entry
    with transaction(db, operator="张强", command="other"):
        db.execute("DELETE FROM departments WHERE name = '县住建局'")
    db.conn.close()
    rows = _entries(sl.db, "table_name = 'departments'")
    assert [r["action"] for r in rows] == ["insert", "update", "delete"]
    # pinyin/initials are derived data, kept out of the trail
    assert "name" in json.loads(rows[0]["after"]) and "pinyin" not in rows[0]["after"]
    assert json.loads(rows[1]["before"])["contact"] == "" and json.loads(rows[1]["after"])["contact"] == "0533-3221234"
    assert rows[2]["after"] is None and json.loads(rows[2]["before"])["name"] == "县住建局"
    assert [(r["operator"], r["command"]) for r in rows] == [("李明", "test edit")] * 2 + [("张强", "other")]
    # the context is cleared at commit: a write outside transaction() is not credited to anyone
    assert sl.one("SELECT operator, command FROM audit_context") == (None, None)


def test_rolled_back_change_leaves_no_entry(sl):
    db = open_db(sl.db)
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO departments (county_id, name) VALUES (8, '县水利局')")
        raise RuntimeError("boom")
    db.conn.close()
    assert _entries(sl.db, "table_name = 'departments'") == []


def test_audit_log_cannot_be_changed_or_deleted(sl):
    db = open_db(sl.db)
    with transaction(db):
        db.execute("INSERT INTO departments (county_id, name) VALUES (8, '县交通局')")
    db.conn.close()
    conn = sqlite3.connect(sl.db)
    with pytest.raises(sqlite3.IntegrityError, match="不可修改"):
        conn.execute("UPDATE audit_log SET operator = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="不可删除"):
        conn.execute("DELETE FROM audit_log")
    # even while redacting, only the before/after data may change, never who or when
    conn.execute("UPDATE audit_context SET redacting = 1")
    with pytest.raises(sqlite3.IntegrityError, match="不可修改"):
        conn.execute("UPDATE audit_log SET operator = 'x'")
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1


def test_sl_audit_filters_by_record_since_and_operator(demo):
    out = json.loads(demo.ok("audit", "--record", "suggestion:5", "--format", "json").output)
    # the demo's suggestions and their events came in bulk: the range entries covering suggestion 5
    assert [(r["table_name"], r["action"]) for r in out] == [
        ("suggestions", "bulk_insert"), ("suggestion_events", "bulk_insert")]
    assert out[0]["record_id"] <= 5 <= out[0]["record_last"] and out[0]["after"]["source"] == "演示数据"
    # a suggestion recorded one by one: its own entry, and its events come along with it
    demo.ok(*VISIT, "--opinion", "村口路灯不亮")
    sid = demo.value("SELECT max(id) FROM suggestions")
    out = json.loads(demo.ok("audit", "--record", f"suggestion:{sid}", "--format", "json").output)
    assert out[0]["table_name"] == "suggestions" and out[0]["record_id"] == sid
    assert out[0]["action"] == "insert" and out[0]["after"]["id"] == sid
    assert {r["table_name"] for r in out} == {"suggestions", "suggestion_events"}
    assert all(r["parent"] == f"suggestions:{sid}" for r in out[1:])
    assert json.loads(demo.ok("audit", "--since", "2999-01-01", "-f", "json").output) == []
    assert json.loads(demo.ok("audit", "--operator", "nobody", "-f", "json").output) == []
    table = demo.ok("audit", "--record", f"suggestion:{sid}").output
    assert "新增" in table and f"意见建议 #{sid}" in table
    assert "没有符合条件" in demo.ok("audit", "--record", "deputy:999999").output


def test_sl_audit_limit_shows_latest(demo):
    rows = json.loads(demo.ok("audit", "--limit", "3", "-f", "json").output)
    total = demo.value("SELECT max(id) FROM audit_log")
    assert [r["id"] for r in rows] == [total - 2, total - 1, total]
    assert "共" in demo.ok("audit", "--limit", "3").output


@pytest.mark.parametrize("bad", ["suggestion", "foo:1", "suggestion:", ":3"])
def test_sl_audit_bad_record(demo, bad):
    assert "--record" in demo.fails("audit", "--record", bad).output


def test_sl_audit_bad_since(demo):
    assert "2026-02-30" in demo.fails("audit", "--since", "2026-02-30").output


def test_audit_keeps_constituents_masked_even_when_revealed(demo):
    cid, phone, address = demo.one(
        "SELECT id, phone, address FROM constituents WHERE length(phone) = 11 AND length(address) > 12 LIMIT 1"
    )
    demo.ok("constituent", "edit", str(cid), "--address", "沂源县南麻街道新建小区8号楼")  # an entry with its data
    masked = demo.ok("audit", "--record", f"constituent:{cid}", "-f", "json").output
    assert phone not in masked and mask_phone(phone) in masked and mask_address(address) in masked
    before = demo.value("SELECT count(*) FROM audit_log WHERE action = 'reveal'")
    shown = demo.ok("audit", "--record", f"constituent:{cid}", "-f", "json", "--reveal").output
    # the trail never held them in clear: --reveal has nothing more to show (and is still logged)
    assert phone not in shown and address not in shown and mask_phone(phone) in shown
    reveals = _entries(demo.db, "action = 'reveal'")
    assert len(reveals) == before + 1 and phone not in reveals[-1]["after"]


def _trail(path) -> str:
    return "\n".join(r[0] for r in rows(path,
        "SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log WHERE table_name = 'constituents'"))


def test_constituents_phone_and_address_never_enter_the_trail_in_clear(sl, tmp_path):
    phones = ["13905331234", "13905335678", "13812340000", "13700001111"]
    sl.ok("constituent", "add", "王五", "--county", "沂源", "--phone", phones[0], "--address", "沂源县南麻街道东村12号")
    sl.ok("constituent", "edit", "王五", "--phone", phones[1], "--address", "沂源县南麻街道西村3号")
    csv_file = tmp_path / "c.csv"
    csv_file.write_text(f"姓名,联系电话,住址,县区\n赵六,{phones[2]},沂源县悦庄镇北村7号,沂源县\n", encoding="utf-8")
    sl.ok("import", "constituents", str(csv_file))  # a bulk entry: no personal data at all
    csv_file.write_text(f"姓名,联系电话,住址,县区\n赵六,{phones[2]},沂源县悦庄镇北村8号,沂源县\n", encoding="utf-8")
    sl.ok("import", "constituents", str(csv_file))  # the upsert's per-row update: masked
    sl.ok("station", "add", "南麻街道人大代表联络站", "--county", "沂源")
    sl.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "南麻", "--no-interactive",
          "--new-constituent", f"孙七,{phones[3]},沂源县南麻街道南村1号", "--as-of", "2026-11-20")
    trail = _trail(sl.db)
    for phone in phones:
        assert phone not in trail and mask_phone(phone) in trail
    for address in ("沂源县南麻街道东村12号", "沂源县南麻街道西村3号", "沂源县悦庄镇北村7号", "北村8号", "南村1号"):
        assert address not in trail
    assert "沂源县南麻****" in trail
    # the edit still shows that both changed
    rows, _ = audit.query(open_db(sl.db), ("constituents", "1"))
    change = audit.describe_change(rows[1])
    assert "phone: 139****1234 → 139****5678" in change and "address: 沂源县南麻街**** → 沂源县南麻****" in change


def test_a_change_hidden_by_the_mask_is_still_shown(sl):
    sl.ok("constituent", "add", "王五", "--county", "沂源", "--phone", "13905331234")
    sl.ok("constituent", "edit", "王五", "--phone", "13999991234")  # same first 3 and last 4
    rows, _ = audit.query(open_db(sl.db), ("constituents", "1"))
    assert [r["action"] for r in rows] == ["insert", "update"]
    assert "改动（已脱敏）" in audit.describe_change(rows[1])
    assert "13999991234" not in _trail(sl.db)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30))
def test_trigger_masks_like_the_screen(text):
    conn = sqlite3.connect(":memory:")
    phone, address = conn.execute(
        f"SELECT {audit._mask_phone_sql('?1')}, {audit._mask_address_sql('?1')}", [text]).fetchone()
    assert (phone, address) == (mask_phone(text), mask_address(text))


def test_log_reveal_writes_entry_without_personal_data(sl):
    db = open_db(sl.db, actor=Actor("王芳", "constituent list"))
    audit.log_reveal(db, "群众名单 沂源县", rows=12)
    db.conn.close()
    (row,) = _entries(sl.db, "action = 'reveal'")
    assert (row["operator"], row["command"], row["table_name"]) == ("王芳", "constituent list", "constituents")
    assert json.loads(row["after"]) == {"what": "群众名单 沂源县", "rows": 12}


def _v1_database(path):
    """A database as the first release left it (schema version 1), with some data."""
    db = open_db(path, create=True, migrate=False)
    db.conn.execute("BEGIN")
    MIGRATIONS[0][1](db)
    db.conn.execute("PRAGMA user_version = 1")
    db.conn.execute("INSERT INTO departments (county_id, name) VALUES (8, '县民政局')")
    db.conn.execute("COMMIT")
    db.conn.close()


def test_migration_from_v1_installs_the_trail(tmp_path):
    from tests.conftest import Sl

    path = tmp_path / "old.db"
    _v1_database(path)
    s = Sl(path)
    s.ok("info")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert list(tmp_path.glob("old.db.v1-*.bak")), "a copy is kept before migrating"
    assert "数据库完好" in s.ok("check").output
    conn.execute("UPDATE departments SET kind = '县直部门' WHERE name = '县民政局'")
    conn.commit()
    assert [r["action"] for r in _entries(path, "table_name = 'departments'")] == ["update"]


def test_check_reports_a_missing_trigger(sl):
    conn = sqlite3.connect(sl.db)
    conn.execute("DROP TRIGGER audit_suggestions_update")
    conn.commit()
    out = sl.fails("check").output
    assert "审计" in out and "suggestions" in out


def test_every_data_table_and_column_is_covered(sl):
    db = open_db(sl.db)
    assert audit.missing_triggers(db) == []
    assert set(audit.audited_tables(db)) >= {"suggestions", "suggestion_events", "constituents", "activities"}



VISIT = ("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "--deputy", "1", "--no-interactive",
         "--as-of", "2026-11-20")


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET operator = 'x'", "DELETE FROM audit_log"])
def test_a_change_to_the_trail_from_a_command_is_refused_in_chinese(demo, statement):
    # e.g. a trigger someone added by hand that rewrites the trail whenever an activity is recorded
    conn = sqlite3.connect(demo.db)
    before = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
    conn.execute(f"CREATE TRIGGER tamper AFTER INSERT ON activities BEGIN {statement}; END")
    conn.commit()
    out = demo.fails(*VISIT).output
    assert "错误：审计记录不可修改" in out and "未保存任何更改" in out
    assert "数据库文件无法使用" not in out
    assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == before


def test_a_constraint_failure_is_told_in_chinese(demo):
    conn = sqlite3.connect(demo.db)
    conn.execute("CREATE UNIQUE INDEX one_a_day ON activities(station_id, date) WHERE date >= '2026-11-18'")
    conn.commit()
    demo.ok(*VISIT)
    before = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
    out = demo.fails(*VISIT).output
    assert "错误：数据不符合约束：activities.station_id, activities.date 已有相同的值" in out
    assert "数据库文件无法使用" not in out
    assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == before
