"""sl export quarter|year|form: the standard forms as one print-ready Excel workbook."""


import datetime as dt
from pathlib import Path

import typer

from shuanglian_cli.cli.options import CountyOpt, StationOpt, as_of_option
from shuanglian_cli.cli.render import ok, stdout_console, warn
from shuanglian_cli.cli.state import state, today_or
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="导出标准表格（Excel，可直接打印）")



def _out_option():
    return typer.Option(None, "--out", "-o", help="输出文件（.xlsx）或文件夹；默认在当前文件夹，文件名含县区和期间")


def _reveal_option():
    return typer.Option(False, "--reveal", help="导出群众完整电话和住址（默认脱敏，如 138****5678）")


def _period(quarter: str | None, year: str | None, as_of: dt.date, default: str) -> tuple:
    """(start, end, 中文期间, 文件名期间) from --quarter/--year; default the last complete one."""
    from shuanglian_cli.domain.dates import (
        format_quarter,
        last_complete_quarter,
        parse_quarter,
        parse_year,
        quarter_range,
    )

    if quarter and year:
        raise UserError("--quarter 和 --year 只能选一个")
    if year or (not quarter and default == "year"):
        y = parse_year(year, "年度") if year else as_of.year - 1
        return dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}年度", f"{y}年"
    y, q = parse_quarter(quarter) if quarter else last_complete_quarter(as_of)
    start, end = quarter_range(y, q)
    return start, end, f"{y}年第{'一二三四'[q - 1]}季度", format_quarter(y, q)


def _given_once(argument: str | None, option: str | None, message: str) -> str | None:
    """The period typed as the argument or as its option; both, if they differ, is refused."""
    if argument and option and argument != option:
        raise UserError(message)
    return argument or option or None


def _export(ctx: typer.Context, forms, *, county, station, quarter, year, out, reveal, as_of, default, suffix):
    import re

    from shuanglian_cli.cli.progress import progress_bar
    from shuanglian_cli.io.forms import FormContext
    from shuanglian_cli.io.forms.workbook import check_target, write_forms
    from shuanglian_cli.store.forms import (
        build_scope,
        count_activities,
        count_referrals,
        count_register,
        has_data,
    )

    st = state(ctx)
    day = today_or(as_of)
    start, end, label, key = _period(quarter, year, day, default)
    db = st.db()
    scope = build_scope(db, county=county or st.config.get("default_county"), station=station,
                        start=start, end=end, as_of=day, period_label=label, period_key=key)
    name_parts = [scope.county_name, scope.station_name, key, suffix]
    # a station named with / or : would make a folder, or a name Windows refuses
    default_name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", "_".join(p for p in name_parts if p)) + ".xlsx"
    target = Path(out).expanduser() if out else Path.cwd() / default_name
    if target.is_dir():  # --out 桌面/ : the usual name in that folder
        target = target / default_name
    check_target(target)
    fctx = FormContext(db=db, scope=scope, calendar=st.calendar, reveal=reveal)
    if default == "year" and station is None:  # the year workbook assesses the bodies too (issue 14)
        from shuanglian_cli.io.forms import department_score
        from shuanglian_cli.services.department_score import department_rows

        fctx.cache[department_score.CACHE_KEY] = department_rows(
            db, st.config, st.calendar, year=start.year, county_id=scope.county_id, day=day)[0]
        forms = [*forms, department_score]
    if default == "year" and station is None:  # each deputy's yearly duties (issue 16)
        from shuanglian_cli.domain.duties import parse_duties
        from shuanglian_cli.io.forms import duties as duty_form
        from shuanglian_cli.store.duties import duty_table

        specs = parse_duties(st.config.get("duties"))
        fctx.cache[duty_form.CACHE_KEY] = (specs, duty_table(db, specs, start.year, day, scope.county_id))
        forms = [*forms, duty_form]
    empty = not has_data(db, scope)
    total = count_register(db, scope) + count_referrals(db, scope) + 2 * count_activities(db, scope)
    with progress_bar(total or None, "正在导出") as bar:
        counts = write_forms(target, fctx, forms, st.config.get("forms") or {}, on_row=bar.advance)
    if reveal:
        from shuanglian_cli.store.audit import log_reveal

        log_reveal(db, f"导出 {scope.station_name or scope.county_name} {label} 标准表格（未脱敏）",
                   command="export", rows=sum(counts.values()))
    ok(f"已导出 {target}")
    console = stdout_console()
    for title, n in counts.items():
        console.print(f"  {title}：{n} 行")
    console.print("  群众电话、住址：" + ("[bold red]未脱敏（--reveal），请妥善保管[/bold red]" if reveal else "已脱敏"))
    if empty:
        where = scope.station_name or scope.county_name
        warn(f"{where}{label}（{start.isoformat()} 至 {end.isoformat()}）没有联系活动和意见建议记录，已生成空表")


@app.command("quarter")
def quarter_cmd(
    ctx: typer.Context,
    period: str = typer.Argument(None, help="季度，如 2026Q3（也可用 --quarter）；默认上一个完整季度"),
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，如 2026Q3、2026年第三季度"),
    county: CountyOpt = None,
    station: StationOpt = None,
    out: str = _out_option(),
    reveal: bool = _reveal_option(),
    as_of: str = as_of_option(),
) -> None:
    """导出一个季度的全部标准表格：意见收集登记表、交办督办台账、接待群众记录、代表双联工作记录、统计汇总。"""
    from shuanglian_cli.io.forms import all_forms

    quarter = _given_once(period, quarter, "季度写了两次且不一致：请只用参数或 --quarter 之一")
    _export(ctx, all_forms(), county=county, station=station, quarter=quarter, year=None, out=out,
            reveal=reveal, as_of=as_of, default="quarter", suffix="双联工作")


@app.command("year")
def year_cmd(
    ctx: typer.Context,
    period: str = typer.Argument(None, help="年度，如 2025（也可用 --year）；默认上一年"),
    year: str = typer.Option(None, "--year", "-y", help="年度，如 2025"),
    county: CountyOpt = None,
    station: StationOpt = None,
    out: str = _out_option(),
    reveal: bool = _reveal_option(),
    as_of: str = as_of_option(),
) -> None:
    """导出一个年度的全部标准表格（同 export quarter，期间为全年）。"""
    from shuanglian_cli.io.forms import all_forms

    year = _given_once(period, year, "年度写了两次且不一致：请只用参数或 --year 之一")
    _export(ctx, all_forms(), county=county, station=station, quarter=None, year=year, out=out,
            reveal=reveal, as_of=as_of, default="year", suffix="双联工作")


@app.command("form")
def form_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="表格：中文名称，或 register、referrals、receptions、deputies、summary"),
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，如 2026Q3；默认上一个完整季度"),
    year: str = typer.Option(None, "--year", "-y", help="改为导出整个年度，如 2025"),
    county: CountyOpt = None,
    station: StationOpt = None,
    out: str = _out_option(),
    reveal: bool = _reveal_option(),
    as_of: str = as_of_option(),
) -> None:
    """只导出一张标准表格（另附封面）。

    register：人大代表接待(联系)群众意见收集登记表；referrals：交办督办台账；
    receptions：“双联”工作接待群众记录；deputies：人大代表“双联”工作记录；summary：统计汇总。
    """
    from shuanglian_cli.io.forms import find_form

    form = find_form(name)
    _export(ctx, [form], county=county, station=station, quarter=quarter, year=year, out=out,
            reveal=reveal, as_of=as_of, default="quarter", suffix=form.TITLE.replace("“", "").replace("”", ""))
