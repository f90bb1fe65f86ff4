"""Benchmark: `sl today --format json` (issue 14; targets: a county with ten years of records,
15,000 suggestions, ≤ 0.3 s wall; a city-scale database, 100,000 suggestions a year, ≤ 0.5 s wall).

Run by hand:  python benchmarks/bench_today.py [--runs N]
Each database is generated with executemany (audit triggers dropped for the bulk load): a share of
the suggestions still with their bodies (some overdue, some chased by kind), replied and awaiting
the feedback call, B promises, returns awaiting reassignment and 不满意 ones; stations with rules.
Times are wall clock of a new process, start-up included, with SL_TODAY set to the as-of day.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 20)
SL = [sys.executable, "-m", "shuanglian_cli"]


def build(path: Path, n: int, years: int, counties: list[int]) -> None:
    from shuanglian_cli.config import Config
    from shuanglian_cli.store.audit import drop_triggers, install_triggers
    from shuanglian_cli.store.db import open_db

    db = open_db(path, create=True)
    drop_triggers(db)
    cal = Config().calendar
    rng = random.Random(14)
    conn = db.conn
    conn.execute("BEGIN")
    stations, departments = {}, {}
    for cid in counties:
        stations[cid] = [conn.execute("INSERT INTO stations (county_id, name, schedule) VALUES (?, ?, ?)",
                                      (cid, f"{cid}县第{i}联络站", "每月第一个周四")).lastrowid for i in range(15)]
        departments[cid] = [conn.execute("INSERT INTO departments (county_id, name) VALUES (?, ?)",
                                         (cid, f"{cid}县承办单位{i}")).lastrowid for i in range(30)]
    start = (AS_OF - dt.timedelta(days=365 * years)).toordinal()
    days = sorted(start + rng.randrange(AS_OF.toordinal() - start) for _ in range(n))
    recent = (AS_OF - dt.timedelta(days=40)).isoformat()
    rows, events = [], []
    for i, ordinal in enumerate(days, start=1):
        cid = rng.choice(counties)
        on = dt.date.fromordinal(ordinal)
        d = cal.deadline(on, 15)
        dept = rng.choice(departments[cid])
        roll = rng.random()
        state, replied, fed, sat, cls, promise = "closed", None, None, None, "A", None
        if on.isoformat() >= recent and roll < 0.5:
            state = "referred"
        elif on.isoformat() >= recent and roll < 0.6:
            state, replied = "replied", cal.add_workdays(on, 5).isoformat()
        elif roll < 0.003:
            state = "returned"
        elif roll < 0.006:
            state, replied, fed, sat = "fed_back", cal.add_workdays(on, 5).isoformat(), cal.add_workdays(on, 7).isoformat(), "不满意"
        else:
            replied, fed, sat = cal.add_workdays(on, 8).isoformat(), cal.add_workdays(on, 10).isoformat(), "满意"
            if roll < 0.1:
                cls, promise = "B", (on + dt.timedelta(days=rng.randint(30, 400))).isoformat()
        if state in ("referred", "returned"):
            cls = None
        rows.append((i, cid, rng.choice(stations[cid]), on.isoformat(), "村内道路破损，建议尽快修缮", state, "referred",
                     dept, on.isoformat(), on.isoformat(), 15, d.due.isoformat(), 1, replied, fed, sat, cls, promise))
        if state == "referred":
            events.append((i, "refer", on.isoformat(), dept, None))
            if d.due < AS_OF and rng.random() < 0.5:
                events.append((i, "chase", cal.add_workdays(d.due, 1).isoformat(), None, "notice"))
    conn.executemany(
        """INSERT INTO suggestions (id, county_id, station_id, collected_on, content, state, handling, department_id,
           referred_on, first_referred_on, limit_workdays, due_on, due_confirmed, replied_on, fed_back_on, satisfaction,
           reply_class, promise_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    conn.executemany("INSERT INTO suggestion_events (suggestion_id, kind, on_date, department_id, chase_kind) "
                     "VALUES (?, ?, ?, ?, ?)", events)
    conn.execute("COMMIT")
    install_triggers(db)
    conn.execute("ANALYZE")
    conn.close()


def measure(path: Path, runs: int, *extra: str) -> float:
    env = {**os.environ, "SL_TODAY": AS_OF.isoformat()}
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([*SL, "--db", str(path), "today", "--format", "json", *extra], env=env,
                             capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        assert out.returncode == 0, out.stderr
    return statistics.median(times), out.stdout.count('"kind"')


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    with tempfile.TemporaryDirectory() as tmp:
        county = Path(tmp) / "county.db"
        build(county, 15_000, 10, [8])
        wall, lines = measure(county, runs, "--county", "yiyuan")
        print(f"county, ten years, 15,000 suggestions: sl today {wall:.3f} s wall (median of {runs}), {lines} lines; target ≤ 0.3 s")
        city = Path(tmp) / "city.db"
        build(city, 100_000, 1, list(range(1, 9)))
        wall, lines = measure(city, runs)
        print(f"city, 100,000 suggestions in a year: sl today {wall:.3f} s wall (median of {runs}), {lines} lines; target ≤ 0.5 s")
        wall, lines = measure(city, runs, "--county", "zhangdian")
        print(f"city, one county of it: sl today {wall:.3f} s wall (median of {runs}), {lines} lines")


if __name__ == "__main__":
    main()
