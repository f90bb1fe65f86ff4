"""Benchmark: start-up of `sl --help` and `sl deputy list` on the demo database (target ≤ 0.25 s wall each).
Run by hand:  python benchmarks/bench_startup.py [RUNS]"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = [sys.executable, "-m", "shuanglian_cli"]


def timed(args: list[str], env: dict, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr.decode())
    return statistics.median(times), min(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        env = {**os.environ, "SL_DB": str(db), "COLUMNS": "160"}
        # the demo writes only where --db says (never SL_DB); the timed commands then follow SL_DB
        subprocess.run([*SL, "--db", str(db), "demo", "--as-of", "2026-11-20"], check=True, capture_output=True,
                       env=env)
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        baseline = timed([sys.executable, "-c", "pass"], env, runs)
        print(f"python -c pass          median {baseline[0]:.3f} s, best {baseline[1]:.3f} s")
        for label, args in (
            ("sl --help", ["--help"]),
            ("sl deputy list", ["deputy", "list"]),
            ("sl deputy list -f json", ["deputy", "list", "--format", "json"]),
        ):
            median, best = timed([*SL, *args], env, runs)
            print(f"{label:<23} median {median:.3f} s, best {best:.3f} s (target ≤ 0.25 s)")
        out = subprocess.run([sys.executable, "-X", "importtime", "-m", "shuanglian_cli", "deputy", "list"],
                             capture_output=True, env=env, text=True).stderr
        rows = []
        for line in out.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit():
                rows.append((int(parts[1]), parts[2].rstrip()))
        print("largest cumulative imports for `sl deputy list` (µs):")
        top_level = [r for r in rows if not r[1].startswith("  ")]
        for us, name in sorted(top_level, reverse=True)[:8]:
            print(f"  {us:>8}  {name.strip()}")


if __name__ == "__main__":
    main()
