"""Benchmark: what the audit trail costs (target: recording and importing at most 20% slower).

Runs the same commands on two copies of a database: one with the trail (triggers + context), one
with the trail removed (triggers and audit_context dropped, so transaction() skips it too), the
runs interleaved so a busy machine hurts both alike. Commands run in this process through the
CLI (start-up paid once), which is where the difference is largest; a clerk's wall time adds
~0.2 s of start-up on top of both.

    /work/venv/bin/python benchmarks/bench_audit.py [--runs 15] [--rows 5000]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def strip_trail(path: Path) -> None:
    import sqlite_utils

    from shuanglian_cli.store.audit import drop_triggers

    conn = sqlite3.connect(path, isolation_level=None)
    drop_triggers(sqlite_utils.Database(conn))
    conn.execute("DROP TRIGGER audit_context_keep")
    conn.execute("DROP TABLE audit_context")
    conn.close()


def visit_args(db: Path, i: int) -> list[str]:
    return ["--db", str(db), "record", "visit", "--date", "2026-11-18", "--kind", "议题式接待",
            "--station", "南麻街道人大代表", "--topic", "农村饮水安全", "--deputy", "1", "--deputy", "2",
            "--member", "1", "--constituent", "1", "--new-constituent", f"测试{i}号,1390533{i:04d},沂源县南麻街道东村",
            "--headcount", "3", "--summary", "听取意见",
            "--opinion", "村口路灯不亮", "--handle", "refer:县住房和城乡建设局",
            "--opinion", "养老认证不便｜现场解答", "--opinion", "建议修桥｜闭会", "--as-of", "2026-11-20"]


def write_csv(path: Path, rows: int) -> None:
    import random

    rng = random.Random(5)
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
    towns = ["南麻街道", "历山街道", "悦庄镇", "东里镇", "西里镇", "大张庄镇"]
    lines = ["姓名,联系电话,住址,县区"]
    for i in range(rows):
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        town = rng.choice(towns)
        lines.append(f"{name},139{i:08d},沂源县{town}第{i % 97}村{i % 50}号,沂源县")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rows", type=int, default=5000)
    opts = parser.parse_args()

    from typer.testing import CliRunner

    from shuanglian_cli.cli.app import app

    runner = CliRunner()

    def invoke(args: list[str]) -> float:
        t = time.perf_counter()
        result = runner.invoke(app, args)
        elapsed = time.perf_counter() - t
        assert result.exit_code == 0, result.output
        return elapsed

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        demo_on = tmp / "demo-on.db"
        invoke(["--db", str(demo_on), "demo", "--as-of", "2026-11-20"])
        print(f"demo build with the trail: {time.perf_counter() - t:.2f} s")
        demo_off = tmp / "demo-off.db"
        shutil.copy(demo_on, demo_off)
        strip_trail(demo_off)

        # -- recording: `sl record visit` with all options --------------------------------------
        invoke(visit_args(demo_on, 9998))
        invoke(visit_args(demo_off, 9999))
        rec = {"on": [], "off": []}
        for i in range(opts.runs):
            rec["on"].append(invoke(visit_args(demo_on, i)))
            rec["off"].append(invoke(visit_args(demo_off, i)))

        # -- importing: a constituents csv into an empty database --------------------------------
        csv_file = tmp / "people.csv"
        write_csv(csv_file, opts.rows)
        empty_on = tmp / "empty-on.db"
        invoke(["--db", str(empty_on), "init"])
        empty_off = tmp / "empty-off.db"
        shutil.copy(empty_on, empty_off)
        strip_trail(empty_off)
        imp = {"on": [], "off": []}
        reimp = {"on": [], "off": []}
        for i in range(max(5, opts.runs // 2)):
            for key, base in (("on", empty_on), ("off", empty_off)):
                db = tmp / f"imp-{key}-{i}.db"
                shutil.copy(base, db)
                imp[key].append(invoke(["--db", str(db), "import", "constituents", str(csv_file)]))
                reimp[key].append(invoke(["--db", str(db), "import", "constituents", str(csv_file)]))

        # -- the same as a clerk runs them: a new process each time (wall time) ----------------
        import subprocess
        import sys

        sl = str(Path(sys.executable).with_name("sl"))
        wall_rec = {"on": [], "off": []}
        wall_imp = {"on": [], "off": []}
        for i in range(max(3, opts.runs // 3)):
            for key, demo_db, base in (("on", demo_on, empty_on), ("off", demo_off, empty_off)):
                t = time.perf_counter()
                subprocess.run([sl, *visit_args(demo_db, 500 + i)], check=True, capture_output=True)
                wall_rec[key].append(time.perf_counter() - t)
                db = tmp / f"wall-{key}-{i}.db"
                shutil.copy(base, db)
                t = time.perf_counter()
                subprocess.run([sl, "--db", str(db), "import", "constituents", str(csv_file)],
                               check=True, capture_output=True)
                wall_imp[key].append(time.perf_counter() - t)

        # -- reading the trail ---------------------------------------------------------------------
        rows = sqlite3.connect(demo_on).execute("SELECT count(*) FROM audit_log").fetchone()[0]
        audit_q = [invoke(["--db", str(demo_on), "audit", "--record", "suggestion:5", "-f", "json"])
                   for _ in range(5)]
        size_on, size_off = demo_on.stat().st_size, demo_off.stat().st_size

    def line(label: str, data: dict) -> None:
        on, off = statistics.median(data["on"]), statistics.median(data["off"])
        fast_on, fast_off = min(data["on"]), min(data["off"])
        print(f"  {label:56s} median {on * 1000:7.1f} vs {off * 1000:7.1f} ms ({100 * (on - off) / off:+5.1f}%)"
              f"   best {fast_on * 1000:7.1f} vs {fast_off * 1000:7.1f} ms ({100 * (fast_on - fast_off) / fast_off:+5.1f}%)")

    print(f"{opts.runs} recordings, {len(imp['on'])} imports of {opts.rows:,} rows; with the trail vs without:")
    line("sl record visit (all options), in-process", rec)
    line(f"sl import constituents, {opts.rows:,} new rows", imp)
    line("same file again (nothing changes)", reimp)
    line("sl record visit, new process (wall)", wall_rec)
    line(f"sl import constituents {opts.rows:,} rows, new process (wall)", wall_imp)
    print(f"  sl audit --record suggestion:5 over {rows:,} entries: {statistics.median(audit_q) * 1000:.0f} ms")
    print(f"  demo database: {size_on / 1e6:.1f} MB with trail (incl. audit_log), "
          f"{size_off / 1e6:.1f} MB copy with triggers removed (same rows)")


if __name__ == "__main__":
    main()
