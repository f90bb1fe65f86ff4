"""Terms of office (届次) and seats in the database: finding a term, a congress's terms, the seats held
around an election, and the yearly links (member_deputies, deputy_constituents) that name deputies
whose seats end. The rules (names, overlap, when a seat is held) are in domain/terms.py."""

from __future__ import annotations

import sqlite_utils

from shuanglian_cli.errors import UserError

TERM_SELECT = """SELECT t.id, t.name, c.short_name AS county, coalesce(w.name, '') AS town, t.level, t.number,
    t.starts_on, t.ends_on, t.closed, t.county_id, t.town_id,
    (SELECT count(*) FROM seats s WHERE s.term_id = t.id) AS seats,
    (SELECT count(*) FROM seats s WHERE s.term_id = t.id AND s.ends_on IS NOT NULL
        AND (t.ends_on IS NULL OR s.ends_on < t.ends_on)) AS seats_ended
  FROM terms t JOIN counties c ON c.id = t.county_id LEFT JOIN towns w ON w.id = t.town_id"""

# a seat's last day, in SQL: its own end, else its term's, whichever comes first (domain/terms.py: seat_end)
SEAT_END_SQL = "CASE WHEN {s}.ends_on IS NULL THEN {t}.ends_on WHEN {t}.ends_on IS NULL THEN {s}.ends_on " \
               "ELSE min({s}.ends_on, {t}.ends_on) END"


def seat_end_sql(seat: str = "s", term: str = "t") -> str:
    return SEAT_END_SQL.format(s=seat, t=term)


def list_terms(db: sqlite_utils.Database, county_id: int | None = None, level: str | None = None) -> list[dict]:
    where, args = [], []
    if county_id is not None:
        where.append("t.county_id = ?")
        args.append(county_id)
    if level:
        where.append("t.level = ?")
        args.append(level)
    sql = TERM_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    rows = list(db.query(sql + " ORDER BY t.county_id, t.level, t.town_id, t.starts_on", args))
    for row in rows:
        row["closed"] = bool(row["closed"])
    return rows


def find_term(db: sqlite_utils.Database, text: str, county_id: int | None = None) -> dict:
    """A term by id, full name, a unique part of its name (第十八届, 南麻街道第十九届) or its number."""
    from shuanglian_cli.domain.text import to_halfwidth

    needle = to_halfwidth(str(text)).strip()
    if not needle:
        raise UserError("届次不能为空")
    rows = list_terms(db, county_id)
    hits = [r for r in rows if needle.isdigit() and r["id"] == int(needle)] or [r for r in rows if r["name"] == needle]
    if not hits and needle.isdigit():  # 19: the nineteenth term
        hits = [r for r in rows if r["number"] == int(needle)]
    hits = hits or [r for r in rows if needle in r["name"]]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UserError(f"“{text}”对应多个届次，请写完整名称：", [f"{r['id']}：{r['name']}" for r in hits])
    listing = [f"{r['id']}：{r['name']}" for r in rows] or ["（还没有届次，可用 sl term add 添加）"]
    raise UserError(f"没有名为“{text}”的届次，已有：", listing)


def congress_terms(db: sqlite_utils.Database, county_id: int, level: str, town_id: int | None) -> list[dict]:
    """The terms of one congress, earliest first."""
    return list(db.query(
        "SELECT id, name, starts_on, ends_on, closed FROM terms WHERE county_id = ? AND level = ? "
        "AND town_id IS ? ORDER BY starts_on", [county_id, level, town_id]))


def insert_term(db: sqlite_utils.Database, fields: dict) -> int:
    cols = list(fields)
    cur = db.execute(f"INSERT INTO terms ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                     [fields[c] for c in cols])
    return cur.lastrowid


def close_term(db: sqlite_utils.Database, term_id: int, day: str) -> int:
    """The term ends on `day`; its seats that ran later end that day too. Returns the seats ended."""
    db.execute("UPDATE terms SET ends_on = ?, closed = 1 WHERE id = ?", [day, term_id])
    return db.execute("UPDATE seats SET ends_on = ? WHERE term_id = ? AND (ends_on IS NULL OR ends_on > ?)",
                      [day, term_id, day]).rowcount


def seated(db: sqlite_utils.Database, term_id: int) -> set[int]:
    return {r[0] for r in db.execute("SELECT deputy_id FROM seats WHERE term_id = ?", [term_id])}


def add_seats(db: sqlite_utils.Database, term_id: int, deputy_ids: list[int], starts_on: str) -> int:
    db.conn.executemany("INSERT INTO seats (term_id, deputy_id, starts_on) VALUES (?, ?, ?)",
                        [(term_id, d, starts_on) for d in deputy_ids])
    return len(deputy_ids)


def active_deputies_at_level(db: sqlite_utils.Database, county_id: int, level: str,
                             town_id: int | None) -> list[int]:
    """Deputies on the roster who sit at the level (a town's: of that town), for --seat-active."""
    sql = "SELECT id FROM deputies WHERE active = 1 AND county_id = ? AND (',' || levels || ',') LIKE ?"
    args: list = [county_id, f"%,{level},%"]
    if town_id is not None:
        sql += " AND town_id = ?"
        args.append(town_id)
    return [r[0] for r in db.execute(sql + " ORDER BY id", args)]


def seats_running_into(db: sqlite_utils.Database, term: dict, day_before: str) -> list[dict]:
    """Seats in the congress's other terms still held on the day before `term` starts (or later)."""
    end = seat_end_sql()
    return list(db.query(
        f"""SELECT s.id AS seat_id, s.deputy_id, d.name AS deputy, t.name AS term, {end} AS ends_on
            FROM seats s JOIN terms t ON t.id = s.term_id JOIN deputies d ON d.id = s.deputy_id
            WHERE t.county_id = ? AND t.level = ? AND t.town_id IS ? AND t.id != ?
              AND s.starts_on < ? AND ({end} IS NULL OR {end} >= ?)
            ORDER BY s.deputy_id""",
        [term["county_id"], term["level"], term["town_id"], term["id"], term["starts_on"], day_before]))


def end_seats(db: sqlite_utils.Database, seat_ids: list[int], day: str) -> None:
    db.conn.executemany("UPDATE seats SET ends_on = ? WHERE id = ?", [(day, s) for s in seat_ids])


LINKS_SQL = """SELECT '联系代表' AS kind, md.year, d.id AS deputy_id, d.name AS deputy, m.name AS other
      FROM member_deputies md JOIN deputies d ON d.id = md.deputy_id JOIN members m ON m.id = md.member_id
      WHERE {where_md}
    UNION ALL
    SELECT '联系群众' AS kind, dc.year, d.id, d.name, p.name
      FROM deputy_constituents dc JOIN deputies d ON d.id = dc.deputy_id JOIN constituents p ON p.id = dc.constituent_id
      WHERE {where_dc}
    ORDER BY 1, 2, 3, 5"""


# A yearly link outlives a seat that ends before 1 July of the link's year: the deputy is gone for most of
# it. A seat ending later leaves that year's links as they are (the record of a year mostly served).
def links_after_seats_end(db: sqlite_utils.Database, deputy_ids: list[int], day: str) -> list[dict]:
    """The links naming these deputies, of the years their seats ending on `day` no longer cover: to be
    planned again."""
    if not deputy_ids:
        return []
    marks = ", ".join("?" * len(deputy_ids))
    sql = LINKS_SQL.format(where_md=f"md.year || '-07-01' > ? AND md.deputy_id IN ({marks})",
                           where_dc=f"dc.year || '-07-01' > ? AND dc.deputy_id IN ({marks})")
    return list(db.query(sql, [day, *deputy_ids, day, *deputy_ids]))


def links_outliving_term(db: sqlite_utils.Database, term_id: int, day: str) -> list[dict]:
    """The links a term's seats ending on `day` would leave without a deputy: of a year they no longer
    cover, naming a deputy of the term who holds no seat in another term in that year's second half."""
    end = seat_end_sql("s2", "t2")
    keep = (f"NOT EXISTS (SELECT 1 FROM seats s2 JOIN terms t2 ON t2.id = s2.term_id WHERE s2.deputy_id = {{d}} "
            f"AND s2.term_id != :t AND s2.starts_on <= {{y}} || '-12-31' AND ({end} IS NULL OR {end} >= {{y}} || '-07-01'))")
    mine = "{d} IN (SELECT deputy_id FROM seats WHERE term_id = :t)"
    after = "{y} || '-07-01' > :day"
    where_md = " AND ".join([after.format(y="md.year"), mine.format(d="md.deputy_id"),
                             keep.format(d="md.deputy_id", y="md.year")])
    where_dc = " AND ".join([after.format(y="dc.year"), mine.format(d="dc.deputy_id"),
                             keep.format(d="dc.deputy_id", y="dc.year")])
    return list(db.query(LINKS_SQL.format(where_md=where_md, where_dc=where_dc), {"t": term_id, "day": day}))


def seat_filter_sql(column: str = "d.id") -> str:
    """A WHERE clause keeping the deputies with a seat in the term given as the next parameter."""
    return f"{column} IN (SELECT deputy_id FROM seats WHERE term_id = ?)"
