"""Opening the SQLite file: pragmas, migrations with a backup copy, and write transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from shuanglian_cli.errors import UserError

BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"


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
        raise UserError(f"无法创建数据库文件 {path}：{exc.strerror}") from None


def connect(path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.DatabaseError:
        conn.close()
        raise UserError(f"{path} 不是有效的 SQLite 数据库文件（文件已损坏或选错了文件）") from None
    if mode.lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return sqlite_utils.Database(conn)


def open_db(path: Path, create: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (or with create=True make) the database and bring its schema up to date."""
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
    db = connect(path)
    version = schema_version(db)
    if version > LATEST_VERSION:
        db.conn.close()
        raise UserError(
            f"数据库 {path} 的结构版本为 {version}，比本工具支持的 {LATEST_VERSION} 更新；请升级 sl 后再使用"
        )
    if migrate and pending_migrations(db):
        if existed and version > 0:
            backup_before_migration(db, path, version)
        apply_migrations(db)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise UserError("数据库文件已损坏，无法读取结构版本") from None


def backup_before_migration(db: sqlite_utils.Database, path: Path, version: int) -> Path:
    """Keep a consistent copy beside the file before its schema changes."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    # written beside under a temporary name and renamed: a crash never leaves a half copy
    tmp = path.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


@contextlib.contextmanager
def transaction(
    db: sqlite_utils.Database, operator: str | None = None, command: str | None = None
) -> Iterator[sqlite_utils.Database]:
    """One write transaction: all or nothing. BEGIN IMMEDIATE takes the write lock up front,
    waiting up to the busy timeout for another clerk's write to finish.

    The audit triggers (store/audit.py) read the operator and command from `audit_context`,
    filled here inside the transaction; they default to what the CLI put on the db object
    (`db.audit_operator`, `db.audit_command`, see cli/common.AppState.db)."""
    conn = db.conn
    if conn.in_transaction:  # nested: the outer transaction decides
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        audited = _set_audit_context(
            conn, operator or getattr(db, "audit_operator", None), command or getattr(db, "audit_command", None)
        )
        yield db
        if audited:  # writes made outside transaction() are then not credited to this command
            conn.execute("UPDATE audit_context SET operator = NULL, command = NULL, redacting = 0 WHERE id = 1")
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _set_audit_context(conn: sqlite3.Connection, operator: str | None, command: str | None) -> bool:
    try:
        conn.execute(
            "UPDATE audit_context SET operator = ?, command = ?, redacting = 0 WHERE id = 1", [operator, command]
        )
    except sqlite3.OperationalError as exc:  # a database from before migration 2
        if "no such table" not in str(exc):
            raise
        return False
    return True


def table_counts(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    names = [t for t in db.table_names() if not t.startswith("sqlite_")]
    return [(name, db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]) for name in sorted(names)]
