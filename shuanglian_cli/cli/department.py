"""sl department: the bodies suggestions are referred to (承办单位 / 责任部门), by county."""

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

app = typer.Typer(no_args_is_help=True, help="承办单位（责任部门）")

COLUMNS = [
    ("id", "编号"), ("name", "名称"), ("kind", "类别"), ("contact", "联系人"), ("county", "县区"), ("active", "在册"),
]


def _find(db, text: str, county: str | None) -> dict:
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.rosters import county_id_of

    return find(db, "departments", text, county_id=county_id_of(db, county))


@app.command("list")
def list_(
    ctx: typer.Context,
    county: str = typer.Option(None, "--county", "-c", help="县区：沂源县、沂源或 yiyuan；不填则为全部"),
    kind: str = typer.Option(None, "--kind", help="类别，如 县直部门、镇街、公共服务单位"),
    inactive: bool = typer.Option(False, "--inactive", help="只列已撤销（不在册）的"),
    all_: bool = typer.Option(False, "--all", help="在册的和不在册的都列出"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出承办单位。"""
    from shuanglian_cli.domain.text import clean_cell
    from shuanglian_cli.store.roster_queries import active_filter, list_departments
    from shuanglian_cli.store.rosters import county_id_of

    db = state(ctx).db()
    rows = list_departments(db, county_id_of(db, county), clean_cell(kind) if kind else None,
                            active_filter(inactive, all_))
    render_fast(rows, COLUMNS, fmt, title="承办单位", footer=[f"共 {len(rows)} 个"] if rows else [])


@app.command("show")
def show(
    ctx: typer.Context,
    department: str = typer.Argument(..., help="承办单位：名称、名称开头、编号或拼音首字母"),
    county: str = typer.Option(None, "--county", "-c", help="在哪个县区中查找"),
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一个承办单位。"""
    from shuanglian_cli.store.roster_queries import get_row

    db = state(ctx).db()
    row = get_row(db, "departments", _find(db, department, county)["id"])
    if fmt.value != "table":
        render([row], COLUMNS, fmt) if fmt.value == "csv" else echo_json(row)
        return
    render_record([(label, row[key]) for key, label in COLUMNS], title=row["name"])


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="名称，如 县住房和城乡建设局"),
    county: str = typer.Option(None, "--county", "-c", help="县区（默认取配置 default_county）"),
    kind: str = typer.Option("", "--kind", help="类别，如 县直部门、镇街、公共服务单位"),
    contact: str = typer.Option("", "--contact", help="联系人及电话"),
) -> None:
    """新增承办单位。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_name
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import county_for_write, insert_row

    st = state(ctx)
    db = st.db()
    name = normalize_name(name)
    if not name:
        raise UserError("名称不能为空")
    target = county_for_write(db, county, st.config.get("default_county"))
    fields = {"county_id": target["id"], "name": name, "kind": clean_cell(kind), "contact": clean_cell(contact)}
    with transaction(db):
        new_id = insert_row(db, "departments", fields)
    ok(f"已新增承办单位“{name}”（编号 {new_id}，{target['name']}）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    department: str = typer.Argument(..., help="要修改的承办单位"),
    county: str = typer.Option(None, "--county", "-c", help="在哪个县区中查找"),
    name: str = typer.Option(None, "--name", help="新名称"),
    kind: str = typer.Option(None, "--kind", help="类别"),
    contact: str = typer.Option(None, "--contact", help="联系人"),
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为已撤销（保留办理记录）"),
) -> None:
    """修改承办单位：只改给出的项。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_name
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import update_row

    db = state(ctx).db()
    row = _find(db, department, county)
    fields: dict = {}
    if name is not None:
        fields["name"] = normalize_name(name)
        if not fields["name"]:
            raise UserError("名称不能为空")
    if kind is not None:
        fields["kind"] = clean_cell(kind)
    if contact is not None:
        fields["contact"] = clean_cell(contact)
    if active is not None:
        fields["active"] = int(active)
    if not fields:
        raise UserError("没有要修改的内容；用 --help 查看可修改的项")
    with transaction(db):
        update_row(db, "departments", row["id"], fields)
    ok(f"已更新承办单位“{fields.get('name', row['name'])}”（编号 {row['id']}）")


@app.command("remove")
def remove(
    ctx: typer.Context,
    department: str = typer.Argument(..., help="要删除的承办单位"),
    county: str = typer.Option(None, "--county", "-c", help="在哪个县区中查找"),
) -> None:
    """删除误录的承办单位。已交办过意见建议的不能删除，请用 edit --inactive。"""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import remove_row

    db = state(ctx).db()
    row = _find(db, department, county)
    with transaction(db):
        remove_row(db, "departments", row, "department")
    ok(f"已删除承办单位“{row['name']}”")
