"""代表履职 (year workbook only): each deputy's yearly duties (config `duties`), met or not, with the
evidence, as `sl deputy duties` shows them. The export computes the table (store/duties.py) and puts
it in ctx.cache; this module only lays it out."""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.io.forms.layout import Column

KEY = "duties"
TITLE = "代表履职"
CACHE_KEY = "duties"
BASIS = "按活动日期和收集日期列入；述职自所任届次开始之日起算"
HEAD = [Column("序号", 5, "number"), Column("代表姓名", 8, "center"), Column("代表层级", 10, "center"),
        Column("所属联络站", 16)]


def columns(ctx) -> list[Column]:
    specs, _ = ctx.cache[CACHE_KEY]
    return [*HEAD, *[Column(s.label, 22, "long") for s in specs], Column("全部完成", 8, "center")]


def count(ctx) -> int:
    return len(ctx.cache[CACHE_KEY][1]["deputies"])


def rows(ctx) -> Iterator[list]:
    specs, data = ctx.cache[CACHE_KEY]
    for n, row in enumerate(data["deputies"], start=1):
        cells = []
        for s in specs:
            r = row[s.kind]
            cells.append(("—" if r["met"] is None else "是" if r["met"] else "否") + "：" + r["evidence"])
        yield [n, row["deputy"], (row["levels"] or "").replace(",", "、"), row["station"], *cells,
               "是" if row["met_all"] else "否"]
