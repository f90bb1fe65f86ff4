"""sl topics: the matters raised most in a quarter or a year (集中反映的事项)."""

import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, as_of_option, format_option
from shuanglian_cli.cli.render import render
from shuanglian_cli.cli.roster_common import county_or_default
from shuanglian_cli.cli.state import state


def topics(
    ctx: typer.Context,
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，例如 2026Q3"),
    year: int = typer.Option(None, "--year", help="年份，例如 2026"),
    county: CountyOpt = None,
    limit: int = typer.Option(None, "--limit", "-n", help="最多列出多少个事项（默认全部）"),
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """把一个季度或一年收集的意见建议按事项归类（说法不同的同一件事归为一类），反映最多的在前：
    每个事项的条数、涉及的联络站(点)和镇街、交办多少条、交办给谁，并举一条原话为例。供确定下一季度议题参考。"""
    from shuanglian_cli.cli.state import today_or
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.services.topics import period_of
    from shuanglian_cli.services.topics import topics as find_topics

    if limit is not None and limit < 1:
        raise UserError(f"--limit 应为正整数，收到 {limit}")
    st = state(ctx)
    period = period_of(quarter, year)
    c = county_or_default(ctx, county)
    day = today_or(as_of)
    if day < period[1]:
        raise UserError(f"截至日 {day.isoformat()} 在 {period[0]} 开始之前")
    found = find_topics(st.db(), period, c["id"] if c else None, st.config, as_of=day)
    rows = [{"rank": i, **t} for i, t in enumerate(found[:limit], 1)]
    where = c["name"] if c else "全部县区"
    total = sum(t["count"] for t in found)
    footer = [f"{where} {period[0]}：意见建议 {total} 条，归为 {len(found)} 个事项"
              f"（反映 2 条以上的 {sum(t['count'] >= 2 for t in found)} 个）"]
    if len(rows) < len(found):
        footer.append(f"列出前 {len(rows)} 个（--limit）")
    if fmt is OutputFormat.json:
        render(rows, [(k, k) for k in rows[0]] if rows else [("rank", "rank")], fmt)
        return
    flat = [{**r, "stations": "、".join(r["stations"]), "towns": "、".join(r["towns"]),
             "departments": "、".join(f"{d['name']} {d['count']}" for d in r["departments"]),
             "ids": " ".join(map(str, r["ids"]))} for r in rows]
    if fmt is OutputFormat.csv:
        render(flat, [(k, k) for k in flat[0]] if flat else [("rank", "rank")], fmt)
        return
    table = [{"rank": r["rank"], "topic": r["label"], "count": r["count"], "station_count": len(r["stations"]),
              "town_count": len(r["towns"]), "referred": r["referred"], "content": r["example"]} for r in rows]
    render(table, [("rank", "序号"), ("topic", "事项"), ("count", "条数"), ("station_count", "站点"),
                   ("town_count", "镇街"), ("referred", "交办"), ("content", "原话举例")],
           title=f"{where} {period[0]} 集中反映的事项", footer=footer, empty=f"{where} {period[0]} 没有意见建议")
