"""sl deputy archive NAME --year, sl deputy rank --year: performance archives (履职档案)."""


from pathlib import Path

import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, as_of_option, format_option
from shuanglian_cli.cli.render import echo_json, ok, render, render_record
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError
from shuanglian_cli.io.archive_xlsx import (
    ACTIVITY_COLUMNS,
    SUGGESTION_COLUMNS,
    archive_title,
    duty_columns,
    duty_rows,
    percent,
    write_archive_xlsx,
)


def _term(db, text: str | None, county_id: int | None) -> dict | None:
    from shuanglian_cli.store.terms import find_term

    return find_term(db, text, county_id) if text else None


def _year(value: int | None) -> int:
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_year

    return parse_year(value) if value else today().year


def archive(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="代表：姓名、姓名开头、编号或拼音"),
    year: int = typer.Option(None, "--year", "-y", help="年度（默认今年）"),
    county: CountyOpt = None,
    xlsx: str = typer.Option(None, "--xlsx", metavar="FILE", help="同时写入 Excel 履职档案"),
    term: str = typer.Option(None, "--term", help="改为该代表在这一届任职期间的档案（届次编号或名称），履职要求逐年列出"),
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """代表履职档案：参加的活动、联系的群众、收集的意见建议及办理结果、述职评议满意率、年度履职要求完成情况。"""
    from shuanglian_cli.cli.roster_common import find_in
    from shuanglian_cli.cli.state import today_or
    from shuanglian_cli.domain.duties import parse_duties
    from shuanglian_cli.store.archive import deputy_archive

    st = state(ctx)
    db = st.db()
    deputy = find_in(db, "deputies", name, county)
    found = _term(db, term, deputy["county_id"])
    data = deputy_archive(db, deputy, _year(year), term=found, duties=parse_duties(st.config.get("duties")),
                          as_of=today_or(as_of))
    if xlsx:
        path = write_archive_xlsx(data, Path(xlsx))
    if fmt is OutputFormat.json:
        echo_json(data)
    elif fmt is OutputFormat.csv:
        render(data["activities"], ACTIVITY_COLUMNS, fmt)
    else:
        _print(data)
    if xlsx:
        ok(f"已写入 {path}")


def _print(data: dict) -> None:
    d, s = data["deputy"], data["summary"]
    period = "本届" if data.get("term") else "本年"
    render_record([
        ("代表", f"{d['name']}（#{d['id']}）"), ("县区", d["county"]), ("层级", d["levels"]),
        ("工作单位", d["work_unit"]), ("所在联络站", d["station"]),
        ("联系本代表的组成人员", "、".join(s["contact_members"])),
        ("参加活动", f"{s['activities']} 次" + (
            "（" + "，".join(f"{k} {v}" for k, v in s["activities_by_kind"].items()) + "）" if s["activities"] else "")),
        ("接待群众", f"{s['constituent_attendances']} 人次，其中名册内不同群众 {s['constituents_met']} 人"),
        ("联系群众", f"固定联系 {s['linked_constituents']} 人，{period}见面 {s['linked_constituents_met']} 人"),
        ("收集意见建议", f"{s['suggestions']} 条" + (
            "（" + "，".join(f"{k} {v}" for k, v in s["suggestions_by_outcome"].items()) + "）" if s["suggestions"] else "")),
        ("交办及按期答复", f"交办 {s['referred']} 条，按期答复 {s['referred_on_time']} 条"),
        ("述职评议", f"{s['report_backs']} 次，参评 {s['report_back_voters']} 人，满意 {s['report_back_satisfied']} 人"
                     f"（{percent(s['report_back_rate']) or '—'}）" if s["report_backs"] else f"{period}未述职"),
    ], title=archive_title(data))
    render(data["activities"], ACTIVITY_COLUMNS, title="参加的联系活动", empty=f"{period}未参加联系活动")
    render(data["suggestions"], SUGGESTION_COLUMNS, title="收集的意见建议", empty=f"{period}未收集意见建议")
    if data.get("duties"):
        render(duty_rows(data), duty_columns(data), title="年度履职要求完成情况")


def rank(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="年度（默认今年）"),
    county: CountyOpt = None,
    level: str = typer.Option(None, "--level", help="只看某一层级的代表：全国、省、市、县、镇"),
    limit: int = typer.Option(0, "--limit", "-n", min=0, help="只显示前 N 名（0 为全部）"),
    term: str = typer.Option(None, "--term", help="只排在这一届任职过的代表（届次编号或名称）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """代表履职排名：按参加活动次数、收集意见建议数、接待名册内群众人数排序，未参加任何活动的代表也列出。"""
    from shuanglian_cli.store.archive import deputy_rank
    from shuanglian_cli.store.rosters import county_id_of

    db = state(ctx).db()
    county_id = county_id_of(db, county)
    if level and level not in ("全国", "省", "市", "县", "区", "镇", "街道"):
        raise UserError(f"层级“{level}”无法识别，可用：全国、省、市、县、镇")
    y = _year(year)
    found = _term(db, term, county_id)
    rows = deputy_rank(db, y, county_id, {"区": "县", "街道": "镇"}.get(level or "", level),
                       term_id=found["id"] if found else None)
    idle = sum(1 for r in rows if not r["activities"])
    shown = rows[:limit] if limit else rows
    render(shown, [("rank", "名次"), ("deputy", "代表"), ("county", "县区"), ("levels", "层级"),
                   ("activities", "参加活动"), ("constituents_met", "接待名册内群众（人）"), ("suggestions", "意见建议"),
                   ("referred", "其中交办"), ("report_backs", "述职")], fmt,
           title=f"{y} 年代表履职排名" + (f"（{found['name']}）" if found else ""),
           footer=[f"共 {len(rows)} 名代表，其中 {idle} 名本年未参加联系活动"] if fmt is OutputFormat.table else [])
