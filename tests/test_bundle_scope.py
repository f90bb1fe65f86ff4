"""Bundle apply checks the sender's scope as create decides it (a county sends a town only that town's
records) and audits every conflict it finds (issue 13 items 6 and 7)."""

from __future__ import annotations

import uuid

import sqlite_utils

from shuanglian_cli.io.bundle_file import read_bundle, write_bundle
from shuanglian_cli.store.bundle_rows import export_rows


def _send(src, dst, key, name: str, peer: str):
    out = src.db.parent / name
    src.ok("bundle", "create", "--for", peer, "--out", str(out), "--passphrase-file", str(key))
    dst.ok("bundle", "apply", str(out), "--passphrase-file", str(key))
    return out


def _counts(sl) -> tuple:
    return tuple(sl.rows(f"SELECT count(*) FROM {t}")[0][0]
                 for t in ("suggestions", "suggestion_events", "deputies", "audit_log", "_changes", "_conflicts"))


def test_county_bundle_with_another_towns_suggestion_is_refused(pair, tmp_path):
    town, county, key = pair
    _send(town, county, key, "t1.slb", "YIYUAN")
    real = tmp_path / "c1.slb"
    county.ok("bundle", "create", "--for", "NANMA", "--out", str(real), "--passphrase-file", str(key))
    passphrase = key.read_text(encoding="utf-8").strip()
    header, payload = read_bundle(real, passphrase)
    # a suggestion the county took at a station of another town of 沂源: not the county's to send to 南麻
    gid = county.rows("SELECT i.gid FROM suggestions s JOIN _identity i ON i.tbl = 'suggestions' AND i.row_id = s.id "
                     "JOIN stations st ON st.id = s.station_id JOIN towns w ON w.id = st.town_id "
                     "WHERE w.name != '南麻街道' LIMIT 1")[0][0]
    db = sqlite_utils.Database(county.db)
    row = export_rows(db, "suggestions", [gid])[0]
    db.close()
    row.update(gid=str(uuid.uuid4()), origin="YIYUAN")
    payload["rows"].setdefault("suggestions", []).append(row)
    salt = county.rows("SELECT salt FROM _peers WHERE code = 'NANMA'")[0][0]
    crafted = tmp_path / "crafted.slb"
    write_bundle(crafted, sender="YIYUAN", receiver="NANMA", fmt=header.get("format", 1), salt=salt,
                 passphrase=passphrase, payload=payload)
    before = _counts(town)
    result = town.fails("bundle", "apply", str(crafted), "--passphrase-file", str(key))
    assert "超出" in result.output and "意见建议 1 条" in result.output
    assert _counts(town) == before
    assert town.rows("SELECT bundles_received FROM _peers WHERE code = 'YIYUAN'") == [(0,)]
    # a bundle the county prepared for another of its towns
    other_town = county.rows("SELECT name FROM towns WHERE name != '南麻街道' AND county_id = "
                            "(SELECT id FROM counties WHERE name LIKE '沂源%') LIMIT 1")[0][0]
    _, payload = read_bundle(real, passphrase)
    payload["town"] = other_town
    write_bundle(crafted, sender="YIYUAN", receiver="NANMA", fmt=header.get("format", 1), salt=salt,
                 passphrase=passphrase, payload=payload)
    assert "不是本站点" in town.fails("bundle", "apply", str(crafted), "--passphrase-file", str(key)).output
    assert _counts(town) == before
    # the county's own bundle, in scope, applies
    town.ok("bundle", "apply", str(real), "--passphrase-file", str(key))
    assert town.rows("SELECT bundles_received FROM _peers WHERE code = 'YIYUAN'") == [(1,)]


def test_a_conflict_is_audited_once(pair):
    town, county, key = pair
    _send(town, county, key, "t1.slb", "YIYUAN")
    local, gid = town.rows("SELECT d.id, i.gid FROM deputies d JOIN _identity i ON i.tbl = 'deputies' "
                          "AND i.row_id = d.id JOIN towns w ON w.id = d.town_id WHERE w.name = '南麻街道' LIMIT 1")[0]
    there = county.rows("SELECT row_id FROM _identity WHERE tbl = 'deputies' AND gid = ?", gid)[0][0]
    town.ok("deputy", "edit", str(local), "--work-unit", "南麻街道办事处")
    county.ok("deputy", "edit", str(there), "--work-unit", "沂源县政府办公室")
    bundle = _send(county, town, key, "c1.slb", "NANMA")
    entries = town.rows("SELECT table_name, record_id, after FROM audit_log WHERE action = 'conflict'")
    assert len(entries) == 1
    assert entries[0][0] == "deputies" and entries[0][1] == local
    assert "work_unit" in entries[0][2] and "YIYUAN" in entries[0][2]
    assert "交换冲突" in town.ok("audit", "--limit", "50").output
    # the same bundle again finds the same conflict: listed once, audited once
    town.ok("bundle", "apply", str(bundle), "--passphrase-file", str(key))
    assert town.rows("SELECT count(*) FROM audit_log WHERE action = 'conflict'") == [(1,)]
    assert town.rows("SELECT count(*) FROM _conflicts") == [(1,)]
