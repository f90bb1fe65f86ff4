"""Bundles between offices through the CLI (issue 13 items 3-8): the chain town -> county gives the
same figures, records flow back, applying is idempotent, refusals change nothing, a kill during
`bundle apply` leaves the file as it was."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import Sl


def _content(sl) -> dict:
    tables = ("stations", "departments", "deputies", "members", "constituents", "activities", "suggestions",
              "suggestion_events", "activity_deputies", "deputy_constituents")
    return {t: sl.rows(f"SELECT count(*) FROM {t}")[0][0] for t in tables} | {
        "changes": sl.rows("SELECT count(*), coalesce(max(seq), 0) FROM _changes")[0],
        "peers": sl.rows("SELECT * FROM _peers"), "audit": sl.rows("SELECT count(*) FROM audit_log")[0][0]}




def _send(src, dst, key, name: str, peer: str) -> Path:
    out = src.db.parent / name
    src.ok("bundle", "create", "--for", peer, "--out", str(out), "--passphrase-file", str(key))
    dst.ok("bundle", "apply", str(out), "--passphrase-file", str(key))
    return out


def test_chain_gives_the_same_figures_and_is_idempotent(pair):
    town, county, key = pair
    bundle = _send(town, county, key, "t1.slb", "YIYUAN")
    for year in ("2025", "2026"):
        args = ("stats", "year", year, "--county", "yiyuan", "--as-of", "2026-11-20", "--format", "json")
        assert json.loads(county.ok(*args).output) == json.loads(town.ok(*args).output)
    before = _content(county)
    county.ok("bundle", "apply", str(bundle), "--passphrase-file", str(key))
    after = _content(county)
    assert {k: v for k, v in after.items() if k not in ("peers", "audit")} == \
        {k: v for k, v in before.items() if k not in ("peers", "audit")}
    assert "完好" in county.ok("check").output
    # creating a bundle is in the trail, like a --reveal
    assert town.rows("SELECT count(*) FROM audit_log WHERE action = 'bundle'")[0][0] == 1


def test_county_referral_and_reply_flow_back_and_ack(pair):
    town, county, key = pair
    sid = int(re.search(r"第 (\d+) 条", town.ok(
        "suggestions", "add", "--county", "yiyuan", "--content", "桥面破损，建议维修", "--station",
        "南麻街道人大代表民情联络站", "--on", "2026-11-02").output).group(1))
    gid = town.rows("SELECT gid FROM _identity WHERE tbl = 'suggestions' AND row_id = ?", sid)
    _send(town, county, key, "t1.slb", "YIYUAN")
    gid = town.rows("SELECT gid FROM _identity WHERE tbl = 'suggestions' AND row_id = ?", sid)[0][0]
    csid = county.rows("SELECT row_id FROM _identity WHERE gid = ?", gid)[0][0]
    # the reference that travels: the town's code and its number there, accepted at the county
    shown = json.loads(county.ok("suggestions", "show", f"NANMA-{sid:04d}", "--format", "json").output)
    assert shown["id"] == csid and shown["content"] == "桥面破损，建议维修"
    county.ok("suggestions", "refer", csid, "--department", "县住房和城乡建设局", "--on", "2026-11-03")
    county.ok("suggestions", "reply", csid, "--text", "已修复桥面", "--on", "2026-11-10")
    _send(county, town, key, "c1.slb", "NANMA")
    state = town.rows("SELECT state, replied_on, reply FROM suggestions WHERE id = ?", sid)[0]
    assert state == ("replied", "2026-11-10", "已修复桥面")
    town.ok("suggestions", "feedback", sid, "--satisfaction", "满意", "--on", "2026-11-12")
    _send(town, county, key, "t2.slb", "YIYUAN")
    assert county.rows("SELECT state, satisfaction FROM suggestions WHERE id = ?", csid)[0] == ("fed_back", "满意")
    _send(county, town, key, "c2.slb", "NANMA")
    assert town.rows("SELECT format FROM _peers WHERE code = 'YIYUAN'") == [(1,)]  # announced by the county
    status = json.loads(town.ok("bundle", "status", "--format", "json").output)
    assert status[0]["peer"] == "YIYUAN" and status[0]["bundles_received"] == 2


def test_forget_travels_and_scrubs_the_receivers_trail(pair):
    town, county, key = pair
    _send(town, county, key, "t1.slb", "YIYUAN")
    cid, name = town.rows("SELECT id, name FROM constituents WHERE erased = 0 LIMIT 1")[0]
    gid = town.rows("SELECT gid FROM _identity WHERE tbl = 'constituents' AND row_id = ?", cid)[0][0]
    ccid = county.rows("SELECT row_id FROM _identity WHERE gid = ?", gid)[0][0]
    assert county.rows("SELECT count(*) FROM audit_log WHERE after LIKE ?", f"%{name}%")[0][0] >= 0
    town.ok("constituent", "forget", str(cid), "--yes")
    _send(town, county, key, "t2.slb", "YIYUAN")
    assert county.rows("SELECT erased, phone FROM constituents WHERE id = ?", ccid)[0] == (1, "")
    assert county.rows("SELECT count(*) FROM constituents WHERE name = ?", name)[0][0] == 0
    hits = county.rows("SELECT count(*) FROM audit_log WHERE table_name = 'constituents' AND record_id = ? "
                      "AND (before LIKE ? OR after LIKE ?)", ccid, f"%{name}%", f"%{name}%")[0][0]
    assert hits == 0


def test_dry_run_writes_nothing(pair):
    town, county, key = pair
    out = town.db.parent / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(out), "--passphrase-file", str(key))
    before = _content(county)
    assert "将合并" in county.ok("bundle", "apply", str(out), "--dry-run", "--passphrase-file", str(key)).output
    assert _content(county) == before


def test_refusals_change_nothing(pair, tmp_path):
    town, county, key = pair
    out = tmp_path / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(out), "--passphrase-file", str(key))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("别的口令", encoding="utf-8")
    data = out.read_bytes()
    tampered = tmp_path / "tampered.slb"
    tampered.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    truncated = tmp_path / "truncated.slb"
    truncated.write_bytes(data[: len(data) // 2])
    before = _content(county)
    for path, k, words in ((out, wrong, "口令不对"), (tampered, key, "改动"), (truncated, key, "不完整")):
        r = county.fails("bundle", "apply", str(path), "--passphrase-file", str(k))
        assert words in r.output
    # for another site
    other = Sl(tmp_path / "other.db")
    other.ok("init", "--site", "博山区", "--code", "BOSHAN", "--site-kind", "county", "--county", "博山")
    other.ok("site", "peer", "add", "NANMA", "--kind", "town", "--county", "沂源")
    assert "不是本站点" in other.fails("bundle", "apply", str(out), "--passphrase-file", str(key)).output
    # from an unknown site
    city = Sl(tmp_path / "city.db")
    city.ok("init", "--site", "淄博市", "--code", "ZIBO", "--site-kind", "city")
    town.ok("site", "peer", "add", "ZIBO", "--kind", "city")
    to_city = tmp_path / "to-city.slb"
    town.ok("bundle", "create", "--for", "ZIBO", "--out", str(to_city), "--passphrase-file", str(key))
    assert "未登记" in city.fails("bundle", "apply", str(to_city), "--passphrase-file", str(key)).output
    # outside the sender's scope: a county registered as 博山's sends 沂源's records
    city.ok("site", "peer", "add", "NANMA", "--kind", "town", "--county", "博山")
    assert "超出" in city.fails("bundle", "apply", str(to_city), "--passphrase-file", str(key)).output
    # Chinese file names are refused (mail clients mangle them)
    assert "文件名" in town.fails("bundle", "create", "--for", "YIYUAN", "--out", str(tmp_path / "数据.slb"),
                                  "--passphrase-file", str(key)).output
    assert _content(county) == before
    assert other.rows("SELECT count(*) FROM suggestions")[0][0] == 0


def test_default_file_name_is_ascii(pair, tmp_path, monkeypatch):
    town, _, key = pair
    monkeypatch.chdir(tmp_path)
    town.ok("bundle", "create", "--for", "YIYUAN", "--passphrase-file", str(key))
    names = [p.name for p in tmp_path.glob("*.slb")]
    assert len(names) == 1 and names[0].isascii() and names[0].startswith("NANMA-to-YIYUAN-")


def test_kill_during_apply_leaves_the_database_as_it_was(pair, tmp_path):
    """SIGKILL at moments through the apply, some while its commit is being written (the -wal file
    growing): the file passes integrity_check and holds either nothing of the bundle or all of it."""
    import shutil

    town, county, key = pair
    out = tmp_path / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(out), "--passphrase-file", str(key))
    conn = sqlite3.connect(county.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    snapshot = tmp_path / "county-before.db"
    shutil.copy(county.db, snapshot)
    before = _content(county)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SL_")}
    env.update(HOME=str(tmp_path), SL_TODAY="2026-11-29")
    wal = Path(f"{county.db}-wal")
    outcomes = []
    for delay, at_commit in ((0.3, False), (0.5, False), (0.0, True), (0.002, True), (0.01, True)):
        for suffix in ("-wal", "-shm"):
            Path(f"{county.db}{suffix}").unlink(missing_ok=True)
        shutil.copy(snapshot, county.db)
        proc = subprocess.Popen([sys.executable, "-m", "shuanglian_cli", "--db", str(county.db), "bundle", "apply",
                                 str(out), "--passphrase-file", str(key)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if at_commit:
            while proc.poll() is None and not (wal.exists() and wal.stat().st_size > 32):
                time.sleep(0.0005)
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = sqlite3.connect(county.db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        now = _content(county)
        if now == before:
            outcomes.append("nothing")
        else:
            assert now["suggestions"] == town.rows("SELECT count(*) FROM suggestions")[0][0]
            assert now["suggestion_events"] == town.rows("SELECT count(*) FROM suggestion_events")[0][0]
            outcomes.append("all")
        assert killed or outcomes[-1] == "all"
    assert "nothing" in outcomes  # at least one kill landed before the commit


def test_passphrase_from_the_config_per_peer(pair, tmp_path):
    town, county, key = pair
    config = tmp_path / "config.yaml"
    config.write_text(f"bundle:\n  passphrase_files:\n    YIYUAN: {key}\n    NANMA: {key}\n", encoding="utf-8")
    out = tmp_path / "t1.slb"
    Sl(town.db, config).ok("bundle", "create", "--for", "YIYUAN", "--out", str(out))
    Sl(county.db, config).ok("bundle", "apply", str(out))
    assert county.rows("SELECT count(*) FROM suggestions")[0][0] == town.rows("SELECT count(*) FROM suggestions")[0][0]
    # no passphrase anywhere, not on a terminal: a clear refusal
    assert "口令" in county.fails("bundle", "apply", str(out)).output
