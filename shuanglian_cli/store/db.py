"""Opening the SQLite file: read-write, or read-only in a read-only place; migrations with a backup
copy; the connection itself and write transactions live in store/connection.py."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import sqlite_utils

from shuanglian_cli.errors import UserError, file_write_error
from shuanglian_cli.store.connection import (  # noqa: F401  (re-exported: callers import them from here)
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    Actor,
    Database,
    connect,
    connect_read_only,
    transaction,
    writable_place,
)
from shuanglian_cli.store.faults import environment_error, file_error, is_damage, is_read_only_place


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(f"无法读取数据库文件 {path}：{exc.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise UserError(f"{path} 不是 SQLite 数据库文件（可能选错了文件）")


def _create_private_file(path: Path) -> None:
    """Create the file readable by its owner only: it holds citizens' personal data."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise file_write_error(exc, path, "数据库文件") from None


def open_db(
    path: Path,
    create: bool = False,
    migrate: bool = True,
    actor: Actor | None = None,
    read_only: bool | None = None,
) -> Database:
    """Open (or with create=True make) the database and bring its schema up to date.

    read_only: None opens read-write where the place allows it and read-only where it does not
    (a read-only USB stick or share): reads and `sl backup` work there, a write is refused as such."""
    from shuanglian_cli.store.migrations import LATEST_VERSION, apply_migrations, pending_migrations

    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if not path.exists():
        if not create:
            raise UserError(
                f"数据库文件 {path} 不存在。",
                ["请先运行 `sl init` 创建新的数据库，或运行 `sl demo` 生成演示数据；",
                 "也可以用 --db 或环境变量 SL_DB 指定已有的数据库文件。"],
            )
        _create_private_file(path)
    elif path.is_dir():
        raise UserError(f"{path} 是一个文件夹，不是数据库文件")
    else:
        _check_is_sqlite(path)
    db = _open(path, actor, read_only)
    version = schema_version(db)
    if version > LATEST_VERSION:
        db.conn.close()
        raise UserError(
            f"数据库 {path} 的结构版本为 {version}，比本工具支持的 {LATEST_VERSION} 更新；请升级 sl 后再使用"
        )
    if migrate and pending_migrations(db):
        if db.read_only:
            db.conn.close()
            raise UserError(
                f"数据库 {path} 需要升级结构（版本 {version} → {LATEST_VERSION}），但所在位置是只读的",
                ["请把数据库复制到可写的文件夹，再用 --db 指定它（数据库本身并未损坏）"],
            )
        if existed and version > 0:
            backup_before_migration(db, path, version)
        if apply_migrations(db):
            _fill_search_index(db)
    return db


def _fill_search_index(db: Database) -> None:
    """A step may have marked records for the full-text index (search_index): index them now, once,
    rather than in the first command that writes or searches."""
    from shuanglian_cli.store.search_index import flush_now, pending

    if pending(db.conn):
        flush_now(db.conn)


def _open(path: Path, actor: Actor | None, read_only: bool | None) -> Database:
    if read_only is None:
        read_only = not writable_place(path)
    try:
        if read_only:
            return connect_read_only(path, actor)
        try:
            return connect(path, actor)
        except sqlite3.DatabaseError as exc:
            if not is_read_only_place(exc):
                raise
            return connect_read_only(path, actor)  # the place refused a write access(2) allowed
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise UserError(f"{path} 不是有效的 SQLite 数据库文件（文件已损坏或选错了文件）",
                            ["可运行 `sl check` 检查"]) from None
        if (error := environment_error(exc, path)) is None:
            raise  # a lock held too long, say: the CLI's error boundary says so
        raise error from None


def schema_version(db: sqlite_utils.Database) -> int:
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise UserError("数据库文件已损坏，无法读取结构版本") from None


def backup_before_migration(db: sqlite_utils.Database, path: Path, version: int) -> Path:
    """Keep a consistent copy beside the file before its schema changes."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    # written beside under a temporary name and renamed: a crash never leaves a half copy
    tmp = path.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as exc:
        raise file_write_error(exc, target, "升级前的备份") from None
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, target)
    except sqlite3.DatabaseError as exc:
        if (error := file_error(exc, path, target)) is None:
            raise
        raise error from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def table_counts(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    """Rows per table; a virtual table's shadow tables (a full-text index's pages) are not listed."""
    import re

    tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [n for n, sql in tables if re.match(r"\s*CREATE\s+VIRTUAL\b", sql or "", re.IGNORECASE)]
    names = [t for t, _ in tables if not t.startswith("sqlite_") and not any(t.startswith(v + "_") for v in virtual)]
    return [(name, db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]) for name in sorted(names)]
