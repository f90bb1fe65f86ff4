"""A connection to the SQLite file: who is working through it, its PRAGMAs, read-only opening for a
file in a read-only place, and write transactions that credit the audit trail.

This module imports nothing else from the store, so `store/db` (opening and migrating), the
migrations and `store/audit` can all build on it without an import cycle."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from shuanglian_cli.errors import UserError

BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"
# a large import and its audit entries fit in memory until the commit: no spilling half-done pages
# to the WAL (the default 2 MB cache made a 20,000-row import 2x slower)
CACHE_KIB = 65_536


@dataclass(frozen=True)
class Actor:
    """Who and what the audit trail credits changes to: the operator and the command as typed."""

    operator: str | None = None
    command: str | None = None


class Database(sqlite_utils.Database):
    """sqlite-utils' Database with the actor working through it and whether the file was opened
    read-only (a read-only place: only reads and `sl backup` can work)."""

    def __init__(self, conn: sqlite3.Connection, actor: Actor | None = None, read_only: bool = False):
        super().__init__(conn)
        self.actor = actor or Actor()
        self.read_only = read_only
        # called once, inside the first write transaction, before its writes (services/store.py: the
        # calendar sync every write does)
        self.before_write: Callable[[sqlite_utils.Database], object] | None = None


def writable_place(path: Path) -> bool:
    """Can the file, and the folder its -wal and -shm files go in, be written? access(2) answers
    EROFS for a read-only mount even to root; a denied write later is still handled."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def connect(path: Path, actor: Actor | None = None) -> Database:
    """Open the file for reading and writing, in WAL mode."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    _common_pragmas(conn)
    return Database(conn, actor, read_only=False)


def connect_read_only(path: Path, actor: Actor | None = None) -> Database:
    """Open the file read-only. A WAL database needs its -shm file (or a folder where one can be
    made); without one, and with no unsaved -wal content, SQLite's immutable mode reads the file
    as it is."""
    uri = Path(os.path.abspath(path)).as_uri()
    try:
        conn = _open_uri(f"{uri}?mode=ro")
    except sqlite3.OperationalError:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise UserError(
                f"数据库 {path} 在只读位置，且还有未并入主文件的记录（{wal.name}），缺少 {path.name}-shm，无法安全读取",
                ["请把数据库文件连同其 -wal 文件一起复制到可写的文件夹，再用 --db 指定它（数据库本身并未损坏）"],
            ) from None
        conn = _open_uri(f"{uri}?immutable=1")
    _common_pragmas(conn)
    return Database(conn, actor, read_only=True)


def _open_uri(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the -wal/-shm now, not later
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def _common_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


@contextlib.contextmanager
def transaction(
    db: sqlite_utils.Database, operator: str | None = None, command: str | None = None
) -> Iterator[sqlite_utils.Database]:
    """One write transaction: all or nothing. BEGIN IMMEDIATE takes the write lock up front,
    waiting up to the busy timeout for another clerk's write to finish.

    The audit triggers (store/audit.py) read the operator and command from `audit_context`,
    filled here inside the transaction; they default to the database's actor."""
    conn = db.conn
    if conn.in_transaction:  # nested: the outer transaction decides
        yield db
        return
    actor = actor_of(db)
    hook = db.before_write if isinstance(db, Database) else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        audited = _set_audit_context(conn, operator or actor.operator, command or actor.command)
        if hook is not None:
            db.before_write = None
            hook(db)
        yield db
        _flush_search_index(conn)
        if audited:  # writes made outside transaction() are then not credited to this command
            conn.execute("UPDATE audit_context SET operator = NULL, command = NULL, redacting = 0 WHERE id = 1")
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            conn.execute("ROLLBACK")
        if hook is not None:  # rolled back with the rest: the next write does it again
            db.before_write = hook
        raise
    else:
        conn.execute("COMMIT")


def _flush_search_index(conn: sqlite3.Connection) -> None:
    """The full-text index follows the rows this transaction changed (store/search_index.py)."""
    from shuanglian_cli.store.search_index import flush

    flush(conn)


def actor_of(db: sqlite_utils.Database) -> Actor:
    """The actor of a Database opened here; a bare sqlite-utils object (a benchmark's) has none."""
    return db.actor if isinstance(db, Database) else Actor()


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
