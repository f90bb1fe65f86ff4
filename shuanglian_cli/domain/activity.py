"""A contact activity as a clerk describes it, before any lookup: kinds, opinion handling syntax,
new constituents, report-back ratings. Pure parsing; the store resolves names to rows.

Opinion handling (--handle, or after a ｜ at the end of --opinion, or the 处理 column of a file):
  on_spot | 现场 | 现场解答                  answered on the spot
  refer:县交通运输局 | 交办:县交通运输局      referred to that body (limit from config by category)
  refer:县交通运输局:7                       ... with a limit of 7 working days
  inter_session | 闭会 | 闭会期间建议         taken up as an inter-session suggestion
  (nothing) | collected | 登记                only registered; handle it later with `sl suggestions`
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from shuanglian_cli.domain.text import (
    check_content,
    check_name,
    clean_cell,
    clean_text,
    normalize_name,
    to_halfwidth,
)
from shuanglian_cli.domain.vocabulary import ACTIVITY_KINDS
from shuanglian_cli.domain.vocabulary import HANDLINGS as HANDLING_LABELS
from shuanglian_cli.errors import UserError

KINDS = ACTIVITY_KINDS
KIND_ALIASES = {
    "接待": "接待日", "reception": "接待日", "议题": "议题式接待", "议题接待": "议题式接待", "topic": "议题式接待",
    "双联": "季度双联", "季度": "季度双联", "group": "季度双联", "quarterly": "季度双联",
    "走访": "走访", "visit": "走访", "入户走访": "走访", "接听": "接听日", "hotline": "接听日", "热线": "接听日",
    "座谈会": "座谈", "见面会": "座谈", "夜聊": "座谈", "代表周末见面": "座谈", "代表夜聊": "座谈", "meeting": "座谈",
    "述职评议": "述职", "report": "述职", "other": "其他",
}
HANDLINGS = ("on_spot", "refer", "inter_session", "collected")
_ON_SPOT = {"on_spot", "onspot", "spot", "现场", "现场解答", "当场答复", "现场答复"}
_INTER = {"inter_session", "inter", "闭会", "闭会期间建议", "闭会建议"}
_COLLECTED = {"", "collected", "登记", "待处理", "none"}
_REFER = re.compile(r"^(?:refer|referred|交办|转办)\s*[:：]\s*(.+?)(?:\s*[:：]\s*(\d+))?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*[|｜]\s*")


@dataclass(frozen=True)
class Handling:
    kind: str = "collected"  # one of HANDLINGS
    department: str = ""
    limit: int | None = None

    def describe(self) -> str:
        if self.kind == "refer":
            return f"交办 {self.department}" + (f"（{self.limit} 个工作日）" if self.limit else "")
        return {**HANDLING_LABELS, "collected": "登记待处理"}[self.kind]


@dataclass
class OpinionInput:
    content: str
    handle: str = ""
    category: str = ""
    deputy: str = ""
    raiser: str = ""
    answer: str = ""
    where: str = ""  # for messages: "第 2 条意见", "文件 x.xlsx 意见建议表第 5 行"


@dataclass
class VisitInput:
    """Everything describing one activity, as text from options, prompts or a file."""

    date: object = None
    kind: str = ""
    station: str = ""
    county: str = ""
    topics: list[str] = field(default_factory=list)
    summary: str = ""
    group: str = ""
    deputies: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    constituents: list[str] = field(default_factory=list)
    new_constituents: list[str] = field(default_factory=list)
    headcount: int | None = None
    rating: str = ""
    opinions: list[OpinionInput] = field(default_factory=list)

    def merge(self, other: VisitInput) -> VisitInput:
        """`other` (the command line) fills in or adds to this one (a file)."""
        out = VisitInput(**{k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()})
        for key, value in other.__dict__.items():
            if isinstance(value, list):
                getattr(out, key).extend(value)
            elif value not in (None, ""):
                setattr(out, key, value)
        return out


def parse_kind(text: str) -> str:
    value = normalize_name(text or "")
    if value in KINDS:
        return value
    alias = KIND_ALIASES.get(value) or KIND_ALIASES.get(value.lower())
    if alias:
        return alias
    raise UserError(f"活动类型“{text}”无法识别", [f"可用类型：{'、'.join(KINDS)}"])


def parse_handling(text: str, where: str = "") -> Handling:
    raw = to_halfwidth(clean_cell(text))
    low = raw.lower().replace(" ", "")
    if low in _COLLECTED:
        return Handling("collected")
    if low in _ON_SPOT:
        return Handling("on_spot")
    if low in _INTER:
        return Handling("inter_session")
    m = _REFER.match(raw)
    if m:
        limit = int(m.group(2)) if m.group(2) else None
        if limit is not None and not 1 <= limit <= 365:
            raise UserError(f"{where}办理时限“{m.group(2)}”应为 1 到 365 个工作日")
        return Handling("refer", m.group(1).strip(), limit)
    if low in ("refer", "交办", "转办"):
        raise UserError(f"{where}交办须写明承办单位，例如 refer:县交通运输局 或 交办:县交通运输局")
    raise UserError(
        f"{where}处理方式“{text}”无法识别",
        ["可写 on_spot（现场解答）、refer:承办单位[:工作日数]（交办）、inter_session（闭会期间建议），不写则只登记"],
    )


def split_opinion(text: str) -> tuple[str, str]:
    """'内容｜交办:县交通运输局' -> ('内容', '交办:县交通运输局'); the part after the last bar counts as
    a handling only if it reads as one, so a bar inside the content is left alone."""
    text = text or ""
    bars = list(_SEPARATOR.finditer(text))
    if bars:
        last = bars[-1]
        try:
            parse_handling(text[last.end():])
        except UserError:
            return text.strip(), ""
        return text[:last.start()].strip(), text[last.end():].strip()  # the content's own bars kept as typed
    return text.strip(), ""


def check_opinion(content: str, where: str) -> str:
    """The opinion as the person said it (full-width punctuation kept), not empty, not over the limit."""
    text = clean_text(content)
    if not text:
        raise UserError(f"{where}内容为空：每条意见建议都要写明内容")
    return check_content(text, where)


class NewConstituent(NamedTuple):
    name: str
    phone: str  # "" when left out
    address: str  # "" when left out


def parse_new_constituent(text: str, where: str = "--new-constituent") -> NewConstituent:
    """'姓名,电话,住址' (commas may be full-width; phone and address may be left out)."""
    from shuanglian_cli.domain.text import normalize_phone

    parts = [p.strip() for p in re.split(r"[,，]", to_halfwidth(text or ""), maxsplit=2)]
    name = normalize_name(parts[0]) if parts else ""
    if not name:
        raise UserError(f"{where}“{text}”缺少姓名，请写成“姓名,电话,住址”")
    try:
        check_name(name, "群众姓名")
    except UserError as exc:
        raise UserError(f"{where}：{exc.message}", exc.details) from None
    try:
        phone = normalize_phone(parts[1]) if len(parts) > 1 else ""
    except UserError as exc:
        raise UserError(f"{where}“{name}”：{exc.message}") from None
    address = parts[2] if len(parts) > 2 else ""
    return NewConstituent(name, phone, address)


class Rating(NamedTuple):
    satisfied: int
    total: int


def parse_rating(text: str) -> Rating | None:
    """述职评议 result '满意人数/参评人数', e.g. '47/48'."""
    raw = to_halfwidth(clean_cell(text))
    if not raw:
        return None
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", raw)
    if not m:
        raise UserError(f"评议结果“{text}”无法识别，请写成 满意人数/参评人数，例如 47/48")
    satisfied, total = int(m.group(1)), int(m.group(2))
    if total < 1 or satisfied > total:
        raise UserError(f"评议结果“{text}”：满意人数不能超过参评人数，参评人数至少 1 人")
    return Rating(satisfied, total)


def paired(values: list[str], count: int, option: str) -> list[str]:
    """--handle/--category given once apply to every --opinion; otherwise one per opinion, in order."""
    if not values:
        return [""] * count
    if len(values) == 1:
        return values * count
    if len(values) != count:
        raise UserError(
            f"{option} 给了 {len(values)} 个，--opinion 有 {count} 条：请每条意见各给一个（按顺序对应），或只给一个适用于全部"
        )
    return list(values)


def check_headcount(value: object, where: str = "--headcount") -> int:
    text = to_halfwidth(clean_cell(value))
    if not text:
        return 0
    if not text.isdigit() or int(text) > 100_000:
        raise UserError(f"{where}“{value}”应为不小于 0 的人数")
    return int(text)


HEADCOUNT_CONFIRM = 500  # more people than this at one visit is more likely a typing slip


def large_headcount(count: int) -> bool:
    return count > HEADCOUNT_CONFIRM


def future_date(day: dt.date, today: dt.date) -> bool:
    return day > today
