"""Normalising what clerks type: full-width characters, names, phone numbers, pinyin keys."""

from __future__ import annotations

import re
import unicodedata

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
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
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


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a Chinese name, lower case, no tones: 张三 -> ('zhangsan', 'zs')."""
    from pypinyin import Style, lazy_pinyin  # lazy: pypinyin loads a large dictionary

    full = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(full).lower(), "".join(initials).lower()
