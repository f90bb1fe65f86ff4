"""sl link: the yearly links — a standing-committee member keeps in touch with deputies (联系代表),
a deputy with constituents (联系群众)."""


import typer

from shuanglian_cli.cli.options import CountyOpt, DeputiesOpt, DeputyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok
from shuanglian_cli.cli.roster_common import id_of, render_list
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="年度联系关系：常委会组成人员→代表，代表→群众")

KIND_LABELS = {"member_deputy": "联系代表", "deputy_constituent": "联系群众"}
COLUMNS = [("year", "年度"), ("kind_label", "关系"), ("from_name", "联系人"), ("to_name", "联系对象")]


def _year(year: int | None) -> int:
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_year

    return today().year if year is None else parse_year(year, "年度")


def _ids(db, county_id, member, deputies, constituents):
    from shuanglian_cli.store.resolve import find

    member_id = id_of(db, "members", member, county_id)
    deputy_ids = [find(db, "deputies", d, county_id=county_id)["id"] for d in deputies or []]
    constituent_ids = [find(db, "constituents", c, county_id=county_id, where="erased = 0")["id"]
                       for c in constituents or []]
    return member_id, deputy_ids, constituent_ids


def _pairs(db, county, year, member, deputy, constituent) -> tuple[str, list[tuple[int, int, int]]]:
    from shuanglian_cli.store.rosters import county_id_of

    county_id = county_id_of(db, county)
    member_id, deputy_ids, constituent_ids = _ids(db, county_id, member, deputy, constituent)
    if member_id is not None:
        if constituent_ids:
            raise UserError("--member 与 --constituent 不能同时使用：常委会组成人员联系的是代表")
        if not deputy_ids:
            raise UserError("请用 --deputy 指定要联系的代表（可重复）")
        return "member_deputies", [(year, member_id, d) for d in deputy_ids]
    if len(deputy_ids) != 1 or not constituent_ids:
        raise UserError("请指定 --member 和一个或多个 --deputy（联系代表），或一个 --deputy 和一个或多个 --constituent（联系群众）")
    return "deputy_constituents", [(year, deputy_ids[0], c) for c in constituent_ids]


@app.command("list")
def list_(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", help="年度（不填则为全部年度）"),
    county: CountyOpt = None,
    member: str = typer.Option(None, "--member", help="只看这名常委会组成人员联系的代表"),
    deputy: DeputyOpt = None,
    constituent: str = typer.Option(None, "--constituent", help="只看联系这名群众的代表"),
    kind: str = typer.Option(None, "--kind", help="deputies（联系代表）或 constituents（联系群众）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出年度联系关系。"""
    from shuanglian_cli.store.roster_bulk import list_links
    from shuanglian_cli.store.rosters import county_id_of

    kinds = {None: None, "deputies": "member_deputy", "constituents": "deputy_constituent"}
    if kind not in kinds:
        raise UserError("--kind 只能是 deputies（联系代表）或 constituents（联系群众）")
    db = state(ctx).db()
    county_id = county_id_of(db, county)
    member_id, deputy_ids, constituent_ids = _ids(db, county_id, member, [deputy] if deputy else [],
                                                  [constituent] if constituent else [])
    rows = list_links(db, year, county_id, member_id, deputy_ids[0] if deputy_ids else None,
                      constituent_ids[0] if constituent_ids else None, kinds[kind])
    columns = COLUMNS
    if fmt.value == "table":
        for row in rows:
            row["kind_label"] = KIND_LABELS[row["kind"]]
    else:
        columns = [(k, k) for k in ("year", "kind", "from_id", "from_name", "to_id", "to_name")]
    render_list(rows, columns, fmt, "年度联系关系", "条")


@app.command("add")
def add(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", help="年度（默认今年）"),
    county: CountyOpt = None,
    member: str = typer.Option(None, "--member", help="常委会组成人员（联系代表时）"),
    deputy: DeputiesOpt = None,
    constituent: list[str] = typer.Option(None, "--constituent", help="群众（联系群众时，可重复）"),
) -> None:
    """添加联系关系：--member 甲 --deputy 乙 --deputy 丙，或 --deputy 乙 --constituent 丁。"""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.roster_bulk import existing_links, insert_links

    db = state(ctx).db()
    y = _year(year)
    table, links = _pairs(db, county, y, member, deputy, constituent)
    with transaction(db):
        new = sorted(set(links) - existing_links(db, table, [y]))
        insert_links(db, table, new)
    label = "联系代表" if table == "member_deputies" else "联系群众"
    ok(f"{y} 年度{label}关系：新增 {len(new)} 条" + (f"，{len(links) - len(new)} 条已存在" if len(new) < len(links) else ""))


@app.command("remove")
def remove(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", help="年度（默认今年）"),
    county: CountyOpt = None,
    member: str = typer.Option(None, "--member", help="常委会组成人员"),
    deputy: DeputiesOpt = None,
    constituent: list[str] = typer.Option(None, "--constituent", help="群众"),
) -> None:
    """删除联系关系（写法同 add）。"""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.roster_bulk import delete_links

    db = state(ctx).db()
    y = _year(year)
    table, links = _pairs(db, county, y, member, deputy, constituent)
    with transaction(db):
        n = delete_links(db, table, links)
    if n == 0:
        raise UserError(f"{y} 年度没有这样的联系关系")
    ok(f"已删除 {y} 年度联系关系 {n} 条")
