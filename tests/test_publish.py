"""sl publish: a read-only copy without personal data (issue 13 item 9)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

from shuanglian_cli.domain.redact import redact_numbers


def _published(demo, tmp_path, **kw):
    out = tmp_path / "公开副本.db"
    demo.ok("publish", "--out", str(out))
    return out


def test_published_bytes_hold_no_constituent_name_or_phone(demo, tmp_path):
    # personal data written into free text, and a deleted constituent, must not survive either
    live = sqlite3.connect(demo.db)
    live.execute("UPDATE suggestions SET note = '群众电话13912345678，身份证370323199001011234' WHERE id = 1")
    live.execute("INSERT INTO constituents (county_id, name, phone, address) VALUES (8, '删除后仍在页里', '17099998888', '某村1号')")
    live.execute("DELETE FROM constituents WHERE name = '删除后仍在页里'")
    live.commit()
    people = live.execute("SELECT name, phone, address FROM constituents").fetchall()
    public = {n for (n,) in live.execute(
        "SELECT name FROM deputies UNION SELECT name FROM members UNION SELECT name FROM stations "
        "UNION SELECT name FROM towns UNION SELECT name FROM departments")}
    phones = {p for (p,) in live.execute(
        "SELECT phone FROM constituents UNION SELECT phone FROM deputies UNION SELECT phone FROM members") if p}
    live.close()

    out = _published(demo, tmp_path)
    data = out.read_bytes()
    # a constituent who shares a name with a deputy (or whose name is inside a public name) is another
    # person as far as the copy can tell: the deputy's name is public
    private_names = {n for n, _, _ in people if not any(n in p for p in public)}
    assert len(private_names) > 2000
    found = [n for n in private_names if n.encode() in data]
    assert found == []
    assert [p for p in phones if p.encode() in data] == []
    assert b"17099998888" not in data and "删除后仍在页里".encode() not in data
    assert b"370323199001011234" not in data and b"13912345678" not in data
    assert b"audit_log" not in data


def test_published_copy_keeps_counts_and_content_and_is_marked(demo, tmp_path):
    live = sqlite3.connect(demo.db)
    counts = {t: live.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("suggestions", "activities", "constituents", "deputy_constituents", "suggestion_events")}
    contents = live.execute("SELECT id, content FROM suggestions ORDER BY id").fetchall()
    live.close()
    out = _published(demo, tmp_path)
    assert not os.stat(out).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    pub = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    for table, n in counts.items():
        assert pub.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n, table
    assert pub.execute("SELECT id, content FROM suggestions ORDER BY id").fetchall() == contents
    tables = {n for (n,) in pub.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not tables & {"audit_log", "audit_context"}
    for table in tables:
        cols = {r[1] for r in pub.execute(f"PRAGMA table_info({table})")}
        assert not {c for c in cols if "phone" in c or "address" in c}, table
    assert not {"name", "pinyin", "initials"} & {r[1] for r in pub.execute("PRAGMA table_info(constituents)")}
    assert "raiser_name" not in {r[1] for r in pub.execute("PRAGMA table_info(suggestions)")}
    marker = json.loads(pub.execute("SELECT value FROM meta WHERE key = 'published'").fetchone()[0])
    assert marker["on"] == "2026-11-29" and marker["source"] == "demo.db"
    assert pub.execute("SELECT count(*) FROM meta WHERE key = 'demo'").fetchone()[0] == 0
    assert pub.execute("PRAGMA freelist_count").fetchone()[0] == 0
    # Datasette links rows by the foreign keys
    assert any(r[2] == "departments" for r in pub.execute("PRAGMA foreign_key_list(suggestions)"))
    pub.close()


def test_publish_refuses_the_live_database(demo, tmp_path):
    before = demo.db.read_bytes()
    result = demo.fails("publish", "--out", str(demo.db))
    assert "正在使用的数据库" in result.output
    assert demo.db.read_bytes() == before
    result = demo.fails("publish", "--out", str(demo.db) + "-wal")
    assert "正在使用的数据库" in result.output
    result = demo.fails("publish", "--out", str(tmp_path))
    assert "文件夹" in result.output


def test_publish_again_replaces_the_read_only_copy(demo, tmp_path):
    out = _published(demo, tmp_path)
    first = out.stat().st_ino
    demo.ok("publish", "--out", str(out))
    assert out.stat().st_ino != first  # a new file renamed into place, never written over in place
    assert not list(tmp_path.glob(".~sl-*"))


def test_redact_numbers_masks_phones_and_ids_and_keeps_other_numbers():
    assert redact_numbers("电话13812345678请回电") == "电话138****5678请回电"
    assert redact_numbers("手机 138 1234 5678") == "手机 138****5678"
    assert "370323199001011234" not in redact_numbers("身份证370323199001011234号")
    assert "3212345" not in redact_numbers("座机0533-3212345")
    assert redact_numbers("联系电话：3212345。") == "联系电话：*******。"
    assert redact_numbers("2025年修路3公里，投资2000000元，1160条") == "2025年修路3公里，投资2000000元，1160条"
    assert redact_numbers(42) == 42


def test_sl_reads_the_published_copy_with_the_same_figures(demo, tmp_path):
    from tests.conftest import Sl

    out = _published(demo, tmp_path)
    args = ("stats", "year", "2025", "--county", "yiyuan", "--as-of", "2026-11-20", "--format", "json")
    assert json.loads(Sl(out).ok(*args).output) == json.loads(demo.ok(*args).output)
    before = out.read_bytes()
    Sl(out).ok("suggestions", "overdue", "--as-of", "2026-11-20")
    assert out.read_bytes() == before  # read-only: reading it changes nothing


def test_publish_never_replaces_a_file_that_is_not_a_published_copy(demo, sl, tmp_path):
    other = tmp_path / "表格.xlsx"
    other.write_bytes(b"PK\x03\x04 not a database")
    result = demo.fails("publish", "--out", str(other))
    assert "不是 sl publish 生成的公开副本" in result.output
    assert other.read_bytes() == b"PK\x03\x04 not a database"
    before = sl.db.read_bytes()
    demo.fails("publish", "--out", str(sl.db))  # another clerk's database
    assert sl.db.read_bytes() == before
