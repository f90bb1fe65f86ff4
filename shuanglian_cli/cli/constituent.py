"""sl constituent: the constituents deputies keep in contact with. Their phone numbers and addresses are
personal information (PIPL): masked on screen and in json/csv unless --reveal. `forget` is added to this
group by cli/safety.py."""


import typer

from shuanglian_cli.cli.options import CountyOpt, DeputyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok, warn
from shuanglian_cli.cli.roster_common import (
    add_row,
    all_option,
    county_to_add,
    edit_fields,
    find_in,
    id_of,
    render_list,
    required_name,
    save_edit,
    show_row,
)
from shuanglian_cli.cli.state import state

app = typer.Typer(no_args_is_help=True, help="联系群众（个人信息默认脱敏）")

COLUMNS = [
    ("id", "编号"), ("name", "姓名"), ("phone", "联系电话"), ("address", "住址"), ("county", "县区"),
    ("town", "镇街"), ("active", "在册"),
]
REVEAL_HELP = "显示完整的电话和住址（个人信息，请谨慎使用；会记入审计记录）"
UNMASKED_NOTICE = "以下电话、住址未脱敏（--reveal），属于个人信息，已记入审计，请妥善保管"


def _find(db, text: str, county: str | None) -> dict:
    """A constituent not forgotten (`sl constituent forget` erases in place)."""
    return find_in(db, "constituents", text, county, where="erased = 0")


def _protect(ctx: typer.Context, rows: list[dict], reveal: bool, what: str, record_id=None) -> list[dict]:
    """Masked unless revealed (services/privacy.protect); a reveal is said on screen."""
    from shuanglian_cli.services.privacy import protect

    shown = protect(state(ctx).db(), rows, reveal, what, record_id=record_id)
    if shown.unmasked:
        warn(UNMASKED_NOTICE)
    return shown.rows


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    town: str = typer.Option(None, "--town", help="镇街"),
    deputy: DeputyOpt = None,
    year: int = typer.Option(None, "--year", help="与 --deputy 合用：只看这一年度的联系关系"),
    reveal: bool = typer.Option(False, "--reveal", help=REVEAL_HELP),
    inactive: bool = typer.Option(False, "--inactive", help="只列不在册的"),
    all_: bool = all_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出联系群众；电话和住址默认脱敏（138****5678）。"""
    from shuanglian_cli.store.roster_queries import active_filter, list_constituents
    from shuanglian_cli.store.rosters import county_id_of, town_id_of

    db = state(ctx).db()
    county_id = county_id_of(db, county)
    deputy_id = id_of(db, "deputies", deputy, county_id)
    rows = list_constituents(db, county_id, town_id_of(db, county_id, town), deputy_id, year,
                             active_filter(inactive, all_))
    rows = _protect(ctx, rows, reveal, "查看群众名单")
    render_list(rows, COLUMNS, fmt, "联系群众", "人")


@app.command("show")
def show(
    ctx: typer.Context,
    constituent: str = typer.Argument(..., help="群众：姓名、姓名开头、编号或拼音（首字母）"),
    county: CountyOpt = None,
    reveal: bool = typer.Option(False, "--reveal", help=REVEAL_HELP),
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一名群众和联系他（她）的代表。"""
    from shuanglian_cli.store.roster_queries import get_row, links_of

    db = state(ctx).db()
    found = _find(db, constituent, county)
    row = _protect(ctx, [get_row(db, "constituents", found["id"])], reveal, "查看群众", found["id"])[0]
    show_row(row, COLUMNS, fmt, title=f"群众 {row['name']}", links=links_of(db, "constituents", found["id"]))


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="姓名"),
    county: CountyOpt = None,
    phone: str = typer.Option("", "--phone", help="联系电话"),
    address: str = typer.Option("", "--address", help="住址"),
    town: str = typer.Option(None, "--town", help="所在镇街"),
) -> None:
    """新增一名联系群众。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_phone
    from shuanglian_cli.store.rosters import town_id_of

    db = state(ctx).db()
    name = required_name(name, "姓名")
    target = county_to_add(ctx, county)
    fields = {"county_id": target["id"], "name": name, "phone": normalize_phone(phone),
              "address": clean_cell(address), "town_id": town_id_of(db, target["id"], town)}
    new_id = add_row(db, "constituents", fields)
    ok(f"已新增群众“{name}”（编号 {new_id}，{target['name']}）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    constituent: str = typer.Argument(..., help="要修改的群众：姓名、编号或拼音首字母"),
    county: CountyOpt = None,
    name: str = typer.Option(None, "--name", help="新姓名"),
    phone: str = typer.Option(None, "--phone", help="联系电话（写 \"\" 清空）"),
    address: str = typer.Option(None, "--address", help="住址"),
    town: str = typer.Option(None, "--town", help="所在镇街（写 \"\" 清空）"),
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为不再联系（保留历史记录）"),
) -> None:
    """修改群众信息：只改给出的项。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_phone
    from shuanglian_cli.store.rosters import town_id_of

    db = state(ctx).db()
    row = _find(db, constituent, county)
    fields = edit_fields(name, active)
    if phone is not None:
        fields["phone"] = normalize_phone(phone)
    if address is not None:
        fields["address"] = clean_cell(address)
    if town is not None:
        fields["town_id"] = town_id_of(db, row["county_id"], town)
    save_edit(db, "constituents", row["id"], fields)
    ok(f"已更新群众“{fields.get('name', row['name'])}”（编号 {row['id']}）")


@app.command("remove")
def remove(
    ctx: typer.Context,
    constituent: str = typer.Argument(..., help="要删除的群众"),
    county: CountyOpt = None,
) -> None:
    """删除误录的群众。已参加活动、提过建议或有联系关系的不能删除，请用 edit --inactive。"""
    from shuanglian_cli.store.privacy import remove_constituent

    db = state(ctx).db()
    row = _find(db, constituent, county)
    remove_constituent(db, row)  # also scrubs the name from the audit trail, like forget
    ok(f"已删除群众“{row['name']}”")
