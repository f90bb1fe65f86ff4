"""承办单位评分 (year workbook only): the department report's table with the referral desk's figures
and the score (services/department_score.py computes the rows; the export puts them in ctx.cache)."""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.io.forms.layout import Column

KEY = "department_score"
TITLE = "承办单位评分"
CACHE_KEY = "department_score"
COLUMNS = [
    Column("序号", 6, "number"),
    Column("承办单位", 26),
    Column("交办", 8, "number"),
    Column("已答复", 8, "number"),
    Column("按期答复", 10, "number"),
    Column("当前超期", 10, "number"),
    Column("满意", 8, "number"),
    Column("退办", 8, "number"),
    Column("协办/会签按期", 14, "center"),
    Column("A/B/C 类答复", 14, "center"),
    Column("评分", 8, "number"),
    Column("排名", 10, "center"),
]


def count(ctx) -> int:
    return len(ctx.cache.get(CACHE_KEY) or [])


def rows(ctx) -> Iterator[list]:
    ordered = sorted(ctx.cache.get(CACHE_KEY) or [],
                     key=lambda r: (r["rank"] is None, r["rank"] or 0, -r["referred"], r["department"] or ""))
    for n, r in enumerate(ordered, start=1):
        yield [n, r["department"], r["referred"], r["answered"], r["answered_on_time"], r["overdue_now"], r["satisfied"],
               r["returned"], f"{r['co_handled']}/{r['co_on_time']}", f"{r['class_a']}/{r['class_b']}/{r['class_c']}",
               r["score"], r["rank"] if r["rank"] else "不排名"]
