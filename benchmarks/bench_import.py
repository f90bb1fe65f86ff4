"""Benchmark: import a 100,000-row constituents xlsx into a fresh database (target ≤ 6 s, ≤ 500 MB peak),
then import it again (must change nothing), and compare the first import's CPU time with and without the
audit triggers (target: at most 20% more). Run by hand:  python benchmarks/bench_import.py [ROWS]"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOWNS = ["南麻街道", "历山街道", "悦庄镇", "东里镇", "西里镇", "大张庄镇", "中庄镇", "张家坡镇", "燕崖镇", "石桥镇",
         "鲁村镇", "南鲁山镇"]


def make_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter

    from shuanglian_cli.demo.names import GIVEN, SURNAMES

    rng = random.Random(7)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["沂源县联系群众名册"])
    sheet.write_row(1, 0, ["序号", "姓名", "联系电话", "住址", "县区", "镇街", "备注"])
    phones = rng.sample(range(13_000_000_000, 19_999_999_999), rows)
    for i in range(rows):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        town = rng.choice(TOWNS)
        phone = phones[i] if i % 3 else f"{str(phones[i])[:3]}-{str(phones[i])[3:7]}-{str(phones[i])[7:]}"
        sheet.write_row(i + 2, 0, [i + 1, name, phone, f"沂源县{town}{rng.randint(1, 300)}号", "沂源县", town, ""])
    book.close()


def run(*args: str, env: dict) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the child, first output line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "shuanglian_cli", *args], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {proc.stdout}{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc.stdout.strip().splitlines()[0]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        xlsx = tmp / "constituents.xlsx"
        t = time.perf_counter()
        make_xlsx(xlsx, rows)
        print(f"generated {rows:,} rows xlsx ({xlsx.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        env = {**os.environ, "SL_DB": str(tmp / "bench.db")}
        run("init", env=env)
        run("county", "add-town", "沂源", *TOWNS, env=env)
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall time suffers when busy)")
        elapsed, cpu, line = run("import", "constituents", str(xlsx), env=env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"first import:  {elapsed:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak:.0f} MB   [{line}]")
        elapsed, cpu, line = run("import", "constituents", str(xlsx), env=env)
        print(f"second import: {elapsed:.2f} s wall, {cpu:.2f} s CPU   [{line}]")
        elapsed, cpu, line = run("import", "constituents", str(xlsx), "--dry-run", env=env)
        print(f"dry run:       {elapsed:.2f} s wall, {cpu:.2f} s CPU   [{line}]")
        # the audit trail's share: the same first import, with and without the audit triggers, interleaved
        cpus: dict[str, list[float]] = {"on": [], "off": []}
        for i in range(3):
            for key in ("on", "off"):
                env = {**os.environ, "SL_DB": str(tmp / f"trail-{key}-{i}.db")}
                run("init", env=env)
                run("county", "add-town", "沂源", *TOWNS, env=env)
                if key == "off":
                    without_audit_triggers(tmp / f"trail-{key}-{i}.db")
                cpus[key].append(run("import", "constituents", str(xlsx), env=env)[1])
        on, off = min(cpus["on"]), min(cpus["off"])
        print(f"first import, best of 3: {on:.2f} s CPU with the audit trail, {off:.2f} s without "
              f"-> the trail costs {100 * (on - off) / off:+.1f}%")


def without_audit_triggers(db: Path) -> None:
    """Only to measure the audit trail's share: a scratch database without its triggers."""
    from shuanglian_cli.store.audit import drop_triggers
    from shuanglian_cli.store.db import connect

    conn = connect(db)
    drop_triggers(conn)
    conn.conn.close()


if __name__ == "__main__":
    main()
