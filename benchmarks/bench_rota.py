"""Benchmark: `sl schedule rota` (issue 16; target: planning the rota for all 32 demo stations and
points for a year, at most 2 s wall).

Run by hand:  python benchmarks/bench_rota.py [--runs N]
Builds the demo (as of 2026-11-20) in a temporary folder and plans 2027 for the whole county, twice:
the demo as it is (10 stations with fixed reception days; the points' 每季度至少1次 names no day), and
with every one of the 19 points given a fixed day too (每月第1周周二), so all 32 are planned (the
points' days join their station's flow network). Each run is a new process, start-up included, as a
dry run (nothing written) and as the stored plan; wall and CPU (user + sys of the child) are printed
with the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = [sys.executable, "-m", "shuanglian_cli"]
ENV = {**os.environ, "SL_TODAY": "2026-11-29", "SL_OPERATOR": "bench", "COLUMNS": "120"}


def run(db: Path, *args: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*SL, "--db", str(db), *args], env=ENV, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(label: str, db: Path, runs: int, *args: str) -> None:
    times = [run(db, *args) for _ in range(runs)]
    walls, cpus = [w for w, _ in times], [c for _, c in times]
    print(f"{label:<44} wall median {statistics.median(walls):.2f} s (max {max(walls):.2f}), "
          f"cpu median {statistics.median(cpus):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        subprocess.run([*SL, "--db", str(demo), "demo", "--as-of", "2026-11-20"], env=ENV, check=True,
                       capture_output=True)
        print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        measure("start-up only: sl --version", demo, runs, "--version")
        year = ("schedule", "rota", "--year", "2027", "--county", "yiyuan", "--format", "json")
        measure("demo, 10 stations with days, dry run", demo, runs, *year, "--dry-run")
        measure("demo, 10 stations with days, stored", demo, runs, *year)
        every = Path(folder) / "every.db"
        shutil.copy(demo, every)
        import sqlite3

        conn = sqlite3.connect(every)
        points = [r[0] for r in conn.execute("SELECT name FROM stations WHERE kind = '点' ORDER BY id")]
        conn.close()
        for name in points:
            subprocess.run([*SL, "--db", str(every), "station", "edit", name, "--schedule", "每月第1周周二"],
                           env=ENV, check=True, capture_output=True)
        measure(f"all 32 (13 stations + {len(points)} points), dry run", every, runs, *year, "--dry-run")
        measure(f"all 32 (13 stations + {len(points)} points), stored", every, runs, *year)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
