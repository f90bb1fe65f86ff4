"""sl member: members of the county congress standing committee (常委会组成人员)."""

from __future__ import annotations

import typer

from shuanglian_cli.cli.common import (
    OutputFormat,
    echo_json,
    format_option,
    ok,
    render,
    render_fast,
    render_record,
    state,
)
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="常委会组成人员")

COLUMNS = [
    ("id", "编号"), ("name", "姓名"), ("post", "职务"), ("group_name", "活动小组"), ("phone", "联系电话"),
    ("county", "县区"), ("active", "在册"),
]


def _find(db, text: str, county: str | None) -> dict:
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.rosters import county_id_of

    return find(db, "members", text, county_id=county_id_of(db, county))


@app.command("list")
def list_(
    ctx: typer.Context,
    county: str = typer.Option(None, "--county", "-c", help="县区：沂源县、沂源或 yiyuan；不填则为全部"),
    group: str = typer.Option(None, "--group", help="活动小组，如 第一活动小组"),
    inactive: bool = typer.Option(False, "--inactive", help="只列不在册的"),
    all_: bool = typer.Option(False, "--all", help="在册的和不在册的都列出"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出常委会组成人员：职务、活动小组、联系电话。"""
    from shuanglian_cli.domain.text import clean_cell
    from shuanglian_cli.store.roster_queries import active_filter, list_members
    from shuanglian_cli.store.rosters import county_id_of

    db = state(ctx).db()
    rows = list_members(db, county_id_of(db, county), clean_cell(group) if group else None,
                        active_filter(inactive, all_))
    render_fast(rows, COLUMNS, fmt, title="常委会组成人员", footer=[f"共 {len(rows)} 名"] if rows else [])


@app.command("show")
def show(
    ctx: typer.Context,
    member: str = typer.Argument(..., help="常委会组成人员：姓名、姓名开头、编号或拼音（首字母）"),
    county: str = typer.Option(None, "--county", "-c", help="在哪个县区中查找"),
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一名常委会组成人员和他（她）各年度联系的代表。"""
    from shuanglian_cli.store.roster_queries import get_row, links_of

    db = state(ctx).db()
    found = _find(db, member, county)
    row = get_row(db, "members", found["id"])
    links = links_of(db, "members", found["id"])
    if fmt.value != "table":
        render([row], COLUMNS, fmt) if fmt.value == "csv" else echo_json({**row, "links": links})
        return
    render_record([(label, row[key]) for key, label in COLUMNS], title=f"常委会组成人员 {row['name']}")
    if links:
        render(links, [("year", "年度"), ("kind", "关系"), ("name", "代表")], title="联系代表")


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="姓名"),
    county: str = typer.Option(None, "--county", "-c", help="县区（默认取配置 default_county）"),
    post: str = typer.Option("", "--post", help="职务，如 副主任、委员"),
    group: str = typer.Option("", "--group", help="活动小组"),
    phone: str = typer.Option("", "--phone", help="联系电话"),
) -> None:
    """新增一名常委会组成人员。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_name, normalize_phone
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import county_for_write, insert_row

    st = state(ctx)
    db = st.db()
    name = normalize_name(name)
    if not name:
        raise UserError("姓名不能为空")
    target = county_for_write(db, county, st.config.get("default_county"))
    fields = {"county_id": target["id"], "name": name, "post": clean_cell(post), "group_name": clean_cell(group),
              "phone": normalize_phone(phone)}
    with transaction(db):
        new_id = insert_row(db, "members", fields)
    ok(f"已新增常委会组成人员“{name}”（编号 {new_id}，{target['name']}）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    member: str = typer.Argument(..., help="要修改的人：姓名、编号或拼音首字母"),
    county: str = typer.Option(None, "--county", "-c", help="在哪个县区中查找"),
    name: str = typer.Option(None, "--name", help="新姓名"),
    post: str = typer.Option(None, "--post", help="职务"),
    group: str = typer.Option(None, "--group", help="活动小组"),
    phone: str = typer.Option(None, "--phone", help="联系电话（写 \"\" 清空）"),
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为不在册（保留历史记录）"),
) -> None:
    """修改常委会组成人员信息：只改给出的项。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_name, normalize_phone
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import update_row

    db = state(ctx).db()
    row = _find(db, member, county)
    fields: dict = {}
    if name is not None:
        fields["name"] = normalize_name(name)
        if not fields["name"]:
            raise UserError("姓名不能为空")
    if post is not None:
        fields["post"] = clean_cell(post)
    if group is not None:
        fields["group_name"] = clean_cell(group)
    if phone is not None:
        fields["phone"] = normalize_phone(phone)
    if active is not None:
        fields["active"] = int(active)
    if not fields:
        raise UserError("没有要修改的内容；用 --help 查看可修改的项")
    with transaction(db):
        update_row(db, "members", row["id"], fields)
    ok(f"已更新常委会组成人员“{fields.get('name', row['name'])}”（编号 {row['id']}）")


@app.command("remove")
def remove(
    ctx: typer.Context,
    member: str = typer.Argument(..., help="要删除的人"),
    county: str = typer.Option(None, "--county", "-c", help="在哪个县区中查找"),
) -> None:
    """删除误录的常委会组成人员。已有活动或联系关系的不能删除，请用 edit --inactive。"""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import remove_row

    db = state(ctx).db()
    row = _find(db, member, county)
    with transaction(db):
        remove_row(db, "members", row, "member")
    ok(f"已删除常委会组成人员“{row['name']}”")
