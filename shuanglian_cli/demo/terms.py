"""The demo's terms of office (issue 16): the county congress's current term and the one before it, each
town congress's current term and one past town term, with the deputies' seats. Appended after every other
record from its own random stream, so existing records, ids and figures stay as they were.

Terms run five years and end on the next one's first day (domain/terms.py). The current county term
holds every county-level deputy (a few elected in a by-election, 补选, part-way through); about half of
them also sat in the term before. Town terms hold the town-level deputies of their town."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from shuanglian_cli.domain.terms import term_name
from shuanglian_cli.store.audit import bulk_inserts
from shuanglian_cli.store.terms import add_seats, insert_term

COUNTY_NUMBER = 18  # 沂源县第十八届人民代表大会 is the current one
TOWN_NUMBER = 19
BY_ELECTED = 4
PAST_TOWN = "南麻街道"


def build_terms(db: sqlite_utils.Database, seed: int, today: dt.date) -> str:
    rng = random.Random(f"terms-{seed}")
    conn = db.conn
    county_id, county = conn.execute("SELECT id, name FROM counties WHERE slug = 'yiyuan'").fetchone()
    y = today.year
    county_start, town_start = f"{y - 5}-12-28", f"{y - 5}-12-20"
    seats = 0
    with bulk_inserts(db, ("terms", "seats"), "演示数据"):
        county_deputies = [r[0] for r in conn.execute(
            "SELECT id FROM deputies WHERE county_id = ? AND (',' || levels || ',') LIKE '%,县,%' ORDER BY id",
            [county_id])]
        past = insert_term(db, {"county_id": county_id, "level": "县", "number": COUNTY_NUMBER - 1,
                                "name": term_name(county, COUNTY_NUMBER - 1), "starts_on": f"{y - 10}-12-28",
                                "ends_on": county_start, "closed": 1})
        current = insert_term(db, {"county_id": county_id, "level": "县", "number": COUNTY_NUMBER,
                                   "name": term_name(county, COUNTY_NUMBER), "starts_on": county_start,
                                   "ends_on": f"{y}-12-28"})
        by_elected = set(rng.sample(county_deputies, BY_ELECTED))
        seats += add_seats(db, current, [d for d in county_deputies if d not in by_elected], county_start)
        seats += add_seats(db, current, sorted(by_elected), f"{y - 2}-03-15")
        carried = [d for d in county_deputies if d not in by_elected and rng.random() < 0.55]
        seats += add_seats(db, past, carried, f"{y - 10}-12-28")
        for town_id, town in conn.execute("SELECT id, name FROM towns WHERE county_id = ? ORDER BY id", [county_id]):
            members = [r[0] for r in conn.execute(
                "SELECT id FROM deputies WHERE town_id = ? AND (',' || levels || ',') LIKE '%,镇,%' ORDER BY id",
                [town_id])]
            term = insert_term(db, {"county_id": county_id, "town_id": town_id, "level": "镇", "number": TOWN_NUMBER,
                                    "name": term_name(town, TOWN_NUMBER), "starts_on": town_start,
                                    "ends_on": f"{y}-12-20"})
            seats += add_seats(db, term, members, town_start)
            if town == PAST_TOWN:
                before = insert_term(db, {"county_id": county_id, "town_id": town_id, "level": "镇",
                                          "number": TOWN_NUMBER - 1, "name": term_name(town, TOWN_NUMBER - 1),
                                          "starts_on": f"{y - 10}-12-20", "ends_on": town_start, "closed": 1})
                seats += add_seats(db, before, [d for d in members if rng.random() < 0.5], f"{y - 10}-12-20")
    terms = conn.execute("SELECT count(*) FROM terms").fetchone()[0]
    return f"届次 {terms} 届（县第{COUNTY_NUMBER - 1}、{COUNTY_NUMBER}届，各镇街本届），代表任职 {seats} 人次"
