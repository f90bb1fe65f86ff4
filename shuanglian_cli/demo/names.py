"""Made-up names, phone numbers and addresses for the demo: no real person's data."""

from __future__ import annotations

import random

SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国庆德民志文海波宁春梅兰"
    "凤云飞鹏宇浩然晨阳光辉斌林峰莉燕琳雪倩颖慧鑫瑞博思佳欣雨涵晓东立新成永福家宝金"
)
VILLAGES = (
    "东村", "西村", "南村", "北村", "前庄", "后庄", "河东", "河西", "山前", "岭后", "石门", "上坪",
    "下坪", "杨家庄", "李家峪", "张家洼", "北流水", "南流水", "桃花峪", "大峪", "小峪", "凤凰山",
)
STREETS = ("胜利路", "鲁山路", "沂河路", "振兴路", "城关路", "健康路", "历山路", "螳螂河路")


class Faker:
    """Deterministic made-up personal data from one seeded Random."""

    def __init__(self, rng: random.Random, county: str = "沂源县"):
        self.rng = rng
        self.county = county
        self.used_phones: set[str] = set()

    def name(self) -> str:
        given = self.rng.choice(GIVEN)
        if self.rng.random() < 0.6:
            given += self.rng.choice(GIVEN)
        return self.rng.choice(SURNAMES) + given

    def unique_names(self, n: int, taken: set[str]) -> list[str]:
        out = []
        while len(out) < n:
            name = self.name()
            if name not in taken:
                taken.add(name)
                out.append(name)
        return out

    def mobile(self) -> str:
        # 170/171 are virtual-operator prefixes; the numbers are random and made up
        while True:
            phone = self.rng.choice(("170", "171", "139", "152", "186")) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def address(self, town: str) -> str:
        if town.endswith("街道"):
            return f"{self.county}{town}{self.rng.choice(STREETS)}{self.rng.randint(1, 300)}号"
        return f"{self.county}{town}{self.rng.choice(VILLAGES)}{self.rng.randint(1, 120)}号"

    def sex(self) -> str:
        return "女" if self.rng.random() < 0.28 else "男"
