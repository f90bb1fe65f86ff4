"""sl import register: take a 意见收集登记表 (exported by sl or typed by a town) into the database."""


import typer

from shuanglian_cli.cli.options import CountyOpt
from shuanglian_cli.cli.progress import progress_bar
from shuanglian_cli.cli.render import ok, stdout_console, warn
from shuanglian_cli.cli.state import state
from shuanglian_cli.domain.vocabulary import STATE_SHORT

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
    from shuanglian_cli.services.register import import_register as run

    st = state(ctx)
    done = run(st.db, file, county=county, config=st.config, operator=st.operator, dry_run=dry_run,
               progress=progress_bar)
    register, county_row, plan = done.register, done.county, done.plan
    console = stdout_console()
    verb = "将" if dry_run else "已"
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
    _warn_similar(st.db(), done.similar)


SIMILAR_SHOWN = 10


def _warn_similar(db, similar: list[dict]) -> None:
    """The rows very like an open suggestion already in the county (imported all the same)."""
    from shuanglian_cli.cli.references import suggestion_refs
    from shuanglian_cli.services.similar import warning_text

    if not similar:
        return
    refs = suggestion_refs(db)
    for s in similar[:SIMILAR_SHOWN]:
        warn(f"第 {s['row']} 行：" + warning_text(s["content"], s["like"], refs))
    if len(similar) > SIMILAR_SHOWN:
        warn(f"另有 {len(similar) - SIMILAR_SHOWN} 行与在办的意见建议很相似（共 {len(similar)} 行）")
