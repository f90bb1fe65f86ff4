"""sl init, sl info, sl demo."""


from pathlib import Path

import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render, render_record, stdout_console
from shuanglian_cli.cli.state import state

TABLE_LABELS = {
    "counties": "县区", "towns": "镇街", "stations": "联络站(点)", "deputies": "代表",
    "members": "常委会组成人员", "constituents": "群众", "departments": "承办单位",
    "member_deputies": "联系代表关系", "deputy_constituents": "联系群众关系",
    "activities": "联系活动", "activity_deputies": "活动参加代表", "activity_members": "活动参加委员",
    "activity_constituents": "活动接待群众", "suggestions": "意见建议", "suggestion_events": "办理过程记录",
    "suggestion_co_handlers": "协办单位", "suggestion_returns": "退办记录",
    "meta": "元数据", "audit_log": "审计记录", "audit_context": "审计上下文",
    "_migrations": "结构升级记录", "_site": "本站点", "_peers": "对方站点", "_identity": "全局编号",
    "_gid_alias": "全局编号对应", "_changes": "待发送变更", "_field_clocks": "字段时钟", "_conflicts": "交换冲突",
    "_search_suggestions": "全文索引：意见建议", "_search_activities": "全文索引：联系活动",
    "_search_suggestion_text": "全文索引文字：意见建议", "_search_activity_text": "全文索引文字：联系活动",
    "_search_dirty": "全文索引待更新",
}


def init(
    ctx: typer.Context,
    site: str = typer.Option(None, "--site", help="本站点名称（可稍后用 sl site set 设置）"),
    code: str = typer.Option(None, "--code", help="站点代码：英文字母和数字，例如 NANMA"),
    site_kind: str = typer.Option(None, "--site-kind", help="站点类型：town（镇街）、county（县区）、city（市）"),
    county: CountyOpt = None,
) -> None:
    """新建数据库（已存在则只升级结构）；给出 --site 时同时设置本站点（镇街和县区站点须写 --county）。"""
    st = state(ctx)
    path = st.db_path
    existed = path.exists()
    from shuanglian_cli.store.db import schema_version

    db = st.db(create=True)
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import ensure_config_counties

    with transaction(db):
        added = ensure_config_counties(db, st.config.get("counties"))
    if added:
        ok(f"已按配置文件添加县区：{'、'.join(added)}")
    if existed:
        ok(f"数据库已存在：{path}（结构版本 {schema_version(db)}）")
    else:
        ok(f"已创建数据库：{path}（结构版本 {schema_version(db)}，文件仅本人可读）")
        stdout_console().print("下一步：`sl import deputies 代表名册.xlsx` 导入名册，或 `sl template deputies` 生成模板。")
    if site or code or site_kind:
        from shuanglian_cli.services.sites import set_site

        made = set_site(db, name=site or code or "", code=code or "", kind=site_kind or "", county=county)
        ok(f"本数据库已设置为站点：{made['name']}（{made['code']}）")


def info(ctx: typer.Context, fmt: OutputFormat = format_option()) -> None:
    """显示数据库文件、结构版本和各表行数。"""
    from shuanglian_cli.store.db import schema_version, table_counts

    st = state(ctx)
    db = st.db()
    counts = table_counts(db)
    version = schema_version(db)
    size = Path(st.db_path).stat().st_size
    from shuanglian_cli.cli.site import show_site
    from shuanglian_cli.store.sites import get_site

    if fmt.value == "table":
        render_record(
            [("数据库文件", str(st.db_path)), ("结构版本", version), ("文件大小", f"{size / 1024:.0f} KB"),
             ("配置文件", str(st.config.path or "（未使用，按默认值）")), *show_site(db)],
            title="sl 数据库信息",
        )
    rows = [{"table": name, "label": TABLE_LABELS.get(name, name), "rows": n} for name, n in counts]
    if fmt.value == "json":
        from shuanglian_cli.cli.render import echo_json

        site = get_site(db)
        echo_json({"path": str(st.db_path), "schema_version": version, "size_bytes": size, "tables": rows,
                   "site": {k: site[k] for k in ("code", "name", "kind", "county")} if site else None})
        return
    render(rows, [("label", "内容"), ("table", "表名"), ("rows", "行数")], fmt)


def demo(
    ctx: typer.Context,
    seed: int = typer.Option(2026, "--seed", help="随机种子：同一种子生成同样的数据"),
    as_of: str = typer.Option(None, "--as-of", help="演示数据的“今天”（默认今天），决定哪些建议已超期；同一种子和日期生成同样的数据"),
    force: bool = typer.Option(
        False, "--force",
        help="覆盖已有的数据库：演示数据库直接重新生成；有其他记录的，先在旁边保存检查过的副本（NAME.before-demo-日期-时间.bak）",
    ),
    city: str = typer.Option(
        None, "--city", metavar="DIR",
        help="生成淄博市八个县区的演示数据（写入文件夹 DIR：每个县区一个数据库，沂源县每个联络站一个，汇总到 淄博市.db），不使用 --db",
    ),
) -> None:
    """生成沂源县的演示数据库（人名、电话均为虚构），并展示可以试用的命令。

    只写入 --db 指定的文件，不指定时写入当前目录下的 sl-demo.db（不使用环境变量 SL_DB 或配置的 database）。
    不覆盖表格等非 sl 数据库文件。
    """
    from shuanglian_cli.cli.state import current_command_name, today_or
    from shuanglian_cli.demo import DEMO_TODAY
    from shuanglian_cli.services.demo import build_demo
    from shuanglian_cli.store.connection import Actor

    if city:
        from shuanglian_cli.cli.city_demo import run

        return run(ctx, city, seed, today_or(as_of) if as_of else DEMO_TODAY, force)
    st = state(ctx)
    # only --db or ./sl-demo.db: never SL_DB or the config's database, which may be the real one
    path = Path(st.db_option).expanduser() if st.db_option else Path("sl-demo.db")
    st.close()
    day = today_or(as_of) if as_of else DEMO_TODAY
    built = build_demo(path, st.config, Actor(st.safe_operator(), current_command_name()), seed=seed, day=day,
                       force=force)
    st.db_option = str(path)
    kept, summary, elapsed = built.kept, built.summary, built.seconds
    console = stdout_console()
    if kept:
        ok(f"原数据库已先另存为 {kept}（已检查完整）")
    ok(f"演示数据库已生成：{path}（{elapsed:.1f} 秒，演示日期 {day.isoformat()}）")
    for line in summary:
        console.print(f"  {line}")
    _showcase(ctx, day)
    db_arg = "" if str(path) == "sl-demo.db" else f" --db {path}"
    env = f"export SL_DB={path}" if db_arg else "export SL_DB=sl-demo.db"
    console.print("\n[bold]接下来可以试试：[/bold]")
    console.print(f"  {env}")
    for cmd in (
        f"sl suggestions overdue --county yiyuan --as-of {day.isoformat()}",
        f"sl suggestions due --within 5 --as-of {day.isoformat()}",
        "sl deputy list --county 沂源",
        f"sl stats year {day.year} --county yiyuan",
        f"sl coverage --quarter {day.year}Q3",
        f"sl schedule next --days 30 --as-of {day.isoformat()}",
        f"sl export quarter --county yiyuan --quarter {day.year}Q3",
        "sl suggestions search 路灯",
        f"sl topics --quarter {day.year}Q3 --county yiyuan",
        f"sl doc bulletin --quarter {day.year}Q3 --county yiyuan",
        f"sl deputy duties --year {day.year} --county yiyuan --unmet",
        "sl info",
    ):
        console.print(f"  [cyan]{cmd}[/cyan]")


def _showcase(ctx: typer.Context, day) -> None:
    """Show what the tool does with the data: last year's figures and this morning's overdue list."""
    from shuanglian_cli.cli import stats, suggestions

    console = stdout_console()
    console.rule(f"sl stats year {day.year - 1} --county yiyuan")
    stats.year(ctx, which=str(day.year - 1), county="yiyuan", as_of=day.isoformat(), by_county=False,
               fmt=OutputFormat.table)
    console.rule(f"sl suggestions overdue --county yiyuan --as-of {day.isoformat()}")
    suggestions.overdue(ctx, county="yiyuan", station=None, department=None, as_of=day.isoformat(),
                        fmt=OutputFormat.table)
