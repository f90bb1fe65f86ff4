"""人大代表“双联”工作记录: per deputy, the activities attended and the opinions collected in the period.

Deputies of the scope who attended nothing get one row saying so: the clerk must chase them.
"""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.io.forms.layout import Column
from shuanglian_cli.io.forms.register import iso

KEY = "deputies"
TITLE = "人大代表“双联”工作记录"
BASIS = "按活动日期和收集日期列入"  # what places a row in the period (printed under the title)
COLUMNS = [
    Column("序号", 5, "number"),
    Column("代表姓名", 8, "center"),
    Column("代表层级", 8, "center"),
    Column("所属联络站", 14),
    Column("活动日期", 10.5, "date"),
    Column("活动形式", 9, "center"),
    Column("活动地点", 14),
    Column("接待群众(人次)", 8, "number"),  # the glossary's constituent_attendances, for one activity
    Column("收集意见建议(条)", 8, "number"),
    Column("现场解答(条)", 7, "number"),
    Column("交办(条)", 6, "number"),
    Column("闭会期间建议(条)", 8, "number"),
    Column("主要意见建议", 30, "long"),
    Column("备注", 12),
]
HEADERS = [c.header for c in COLUMNS]
GROUP_COLUMNS = 4  # one block per deputy
NOT_ATTENDED = "本期未参加联系活动"
MAX_LISTED = 3


def _summary(items: list[tuple]) -> list:
    n = len(items)
    kinds = [h for _, h in items]
    texts = [c for c, _ in items[:MAX_LISTED]]
    listed = "；".join(texts) + (f"等{n}条" if n > MAX_LISTED else "")
    return [n, kinds.count("on_spot"), kinds.count("referred"), kinds.count("inter_session"), listed]


def columns(ctx) -> list[Column]:
    """The printed columns: a file with a site adds each activity's 参考编号 before its date."""
    from shuanglian_cli.io.forms.refs import with_ref

    return with_ref(COLUMNS, ctx, "activities", at=GROUP_COLUMNS)


def count(ctx) -> int:
    from shuanglian_cli.store.forms import scope_deputies

    return len(scope_deputies(ctx.db, ctx.scope))


def rows(ctx) -> Iterator[list]:
    from shuanglian_cli.io.forms.refs import ref_cells, refs
    from shuanglian_cli.store.forms import deputy_attendances, deputy_suggestions, scope_deputies

    found = refs(ctx, "activities")
    collected = deputy_suggestions(ctx.db, ctx.scope)
    attended: dict[int, list[dict]] = {}
    order: list[dict] = []
    for row in deputy_attendances(ctx.db, ctx.scope):
        if row["deputy_id"] not in attended:
            attended[row["deputy_id"]] = []
            order.append(row)
        attended[row["deputy_id"]].append(row)
    seen = {r["deputy_id"] for r in order}
    idle = [d for d in scope_deputies(ctx.db, ctx.scope) if d["deputy_id"] not in seen]
    # deputies who collected opinions outside any recorded activity (e.g. imported registers)
    loose = {did for did, aid in collected if aid is None and did not in seen}
    everyone = order + idle
    idle_ids = {d["deputy_id"] for d in idle}
    everyone += [d for d in _deputies_by_id(ctx.db, loose) if d["deputy_id"] not in idle_ids]
    for n, dep in enumerate(everyone, start=1):
        head = [n, dep["deputy"], (dep["levels"] or "").replace(",", "、"), dep["home_station"] or ""]
        lines = []
        for act in attended.get(dep["deputy_id"], []):
            items = collected.get((dep["deputy_id"], act["activity_id"]), [])
            lines.append([*ref_cells(found, act["activity_id"]), iso(act["date"]), act["kind"], act["station"] or "", act["met"], *_summary(items), ""])
        items = collected.get((dep["deputy_id"], None), [])
        if items:
            lines.append([*ref_cells(found, None), None, "", "", None, *_summary(items), "未关联联系活动"])
        if not lines:
            lines.append([*ref_cells(found, None), None, "", "", None, None, None, None, None, "", NOT_ATTENDED])
        for i, line in enumerate(lines):
            yield (head if i == 0 else [None] * len(head)) + line


def _deputies_by_id(db, ids: set[int]) -> list[dict]:
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    return [
        dict(zip(("deputy_id", "deputy", "levels", "home_station"), r, strict=True))
        for r in db.execute(
            f"""SELECT d.id, d.name, d.levels, st.name FROM deputies d LEFT JOIN stations st ON st.id = d.station_id
                WHERE d.id IN ({marks}) ORDER BY d.county_id, d.pinyin, d.id""", sorted(ids))
    ]
