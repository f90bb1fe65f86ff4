"""Export speed and memory: a county quarter with 20,000 suggestions (target <= 5 s) and a city
year with 100,000 (target <= 30 s, <= 1 GB peak). Builds its own database, runs `sl export` as a
subprocess and reports wall time, CPU time and the child's peak RSS. Then the floor of the sheet
writing alone: 50,000 rows of 17 cells through xlsxwriter's write_row against the forms' own row
writer (io/forms/rowxml.py).

    /work/venv/bin/python benchmarks/bench_export.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = str(Path(sys.executable).with_name("sl"))
CATEGORIES = ["基础设施", "民生微实事", "农业农村", "教育医疗", "民生保障", "环境卫生", "社会治理"]


def build_db(path: Path, counties: list[int], year: int, per_county: dict[int, int], quarter_only: int | None = None) -> None:
    """Stations, deputies, constituents, departments, activities and suggestions for each county;
    the year's (or one quarter's) suggestions spread over its days, a mix of handlings and states."""
    from shuanglian_cli.store.db import open_db, transaction

    db = open_db(path, create=True)
    conn = db.conn
    rng = random.Random(7)
    start = dt.date(year, 1, 1) if quarter_only is None else dt.date(year, 3 * quarter_only - 2, 1)
    days = 365 if quarter_only is None else 90
    with transaction(db):
        for county in counties:
            n = per_county[county]
            stations = []
            for i in range(15):
                cur = conn.execute("INSERT INTO stations (county_id, kind, name) VALUES (?, '站', ?)",
                                   (county, f"第{i + 1}镇人大代表民情联络站"))
                stations.append(cur.lastrowid)
            deputies = [conn.execute("INSERT INTO deputies (county_id, station_id, name) VALUES (?, ?, ?)",
                                     (county, stations[i % 15], f"代表{i:03d}")).lastrowid for i in range(400)]
            people = []
            for i in range(4000):
                people.append(conn.execute(
                    "INSERT INTO constituents (county_id, name, phone, address) VALUES (?, ?, ?, ?)",
                    (county, f"群众{i:04d}", f"138{county:02d}{i:06d}", f"某镇某村{i}号")).lastrowid)
            depts = [conn.execute("INSERT INTO departments (county_id, name) VALUES (?, ?)",
                                  (county, f"县第{i}局")).lastrowid for i in range(25)]
            n_acts = max(1, n // 10)
            acts = []
            for _ in range(n_acts):
                day = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
                st = rng.choice(stations)
                aid = conn.execute("INSERT INTO activities (county_id, station_id, date, kind, extra_constituents) "
                                   "VALUES (?, ?, ?, '接待日', 2)", (county, st, day)).lastrowid
                ds = rng.sample(deputies, 3)
                cs = rng.sample(people, 5)
                conn.executemany("INSERT INTO activity_deputies VALUES (?, ?)", [(aid, d) for d in ds])
                conn.executemany("INSERT INTO activity_constituents VALUES (?, ?)", [(aid, c) for c in cs])
                acts.append((aid, st, day, ds, cs))
            rows = []
            for i in range(n):
                aid, st, day, ds, cs = acts[i % n_acts]
                kind = rng.random()
                base = [county, aid, st, rng.choice(ds), rng.choice(cs), day, f"意见建议内容第{i}条：建议修缮道路，增设路灯",
                        rng.choice(CATEGORIES)]
                if kind < 0.57:
                    rows.append(base + ["on_spot", "on_spot", "已当场解答", None, None, None, None, None, "", None, day])
                elif kind < 0.97:
                    ref = dt.date.fromisoformat(day) + dt.timedelta(days=1)
                    due = ref + dt.timedelta(days=21)
                    rep = ref + dt.timedelta(days=rng.randint(5, 28))
                    rows.append(base + ["closed", "referred", "", rng.choice(depts), ref.isoformat(), 15, due.isoformat(),
                                        rep.isoformat(), "已办理并书面答复", "满意", (rep + dt.timedelta(days=2)).isoformat()])
                else:
                    rows.append(base + ["inter_session", "inter_session", "", None, None, None, None, None, "", None, None])
            conn.executemany(
                """INSERT INTO suggestions (county_id, activity_id, station_id, deputy_id, constituent_id, collected_on,
                   content, category, state, handling, answer, department_id, referred_on, limit_workdays, due_on,
                   replied_on, reply, satisfaction, closed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rows)
    # as every write through sl does: the due dates stored against this calendar (services/store.py), so
    # reads take the usual path instead of rebuilding them in a TEMP shadow
    from shuanglian_cli.config import Config
    from shuanglian_cli.services.store import calendar_source
    from shuanglian_cli.store.calendar_sync import ensure_current

    ensure_current(db, Config().calendar, source=calendar_source(Config()))
    conn.close()


def run(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of one `sl` run; CPU matters on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([SL, *args], check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, after.ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        county_db = tmp / "county.db"
        build_db(county_db, [8], 2026, {8: 20_000}, quarter_only=3)
        secs, cpu, mb = run(["--db", str(county_db), "export", "quarter", "2026Q3", "--county", "yiyuan",
                        "--as-of", "2026-11-20", "--out", str(tmp / "county.xlsx")])
        size = os.path.getsize(tmp / "county.xlsx") / 1e6
        print(f"county quarter, 20,000 suggestions: {secs:.2f} s wall, {cpu:.2f} s CPU, peak {mb:.0f} MB, {size:.1f} MB file (target 5 s)")
        city_db = tmp / "city.db"
        build_db(city_db, list(range(1, 9)), 2025, dict.fromkeys(range(1, 9), 12_500))
        secs, cpu, mb = run(["--db", str(city_db), "export", "year", "2025", "--as-of", "2026-11-20",
                        "--out", str(tmp / "city.xlsx")])
        size = os.path.getsize(tmp / "city.xlsx") / 1e6
        print(f"city year, 100,000 suggestions: {secs:.2f} s wall, {cpu:.2f} s CPU, peak {mb:.0f} MB, {size:.1f} MB file "
              f"(targets 30 s, 1024 MB)")
        print("sheet writing alone:")
        cell_floor(tmp)


def cell_floor(tmp: Path, n: int = 50_000) -> None:
    """CPU seconds to write n register-like rows: xlsxwriter write_row (one format) vs FormSheet."""
    import xlsxwriter

    from shuanglian_cli.io.forms import register
    from shuanglian_cli.io.forms.layout import Formats, FormSheet

    row = [1, dt.date(2026, 8, 5), "第3镇人大代表民情联络站", "代表012", "群众0042", "138****5678", "某镇某村****",
           "意见建议内容第12条：建议修缮道路，增设路灯", "基础设施", "交办", "县第3局", dt.date(2026, 8, 6),
           "15个工作日", "已办理并书面答复", dt.date(2026, 8, 20), "满意", "反馈：2026-08-22"]
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    for label, fast in (("xlsxwriter write_row", None), ("FormSheet, cell by cell", False),
                        ("FormSheet, row XML", True)):
        t = time.process_time()
        wb = xlsxwriter.Workbook(str(tmp / "floor.xlsx"), options)
        fmt = Formats(wb)
        if fast is None:
            ws = wb.add_worksheet()
            for r in range(n):
                ws.write_row(r, 0, [r, *row[1:]], fmt.text)
        else:
            sheet = FormSheet(wb, fmt, "表", "表", "", register.COLUMNS, fast=fast)
            for r in range(n):
                sheet.row([r, *row[1:]])
            sheet.finish([])
        wb.close()
        print(f"  {label}: {n:,} rows x {len(row)} cells in {time.process_time() - t:.2f} s CPU")


if __name__ == "__main__":
    main()
