"""Register import speed: a 100,000-row 意见收集登记表 (target <= 10 s). Writes the xlsx itself
(xlsxwriter), imports it into an empty database with `sl import register`, then again (all rows
already there), then --dry-run, then into an empty database whose audit triggers are dropped (to
show the audit trail's share), and reports wall time, CPU time and peak RSS of each run.

    /work/venv/bin/python benchmarks/bench_register.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = str(Path(sys.executable).with_name("sl"))
ROWS = 100_000


def write_register(path: Path, n: int) -> None:
    import xlsxwriter

    from shuanglian_cli.io.forms.register import HEADERS

    rng = random.Random(3)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("人大代表接待(联系)群众意见收集登记表")
    ws.write_string(0, 0, "人大代表接待(联系)群众意见收集登记表")
    ws.write_string(1, 0, "县区：沂源县　　联络站(点)：全部　　时间：2025年度")
    for c, h in enumerate(HEADERS):
        ws.write_string(2, c, h)
    start = dt.date(2025, 1, 2)
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(330))
        r = i + 3
        kind = rng.random()
        row = [i + 1, day.isoformat(), f"第{i % 40}镇人大代表民情联络站", f"代表{i % 700:03d}", f"群众{i % 6000:04d}",
               f"139{i % 6000:08d}", f"某镇某村{i % 6000}号", f"意见建议第{i}条：建议修缮道路、增设路灯", "基础设施"]
        if kind < 0.57:
            row += ["现场解答", "", "", "", "已当场解答", "", "", ""]
        elif kind < 0.97:
            ref = day + dt.timedelta(days=1)
            row += ["交办", f"县第{i % 30}局", ref.isoformat(), "15个工作日", "已办理",
                    (ref + dt.timedelta(days=10)).isoformat(), "满意", f"办结：{(ref + dt.timedelta(days=14)).isoformat()}"]
        else:
            row += ["闭会期间建议", "", "", "", "", "", "", ""]
        for c, v in enumerate(row):
            if isinstance(v, int):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    wb.close()


def run(args: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one `sl` run, from that child's own rusage."""
    t = time.perf_counter()
    proc = subprocess.Popen([SL, *args], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"sl {' '.join(args)} failed ({proc.returncode})")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def without_audit_triggers(db: Path) -> None:
    """Only to measure the audit trail's share of the import: a scratch database without its triggers."""
    from shuanglian_cli.store.audit import drop_triggers
    from shuanglian_cli.store.db import connect

    conn = connect(db)
    drop_triggers(conn)
    conn.conn.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        xlsx = tmp / "register.xlsx"
        write_register(xlsx, ROWS)
        db, bare, site = tmp / "sl.db", tmp / "bare.db", tmp / "site.db"
        for path in (db, bare, site):
            subprocess.run([SL, "--db", str(path), "init"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([SL, "--db", str(site), "site", "set", "--site", "沂源县", "--code", "YIYUAN",
                        "--site-kind", "county", "--county", "沂源"], check=True, stdout=subprocess.DEVNULL)
        without_audit_triggers(bare)
        args = ["import", "register", str(xlsx), "--county", "yiyuan"]
        secs, cpu, mb = run(["--db", str(db), *args])
        print(f"import {ROWS:,}-row register into an empty db: {secs:.2f} s wall, {cpu:.2f} s CPU, "
              f"peak {mb:.0f} MB (target 10 s)")
        again = run(["--db", str(db), *args])
        print(f"import it again (nothing new): {again[0]:.2f} s wall, {again[1]:.2f} s CPU, peak {again[2]:.0f} MB")
        dry = run(["--db", str(bare), *args, "--dry-run"])
        print(f"--dry-run into an empty db: {dry[0]:.2f} s wall, {dry[1]:.2f} s CPU, peak {dry[2]:.0f} MB")
        b_secs, b_cpu, b_mb = run(["--db", str(bare), *args])
        print(f"the same import without the audit triggers: {b_secs:.2f} s wall, {b_cpu:.2f} s CPU, peak {b_mb:.0f} MB "
              f"-> the audit trail takes {secs - b_secs:.2f} s wall ({(secs - b_secs) / secs:.0%}), "
              f"{cpu - b_cpu:.2f} s CPU ({(cpu - b_cpu) / cpu:.0%})")
        s_secs, s_cpu, s_mb = run(["--db", str(site), *args])  # every new row gets its reference at once
        print(f"the same import into an empty db with a site: {s_secs:.2f} s wall, {s_cpu:.2f} s CPU, "
              f"peak {s_mb:.0f} MB")


if __name__ == "__main__":
    main()
