"""Benchmark of the full-text search (issue 17 item 1).

- `sl suggestions search Q --format json` (top 20) on 200,000 suggestions, queries of 1-4 characters,
  each a new process: wall INCLUDING start-up (target ≤ 0.3 s) and CPU (user+sys); 1,000,000 as
  information (`--n 1000000`).
- the index's size (dbstat: the FTS5 tables and the folded-text table) against the text it indexes, on
  ≥ 10,000 distinct texts (target ≤ 3×).
- what the index adds to `sl record visit` on the demo and to a 10,000-row `sl import register`:
  the same runs on a copy whose search triggers are dropped (nothing marked, nothing indexed).

    python benchmarks/bench_search.py [--n 200000] [--runs 5] [--skip-writes]
(BENCH_DB=/path/search.db keeps the generated database and reuses it.)
The texts are generated from pools of places, things, faults, requests and answers, with numbers and
Latin in both widths, so that there are many distinct texts and character pairs, as a city has.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SL = str(Path(sys.executable).with_name("sl"))
QUERIES = ("路", "灯", "水", "桥", "路灯", "积水", "学校", "３号", "路灯不亮", "排水沟堵", "G205", "建议 维修",
           "自来水管", "村口路灯")

PLACE_CHARS = "东西南北上下前后大小新老张王李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
THINGS = ("路灯", "道路", "自来水管网", "排水沟", "垃圾桶", "公交站台", "桥梁", "学校门口", "卫生室", "健身器材",
          "河道", "集市", "幼儿园", "养老院", "农贸市场", "停车场", "变压器", "5G基站", "G205国道", "小区电梯",
          "污水管道", "文化广场", "村委会大院", "护栏", "红绿灯", "人行道", "宽带网络", "灌溉渠", "水库大坝", "公厕")
FAULTS = ("坏了", "破损严重", "不亮", "堵塞", "缺少", "老化", "不足", "经常停电", "水压低", "有安全隐患", "积水严重",
          "噪音扰民", "无人管理", "被占用", "信号弱", "年久失修", "设置不合理", "收费过高", "异味大", "开裂")
EFFECTS = ("晚上出行不便", "雨天积水", "影响群众生活", "老人出行困难", "学生上学不安全", "农作物浇不上水",
           "车辆通行困难", "夜里走路不方便", "群众意见较大", "存在安全隐患", "")
REQUESTS = ("建议尽快维修", "希望增设", "请有关部门协调解决", "建议列入明年计划", "希望尽快更换", "建议加强管理",
            "请予以解决", "建议统一规划", "希望派人查看")
ANSWERS = ("已安排维修，预计两周内完成", "经研究，已纳入明年预算，将于上半年实施", "已协调供电公司更换",
           "已转交镇政府办理", "代表现场联系村委会，问题已协调解决", "因资金不足，暂缓实施，已作说明")


def text(rng: random.Random) -> str:
    place = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + rng.choice(("村", "庄", "社区", "屯", "营"))
    number = rng.choice(("", f"{rng.randint(1, 30)}号楼", f"第{rng.randint(1, 12)}组", "３号", f"{rng.randint(2, 9)}处"))
    effect = rng.choice(EFFECTS)
    return (f"{place}{number}{rng.choice(THINGS)}{rng.choice(FAULTS)}，{effect + '，' if effect else ''}"
            f"{rng.choice(REQUESTS)}")


def build(path: Path, n: int) -> float:
    """The database with n suggestions (a tenth with an answer, a third with a reply); returns the
    seconds the index took to fill (the flush of n marked records)."""
    from shuanglian_cli.config import load_config
    from shuanglian_cli.services.store import calendar_source
    from shuanglian_cli.store.audit import drop_triggers, install_triggers
    from shuanglian_cli.store.calendar_sync import ensure_current
    from shuanglian_cli.store.db import open_db, transaction
    from shuanglian_cli.store.search_index import flush

    db = open_db(path, create=True)
    drop_triggers(db)  # synthetic rows: the trail of a real import is not what is measured
    rng = random.Random(17)
    conn = db.conn
    conn.execute("BEGIN")
    stations = [conn.execute("INSERT INTO stations (county_id, name) VALUES (?, ?)", (8 - i % 8, f"第{i}联络站")).lastrowid
                for i in range(120)]

    def rows():
        for i in range(n):
            roll = rng.random()
            day = f"{2012 + i * 15 // n}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            station = rng.choice(stations)
            yield (8 - station % 8, station, day, text(rng), rng.choice(ANSWERS) if roll < 0.1 else "",
                   rng.choice(ANSWERS) if 0.1 <= roll < 0.43 else "", "closed" if roll < 0.6 else "referred")

    conn.executemany("INSERT INTO suggestions (county_id, station_id, collected_on, content, answer, reply, state) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
    t = time.perf_counter()
    flush(conn)
    took = time.perf_counter() - t
    conn.execute("COMMIT")
    install_triggers(db)
    conn.execute("ANALYZE")
    # the calendar's fingerprint and source, as a clerk's first write records them: later commands build no calendar
    config = load_config(os.devnull)
    with transaction(db):
        ensure_current(db, config.calendar, source=calendar_source(config))
    conn.close()
    return took


def run(args: list[str]) -> tuple[float, float, bytes]:
    """(wall s, CPU user+sys s, stdout) of one `sl` process, from its own rusage."""
    t = time.perf_counter()
    proc = subprocess.Popen([SL, *args], stdout=subprocess.PIPE, env={**os.environ, "SL_CONFIG": os.devnull})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"sl {' '.join(args)} failed")
    return elapsed, usage.ru_utime + usage.ru_stime, out


def sizes(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    fts = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE '\\_search\\_suggestions%' ESCAPE '\\'").fetchone()[0]
    kept = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = '_search_suggestion_text'").fetchone()[0]
    raw = conn.execute("SELECT sum(length(CAST(content AS BLOB)) + length(CAST(answer AS BLOB)) "
                       "+ length(CAST(reply AS BLOB))) FROM suggestions").fetchone()[0]
    distinct = conn.execute("SELECT count(DISTINCT content) FROM suggestions").fetchone()[0]
    folded = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM _search_suggestion_text").fetchone()[0]
    conn.close()
    print(f"索引大小：{distinct:,} 条不同的内容；被索引文字 {raw / 1e6:.1f} MB（UTF-8，内容+解答+答复；折叠后 {folded / 1e6:.1f} MB）")
    print(f"  FTS5 表 {fts / 1e6:.1f} MB（{fts / raw:.2f}×），折叠文字表 {kept / 1e6:.1f} MB（{kept / raw:.2f}×），"
          f"合计 {(fts + kept) / 1e6:.1f} MB = {(fts + kept) / raw:.2f}× 文字（目标 ≤ 3×）")


def searches(db: Path, runs: int) -> None:
    floor = [run(["--version"])[:2] for _ in range(runs)]
    print(f"启动下限 sl --version：墙钟中位 {statistics.median(w for w, _ in floor):.3f} s，"
          f"CPU {statistics.median(c for _, c in floor):.3f} s")
    worst = 0.0
    for q in QUERIES:
        got = [run(["--db", str(db), "suggestions", "search", *q.split(), "--format", "json"]) for _ in range(runs)]
        wall = statistics.median(w for w, _, _ in got)
        cpu = statistics.median(c for _, c, _ in got)
        hits = got[-1][2].count(b'"id"')
        worst = max(worst, wall)
        print(f"  {q:<8} 前 {hits:>2} 条：墙钟中位 {wall:.3f} s（最慢 {max(w for w, _, _ in got):.3f}），CPU {cpu:.3f} s")
    print(f"最慢查询的墙钟中位：{worst:.3f} s（目标 ≤ 0.3 s，含启动）")


def without_search_triggers(db: Path) -> None:
    """Only to measure the index's share: a copy whose search triggers are gone marks nothing."""
    import sqlite3

    conn = sqlite3.connect(db)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' "
                                "ESCAPE '\\'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.commit()
    conn.close()


def writes(runs: int, tmp: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_record import visit_args
    from bench_register import write_register

    demo = tmp / "demo.db"
    subprocess.run([SL, "--db", str(demo), "demo", "--as-of", "2026-11-20"], check=True, capture_output=True)
    plain = tmp / "demo_plain.db"
    shutil.copy(demo, plain)
    without_search_triggers(plain)
    for label, db in (("有索引", demo), ("无索引", plain)):
        got = [run(visit_args(db, i)) for i in range(runs)]
        print(f"sl record visit（{label}）：墙钟中位 {statistics.median(w for w, _, _ in got):.3f} s，"
              f"CPU {statistics.median(c for _, c, _ in got):.3f} s")
    # the command alone, in this process (start-up paid once), alternating the two files against drift
    from typer.testing import CliRunner

    from shuanglian_cli.cli.app import app

    runner = CliRunner()
    inside: dict[str, list[float]] = {"有索引": [], "无索引": []}
    for i in range(4 * runs):
        label, db = (("有索引", demo), ("无索引", plain))[i % 2]
        t = time.process_time()
        result = runner.invoke(app, visit_args(db, 5000 + i))
        inside[label].append(time.process_time() - t)
        assert result.exit_code == 0, result.output
    for label, cpu in inside.items():
        print(f"sl record visit 命令本身（进程内，{label}）：CPU 中位 {statistics.median(cpu) * 1000:.1f} ms")
    register = tmp / "reg.xlsx"
    write_register(register, 10_000)
    for label, drop in (("有索引", False), ("无索引", True)):
        walls = []
        for k in range(max(1, runs // 2)):
            db = tmp / f"reg_{drop}_{k}.db"
            subprocess.run([SL, "--db", str(db), "init"], check=True, capture_output=True)
            if drop:
                without_search_triggers(db)
            walls.append(run(["--db", str(db), "import", "register", str(register)])[:2])
        print(f"sl import register 10,000 行（{label}）：墙钟中位 {statistics.median(w for w, _ in walls):.2f} s，"
              f"CPU {statistics.median(c for _, c in walls):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-writes", action="store_true")
    args = parser.parse_args()
    print("负载：", os.getloadavg())
    # the package's bytecode, as an installed copy has it (this environment may set PYTHONDONTWRITEBYTECODE)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "shuanglian_cli")],
                   check=True)
    with tempfile.TemporaryDirectory() as tmp:
        keep = os.environ.get("BENCH_DB")
        db = Path(keep) if keep else Path(tmp) / "search.db"
        if not db.exists():
            t = time.perf_counter()
            took = build(db, args.n)
            print(f"生成 {args.n:,} 条意见建议：{time.perf_counter() - t:.1f} s，其中建索引 {took:.1f} s，"
                  f"文件 {db.stat().st_size / 1e6:.0f} MB")
        sizes(db)
        searches(db, args.runs)
        if not args.skip_writes:
            writes(args.runs, Path(tmp))
    print("负载：", os.getloadavg())


if __name__ == "__main__":
    main()
