"""sl audit, sl backup, sl restore, sl check, and sl constituent forget."""


import sqlite3
from pathlib import Path

import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render, stdout_console, warn
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError


def audit(
    ctx: typer.Context,
    record: str = typer.Option(None, "--record", "-r", help="只看某条记录，例如 suggestion:123、deputy:5、activity:7、rota:12、absence:3、term:2、seat:40、slip:9"),
    since: str = typer.Option(None, "--since", help="从哪一天起，例如 2026-11-01"),
    operator: str = typer.Option(None, "--by", "--operator", help="只看某个操作人"),
    limit: int = typer.Option(200, "--limit", "-n", help="最多显示最近多少条（0 为全部）"),
    reveal: bool = typer.Option(False, "--reveal", help="不再遮盖较早记录中的群众电话、住址（新记录写入时即已脱敏；本次查看会写入审计记录）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """查看审计记录：谁在何时用哪个命令改了哪条记录，改前改后各是什么。"""
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.services.privacy import protect
    from shuanglian_cli.store import audit as store

    if limit < 0:
        raise UserError("--limit 不能为负数")
    target = store.parse_record(record) if record else None
    day = parse_date(since, "--since 日期").isoformat() if since else None
    db = state(ctx).db()
    rows, total = store.query(db, target, day, operator, limit or None)
    shown = protect(db, rows, reveal, f"审计记录 {record or ''}".strip(), mask=store.mask_entry, table="audit_log",
                    log_empty=True)
    if shown.unmasked:
        warn("未脱敏显示（--reveal）：较早记录中的群众电话、住址不再遮盖；本次查看已记入审计")
    rows = shown.rows
    if fmt.value != "table":
        render(rows, [(k, k) for k in ("id", "at", "operator", "command", "table_name", "record_id",
                                       "record_last", "parent", "action", "before", "after")], fmt)
        return
    shown = store.readable_entries(db, rows)
    footer = [f"共 {total} 条，显示最近 {len(rows)} 条（--limit 0 显示全部）"] if total > len(rows) else []
    render(
        shown,
        [("id", "编号"), ("at", "时间"), ("operator", "操作人"), ("command", "命令"), ("record", "记录"),
         ("action", "操作"), ("change", "内容")],
        fmt, title="审计记录", footer=footer, empty="没有符合条件的审计记录", whole=True,
    )


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(None, help="备份文件（或文件夹）；默认在数据库旁边，按日期命名", show_default=False),
    force: bool = typer.Option(False, "--force", help="备份文件已存在时覆盖"),
) -> None:
    """备份数据库：使用中也能得到一致的副本，检查完整性后再保存（仅本人可读）。"""
    from shuanglian_cli.store import backup as store
    from shuanglian_cli.store.audit import log_event

    st = state(ctx)
    db = st.db()
    db_path = st.db_path
    target = Path(file).expanduser() if file else store.default_backup_path(db_path)
    if target.is_dir():
        target = store.default_backup_path(db_path, target)
    if target.resolve() == db_path.resolve() or target.name.endswith(("-wal", "-shm")):
        raise UserError("备份文件不能是数据库文件本身")
    if db.read_only and not file:
        raise UserError(f"数据库所在位置是只读的，备份不能放在它旁边（{target.parent}）",
                        ["请指定可写位置的备份文件或文件夹，例如 sl backup D:/备份/"])
    report = store.backup(db.conn, target, force=force)
    if db.read_only:  # the trail is in the same read-only file
        warn("数据库在只读位置，本次备份未能写入审计记录")
    else:
        try:  # who took a copy of everyone's data; the copy itself is already safe
            log_event(db, "backup", "database", details={"file": target.name})
        except sqlite3.OperationalError:
            warn("备份已完成，但数据库正忙（或磁盘已满），未能写入审计记录")
    size = target.stat().st_size
    ok(f"已备份到 {target}（{size / 1024:.0f} KB，结构版本 {report.version}，完整性检查通过，仅本人可读）")
    stdout_console().print(f"恢复时运行：sl restore {target}")


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="要恢复的备份文件", show_default=False),
) -> None:
    """用备份文件恢复数据库：先检查备份，保留当前数据库的副本，再替换。"""
    from shuanglian_cli.store import backup as store
    from shuanglian_cli.store.audit import log_event
    from shuanglian_cli.store.connection import writable_place
    from shuanglian_cli.store.migrations import LATEST_VERSION

    st = state(ctx)
    db_path = st.db_path
    source = Path(file).expanduser()
    if db_path.exists() and source.exists() and source.resolve() == db_path.resolve():
        raise UserError("备份文件就是当前数据库本身，无需恢复")
    report = store.validate_backup(source, LATEST_VERSION)
    if db_path.exists() and not writable_place(db_path):
        raise UserError(f"数据库 {db_path} 所在位置是只读的，不能恢复到这里（当前数据库未改动）",
                        ["请把数据库复制到可写的文件夹，用 --db 指定它后再恢复"])
    st.close()
    kept = store.keep_current(db_path)
    store.restore(db_path, source)
    db = st.db()  # brings an older backup's schema up to date
    from shuanglian_cli.services.sites import renew_after_restore

    renew_after_restore(db)  # the change sequence went back: peers get a full resend
    log_event(db, "restore", "database", details={"file": source.name, "kept": kept.name if kept else None})
    ok(f"已从 {source} 恢复（备份的结构版本 {report.version}）")
    if kept:
        stdout_console().print(f"恢复前的数据库已另存为 {kept}")


def check(
    ctx: typer.Context,
    reindex: bool = typer.Option(False, "--reindex", help="按现有记录重建全文索引（sl suggestions search 用；不改动任何记录）"),
) -> None:
    """检查数据库：完整性（integrity_check）、外键（foreign_key_check）、审计触发器、全文索引、文件权限。"""
    from shuanglian_cli.store import backup as store

    st = state(ctx)
    path = st.db_path
    if not path.exists():
        raise UserError(f"数据库文件 {path} 不存在")
    report = store.check_file(path)
    console = stdout_console()
    console.print(f"数据库文件：{path}（结构版本 {report.version if report.version is not None else '未知'}）")
    console.print(f"完整性检查：{'通过' if not report.integrity else f'发现 {len(report.integrity)} 个问题'}")
    console.print(f"外键检查：{'通过' if not report.foreign_keys else f'发现 {len(report.foreign_keys)} 个问题'}")
    console.print(f"审计记录：{'完整' if not report.other else '有问题'}")
    import sys

    # Windows has no POSIX modes (every file reads as 0o666): there the user's own folder's ACL protects it
    if report.published:
        console.print("公开副本（sl publish 生成）：不含审计记录和群众个人信息，只供查阅")
    elif sys.platform != "win32" and path.stat().st_mode & 0o077:
        warn(f"{path} 其他用户也能读取；其中有群众的个人信息，建议运行 chmod 600 {path}")
    if report.ok:
        _list_date_breaches(st.db(), console)
        _search_index(st, console, reindex)
    if not report.ok:
        problems = report.problems()
        details = problems[:30] + ([f"……共 {len(problems)} 个问题"] if len(problems) > 30 else [])
        if report.damaged:  # restoring an older copy is worth it only for real damage
            details.append("可用 `sl restore 备份文件` 恢复最近一次完好的备份")
        raise UserError(f"数据库检查发现 {len(problems)} 个问题：", details)
    ok("数据库完好")


def _search_index(st, console, reindex: bool) -> None:
    """The full-text index follows the records; rebuilt on request (it holds no data of its own)."""
    from shuanglian_cli.services.search import index_state
    from shuanglian_cli.services.search import reindex as rebuild

    if reindex:
        ok(f"全文索引已重建：{rebuild(st.db())} 条记录")
    wrong = index_state(st.db())
    if wrong is None:
        return
    if wrong:
        warn(f"全文索引有 {wrong} 条与记录不一致（查找结果可能不全；记录本身不受影响）；运行 sl check --reindex 重建")
    else:
        console.print("全文索引：与记录一致")


def _list_date_breaches(db, console) -> None:
    """Steps recorded before the date rule: listed so that a clerk can check them; not damage."""
    from shuanglian_cli.store.date_breaches import date_rule_breaches

    found = date_rule_breaches(db)
    if found:
        warn(f"有 {len(found)} 处日期不符合办理规则（多为旧版本录入；不影响修改这些记录的其他内容）：")
        for line in found[:50]:
            console.print(f"  {line}", markup=False)
        if len(found) > 50:
            console.print(f"  ……共 {len(found)} 处")


def forget(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="群众姓名、编号或拼音首字母", show_default=False),
    county: CountyOpt = None,
    yes: bool = typer.Option(False, "--yes", "-y", help="不再询问，直接删除"),
) -> None:
    """删除一名群众的个人信息（姓名、电话、住址），保留匿名的统计人次和意见建议内容。

    依个人信息保护法办理删除请求；不可撤销。审计记录只记下“已删除”，不记被删除的内容，
    此前审计记录中此人的信息也一并抹去。此前的备份文件不受影响。
    """
    from shuanglian_cli.cli.render import is_terminal
    from shuanglian_cli.cli.roster_common import find_in
    from shuanglian_cli.domain.text import mask_name
    from shuanglian_cli.store.privacy import forget_constituent

    db = state(ctx).db()
    person = find_in(db, "constituents", name, county)
    if person.get("erased"):
        raise UserError(f"群众 #{person['id']} 的个人信息已经删除过")
    label = f"#{person['id']} {mask_name(person['name'])}"
    if not yes:
        if not is_terminal():
            raise UserError(f"删除 {label} 的个人信息不可撤销；确认无误请加 --yes")
        if not typer.confirm(f"删除群众 {label} 的姓名、电话、住址？此操作不可撤销", default=False):
            raise UserError("已取消，未做任何更改")
    result = forget_constituent(db, person)
    ok(
        f"已删除群众 {label} 的个人信息；保留其参加活动的人次和 {result['suggestions_kept']} 条意见建议的内容"
        f"（清除提出人姓名 {result['raiser_names_cleared']} 处，抹去审计记录中的个人信息 "
        f"{result['audit_entries_scrubbed']} 处）"
    )
    stdout_console().print("[dim]注意：此前的备份文件中仍有此人的信息，请按规定一并处理。[/dim]")
