"""Bulk reads and writes for roster imports: existing rows by natural key, chunked executemany."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import sqlite_utils

CHUNK = 5_000

LINK_TABLES = {
    "member_deputies": ("member_id", "deputy_id"),
    "deputy_constituents": ("deputy_id", "constituent_id"),
}


def _in(ids: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def existing_rows(
    db: sqlite_utils.Database, table: str, key_cols: Sequence[str], fields: Sequence[str], county_ids: Iterable[int]
) -> dict[tuple, dict]:
    """{natural key: {'id': ..., field: value}} for the rows of the given counties."""
    cols = list(dict.fromkeys(["id", *key_cols, *fields]))
    sql = f"SELECT {', '.join(cols)} FROM [{table}] WHERE county_id IN ({_in(county_ids)})"
    out: dict[tuple, dict] = {}
    for values in db.execute(sql):
        row = dict(zip(cols, values, strict=True))
        out[tuple(row[k] for k in key_cols)] = row
    return out


def insert_many(
    db: sqlite_utils.Database, table: str, cols: Sequence[str], rows: Sequence[Sequence],
    advance: Callable[[int], None] = lambda n: None,
) -> None:
    sql = f"INSERT INTO [{table}] ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        db.conn.executemany(sql, chunk)
        advance(len(chunk))


def update_many(
    db: sqlite_utils.Database, table: str, updates: Sequence[tuple[int, dict]],
    advance: Callable[[int], None] = lambda n: None,
) -> None:
    """updates: (id, {column: value}); rows changing the same columns share one statement."""
    groups: dict[tuple, list] = {}
    for row_id, changes in updates:
        groups.setdefault(tuple(changes), []).append([*changes.values(), row_id])
    for cols, params in groups.items():
        sql = f"UPDATE [{table}] SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?"
        for start in range(0, len(params), CHUNK):
            db.conn.executemany(sql, params[start:start + CHUNK])
        advance(len(params))


def ids_by_key(
    db: sqlite_utils.Database, table: str, key_cols: Sequence[str], county_ids: Iterable[int]
) -> dict[tuple, int]:
    sql = f"SELECT id, {', '.join(key_cols)} FROM [{table}] WHERE county_id IN ({_in(county_ids)})"
    return {tuple(values[1:]): values[0] for values in db.execute(sql)}


def existing_links(db: sqlite_utils.Database, table: str, years: Iterable[int]) -> set[tuple[int, int, int]]:
    a, b = LINK_TABLES[table]
    sql = f"SELECT year, {a}, {b} FROM [{table}] WHERE year IN ({_in(years)})"
    return {tuple(r) for r in db.execute(sql)}


def insert_links(db: sqlite_utils.Database, table: str, links: Sequence[tuple[int, int, int]]) -> None:
    a, b = LINK_TABLES[table]
    sql = f"INSERT OR IGNORE INTO [{table}] (year, {a}, {b}) VALUES (?, ?, ?)"
    for start in range(0, len(links), CHUNK):
        db.conn.executemany(sql, links[start:start + CHUNK])


def stations_by_name(db: sqlite_utils.Database, county_ids: Iterable[int]) -> dict[tuple[int, str], dict]:
    sql = f"SELECT id, county_id, name, kind, town_id FROM stations WHERE county_id IN ({_in(county_ids)})"
    return {(r[1], r[2]): {"id": r[0], "kind": r[3], "town_id": r[4]} for r in db.execute(sql)}


def list_links(db: sqlite_utils.Database, year: int | None = None, county_id: int | None = None,
               member_id: int | None = None, deputy_id: int | None = None,
               constituent_id: int | None = None, kind: str | None = None) -> list[dict]:
    """Yearly links as rows {year, kind, from_id, from_name, to_id, to_name}; kind is
    member_deputy (常委会组成人员→代表) or deputy_constituent (代表→群众)."""
    out: list[dict] = []
    if kind in (None, "member_deputy") and constituent_id is None:
        sql = """SELECT l.year, 'member_deputy', m.id, m.name, d.id, d.name FROM member_deputies l
                   JOIN members m ON m.id = l.member_id JOIN deputies d ON d.id = l.deputy_id WHERE 1"""
        args: list = []
        for cond, value in (("l.year = ?", year), ("m.county_id = ?", county_id), ("l.member_id = ?", member_id),
                            ("l.deputy_id = ?", deputy_id)):
            if value is not None:
                sql += f" AND {cond}"
                args.append(value)
        out += _link_rows(db.execute(sql + " ORDER BY l.year, m.id, d.id", args))
    if kind in (None, "deputy_constituent") and member_id is None:
        sql = """SELECT l.year, 'deputy_constituent', d.id, d.name, p.id, p.name FROM deputy_constituents l
                   JOIN deputies d ON d.id = l.deputy_id JOIN constituents p ON p.id = l.constituent_id WHERE 1"""
        args = []
        for cond, value in (("l.year = ?", year), ("d.county_id = ?", county_id), ("l.deputy_id = ?", deputy_id),
                            ("l.constituent_id = ?", constituent_id)):
            if value is not None:
                sql += f" AND {cond}"
                args.append(value)
        out += _link_rows(db.execute(sql + " ORDER BY l.year, d.id, p.id", args))
    return out


def _link_rows(cursor) -> list[dict]:
    keys = ("year", "kind", "from_id", "from_name", "to_id", "to_name")
    return [dict(zip(keys, r, strict=True)) for r in cursor]


def delete_links(db: sqlite_utils.Database, table: str, links: Iterable[tuple[int, int, int]]) -> int:
    a, b = LINK_TABLES[table]
    n = 0
    for link in links:
        n += db.execute(f"DELETE FROM [{table}] WHERE year = ? AND {a} = ? AND {b} = ?", list(link)).rowcount
    return n
