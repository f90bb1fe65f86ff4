"""`sl publish`: a read-only copy of the database without personal data, for leaders or Datasette.

The copy is built in memory from the live file (attached read-only), table by table, leaving out what
identifies a person: the audit trail, every phone and address column of any table, constituents'
names (and the pinyin made from them), suggestions' raiser_name; phone and ID numbers inside the
remaining text are masked (domain/redact.py). Counts, rosters of deputies and members (public office)
and the suggestions' content stay. `VACUUM INTO` then writes only live pages, so no deleted record
survives in a free page, and the file is renamed into place (io/atomic.py) and made read-only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import stat
from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.store.backup import PUBLISHED_KEY, is_published

# the bookkeeping of who changed what: never published
LEFT_OUT_TABLES = {"audit_log", "audit_context"}
# bookkeeping tables (named _something) are left out, as a change log may hold whole rows; the record of
# schema steps stays, so that sl can read the copy (`sl --db COPY stats ...`)
KEPT_BOOKKEEPING = {"_migrations"}
# columns that name or reach a private person, per table ("*" = in every table)
LEFT_OUT_COLUMNS = {
    "*": re.compile(r"(^|_)(phone|mobile|address|id_number)($|_)"),
    "constituents": re.compile(r"^(name|pinyin|initials)$"),
    "suggestions": re.compile(r"^raiser_name$"),
}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(live: Path, out: Path) -> None:
    """Refuse to publish over the live database (or its -wal/-shm), into a folder, or over any file
    but an earlier published copy."""
    live, out = Path(live), Path(out)
    if out.is_dir():
        raise UserError(f"{out} 是一个文件夹；请给出文件名，例如 --out {out / '公开副本.db'}")
    resolved = out.resolve()
    for suffix in ("", "-wal", "-shm", "-journal"):
        twin = Path(str(live) + suffix)
        if resolved == twin.resolve() or _same_file(out, twin):
            raise UserError(f"{out} 是正在使用的数据库文件，不能把公开副本写在它上面",
                            ["请用 --out 另给一个文件名，例如 --out 公开副本.db"])
    if out.exists() and out.stat().st_size and not _published_copy(out):
        raise UserError(f"{out} 已存在，且不是 sl publish 生成的公开副本，不会覆盖它",
                        ["请用 --out 另给一个文件名；重新生成公开副本时可以覆盖上一次的副本"])


def _kept_columns(table: str, columns: list[str]) -> list[str]:
    drop = [LEFT_OUT_COLUMNS["*"], LEFT_OUT_COLUMNS.get(table)]
    return [c for c in columns if not any(p is not None and p.search(c) for p in drop)]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The source's ordinary tables worth publishing: no virtual tables or their shadow tables (a
    full-text index holds the words it indexes), no SQLite internals, no audit trail."""
    rows = conn.execute(
        "SELECT name, sql FROM src.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    virtual = {n for n, sql in rows if re.match(r"\s*CREATE\s+VIRTUAL\b", sql or "", re.IGNORECASE)}
    return [(n, sql) for n, sql in rows
            if n not in LEFT_OUT_TABLES and n not in virtual and not any(n.startswith(v + "_") for v in virtual)
            and (not n.startswith("_") or n in KEPT_BOOKKEEPING)]


def _create(conn: sqlite3.Connection, table: str, kept: list[str]) -> None:
    """The table with the kept columns, their types, primary key and foreign keys (Datasette links
    rows by them); the CHECK and UNIQUE constraints of a working file are not needed in a copy."""
    info = conn.execute(f"PRAGMA src.table_info({_q(table)})").fetchall()
    pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5] and r[1] in kept]
    parts = [f"{_q(r[1])} {r[2]}".rstrip() for r in info if r[1] in kept]
    if pk:
        parts.append(f"PRIMARY KEY ({', '.join(_q(c) for c in pk)})")
    for _, _, parent, col, to, *_ in conn.execute(f"PRAGMA src.foreign_key_list({_q(table)})").fetchall():
        if col in kept:
            parts.append(f"FOREIGN KEY ({_q(col)}) REFERENCES {_q(parent)}({_q(to or 'id')})")
    conn.execute(f"CREATE TABLE main.{_q(table)} ({', '.join(parts)})")


def _copy_indexes(conn: sqlite3.Connection, table: str, kept: list[str]) -> None:
    for name, sql in conn.execute(
        "SELECT name, sql FROM src.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
    ).fetchall():
        cols = [r[2] for r in conn.execute(f"PRAGMA src.index_info({_q(name)})")]
        if cols and all(c in kept for c in cols) and " WHERE " not in sql.upper():
            conn.execute(sql)


def publish(live: Path, out: Path, *, operator: str = "") -> dict:
    """Write the published copy of `live` to `out`; returns what it holds and what was left out."""
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.redact import redact_numbers
    from shuanglian_cli.io.atomic import atomic_write

    live, out = Path(live), Path(out)
    check_target(live, out)
    conn = sqlite3.connect(":memory:", isolation_level=None, uri=True)
    try:
        conn.create_function("sl_redact", 1, redact_numbers, deterministic=True)
        _attach(conn, live)
        summary: dict = {"tables": {}, "left_out_tables": [], "left_out_columns": {}}
        conn.execute("BEGIN")
        for table, _sql in _tables(conn):
            columns = [r[1] for r in conn.execute(f"PRAGMA src.table_info({_q(table)})")]
            kept = _kept_columns(table, columns)
            dropped = [c for c in columns if c not in kept]
            if dropped:
                summary["left_out_columns"][table] = dropped
            _create(conn, table, kept)
            text = {r[1] for r in conn.execute(f"PRAGMA src.table_info({_q(table)})")
                    if "TEXT" in (r[2] or "").upper() or not r[2]}
            select = ", ".join(f"sl_redact({_q(c)})" if c in text else _q(c) for c in kept)
            cols = ", ".join(_q(c) for c in kept)
            conn.execute(f"INSERT INTO main.{_q(table)} ({cols}) SELECT {select} FROM src.{_q(table)}")
            _copy_indexes(conn, table, kept)
            summary["tables"][table] = conn.execute(f"SELECT count(*) FROM main.{_q(table)}").fetchone()[0]
        published = set(summary["tables"])
        summary["left_out_tables"] = sorted(
            n for (n,) in conn.execute("SELECT name FROM src.sqlite_master WHERE type = 'table'")
            if n not in published and not n.startswith("sqlite_"))
        if "meta" in summary["tables"]:
            marker = {"on": today().isoformat(), "at": dt.datetime.now().isoformat(timespec="seconds"),
                      "source": live.name, "by": operator,
                      "left_out": "审计记录、群众姓名、提出人姓名、所有电话和地址栏；文字中的电话和身份证号已遮盖"}
            conn.execute("INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)",
                         [PUBLISHED_KEY, json.dumps(marker, ensure_ascii=False)])
            conn.execute("DELETE FROM main.meta WHERE key = 'demo'")  # a copy is not a demo to rebuild
        version = conn.execute("PRAGMA src.user_version").fetchone()[0]
        conn.execute(f"PRAGMA main.user_version = {int(version)}")  # the schema steps it has had
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
        with atomic_write(out, "公开副本") as tmp:
            tmp.unlink()  # VACUUM INTO writes a new file: only live pages, no free page keeps old rows
            conn.execute("VACUUM INTO ?", [str(tmp)])
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    finally:
        conn.close()
    summary["path"] = str(out)
    summary["size_bytes"] = out.stat().st_size
    return summary


def _attach(conn: sqlite3.Connection, live: Path) -> None:
    """The live file, attached read-only: publishing never writes to it."""
    if not live.exists():
        raise UserError(f"找不到数据库文件：{live}")
    uri = Path(os.path.abspath(live)).as_uri() + "?mode=ro"
    conn.execute("ATTACH DATABASE ? AS src", [uri])


def _published_copy(path: Path) -> bool:
    """Is `path` a copy an earlier `sl publish` wrote (marked in meta)? Anything else is not ours to replace."""
    from shuanglian_cli.store.connection import SQLITE_HEADER

    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        return is_published(conn)
    finally:
        conn.close()
