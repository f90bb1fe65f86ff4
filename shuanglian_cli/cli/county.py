"""sl county: counties/districts (县区) and their towns and streets (镇街)."""


import typer

from shuanglian_cli.cli.options import OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render
from shuanglian_cli.cli.roster_common import required_name, show_row
from shuanglian_cli.cli.state import state

app = typer.Typer(no_args_is_help=True, help="县区与镇街")

COLUMNS = [
    ("id", "编号"), ("name", "名称"), ("short_name", "简称"), ("slug", "拼音"), ("city", "所属市"),
    ("towns", "镇街"), ("stations", "联络站"), ("points", "联络点"), ("deputies", "代表"), ("members", "常委会组成人员"),
    ("constituents", "联系群众"),
]
TOWN_COLUMNS = [
    ("id", "编号"), ("name", "名称"), ("kind", "类型"), ("stations", "联络站(点)"), ("deputies", "代表"),
    ("constituents", "联系群众"),
]


@app.command("list")
def list_(ctx: typer.Context, fmt: OutputFormat = format_option()) -> None:
    """列出县区及各自的镇街、联络站（点）、代表和群众数量。"""
    from shuanglian_cli.store.rosters import list_counties

    render(list_counties(state(ctx).db()), COLUMNS, fmt, title="县区")


@app.command("show")
def show(
    ctx: typer.Context,
    county: str = typer.Argument(..., help="县区：沂源县、沂源、yiyuan 或编号"),
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一个县区的概况。"""
    from shuanglian_cli.store.resolve import find_county
    from shuanglian_cli.store.rosters import list_counties

    db = state(ctx).db()
    found = find_county(db, county)
    row = next(r for r in list_counties(db) if r["id"] == found["id"])
    show_row(row, COLUMNS, fmt, title=row["name"])


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="全称，如 沂水县"),
    short_name: str = typer.Option(None, "--short", help="简称（默认去掉末尾的 县/区/市）"),
    slug: str = typer.Option(None, "--slug", help="拼音（默认由简称生成），如 yishui"),
    city: str = typer.Option(None, "--city", help="所属市（默认 淄博市）"),
) -> None:
    """新增县区（淄博市 8 个区县已内置；也可写在配置文件的 counties 中）。"""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.resolve import find_county
    from shuanglian_cli.store.rosters import add_county

    name = required_name(name, "县区名称")
    db = state(ctx).db()
    with transaction(db):
        new_id = add_county(db, name, short_name, slug, city)
    row = find_county(db, str(new_id))
    ok(f"已新增县区“{name}”（编号 {new_id}，简称 {row['short_name']}，拼音 {row['slug']}）")


@app.command("towns")
def towns(
    ctx: typer.Context,
    county: str = typer.Argument(..., help="县区：沂源县、沂源或 yiyuan"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出一个县区的镇街。"""
    from shuanglian_cli.store.resolve import find_county
    from shuanglian_cli.store.rosters import list_towns

    db = state(ctx).db()
    found = find_county(db, county)
    render(list_towns(db, found["id"]), TOWN_COLUMNS, fmt, title=f"{found['name']}的镇街",
           empty="还没有镇街；用 `sl county add-town 县区 镇街名` 添加")


@app.command("add-town")
def add_town(
    ctx: typer.Context,
    county: str = typer.Argument(..., help="县区"),
    names: list[str] = typer.Argument(..., help="镇街名称，可一次给多个，如 南麻街道 悦庄镇"),
    kind: str = typer.Option(None, "--kind", help="镇、街道 或 乡（默认按名称结尾判断）"),
) -> None:
    """为县区添加镇街。"""
    from shuanglian_cli.domain.text import normalize_name
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.resolve import find_county
    from shuanglian_cli.store.rosters import add_town as add

    db = state(ctx).db()
    found = find_county(db, county)
    clean = [normalize_name(n) for n in names]
    if not all(clean):
        raise UserError("镇街名称不能为空")
    with transaction(db):
        for name in clean:
            add(db, found["id"], name, kind)
    ok(f"已为{found['name']}添加镇街：{'、'.join(clean)}")
