"""人大代表接待(联系)群众意见收集登记表: one row per opinion collected in the period.

The 备注 column carries what the other columns cannot (feedback and closing dates, extension,
chases, withdrawal) as fixed phrases that io/register_import.py reads back, then the free note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from shuanglian_cli.domain.vocabulary import HANDLINGS
from shuanglian_cli.io.forms.layout import Column

KEY = "register"
TITLE = "人大代表接待(联系)群众意见收集登记表"
BASIS = "按收集日期列入"  # what places a row in the period (printed under the title)
COLUMNS = [
    Column("序号", 5, "number"),
    Column("接待日期", 10.5, "date"),
    Column("联络站(点)", 14),
    Column("接待代表", 7.5, "center"),
    Column("群众姓名", 7.5, "center"),
    Column("联系电话", 12, "center"),
    Column("住址", 14),
    Column("意见建议内容", 28, "long"),
    Column("类别", 8, "center"),
    Column("处理方式", 8, "center"),
    Column("承办单位", 13),
    Column("交办日期", 10.5, "date"),
    Column("办理时限", 8, "center"),
    Column("办理结果", 20, "long"),
    Column("答复日期", 10.5, "date"),
    Column("群众满意度", 7, "center"),
    Column("备注", 17),
]
HEADERS = [c.header for c in COLUMNS]

HANDLING_LABELS = HANDLINGS
# 备注 phrases (written here, parsed back by io/register_import.py)
FED_BACK = "反馈："
CLOSED = "办结："
EXTENDED = "已延期"
AFTER_DUE = "超期后延期"
WITHDRAWN = "已撤回"
CHASES = "督办{n}次"


def iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def limit_text(limit: int | None) -> str:
    return f"{limit}个工作日" if limit else ""


def note_text(s: dict) -> str:
    parts = []
    if s["handling"] == "referred":
        if s["fed_back_on"]:
            parts.append(FED_BACK + s["fed_back_on"])
        if s["closed_on"]:
            parts.append(CLOSED + s["closed_on"])
        if s["extended"]:
            parts.append(EXTENDED if s["extended"] == 1 else AFTER_DUE)
        if s["chases"]:
            parts.append(CHASES.format(n=s["chases"]))
    if s["state"] == "withdrawn":
        parts.append(WITHDRAWN)
    if s["note"]:
        parts.append(s["note"])
    return "\n".join(parts)


class Person(NamedTuple):
    name: str
    phone: str
    address: str


def person(s: dict, reveal: bool) -> Person:
    """Who raised it; phone and address masked unless revealed."""
    from shuanglian_cli.domain.text import mask_address, mask_phone

    if s["constituent"] is None:
        return Person(s["raiser_name"] or "", "", "")
    phone, address = s["phone"] or "", s["address"] or ""
    if not reveal:
        phone, address = mask_phone(phone), mask_address(address)
    return Person(s["constituent"], phone, address)


def result_text(s: dict) -> str:
    if s["handling"] == "referred":
        return s["reply"] or ""
    return s["answer"] or ""


def columns(ctx) -> list[Column]:
    """The printed columns: a file with a site adds 参考编号 after 序号 (io/register_import.py reads by header)."""
    from shuanglian_cli.io.forms.refs import with_ref

    return with_ref(COLUMNS, ctx, "suggestions")


def count(ctx) -> int:
    from shuanglian_cli.store.forms import count_register

    return count_register(ctx.db, ctx.scope)


def rows(ctx) -> Iterator[list]:
    from shuanglian_cli.io.forms.refs import ref_cells, refs
    from shuanglian_cli.store.forms import register_rows

    found = refs(ctx, "suggestions")
    for n, s in enumerate(register_rows(ctx.db, ctx.scope), start=1):
        name, phone, address = person(s, ctx.reveal)
        referred = s["handling"] == "referred"
        yield [
            n, *ref_cells(found, s["id"]), iso(s["collected_on"]), s["station"] or "", s["deputy"] or "", name, phone, address,
            s["content"], s["category"], HANDLING_LABELS.get(s["handling"] or "", ""),
            (s["department"] or "") if referred else "", iso(s["referred_on"]) if referred else None,
            limit_text(s["limit_workdays"]) if referred else "", result_text(s),
            iso(s["replied_on"]), s["satisfaction"] or "", note_text(s),
        ]
