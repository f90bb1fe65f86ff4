"""Bulk imports in the audit trail: one 'bulk_insert' entry per table for the id range added,
changes to existing rows still one entry each (store/audit.py bulk_inserts)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from shuanglian_cli.store import audit
from shuanglian_cli.store.db import open_db, transaction
from tests.conftest import value
from tests.test_audit import _entries, insert_coverage

HEADER = "姓名,联系电话,住址,县区\n"


def _people_csv(path, rows: int, start: int = 0, address: str = "沂源县南麻街道某村{i}号"):
    path.write_text(HEADER + "".join(
        f"导入群众{i},139{i:08d},{address.format(i=i)},沂源县\n" for i in range(start, start + rows)), encoding="utf-8")
    return path


def _last_entry(path) -> int:
    return value(path, "SELECT coalesce(max(id), 0) FROM audit_log")


def test_import_writes_one_bulk_entry_with_the_exact_range_and_count(sl, tmp_path):
    sl.ok("constituent", "add", "王五", "--county", "沂源", "--phone", "13905331234")  # id 1, per row
    mark = _last_entry(sl.db)
    sl.ok("--operator", "王芳", "import", "constituents", str(_people_csv(tmp_path / "名册.csv", 250)))
    (entry,) = _entries(sl.db, "id > ?", [mark])
    assert (entry["action"], entry["table_name"], entry["record_id"], entry["record_last"]) == (
        "bulk_insert", "constituents", 2, 251)
    assert (entry["operator"], entry["command"]) == ("王芳", "import constituents")
    assert json.loads(entry["after"]) == {"count": 250, "source": "名册.csv"} and entry["before"] is None
    assert insert_coverage(sl.db, "constituents") == ([], 251)
    # the flag is gone: the next single insert is in the trail row by row again
    sl.ok("constituent", "add", "赵六", "--county", "沂源")
    assert [(e["action"], e["record_id"]) for e in _entries(sl.db, "id > ?", [entry["id"]])] == [("insert", 252)]
    assert "数据库完好" in sl.ok("check").output


def test_reimport_that_changes_rows_is_audited_row_by_row(sl, tmp_path):
    csv_file = _people_csv(tmp_path / "c.csv", 20)
    sl.ok("import", "constituents", str(csv_file))
    mark = _last_entry(sl.db)
    sl.ok("import", "constituents", str(csv_file))  # nothing changes: nothing written
    assert _last_entry(sl.db) == mark
    # rows 0-9 get a new address, 20-24 are new
    csv_file.write_text(HEADER + "".join(
        f"导入群众{i},139{i:08d},{'沂源县悦庄镇新' if i < 10 else '沂源县南麻街道某'}村{i}号,沂源县\n" for i in range(25)),
        encoding="utf-8")
    sl.ok("import", "constituents", str(csv_file))
    entries = _entries(sl.db, "id > ?", [mark])
    updates = [e for e in entries if e["action"] == "update"]
    assert sorted(e["record_id"] for e in updates) == list(range(1, 11))
    before, after = json.loads(updates[0]["before"]), json.loads(updates[0]["after"])
    assert before["address"] != after["address"] and "****" in after["address"]
    (bulk,) = [e for e in entries if e["action"] == "bulk_insert"]
    assert (bulk["record_id"], bulk["record_last"], json.loads(bulk["after"])["count"]) == (21, 25, 5)
    assert len(entries) == 11
    assert insert_coverage(sl.db, "constituents") == ([], 25)


def test_sl_audit_record_finds_the_bulk_entry(sl, tmp_path):
    sl.ok("--operator", "王芳", "import", "constituents", str(_people_csv(tmp_path / "constituents.csv", 300)))
    out = json.loads(sl.ok("audit", "--record", "constituent:123", "-f", "json").output)
    assert [(r["action"], r["record_id"], r["record_last"]) for r in out] == [("bulk_insert", 1, 300)]
    assert out[0]["after"] == {"count": 300, "source": "constituents.csv"}
    table = sl.ok("audit", "--record", "constituent:123").output
    assert "批量导入" in table and "批量导入 300 条（constituents.csv）" in table and "群众 #1–300" in table
    assert "没有符合条件" in sl.ok("audit", "--record", "constituent:301").output
    assert "没有符合条件" in sl.ok("audit", "--record", "deputy:123").output
    assert len(json.loads(sl.ok("audit", "--record", "constituent:1", "--operator", "王芳", "-f", "json").output)) == 1
    assert json.loads(sl.ok("audit", "--record", "constituent:1", "--operator", "李明", "-f", "json").output) == []
    assert json.loads(sl.ok("audit", "--record", "constituent:1", "--since", "2999-01-01", "-f", "json").output) == []
    # a later edit of an imported row comes after its bulk entry
    sl.ok("constituent", "edit", "123", "--address", "沂源县东里镇新址1号")
    out = json.loads(sl.ok("audit", "--record", "constituent:123", "-f", "json").output)
    assert [r["action"] for r in out] == ["bulk_insert", "update"]


def test_failed_import_leaves_no_audit_entries(sl, tmp_path):
    sl.ok("constituent", "add", "王五", "--county", "沂源")
    mark = _last_entry(sl.db)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "甲,13900000001,某村,沂源县\n乙,12345,某村,沂源县\n", encoding="utf-8")
    sl.fails("import", "constituents", str(bad))
    # a row refused by the database half-way through the inserts
    conn = sqlite3.connect(sl.db)
    conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON constituents WHEN NEW.name = '导入群众150' "
                 "BEGIN SELECT RAISE(ABORT, '不接受这一行'); END")
    conn.commit()
    out = sl.fails("import", "constituents", str(_people_csv(tmp_path / "c.csv", 200))).output
    assert "不接受这一行" in out and "未导入任何数据" in out
    assert _last_entry(sl.db) == mark
    assert conn.execute("SELECT count(*) FROM constituents").fetchone()[0] == 1
    assert audit.missing_triggers(open_db(sl.db)) == []
    # a dry run writes nothing to the trail either
    conn.execute("DROP TRIGGER refuse")
    conn.commit()
    sl.ok("import", "constituents", str(tmp_path / "c.csv"), "--dry-run")
    assert _last_entry(sl.db) == mark


def test_bulk_imports_keep_phones_out_of_the_trail(sl, tmp_path):
    csv_file = _people_csv(tmp_path / "c.csv", 30)
    sl.ok("import", "constituents", str(csv_file))
    _people_csv(csv_file, 30, address="沂源县东里镇另一村{i}号")  # every row changes: per-row updates
    sl.ok("import", "constituents", str(csv_file))
    trail = "\n".join(r[0] for r in sl.rows(
        "SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log"))
    assert sl.value("SELECT count(*) FROM audit_log WHERE action = 'update'") == 30
    for phone, address in sl.rows("SELECT phone, address FROM constituents"):
        assert phone not in trail and address not in trail and phone[:3] + "****" + phone[-4:] in trail


def test_register_import_is_one_bulk_entry_per_table(sl, tmp_path):
    from tests.test_register_import import write_hand_typed

    path = tmp_path / "东里镇登记表.xlsx"
    write_hand_typed(path)
    sl.ok("--operator", "王芳", "import", "register", path, "--county", "沂源")
    bulk = {e["table_name"]: e for e in _entries(sl.db, "action = 'bulk_insert'")}
    assert set(bulk) == {"stations", "deputies", "departments", "constituents", "suggestions", "suggestion_events"}
    for table, entry in bulk.items():
        n = sl.value(f"SELECT count(*) FROM {table}")
        assert json.loads(entry["after"]) == {"count": n, "source": "东里镇登记表.xlsx"}
        assert (entry["operator"], entry["command"]) == ("王芳", "import register")
        assert insert_coverage(sl.db, table) == ([], n)
    assert _entries(sl.db, "action = 'insert'") == []
    trail = " ".join(e["after"] for e in _entries(sl.db))
    assert "13805331234" not in trail and "李四" not in trail
    # the suggestion's events are found through the suggestion
    out = json.loads(sl.ok("audit", "--record", "suggestion:1", "-f", "json").output)
    assert [r["table_name"] for r in out] == ["suggestions", "suggestion_events"]
    # importing it again adds nothing and writes nothing
    mark = _last_entry(sl.db)
    sl.ok("import", "register", path, "--county", "沂源")
    assert _last_entry(sl.db) == mark


def test_deletes_stay_per_row_and_an_insert_below_the_range_is_refused(sl):
    db = open_db(sl.db)
    with transaction(db):
        db.execute("INSERT INTO departments (id, county_id, name) VALUES (5, 8, '县水利局')")
        db.execute("INSERT INTO departments (id, county_id, name) VALUES (3, 8, '县教育局')")
    mark = _last_entry(sl.db)
    with transaction(db, command="test"), audit.bulk_inserts(db, ["departments"], "x.csv"):
        db.conn.executemany("INSERT INTO departments (county_id, name) VALUES (8, ?)", [("甲",), ("乙",), ("丙",)])
        db.execute("DELETE FROM departments WHERE name IN ('甲', '县教育局')")  # deletes stay per row
        db.execute("UPDATE departments SET contact = '张' WHERE name IN ('乙', '县水利局')")  # so do updates
    rows = [(e["action"], e["record_id"], e["record_last"]) for e in _entries(sl.db, "id > ?", [mark])]
    assert sorted(rows[:4], key=repr) == [("delete", 3, None), ("delete", 6, None), ("update", 5, None),
                                          ("update", 7, None)]
    assert rows[4:] == [("bulk_insert", 7, 8)] and json.loads(_entries(sl.db)[-1]["after"])["count"] == 2
    assert insert_coverage(sl.db, "departments") == ([], 4)  # 3 rows now, 县教育局 inserted and deleted
    # a row given an id below the noted max(id) would fall outside the range: refused, nothing written
    mark = _last_entry(sl.db)
    with pytest.raises(RuntimeError, match="below"), transaction(db), audit.bulk_inserts(db, ["departments"]):
        db.execute("INSERT INTO departments (county_id, name) VALUES (8, '丁')")
        db.execute("INSERT INTO departments (id, county_id, name) VALUES (1, 8, '县交通局')")
    assert _last_entry(sl.db) == mark and audit.missing_triggers(db) == []
    db.conn.close()


def test_bulk_inserts_needs_a_transaction_and_an_id(sl):
    db = open_db(sl.db)
    with pytest.raises(RuntimeError), audit.bulk_inserts(db, ["departments"]):
        pass
    with pytest.raises(ValueError), transaction(db), audit.bulk_inserts(db, ["member_deputies"]):
        pass
    with pytest.raises(KeyError), transaction(db), audit.bulk_inserts(db, ["departments"]):
        db.execute("INSERT INTO departments (county_id, name) VALUES (8, '县民政局')")
        assert "departments（缺少 insert 触发器）" in audit.missing_triggers(db)  # only inside the block
        raise KeyError("boom")
    assert audit.missing_triggers(db) == []
    db.conn.close()
    conn = sqlite3.connect(sl.db)
    assert conn.execute("SELECT count(*) FROM departments").fetchone()[0] == 0
    assert _entries(sl.db, "table_name = 'departments'") == []


def test_the_trail_refuses_a_change_of_a_bulk_range(sl, tmp_path):
    sl.ok("import", "constituents", str(_people_csv(tmp_path / "c.csv", 3)))
    conn = sqlite3.connect(sl.db)
    conn.execute("UPDATE audit_context SET redacting = 1")
    with pytest.raises(sqlite3.IntegrityError, match="不可修改"):
        conn.execute("UPDATE audit_log SET record_last = 1 WHERE action = 'bulk_insert'")
