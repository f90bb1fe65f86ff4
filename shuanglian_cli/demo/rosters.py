"""The demo's rosters: 沂源县 towns, 13 stations and 19 points, deputies, members, constituents,
departments and the year's links. Proportions follow DOMAIN.md."""

from __future__ import annotations

import random

import sqlite_utils

from shuanglian_cli.demo.names import Faker
from shuanglian_cli.domain.text import pinyin_keys

TOWNS = [
    ("南麻街道", "街道"), ("历山街道", "街道"), ("悦庄镇", "镇"), ("东里镇", "镇"), ("西里镇", "镇"),
    ("大张庄镇", "镇"), ("中庄镇", "镇"), ("张家坡镇", "镇"), ("燕崖镇", "镇"), ("石桥镇", "镇"),
    ("鲁村镇", "镇"), ("南鲁山镇", "镇"),
]
# town -> liaison points (19 in all); the 13th station sits in the county's development zone
POINTS = {
    "南麻街道": ["城东社区", "城西社区", "双马山社区"], "历山街道": ["振兴路社区", "螳螂河社区"],
    "悦庄镇": ["悦庄片区"], "东里镇": ["东里片区", "东安片区"], "西里镇": ["西里片区", "韩旺片区"],
    "大张庄镇": ["大张庄片区", "金星片区"], "中庄镇": ["中庄片区"], "张家坡镇": ["张家坡片区"],
    "燕崖镇": ["燕崖片区"], "石桥镇": ["石桥片区"], "鲁村镇": ["鲁村片区", "徐家庄片区"],
    "南鲁山镇": ["南鲁山片区"],
}
SCHEDULES = ["每季度至少1次", "每月双周周四", "每月第2周周四", "每季度至少1次；每月15日"]
COUNTY_DEPARTMENTS = [
    ("县住房和城乡建设局", "县直部门"), ("县交通运输局", "县直部门"), ("县自然资源局", "县直部门"),
    ("县农业农村局", "县直部门"), ("县水利局", "县直部门"), ("县教育和体育局", "县直部门"),
    ("县卫生健康局", "县直部门"), ("县人力资源和社会保障局", "县直部门"), ("县民政局", "县直部门"),
    ("县市场监督管理局", "县直部门"), ("县综合行政执法局", "县直部门"), ("县生态环境分局", "县直部门"),
    ("县公安局", "县直部门"), ("县医疗保障局", "县直部门"), ("县供电公司", "公共服务单位"),
    ("县自来水公司", "公共服务单位"),
]
POSTS = ["主任", "副主任", "副主任", "副主任", "秘书长"] + ["委员"] * 25
WORK_UNITS = [
    "村党支部书记", "村委会主任", "社区党委书记", "合作社理事长", "中学教师", "卫生院院长", "个体工商户",
    "企业董事长", "企业车间主任", "镇党委副书记", "镇长", "县直部门负责人", "种植大户", "小学校长",
]


def _keys(name: str) -> tuple[str, str]:
    return pinyin_keys(name)


def build_rosters(db: sqlite_utils.Database, rng: random.Random, year: int) -> dict:
    fake = Faker(rng)
    conn = db.conn
    county_id = conn.execute("SELECT id FROM counties WHERE slug = 'yiyuan'").fetchone()[0]
    town_ids: dict[str, int] = {}
    for name, kind in TOWNS:
        cur = conn.execute(
            "INSERT INTO towns (county_id, name, kind, pinyin, initials) VALUES (?, ?, ?, ?, ?)",
            (county_id, name, kind, *_keys(name)),
        )
        town_ids[name] = cur.lastrowid

    station_ids: dict[str, int] = {}
    station_town: dict[int, str] = {}
    for i, (town, _) in enumerate(TOWNS):
        name = f"{town}人大代表民情联络站"
        cur = conn.execute(
            """INSERT INTO stations (county_id, town_id, kind, name, address, has_premises, has_equipment,
               has_rules, has_funds, schedule, pinyin, initials) VALUES (?, ?, '站', ?, ?, 1, 1, 1, ?, ?, ?, ?)""",
            (county_id, town_ids[town], name, f"沂源县{town}便民服务中心二楼", int(i % 5 != 4),
             SCHEDULES[i % len(SCHEDULES)], *_keys(name)),
        )
        station_ids[town] = cur.lastrowid
        station_town[cur.lastrowid] = town
    zone = "沂源经济开发区人大代表民情联络站"
    cur = conn.execute(
        """INSERT INTO stations (county_id, town_id, kind, name, address, has_premises, has_equipment,
           has_rules, has_funds, schedule, pinyin, initials) VALUES (?, ?, '站', ?, ?, 1, 1, 1, 1, ?, ?, ?)""",
        (county_id, town_ids["南麻街道"], zone, "沂源县经济开发区管委会一楼", "每月双周周四", *_keys(zone)),
    )
    station_ids["开发区"] = cur.lastrowid
    station_town[cur.lastrowid] = "南麻街道"
    point_ids: list[int] = []
    for town, points in POINTS.items():
        for p in points:
            name = f"{town}{p}民情联络点"
            cur = conn.execute(
                """INSERT INTO stations (county_id, town_id, parent_id, kind, name, address, has_premises,
                   has_equipment, has_rules, has_funds, schedule, pinyin, initials)
                   VALUES (?, ?, ?, '点', ?, ?, 1, ?, 1, 0, '每季度至少1次', ?, ?)""",
                (county_id, town_ids[town], station_ids[town], name, f"沂源县{town}{p}便民服务站",
                 int(rng.random() < 0.8), *_keys(name)),
            )
            point_ids.append(cur.lastrowid)
            station_town[cur.lastrowid] = town

    # Deputies: 150 county-level (some also city/province/national), the rest town-level only;
    # about a quarter of county deputies also sit in their town's congress (市县镇重复任职).
    taken: set[str] = set()
    deputies = []
    town_names = [t for t, _ in TOWNS]
    town_station = [station_ids[t] for t in town_names]
    for i in range(150):
        town = town_names[i % len(town_names)]
        levels = ["县"]
        r = rng.random()
        if i < 1:
            levels = ["全国", "省", "市", "县"]
        elif i < 4:
            levels = ["省", "市", "县"]
        elif i < 16:
            levels = ["市", "县"]
        if r < 0.28:
            levels.append("镇")
        station = station_ids["开发区"] if i % 25 == 24 else station_ids[town]
        deputies.append((town, ",".join(levels), station))
    for i in range(270):
        town = town_names[i % len(town_names)]
        deputies.append((town, "镇", town_station[i % len(town_names)]))
    deputy_ids = []
    county_deputy_ids = []
    deputy_station: dict[int, int] = {}
    names = fake.unique_names(len(deputies), taken)
    for name, (town, levels, station) in zip(names, deputies, strict=True):
        cur = conn.execute(
            """INSERT INTO deputies (county_id, town_id, station_id, name, sex, phone, work_unit, levels,
               pinyin, initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (county_id, town_ids[town], station, name, fake.sex(), fake.mobile(),
             f"{town}{rng.choice(WORK_UNITS)}", levels, *_keys(name)),
        )
        deputy_ids.append(cur.lastrowid)
        deputy_station[cur.lastrowid] = station
        if "县" in levels:
            county_deputy_ids.append(cur.lastrowid)

    # 30 standing-committee members in 5 contact groups, 5 county deputies each: all 150 covered.
    member_ids = []
    member_names = fake.unique_names(30, taken)
    for i, name in enumerate(member_names):
        cur = conn.execute(
            """INSERT INTO members (county_id, name, post, group_name, phone, pinyin, initials)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (county_id, name, POSTS[i], f"第{'一二三四五'[i % 5]}活动小组", fake.mobile(), *_keys(name)),
        )
        member_ids.append(cur.lastrowid)
    shuffled = county_deputy_ids[:]
    rng.shuffle(shuffled)
    links_md = []
    for link_year, rotate in ((year - 1, 0), (year, 7)):  # rotated once a year
        order = shuffled[rotate:] + shuffled[:rotate]
        for j, deputy_id in enumerate(order):
            links_md.append((link_year, member_ids[j % 30], deputy_id))
    conn.executemany("INSERT INTO member_deputies (year, member_id, deputy_id) VALUES (?, ?, ?)", links_md)

    # Constituents: each deputy keeps 6-10 in fixed contact (沂源).
    constituent_ids = []
    constituent_town: dict[int, str] = {}
    deputy_constituents: dict[int, list[int]] = {}
    links_dc = []
    for deputy_id, (town, _, _) in zip(deputy_ids, deputies, strict=True):
        mine = []
        for _ in range(rng.randint(6, 10)):
            name = fake.name()
            cur = conn.execute(
                """INSERT INTO constituents (county_id, town_id, name, phone, address, pinyin, initials)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (county_id, town_ids[town], name, fake.mobile(), fake.address(town), *_keys(name)),
            )
            mine.append(cur.lastrowid)
            constituent_town[cur.lastrowid] = town
        constituent_ids.extend(mine)
        deputy_constituents[deputy_id] = mine
        for link_year in (year - 1, year):
            links_dc.extend((link_year, deputy_id, c) for c in mine)
    conn.executemany(
        "INSERT INTO deputy_constituents (year, deputy_id, constituent_id) VALUES (?, ?, ?)", links_dc
    )

    department_ids = []
    for name, kind in COUNTY_DEPARTMENTS + [(f"{t}人民政府" if k == "镇" else f"{t}办事处", "镇街") for t, k in TOWNS]:
        cur = conn.execute(
            "INSERT INTO departments (county_id, name, kind, pinyin, initials) VALUES (?, ?, ?, ?, ?)",
            (county_id, name, kind, *_keys(name)),
        )
        department_ids.append(cur.lastrowid)

    return {
        "county_id": county_id,
        "town_ids": town_ids,
        "station_ids": list(station_ids.values()),
        "point_ids": point_ids,
        "station_town": station_town,
        "deputy_ids": deputy_ids,
        "county_deputy_ids": county_deputy_ids,
        "deputy_station": deputy_station,
        "member_ids": member_ids,
        "member_deputies": links_md,
        "constituent_ids": constituent_ids,
        "deputy_constituents": deputy_constituents,
        "department_ids": department_ids,
    }
