"""`sl demo`: a deterministic, realistic database for 沂源县 (made-up people only).

The year before the demo date is a full year matching the article's 沂源 figures (793 deputy
attendances; 1,160 suggestions: 662 on the spot, 460 referred, 38 inter-session); the demo year
runs at the same pace up to the demo date, so some referred suggestions are overdue on it.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from shuanglian_cli.clock import today
from shuanglian_cli.store.audit import bulk_inserts
from shuanglian_cli.store.db import transaction

DEMO_TODAY = today()
DEMO_TABLES = ("towns", "stations", "deputies", "members", "constituents", "departments", "activities",
               "suggestions", "suggestion_events")


def build_demo(db: sqlite_utils.Database, config, seed: int, today: dt.date) -> list[str]:
    from shuanglian_cli.demo.activity import build_activity
    from shuanglian_cli.demo.desk import build_desk
    from shuanglian_cli.demo.rosters import build_rosters
    from shuanglian_cli.demo.rota import build_rota
    from shuanglian_cli.demo.terms import build_terms

    rng = random.Random(seed)
    with transaction(db), bulk_inserts(db, DEMO_TABLES, "演示数据"):
        ids = build_rosters(db, rng, today.year)
        lines = build_activity(db, rng, config, ids, today)
        # appended after every other record, from its own random stream: existing ids and figures stay
        lines.append(build_desk(db, seed, config, today))
        lines.append(build_terms(db, seed, today))  # issue 16: terms of office and seats, appended likewise
        lines.append(build_rota(db, seed, config, today))  # the same, for the duty rota and absences
    counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
              for t in ("stations", "deputies", "members", "constituents", "departments")}
    points = db.execute("SELECT count(*) FROM stations WHERE kind = '点'").fetchone()[0]
    return [
        f"沂源县：12 个镇街，{counts['stations'] - points} 个联络站、{points} 个联络点",
        f"代表 {counts['deputies']} 名，常委会组成人员 {counts['members']} 名，"
        f"联系群众 {counts['constituents']} 名，承办单位 {counts['departments']} 个",
        *lines,
    ]


def build_county(db: sqlite_utils.Database, config, slug: str, seed: int, today: dt.date) -> list[str]:
    """One county of the city demo from its profile (demo/counties.py), from its own random stream
    (seed and slug): a county's data does not change when another county's profile does."""
    from shuanglian_cli.demo.counties import PROFILES
    from shuanglian_cli.demo.county_rosters import build_county_rosters
    from shuanglian_cli.demo.county_year import build_county_year

    profile = PROFILES[slug]
    if profile.get("legacy"):
        return build_demo(db, config, seed=seed, today=today)
    rng = random.Random(f"{seed}:{slug}")
    with transaction(db), bulk_inserts(db, DEMO_TABLES, "演示数据"):
        ids = build_county_rosters(db, rng, profile, slug, today.year)
        lines = build_county_year(db, rng, config, ids, profile, today)
    stations, points = db.execute(
        "SELECT coalesce(sum(kind = '站'), 0), coalesce(sum(kind = '点'), 0) FROM stations WHERE county_id = ?",
        [ids["county_id"]]).fetchone()
    return [f"{profile['name']}：{len(profile['towns'])} 个镇街，{stations} 个联络站、{points} 个联络点，"
            f"代表 {len(ids['deputy_ids'])} 名，联系群众 {len(ids['constituent_ids'])} 名", *lines]
