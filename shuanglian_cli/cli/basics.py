"""sl init, sl info, sl demo."""


from pathlib import Path

import typer

from shuanglian_cli.cli.common import (
    OutputFormat,
    format_option,
    ok,
    render,
    render_record,
    state,
    stdout_console,
)

TABLE_LABELS = {
    "counties": "县区", "towns": "镇街", "stations": "联络站(点)", "deputies": "代表",
    "members": "常委会组成人员", "constituents": "群众", "departments": "承办单位",
    "member_deputies": "联系代表关系", "deputy_constituents": "联系群众关系",
    "activities": "联系活动", "activity_deputies": "活动参加代表", "activity_members": "活动参加委员",
    "activity_constituents": "活动接待群众", "suggestions": "意见建议", "suggestion_events": "办理过程记录",
    "meta": "元数据", "audit_log": "审计记录", "audit_context": "审计上下文",
    "_migrations": "结构升级记录", "_site": "本站点", "_peers": "对方站点", "_identity": "全局编号",
    "_gid_alias": "全局编号对应", "_changes": "待发送变更", "_field_clocks": "字段时钟", "_conflicts": "交换冲突",
}


def init(
    ctx: typer.Context,
    site: str = typer.Option(None, "--site", help="本站点名称（可稍后用 sl site set 设置）"),
    code: str = typer.Option(None, "--code", help="站点代码：英文字母和数字，例如 NANMA"),
    site_kind: str = typer.Option(None, "--site-kind", help="站点类型：town（镇街）、county（县区）、city（市）"),
    county: str = typer.Option(None, "--county", help="站点所属县区"),
) -> None:
    """新建数据库（已存在则只升级结构）；给出 --site 时同时设置本站点。"""
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
        from shuanglian_cli.cli.common import echo_json

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
) -> None:
    """生成沂源县的演示数据库（人名、电话均为虚构），并展示可以试用的命令。

    只写入 --db 指定的文件，不指定时写入当前目录下的 sl-demo.db（不使用环境变量 SL_DB 或配置的 database）。
    不覆盖表格等非 sl 数据库文件。
    """
    import time

    from shuanglian_cli.cli.common import today_or
    from shuanglian_cli.demo import DEMO_TODAY, build_demo
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.store.overwrite import Target, classify, keep_before_demo, mark_demo

    st = state(ctx)
    # only --db or ./sl-demo.db: never SL_DB or the config's database, which may be the real one
    path = Path(st.db_option).expanduser() if st.db_option else Path("sl-demo.db")
    st.db_option = str(path)
    target = classify(path)
    if target is Target.DEMO and not force:
        raise UserError(f"{path} 已有演示数据；加 --force 重新生成，或用 --db 指定新文件")
    if target is Target.REAL and not force:
        raise UserError(
            f"{path} 是有记录的数据库（不是演示数据库），sl demo 不会覆盖它",
            ["请用 --db 指定新文件，例如 --db sl-demo.db；",
             "确需用演示数据替换它时加 --force：会先在旁边保存一份检查过的副本，再覆盖"],
        )
    st.close()
    kept = keep_before_demo(path) if target is Target.REAL else None
    started = time.perf_counter()
    # Build beside the target and rename at the end: a demo stopped half-way leaves the old file as it was.
    building = path.with_name(path.name + ".building")
    _remove_database_files(building)
    st.db_option = str(building)
    day = today_or(as_of) if as_of else DEMO_TODAY
    try:
        db = st.db(create=True)
        summary = build_demo(db, st.config, seed=seed, today=day)
        mark_demo(db, seed, day)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        st.close()
        _replace_database(building, path)
    except BaseException as exc:  # a full disk, Ctrl-C: no half-built file left behind, the target untouched
        st.close()
        _remove_database_files(building)
        _raise_as_users(exc, path)
        raise
    st.db_option = str(path)
    elapsed = time.perf_counter() - started
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


def _raise_as_users(exc: BaseException, path: Path) -> None:
    """A full disk or a read-only place met while building, said of the target, not the temporary file."""
    import sqlite3

    from shuanglian_cli.errors import file_write_error
    from shuanglian_cli.store.faults import environment_error

    if isinstance(exc, sqlite3.Error) and (error := environment_error(exc, path)) is not None:
        raise error from None
    if isinstance(exc, OSError):
        raise file_write_error(exc, path, "演示数据库") from None


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _replace_database(new: Path, path: Path) -> None:
    """Put `new` (checkpointed, closed) in place of `path`. The old file's WAL is folded into it
    first and removed, so no stale -wal is ever replayed onto the new file."""
    import os
    import sqlite3

    if path.exists():
        try:
            conn = sqlite3.connect(str(path))
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
        except sqlite3.DatabaseError:
            pass  # not a usable database: it is being replaced anyway
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(new, path)
    for suffix in ("-wal", "-shm"):
        Path(str(new) + suffix).unlink(missing_ok=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("info")(info)
    app.command("demo")(demo)
