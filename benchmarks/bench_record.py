"""Benchmark: `sl record visit` with all options on the demo database (target ≤ 0.3 s wall).

Builds the demo database (as of 2026-11-20) in a temporary folder, then records visits with every
option (date, kind, station, topics, two deputies, a member, a roster constituent, a new
constituent, a head count, three opinions: referred, on the spot, inter-session), each in a new
process as a clerk would, and prints the wall times next to the start-up floor (`sl --version`)
and the time spent inside the command itself.

    /work/venv/bin/python benchmarks/bench_record.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def visit_args(db: Path, i: int) -> list[str]:
    return ["--db", str(db), "record", "visit", "--date", "2026-11-18", "--kind", "议题式接待",
            "--station", "南麻街道人大代表", "--topic", "农村饮水安全", "--deputy", "1", "--deputy", "2",
            "--member", "1", "--constituent", "1", "--new-constituent", f"测试{i}号,1390533{i:04d},沂源县南麻街道东村",
            "--headcount", "3", "--summary", "听取意见",
            "--opinion", "村口路灯不亮", "--handle", "refer:县住房和城乡建设局",
            "--opinion", "养老认证不便｜现场解答", "--opinion", "建议修桥｜闭会", "--as-of", "2026-11-20"]


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    sl = str(Path(sys.executable).with_name("sl"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        subprocess.run([sl, "--db", str(db), "demo", "--as-of", "2026-11-20"], check=True, capture_output=True)
        floor = [timed([sl, "--version"]) for _ in range(runs)]
        info = [timed([sl, "--db", str(db), "info", "-f", "json"]) for _ in range(runs)]
        walls = [timed([sl, *visit_args(db, i)]) for i in range(runs)]

        # the command alone, in this process (start-up and imports paid once before)
        from typer.testing import CliRunner

        from shuanglian_cli.cli.app import app

        runner = CliRunner()
        runner.invoke(app, visit_args(db, 9000))
        inside = []
        for i in range(runs):
            t = time.perf_counter()
            result = runner.invoke(app, visit_args(db, 9001 + i))
            inside.append(time.perf_counter() - t)
            assert result.exit_code == 0, result.output
    print(f"runs: {runs}")
    for label, xs in (("sl --version (start-up floor)", floor), ("sl info -f json (small command)", info),
                      ("sl record visit, all options (wall)", walls), ("record visit inside the process", inside)):
        print(f"  {label:40s} min {min(xs):5.3f} s  median {statistics.median(xs):5.3f} s")


if __name__ == "__main__":
    main()
