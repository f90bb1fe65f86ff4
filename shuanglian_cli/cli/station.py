"""sl station: liaison stations (民情联络站) and the points (民情联络点) under them."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render
from shuanglian_cli.cli.roster_common import (
    add_row,
    all_option,
    county_to_add,
    edit_fields,
    find_in,
    id_of,
    remove_found,
    required_name,
    save_edit,
    show_row,
)
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="民情联络站与联络点")

COLUMNS = [
    ("id", "编号"), ("name", "名称"), ("kind", "类型"), ("county", "县区"), ("town", "镇街"), ("parent", "上级站"),
    ("four_standards", "四有"), ("schedule", "接待日"), ("deputies", "代表数"), ("points", "联络点数"),
    ("active", "在册"),
]
FLAGS = (("has_premises", "场所"), ("has_equipment", "设施"), ("has_rules", "制度"), ("has_funds", "经费"))


def _four(row: dict) -> str:
    missing = [label for key, label in FLAGS if not row[key]]
    return "齐全" if not missing else "缺" + "、".join(missing)


def _schedule_text(text: str | None) -> str | None:
    if text is None:
        return None
    from shuanglian_cli.domain.schedule import describe, parse_rule

    rules = parse_rule(text)
    return describe(rules) if rules else ""


def _flags(premises, equipment, rules, funds) -> dict:
    values = dict(zip([k for k, _ in FLAGS], (premises, equipment, rules, funds), strict=True))
    return {k: int(v) for k, v in values.items() if v is not None}


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    town: str = typer.Option(None, "--town", help="镇街"),
    kind: str = typer.Option(None, "--kind", help="只列 站 或 点"),
    parent: str = typer.Option(None, "--parent", help="只列某联络站下属的联络点"),
    inactive: bool = typer.Option(False, "--inactive", help="只列已撤销（不在册）的"),
    all_: bool = all_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出联络站（点）：类型、镇街、四有情况、接待日、代表数。"""
    from shuanglian_cli.store.roster_queries import active_filter, list_stations
    from shuanglian_cli.store.rosters import county_id_of, town_id_of

    db = state(ctx).db()
    county_id = county_id_of(db, county)
    if kind and kind not in ("站", "点"):
        raise UserError("只能是 站 或 点")
    parent_id = id_of(db, "stations", parent, county_id)
    rows = list_stations(db, county_id, town_id_of(db, county_id, town) if town else None, kind, parent_id,
                         active_filter(inactive, all_))
    if fmt.value == "table":
        for row in rows:
            row["four_standards"] = _four(row)
    points = sum(1 for r in rows if r["kind"] == "点")
    render(rows, COLUMNS, fmt, title="民情联络站（点）",
                footer=[f"共 {len(rows) - points} 个联络站、{points} 个联络点"] if rows else [])


@app.command("show")
def show(
    ctx: typer.Context,
    station: str = typer.Argument(..., help="联络站(点)：名称、名称开头、编号或拼音首字母"),
    county: CountyOpt = None,
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一个联络站（点）的详细情况。"""
    from shuanglian_cli.store.roster_queries import get_row

    db = state(ctx).db()
    row = get_row(db, "stations", find_in(db, "stations", station, county)["id"])
    pairs = [
        ("编号", row["id"]), ("名称", row["name"]), ("类型", "联络" + row["kind"]), ("县区", row["county"]),
        ("镇街", row["town"]), ("上级站", row["parent"]), ("地址", row["address"]),
        *[(f"有{label}", row[key]) for key, label in FLAGS], ("接待日", row["schedule"] or "未设定"),
        ("代表数", row["deputies"]), ("下属联络点", row["points"]), ("在册", row["active"]),
    ]
    show_row(row, COLUMNS, fmt, title=row["name"], pairs=pairs)


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="名称，如 南麻街道人大代表民情联络站"),
    county: CountyOpt = None,
    town: str = typer.Option(None, "--town", help="所在镇街"),
    kind: str = typer.Option(None, "--kind", help="站 或 点（有 --parent 时默认为点）"),
    parent: str = typer.Option(None, "--parent", help="联络点的上级联络站"),
    address: str = typer.Option("", "--address", help="地址"),
    premises: bool = typer.Option(False, "--premises/--no-premises", help="四有：有场所"),
    equipment: bool = typer.Option(False, "--equipment/--no-equipment", help="四有：有设施"),
    rules: bool = typer.Option(False, "--rules/--no-rules", help="四有：有制度"),
    funds: bool = typer.Option(False, "--funds/--no-funds", help="四有：有经费"),
    schedule: str = typer.Option("", "--schedule", help="接待日，如 每月双周周四、每月第2周周四、每季度至少1次"),
) -> None:
    """新增联络站或联络点。"""
    from shuanglian_cli.domain.text import clean_cell
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.rosters import town_id_of

    db = state(ctx).db()
    name = required_name(name, "名称")
    target = county_to_add(ctx, county)
    kind = kind or ("点" if parent else "站")
    if kind not in ("站", "点"):
        raise UserError("只能是 站 或 点")
    parent_row = None
    if kind == "点":
        if not parent:
            raise UserError("联络点需要用 --parent 指定上级联络站")
        parent_row = find(db, "stations", parent, county_id=target["id"], where="kind = '站'")
    elif parent:
        raise UserError("联络站不能有上级站；联络点请加 --kind 点")
    town_id = town_id_of(db, target["id"], town) if town else (parent_row or {}).get("town_id")
    fields = {
        "county_id": target["id"], "town_id": town_id, "parent_id": parent_row and parent_row["id"], "kind": kind,
        "name": name, "address": clean_cell(address), "schedule": _schedule_text(schedule),
        **_flags(premises, equipment, rules, funds),
    }
    new_id = add_row(db, "stations", fields)
    ok(f"已新增联络{kind}“{name}”（编号 {new_id}，{target['name']}）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    station: str = typer.Argument(..., help="要修改的联络站(点)：名称、编号或拼音首字母"),
    county: CountyOpt = None,
    name: str = typer.Option(None, "--name", help="新名称"),
    town: str = typer.Option(None, "--town", help="所在镇街"),
    kind: str = typer.Option(None, "--kind", help="站 或 点"),
    parent: str = typer.Option(None, "--parent", help="上级联络站（联络点）"),
    address: str = typer.Option(None, "--address", help="地址"),
    premises: bool = typer.Option(None, "--premises/--no-premises", help="四有：有场所"),
    equipment: bool = typer.Option(None, "--equipment/--no-equipment", help="四有：有设施"),
    rules: bool = typer.Option(None, "--rules/--no-rules", help="四有：有制度"),
    funds: bool = typer.Option(None, "--funds/--no-funds", help="四有：有经费"),
    schedule: str = typer.Option(None, "--schedule", help="接待日规则；写空字符串 \"\" 表示取消"),
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为已撤销（保留历史记录）"),
) -> None:
    """修改联络站（点）：只改给出的项。"""
    from shuanglian_cli.domain.text import clean_cell
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.rosters import town_id_of

    db = state(ctx).db()
    row = find_in(db, "stations", station, county)
    fields = {**_flags(premises, equipment, rules, funds), **edit_fields(name, active, "名称")}
    if town is not None:
        fields["town_id"] = town_id_of(db, row["county_id"], town) if town else None
    if address is not None:
        fields["address"] = clean_cell(address)
    if schedule is not None:
        fields["schedule"] = _schedule_text(schedule)
    new_kind = kind or ("点" if parent else row["kind"])
    if new_kind not in ("站", "点"):
        raise UserError("只能是 站 或 点")
    if new_kind == "点" and (parent or row["kind"] != "点"):
        if not parent:
            raise UserError("改为联络点需要用 --parent 指定上级联络站")
        parent_row = find(db, "stations", parent, county_id=row["county_id"], where="kind = '站' AND id != ?",
                          params=[row["id"]])
        fields.update(kind="点", parent_id=parent_row["id"])
    elif new_kind == "站" and row["kind"] == "点":
        fields.update(kind="站", parent_id=None)
    save_edit(db, "stations", row["id"], fields)
    ok(f"已更新联络{fields.get('kind', row['kind'])}“{fields.get('name', row['name'])}”（编号 {row['id']}）")


@app.command("remove")
def remove(
    ctx: typer.Context,
    station: str = typer.Argument(..., help="要删除的联络站(点)"),
    county: CountyOpt = None,
) -> None:
    """删除误录的联络站（点）。已有活动、建议、代表或下属联络点的不能删除，请用 edit --inactive。"""
    row = remove_found(ctx, "stations", station, county, "station")
    ok(f"已删除联络{row['kind']}“{row['name']}”")
