"""Benchmark: `sl doc referral` writing the slips of a batch of 100 referred suggestions (target ≤ 1 s wall),
on a copy of the demo database where 100 suggestions of 沂源 were referred on one day to 20 bodies.

Run by hand:  python benchmarks/bench_documents.py [SUGGESTIONS]
Prints wall and CPU (user+sys of the sl process) time for the first run (numbers allocated, audited) and a
second (numbers reused), with the load average: on a shared machine the wall time is noisy.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = [sys.executable, "-m", "shuanglian_cli"]
DAY, DUE = "2026-11-27", "2026-12-18"


def build(folder: Path, n: int) -> Path:
    import sqlite3

    db = folder / "demo.db"
    env = {**os.environ, "SL_TODAY": "2026-11-20"}
    subprocess.run([*SL, "--db", str(db), "demo", "--as-of", "2026-11-20"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    conn = sqlite3.connect(db)
    county = conn.execute("SELECT id FROM counties WHERE short_name = '沂源'").fetchone()[0]
    bodies = [r[0] for r in conn.execute("SELECT id FROM departments WHERE county_id = ? ORDER BY id LIMIT 20", [county])]
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM suggestions WHERE county_id = ? AND state = 'on_spot' ORDER BY id LIMIT ?", [county, n])]
    with conn:
        conn.executemany(
            """UPDATE suggestions SET state = 'referred', handling = 'referred', department_id = ?, referred_on = ?,
               first_referred_on = ?, limit_workdays = 15, due_on = ?, due_confirmed = 1 WHERE id = ?""",
            [(bodies[i % len(bodies)], DAY, DAY, DUE, sid) for i, sid in enumerate(ids)])
    conn.close()
    return db


def timed(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "SL_TODAY": "2026-11-29"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = build(folder, n)
        for label in ("first (numbers allocated)", "again (numbers reused)"):
            out = folder / label.split()[0]
            wall, cpu = timed([*SL, "--db", str(db), "doc", "referral", "--on", DAY, "--out", str(out)])
            files = len(list(out.glob("*.docx")))
            print(f"sl doc referral, {n} suggestions -> {files} slips, {label}: wall {wall:.2f} s, "
                  f"cpu {cpu:.2f} s, load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
