"""The city demo's counties: one profile each, from DOMAIN.md's table "What the article publishes,
county by county". A figure marked `# article` is the article's exact number for the county's last
full year and the demo reproduces it exactly; "300+"-style figures are lower bounds and the value
chosen lies above them; every other figure is made up, within DOMAIN.md's scale of a county.

沂源 is built by the original generator (demo/rosters.py, demo/activity.py), unchanged; its profile
here only names it and its published figures. The other seven are built by demo/county_rosters.py
and demo/county_year.py.

A programme is one kind of activity over the year: how many, the deputies' and constituents'
attendances, the suggestions they yield (on the spot, referred, inter-session), where deputies come
from (`pool`: the station's own deputies, a contact group's linked deputies, or the whole county).
"""

from __future__ import annotations

# the eight counties in the order the city lists them (migration 1's county ids)
CITY = "淄博市"
CITY_STATIONS, CITY_POINTS = 89, 320  # article


def programme(kind, n, deputies, constituents, on_spot, referred, inter_session, **extra) -> dict:
    return {"kind": kind, "n": n, "deputies": deputies, "constituents": constituents,
            "on_spot": on_spot, "referred": referred, "inter_session": inter_session, **extra}


PROFILES: dict[str, dict] = {
    "zhangdian": {
        "name": "张店区", "office": "区人大常委会代表工作室", "prefix": "区",
        "towns": [("车站街道", "街道", 5), ("公园街道", "街道", 5), ("和平街道", "街道", 4), ("科苑街道", "街道", 5),
                  ("体育场街道", "街道", 4), ("杏园街道", "街道", 4), ("马尚街道", "街道", 4),
                  ("四宝山街道", "街道", 4), ("湖田街道", "街道", 5), ("傅家镇", "镇", 4), ("中埠镇", "镇", 4),
                  ("房镇镇", "镇", 4)],
        "extra_stations": [],
        "schedule": "每月第1周周五",
        "levels": {"全国": 1, "省": 3, "市": 22, "县": 260, "镇": 150},  # 县: article (260 district deputies)
        "county_and_town": 40,
        "constituents": (6, 10),
        "members": 35, "groups": 5, "group_word": "活动小组",  # article: 35 members in 5 groups
        "district_government": "张店区人民政府",
        "programmes": [
            # article: 32 activities, 232 deputy and 260 constituent attendances, 86 suggestions, 8 referred
            programme("季度双联", 32, 232, 260, 70, 8, 8, pool="group", refer_to="district_government"),
            programme("接待日", 120, 300, 480, 260, 150, 6, points=0.3),
            programme("议题式接待", 12, 60, 150, 50, 30, 4),
            programme("走访", 60, 60, 120, 60, 30, 0),
            programme("述职", 12, 12, 36, 8, 4, 0, report_backs=[("县", 12, 540, 531)]),
        ],
    },
    "zhoucun": {
        "name": "周村区", "office": "区人大常委会代表工作室", "prefix": "区",
        "towns": [("丝绸路街道", "街道", 5), ("大街街道", "街道", 5), ("青年路街道", "街道", 4),
                  ("永安街道", "街道", 4), ("城北路街道", "街道", 4), ("北郊镇", "镇", 5), ("南郊镇", "镇", 5),
                  ("王村镇", "镇", 4), ("萌水镇", "镇", 4)],
        "extra_stations": [("周村经济开发区人大代表民情联络站", "城北路街道")],
        "schedule": "每月第2周周三",
        "levels": {"全国": 0, "省": 2, "市": 15, "县": 180, "镇": 230},
        "county_and_town": 50,
        "constituents": (6, 10),
        "members": 28, "groups": 4, "group_word": "活动小组",
        "topics": ["加快推进农村养老服务业发展", "加快园区发展建设，推动产业转型升级",
                   "融合文化旅游资源，加速推进旅游业发展", "如何做好棚户区改造工作",
                   "关于实施改造后的老旧小区物业管理问题"],
        "programmes": [
            # article: 300+ deputy attendances at 接待群众日 (336 chosen)
            programme("接待日", 130, 336, 520, 300, 180, 8, points=0.3),
            # article: each town sets 2-3 topics a year: 25 topic receptions over 10 stations
            programme("议题式接待", 25, 110, 300, 90, 60, 6, topics=True),
            programme("季度双联", 16, 100, 150, 40, 10, 2, pool="group"),
            programme("述职", 10, 10, 30, 6, 4, 0, report_backs=[("县", 10, 450, 441)]),
        ],
    },
    "gaoqing": {
        "name": "高青县", "office": "县人大常委会代表工作室", "prefix": "县",
        "towns": [("田镇街道", "街道", 5), ("芦湖街道", "街道", 5), ("青城镇", "镇", 4), ("高城镇", "镇", 4),
                  ("黑里寨镇", "镇", 4), ("唐坊镇", "镇", 4), ("常家镇", "镇", 4), ("花沟镇", "镇", 4),
                  ("木李镇", "镇", 4)],
        "extra_stations": [],
        "schedule": "每季度至少1次",
        # article: 35 city-level, 191 county-level, 462 town-level deputies served
        "levels": {"全国": 0, "省": 2, "市": 35, "县": 191, "镇": 462},
        "county_and_town": 120,
        # article: 6 constituents each; 2,646 in fixed contact, each person counted once
        "constituents": {"per_deputy": 6, "distinct": 2646},
        "members": 25, "groups": 5, "group_word": "活动小组",
        "programmes": [
            programme("接待日", 150, 380, 600, 330, 210, 10, points=0.4),
            programme("座谈", 20, 120, 160, 50, 30, 4),
            programme("季度双联", 20, 130, 200, 50, 12, 2, pool="group"),
            programme("述职", 9, 9, 27, 5, 3, 0, report_backs=[("县", 9, 405, 398)]),
        ],
    },
    "boshan": {
        "name": "博山区", "office": "区人大常委会代表工作室", "prefix": "区",
        "towns": [("城东街道", "街道", 4), ("城西街道", "街道", 4), ("山头街道", "街道", 4), ("域城镇", "镇", 4),
                  ("白塔镇", "镇", 4), ("八陡镇", "镇", 3), ("石马镇", "镇", 3), ("源泉镇", "镇", 4),
                  ("池上镇", "镇", 3), ("博山镇", "镇", 3)],
        "extra_stations": [],
        "schedule": "每月第3周周六",  # 代表周末见面
        "levels": {"全国": 0, "省": 2, "市": 20, "县": 200, "镇": 260},
        "county_and_town": 60,
        "constituents": (6, 10),
        "members": 27, "groups": 3, "group_word": "活动小组",
        "programmes": [
            # article: 280+ opinions collected in door-to-door visits (大走访): 287 chosen
            programme("走访", 150, 150, 380, 150, 130, 7),
            programme("座谈", 40, 160, 320, 80, 60, 4, summaries=["代表周末见面", "代表夜聊"]),
            programme("接待日", 100, 250, 300, 150, 90, 4, points=0.3),
            # article: 18 district and 10 town deputies reported to voters, 98% satisfied;
            # 3 city deputies reported to the standing committee, all rated 满意
            programme("述职", 31, 31, 0, 0, 0, 0,
                      report_backs=[("县", 18, 900, 882), ("镇", 10, 500, 490), ("市", 3, 75, 75)]),
        ],
    },
    "huantai": {
        "name": "桓台县", "office": "县人大常委会代表工作室", "prefix": "县",
        # article: 9 stations (8 towns, 1 street) and 47 points
        "towns": [("索镇", "镇", 6), ("少海街道", "街道", 5), ("起凤镇", "镇", 5), ("田庄镇", "镇", 5),
                  ("荆家镇", "镇", 5), ("马桥镇", "镇", 6), ("新城镇", "镇", 5), ("唐山镇", "镇", 5),
                  ("果里镇", "镇", 5)],
        "extra_stations": [],
        "schedule": "每月双周周四",  # article: reception every other Thursday
        "levels": {"全国": 0, "省": 1, "市": 18, "县": 210, "镇": 300},
        "county_and_town": 70,
        "constituents": (6, 10),
        "members": 26, "groups": 4, "group_word": "活动小组",
        "programmes": [
            # every station on each 双周周四: 9 x 24 = 216; the year's constituents received: 648 (article: 600+)
            programme("接待日", 216, 470, 500, 280, 170, 6, schedule=True),
            programme("季度双联", 16, 104, 100, 40, 8, 2, pool="group"),
            programme("述职", 9, 9, 48, 6, 3, 0, report_backs=[("县", 9, 405, 399)]),
        ],
    },
    "zichuan": {
        "name": "淄川区", "office": "区人大常委会代表工作室", "prefix": "区",
        # article: 14 stations, 51 points
        "towns": [("般阳路街道", "街道", 4), ("松龄路街道", "街道", 4), ("钟楼街道", "街道", 4),
                  ("将军路街道", "街道", 4), ("昆仑镇", "镇", 4), ("岭子镇", "镇", 4), ("寨里镇", "镇", 4),
                  ("洪山镇", "镇", 4), ("龙泉镇", "镇", 4), ("罗村镇", "镇", 3), ("西河镇", "镇", 3),
                  ("双杨镇", "镇", 3), ("太河镇", "镇", 3), ("黑旺镇", "镇", 3)],
        "extra_stations": [],
        "schedule": "每季度至少1次",  # article: quarterly receptions
        "levels": {"全国": 1, "省": 3, "市": 20, "县": 213, "镇": 330},  # 县: article (213 district deputies)
        "county_and_town": 80,
        "constituents": (6, 10),
        "members": 34, "groups": 5, "group_word": "活动小组",  # article: 34 members linked to all 213
        "topics": ["合力推进新旧动能转换", "义务教育均衡发展", "乡村振兴", "精准扶贫",
                   "淄川服装城金桥贯通", "城区西南部小学建设"],
        "programmes": [
            # article: 16 activities, 1,115 deputy attendances, 545 suggestions
            programme("议题式接待", 8, 600, 420, 160, 120, 10, pool="county", topics=True, quarterly=True),
            programme("接待日", 4, 300, 160, 80, 70, 0, pool="county", quarterly=True),
            programme("座谈", 4, 215, 60, 60, 40, 5, pool="county", quarterly=True,
                      summaries=["学习交流"]),
        ],
    },
    "linzi": {
        "name": "临淄区", "office": "区人大常委会代表工作室", "prefix": "区",
        "towns": [("闻韶街道", "街道", 4), ("雪宫街道", "街道", 4), ("辛店街道", "街道", 4), ("稷下街道", "街道", 3),
                  ("齐陵街道", "街道", 3), ("齐都镇", "镇", 3), ("皇城镇", "镇", 3), ("敬仲镇", "镇", 3),
                  ("朱台镇", "镇", 3), ("凤凰镇", "镇", 4), ("金岭回族镇", "镇", 3)],
        # the hotline centre's station (民生服务热线服务中心联络总站)
        "extra_stations": [("临淄区民生服务热线服务中心联络总站", "闻韶街道")],
        "hotline_station": "临淄区民生服务热线服务中心联络总站",
        "schedule": "每季度至少1次",
        "levels": {"全国": 0, "省": 2, "市": 18, "县": 220, "镇": 280},
        "county_and_town": 70,
        "constituents": (6, 10),
        "members": 30, "groups": 6, "group_word": "督导组",  # article: 6 supervision groups
        "programmes": [
            # article: hotline duty on the Thursday of each month's 2nd week, towns taking turns
            programme("接听日", 12, 48, 180, 80, 70, 2, pool="county", schedule=True, at="hotline"),
            programme("接待日", 140, 320, 450, 250, 150, 6, points=0.3),
            programme("走访", 50, 50, 100, 40, 20, 0),
            programme("述职", 11, 11, 33, 6, 3, 0, report_backs=[("县", 11, 495, 487)]),
        ],
    },
    "yiyuan": {
        "name": "沂源县", "legacy": True,  # demo/rosters.py + demo/activity.py, as `sl demo` builds it
        # article: 13 stations, 19 points; 793 deputy attendances; 1,160 suggestions: 662/460/38
        "stations": 13, "points": 19,
        "figures": {"deputy_attendances": 793, "suggestions": 1160, "on_spot": 662, "referred": 460,
                    "inter_session": 38},
    },
}

# the order the city demo builds and sends them: 沂源's towns first (its chain), then the others
ORDER = ("yiyuan", "zhangdian", "zichuan", "boshan", "linzi", "zhoucun", "huantai", "gaoqing")
HOTLINE_SCHEDULE = "每月第2周周四"


# the article's exact figures for each county's last full year, as paths into the city table's json
# (`sl stats year --by-county --format json`): what tests/test_city_demo.py checks
ARTICLE: dict[str, dict] = {
    "zhangdian": {"deputies_by_level.县": 260, "members": 35,
                  "by_kind.季度双联.activities": 32, "by_kind.季度双联.deputy_attendances": 232,
                  "by_kind.季度双联.constituent_attendances": 260, "by_kind.季度双联.suggestions": 86,
                  "by_kind.季度双联.referred": 8},
    "zhoucun": {},
    "gaoqing": {"deputies_by_level.市": 35, "deputies_by_level.县": 191, "deputies_by_level.镇": 462,
                "constituents_in_contact": 2646},
    "boshan": {"report_backs_by_level.县.deputies": 18, "report_backs_by_level.镇.deputies": 10,
               "report_backs_by_level.市.deputies": 3, "report_backs_by_level.市.rate": 1.0},
    "huantai": {"stations": 9, "points": 47},
    "yiyuan": {"stations": 13, "points": 19, "deputy_attendances": 793, "suggestions": 1160, "on_spot": 662,
               "referred": 460, "inter_session": 38},
    "zichuan": {"stations": 14, "points": 51, "members_linking": 34, "deputies_linked_by_members": 213,
                "deputies_by_level.县": 213, "activities": 16, "deputy_attendances": 1115, "suggestions": 545},
    "linzi": {},
}
# lower bounds the article gives ("300余", "280余", "600余"): key -> bound
ARTICLE_AT_LEAST: dict[str, dict] = {
    "zhoucun": {"by_kind.接待日.deputy_attendances": 300},
    "boshan": {"by_kind.走访.suggestions": 280},
    "huantai": {"constituent_attendances": 600},
}
