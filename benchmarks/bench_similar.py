"""Benchmark: the likely-duplicate check while recording (target: adds ≤ 50 ms to `sl record visit` with
10,000 open suggestions in the county), and the batch check of an import.

Builds the demo database (as of 2026-11-20), adds N open suggestions to 沂源县 (default 10,000; varied
wording: the demo's matters in their phrasings, with villages, house numbers and tails), then measures
  - the check alone (services/similar.open_like for one opinion), in this process, for opinions that
    are like open ones and ones that are not: what it adds to `record visit`;
  - `sl record visit` with one opinion, each in a new process, wall and CPU;
  - the batch check of an import of 1,000 rows against the county's open suggestions.

    .venv/bin/python benchmarks/bench_similar.py [--open 10000] [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TAILS = ("", "", "", "，群众意见较大", "，已反映多次", "，希望早日解决", "，影响群众生活", "，请予重视")


def opinions(n: int, seed: int = 17) -> list[str]:
    """n opinions in the demo's matters and phrasings, varied by village, house number and tail."""
    from shuanglian_cli.demo.wording import PHRASINGS, VILLAGES

    rng = random.Random(seed)
    forms = [(m, p) for m, ps in PHRASINGS.items() for p in (m, *ps)]
    out = []
    for _ in range(n):
        _, form = rng.choice(forms)
        text = form.format(v=rng.choice(VILLAGES) + (f"{rng.randint(1, 30)}组" if rng.random() < 0.5 else ""))
        out.append(text + rng.choice(TAILS))
    return out


def add_open(db_path: Path, n: int, start: str = "2026-01-05", end_day: int = 300) -> None:
    """n open (collected) suggestions in 沂源县, through the store's bulk mode (one audit entry)."""
    import datetime as dt

    from shuanglian_cli.store.audit import bulk_inserts
    from shuanglian_cli.store.db import open_db, transaction

    db = open_db(db_path)
    county = db.execute("SELECT id FROM counties WHERE slug = 'yiyuan'").fetchone()[0]
    first = dt.date.fromisoformat(start)
    rng = random.Random(5)
    rows = [(county, (first + dt.timedelta(days=rng.randrange(end_day))).isoformat(), text, "collected")
            for text in opinions(n)]
    with transaction(db), bulk_inserts(db, ["suggestions"], "bench"):
        db.conn.executemany("INSERT INTO suggestions (county_id, collected_on, content, state) VALUES (?, ?, ?, ?)", rows)
    db.close()


def timed(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


LIKE = ["村口到镇驻地的道路没有路灯，晚上出行不便", "自来水管网老化漏水，夏天经常停水", "小区垃圾桶太少，垃圾满了清运不及时",
        "低保申请材料多、程序复杂", "养猪场异味扰民，建议督促整改"]
UNLIKE = ["集市门口缺个指示牌", "建议在村委会设立法律咨询点", "光伏板安装补贴申请渠道不清楚", "红白喜事大操大办，建议移风易俗",
          "网络信号差，手机打不出去"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    sl = str(Path(sys.executable).with_name("sl"))
    os.environ.setdefault("SL_TODAY", "2026-11-29")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.db"
        subprocess.run([sl, "--db", str(db_path), "demo", "--as-of", "2026-11-20"], check=True, capture_output=True)
        base_path = Path(tmp) / "plain.db"  # the demo as it is: its county has about a hundred open suggestions
        base_path.write_bytes(db_path.read_bytes())
        add_open(db_path, args.open)

        from shuanglian_cli.config import Config
        from shuanglian_cli.services.similar import open_like
        from shuanglian_cli.store.db import open_db

        db = open_db(db_path)
        county = db.execute("SELECT id FROM counties WHERE slug = 'yiyuan'").fetchone()[0]
        open_count = db.execute("SELECT count(*) FROM suggestions WHERE county_id = ? AND state IN "
                                "('collected','referred','returned','replied','fed_back')", [county]).fetchone()[0]
        config = Config()
        open_like(db, config, county, ["预热"])
        checks: dict[str, list[tuple[float, float]]] = {"like an open one": [], "like none": []}
        flagged = {"like an open one": 0, "like none": 0}
        for _ in range(args.runs):
            for label, texts in (("like an open one", LIKE), ("like none", UNLIKE)):
                for text in texts:
                    t, c = time.perf_counter(), time.process_time()
                    hits = open_like(db, config, county, [text])[0]
                    checks[label].append((time.perf_counter() - t, time.process_time() - c))
                    flagged[label] += bool(hits)
        batch_texts = opinions(1000, seed=99)
        t = time.perf_counter()
        batch = open_like(db, config, county, batch_texts)
        batch_time = time.perf_counter() - t
        db.close()

        visit = ["record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "南麻街道人大代表", "--as-of", "2026-11-20"]
        walls = [timed([sl, "--db", str(db_path), *visit, "--opinion", LIKE[i % len(LIKE)]]) for i in range(args.runs)]
        plain = [timed([sl, "--db", str(base_path), *visit, "--opinion", LIKE[i % len(LIKE)]]) for i in range(args.runs)]
        floor = [timed([sl, "--version"]) for _ in range(args.runs)]
    load = os.getloadavg()
    print(f"open suggestions in the county: {open_count}; runs: {args.runs}; load average {load[0]:.2f} {load[1]:.2f}")
    for label, xs in checks.items():
        print(f"  the check alone, one opinion {label:17s} wall median {statistics.median(w for w, _ in xs) * 1000:6.1f} ms"
              f"  max {max(w for w, _ in xs) * 1000:6.1f} ms  cpu median {statistics.median(c for _, c in xs) * 1000:6.1f} ms"
              f"  flagged {flagged[label]}/{len(xs)}")
    print(f"  batch check, 1,000 imported rows: {batch_time:5.2f} s ({sum(bool(b) for b in batch)} rows flagged)")
    for label, xs in (("sl --version (start-up floor)", floor), ("record visit, the demo as it is", plain),
                      (f"record visit, {open_count} open", walls)):
        print(f"  {label:32s} wall median {statistics.median(w for w, _ in xs):5.3f} s  "
              f"cpu median {statistics.median(c for _, c in xs):5.3f} s")


if __name__ == "__main__":
    main()
