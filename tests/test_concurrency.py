"""Two clerks at once: concurrent processes writing the same file lose nothing and show no error."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import DEMO_AS_OF, value

WRITES = 500

# One process: N write transactions through the same store functions and transaction() the CLI
# uses: "record" writes a contact activity with a suggestion answered on the spot (as `sl record
# visit` does), "import" adds a constituent to the roster (as `sl constituent add` / imports do).
WORKER = textwrap.dedent('''
    import datetime as dt, sys
    from pathlib import Path
    from shuanglian_cli.config import Config
    from shuanglian_cli.domain.activity import Handling
    from shuanglian_cli.store.activities import Opinion, Visit, insert_visit
    from shuanglian_cli.store.db import Actor, open_db, transaction
    from shuanglian_cli.store.rosters import insert_row

    mode, path, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    db = open_db(path, actor=Actor(mode, "concurrency test"))
    config = Config()
    calendar = config.calendar
    county = next(db.query("SELECT * FROM counties WHERE slug = 'yiyuan'"))
    station = next(db.query("SELECT * FROM stations WHERE kind = '站' ORDER BY id LIMIT 1"))
    deputy = next(db.query("SELECT * FROM deputies WHERE county_id = ? ORDER BY id LIMIT 1", [county["id"]]))
    for i in range(n):
        with transaction(db):
            if mode == "record":
                visit = Visit(date=dt.date(2026, 11, 2), kind="走访", county=county, station=station,
                              topic=f"并发测试 {i}", deputies=[deputy], headcount=1)
                visit.opinions.append(Opinion(
                    content=f"并发测试意见 {i}", category="", handling=Handling("on_spot"), department=None,
                    deputy_id=deputy["id"], raiser="", constituent_id=None, answer="已解答", where=""))
                insert_visit(db, visit, config, calendar, actor=mode)
            else:
                insert_row(db, "constituents", {"county_id": county["id"], "name": f"并发群众{i}",
                                                "phone": f"137{i:08d}", "address": ""})
    print("done", n)
''')


def _spawn(args, env=None):
    return subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


def test_two_processes_500_writes_each_nothing_lost(demo):
    conn = sqlite3.connect(demo.db)
    before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("activities", "suggestions", "constituents", "audit_log")}
    conn.close()
    procs = [_spawn(["-c", WORKER, mode, str(demo.db), str(WRITES)]) for mode in ("record", "import")]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert err == "" and "locked" not in out, err
    conn = sqlite3.connect(demo.db)
    after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after["activities"] == before["activities"] + WRITES
    assert after["suggestions"] == before["suggestions"] + WRITES
    assert after["constituents"] == before["constituents"] + WRITES
    topics = conn.execute("SELECT count(DISTINCT topic) FROM activities WHERE topic LIKE '并发测试 %'").fetchone()[0]
    assert topics == WRITES
    # every write is in the trail, credited to the process that made it
    credited = dict(conn.execute(
        "SELECT operator, count(*) FROM audit_log WHERE command = 'concurrency test' "
        "AND action = 'insert' AND table_name IN ('activities', 'constituents') GROUP BY operator"
    ).fetchall())
    assert credited == {"record": WRITES, "import": WRITES}
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_sl_commands_at_once_record_and_import(demo, tmp_path):
    """Real `sl` processes: one recording visits, one importing a roster, at the same time."""
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("姓名,联系电话,住址,县区\n" + "".join(
        f"同时导入{i},136{i:08d},沂源县某村,沂源县\n" for i in range(200)), encoding="utf-8")
    conn = sqlite3.connect(demo.db)
    station = conn.execute("SELECT name FROM stations WHERE kind = '站' ORDER BY id LIMIT 1").fetchone()[0]
    deputy = conn.execute("SELECT name FROM deputies WHERE county_id = 8 ORDER BY id LIMIT 1").fetchone()[0]
    activities = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
    conn.close()
    env = {"HOME": str(tmp_path), "SL_DB": str(demo.db)}
    record = ["-m", "shuanglian_cli", "record", "visit", "--date", "2026-11-02", "--kind", "走访",
              "--station", station, "--deputy", deputy, "--opinion", "同时记录的意见", "--as-of", DEMO_AS_OF]
    runs = 3
    errors = []
    for _ in range(runs):
        procs = [_spawn(record, env), _spawn(["-m", "shuanglian_cli", "import", "constituents", str(csv_file)], env)]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            if proc.returncode != 0 or "错误" in err or "locked" in err:
                errors.append((proc.returncode, err))
    assert errors == []
    conn = sqlite3.connect(demo.db)
    assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == activities + runs
    assert conn.execute("SELECT count(*) FROM constituents WHERE name LIKE '同时导入%'").fetchone()[0] == 200


def test_two_processes_upgrading_an_old_file_at_once(tmp_path):
    from tests.test_audit import _v1_database

    path = tmp_path / "old.db"
    _v1_database(path)
    env = {"HOME": str(tmp_path), "SL_DB": str(path)}
    procs = [_spawn(["-m", "shuanglian_cli", "info"], env) for _ in range(3)]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert value(path, "PRAGMA user_version") >= 2
    assert value(path, "SELECT count(*) FROM audit_context") == 1


def test_busy_database_message_is_chinese(demo):
    """A write lock held past the busy timeout: a Chinese message, exit 2, no traceback."""
    from shuanglian_cli.store import db as store_db

    holder = sqlite3.connect(demo.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    old = store_db.BUSY_TIMEOUT_MS
    store_db.BUSY_TIMEOUT_MS = 200
    try:
        result = demo.fails("constituent", "forget", "1", "--yes")
    finally:
        store_db.BUSY_TIMEOUT_MS = old
        holder.execute("ROLLBACK")
        holder.close()
    assert "占用" in result.output
    assert Path(demo.db).exists()
