"""sl calendar: the working-day calendar, deadlines, and keeping stored due dates in step with it."""


import datetime as dt

import typer

from shuanglian_cli.cli.options import OutputFormat, format_option
from shuanglian_cli.cli.render import echo_json, ok, render, stdout_console, warn
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True)

UNCONFIRMED = "未确认"


def due_text(due: str | dt.date | None, confirmed) -> str:
    """A due date as shown to clerks: marked 未确认 when it rests on an unannounced year."""
    if not due:
        return ""
    text = due.isoformat() if isinstance(due, dt.date) else str(due)
    return text if confirmed else f"{text}（{UNCONFIRMED}）"


def note_calendar_change(ctx: typer.Context) -> None:
    """Say so when the due dates shown follow a calendar change not yet stored (services/store.py)."""
    from shuanglian_cli.services.store import calendar_changed

    if calendar_changed(state(ctx).db()):
        warn("工作日历已变化：到期日已按当前日历计算（尚未存入数据库，下次修改数据时保存），"
             "运行 `sl calendar check` 查看明细")


def _date(text: str, what: str) -> dt.date:
    from shuanglian_cli.domain.dates import parse_date

    return parse_date(text, what)


def _unconfirmed_note(cal, a: dt.date, b: dt.date) -> str:
    years = [y for y in range(min(a, b).year, max(a, b).year + 1) if not cal.is_confirmed_year(y)]
    return (f"{'、'.join(map(str, years))} 年的放假安排尚未公布（也未在配置 calendar.years 中录入），"
            "按“周一至周五上班、周末休息”推算，结果未确认")


@app.command("deadline")
def deadline(
    ctx: typer.Context,
    start: str = typer.Argument(..., help="交办日期（第 0 天），例如 2026-09-28"),
    days: int = typer.Option(None, "--days", "-n", help="办理时限（工作日）；默认按 --category 或配置 deadlines.default"),
    category: str = typer.Option(None, "--category", help="意见建议类别，按配置中的类别时限计算"),
    fmt: OutputFormat = format_option(),
) -> None:
    """计算办理期限：交办之日为第 0 天，从次日起算，第 N 个工作日结束时到期。"""
    st = state(ctx)
    begin = _date(start, "交办日期")
    n = days if days is not None else st.config.limit_for(category)
    if n < 1:
        raise UserError(f"办理时限必须是正整数个工作日，收到 {n}")
    cal = st.calendar
    result = cal.deadline(begin, n)
    if fmt is not OutputFormat.table:
        if fmt is OutputFormat.json:
            echo_json(result.as_dict())
        else:
            render([result.as_dict()], [("start", "交办日期"), ("workdays", "工作日"), ("due", "到期日"),
                                        ("confirmed", "已确认")], fmt)
        return
    from shuanglian_cli.domain.workdays import weekday_cn

    console = stdout_console()
    console.print(f"交办日期 {begin.isoformat()}（{weekday_cn(begin)}），办理时限 {n} 个工作日")
    console.print(f"到期日：[bold]{due_text(result.due, result.confirmed)}[/bold]（{weekday_cn(result.due)}），"
                  f"共 {(result.due - begin).days} 个日历日")
    if not result.confirmed:
        warn(_unconfirmed_note(cal, begin, result.due))


@app.command("between")
def between(
    ctx: typer.Context,
    start: str = typer.Argument(..., help="起始日期（不计入）"),
    end: str = typer.Argument(..., help="截止日期（计入）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """两个日期之间的工作日数：不含起始日，含截止日（与办理期限的算法一致）。"""
    cal = state(ctx).calendar
    a, b = _date(start, "起始日期"), _date(end, "截止日期")
    data = {"start": a.isoformat(), "end": b.isoformat(), "workdays": cal.workdays_between(a, b),
            "days": (b - a).days, "confirmed": cal.confirmed_between(a, b)}
    if fmt is OutputFormat.json:
        echo_json(data)
        return
    if fmt is OutputFormat.csv:
        render([data], [(k, k) for k in data], fmt)
        return
    mark = "" if data["confirmed"] else f"（{UNCONFIRMED}）"
    stdout_console().print(f"{a.isoformat()} 之后至 {b.isoformat()}：[bold]{data['workdays']}[/bold] 个工作日{mark}，"
                           f"{data['days']} 个日历日")
    if not data["confirmed"]:
        warn(_unconfirmed_note(cal, a, b))


@app.command("show")
def show(
    ctx: typer.Context,
    year: int = typer.Argument(..., help="年份，例如 2026"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出某年的放假安排、调休上班日和本地停止办公日，并说明该年日历是否已确认。"""
    from shuanglian_cli.domain.workdays import FIRST_YEAR, LAST_YEAR, weekday_cn

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserError(f"年份 {year} 超出工作日历支持的范围（{FIRST_YEAR}–{LAST_YEAR}）")
    cal = state(ctx).calendar
    info = cal.year_listing(year)
    rows = []
    for first, last, name in info["holidays"]:
        rows.append({"kind": "放假", "start": first, "end": last, "days": (last - first).days + 1, "name": name})
    for day, name in info["workdays"]:
        rows.append({"kind": "调休上班", "start": day, "end": day, "days": 1, "name": f"{name}（{weekday_cn(day)}）"})
    for day, name in info["closures"]:
        rows.append({"kind": "停止办公", "start": day, "end": day, "days": 1, "name": name})
    rows.sort(key=lambda r: r["start"])
    if fmt is OutputFormat.json:
        echo_json({"year": year, "confirmed": info["confirmed"], "workday_count": info["workday_count"],
                   "periods": rows})
        return
    status = "已确认" if info["confirmed"] else f"{UNCONFIRMED}：按周一至周五上班、周末休息推算"
    footer = [f"{year} 年日历{status}；全年工作日 {info['workday_count']} 天"]
    if not info["confirmed"]:
        footer.append("国务院办公厅通知发布后，可在配置文件 calendar.years 中录入该年安排")
    render(rows, [("kind", "类别"), ("start", "开始"), ("end", "结束"), ("days", "天数"), ("name", "名称")], fmt,
           title=f"{year} 年工作日历", footer=footer if fmt is OutputFormat.table else (),
           empty="该年没有节假日或调休记录")


@app.command("check")
def check(ctx: typer.Context, fmt: OutputFormat = format_option()) -> None:
    """按当前日历（含配置）重新计算在办意见建议的到期日，列出到期日有变化的。

    软件升级或修改配置中的 calendar 后运行；其他查看期限的命令也会在日历变化时自动重算。
    """
    from shuanglian_cli.services.calendar import check_calendar

    st = state(ctx)
    result, previous = check_calendar(st.db(), st.calendar, actor=st.operator)
    moved = result["moved"]
    note = ""
    if not moved and previous and previous["fingerprint"] == result["fingerprint"] and previous["moved"]:
        moved = previous["moved"]
        note = f"（{previous['on']} 日历变化时已自动重算）"
    rows = [{**m, "new_due_text": due_text(m["new_due_on"], m["calendar_confirmed"])} for m in moved]
    if fmt is not OutputFormat.table:
        render(rows, [("id", "id"), ("content", "content"), ("department", "department"),
                      ("referred_on", "referred_on"), ("limit_workdays", "limit_workdays"),
                      ("old_due_on", "old_due_on"), ("new_due_on", "new_due_on"),
                      ("calendar_confirmed", "calendar_confirmed")], fmt)
        return
    footer = [f"检查在办意见建议 {result['checked']} 条，到期日变化 {len(moved)} 条{note}"]
    if result["reconfirmed"]:
        footer.append(f"另有 {result['reconfirmed']} 条到期日不变、确认状态已更新")
    if moved:
        render(rows, [("id", "编号"), ("content", "内容"), ("department", "承办单位"), ("referred_on", "交办日期"),
                      ("limit_workdays", "时限"), ("old_due_on", "原到期日"), ("new_due_text", "新到期日")],
               fmt, title="到期日已调整的意见建议", footer=footer)
    else:
        ok(footer[0] + "；工作日历与已存到期日一致")
        for line in footer[1:]:
            stdout_console().print(line)
