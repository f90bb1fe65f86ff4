"""sl member: members of the county congress standing committee (常委会组成人员)."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok
from shuanglian_cli.cli.roster_common import (
    add_row,
    all_option,
    county_to_add,
    edit_fields,
    find_in,
    remove_found,
    render_list,
    required_name,
    save_edit,
    show_row,
)
from shuanglian_cli.cli.state import state

app = typer.Typer(no_args_is_help=True, help="常委会组成人员")

COLUMNS = [
    ("id", "编号"), ("name", "姓名"), ("post", "职务"), ("group_name", "活动小组"), ("phone", "联系电话"),
    ("county", "县区"), ("active", "在册"),
]


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    group: str = typer.Option(None, "--group", help="活动小组，如 第一活动小组"),
    inactive: bool = typer.Option(False, "--inactive", help="只列不在册的"),
    all_: bool = all_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出常委会组成人员：职务、活动小组、联系电话。"""
    from shuanglian_cli.domain.text import clean_cell
    from shuanglian_cli.store.roster_queries import active_filter, list_members
    from shuanglian_cli.store.rosters import county_id_of

    db = state(ctx).db()
    rows = list_members(db, county_id_of(db, county), clean_cell(group) if group else None,
                        active_filter(inactive, all_))
    render_list(rows, COLUMNS, fmt, "常委会组成人员", "名")


@app.command("show")
def show(
    ctx: typer.Context,
    member: str = typer.Argument(..., help="常委会组成人员：姓名、姓名开头、编号或拼音（首字母）"),
    county: CountyOpt = None,
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一名常委会组成人员和他（她）各年度联系的代表。"""
    from shuanglian_cli.store.roster_queries import get_row, links_of

    db = state(ctx).db()
    found = find_in(db, "members", member, county)
    row = get_row(db, "members", found["id"])
    show_row(row, COLUMNS, fmt, title=f"常委会组成人员 {row['name']}", links=links_of(db, "members", found["id"]))


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="姓名"),
    county: CountyOpt = None,
    post: str = typer.Option("", "--post", help="职务，如 副主任、委员"),
    group: str = typer.Option("", "--group", help="活动小组"),
    phone: str = typer.Option("", "--phone", help="联系电话"),
) -> None:
    """新增一名常委会组成人员。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_phone

    db = state(ctx).db()
    name = required_name(name, "姓名")
    target = county_to_add(ctx, county)
    new_id = add_row(db, "members", {"county_id": target["id"], "name": name, "post": clean_cell(post),
                                     "group_name": clean_cell(group), "phone": normalize_phone(phone)})
    ok(f"已新增常委会组成人员“{name}”（编号 {new_id}，{target['name']}）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    member: str = typer.Argument(..., help="要修改的人：姓名、编号或拼音首字母"),
    county: CountyOpt = None,
    name: str = typer.Option(None, "--name", help="新姓名"),
    post: str = typer.Option(None, "--post", help="职务"),
    group: str = typer.Option(None, "--group", help="活动小组"),
    phone: str = typer.Option(None, "--phone", help="联系电话（写 \"\" 清空）"),
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为不在册（保留历史记录）"),
) -> None:
    """修改常委会组成人员信息：只改给出的项。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_phone

    db = state(ctx).db()
    row = find_in(db, "members", member, county)
    fields = edit_fields(name, active)
    if post is not None:
        fields["post"] = clean_cell(post)
    if group is not None:
        fields["group_name"] = clean_cell(group)
    if phone is not None:
        fields["phone"] = normalize_phone(phone)
    save_edit(db, "members", row["id"], fields)
    ok(f"已更新常委会组成人员“{fields.get('name', row['name'])}”（编号 {row['id']}）")


@app.command("remove")
def remove(
    ctx: typer.Context,
    member: str = typer.Argument(..., help="要删除的人"),
    county: CountyOpt = None,
) -> None:
    """删除误录的常委会组成人员。已有活动或联系关系的不能删除，请用 edit --inactive。"""
    row = remove_found(ctx, "members", member, county, "member")
    ok(f"已删除常委会组成人员“{row['name']}”")
