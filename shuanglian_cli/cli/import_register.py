"""sl import register: take a 意见收集登记表 (exported by sl or typed by a town) into the database."""


import typer

from shuanglian_cli.cli.options import CountyOpt
from shuanglian_cli.cli.progress import progress_bar
from shuanglian_cli.cli.render import ok, stdout_console, warn
from shuanglian_cli.cli.state import state
from shuanglian_cli.domain.vocabulary import STATE_SHORT
from shuanglian_cli.errors import UserError

MAX_ERRORS_SHOWN = 50
STATE_LABELS = STATE_SHORT


def import_register(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="意见收集登记表（.xlsx 或 .csv），可以是 sl 导出的，也可以是手工填写的"),
    county: CountyOpt = None,
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查并报告将新增什么，不写入数据库"),
) -> None:
    """导入意见收集登记表：匹配或新建联络站(点)、代表、群众、承办单位，登记意见建议及其办理情况。

    同一条意见（县区＋接待日期＋联络站＋内容＋群众姓名）已存在则跳过，重复导入不会重复登记。
    任何一行有错都不写入，并逐行列出（文件、行、列、原因）。
    """
    from shuanglian_cli.io.register_import import read_register
    from shuanglian_cli.store.audit import bulk_inserts
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.register import BULK_TABLES, apply_plan, plan_import
    from shuanglian_cli.store.resolve import find_county

    st = state(ctx)
    register = read_register(file)
    if register.errors:
        shown = register.errors[:MAX_ERRORS_SHOWN]
        if len(register.errors) > MAX_ERRORS_SHOWN:
            shown.append(f"……共 {len(register.errors)} 处错误")
        raise UserError(f"{register.path.name} 有 {len(register.errors)} 处错误，未导入任何数据：", shown)
    db = st.db()
    county_text = county or register.county_hint or st.config.get("default_county")
    if not county_text:
        raise UserError("请用 --county 指定导入到哪个县区（表中没有“县区：”一行，配置中也没有 default_county）")
    try:
        county_row = find_county(db, county_text)
    except UserError:
        if county or not register.county_hint:
            raise
        raise UserError(f"表中写的县区“{register.county_hint}”不在数据库中，请用 --county 指定") from None
    plan = plan_import(db, register.rows, county_row["id"])
    console = stdout_console()
    verb = "将" if dry_run else "已"
    if not dry_run and (plan.added or plan.new_stations or plan.new_deputies or plan.new_departments):
        with progress_bar(len(plan.added), "正在写入") as bar, transaction(db), \
                bulk_inserts(db, BULK_TABLES, register.path.name):
            apply_plan(db, plan, st.calendar, st.config, st.operator, register.path.name)
            bar.advance(len(plan.added))
    head = f"{register.path.name}（{county_row['name']}）：共 {len(register.rows)} 条意见建议，" \
           f"{verb}新增 {len(plan.added)} 条，已存在 {plan.unchanged} 条"
    (console.print if dry_run else ok)(("[试运行，未写入] " if dry_run else "") + head)
    states = "，".join(f"{STATE_LABELS.get(k, k)} {n}" for k, n in plan.by_state.most_common())
    if states:
        console.print(f"  新增的意见建议：{states}")
    for label, names in (("联络站(点)", plan.new_stations), ("代表", plan.new_deputies),
                         ("承办单位", plan.new_departments)):
        if names:
            listed = "、".join(names[:10]) + (f"等 {len(names)} 个" if len(names) > 10 else "")
            console.print(f"  {verb}新建{label}：{listed}")
    if plan.new_constituents:
        console.print(f"  {verb}新建群众 {plan.new_constituents} 名")
    if plan.unmatched_masked:
        warn(f"{plan.unmatched_masked} 条意见的联系电话已脱敏，且未能在名册中对上人，只记录了群众姓名")
