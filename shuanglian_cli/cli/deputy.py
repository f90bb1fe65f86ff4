"""sl deputy: the roster of people's congress deputies (人大代表). `archive` and `rank` are added to
this group by cli/deputy_archive.py."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, StationOpt, format_option
from shuanglian_cli.cli.render import ok, warn
from shuanglian_cli.cli.roster_common import (
    add_row,
    all_option,
    county_to_add,
    edit_fields,
    find_in,
    id_of,
    remove_found,
    render_list,
    required_name,
    show_row,
)
from shuanglian_cli.cli.state import state

app = typer.Typer(no_args_is_help=True, help="人大代表：名册、履职档案、排名")

COLUMNS = [
    ("id", "编号"), ("name", "姓名"), ("sex", "性别"), ("phone", "联系电话"), ("work_unit", "工作单位及职务"),
    ("levels", "代表层级"), ("county", "县区"), ("town", "镇街"), ("station", "联络站"), ("active", "在册"),
]
LEVEL_HELP = "代表层级：全国、省、市、县、镇；可重复（--level 县 --level 镇）或写成“县,镇”"


def _levels(values: list[str] | None) -> str | None:
    from shuanglian_cli.domain.text import normalize_levels

    if not values:
        return None
    return normalize_levels(",".join(values))


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    town: str = typer.Option(None, "--town", help="镇街"),
    station: StationOpt = None,
    level: list[str] = typer.Option(None, "--level", help="只列这一层级的代表（" + LEVEL_HELP + "）"),
    inactive: bool = typer.Option(False, "--inactive", help="只列不在册的（已调离、终止资格等）"),
    all_: bool = all_option(),
    term: str = typer.Option(None, "--term", help="只列在这一届任职过的代表（届次编号或名称；含已不在册的）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出代表：姓名、联系电话、工作单位及职务、代表层级、镇街、联络站。"""
    from shuanglian_cli.store.roster_queries import active_filter, list_deputies
    from shuanglian_cli.store.rosters import county_id_of, town_id_of
    from shuanglian_cli.store.terms import find_term

    db = state(ctx).db()
    county_id = county_id_of(db, county)
    levels = (_levels(level) or "").split(",") if level else None
    station_id = id_of(db, "stations", station, county_id)
    found = find_term(db, term, county_id) if term else None
    active = None if found and not inactive else active_filter(inactive, all_)  # a term's roster: who sat in it
    rows = list_deputies(db, county_id, town_id_of(db, county_id, town), station_id, levels, active,
                         term_id=found["id"] if found else None)
    render_list(rows, COLUMNS, fmt, found["name"] + "代表名册" if found else "人大代表名册", "名")


@app.command("show")
def show(
    ctx: typer.Context,
    deputy: str = typer.Argument(..., help="代表：姓名、姓名开头、编号或拼音（首字母）"),
    county: CountyOpt = None,
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一名代表的情况和年度联系关系。"""
    from shuanglian_cli.store.roster_queries import get_row, links_of

    db = state(ctx).db()
    found = find_in(db, "deputies", deputy, county)
    row = get_row(db, "deputies", found["id"])
    show_row(row, COLUMNS, fmt, title=f"代表 {row['name']}", links=links_of(db, "deputies", found["id"]),
             link_name="姓名", links_title="联系关系")


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="姓名"),
    county: CountyOpt = None,
    sex: str = typer.Option(None, "--sex", help="男 或 女"),
    phone: str = typer.Option("", "--phone", help="联系电话"),
    work_unit: str = typer.Option("", "--work-unit", help="工作单位及职务"),
    level: list[str] = typer.Option(None, "--level", help=LEVEL_HELP + "；默认 县"),
    town: str = typer.Option(None, "--town", help="选区所在镇街"),
    station: StationOpt = None,
) -> None:
    """新增一名代表。"""
    from shuanglian_cli.domain.text import clean_cell, normalize_phone, normalize_sex
    from shuanglian_cli.store.rosters import town_id_of

    db = state(ctx).db()
    name = required_name(name, "姓名")
    target = county_to_add(ctx, county)
    fields = {
        "county_id": target["id"], "name": name, "sex": normalize_sex(sex), "phone": normalize_phone(phone),
        "work_unit": clean_cell(work_unit), "levels": _levels(level) or "县",
        "town_id": town_id_of(db, target["id"], town), "station_id": id_of(db, "stations", station, target["id"]),
    }
    new_id = add_row(db, "deputies", fields)
    ok(f"已新增代表“{name}”（编号 {new_id}，{target['name']}，{fields['levels']}级）")


@app.command("edit")
def edit(
    ctx: typer.Context,
    deputy: str = typer.Argument(..., help="要修改的代表：姓名、编号或拼音首字母"),
    county: CountyOpt = None,
    name: str = typer.Option(None, "--name", help="新姓名"),
    sex: str = typer.Option(None, "--sex", help="男 或 女"),
    phone: str = typer.Option(None, "--phone", help="联系电话（写 \"\" 清空）"),
    work_unit: str = typer.Option(None, "--work-unit", help="工作单位及职务"),
    level: list[str] = typer.Option(None, "--level", help=LEVEL_HELP + "（给出即整体替换）"),
    town: str = typer.Option(None, "--town", help="选区所在镇街（写 \"\" 清空）"),
    station: StationOpt = None,
    active: bool = typer.Option(None, "--active/--inactive", help="--inactive 标记为不在册（保留履职记录）"),
) -> None:
    """修改代表信息：只改给出的项。标记不在册或改到另一个站（点）时，今后在原站的值班随之取消，并提示哪天人手不足。"""
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.text import clean_cell, normalize_phone, normalize_sex
    from shuanglian_cli.services.rota_leavers import freed_lines, save_deputy_edit
    from shuanglian_cli.store.rosters import town_id_of

    db = state(ctx).db()
    row = find_in(db, "deputies", deputy, county)
    fields = edit_fields(name, active)
    if sex is not None:
        fields["sex"] = normalize_sex(sex)
    if phone is not None:
        fields["phone"] = normalize_phone(phone)
    if work_unit is not None:
        fields["work_unit"] = clean_cell(work_unit)
    if level:
        fields["levels"] = _levels(level) or "县"
    if town is not None:
        fields["town_id"] = town_id_of(db, row["county_id"], town)
    if station is not None:
        fields["station_id"] = id_of(db, "stations", station, row["county_id"])
    freed = save_deputy_edit(db, row, fields, today())
    ok(f"已更新代表“{fields.get('name', row['name'])}”（编号 {row['id']}）")
    for line in freed_lines(freed, state(ctx).config):  # inactive or moved: their future duty days are freed
        warn(line)


@app.command("remove")
def remove(
    ctx: typer.Context,
    deputy: str = typer.Argument(..., help="要删除的代表"),
    county: CountyOpt = None,
) -> None:
    """删除误录的代表。已有活动、建议或联系关系的不能删除，请用 edit --inactive。"""
    row = remove_found(ctx, "deputies", deputy, county, "deputy")
    ok(f"已删除代表“{row['name']}”")
