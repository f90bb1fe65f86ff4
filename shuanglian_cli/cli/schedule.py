"""sl schedule next|missed: reception days from each station's rule (站点的接待日规则)."""


import datetime as dt

import typer

from shuanglian_cli.cli.options import (
    CountyOpt,
    OutputFormat,
    StationOpt,
    as_of_option,
    format_option,
)
from shuanglian_cli.cli.render import render, warn
from shuanglian_cli.cli.state import state, today_or

app = typer.Typer(no_args_is_help=True, help="接待日安排：即将到来的与漏办的")

COLUMNS = [("date", "日期"), ("weekday", "星期"), ("county", "县区"), ("station", "联络站（点）"),
           ("rule", "规则"), ("note", "说明")]


def _stations(ctx, county: str | None, station: str | None):
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.store.activities import scheduled_stations
    from shuanglian_cli.store.rosters import county_id_of

    st = state(ctx)
    db = st.db()
    county_id = county_id_of(db, county)
    station_id = id_of(db, "stations", station, county_id)
    rows = scheduled_stations(db, county_id, station_id)
    if station_id is not None and not rows:
        from shuanglian_cli.errors import UserError

        raise UserError("该联络站（点）没有设定接待日规则（或已停用）", ["可用 `sl station edit` 设定规则，例如 每月双周周四"])
    return st, db, rows


def _held(db, rows: list[dict], start: dt.date, end: dt.date) -> dict:
    from shuanglian_cli.domain.dates import quarter_range
    from shuanglian_cli.domain.schedule import quarters_between
    from shuanglian_cli.store.activities import activity_days

    quarters = quarters_between(start, end)
    first, last = quarter_range(*quarters[0])[0], quarter_range(*quarters[-1])[1]
    return activity_days(db, [r["id"] for r in rows], first, last)


@app.command("next")
def next_(
    ctx: typer.Context,
    station: StationOpt = None,
    county: CountyOpt = None,
    days: int = typer.Option(30, "--days", min=1, max=366, help="往后看多少天"),
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """即将到来的接待日（均为工作日；规则日期遇节假日按配置 schedule.holiday_shift 顺延、提前或取消）。"""
    from shuanglian_cli.domain.schedule import upcoming

    st, db, stations = _stations(ctx, county, station)
    start = today_or(as_of)
    end = start + dt.timedelta(days=days - 1)
    shift = st.config.get("schedule", "holiday_shift", default="next")
    # as of `start`: an activity recorded with a later date did not exist yet
    rows, problems = upcoming(stations, _held(db, stations, start, start), start, end, st.calendar, shift)
    for p in problems:
        warn(f"接待日规则无法识别，已跳过：{p}")
    columns = _with_duty(db, rows, start, end, fmt)
    if fmt is OutputFormat.csv or (fmt is OutputFormat.json and st.extras.get("out")):
        for r in rows:  # a cell holds text: the names joined as a clerk writes them
            r["on_duty"] = "、".join(r["on_duty"])
    if fmt is OutputFormat.table:
        for r in rows:
            if r["date"] is None:
                r["date"] = f"{r['due_by']} 前"
            if r["recorded"]:
                r["note"] = (r["note"] + "；" if r["note"] else "") + "已记录活动"
            if columns is not COLUMNS:  # one free-text column: who is on duty, else the note
                r["detail"] = "、".join(r["on_duty"]) + (f"（{r['note']}）" if r["on_duty"] and r["note"] else r["note"])
    render(rows, columns, fmt, title=f"{start.isoformat()} 起 {days} 天内的接待日", empty="这段时间没有安排接待日")


DUTY_COLUMNS = [("date", "日期"), ("weekday", "星期"), ("station", "联络站（点）"), ("detail", "值班代表（说明）")]


def _with_duty(db, rows: list[dict], start: dt.date, end: dt.date, fmt: OutputFormat) -> list[tuple[str, str]]:
    """Each row gains `on_duty` (the names the rota plans, after swaps). When any day has them, the
    table shows them in place of county and rule, so it still fits 80 columns (names cut with …)."""
    from shuanglian_cli.store.rota import on_duty_between

    duty = on_duty_between(db, {r["station_id"] for r in rows}, start, end)
    for r in rows:
        r["on_duty"] = duty.get((r["station_id"], r["date"]), []) if r["date"] else []
    return DUTY_COLUMNS if fmt is OutputFormat.table and duty else COLUMNS


@app.command("missed")
def missed_(
    ctx: typer.Context,
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，例如 2026Q3；默认为截至日所在季度"),
    station: StationOpt = None,
    county: CountyOpt = None,
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """按规则应当接待、却没有记录联系活动的日子（只看截至日之前的日子；“每季度至少N次”看已结束的季度）。"""
    from shuanglian_cli.domain.dates import parse_quarter, quarter_of, quarter_range
    from shuanglian_cli.domain.schedule import missed

    st, db, stations = _stations(ctx, county, station)
    day = today_or(as_of)
    year, q = parse_quarter(quarter) if quarter else quarter_of(day)
    start, end = quarter_range(year, q)
    shift = st.config.get("schedule", "holiday_shift", default="next")
    held = _held(db, stations, start, min(end, day))  # as of `day`: later activities did not exist yet
    rows, problems = missed(stations, held, start, end, day, st.calendar, shift)
    for p in problems:
        warn(f"接待日规则无法识别，已跳过：{p}")
    render(rows, COLUMNS, fmt, title=f"{year}Q{q} 漏办的接待日（截至 {day.isoformat()}）", empty="没有漏办的接待日")
