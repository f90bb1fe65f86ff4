"""Benchmark: `sl stats year` and `sl coverage` on a city-scale database.

Builds (with executemany) 8 counties × (12 towns, 13 stations, 20 points, 420 deputies, 30 members,
3,300 constituents, 28 departments) and two years of activity, 10,000 activities and 100,000
suggestions a year, then times the commands as a clerk runs them (a new process each time) and the
store functions alone. Target: ≤ 1 s wall each.

    /work/venv/bin/python benchmarks/bench_stats.py [--keep PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACTIVITIES_PER_YEAR = 10_000
SUGGESTIONS_PER_YEAR = 100_000
YEARS = (2025, 2026)
KINDS = ("接待日", "议题式接待", "季度双联", "走访", "接听日", "座谈", "述职", "其他")
STATES = [("on_spot", "on_spot"), ("referred", "closed"), ("referred", "fed_back"), ("referred", "referred"),
          ("inter_session", "inter_session")]


def build(path: Path) -> None:
    from shuanglian_cli.store.audit import drop_triggers, install_triggers
    from shuanglian_cli.store.db import open_db

    rng = random.Random(7)
    db = open_db(path, create=True)
    conn = db.conn
    conn.execute("BEGIN")
    drop_triggers(db)  # bulk load without the audit trail, then put it back
    counties = [r[0] for r in conn.execute("SELECT id FROM counties ORDER BY id")]
    towns, stations, deputies, members, constituents, departments = {}, {}, {}, {}, {}, {}
    for c in counties:
        conn.executemany("INSERT INTO towns (county_id, name) VALUES (?, ?)", [(c, f"镇{c}-{i}") for i in range(12)])
        towns[c] = [r[0] for r in conn.execute("SELECT id FROM towns WHERE county_id = ?", [c])]
        conn.executemany(
            "INSERT INTO stations (county_id, town_id, kind, name, schedule) VALUES (?, ?, '站', ?, ?)",
            [(c, towns[c][i % 12], f"站{c}-{i}", "每月双周周四" if i % 2 else "每季度至少1次") for i in range(13)])
        sids = [r[0] for r in conn.execute("SELECT id FROM stations WHERE county_id = ?", [c])]
        conn.executemany(
            "INSERT INTO stations (county_id, town_id, parent_id, kind, name, schedule) VALUES (?, ?, ?, '点', ?, '每季度至少1次')",
            [(c, towns[c][i % 12], sids[i % 13], f"点{c}-{i}") for i in range(20)])
        stations[c] = [r[0] for r in conn.execute("SELECT id FROM stations WHERE county_id = ?", [c])]
        conn.executemany(
            "INSERT INTO deputies (county_id, town_id, station_id, name, levels) VALUES (?, ?, ?, ?, ?)",
            [(c, towns[c][i % 12], stations[c][i % 13], f"代表{c}-{i}", "县" if i < 150 else "镇") for i in range(420)])
        deputies[c] = [r[0] for r in conn.execute("SELECT id FROM deputies WHERE county_id = ?", [c])]
        conn.executemany("INSERT INTO members (county_id, name, group_name) VALUES (?, ?, ?)",
                         [(c, f"委员{c}-{i}", f"第{i % 5 + 1}组") for i in range(30)])
        members[c] = [r[0] for r in conn.execute("SELECT id FROM members WHERE county_id = ?", [c])]
        conn.executemany("INSERT INTO constituents (county_id, name, phone) VALUES (?, ?, ?)",
                         [(c, f"群众{c}-{i}", f"139{c:02d}{i:06d}") for i in range(3300)])
        constituents[c] = [r[0] for r in conn.execute("SELECT id FROM constituents WHERE county_id = ?", [c])]
        conn.executemany("INSERT INTO departments (county_id, name) VALUES (?, ?)", [(c, f"单位{c}-{i}") for i in range(28)])
        departments[c] = [r[0] for r in conn.execute("SELECT id FROM departments WHERE county_id = ?", [c])]
        for year in YEARS:
            conn.executemany("INSERT INTO member_deputies VALUES (?, ?, ?)",
                             [(year, members[c][i % 30], d) for i, d in enumerate(deputies[c][:150])])
            conn.executemany("INSERT INTO deputy_constituents VALUES (?, ?, ?)",
                             [(year, deputies[c][i % 420], k) for i, k in enumerate(constituents[c])])
    aid = 0
    for year in YEARS:
        start = dt.date(year, 1, 1)
        acts, ad, am, ac, sugg = [], [], [], [], []
        for _ in range(ACTIVITIES_PER_YEAR):
            aid += 1
            c = rng.choice(counties)
            kind = rng.choice(KINDS)
            day = start + dt.timedelta(days=rng.randrange(365))
            rating = (50, 48) if kind == "述职" else (None, None)
            acts.append((aid, c, rng.choice(stations[c]), day.isoformat(), kind, rng.randint(0, 6), *rating))
            for d in rng.sample(deputies[c], 3):
                ad.append((aid, d))
            if kind == "季度双联":
                for m in rng.sample(members[c], 5):
                    am.append((aid, m))
            for k in rng.sample(constituents[c], 4):
                ac.append((aid, k))
        conn.executemany(
            "INSERT INTO activities (id, county_id, station_id, date, kind, extra_constituents, rating_total, "
            "rating_satisfied) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", acts)
        conn.executemany("INSERT INTO activity_deputies VALUES (?, ?)", ad)
        conn.executemany("INSERT INTO activity_members VALUES (?, ?)", am)
        conn.executemany("INSERT INTO activity_constituents VALUES (?, ?)", ac)
        for _ in range(SUGGESTIONS_PER_YEAR):
            a = acts[rng.randrange(len(acts))]
            c, day = a[1], dt.date.fromisoformat(a[3])
            handling, state = rng.choice(STATES)
            referred = handling == "referred"
            due = day + dt.timedelta(days=21)
            replied = day + dt.timedelta(days=rng.randint(5, 30)) if state in ("closed", "fed_back") else None
            sugg.append((c, a[0], a[2], rng.choice(deputies[c]), day.isoformat(), "意见内容", state, handling,
                         rng.choice(departments[c]) if referred else None, day.isoformat() if referred else None,
                         15 if referred else None, due.isoformat() if referred else None,
                         replied and replied.isoformat(), replied and replied.isoformat(),
                         rng.choice(["满意", "基本满意", "不满意"]) if replied else None,
                         replied.isoformat() if state == "closed" else None))
        conn.executemany(
            "INSERT INTO suggestions (county_id, activity_id, station_id, deputy_id, collected_on, content, state, "
            "handling, department_id, referred_on, limit_workdays, due_on, replied_on, fed_back_on, satisfaction, "
            "closed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sugg)
    install_triggers(db)
    conn.execute("COMMIT")
    # as every write through sl does: the due dates stored against this calendar (services/store.py), so
    # reads take the usual path instead of rebuilding them in a TEMP shadow
    from shuanglian_cli.config import Config
    from shuanglian_cli.services.store import calendar_source
    from shuanglian_cli.store.calendar_sync import ensure_current

    ensure_current(db, Config().calendar, source=calendar_source(Config()))
    conn.execute("ANALYZE")
    conn.close()


def wall(args: list[str], runs: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="build the database here and keep it")
    opts = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = Path(opts.keep or Path(tmp.name) / "city.db")
    if path.exists():
        path.unlink()
    t = time.perf_counter()
    build(path)
    print(f"built {path} in {time.perf_counter() - t:.1f} s "
          f"({len(YEARS)} years × {ACTIVITIES_PER_YEAR} activities, {SUGGESTIONS_PER_YEAR} suggestions)")

    from shuanglian_cli.store.coverage import quarter_coverage
    from shuanglian_cli.store.db import open_db
    from shuanglian_cli.store.stats import period_stats

    db = open_db(path)
    for label, fn in (
        ("period_stats(2026, all counties)", lambda: period_stats(db, dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ("period_stats(2026, one county)", lambda: period_stats(db, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 8)),
        ("quarter_coverage(2026Q3, all)", lambda: quarter_coverage(db, 2026, 3)),
        ("quarter_coverage(2026Q3, one county)", lambda: quarter_coverage(db, 2026, 3, 8)),
    ):
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        print(f"  in-process {label:40s} min {min(runs) * 1000:6.0f} ms  median {statistics.median(runs) * 1000:6.0f} ms")
    db.conn.close()

    sl = str(Path(sys.executable).with_name("sl"))
    base = [sl, "--db", str(path)]
    for label, args in (
        ("sl --version (start-up floor)", [sl, "--version"]),
        ("sl stats year 2026 --format json", [*base, "stats", "year", "2026", "--format", "json"]),
        ("sl stats year 2026 --county yiyuan", [*base, "stats", "year", "2026", "--county", "yiyuan"]),
        ("sl coverage --quarter 2026Q3", [*base, "coverage", "--quarter", "2026Q3"]),
        ("sl coverage --quarter 2026Q3 -f json", [*base, "coverage", "--quarter", "2026Q3", "-f", "json"]),
        ("sl coverage --quarter 2026Q3 --county yiyuan", [*base, "coverage", "--quarter", "2026Q3", "--county", "yiyuan"]),
    ):
        lo, med = wall(args)
        print(f"  wall {label:48s} min {lo:5.2f} s  median {med:5.2f} s")


if __name__ == "__main__":
    main()
