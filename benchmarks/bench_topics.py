"""Benchmark: `sl topics` for a quarter of N suggestions (targets: 5,000 in ≤ 3 s wall including start-up;
the figure for 25,000 reported as information; a city quarter is about 3,000).

Builds an initialised database with one county's N suggestions in 2026Q3, worded as
benchmarks/bench_similar.opinions words them (the demo's matters in several phrasings, varied by village,
house number and tail), then runs `sl topics --quarter 2026Q3 --format json` in a new process, a few
times, printing wall and CPU time, the load average, the number of matters found and how many texts
were distinct.

    .venv/bin/python benchmarks/bench_topics.py [--sizes 5000 25000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_similar import opinions, timed  # noqa: E402


def build(db_path: Path, n: int) -> int:
    import datetime as dt

    from shuanglian_cli.store.audit import bulk_inserts
    from shuanglian_cli.store.db import open_db, transaction

    subprocess.run([str(Path(sys.executable).with_name("sl")), "--db", str(db_path), "init"], check=True,
                   capture_output=True)
    db = open_db(db_path)
    county = db.execute("SELECT id FROM counties WHERE slug = 'yiyuan'").fetchone()[0]
    rng = random.Random(3)
    texts = opinions(n, seed=n)
    rows = [(county, (dt.date(2026, 7, 1) + dt.timedelta(days=rng.randrange(92))).isoformat(), t, "collected")
            for t in texts]
    with transaction(db), bulk_inserts(db, ["suggestions"], "bench"):
        db.conn.executemany("INSERT INTO suggestions (county_id, collected_on, content, state) VALUES (?, ?, ?, ?)", rows)
    db.close()
    return len(set(texts))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 25000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sl = str(Path(sys.executable).with_name("sl"))
    os.environ.setdefault("SL_TODAY", "2026-11-29")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            db_path = Path(tmp) / f"topics{n}.db"
            distinct = build(db_path, n)
            command = [sl, "--db", str(db_path), "topics", "--quarter", "2026Q3", "--format", "json"]
            found = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            times = [timed(command) for _ in range(args.runs)]
            load = os.getloadavg()
            print(f"{n:>6} suggestions ({distinct} distinct texts): {len(found)} matters, the largest {found[0]['count']}; "
                  f"wall median {statistics.median(w for w, _ in times):5.2f} s, cpu median "
                  f"{statistics.median(c for _, c in times):5.2f} s; load average {load[0]:.2f}")


if __name__ == "__main__":
    main()
