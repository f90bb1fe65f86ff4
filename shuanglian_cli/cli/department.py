"""sl department: the bodies suggestions are referred to (承办单位 / 责任部门), by county."""


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

app = typer.Typer(no_args_is_help=True, help="承办单位（责任部门）")

COLUMNS = [
    ("id", "编号"), ("name", "名称"), ("kind", "类别"), ("contact", "联系人"), ("county", "县区"), ("active", "在册"),
]


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    kind: str = typer.Option(None, "--kind", help="类别，如 县直部门、镇街、公共服务单位"),
    inactive: bool = typer.Option(False, "--inactive", help="只列已撤销（不在册）的"),
    all_: bool = all_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出承办单位。"""
    from shuanglian_cli.domain.text import clean_cell
    from shuanglian_cli.store.roster_queries import active_filter, list_departments
    from shuanglian_cli.store.rosters import county_id_of

    db = state(ctx).db()
    rows = list_departments(db, county_id_of(db, county), clean_cell(kind) if kind else None,
                            active_filter(inactive, all_))
    render_list(rows, COLUMNS, fmt, "承办单位", "个")


@app.command("show")
def show(
    ctx: typer.Context,
    department: str = typer.Argument(..., help="承办单位：名称、名称开头、编号或拼音首字母"),
    county: CountyOpt = None,
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一个承办单位。"""
    from shuanglian_cli.store.roster_queries import get_row

    db = state(ctx).db()
    row = get_row(db, "departments", find_in(db, "departments", department, county)["id"])
    show_row(row, COLUMNS, fmt, title=row["name"])


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="名称，如 县住房和城乡建设局"),
    county: CountyOpt = None,
    kind: str = typer.Option("", "--kind", help="类别，如 县直部门、镇街、公共服务单位"),
    contact: str = typer.Option("", "--contact", help="联系人及电话"),
) -> None:
    """新增承办单位。"""
    from shuanglian_cli.domain.text import clean_cell

    db = state(ctx).db()
    name = required_name(name, "名称")
    target = county_to_add(ctx, county)
    new_id = add_row(db, "departments", {"county_id": target["id"], "name": name, "kind": clean_cell(kind),
                                         "contact": clean_cell(contact)})
    ok(f"已新增承办单位“{name}”（编号 {new_id}，{target['name']}）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    department: str = typer.Argument(..., help="要修改的承办单位"),
    county: CountyOpt = None,
    name: str = typer.Option(None, "--name", help="新名称"),
    kind: str = typer.Option(None, "--kind", help="类别"),
    contact: str = typer.Option(None, "--contact", help="联系人"),
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为已撤销（保留办理记录）"),
) -> None:
    """修改承办单位：只改给出的项。"""
    from shuanglian_cli.domain.text import clean_cell

    db = state(ctx).db()
    row = find_in(db, "departments", department, county)
    fields = edit_fields(name, active, "名称")
    if kind is not None:
        fields["kind"] = clean_cell(kind)
    if contact is not None:
        fields["contact"] = clean_cell(contact)
    save_edit(db, "departments", row["id"], fields)
    ok(f"已更新承办单位“{fields.get('name', row['name'])}”（编号 {row['id']}）")


@app.command("remove")
def remove(
    ctx: typer.Context,
    department: str = typer.Argument(..., help="要删除的承办单位"),
    county: CountyOpt = None,
) -> None:
    """删除误录的承办单位。已交办过意见建议的不能删除，请用 edit --inactive。"""
    row = remove_found(ctx, "departments", department, county, "department")
    ok(f"已删除承办单位“{row['name']}”")
