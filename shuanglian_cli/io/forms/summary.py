"""统计汇总: the period's figures, the same numbers as `sl stats quarter|year` (store/stats.period_stats)."""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.io.forms.layout import Column

KEY = "summary"
TITLE = "统计汇总"
COLUMNS = [
    Column("序号", 6, "number"),
    Column("项目", 40),
    Column("数量", 16, "number"),
    Column("说明", 50),
]
HEADERS = [c.header for c in COLUMNS]

RATES = {"satisfaction_rate", "report_back_rate"}
NOTES = {
    "constituent_attendances": "含名册内群众和未登记姓名的来访群众",
    "closed_on_time": "书面答复日期不晚于办理期限",
    "overdue": "截至统计日已过办理期限仍未答复",
    "satisfaction_rate": "（满意＋基本满意）÷已反馈评价",
    "suggestions": "按收集日期统计",
    "activities": "按活动日期统计",
}


def figures(ctx) -> dict:
    if "figures" not in ctx.cache:
        scope = ctx.scope
        if scope.station_ids is not None:
            from shuanglian_cli.store.forms import station_figures

            ctx.cache["figures"] = station_figures(ctx.db, scope)
        else:
            from shuanglian_cli.store.stats import period_stats

            ctx.cache["figures"] = period_stats(ctx.db, scope.start, scope.end, scope.county_id, scope.as_of)
    return ctx.cache["figures"]


def count(ctx) -> int:
    return sum(1 for _ in rows(ctx))


def rows(ctx) -> Iterator[list]:
    from shuanglian_cli.store.stats import LABELS

    data = figures(ctx)
    n = 0
    for key, label in LABELS.items():
        if key not in data:
            continue
        value = data[key]
        if key in RATES:
            value = "—" if value is None else f"{value * 100:.1f}%"
        n += 1
        yield [n, label, value, NOTES.get(key, "")]
        if key == "activities":
            for kind, k in (data.get("activities_by_kind") or {}).items():
                if k:
                    yield [None, f"\u3000其中：{kind}（次）", k, ""]
    if ctx.scope.station_ids is None:  # the referral desk (issue 14): answers by class, returns, co-handlers
        from shuanglian_cli.store.referrals import DESK_LABELS, desk_period_counts

        scope = ctx.scope
        desk = desk_period_counts(ctx.db, scope.start, scope.end, scope.county_id, scope.as_of)
        for key, label in DESK_LABELS.items():
            n += 1
            yield [n, label, desk[key], "按最新答复分类（续报后按续报）" if key == "replies_class_a" else ""]
    yield [n + 1, "统计截止日期", ctx.as_of.isoformat(), "办结、答复、反馈按此日期判断"]
