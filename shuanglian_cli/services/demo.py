"""`sl demo`: build the demo database beside the target and put it in place at the end, never
overwriting a clerk's file unasked (a checked copy is kept first when asked to)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.store.connection import Actor


@dataclass(frozen=True)
class DemoBuilt:
    path: Path
    day: dt.date
    summary: list[str]
    kept: Path | None  # the checked copy of the clerk's file it replaced
    seconds: float


def build_demo(path: Path, config, actor: Actor, *, seed: int, day: dt.date, force: bool) -> DemoBuilt:
    """Build the demo for `day` with `seed` into `path`. A stop half-way (a full disk, Ctrl-C) leaves
    the old file as it was and no half-built file behind."""
    from shuanglian_cli.demo import build_demo as build
    from shuanglian_cli.services.store import open_store
    from shuanglian_cli.store.overwrite import Target, classify, keep_before_demo, mark_demo

    target = classify(path)
    if target is Target.DEMO and not force:
        raise UserError(f"{path} 已有演示数据；加 --force 重新生成，或用 --db 指定新文件")
    if target is Target.REAL and not force:
        raise UserError(
            f"{path} 是有记录的数据库（不是演示数据库），sl demo 不会覆盖它",
            ["请用 --db 指定新文件，例如 --db sl-demo.db；",
             "确需用演示数据替换它时加 --force：会先在旁边保存一份检查过的副本，再覆盖"],
        )
    kept = keep_before_demo(path) if target is Target.REAL else None
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    _remove_database_files(building)
    db = None
    try:
        db = open_store(config, building, actor, create=True)
        summary = build(db, config, seed=seed, today=day)
        mark_demo(db, seed, day)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        db = None
        _replace_database(building, path)
    except BaseException as exc:
        if db is not None:
            db.conn.close()
        _remove_database_files(building)
        _raise_as_users(exc, path)
        raise
    return DemoBuilt(path, day, summary, kept, time.perf_counter() - started)


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
