"""Personal information (PIPL): private files, sl constituent forget, --reveal in the audit trail."""

from __future__ import annotations

import json
import sqlite3

from shuanglian_cli.store.db import open_db, transaction
from tests.conftest import one, rows


def _person_with_history(path):
    """A constituent of the demo who met deputies and raised suggestions."""
    row = one(path,
        "SELECT c.id, c.name, c.phone, c.address FROM constituents c "
        "WHERE c.phone != '' AND c.address != '' "
        "AND EXISTS (SELECT 1 FROM suggestions s WHERE s.constituent_id = c.id) "
        "AND EXISTS (SELECT 1 FROM activity_constituents a WHERE a.constituent_id = c.id) "
        "AND (SELECT count(*) FROM constituents o WHERE o.name = c.name) = 1 LIMIT 1"
    )
    return row


def test_database_and_its_wal_files_are_private(sl):
    db = open_db(sl.db)
    with transaction(db):
        db.execute("INSERT INTO departments (county_id, name) VALUES (8, '县卫健局')")
    for suffix in ("", "-wal", "-shm"):
        p = sl.db.with_name(sl.db.name + suffix)
        assert (p.stat().st_mode & 0o777) == 0o600, p
    db.conn.close()


def test_forget_erases_personal_data_everywhere_and_keeps_counts(demo):
    cid, name, phone, address = _person_with_history(demo.db)
    conn = sqlite3.connect(demo.db)
    # give one of their suggestions a raiser name, as a clerk would have typed it
    conn.execute("UPDATE suggestions SET raiser_name = ? WHERE constituent_id = ?", [name, cid])
    conn.commit()
    # and an edit, so the trail holds entries with the person's data (the demo's rows came in bulk)
    demo.ok("constituent", "edit", str(cid), "--address", "沂源县南麻街道新建小区8号楼")
    assert conn.execute("SELECT count(*) FROM audit_log WHERE after LIKE ?", [f"%{name}%"]).fetchone()[0] >= 2
    met = conn.execute("SELECT count(*) FROM activity_constituents WHERE constituent_id = ?", [cid]).fetchone()[0]
    contents = conn.execute("SELECT content FROM suggestions WHERE constituent_id = ? ORDER BY id", [cid]).fetchall()
    conn.close()

    out = demo.ok("constituent", "forget", name, "--yes").output
    assert "已删除" in out and name not in out

    conn = sqlite3.connect(demo.db)
    row = conn.execute("SELECT name, phone, address, erased FROM constituents WHERE id = ?", [cid]).fetchone()
    assert row[1:] == ("", "", 1) and name not in row[0]
    assert conn.execute(
        "SELECT count(*) FROM activity_constituents WHERE constituent_id = ?", [cid]).fetchone()[0] == met
    assert conn.execute(
        "SELECT content FROM suggestions WHERE constituent_id = ? ORDER BY id", [cid]).fetchall() == contents
    assert conn.execute(
        "SELECT count(*) FROM suggestions WHERE raiser_name = ?", [name]).fetchone()[0] == 0
    # nothing of it in the audit trail, old entries included
    trail = " ".join(r[0] or "" for r in conn.execute("SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log"))
    assert phone not in trail and address not in trail and name not in trail and "新建小区" not in trail
    (entry,) = conn.execute("SELECT after FROM audit_log WHERE action = 'forget'").fetchall()
    assert json.loads(entry[0])["erased"] is True
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    # and nothing of it left anywhere in the file (secure_delete, WAL checkpointed)
    raw = demo.db.read_bytes()
    assert phone.encode() not in raw and address.encode() not in raw
    assert "数据库完好" in demo.ok("check").output


def test_demo_trail_holds_no_constituent_phone_or_address_in_clear(demo):
    people = demo.rows("SELECT phone, address FROM constituents WHERE phone != '' AND address != ''")
    assert len(people) > 100
    # the demo's roster came in bulk (one entry, no personal data); later edits are entries with before/after
    for (cid,) in demo.rows("SELECT id FROM constituents WHERE phone != '' AND address != '' LIMIT 5"):
        demo.ok("constituent", "edit", str(cid), "--address", "沂源县东里镇东里村100号")
    trail = "\n".join(r[0] for r in demo.rows("SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log"))
    assert trail.count("****") >= 10
    assert not [p for p, _ in people if p in trail]
    assert not [a for _, a in people if a in trail]


def test_remove_scrubs_the_name_from_the_trail(sl):
    sl.ok("constituent", "add", "欧阳修远", "--county", "沂源", "--phone", "13905331234", "--address", "沂源县南麻街道东村")
    sl.ok("constituent", "edit", "欧阳修远", "--phone", "13905335678")
    sl.ok("constituent", "remove", "欧阳修远")
    assert sl.value("SELECT count(*) FROM constituents") == 0
    rows = sl.rows(
        "SELECT action, coalesce(before, '') || coalesce(after, '') FROM audit_log WHERE table_name = 'constituents' "
        "ORDER BY id")
    assert [r[0] for r in rows] == ["insert", "update", "delete"]  # the trail still shows what happened
    trail = " ".join(r[1] for r in rows)
    assert "欧阳修远" not in trail and "（已删除）" in trail
    assert "1234" not in trail and "5678" not in trail and "南麻" not in trail
    # other constituents' entries are left alone
    sl.ok("constituent", "add", "王五", "--county", "沂源", "--phone", "13800001111")
    assert "王五" in sl.value("SELECT after FROM audit_log ORDER BY id DESC LIMIT 1")
    assert "数据库完好" in sl.ok("check").output


def test_remove_refused_keeps_the_trail(demo):
    cid, name, _, _ = _person_with_history(demo.db)
    assert "不能删除" in demo.fails("constituent", "remove", str(cid)).output
    assert demo.value("SELECT count(*) FROM audit_log WHERE table_name = 'constituents' AND action = 'bulk_insert' "
                        "AND ? BETWEEN record_id AND record_last", cid) == 1
    demo.ok("constituent", "edit", str(cid), "--address", "沂源县东里镇东里村100号")
    assert "不能删除" in demo.fails("constituent", "remove", str(cid)).output
    assert demo.value("SELECT count(*) FROM audit_log WHERE table_name = 'constituents' AND record_id = ? "
                        "AND json_extract(after, '$.name') = ?", cid, name) == 1


def test_forget_needs_confirmation_without_a_terminal(demo):
    cid, name, phone, _ = _person_with_history(demo.db)
    assert "--yes" in demo.fails("constituent", "forget", name).output
    assert demo.value("SELECT phone FROM constituents WHERE id = ?", cid) == phone


def test_forget_twice_and_unknown(demo):
    cid, name, _, _ = _person_with_history(demo.db)
    demo.ok("constituent", "forget", str(cid), "--yes")
    assert "已经删除" in demo.fails("constituent", "forget", str(cid), "--yes").output
    assert "找不到" in demo.fails("constituent", "forget", "查无此人", "--yes").output


def _reveals(path):
    return rows(path, "SELECT operator, command, table_name, after FROM audit_log WHERE action = 'reveal'")


def test_every_reveal_is_in_the_audit_trail(demo, tmp_path):
    """Masked by default on screen and in exports; each --reveal leaves an entry without the data."""
    cid, name, phone, address = _person_with_history(demo.db)
    listing = demo.ok("constituent", "list", "--county", "yiyuan", "-f", "csv").output
    assert phone not in listing and phone[-4:] in listing
    assert _reveals(demo.db) == []
    shown = demo("--operator", "王芳", "constituent", "list", "--county", "yiyuan", "-f", "csv", "--reveal")
    assert shown.exit_code == 0 and phone in shown.output
    activity = demo.value(
        "SELECT activity_id FROM activity_constituents WHERE constituent_id = ?", cid)
    assert phone in demo.ok("record", "show", str(activity), "--reveal", "-f", "json").output
    out = tmp_path / "q.xlsx"
    demo.ok("export", "quarter", "2026Q3", "--county", "yiyuan", "--as-of", "2026-11-20", "--out", str(out), "--reveal")
    entries = _reveals(demo.db)
    assert len(entries) == 3
    assert entries[0][0] == "王芳" and entries[0][1] == "constituent list"
    assert all(phone not in (e[3] or "") and address not in (e[3] or "") for e in entries)


def test_forgotten_person_leaves_the_lists(demo):
    cid, name, phone, _ = _person_with_history(demo.db)
    demo.ok("constituent", "forget", name, "--yes")
    listing = demo.ok("constituent", "list", "--county", "yiyuan", "-f", "csv", "--all", "--reveal").output
    assert name not in listing and phone not in listing
