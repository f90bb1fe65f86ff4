"""Bundles between offices (issue 13): generated data, figures printed; run by hand.

    python benchmarks/bench_bundle.py [quarter|city|stress|all]

quarter: a town's quarter (300 suggestions with their events, 100 activities): create + apply.
city:    8 counties x 1,500 suggestions (events, activities) into an empty city database.
stress:  8 x 20,000 suggestions into an empty city database, then all applied again; peak memory.
The audit mode: bulk (store/audit.bulk_inserts): the records a bundle adds are one 'bulk_insert'
entry per table (an id range); edits and deletions are audited row by row. Applying a bundle again
reads only its acknowledgements (services/bundles._covered). Each figure: wall and CPU (user+sys)
seconds and the load average, since the machine may be shared."""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SL_TODAY", "2026-11-29")

from shuanglian_cli.services import bundles  # noqa: E402
from shuanglian_cli.services.sites import add_peer, set_site  # noqa: E402
from shuanglian_cli.store.connection import transaction  # noqa: E402
from shuanglian_cli.store.db import open_db  # noqa: E402

KEY = "bench-口令"
COUNTIES = ["张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县"]
CODES = ["ZHANGDIAN", "ZICHUAN", "BOSHAN", "LINZI", "ZHOUCUN", "HUANTAI", "GAOQING", "YIYUAN"]


def fill(db, county_id: int, suggestions: int, activities: int, seed: int) -> None:
    rnd = random.Random(seed)
    start = dt.date(2025, 1, 1)
    with transaction(db):
        db.execute("INSERT INTO towns (county_id, name) VALUES (?, '城关街道')", [county_id])
        db.execute("INSERT INTO stations (county_id, town_id, name) VALUES (?, 1, '城关站')", [county_id])
        db.execute("INSERT INTO departments (county_id, name) VALUES (?, '住建局')", [county_id])
        db.conn.executemany("INSERT INTO deputies (county_id, town_id, station_id, name, phone) VALUES (?, 1, 1, ?, ?)",
                            [(county_id, f"代表{i}", f"138{i:08d}") for i in range(200)])
        db.conn.executemany("INSERT INTO constituents (county_id, town_id, name, phone) VALUES (?, 1, ?, ?)",
                            [(county_id, f"群众{i}", f"139{i:08d}") for i in range(1000)])
        db.conn.executemany("INSERT INTO activities (county_id, station_id, date, kind) VALUES (?, 1, ?, '接待日')",
                            [(county_id, (start + dt.timedelta(days=i % 300)).isoformat()) for i in range(activities)])
        db.conn.executemany("INSERT INTO activity_deputies (activity_id, deputy_id) VALUES (?, ?)",
                            [(a + 1, d) for a in range(activities) for d in rnd.sample(range(1, 201), 3)])
        for i in range(suggestions):
            day = start + dt.timedelta(days=rnd.randrange(300))
            sid = db.execute(
                "INSERT INTO suggestions (county_id, station_id, deputy_id, constituent_id, collected_on, content, "
                "state, handling, department_id, referred_on, limit_workdays, due_on, replied_on, reply) "
                "VALUES (?, 1, ?, ?, ?, ?, 'replied', 'referred', 1, ?, 15, ?, ?, '已办理')",
                [county_id, rnd.randint(1, 200), rnd.randint(1, 1000), day.isoformat(), f"建议内容{i}",
                 (day + dt.timedelta(days=1)).isoformat(), (day + dt.timedelta(days=22)).isoformat(),
                 (day + dt.timedelta(days=10)).isoformat()]).lastrowid
            db.conn.executemany(
                "INSERT INTO suggestion_events (suggestion_id, kind, on_date, department_id, limit_workdays, due_on, "
                "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(sid, "collect", day.isoformat(), None, None, None, "登记"),
                 (sid, "refer", (day + dt.timedelta(days=1)).isoformat(), 1, 15,
                  (day + dt.timedelta(days=22)).isoformat(), "交办"),
                 (sid, "reply", (day + dt.timedelta(days=10)).isoformat(), None, None, None, "已办理")])


def source(folder: Path, i: int, suggestions: int, activities: int) -> object:
    db = open_db(folder / f"{CODES[i]}.db", create=True)
    fill(db, i + 1, suggestions, activities, seed=i)
    set_site(db, name=COUNTIES[i], code=CODES[i], kind="county", county=COUNTIES[i])
    add_peer(db, code="ZIBO", name="淄博市", kind="city", county=None)
    return db


def city(folder: Path):
    db = open_db(folder / "ZIBO.db", create=True)
    set_site(db, name="淄博市", code="ZIBO", kind="city", county=None)
    for i, code in enumerate(CODES):
        add_peer(db, code=code, name=COUNTIES[i], kind="county", county=COUNTIES[i])
    return db


def quarter(folder: Path) -> None:
    town = open_db(folder / "NANMA.db", create=True)
    fill(town, 8, 300, 100, seed=1)
    set_site(town, name="南麻街道", code="NANMA", kind="town", county="沂源县")
    add_peer(town, code="YIYUAN", name="沂源县", kind="county", county="沂源县")
    county = open_db(folder / "YIYUAN.db", create=True)
    set_site(county, name="沂源县", code="YIYUAN", kind="county", county="沂源县")
    add_peer(county, code="NANMA", name="南麻街道", kind="town", county="沂源县")
    bundles.create_bundle(town, peer="YIYUAN", out=folder / "warm.slb", passphrase=KEY)  # key derivation cached
    started = time.perf_counter()
    clock = Clock()
    bundles.create_bundle(town, peer="YIYUAN", out=folder / "q.slb", passphrase=KEY)
    made = time.perf_counter() - started
    bundles.apply_bundle(county, folder / "q.slb", passphrase=KEY)
    got = county.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    assert got == 300, got
    print(f"town quarter (300 suggestions, 900 events, 100 activities): create {made:.2f} s, "
          f"create + apply {clock} (target <= 1 s wall); file {(folder / 'q.slb').stat().st_size // 1024} KB")


def city_year(folder: Path, per_county: int, label: str, target: float, again_target: float | None) -> None:
    files = []
    for i in range(8):
        db = source(folder, i, per_county, per_county // 10)
        out = folder / f"{CODES[i]}-to-ZIBO.slb"
        bundles.create_bundle(db, peer="ZIBO", out=out, passphrase=KEY)
        files.append(out)
        db.conn.close()
    target_db = city(folder)
    clock = Clock()
    for f in files:
        bundles.apply_bundle(target_db, f, passphrase=KEY)
    n = target_db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    print(f"{label}: {n} suggestions applied into an empty city database in {clock} (target <= {target} s)")
    if again_target:
        clock = Clock()
        for f in files:
            bundles.apply_bundle(target_db, f, passphrase=KEY)
        print(f"{label}: applied again in {clock} (target <= {again_target} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: peak memory {peak:.0f} MB")


class Clock:
    """Wall and CPU (user+sys) seconds since start."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def __str__(self):
        return (f"{time.perf_counter() - self.wall:.2f} s wall, {_cpu() - self.cpu:.2f} s CPU, "
                f"load {os.getloadavg()[0]:.1f}")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    with tempfile.TemporaryDirectory() as tmp:
        for sub in ("q", "c", "s"):
            (Path(tmp) / sub).mkdir()
        if which in ("quarter", "all"):
            quarter(Path(tmp) / "q")
        if which in ("city", "all"):
            city_year(Path(tmp) / "c", 1500, "city year 8x1,500", 3, None)
        if which in ("stress", "all"):
            city_year(Path(tmp) / "s", 20000, "stress 8x20,000", 20, 5)


if __name__ == "__main__":
    main()
