"""Benchmark: `sl today --format json` (issue 14; targets: a county with ten years of records,
15,000 suggestions, ≤ 0.3 s wall; a city-scale database, 100,000 suggestions a year, ≤ 0.5 s wall).

Run by hand:  python benchmarks/bench_today.py [--runs N]
Each database is generated with executemany (audit triggers dropped for the bulk load): the recent
suggestions mostly still with their bodies (a few overdue, half of those chased by kind), replies of
the last week awaiting the feedback call, B answers (a few past their promise), returns awaiting
reassignment and 不满意 ones; stations with rules, deputies, members and this year's contacts.
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
    # rosters and this year's contacts, so the quarter-end lists have work to do
    for cid in counties:
        deps = [conn.execute("INSERT INTO deputies (county_id, name, station_id) VALUES (?, ?, ?)",
                             (cid, f"{cid}县代表{i}", rng.choice(stations[cid]))).lastrowid for i in range(300)]
        mems = [conn.execute("INSERT INTO members (county_id, name) VALUES (?, ?)", (cid, f"{cid}县委员{i}")).lastrowid
                for i in range(40)]
        conn.executemany("INSERT INTO member_deputies (year, member_id, deputy_id) VALUES (?, ?, ?)",
                         [(AS_OF.year, m, d) for i, m in enumerate(mems) for d in deps[i * 7:(i + 1) * 7]])
        for _ in range(1000):
            on = dt.date(AS_OF.year, 1, 1) + dt.timedelta(days=rng.randrange((AS_OF - dt.date(AS_OF.year, 1, 1)).days))
            aid = conn.execute("INSERT INTO activities (county_id, station_id, date, kind) VALUES (?, ?, ?, '走访')",
                               (cid, rng.choice(stations[cid]), on.isoformat())).lastrowid
            conn.executemany("INSERT OR IGNORE INTO activity_deputies (activity_id, deputy_id) VALUES (?, ?)",
                             [(aid, d) for d in rng.sample(deps, 2)])
            if rng.random() < 0.3:
                conn.execute("INSERT INTO activity_members (activity_id, member_id) VALUES (?, ?)", (aid, rng.choice(mems)))
    start = (AS_OF - dt.timedelta(days=365 * years)).toordinal()
    days = sorted(start + rng.randrange(AS_OF.toordinal() - start) for _ in range(n))
    recent = (AS_OF - dt.timedelta(days=40)).isoformat()  # older referrals are answered (a few stuck ones aside)
    rows, events = [], []
    for i, ordinal in enumerate(days, start=1):
        cid = rng.choice(counties)
        on = dt.date.fromordinal(ordinal)
        d = cal.deadline(on, 15)
        dept = rng.choice(departments[cid])
        roll = rng.random()
        state, replied, fed, sat, cls, promise = "closed", None, None, None, "A", None
        # still with the body: nearly all of those not yet due, a few stuck past their due date
        if on.isoformat() >= recent and roll < (0.8 if d.due >= AS_OF else 0.08):
            state = "referred"
        elif on.isoformat() >= recent and roll < 0.9 and cal.add_workdays(on, 12) >= AS_OF - dt.timedelta(days=7):
            state, replied = "replied", cal.add_workdays(on, 12).isoformat()  # the feedback call not yet made
        elif roll < 0.003:
            state = "returned"
        elif roll < 0.006:
            state, replied, fed, sat = "fed_back", cal.add_workdays(on, 5).isoformat(), cal.add_workdays(on, 7).isoformat(), "不满意"
        else:
            replied, fed, sat = cal.add_workdays(on, 8).isoformat(), cal.add_workdays(on, 10).isoformat(), "满意"
            if roll < 0.15:  # a B answer; one in ten still without its follow-up
                cls = "B"
                promise = (on + dt.timedelta(days=rng.randint(30, 400))).isoformat()
                if roll > 0.02:
                    cls, promise = "A", None
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
    # as every write through sl does: the due dates are stored against this calendar (services/store.py),
    # so reads take the usual path and do not rebuild them in a TEMP shadow
    from shuanglian_cli.services.store import calendar_source
    from shuanglian_cli.store.calendar_sync import ensure_current

    ensure_current(db, cal, source=calendar_source(Config()))
    conn.execute("ANALYZE")
    conn.close()


def measure(path: Path, runs: int, *extra: str) -> tuple[float, int]:
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
