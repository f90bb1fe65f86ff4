"""Benchmark: the quarterly bulletin and the deputies' archives in Word (issue 15; targets: a county's
quarterly bulletin ≤ 2 s wall; the archives of all 420 demo deputies into a folder ≤ 20 s wall).

Run by hand:  python benchmarks/bench_documents_d2.py [--runs N]
The demo database (as of 2026-11-20, 沂源县: 420 deputies, about 1,000 suggestions a year) is built in a
temporary folder. Each figure is a new process (start-up included) with SL_TODAY=2026-11-29: wall clock,
the process's CPU (user + sys) and the load average before the run, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = [sys.executable, "-m", "shuanglian_cli"]
ENV = {**os.environ, "SL_TODAY": "2026-11-29"}
CASES = {
    "bulletin 2026Q3 沂源 (≤ 2 s)": ["doc", "bulletin", "--quarter", "2026Q3", "--county", "沂源"],
    "bulletin 2026 year 沂源": ["doc", "bulletin", "--year", "2026", "--county", "沂源"],
    "archive 1 deputy": ["doc", "archive", "金燕", "--year", "2026"],
    "archive --all 420 deputies (≤ 20 s)": ["doc", "archive", "--all", "--year", "2026", "--county", "沂源"],
}


def run(db: Path, args: list[str], out: Path) -> tuple[float, float, float]:
    """(wall, cpu, load) of one `sl` process writing to `out`."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*SL, "--db", str(db), *args, "--out", str(out)], env=ENV, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load


def per_document(db: Path, tmp: Path, n: int = 40) -> None:
    """In-process, one deputy's archive rendered n times: docxtpl per document (Template.render_to, as single
    documents are written) against the template prepared once (io/documents/prepared.py, as --all writes)."""
    import datetime as dt

    from shuanglian_cli.config import Config
    from shuanglian_cli.io.documents.prepared import PreparedTemplate
    from shuanglian_cli.services.documents import archive
    from shuanglian_cli.services.documents.templates import open_template
    from shuanglian_cli.store.db import open_db

    config = Config()
    doc = archive.build(open_db(db), config, None, deputy="金燕", year=2025, today=dt.date(2026, 11, 29))[0]
    template = open_template(archive.KIND, None, config)
    for label, renderer in (("docxtpl per document", template), ("prepared once", PreparedTemplate(template))):
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            renderer.render_to(doc.context, tmp / f"one-{i}.docx")
        print(f"{label:40} {(time.perf_counter() - start) / n * 1000:6.1f} ms wall, "
              f"{(time.process_time() - cpu) / n * 1000:6.1f} ms cpu a document")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sl-bench-docs-") as tmp:
        db = Path(tmp) / "demo.db"
        subprocess.run([*SL, "--db", str(db), "demo", "--as-of", "2026-11-20"], env=ENV, check=True,
                       capture_output=True)
        for case, (label, command) in enumerate(CASES.items()):
            figures = []
            for i in range(args.runs):
                out = Path(tmp) / f"out-{case}-{i}"
                figures.append(run(db, command, out))
                files = len(list(out.glob("*.docx"))) if out.is_dir() else 1
            wall = statistics.median(f[0] for f in figures)
            cpu = statistics.median(f[1] for f in figures)
            load = max(f[2] for f in figures)
            print(f"{label:40} wall {wall:6.2f} s  cpu {cpu:6.2f} s  files {files:4}  load ≤ {load:.1f}")
        per_document(db, Path(tmp))


if __name__ == "__main__":
    main()
