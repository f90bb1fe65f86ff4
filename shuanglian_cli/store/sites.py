"""Which office this file is (`_site`), the offices it exchanges bundles with (`_peers`), and the
global identity of travelling records (`_identity`): a UUID and the site the record began at."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator

from shuanglian_cli.errors import UserError
from shuanglian_cli.store.exchange_schema import TRAVELLING

SITE_KINDS = {"town": "镇街联络站", "county": "县区人大常委会", "city": "市人大常委会"}
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,19}$")


def check_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE_PATTERN.match(code):
        raise UserError(f"站点代码“{code}”不合规：应为 2–20 个英文字母、数字、- 或 _（用于文件名），例如 NANMA 或 YIYUAN")
    return code


def check_kind(kind: str) -> str:
    if kind not in SITE_KINDS:
        raise UserError(f"站点类型“{kind}”应为 town（镇街）、county（县区）或 city（市）")
    return kind


def get_site(db) -> dict | None:
    row = db.execute("SELECT code, name, kind, county, incarnation, hlc FROM _site WHERE id = 1").fetchone()
    if row is None:
        return None
    return dict(zip(("code", "name", "kind", "county", "incarnation", "hlc"), row, strict=True))


def require_site(db) -> dict:
    site = get_site(db)
    if site is None:
        raise UserError("本数据库尚未设置站点，不能收发数据包",
                        ["请先运行 `sl site set --site 名称 --code 代码 --site-kind town|county|city --county 县区`"])
    return site


def new_incarnation(hlc: int) -> str:
    """Ordered by the clock it began at, then random: a restored or copied file gets a new one."""
    return f"{hlc:020d}-{uuid.uuid4().hex[:12]}"


def bump_hlc(db) -> int:
    db.execute("UPDATE _site SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000) "
               "WHERE id = 1")
    return db.execute("SELECT hlc FROM _site WHERE id = 1").fetchone()[0]


def set_site(db, *, code: str, name: str, kind: str, county: str | None, new_site: bool = False) -> dict:
    """Inside the caller's transaction. The first time, this site becomes the origin of every
    record that has none; `new_site` (a file copied from another office's) renames the site and
    starts a new incarnation, the records keeping the origin they had."""
    old = get_site(db)
    if old is not None and not new_site:
        raise UserError(f"本数据库已设置为站点 {old['name']}（{old['code']}），不能再次设置",
                        ["从别的单位复制来的数据库要成为新站点时，加 --new-site"])
    if old is not None and old["code"] == code:
        raise UserError(f"--new-site 需要一个不同于原站点（{code}）的代码")
    if old is None:
        db.execute("INSERT INTO _site (id, code, name, kind, county, incarnation) VALUES (1, ?, ?, ?, ?, '')",
                   [code, name, kind, county])
    else:
        sweep_identity(db)  # what the copy added before it became a new site began at the old one
        db.execute("UPDATE _site SET code = ?, name = ?, kind = ?, county = ? WHERE id = 1", [code, name, kind, county])
        db.execute("DELETE FROM _peers WHERE code = ?", [code])
    renew_incarnation(db)
    db.execute("UPDATE _identity SET origin = ? WHERE origin IS NULL", [code])
    sweep_identity(db)
    if old is None:  # everything that exists is news to every peer
        db.execute("INSERT OR IGNORE INTO _changes (tbl, gid, hlc, site) SELECT tbl, gid, 0, origin FROM _identity")
    return get_site(db)


def renew_incarnation(db) -> str:
    """A restored or copied file rewinds the change sequence: every peer gets a full resend."""
    hlc = bump_hlc(db)
    incarnation = new_incarnation(hlc)
    db.execute("UPDATE _site SET incarnation = ? WHERE id = 1", [incarnation])
    db.execute("UPDATE _peers SET acked_seq = 0, sent_seq = 0")
    return incarnation


def sweep_identity(db) -> int:
    """Give rows added since the last sweep (inserts have no trigger: bulk imports drop them) a
    global id, this site as origin, and a change. Returns how many."""
    site = get_site(db)
    if site is None:
        return 0
    total = 0
    for table in TRAVELLING:
        ids = [r[0] for r in db.execute(
            f"SELECT id FROM {table} WHERE id NOT IN (SELECT row_id FROM _identity WHERE tbl = ?)", [table])]
        if ids:
            total += _give_identity(db, site, table, ids)
    return total


def _give_identity(db, site: dict, table: str, ids: list[int]) -> int:
    rows = [(table, i, str(uuid.uuid4()), site["code"], i) for i in ids]
    db.conn.executemany("INSERT INTO _identity (tbl, row_id, gid, origin, ref) VALUES (?, ?, ?, ?, ?)", rows)
    hlc = bump_hlc(db)
    db.conn.executemany("INSERT OR REPLACE INTO _changes (tbl, gid, hlc, site) VALUES (?, ?, ?, ?)",
                        [(table, g, hlc, site["code"]) for _, _, g, _, _ in rows])
    return len(rows)


def stamp(db, table: str, row_id: int) -> None:
    """A record just created in a file with a site gets its global id and its reference (NANMA-0042)
    at once, so the command that made it can show it, not only at the next bundle's sweep."""
    site = get_site(db)
    if site is not None and db.execute("SELECT 1 FROM _identity WHERE tbl = ? AND row_id = ?",
                                       [table, row_id]).fetchone() is None:
        _give_identity(db, site, table, [row_id])


@contextlib.contextmanager
def stamped(db, tables) -> Iterator[None]:
    """Around a bulk import, inside its transaction: the travelling rows it adds get their global id,
    reference and change at its end, one INSERT ... SELECT per table (not per row, not at the next
    sweep), so the import's report and the next `show` can name them. Nothing without a site."""
    site = get_site(db)
    tables = [t for t in tables if t in TRAVELLING]
    starts = {t: db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in tables} if site else {}
    yield
    for table, start in starts.items():
        # a UUID's layout: a random v4 head per table and import, the local id as its last 12 hex
        # digits, so the gid indexes grow at one end (random gids made a 100,000-row register 2.6 s slower)
        head = str(uuid.uuid4())[:24]
        added = db.execute(
            f"INSERT INTO _identity (tbl, row_id, gid, origin, ref) SELECT ?, id, ? || printf('%012x', id), ?, id "
            f"FROM {table} WHERE id > ? AND id NOT IN (SELECT row_id FROM _identity WHERE tbl = ? AND row_id > ?)",
            [table, head, site["code"], start, table, start]).rowcount
        if added:
            db.execute("INSERT OR REPLACE INTO _changes (tbl, gid, hlc, site) "
                       "SELECT tbl, gid, ?, origin FROM _identity WHERE tbl = ? AND row_id > ?",
                       [bump_hlc(db), table, start])


def reference(db, table: str, row_id: int) -> str | None:
    """The reference that travels, such as NANMA-0042: the origin's code and its number there."""
    row = db.execute("SELECT origin, ref FROM _identity WHERE tbl = ? AND row_id = ?", [table, row_id]).fetchone()
    if row is None or row[0] is None or row[1] is None:
        return None
    return f"{row[0]}-{row[1]:04d}"


def references(db, table: str, row_id: int | None = None) -> dict[int, str] | None:
    """Local id -> the reference that travels (NANMA-0042) of the rows of `table` (or of the one row
    `row_id`) that have one; None when this file has no site (it shows no references at all). A
    row added since the last sweep has none yet: `bundle create` gives it one."""
    import sqlite3

    try:
        if get_site(db) is None:
            return None
    except sqlite3.OperationalError:  # a published copy (`sl publish`) keeps no _site: no references
        return None
    sql = "SELECT row_id, origin, ref FROM _identity WHERE tbl = ? AND origin IS NOT NULL AND ref IS NOT NULL"
    args: list = [table]
    if row_id is not None:
        sql += " AND row_id = ?"
        args.append(row_id)
    return {local: f"{origin}-{ref:04d}" for local, origin, ref in db.execute(sql, args)}


# -- peers ---------------------------------------------------------------------------------

PEER_COLUMNS = ("code", "name", "kind", "county", "format", "salt", "acked_seq", "sent_seq", "received_seq",
                "received_incarnation", "bundles_sent", "bundles_received", "last_sent_at", "last_received_at")


def get_peer(db, code: str) -> dict | None:
    row = db.execute(f"SELECT {', '.join(PEER_COLUMNS)} FROM _peers WHERE code = ?", [code]).fetchone()
    return dict(zip(PEER_COLUMNS, row, strict=True)) if row else None


def list_peers(db) -> list[dict]:
    return [dict(zip(PEER_COLUMNS, r, strict=True))
            for r in db.execute(f"SELECT {', '.join(PEER_COLUMNS)} FROM _peers ORDER BY code")]


def add_peer(db, *, code: str, name: str, kind: str, county: str | None, fmt: int = 1) -> dict:
    site = require_site(db)
    if code == site["code"]:
        raise UserError(f"{code} 是本站点自己的代码，不能登记为对方站点")
    if get_peer(db, code):
        raise UserError(f"对方站点 {code} 已登记")
    db.execute("INSERT INTO _peers (code, name, kind, county, format) VALUES (?, ?, ?, ?, ?)",
               [code, name, kind, county, fmt])
    return get_peer(db, code)
