"""The duty rota (值班表): sl schedule rota|swap|absent, sl deputy away|absences (services/rota.py).
Each function is one Entry of cli/app.py COMMANDS, added to the schedule and deputy groups."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, StationOpt, as_of_option, format_option
from shuanglian_cli.cli.render import ok, render, warn
from shuanglian_cli.cli.state import state, today_or

ROTA_COLUMNS = [("date", "日期"), ("weekday", "星期"), ("station", "联络站（点）"), ("detail", "值班代表")]
MACHINE_COLUMNS = [("date", "日期"), ("weekday", "星期"), ("county", "县区"), ("station_id", "站点编号"),
                   ("station", "联络站（点）"), ("deputies", "值班代表"), ("deputy_ids", "代表编号"), ("kept", "已过去保留")]
ABSENT_COLUMNS = [("date", "日期"), ("weekday", "星期"), ("station", "联络站（点）"), ("deputy", "代表"),
                  ("note", "说明")]
ABSENCE_COLUMNS = [("id", "编号"), ("deputy", "代表"), ("station", "所属联络站"), ("start_on", "开始"),
                   ("end_on", "结束"), ("reason", "事由")]


def _date(text: str, what: str):
    from shuanglian_cli.domain.dates import parse_date

    return parse_date(text, what)


def rota(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="年度（默认今年）"),
    station: StationOpt = None,
    county: CountyOpt = None,
    per_day: int = typer.Option(None, "--per-day", min=1, max=20, help="每个接待日安排几名代表（默认配置 rota.per_day）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示排班结果，不保存"),
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """排出全年接待日值班表：所属联络站为本站或其下属联络点的代表，轮流到本站和各联络点的接待日值班。

    每名代表每年至少 rota.min_days_per_year 天，尽量平均、分散在全年；一年按 rota.min_gap_days 天分段，
    每名代表每段至多 1 天；尽量让每天的代表层级不同；请假的日子不排。重新排班时，截至日之前的日子保持不变
    （计入最低天数），之后的日子重新排；其中换过班（sl schedule swap）且仍然有效的（代表在册、属于本站或其
    下属联络点、当天没有请假）照旧保留，计入最低天数；不再有效的换班逐条列出（日期、联络站、代表、原因）。有代表排不满最低天数时不保存，并列出是谁、为什么。
    “每季度至少N次”的规则不定日子，不排班。--station 给出联络点时，排它所属联络站及其各联络点。"""
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_year
    from shuanglian_cli.domain.lifecycle import check_write_as_of
    from shuanglian_cli.services.rota import plan_rota
    from shuanglian_cli.store.rosters import county_id_of

    st = state(ctx)
    db = st.db()
    day = today_or(as_of)
    if not dry_run:
        check_write_as_of(day, today())
    the_year = parse_year(year) if year else day.year
    county_id = county_id_of(db, county)
    result = plan_rota(db, st.config, st.calendar, year=the_year, as_of=day, county_id=county_id,
                       station_id=id_of(db, "stations", station, county_id), per_day=per_day, dry_run=dry_run)
    for line in result.skipped:
        warn(f"未排班：{line}")
    if result.unfilled:
        warn(f"{len(result.unfilled)} 个接待日人数不足（可排的代表不够）：" + "；".join(result.unfilled[:5])
             + ("……" if len(result.unfilled) > 5 else ""))
    for r in result.swaps_dropped:
        warn(f"换班不再有效，已按新排班处理：{r['date']} {r['station']} {r['deputy']}（{r['why']}）")
    rows, columns = result.rows, ROTA_COLUMNS
    if fmt is OutputFormat.table:
        rows = [{**r, "detail": "、".join(r["deputies"]) + ("（已过去，保留）" if r["kept"] else "")} for r in rows]
    else:
        columns = MACHINE_COLUMNS
        if fmt is OutputFormat.csv or st.extras.get("out"):  # a cell holds text: names joined as a clerk writes them
            rows = [{**r, "deputies": "、".join(r["deputies"]), "deputy_ids": " ".join(map(str, r["deputy_ids"]))}
                    for r in rows]
    people = sum(len(r["deputies"]) for r in result.rows)
    footer = [f"共 {len(result.rows)} 个接待日，{people} 人次；保留已过去的 {result.kept} 人次"
              + (f"、今后仍有效的换班 {result.swaps_kept} 人次" if result.swaps_kept else "")]
    footer.append("（试排，未保存）" if dry_run else f"已保存 {result.written} 条排班")
    render(rows, columns, fmt, title=f"{the_year} 年接待日值班表", footer=footer if fmt is OutputFormat.table else (),
           empty="没有接待日")
    if fmt is not OutputFormat.table:
        warn(footer[-1])


def swap(
    ctx: typer.Context,
    deputy: str = typer.Argument(..., help="要换班的代表：姓名、编号或拼音"),
    date: str = typer.Option(..., "--date", help="该代表原定的接待日，例如 2026-12-10"),
    with_: str = typer.Option(None, "--with", help="接替的代表（须属于本站或其下属联络点）"),
    to: str = typer.Option(None, "--to", help="改到的日子：给了 --with 时为对方原定的日子（两人互换），否则为本站另一个已排班的接待日"),
    station: StationOpt = None,
    county: CountyOpt = None,
) -> None:
    """调换值班：与本站另一名代表换班（--with；再加 --to 为互换两天），或改到本站另一个接待日（--to）。"""
    from shuanglian_cli.cli.roster_common import find_in, id_of
    from shuanglian_cli.clock import today
    from shuanglian_cli.services.rota import swap as do_swap
    from shuanglian_cli.store.rosters import county_id_of

    st = state(ctx)
    db = st.db()
    who = find_in(db, "deputies", deputy, county)
    other = find_in(db, "deputies", with_, county) if with_ else None
    station_id = id_of(db, "stations", station, county_id_of(db, county))
    message, warnings = do_swap(db, st.config, deputy=who, day=_date(date, "--date 日期"), today=today(),
                                station_id=station_id, other=other, other_day=_date(to, "--to 日期") if to else None)
    ok(message)
    for line in warnings:
        warn(line)


def absent(
    ctx: typer.Context,
    from_: str = typer.Option(None, "--from", help="开始日期（默认截至日所在季度的第一天）"),
    to: str = typer.Option(None, "--to", help="结束日期（默认截至日前一天）"),
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，例如 2026Q3（代替 --from/--to）"),
    station: StationOpt = None,
    county: CountyOpt = None,
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """排了班却没有记录到场的代表：截至日之前、值班当天没有任何记有该代表的联系活动。"""
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.domain.dates import parse_quarter, quarter_of, quarter_range
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.services.rota import absent as find_absent
    from shuanglian_cli.store.rosters import county_id_of
    from shuanglian_cli.store.rota import rota_stations

    db = state(ctx).db()
    day = today_or(as_of)
    if quarter and (from_ or to):
        raise UserError("--quarter 与 --from/--to 只能给出一种")
    if quarter:
        start, end = quarter_range(*parse_quarter(quarter))
    else:
        start = _date(from_, "--from 日期") if from_ else quarter_range(*quarter_of(day))[0]
        end = _date(to, "--to 日期") if to else day
    if end < start:
        raise UserError(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    county_id = county_id_of(db, county)
    station_id = id_of(db, "stations", station, county_id)
    stations = rota_stations(db, county_id)
    ids = [s["id"] for s in stations if station_id is None or station_id in (s["id"], s["parent_id"])]
    rows = find_absent(db, ids, start, end, day)
    render(rows, ABSENT_COLUMNS, fmt, title=f"{start.isoformat()} 至 {min(end, day).isoformat()} 排班未到场的代表",
           footer=[f"共 {len(rows)} 人次"], empty="排了班的代表都有到场记录（或这段时间没有排班）")


def away(
    ctx: typer.Context,
    deputy: str = typer.Argument(None, help="请假的代表：姓名、编号或拼音"),
    from_: str = typer.Option(None, "--from", help="开始日期"),
    to: str = typer.Option(None, "--to", help="结束日期（含）"),
    reason: str = typer.Option("", "--reason", help="事由"),
    cancel: int = typer.Option(None, "--cancel", metavar="ID", help="撤销一条请假记录（编号见 sl deputy absences）"),
    county: CountyOpt = None,
) -> None:
    """登记代表请假（外出、培训、生病……）：这段时间不排值班；或用 --cancel 撤销一条。"""
    from shuanglian_cli.cli.roster_common import find_in
    from shuanglian_cli.domain.text import clean_text
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.services.rota import add_absence, cancel_absence

    db = state(ctx).db()
    if cancel is not None:
        row = cancel_absence(db, cancel)
        ok(f"已撤销 {row['deputy']} {row['start_on']} 至 {row['end_on']} 的请假（编号 {cancel}）")
        return
    if not deputy or not from_ or not to:
        raise UserError("请给出代表和请假起止日期，例如 sl deputy away 张三 --from 2026-12-01 --to 2026-12-15")
    who = find_in(db, "deputies", deputy, county)
    start, end = _date(from_, "--from 日期"), _date(to, "--to 日期")
    new_id, planned = add_absence(db, who, start, end, clean_text(reason or ""))
    ok(f"已登记 {who['name']} {start.isoformat()} 至 {end.isoformat()} 请假（编号 {new_id}）")
    if planned:
        warn(f"{who['name']} 在 {'、'.join(planned)} 已排班：请用 `sl schedule swap` 换班，或重新排班 `sl schedule rota`")


def absences(
    ctx: typer.Context,
    deputy: str = typer.Argument(None, help="只看这名代表"),
    year: int = typer.Option(None, "--year", "-y", help="只看与这一年有交集的请假"),
    county: CountyOpt = None,
    fmt: OutputFormat = format_option(),
) -> None:
    """代表请假记录。"""
    import datetime as dt

    from shuanglian_cli.cli.roster_common import find_in
    from shuanglian_cli.domain.dates import parse_year
    from shuanglian_cli.store.rosters import county_id_of
    from shuanglian_cli.store.rota import absences as listing

    db = state(ctx).db()
    who = find_in(db, "deputies", deputy, county) if deputy else None
    y = parse_year(year) if year else None
    rows = listing(db, county_id_of(db, county), who["id"] if who else None,
                   dt.date(y, 1, 1) if y else None, dt.date(y, 12, 31) if y else None)
    render(rows, ABSENCE_COLUMNS, fmt, title="代表请假记录", footer=[f"共 {len(rows)} 条"], empty="没有请假记录")
