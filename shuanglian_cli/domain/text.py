"""Normalising what clerks type: full-width characters, names, phone numbers, pinyin keys."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from shuanglian_cli.errors import UserError

_SPACES = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters, punctuation and the ideographic space become ASCII."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def clean_cell(value: object) -> str:
    """A spreadsheet cell as trimmed half-width text; None and floats like 1.0 handled."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = to_halfwidth(str(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\n\t")
    return text.strip()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")

NAME_MAX = 50  # characters in the name of a person, station, body or town
CONTENT_MAX = 2000  # characters in one opinion


def clean_text(value: object) -> str:
    """People's words (opinions, answers, replies, notes, topics) as typed: trimmed, invisible control
    characters dropped, Windows line ends made plain, but full-width punctuation kept (，！（）are part
    of what was said). Only names, phones, numbers and dates go half-width."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def check_name(name: str, what: str = "名称") -> str:
    """A roster name (already normalised): at most NAME_MAX characters and not all digits, since a
    name such as “421” would be hidden by the row whose id is 421."""
    if len(name) > NAME_MAX:
        raise UserError(f"{what}“{name[:20]}…”有 {len(name)} 个字，最多 {NAME_MAX} 个字")
    if name.isdigit():
        raise UserError(f"{what}“{name}”不能全是数字（会与编号混淆）", ["同名需区分时可在后面加括号注明，如“张伟（南麻）”"])
    return name


def check_content(text: str, where: str = "") -> str:
    """An opinion's content: at most CONTENT_MAX characters, refused above (never cut)."""
    if len(text) > CONTENT_MAX:
        raise UserError(f"{where}意见建议内容有 {len(text)} 个字，超过上限 {CONTENT_MAX} 个字，未保存",
                        ["请精简内容，或拆成几条意见建议分别登记"])
    return text


def normalize_name(name: str) -> str:
    """Chinese names carry no inner spaces; clerks' sheets often have them (张 三)."""
    text = clean_cell(name)
    if re.search(r"[\u4e00-\u9fff]", text):
        return _SPACES.sub("", text)
    return _SPACES.sub(" ", text)


_PHONE_STRIP = re.compile(r"[\s\-()（）+]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$|^\d{7,8}$")


def normalize_phone(raw: object) -> str:
    """Return a phone number as digits ('' when blank); raise UserError if it is not one.

    Accepts mobiles (138-0533-1234, 1.38053312E10 from Excel, +86 prefix) and landlines
    (0533-3221234, or a 7-8 digit local number).
    """
    text = clean_cell(raw)
    if not text:
        return ""
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d{1,2}", text):
        text = str(int(float(text)))
    digits = _PHONE_STRIP.sub("", text)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit() or not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise UserError(f"“{text}”不是有效的电话号码")
    return digits


def mask_phone(phone: str | None) -> str:
    """138****5678: keep the first three and last four digits."""
    if not phone:
        return ""
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return phone[:1] + "*" * (len(phone) - 1)


def mask_address(address: str | None) -> str:
    """Keep the town-level part (first 6 characters) and hide the rest."""
    if not address:
        return ""
    keep = min(6, max(1, len(address) // 2))
    return address[:keep] + "****"


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name


class PinyinKeys(NamedTuple):
    full: str  # zhangsan
    initials: str  # zs


def pinyin_keys(name: str) -> PinyinKeys:
    """The full pinyin and initials of a Chinese name, lower case, no tones: 张三 -> ('zhangsan', 'zs')."""
    from pypinyin import Style, lazy_pinyin  # lazy: pypinyin loads a large dictionary

    full = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return PinyinKeys("".join(full).lower(), "".join(initials).lower())


LEVELS = ("全国", "省", "市", "县", "镇")
_LEVEL_WORDS = {
    "全国": "全国", "国家": "全国", "全国人大": "全国",
    "省": "省", "省级": "省", "省人大": "省",
    "市": "市", "市级": "市", "设区的市": "市", "市人大": "市",
    "县": "县", "县级": "县", "区": "县", "区级": "县", "县区": "县", "县(区)": "县", "县人大": "县", "区人大": "县",
    "镇": "镇", "镇级": "镇", "乡": "镇", "乡镇": "镇", "街道": "镇", "镇街": "镇", "乡级": "镇", "镇人大": "镇",
}
_LEVEL_SPLIT = re.compile(r"[,，、;；/|\s]+")


def normalize_levels(raw: object) -> str:
    """Deputy levels as a comma list in fixed order: '县、镇' / '县级 乡镇' / '区,街道' -> '县,镇'.

    '' stays ''. Raises UserError naming the word it does not know."""
    text = clean_cell(raw)
    found = set()
    for word in _LEVEL_SPLIT.split(text):
        if not word:
            continue
        word = word.removesuffix("代表").removesuffix("人大代表")
        level = _LEVEL_WORDS.get(word)
        if level is None:
            raise UserError(f"代表层级“{word}”无法识别（可用：全国、省、市、县、镇，多个用逗号分隔）")
        found.add(level)
    return ",".join(level for level in LEVELS if level in found)


_YES = {"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "对", "已"}
_NO = {"否", "无", "没有", "×", "✗", "x", "n", "no", "false", "0", "未", "-"}


def parse_yes_no(raw: object) -> bool | None:
    """A yes/no cell: 是/有/√/1 -> True, 否/无/×/0 -> False, blank -> None; else UserError."""
    text = clean_cell(raw).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise UserError(f"“{text}”应为 是 或 否（也可写 有/无、√/×、1/0）")


def normalize_sex(raw: object) -> str | None:
    """男/女 (also 男性, M, F); blank -> None; else UserError."""
    text = clean_cell(raw).lower()
    if not text:
        return None
    if text in ("男", "男性", "m", "male"):
        return "男"
    if text in ("女", "女性", "f", "female"):
        return "女"
    raise UserError(f"性别“{text}”应为 男 或 女")


_COMPOUND_TEXT = (
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 太叔 申屠 "
    "公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 "
    "拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 公户 公玉 公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 "
    "西门 公祖 第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 褚师"
)
_COMPOUND_SURNAMES = frozenset(_COMPOUND_TEXT.split())


def pinyin_keys_quick(name: str) -> PinyinKeys:
    """pinyin_keys for a person's name without loading pypinyin's phrase dictionary
    (slow to load: benchmarks/README.md): each character's first reading from pypinyin's character table.
    Equal to pinyin_keys for ordinary names; compound surnames (尉迟) and characters missing
    from the table fall back to pinyin_keys. Used where one new name must not slow a command."""
    import importlib.util
    import json
    import sys
    from pathlib import Path

    if "pypinyin.constants" in sys.modules or name[:2] in _COMPOUND_SURNAMES:
        return pinyin_keys(name)
    global _CHAR_TABLE
    if _CHAR_TABLE is None:
        spec = importlib.util.find_spec("pypinyin")  # locates the package without importing it
        table = Path(spec.origin).parent / "pinyin_dict.json" if spec and spec.origin else None
        if table is None or not table.exists():
            return pinyin_keys(name)
        _CHAR_TABLE = json.loads(table.read_text(encoding="utf-8"))
    full, initials = [], []
    for ch in name:
        if not re.match(r"[\u3400-\u9fff]", ch):
            continue  # as pinyin_keys (errors="ignore")
        readings = _CHAR_TABLE.get(str(ord(ch)))
        if not readings:
            return pinyin_keys(name)
        plain = unicodedata.normalize("NFD", readings.split(",")[0]).replace("u\u0308", "v")
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        full.append(plain)
        initials.append(plain[:1])
    return PinyinKeys("".join(full).lower(), "".join(initials).lower())


_CHAR_TABLE: dict | None = None
