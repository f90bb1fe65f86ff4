"""“双联”工作接待群众记录: each contact activity and the constituents met there, with what they raised.

The activity's own columns are filled on its first row only, as on the paper record, so a
reception with five people reads as one block.
"""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.io.forms.layout import Column
from shuanglian_cli.io.forms.register import HANDLING_LABELS, iso

KEY = "receptions"
TITLE = "“双联”工作接待群众记录"
BASIS = "按活动日期列入"  # what places a row in the period (printed under the title)
COLUMNS = [
    Column("序号", 5, "number"),
    Column("接待日期", 10.5, "date"),
    Column("联络站(点)", 14),
    Column("活动形式", 9, "center"),
    Column("议题", 12),
    Column("参加代表", 16),
    Column("参加常委会组成人员", 12),
    Column("群众姓名", 10.5, "center"),
    Column("联系电话", 12, "center"),
    Column("住址", 14),
    Column("反映的问题", 32, "long"),
    Column("处理情况", 16),
]
HEADERS = [c.header for c in COLUMNS]
GROUP_COLUMNS = 7  # one block per activity (8 with 参考编号)
ANONYMOUS = ("", "来访群众")


def _issues(items: list[tuple]) -> tuple[str, str]:
    """The opinions one person raised (numbered when several) and how each was handled."""
    if not items:
        return "", ""
    many = len(items) > 1
    texts, ways = [], []
    for i, (content, handling, department) in enumerate(items, start=1):
        mark = f"{i}. " if many else ""
        texts.append(mark + content)
        way = HANDLING_LABELS.get(handling or "", "待处理")
        if handling == "referred" and department:
            way += f"（{department}）"
        ways.append(mark + way)
    return "\n".join(texts), "\n".join(ways)


def columns(ctx) -> list[Column]:
    """The printed columns: a file with a site adds the activity's 参考编号 after 序号."""
    from shuanglian_cli.io.forms.refs import with_ref

    return with_ref(COLUMNS, ctx, "activities")


def group_columns(ctx) -> int:
    from shuanglian_cli.io.forms.refs import refs

    return GROUP_COLUMNS + (refs(ctx, "activities") is not None)


def count(ctx) -> int:
    from shuanglian_cli.store.forms import count_activities

    return count_activities(ctx.db, ctx.scope)


def rows(ctx) -> Iterator[list]:
    from shuanglian_cli.domain.text import mask_address, mask_phone
    from shuanglian_cli.io.forms.refs import ref_cells, refs
    from shuanglian_cli.store.forms import activity_constituents, activity_rows, activity_suggestions

    found = refs(ctx, "activities")
    met = activity_constituents(ctx.db, ctx.scope)
    raised = activity_suggestions(ctx.db, ctx.scope)

    def contact(phone, address):
        phone, address = phone or "", address or ""
        return (phone, address) if ctx.reveal else (mask_phone(phone), mask_address(address))

    for n, act in enumerate(activity_rows(ctx.db, ctx.scope), start=1):
        by_person: dict[int, list[tuple]] = {}
        people = {c["id"]: (c["name"], c["phone"], c["address"]) for c in met.get(act["id"], [])}
        by_name: dict[str, list[tuple]] = {}
        for cid, raiser, content, handling, dept, cname, cphone, caddress in raised.get(act["id"], []):
            if cid is not None:
                by_person.setdefault(cid, []).append((content, handling, dept))
                people.setdefault(cid, (cname, cphone, caddress))
            else:
                by_name.setdefault(raiser if raiser not in ANONYMOUS else "", []).append((content, handling, dept))
        lines: list[tuple[str, str, str, str, str]] = []
        for cid, (name, phone, address) in people.items():
            lines.append((name, *contact(phone, address), *_issues(by_person.get(cid, []))))
        for name, items in by_name.items():
            if name:
                lines.append((name, "", "", *_issues(items)))
        extra = act["extra_constituents"] or 0
        if extra or "" in by_name:
            label = f"其他群众{extra}人" if extra else "其他群众"
            lines.append((label, "", "", *_issues(by_name.get("", []))))
        if not lines:
            lines.append(("", "", "", "", ""))
        head = [n, *ref_cells(found, act["id"]), iso(act["date"]), act["station"] or "", act["kind"], act["topic"] or "",
                act["deputies"] or "", act["members"] or ""]
        blank = [None] * len(head)
        for i, line in enumerate(lines):
            yield (head if i == 0 else blank) + list(line)
