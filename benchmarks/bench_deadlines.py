"""Benchmark: working-day deadline arithmetic in-process (target ≥ 1,000,000 due dates per second).

Run by hand:  python benchmarks/bench_deadlines.py [N]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time


def main(n: int = 2_000_000) -> None:
    started = time.perf_counter()
    from shuanglian_cli.domain.workdays import build_calendar

    cal = build_calendar(None)
    print(f"日历构建（含 chinese_calendar 导入）：{(time.perf_counter() - started) * 1000:.0f} ms")
    rng = random.Random(1)
    base = dt.date(2020, 1, 1).toordinal()
    starts = [dt.date.fromordinal(base + rng.randrange(365 * 8)) for _ in range(10_000)]
    limits = [rng.choice((7, 15, 15, 15, 25)) for _ in range(10_000)]
    pairs = list(zip(starts, limits, strict=True))
    rounds = max(1, n // len(pairs))
    n = rounds * len(pairs)

    for name, fn in (("deadline()（到期日 + 是否确认）", cal.deadline), ("add_workdays()（到期日）", cal.add_workdays),
                     ("workdays_between()", lambda s, k: cal.workdays_between(s, s + dt.timedelta(days=k)))):
        t = time.perf_counter()
        for _ in range(rounds):
            for s, k in pairs:
                fn(s, k)
        elapsed = time.perf_counter() - t
        print(f"{name}: {n:,} 次 {elapsed:.2f} s，每秒 {n / elapsed:,.0f} 次")

    # the same computation day by day, to show what the index saves
    t = time.perf_counter()
    for s, k in pairs:
        d, left = s, k
        while left:
            d += dt.timedelta(days=1)
            left -= cal.is_workday(d)
    slow = len(pairs) / (time.perf_counter() - t)
    print(f"对照：逐日循环每秒 {slow:,.0f} 次")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000)
