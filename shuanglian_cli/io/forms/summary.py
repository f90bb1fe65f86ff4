"""统计汇总: the period's figures, the same numbers as `sl stats quarter|year` (store/stats.period_stats),
labelled and explained by the glossary (domain/figures.py)."""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.io.forms.layout import Column

KEY = "summary"
TITLE = "统计汇总"
BASIS = "各项数字的口径见说明栏和 docs/figures.md"  # what places a row in the period (printed under the title)
COLUMNS = [
    Column("序号", 6, "number"),
    Column("项目", 40),
    Column("数量", 16, "number"),
    Column("说明", 60, "long"),
]
HEADERS = [c.header for c in COLUMNS]

RATES = {"satisfaction_rate", "report_back_rate", "on_time_rate"}


def figures(ctx) -> dict:
    if "figures" not in ctx.cache:
        ctx.cache["figures"] = period_figures(ctx, ctx.scope.start, ctx.scope.end)
    return ctx.cache["figures"]


def period_figures(ctx, start, end) -> dict:
    """The sheet's figures (store/stats.period_stats) for [start, end] in the workbook's scope (its
    station and points, else its county), cut at its day: the charts' months and quarters count as
    the sheet does."""
    import dataclasses

    scope = dataclasses.replace(ctx.scope, start=start, end=end)
    if scope.station_ids is not None:
        from shuanglian_cli.store.forms import station_figures

        return station_figures(ctx.db, scope)
    from shuanglian_cli.store.stats import period_stats

    return period_stats(ctx.db, scope.start, scope.end, scope.county_id, scope.as_of)


def count(ctx) -> int:
    return sum(1 for _ in rows(ctx))


def rows(ctx) -> Iterator[list]:
    for _key, values in keyed_rows(ctx):
        yield values


def keyed_rows(ctx) -> Iterator[tuple[str, list]]:
    """One row per glossary figure of the sheet (domain/figures.py), its definition and the date
    that places a record in the period as the note; each with the figure's key (the charts find
    their cells by it: charts.py)."""
    from shuanglian_cli.domain import figures as glossary

    data = figures(ctx)
    n = 0
    for fig in glossary.for_output(glossary.SUMMARY):
        if fig.key == "activities_by_kind":  # listed under activities
            continue
        value = data[fig.key]
        if fig.key in RATES:
            value = "—" if value is None else f"{value * 100:.1f}%"
        n += 1
        yield fig.key, [n, fig.label, value, f"{fig.definition}（按{fig.basis}）"]
        if fig.key == "activities":
            for kind, k in (data.get("activities_by_kind") or {}).items():
                if k:
                    yield f"activities_by_kind:{kind}", [None, f"\u3000其中：{kind}（次）", k, ""]
    yield "as_of", [n + 1, "统计截止日期", ctx.as_of.isoformat(),
                    "各项数字均按此日期切断：此后日期的记录不计；补录以前的记录后数字会变化"]
