"""Benchmark: `sl suggestions overdue --format json` on a synthetic province-scale database
(target ≤ 2 s wall): 16 cities × 8 counties, 1,000,000 suggestions of which a few per cent are
still open with the responsible body.

Run by hand:  python benchmarks/bench_overdue.py [SUGGESTIONS] [OPEN_SHARE]
(BENCH_DB=/path/province.db keeps the generated file and reuses it on the next run.)
The database is generated with executemany (audit triggers dropped during the bulk load and
reinstalled after it: the data is synthetic, the trail of a real import is not what is measured).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 20)
SL = [sys.executable, "-m", "shuanglian_cli"]


def build(path: Path, n: int, open_share: float) -> None:
    from shuanglian_cli.config import Config
    from shuanglian_cli.store.db import open_db

    db = open_db(path, create=True)
    try:
        from shuanglian_cli.store.audit import drop_triggers, install_triggers
    except ImportError:  # no audit trail in this version
        drop_triggers = install_triggers = None
    if drop_triggers:
        drop_triggers(db)
    cal = Config().calendar
    rng = random.Random(4)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO counties (name, short_name, slug, city) VALUES (?, ?, ?, ?)",
                     [(f"第{c}市第{k}县", f"{c}市{k}县", f"c{c}k{k}", f"第{c}市") for c in range(1, 17) for k in range(1, 9)
                      if c != 1])  # city 1 = the eight Zibo counties already there
    counties = [r[0] for r in conn.execute("SELECT id FROM counties")]
    stations, departments, deputies = {}, {}, {}
    for cid in counties:
        stations[cid] = [conn.execute("INSERT INTO stations (county_id, name) VALUES (?, ?)", (cid, f"第{i}联络站")).lastrowid
                         for i in range(15)]
        departments[cid] = [conn.execute("INSERT INTO departments (county_id, name) VALUES (?, ?)",
                                         (cid, f"承办单位{i}")).lastrowid for i in range(30)]
        deputies[cid] = [conn.execute("INSERT INTO deputies (county_id, name) VALUES (?, ?)",
                                      (cid, f"代表{i}")).lastrowid for i in range(300)]
    start = dt.date(2025, 1, 1).toordinal()
    span = AS_OF.toordinal() - start
    recent = (AS_OF - dt.timedelta(days=45)).isoformat()
    # rows in the order they were collected, as a real database grows; a referral is usually
    # answered within weeks, so open ones are mostly recent and a few old ones are stuck
    days = sorted(start + rng.randrange(span) for _ in range(n))

    def rows():
        for ordinal in days:
            cid = rng.choice(counties)
            collected = dt.date.fromordinal(ordinal)
            base = (cid, rng.choice(stations[cid]), rng.choice(deputies[cid]), collected.isoformat(),
                    "村内道路破损，建议尽快修缮", "城乡建设")
            roll = rng.random()
            if roll < 0.55:
                yield (*base, "on_spot", "on_spot", None, None, None, None, None, 0, collected.isoformat())
                continue
            if roll < 0.58:
                yield (*base, "inter_session", "inter_session", None, None, None, None, None, 0, None)
                continue
            limit = 7 if rng.random() < 0.1 else 15
            d = cal.deadline(collected, limit)
            is_open = rng.random() < (0.8 if base[3] >= recent else open_share * 0.6)
            replied = None if is_open else cal.add_workdays(collected, rng.randint(3, limit + 5)).isoformat()
            yield (*base, "referred" if is_open else "closed", "referred", rng.choice(departments[cid]),
                   collected.isoformat(), limit, d.due.isoformat(), int(d.confirmed), rng.randint(0, 2) if is_open else 0,
                   replied)

    t = time.perf_counter()
    conn.executemany(
        """INSERT INTO suggestions (county_id, station_id, deputy_id, collected_on, content, category, state, handling,
           department_id, referred_on, limit_workdays, due_on, due_confirmed, chases, replied_on)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows())
    conn.execute("COMMIT")
    if install_triggers:
        install_triggers(db)
    # as every write through sl does: the due dates stored against this calendar (services/store.py), so
    # reads take the usual path instead of rebuilding them in a TEMP shadow
    from shuanglian_cli.services.store import calendar_source
    from shuanglian_cli.store.calendar_sync import ensure_current

    ensure_current(db, Config().calendar, source=calendar_source(Config()))
    conn.execute("ANALYZE")
    db.conn.close()
    print(f"生成 {n:,} 条意见建议：{time.perf_counter() - t:.1f} s，文件 {path.stat().st_size / 1e6:.0f} MB")


def timed(args: list[str], db: Path) -> tuple[float, bytes]:
    t = time.perf_counter()
    out = subprocess.run([*SL, "--db", str(db), *args], capture_output=True, check=True,
                         env={**os.environ, "SL_CONFIG": os.devnull}).stdout
    return time.perf_counter() - t, out


def main(n: int = 1_000_000, open_share: float = 0.03) -> None:
    import json
    import sqlite3

    keep = os.environ.get("BENCH_DB")  # set it to keep (and reuse) the generated database
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(keep) if keep else Path(tmp) / "province.db"
        if not db.exists():
            build(db, n, open_share)
        conn = sqlite3.connect(db)
        open_n = conn.execute("SELECT count(*) FROM suggestions WHERE state = 'referred'").fetchone()[0]
        print(f"在办（已交办未答复）{open_n:,} 条（{open_n / n:.1%}）")
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM suggestions WHERE state = 'referred' AND due_on < ?",
                            [AS_OF.isoformat()]).fetchall()
        print("查询计划：", "; ".join(r[-1] for r in plan))
        conn.close()
        startup, _ = timed(["--version"], db)
        print(f"Python 启动 + 导入（sl --version）：{startup:.2f} s")
        first, _ = timed(["calendar", "check"], db)
        print(f"sl calendar check（记录日历指纹，核对 {open_n:,} 条到期日）：{first:.2f} s")
        args = ["suggestions", "overdue", "--as-of", AS_OF.isoformat(), "--format", "json"]
        runs = []
        for _ in range(3):
            elapsed, out = timed(args, db)
            runs.append(elapsed)
        print(f"sl suggestions overdue --format json：{len(json.loads(out)):,} 条超期，"
              f"{len(out) / 1e6:.1f} MB 输出；墙钟 {', '.join(f'{r:.2f}' for r in runs)} s（目标 ≤ 2 s）")
        elapsed, out = timed([*args[:-2], "--county", "c5k3", "--format", "json"], db)
        print(f"单县（--county）：{len(json.loads(out)):,} 条，{elapsed:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000, float(sys.argv[2]) if len(sys.argv) > 2 else 0.03)
