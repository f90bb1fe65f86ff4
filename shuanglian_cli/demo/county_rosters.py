"""A county's rosters from its profile (demo/counties.py): towns, stations and points, deputies with
exactly the profile's count at each level, members in their groups, constituents, departments and the
year's links. The shape follows demo/rosters.py (沂源), which stays as it is."""

from __future__ import annotations

import random

import sqlite_utils

from shuanglian_cli.demo.counties import HOTLINE_SCHEDULE
from shuanglian_cli.demo.names import Faker
from shuanglian_cli.demo.rosters import COUNTY_DEPARTMENTS, WORK_UNITS
from shuanglian_cli.domain.text import pinyin_keys, pinyin_keys_quick

NUMERALS = "一二三四五六七八九十"
COMMUNITIES = ("东城", "西城", "南苑", "北苑", "新华", "和平", "幸福", "阳光", "前进", "振兴")
VILLAGE_AREAS = ("东片", "西片", "南片", "北片", "中心", "山前", "河畔", "新村", "老街", "工业园")
POSTS = ["主任", "副主任", "副主任", "副主任", "秘书长"]


def _insert(conn, table: str, row: dict) -> int:
    cols = ", ".join(row)
    return conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})",
                        list(row.values())).lastrowid


def build_county_rosters(db: sqlite_utils.Database, rng: random.Random, profile: dict, slug: str, year: int) -> dict:
    conn = db.conn
    county = profile["name"]
    fake = Faker(rng, county=county)
    county_id = conn.execute("SELECT id FROM counties WHERE slug = ?", [slug]).fetchone()[0]
    ids: dict = {"county_id": county_id, "town_ids": {}, "station_ids": [], "point_ids": [], "station_town": {},
                 "deputy_ids": [], "county_deputy_ids": [], "deputy_station": {}, "deputy_levels": {},
                 "member_ids": [], "member_group": {}, "constituent_ids": [], "deputy_constituents": {},
                 "department_ids": []}
    town_station: dict[str, int] = {}
    for town, kind, _ in profile["towns"]:
        ids["town_ids"][town] = _insert(conn, "towns", {"county_id": county_id, "name": town, "kind": kind,
                                                         **_keys(town)})
    for i, (town, _kind, _) in enumerate(profile["towns"]):
        name = f"{town}人大代表民情联络站"
        sid = _station(conn, county_id, ids["town_ids"][town], name, f"{county}{town}便民服务中心二楼",
                       profile["schedule"], funds=int(i % 6 != 5))
        town_station[town] = sid
        ids["station_ids"].append(sid)
        ids["station_town"][sid] = town
    zones = []
    for name, town in profile["extra_stations"]:
        hotline = name == profile.get("hotline_station")
        sid = _station(conn, county_id, ids["town_ids"][town], name, f"{county}{town}{'服务中心' if hotline else '管委会'}一楼",
                       HOTLINE_SCHEDULE if hotline else profile["schedule"], funds=1)
        ids["station_ids"].append(sid)
        ids["station_town"][sid] = town
        if hotline:
            ids["hotline"] = sid
        else:
            zones.append(sid)
    for town, kind, points in profile["towns"]:
        names = COMMUNITIES if kind == "街道" else VILLAGE_AREAS
        for p in range(points):
            suffix = "社区" if kind == "街道" else "片区"
            name = f"{town}{names[p % len(names)]}{suffix}民情联络点"
            sid = conn.execute(
                """INSERT INTO stations (county_id, town_id, parent_id, kind, name, address, has_premises,
                   has_equipment, has_rules, has_funds, schedule, pinyin, initials)
                   VALUES (?, ?, ?, '点', ?, ?, 1, ?, 1, 0, ?, ?, ?)""",
                (county_id, ids["town_ids"][town], town_station[town], name, f"{county}{town}{names[p % len(names)]}",
                 int(rng.random() < 0.8), profile["schedule"], *_keys(name)),
            ).lastrowid
            ids["point_ids"].append(sid)
            ids["station_town"][sid] = town
    ids["town_station"] = town_station
    _deputies(conn, rng, fake, profile, ids, town_station, zones)
    _members(conn, rng, fake, profile, ids, year)
    _constituents(conn, rng, fake, profile, ids, year)
    prefix = profile["prefix"]
    departments = [(prefix + name[1:], kind) for name, kind in COUNTY_DEPARTMENTS]
    departments += [(f"{t}人民政府" if k == "镇" else f"{t}办事处", "镇街") for t, k, _ in profile["towns"]]
    for name, kind in departments:
        ids["department_ids"].append(_insert(conn, "departments", {"county_id": county_id, "name": name, "kind": kind,
                                                                   **_keys(name)}))
    if profile.get("district_government"):
        name = profile["district_government"]
        ids["district_government"] = _insert(conn, "departments", {"county_id": county_id, "name": name,
                                                                    "kind": "政府", **_keys(name)})
    return ids


_PEOPLE_KEYS: dict[str, tuple[str, str]] = {}


def _person_keys(name: str) -> tuple[str, str]:
    """pinyin_keys of a made-up person's name, once per name (names recur across 25,000 people)."""
    if name not in _PEOPLE_KEYS:
        _PEOPLE_KEYS[name] = tuple(pinyin_keys_quick(name))
    return _PEOPLE_KEYS[name]


def _keys(name: str) -> dict:
    full, initials = pinyin_keys(name)
    return {"pinyin": full, "initials": initials}


def _station(conn, county_id, town_id, name, address, schedule, funds) -> int:
    return conn.execute(
        """INSERT INTO stations (county_id, town_id, kind, name, address, has_premises, has_equipment, has_rules,
           has_funds, schedule, pinyin, initials) VALUES (?, ?, '站', ?, ?, 1, 1, 1, ?, ?, ?, ?)""",
        (county_id, town_id, name, address, funds, schedule, *pinyin_keys(name)),
    ).lastrowid


def _deputies(conn, rng, fake, profile, ids, town_station, zones) -> None:
    """Exactly levels[level] deputies at each level: the first county deputies also sit higher up, the
    last `county_and_town` also in their town's congress, and the rest of the town seats go to
    town-only deputies in the towns (a street has no congress of its own: 街道 only when no town)."""
    levels = profile["levels"]
    towns = [t for t, _, _ in profile["towns"]]
    zhen = [t for t, k, _ in profile["towns"] if k != "街道"] or towns
    n_county, both = levels["县"], profile["county_and_town"]
    people = []
    for i in range(n_county):
        lv = [lvl for lvl in ("全国", "省", "市") if i < levels[lvl]] + ["县"]
        if i >= n_county - both:
            lv.append("镇")
        town = towns[i % len(towns)]
        station = zones[i % len(zones)] if zones and i % 25 == 24 else town_station[town]
        people.append((town, lv, station))
    for i in range(levels["镇"] - both):
        town = zhen[i % len(zhen)]
        people.append((town, ["镇"], town_station[town]))
    taken: set[str] = set()
    for name, (town, lv, station) in zip(fake.unique_names(len(people), taken), people, strict=True):
        did = conn.execute(
            """INSERT INTO deputies (county_id, town_id, station_id, name, sex, phone, work_unit, levels,
               pinyin, initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (ids["county_id"], ids["town_ids"][town], station, name, fake.sex(), fake.mobile(),
             f"{town}{rng.choice(WORK_UNITS)}", ",".join(lv), *_person_keys(name)),
        ).lastrowid
        ids["deputy_ids"].append(did)
        ids["deputy_station"][did] = station
        ids["deputy_levels"][did] = lv
        if "县" in lv:
            ids["county_deputy_ids"].append(did)
    ids["taken_names"] = taken


def _members(conn, rng, fake, profile, ids, year) -> None:
    """Members in their groups, each linked to a share of the county deputies (all of them covered),
    rotated once a year."""
    n, groups = profile["members"], profile["groups"]
    for i, name in enumerate(fake.unique_names(n, ids["taken_names"])):
        group = f"第{NUMERALS[i % groups]}{profile['group_word']}"
        mid = conn.execute(
            """INSERT INTO members (county_id, name, post, group_name, phone, pinyin, initials)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (ids["county_id"], name, POSTS[i] if i < len(POSTS) else "委员", group, fake.mobile(), *_person_keys(name)),
        ).lastrowid
        ids["member_ids"].append(mid)
        ids["member_group"][mid] = group
    shuffled = ids["county_deputy_ids"][:]
    rng.shuffle(shuffled)
    links = []
    for link_year, rotate in ((year - 1, 0), (year, 7)):
        order = shuffled[rotate:] + shuffled[:rotate]
        links += [(link_year, ids["member_ids"][j % n], d) for j, d in enumerate(order)]
    conn.executemany("INSERT INTO member_deputies (year, member_id, deputy_id) VALUES (?, ?, ?)", links)
    ids["member_deputies"] = links


def _constituents(conn, rng, fake, profile, ids, year) -> None:
    """Each deputy's constituents in fixed contact: `(lo, hi)` new people each, or `per_deputy` each
    of whom `distinct` people in all (a county and a town deputy of one village share some)."""
    spec = profile["constituents"]
    deputy_town = {d: t for d, t in conn.execute("SELECT d.id, t.name FROM deputies d JOIN towns t ON t.id = d.town_id")}
    deputies = ids["deputy_ids"]
    if isinstance(spec, dict):
        per, distinct = spec["per_deputy"], spec["distinct"]
        base, extra = divmod(distinct, len(deputies))
        lucky = set(rng.sample(range(len(deputies)), extra))
        new_counts = [base + (i in lucky) for i in range(len(deputies))]
        shared = [per - k for k in new_counts]
    else:
        new_counts = [rng.randint(*spec) for _ in deputies]
        shared = [0] * len(deputies)
    by_town: dict[str, list[int]] = {}
    links = []
    for deputy_id, k in zip(deputies, new_counts, strict=True):
        town = deputy_town[deputy_id]
        mine = []
        for _ in range(k):
            name = fake.name()
            cid = conn.execute(
                """INSERT INTO constituents (county_id, town_id, name, phone, address, pinyin, initials)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (ids["county_id"], ids["town_ids"][town], name, fake.mobile(), fake.address(town), *_person_keys(name)),
            ).lastrowid
            mine.append(cid)
        by_town.setdefault(town, []).extend(mine)
        ids["constituent_ids"].extend(mine)
        ids["deputy_constituents"][deputy_id] = mine
    for deputy_id, k in zip(deputies, shared, strict=True):
        if k:  # people already in contact with another deputy of the same town
            mine = ids["deputy_constituents"][deputy_id]
            own = set(mine)
            pool = [c for c in by_town[deputy_town[deputy_id]] if c not in own]
            mine.extend(rng.sample(pool, k))
    for deputy_id, mine in ids["deputy_constituents"].items():
        for link_year in (year - 1, year):
            links.extend((link_year, deputy_id, c) for c in mine)
    conn.executemany("INSERT INTO deputy_constituents (year, deputy_id, constituent_id) VALUES (?, ?, ?)", links)
