"""sl today: the clerk's morning list (services/today.py)."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, as_of_option, format_option
from shuanglian_cli.cli.render import render
from shuanglian_cli.cli.state import state, today_or


def today(
    ctx: typer.Context,
    as_of: str = as_of_option(),
    county: CountyOpt = None,
    fmt: OutputFormat = format_option(),
) -> None:
    """今天要办的事，按紧急程度排列：接待日、催办与预警、回访、承诺到期、待改派、不满意、季末未联系的人；每行给出记录它的命令。"""
    from shuanglian_cli.cli.calendar import note_calendar_change
    from shuanglian_cli.cli.roster_common import county_or_default
    from shuanglian_cli.services.today import KIND_LABELS, morning_list

    st = state(ctx)
    note_calendar_change(ctx)
    day = today_or(as_of)
    c = county_or_default(ctx, county)
    lines = morning_list(st.db(), st.config, st.calendar, day, c["id"] if c else None)
    if fmt is OutputFormat.json:
        from shuanglian_cli.cli.suggestions import echo_json_rows

        echo_json_rows([{k: r[k] for k in ("kind", "due_on", "suggestion_id", "station", "person", "action", "command")
                    if r[k] is not None or k in ("kind", "due_on", "action", "command")} for r in lines])
        return
    columns = [("kind", "事项"), ("due_on", "日期"), ("action", "要做的事"), ("command", "记录命令")]
    if fmt is OutputFormat.table and not st.extras.get("out"):  # a list to work down, readable at 80 columns
        from shuanglian_cli.cli.layout import agenda_lines, terminal_width

        title = f"{day.isoformat()} 今日待办"
        if not lines:
            print(f"{title}：没有待办事项")
            return
        items = [(KIND_LABELS[r["kind"]], r["due_on"], r["action"], r["command"]) for r in lines]
        print("\n".join([title, *agenda_lines(items, terminal_width()), f"共 {len(lines)} 项"]))
        return
    if fmt is OutputFormat.table:  # --out FILE: the same columns as a sheet
        lines = [{**r, "kind": KIND_LABELS[r["kind"]]} for r in lines]
    render(lines, columns, fmt,
           title=f"{day.isoformat()} 今日待办", footer=[f"共 {len(lines)} 项"], empty=f"{day.isoformat()} 没有待办事项")
