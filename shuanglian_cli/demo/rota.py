"""The demo's duty rota (issue 16): some deputies' absences and the year's rota of every station,
appended after the other records from their own random stream, so the existing records, figures and
ids stay as they were. The rota is planned as the office would have at the start of the year (as of
1 January, the absences known), so `sl schedule next` shows who is on duty and `sl schedule absent`
lists the planned deputies with no attendance recorded on their day."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from shuanglian_cli.store import rota as store
from shuanglian_cli.store.audit import bulk_inserts
from shuanglian_cli.store.rota_plan import plan_groups, rules_from

REASONS = ("外出学习", "参加培训", "住院治疗", "出差", "陪护家人", "参加县人代会筹备工作")
ABSENCES = 14


def build_rota(db: sqlite_utils.Database, seed: int, config, today: dt.date) -> str:
    rng = random.Random(f"rota-{seed}")
    first = dt.date(today.year, 1, 1)
    with bulk_inserts(db, ("deputy_absences", "duty_rota"), "演示数据"):
        county_id = db.execute("SELECT id FROM counties WHERE slug = 'yiyuan'").fetchone()[0]
        people = [r[0] for r in db.execute(
            "SELECT id FROM deputies WHERE county_id = ? AND active = 1 AND station_id IS NOT NULL ORDER BY id",
            [county_id])]
        for deputy_id in sorted(rng.sample(people, ABSENCES)):
            start = first + dt.timedelta(days=rng.randrange(0, 330))
            end = start + dt.timedelta(days=rng.randrange(3, 25))
            store.add_absence(db, deputy_id, start, end, rng.choice(REASONS))
        plans, _ = plan_groups(db, config, config.calendar, year=today.year, as_of=first, rules=rules_from(config),
                               county_id=county_id)
        short = [f.deputy.name for g in plans for f in g.plan.shortfalls]
        if short:  # the demo's rosters always allow the minimum; a change that breaks it must be seen
            raise RuntimeError(f"demo rota: {len(short)} deputies fall short")
        written = sum(store.replace_planned(db, g.ids, first, dt.date(today.year, 12, 31), g.rows) for g in plans)
    return f"{today.year} 年接待日值班表：{len(plans)} 个联络站 {written} 人次；代表请假 {ABSENCES} 条"
