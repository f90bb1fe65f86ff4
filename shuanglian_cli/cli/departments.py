"""sl department report (also spelt `sl departments report`): how each responsible body (承办单位) handles what is referred to it."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, as_of_option, format_option
from shuanglian_cli.cli.render import render
from shuanglian_cli.cli.state import state, today_or

app = typer.Typer(no_args_is_help=True)


@app.command("report")
def report(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", help="交办年份（默认 --as-of 所在年份）"),
    county: CountyOpt = None,
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """各承办单位办理情况：交办、已答复、按期答复率、答复用时中位数、当前超期、满意率。

    交办、答复、满意度按该年交办的统计；“当前超期”是截至 --as-of 所有年份仍超期未答复的。
    """
    from shuanglian_cli.cli.calendar import note_calendar_change
    from shuanglian_cli.cli.roster_common import county_or_default
    from shuanglian_cli.cli.suggestions_desk import DESK_COLUMNS, DESK_NOTE, desk_cells
    from shuanglian_cli.domain.dates import parse_year
    from shuanglian_cli.services.department_score import department_rows

    st = state(ctx)
    day = today_or(as_of)
    year = parse_year(year) if year else day.year
    note_calendar_change(ctx)
    c = county_or_default(ctx, county)
    rows, total = department_rows(st.db(), st.config, st.calendar, year=year, county_id=c["id"] if c else None,
                                  day=day)
    if fmt is not OutputFormat.table:
        render(rows, [(k, k) for k in rows[0]] if rows else [("department", "department")], fmt)
        return

    def pct(value) -> str:
        return "" if value is None else f"{value * 100:.1f}%"

    for r in rows:
        r["on_time"] = f"{r['answered_on_time']}（{pct(r['on_time_rate'])}）" if r["answered"] else ""
        r["sat"] = f"{r['satisfied']}/{r['fed_back']}（{pct(r['satisfaction_rate'])}）" if r["fed_back"] else ""
        desk_cells(r)
    footer = [
        f"合计：交办 {total['referred']} 条，已答复 {total['answered']} 条，按期答复率 {pct(total['on_time_rate']) or '—'}，"
        f"答复用时中位数 {total['median_workdays_to_reply'] if total['median_workdays_to_reply'] is not None else '—'} 个工作日，"
        f"当前超期 {total['overdue_now']} 条，满意率 {pct(total['satisfaction_rate']) or '—'}",
        "按期：书面答复日期不晚于（最近一轮的）到期日；满意率：满意与基本满意占已反馈的比例",
        DESK_NOTE,
    ]
    columns = [("department", "承办单位"), ("referred", "交办"), ("answered", "已答复"), ("on_time", "按期答复（率）"),
               ("median_workdays_to_reply", "答复用时中位数（工作日）"), ("overdue_now", "当前超期"),
               ("sat", "满意（率）"), *DESK_COLUMNS]
    if c is None:
        columns.insert(1, ("county", "县区"))
    render(rows, columns, fmt, title=f"{year} 年承办单位办理情况（截至 {day.isoformat()}）", footer=footer,
           empty=f"{year} 年没有交办的意见建议")
