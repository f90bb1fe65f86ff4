"""How alike two opinions are: character pairs (bigrams) of their words, after NFKC, casefolding,
punctuation dropped, a synonym list applied (路灯/照明 → 路灯) and generic words dropped (建议, 希望,
尽快 are in nearly every opinion and say nothing about the matter). Chinese has no spaces: pairs of
characters are what CJK search engines index too. A score from 0 to 1 (Dice over the pair sets);
at or above THRESHOLD two opinions are taken for the same matter.

Measures on characters cannot see every rewording (村口路灯坏了 / 天黑以后村头一片漆黑 share nothing):
the labelled set in tests/data/similar_pairs.yaml says how far it goes (tests/test_similar_pairs.py)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# at or above this score two opinions are the same matter (chosen on the labelled pairs)
THRESHOLD = 0.45
KEY_SUPPORT = 0.15  # the Dice below which shared key words count only in part

# Each group is one word: the first is the form all others are read as. config `similar.synonyms`
# replaces this list (a clerk's own groups); a group's words may be of any length.
DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("路灯", "照明灯", "照明", "灯"),
    ("晚上", "夜里", "夜间", "晚间", "天黑"),
    ("不便", "不方便", "困难", "麻烦"),
    ("损坏", "坏了", "破损", "不亮", "失修", "破旧", "坏"),
    ("维修", "修缮", "修理", "修复", "修好", "修"),
    ("道路", "马路", "公路", "路面", "主干道", "主路"),
    ("自来水", "饮用水", "吃水"),
    ("停水", "断水", "没水", "用不上水"),
    ("管网", "管道", "管子"),
    ("垃圾桶", "垃圾箱"),
    ("清运", "清理", "拉走"),
    ("停车位", "车位"),
    ("停车难", "停车位不足", "停车位紧张"),
    ("医保", "医疗保险", "新农合", "合作医疗"),
    ("养老金", "养老保险", "养老待遇", "基础养老金"),
    ("老人", "老年人", "高龄老人"),
    ("孩子", "小孩", "儿童", "学生", "娃娃"),
    ("卫生室", "诊所"),
    ("监控", "摄像头"),
    ("减速带", "减速坎"),
    ("异味", "臭味", "气味", "发臭", "臭"),
    ("养殖场", "养猪场", "养鸡场", "猪圈"),
    ("健身器材", "健身设施", "运动器材"),
    ("公交", "公交车", "班车"),
    ("站台", "车站", "站牌"),
    ("学校", "校园", "中学", "小学"),
    ("护栏", "栏杆"),
    ("桥梁", "小桥", "桥"),
    ("河道", "小河", "河沟"),
    ("提高", "增加", "上调"),
    ("偏低", "太低", "太少", "偏少", "不足", "不够"),
    ("补贴", "补助"),
    ("村口", "村头"),
    ("厕所改造", "改厕"),
    ("复杂", "繁琐", "麻烦"),
)

# Words that name a matter (after the synonyms: 照明 is read as 路灯). Two opinions that name matters
# and share none of them are not the same matter however alike their frame (村口路灯坏了，建议维修 /
# 村口道路坏了，建议维修); config `similar.key_words` replaces this list.
DEFAULT_KEY_WORDS: tuple[str, ...] = (
    "路灯", "道路", "桥梁", "护栏", "自来水", "管网", "停水", "水压", "水质", "排水", "积水", "电网", "停电",
    "电压", "垃圾", "垃圾桶", "垃圾池", "河道", "厕所", "粪污", "化粪池", "养殖场", "异味", "噪音", "医保",
    "报销", "卫生室", "卫生院", "医生", "药", "养老金", "低保", "补贴", "幸福院", "托管", "校车", "学校",
    "食堂", "教师", "减速带", "交通", "公交", "站台", "遮雨棚", "停车", "停车位", "停车场", "消防通道",
    "监控", "集市", "电动车", "宅基地", "纠纷", "融资", "贷款", "苹果", "销售", "电商", "合作社", "灌溉",
    "机井", "病虫害", "旅游", "景区", "健身器材", "楼道", "快递", "供暖", "有线电视", "身份证", "残疾人",
    "工资", "租金", "就业", "宿舍", "校服", "网络", "信号", "燃气", "天然气", "拆迁", "物业", "广场舞",
    "公厕", "变压器", "土地", "认证", "电费", "水费", "占道", "杂草", "硬化", "拓宽", "班次", "早餐",
)

# Words in nearly every opinion, whatever its matter: dropped before the pairs are taken.
GENERIC_WORDS: tuple[str, ...] = (
    "群众反映", "反映", "建议", "希望", "请求", "要求", "恳请", "尽快", "尽早", "抓紧", "相关部门",
    "有关部门", "政府", "镇里", "问题", "情况", "存在", "进行", "能否", "是否", "能不能", "帮忙", "帮助",
    "考虑", "一下", "一些", "目前", "现在", "部分", "经常", "比较", "非常", "严重", "很多", "好几",
    "重复登记", "我们", "他们", "村民", "居民", "百姓", "解决", "一", "的", "了", "很", "都", "也", "还", "和",
    "与", "在", "是", "把", "被", "给", "让", "就", "又", "太", "多", "个", "着", "吧", "呢", "啊",
)

_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True)
class Reader:
    """Turns an opinion into the pair set the score compares: the synonyms and generic words fixed once
    (a compiled pattern), so reading thousands of texts stays cheap."""

    canon: dict[str, str]
    pattern: re.Pattern | None
    keys: re.Pattern | None = None
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a group's first word -> all its words

    def words(self, text: str) -> str:
        """The text as compared: NFKC, casefolded, punctuation and spaces gone, synonyms read as their
        group's first word, generic words gone."""
        folded = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())
        if self.pattern is None:
            return folded
        return self.pattern.sub(lambda m: self.canon[m.group(0)], folded)

    def pairs(self, text: str) -> frozenset[str]:
        return pairs_of(self.words(text))

    def terms(self, text: str) -> list[tuple[str, ...]]:
        """What to look for in stored texts (as typed, not read) to find ones like `text`: each of its
        synonym words as the group's spellings, and the pairs of the words in between. Generic words
        are left out."""
        folded = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())
        found: dict[tuple[str, ...], None] = {}
        start = 0
        for m in self.pattern.finditer(folded) if self.pattern is not None else ():
            found.update(dict.fromkeys((p,) for p in pairs_of(folded[start:m.start()]) if len(p) == 2))
            canon = self.canon[m.group(0)]
            if canon:
                found[self.spellings.get(canon, (canon,))] = None
            start = m.end()
        found.update(dict.fromkeys((p,) for p in pairs_of(folded[start:]) if len(p) == 2))
        return list(found)

    def read(self, text: str) -> Read:
        words = self.words(text)
        keys = frozenset(self.keys.findall(words)) if self.keys is not None else frozenset()
        return Read(pairs_of(words), keys)


@dataclass(frozen=True)
class Read:
    """One opinion as the score sees it: its character pairs and the key words it names."""

    pairs: frozenset[str]
    keys: frozenset[str]


def reader(synonyms: Iterable[Sequence[str]] | None = None, key_words: Iterable[str] | None = None) -> Reader:
    """A Reader for these synonym groups and key words (None: the defaults). Longer words are matched
    first, so 照明灯 is read whole before 灯; a generic word reads as nothing."""
    canon: dict[str, str] = {}
    spellings: dict[str, tuple[str, ...]] = {}
    for group in DEFAULT_SYNONYMS if synonyms is None else synonyms:
        words = [w for w in (_fold(str(w)) for w in group) if w]
        for word in words:
            canon.setdefault(word, words[0])
        if words:
            spellings[words[0]] = (*spellings.get(words[0], ()), *[w for w in words if canon[w] == words[0]])
    for word in GENERIC_WORDS:
        canon.setdefault(word, "")
    keys = sorted({canon.get(k, k) for k in map(_fold, DEFAULT_KEY_WORDS if key_words is None else key_words)
                   if k and canon.get(k, k)}, key=lambda w: (-len(w), w))
    alternatives = sorted(canon, key=lambda w: (-len(w), w))
    return Reader(canon, re.compile("|".join(map(re.escape, alternatives))) if canon else None,
                  _alternation(keys), {k: tuple(dict.fromkeys(v)) for k, v in spellings.items()})


def _alternation(words: list[str]) -> re.Pattern | None:
    """Finds the words of `words` in a text, left to right, the longest at each place (楼道路灯 is 楼道
    and 路灯, not 道路)."""
    if not words:
        return None
    return re.compile("|".join(map(re.escape, words)))


def _fold(word: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", word).casefold())


def pairs_of(words: str) -> frozenset[str]:
    """The overlapping character pairs of `words`; a one-character text is its own single 'pair'."""
    if len(words) < 2:
        return frozenset([words]) if words else frozenset()
    return frozenset(words[i:i + 2] for i in range(len(words) - 1))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """2|A∩B| / (|A|+|B|): 1 for the same pairs, 0 for none shared."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def score(a: str, b: str, read: Reader | None = None) -> float:
    """How alike two opinions are, 0-1, rounded to 3 decimals."""
    read = read or reader()
    return score_read(read.read(a), read.read(b))


def score_read(a: Read, b: Read) -> float:
    """Dice over the pairs, half of it when only one names a key word, and, when both name key words,
    the mean of that and how far their key words agree: the matter's name weighs as much as all the
    rest of the wording, in full once the wording shares at least KEY_SUPPORT."""
    value = dice(a.pairs, b.pairs)
    if a.keys and b.keys:  # a key word shared and little else (补贴 of a pension, of a solar panel) is not enough
        value = (value + key_agreement(a.keys, b.keys) * min(1.0, value / KEY_SUPPORT)) / 2
    elif a.keys or b.keys:
        value /= 2
    return round(value, 3)


def is_similar(value: float, threshold: float = THRESHOLD) -> bool:
    return value >= threshold


def min_shared(pairs_count: int, threshold: float = THRESHOLD) -> int:
    """The fewest pairs a text of `pairs_count` pairs must share with another for their score to reach
    `threshold` whatever the other's length: 2s/(a+b) >= t with s <= b gives s >= t*a/(2-t)."""
    return max(1, int(threshold * pairs_count / (2 - threshold) + 0.999))


@functools.lru_cache(maxsize=4096)  # a period's texts name few sets of key words: each pair once
def key_agreement(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard over the key words of both, a word within a longer one counting as that one (垃圾 and
    垃圾桶, 停车 and 停车位 name one matter; 垃圾 beside 垃圾桶 in one text is not a second matter)."""
    if a == b:
        return 1.0
    a, b = _outermost(a), _outermost(b)
    shared = min(sum(_named(k, b) for k in a), sum(_named(k, a) for k in b))
    return shared / (len(a) + len(b) - shared)


def _named(word: str, others: frozenset[str]) -> bool:
    return any(word in w or w in word for w in others)


def _outermost(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if not any(w != o and w in o for o in words))
