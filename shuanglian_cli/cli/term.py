"""sl term list|add|close: terms of office (届次) of the county's and the towns' congresses."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="届次：县、镇（街道）人民代表大会的各届及代表任职")

COLUMNS = [("id", "编号"), ("name", "届次"), ("starts_on", "开始"), ("ends_on", "结束"), ("seats", "代表"),
           ("seats_ended", "提前离任")]
LEVEL_HELP = "哪一级人民代表大会：县（县区）或 镇（镇、街道）；给出 --town 即为镇"


def _level(text: str | None) -> str | None:
    from shuanglian_cli.domain.terms import LEVEL_ALIASES

    if text is None:
        return None
    level = LEVEL_ALIASES.get(text.strip())
    if level is None:
        raise UserError(f"层级“{text}”无法识别：届次只记县（县区）和镇（镇、街道）两级人民代表大会")
    return level


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    level: str = typer.Option(None, "--level", help="只列这一级：县 或 镇"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出届次：开始、结束日期，任职代表人数（含换届时未连任、提前离任的）。"""
    from shuanglian_cli.store.rosters import county_id_of
    from shuanglian_cli.store.terms import list_terms

    db = state(ctx).db()
    rows = list_terms(db, county_id_of(db, county), _level(level))
    render(rows, COLUMNS, fmt, title="人民代表大会届次", footer=[f"共 {len(rows)} 届"] if rows else [],
           empty="还没有届次：用 sl term add 添加")


@app.command("add")
def add(
    ctx: typer.Context,
    number: int = typer.Option(..., "--number", "-n", help="第几届，如 18（名称自动生成：沂源县第十八届人民代表大会）"),
    start: str = typer.Option(..., "--from", help="开始日期（本届人民代表大会第一次会议召开之日）"),
    end: str = typer.Option(None, "--to", help="结束日期（下一届开始之日；默认开始后满五年）"),
    county: CountyOpt = None,
    town: str = typer.Option(None, "--town", help="镇街：添加该镇（街道）人民代表大会的届次"),
    level: str = typer.Option(None, "--level", help=LEVEL_HELP),
    seat_active: bool = typer.Option(False, "--seat-active",
                                     help="同时让名册中在册的该级代表（镇级为该镇街的）在本届任职"),
) -> None:
    """新增一届人民代表大会。同一人民代表大会的各届不能重叠（只能在换届当天相接）。

    新一届的代表名册用 sl import deputies 文件 --term 届次 导入：名册中的代表连任，其余代表的任职在新一届开始之日结束。"""
    from shuanglian_cli.cli.roster_common import county_to_add
    from shuanglian_cli.domain.dates import parse_date, parse_date_option
    from shuanglian_cli.services.terms import add_term
    from shuanglian_cli.store.resolve import find

    db = state(ctx).db()
    target = county_to_add(ctx, county)
    town_row = find(db, "towns", town, county_id=target["id"]) if town else None
    chosen = _level(level) or ("镇" if town_row else "县")
    if chosen == "县" and town_row:
        raise UserError("县级届次不需要 --town；镇（街道）的届次请写 --level 镇")
    term = add_term(db, county=target, town_id=town_row["id"] if town_row else None,
                    town_name=town_row["name"] if town_row else "", level=chosen, number=number,
                    starts_on=parse_date(start, "--from 开始日期"), ends_on=parse_date_option(end, "--to 结束日期"),
                    seat_active=seat_active)
    ok(f"已新增届次“{term['name']}”（编号 {term['id']}，{term['starts_on']} 至 {term['ends_on']}）")
    if seat_active:
        typer.echo(f"  在册的{chosen}级代表 {term['seated']} 名在本届任职")
    else:
        typer.echo(f"  导入本届代表名册：sl import deputies 文件 --term {term['id']}")


@app.command("close")
def close(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="届次：编号、名称或名称的一部分（如 第十八届）"),
    on: str = typer.Option(None, "--on", help="结束日期（默认该届原定的结束日期）"),
    county: CountyOpt = None,
) -> None:
    """结束一届：该届尚在任的代表任职于当天结束。

    若之后年度的联系关系（组成人员联系代表、代表联系群众）中有届满后不再任职的代表，不予结束，并列出这些联系关系。"""
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.services.terms import close_term
    from shuanglian_cli.store.rosters import county_id_of
    from shuanglian_cli.store.terms import find_term

    db = state(ctx).db()
    row = find_term(db, term, county_id_of(db, county))
    text = on or row["ends_on"]
    if not text:
        raise UserError(f"“{row['name']}”没有原定结束日期，请用 --on 指定")
    ended = close_term(db, row, parse_date(text, "--on 结束日期"))
    ok(f"“{row['name']}”已于 {parse_date(text).isoformat()} 结束，{ended} 名代表的任职随之结束")
