"""What really stopped SQLite: the place the file is in (read-only, full, unreachable) or damage to the
file itself. Only damage is called corruption, and only damage calls for `sl restore`: restoring an
older copy over a healthy database on a full disk would lose good data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from shuanglian_cli.errors import UserError

# SQLite's primary result codes (sqlite3.SQLITE_* on Python >= 3.11, spelled here for older builds)
_PERM, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 8, 10, 11, 13, 14, 26

NOTHING_SAVED = "未保存任何更改；数据库文件本身完好"


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)  # absent on errors raised by Python itself
    if code is not None:
        return code & 0xFF
    text = str(exc).lower()
    for needle, value in (("readonly", _READONLY), ("read-only", _READONLY), ("disk is full", _FULL),
                          ("disk i/o", _IOERR), ("unable to open", _CANTOPEN), ("malformed", _CORRUPT),
                          ("not a database", _NOTADB)):
        if needle in text:
            return value
    return None


def is_damage(exc: sqlite3.Error) -> bool:
    """The file's content is broken (or is not a database): the one case for `sl check` / `sl restore`."""
    return _code(exc) in (_CORRUPT, _NOTADB)


def is_read_only_place(exc: sqlite3.Error) -> bool:
    """SQLite could not open the file (or its -wal/-shm) for writing: worth trying read-only."""
    return _code(exc) in (_READONLY, _CANTOPEN, _PERM)


def is_disk_fault(exc: sqlite3.Error) -> bool:
    """A full disk, or a write the disk refused: never the file's fault."""
    return _code(exc) in (_FULL, _IOERR)


def read_only_error(path: Path | str | None) -> UserError:
    return UserError(
        f"无法修改数据库{_at(path)}：所在位置是只读的（写保护的 U 盘、只读共享，或其他用户的文件夹）",
        ["查看、统计、导出和 `sl backup` 仍可照常使用；",
         "要修改数据，请把数据库复制到可写的文件夹，再用 --db 指定它", NOTHING_SAVED],
    )


def disk_full_error(path: Path | str | None) -> UserError:
    return UserError(
        f"磁盘空间不足，无法写入数据库{_at(path)}",
        ["请清理磁盘空间（或把数据库移到空间充足的磁盘）后重试", NOTHING_SAVED],
    )


def environment_error(exc: sqlite3.Error, path: Path | str | None) -> UserError | None:
    """A Chinese UserError for a fault of the environment, or None when the file itself is at fault
    (or the error is not about the file at all)."""
    code = _code(exc)
    if code == _READONLY:
        return read_only_error(path)
    if code == _FULL:
        return disk_full_error(path)
    if code == _IOERR:
        return UserError(
            f"读写数据库{_at(path, after=True)}时磁盘出错（磁盘已满、U 盘被拔出或网络共享断开）",
            ["这不表示数据库已损坏：请检查磁盘或网络后重试，可再运行 `sl check` 确认", "未保存任何更改"],
        )
    if code in (_CANTOPEN, _PERM):
        return UserError(
            f"无法打开数据库{_at(path)}：没有权限，或所在文件夹不可访问（U 盘被拔出、网络共享断开）",
            ["请检查文件和文件夹的权限后重试；这不表示数据库已损坏"],
        )
    return None


def damage_error(exc: sqlite3.Error, path: Path | str | None) -> UserError:
    return UserError(
        f"数据库文件{_at(path, after=True)}已损坏或不是 sl 的数据库：{exc}",
        ["可运行 `sl check` 检查；确认损坏后再用 `sl restore 备份文件` 恢复最近一次完好的备份"],
    )


def file_error(exc: sqlite3.Error, path: Path | str | None, place: Path | str | None = None) -> UserError | None:
    """What a clerk is told when reading `path` (or writing at `place`, default `path`) failed: damage of
    the file, else the place (read-only, full disk, I/O), else None (not ours to name: re-raise it)."""
    if is_damage(exc):
        return damage_error(exc, path)
    return environment_error(exc, path if place is None else place)


def _at(path: Path | str | None, after: bool = False) -> str:
    return (f" {path} " if after else f" {path}") if path else ""
