"""sl site: which office this database is, and the offices it exchanges bundles with."""

from __future__ import annotations

import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render
from shuanglian_cli.cli.state import state

app = typer.Typer(no_args_is_help=True)
peer_app = typer.Typer(no_args_is_help=True)
app.add_typer(peer_app, name="peer", help="登记交换数据包的对方站点")


def show_site(db) -> list[tuple[str, str]]:
    from shuanglian_cli.store.sites import SITE_KINDS, get_site

    site = get_site(db)
    if site is None:
        return [("站点", "（未设置：sl site set）")]
    return [("站点", f"{site['name']}（{site['code']}）"), ("站点类型", SITE_KINDS[site["kind"]]),
            ("所属县区", site["county"] or "—")]


@app.command("set")
def set_(
    ctx: typer.Context,
    name: str = typer.Option(..., "--site", help="站点名称，例如 南麻街道民情联络站"),
    code: str = typer.Option(..., "--code", help="站点代码：英文字母和数字，例如 NANMA（用于数据包文件名）"),
    kind: str = typer.Option(..., "--site-kind", help="站点类型：town（镇街）、county（县区）、city（市）"),
    county: CountyOpt = None,
    new_site: bool = typer.Option(False, "--new-site", help="从别的单位复制来的数据库成为新站点"),
) -> None:
    """设置本数据库所属的站点（只设置一次；复制来的数据库加 --new-site）；镇街和县区站点须写 --county。"""
    from shuanglian_cli.services.sites import set_site

    site = set_site(state(ctx).db(), name=name, code=code, kind=kind, county=county, new_site=new_site)
    ok(f"本数据库已设置为站点：{site['name']}（{site['code']}）")


@app.command("show")
def show(ctx: typer.Context) -> None:
    """显示本数据库所属的站点。"""
    from shuanglian_cli.cli.render import render_record

    render_record(show_site(state(ctx).db()), title="本站点")


@peer_app.command("add")
def peer_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="对方站点代码，例如 YIYUAN"),
    kind: str = typer.Option(..., "--kind", help="对方类型：town（镇街）、county（县区）、city（市）"),
    county: CountyOpt = None,
    name: str = typer.Option(None, "--name", help="对方名称（镇街站点填镇街名，例如 南麻街道）"),
    fmt: int = typer.Option(1, "--bundle-format", help="对方支持的最高数据包格式版本"),
) -> None:
    """登记一个交换数据包的对方站点；对方是镇街或县区时须写 --county（对方所属县区）。"""
    from shuanglian_cli.services.sites import add_peer

    peer = add_peer(state(ctx).db(), code=code, name=name or code, kind=kind, county=county, fmt=fmt)
    ok(f"已登记对方站点：{peer['name']}（{peer['code']}）")


@peer_app.command("list")
def peer_list(ctx: typer.Context, fmt: OutputFormat = format_option()) -> None:
    """列出已登记的对方站点。"""
    from shuanglian_cli.store.sites import list_peers

    rows = [{k: p[k] for k in ("code", "name", "kind", "county", "format")} for p in list_peers(state(ctx).db())]
    render(rows, [("code", "代码"), ("name", "名称"), ("kind", "类型"), ("county", "县区"), ("format", "格式")], fmt)
