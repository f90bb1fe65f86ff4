"""Before `sl demo --force` overwrites a file: what the file is, and a checked copy of it.

A database is demo-only when it carries the demo's marker (meta key `demo`) and its audit trail has no
entry from any command but `demo`; anything else with sl's tables is a clerk's real database, and is
copied aside, checked, before it is overwritten. A file that is not an sl database is never overwritten."""

from __future__ import annotations

import datetime as dt
import enum
import json
import sqlite3
from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.store.connection import SQLITE_HEADER

DEMO_MARKER = "demo"
DEMO_COMMAND = "demo"
SL_TABLES = {"counties", "deputies", "suggestions"}


class Target(enum.Enum):
    NEW = "new"  # absent or empty: nothing to lose
    DEMO = "demo"  # built by `sl demo` and touched by nothing else
    REAL = "real"  # an sl database with anything else in it


def mark_demo(db, seed: int, as_of: dt.date) -> None:
    """Write the demo's marker into a database `sl demo` has just built."""
    from shuanglian_cli.store.connection import transaction

    with transaction(db, command=DEMO_COMMAND):  # credited to the demo, like the rest of what it built
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            [DEMO_MARKER, json.dumps({"seed": seed, "as_of": as_of.isoformat()})],
        )


def classify(path: Path) -> Target:
    """What overwriting `path` would destroy; refuses (UserError) a file that is not an sl database."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} 是一个文件夹，不是数据库文件；请用 --db 给出文件名，例如 --db {path / 'sl-demo.db'}")
    if not path.exists() or path.stat().st_size == 0:
        return Target.NEW
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{exc.strerror}") from None
    if header != SQLITE_HEADER:
        raise _not_ours(path)
    from shuanglian_cli.store.backup import open_for_reading

    conn = open_for_reading(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return Target.NEW
        if not tables >= SL_TABLES:
            raise _not_ours(path)
        marked = "meta" in tables and conn.execute(
            "SELECT 1 FROM meta WHERE key = ?", [DEMO_MARKER]).fetchone() is not None
        others = "audit_log" not in tables or conn.execute(
            "SELECT 1 FROM audit_log WHERE command IS NULL OR command != ? LIMIT 1", [DEMO_COMMAND]
        ).fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path} 无法读取（{exc}），sl demo 不会覆盖它", ["请用 --db 指定新的文件名"]) from None
    finally:
        conn.close()
    return Target.DEMO if marked and not others else Target.REAL


def _not_ours(path: Path) -> UserError:
    excel = path.suffix.lower() in (".xlsx", ".xls", ".xlsm", ".csv")
    what = "是表格文件，不是 sl 的数据库" if excel else "不是 sl 的数据库"
    return UserError(
        f"{path} {what}，sl demo 不会覆盖它（加 --force 也不会）",
        ["请用 --db 指定新的文件名，例如 --db sl-demo.db"],
    )


def keep_before_demo(path: Path) -> Path:
    """A checked copy of `path` beside it (NAME.before-demo-YYYYMMDD-HHMM.bak), through the backup API."""
    from shuanglian_cli.store.backup import backup, open_for_reading

    now = dt.datetime.now()
    target = path.with_name(f"{path.name}.before-demo-{now:%Y%m%d-%H%M}.bak")
    if target.exists():  # a second run within the minute
        target = path.with_name(f"{path.name}.before-demo-{now:%Y%m%d-%H%M%S}.bak")
    conn = open_for_reading(path)
    try:
        backup(conn, target)  # checked (integrity and foreign keys) before it is given its name
    finally:
        conn.close()
    return target
