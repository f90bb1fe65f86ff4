"""Backups, restores and checks of the database file.

A backup goes through SQLite's online backup API (consistent while other clerks write), into a
temporary file that is checked and only then renamed to its final name; it is a single
self-contained file (journal mode DELETE), readable by its owner only. A restore checks the
file first, keeps a copy of the current database, then copies the backup's pages into the live
database through the same API, so a process that has the file open sees either all of the old
or all of the new content, and the WAL/-shm files stay consistent.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from shuanglian_cli.errors import UserError, file_write_error
from shuanglian_cli.store.connection import BUSY_TIMEOUT_MS, SQLITE_HEADER, connect_read_only, writable_place
from shuanglian_cli.store.faults import environment_error, file_error, is_damage, is_disk_fault

PUBLISHED_KEY = "published"  # meta's key marking a copy `sl publish` wrote


@dataclass
class CheckReport:
    path: Path
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    version: int | None = None
    not_database: bool = False
    published: bool = False  # a copy `sl publish` wrote: no audit trail and no personal data, by design

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.foreign_keys or self.other)

    @property
    def damaged(self) -> bool:
        """The file itself is broken: the one case where restoring a backup is the advice."""
        return bool(self.integrity) or self.not_database

    def problems(self) -> list[str]:
        return (
            [f"完整性：{p}" for p in self.integrity]
            + [f"外键：{p}" for p in self.foreign_keys]
            + self.other
        )


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def default_backup_path(db_path: Path, directory: Path | None = None) -> Path:
    """sl-backup-2026-11-20-153012.db beside the database (or in `directory`)."""
    now = dt.datetime.now()
    name = f"{db_path.stem}-backup-{now:%Y-%m-%d-%H%M%S}.db"
    return (directory or db_path.parent) / name


def _private_temp(target: Path) -> Path:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for p in (tmp, Path(f"{tmp}-journal")):
        if p.exists():
            p.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    return tmp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_connection(conn: sqlite3.Connection, path: Path) -> CheckReport:
    report = CheckReport(path)
    try:
        report.version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        report.integrity = [r[0] for r in rows if r[0] != "ok"]
        fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        report.foreign_keys = [
            f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在" for table, rowid, parent, _ in fk_rows
        ]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc) and (error := environment_error(exc, path)) is not None:
            raise error from None  # the place, not the file: never reported as damage
        report.integrity.append(f"无法读取：{exc}")
    return report


def check_file(path: Path) -> CheckReport:
    """integrity_check and foreign_key_check of a database file, without migrating it."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件 {path}")
    if path.is_dir():
        raise UserError(f"{path} 是一个文件夹，不是数据库文件")
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        report = CheckReport(path)
        report.other.append("不是 SQLite 数据库文件（文件头不对，可能已损坏或选错了文件）")
        report.not_database = True
        return report
    conn = open_for_reading(path)
    try:
        report = check_connection(conn, path)
        report.published = not report.integrity and is_published(conn)
        if not report.integrity and not report.published:
            report.other += _audit_problems(conn)
    finally:
        conn.close()
    return report


def is_published(conn: sqlite3.Connection) -> bool:
    """Did `sl publish` write this file (its mark in meta)?"""
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?", [PUBLISHED_KEY]).fetchone() is not None
    except sqlite3.Error:
        return False


def open_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that reads the file where it is, a read-only place included (store/connection.py)."""
    if writable_place(path):
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return connect_read_only(path).conn
    except sqlite3.DatabaseError as exc:
        if (error := file_error(exc, path)) is None:
            raise
        raise error from None


def _audit_problems(conn: sqlite3.Connection) -> list[str]:
    import sqlite_utils

    from shuanglian_cli.store.audit import missing_triggers

    db = sqlite_utils.Database(conn)
    if (report_version := conn.execute("PRAGMA user_version").fetchone()[0]) < 2:
        return [] if report_version else ["数据库尚未初始化（结构版本 0）"]
    missing = missing_triggers(db)
    if missing:
        return ["审计记录未覆盖：" + "、".join(missing[:10]) + ("……" if len(missing) > 10 else "")]
    return []


def backup(conn: sqlite3.Connection, target: Path, force: bool = False) -> CheckReport:
    """Copy the open database to `target` through the online backup API, check the copy, then
    rename it into place. Nothing is left under `target` if anything fails."""
    target = Path(target)
    if target.exists() and not force:
        raise UserError(f"{target} 已存在；换一个文件名，或加 --force 覆盖")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _private_temp(target)
    except OSError as exc:
        raise file_write_error(exc, target, "备份文件") from None
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            report = check_connection(dest, target)
        finally:
            dest.close()
        if not report.ok:
            raise UserError("备份副本未通过完整性检查，已放弃（原数据库未改动）", report.problems()[:20])
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        for p in (tmp, Path(f"{tmp}-journal")):
            if p.exists():
                p.unlink()
        if isinstance(exc, OSError):
            raise file_write_error(exc, target, "备份文件") from None
        if isinstance(exc, sqlite3.DatabaseError) and not is_damage(exc):
            raise UserError(
                f"备份未完成：写入 {target} 时磁盘空间不足或磁盘出错",
                ["未留下不完整的备份文件，原数据库未改动；", "请换一个空间充足的位置，例如 sl backup D:/备份/"],
            ) from None
        raise
    return report


def validate_backup(source: Path, latest_version: int) -> CheckReport:
    report = check_file(source)
    if report.version == 0 and not (report.integrity or report.foreign_keys):
        raise UserError(f"{source} 不是 sl 的数据库（没有结构版本），不能用来恢复")
    if not report.ok:
        raise UserError(f"{source} 未通过检查，不能用来恢复（当前数据库未改动）", report.problems()[:20])
    if report.version > latest_version:
        raise UserError(f"{source} 的结构版本为 {report.version}，比本工具支持的 {latest_version} 更新；请升级 sl")
    conn = open_for_reading(source)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    missing = {"counties", "deputies", "suggestions"} - tables
    if missing:
        raise UserError(f"{source} 不是 sl 的数据库（缺少表：{'、'.join(sorted(missing))}）")
    return report


def keep_current(db_path: Path) -> Path | None:
    """Copy the current database aside before a restore: through the backup API when it can
    be read, byte for byte (with its -wal) when it cannot."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    target = db_path.with_name(f"{db_path.name}.before-restore-{_stamp()}.bak")
    tmp = _private_temp(target)
    try:
        conn = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest = sqlite3.connect(str(tmp))
            try:
                conn.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            conn.close()
        os.replace(tmp, target)
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        if is_disk_fault(exc):
            raise _restore_not_done(target) from None
        _copy_bytes(db_path, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise file_write_error(exc, target, "恢复前的副本") from None
    return target


def _copy_bytes(db_path: Path, target: Path) -> None:
    import shutil

    copies = []
    try:
        for suffix in ("", "-wal"):
            src = Path(f"{db_path}{suffix}")
            if src.exists():
                copies.append(Path(f"{target}{suffix}"))
                shutil.copyfile(src, copies[-1])
                os.chmod(copies[-1], 0o600)
    except OSError as exc:
        for p in copies:
            p.unlink(missing_ok=True)
        raise file_write_error(exc, target, "恢复前的副本") from None


def _restore_not_done(where: Path) -> UserError:
    return UserError(f"恢复未完成：写入 {where} 时磁盘空间不足或磁盘出错",
                     ["当前数据库未改动；请清理磁盘空间后重试"])


def restore(db_path: Path, source: Path) -> None:
    """Replace the database's content with the backup's (already validated)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if db_path.exists() and db_path.stat().st_size > 0:
            try:
                live = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    live.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    src.backup(live)
                    live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    live.execute("PRAGMA journal_mode = WAL")
                finally:
                    live.close()
                return
            except sqlite3.DatabaseError as exc:
                if is_disk_fault(exc):  # the backup API rolled the live file back: it is as it was
                    raise _restore_not_done(db_path) from None
                # the current file is damaged or of another page size: replace the file itself
        tmp = _private_temp(db_path)
        dest = sqlite3.connect(str(tmp))
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            dest.close()
            tmp.unlink(missing_ok=True)
            if is_disk_fault(exc):
                raise _restore_not_done(db_path) from None
            raise
        finally:
            dest.close()
        for suffix in ("-wal", "-shm"):
            p = Path(f"{db_path}{suffix}")
            if p.exists():
                p.unlink()
        _fsync(tmp)
        os.replace(tmp, db_path)
    finally:
        src.close()
