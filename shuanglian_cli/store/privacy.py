"""Erasing a constituent's personal data (PIPL 个人信息保护法, right to deletion).

The person's row stays, anonymous, so head counts (活动接待群众人次, 联系群众人数) and the
suggestions' content are kept; the name, phone number and address go, from the row, from the
suggestions they raised (raiser_name) and from every earlier copy in the audit trail. The audit
trail records that an erasure happened, by whom, but not what was erased.

`sl constituent remove` (a row entered by mistake, referred to by nothing) deletes the row and
scrubs the trail the same way (remove_constituent).
"""

from __future__ import annotations

import sqlite_utils

from shuanglian_cli.store.connection import actor_of, transaction

ERASED_NAME = "（已删除）"


def forget_constituent(db: sqlite_utils.Database, person: dict) -> dict:
    """Erase one constituent (a row of `constituents`); returns counts of what was touched."""
    cid = person["id"]
    name = person["name"]
    conn = db.conn
    conn.execute("PRAGMA secure_delete = ON")  # overwrite freed space rather than leave old text
    with transaction(db):
        conn.execute(
            "UPDATE constituents SET name = ?, phone = '', address = '', pinyin = '', initials = '', "
            "active = 0, erased = 1 WHERE id = ?",
            [f"已删除#{cid}", cid],
        )
        linked = conn.execute(
            "UPDATE suggestions SET raiser_name = '' WHERE constituent_id = ? AND raiser_name != ''", [cid]
        ).rowcount
        # suggestions that name the person without linking to the roster row, in the same county
        unlinked = conn.execute(
            "UPDATE suggestions SET raiser_name = '' WHERE constituent_id IS NULL AND raiser_name = ? "
            "AND county_id = ?",
            [name, person["county_id"]],
        ).rowcount
        suggestions = conn.execute("SELECT count(*) FROM suggestions WHERE constituent_id = ?", [cid]).fetchone()[0]
        scrubbed = scrub_audit(conn, cid, raiser=(name, person["county_id"]))
        conn.execute(
            "INSERT INTO audit_log (operator, command, table_name, record_id, action, after) "
            "VALUES (?, ?, 'constituents', ?, 'forget', json_object('erased', json('true'), "
            "'suggestions_kept', ?, 'raiser_names_cleared', ?, 'audit_entries_scrubbed', ?))",
            [actor_of(db).operator, actor_of(db).command, cid,
             suggestions, linked + unlinked, scrubbed],
        )
    _checkpoint(conn)
    return {
        "id": cid, "suggestions_kept": suggestions, "raiser_names_cleared": linked + unlinked,
        "audit_entries_scrubbed": scrubbed,
    }


def remove_constituent(db: sqlite_utils.Database, person: dict, command: str = "constituent") -> int:
    """Delete a constituent entered by mistake (nothing may refer to it: store/rosters.py remove_row)
    and scrub the name from the trail, the delete entry included; returns the entries scrubbed."""
    from shuanglian_cli.store.rosters import remove_row

    conn = db.conn
    conn.execute("PRAGMA secure_delete = ON")
    with transaction(db):
        remove_row(db, "constituents", person, command)
        scrubbed = scrub_audit(conn, person["id"])
    _checkpoint(conn)
    return scrubbed


def _checkpoint(conn) -> None:
    try:  # push the old pages out of the WAL file too; another reader may prevent it, no harm
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception:
        pass


def scrub_audit(conn, cid: int, raiser: tuple[str, int] | None = None) -> int:
    """Replace constituent `cid`'s name, phone and address in earlier audit entries, inside the
    caller's transaction (audit_log accepts such an update only while audit_context.redacting is 1).
    With `raiser=(name, county_id)` also the raiser_name of suggestions linked to the person or,
    unlinked, naming them in that county. Returns the number of entries changed."""
    conn.execute("UPDATE audit_context SET redacting = 1 WHERE id = 1")
    total = 0
    for key in ("before", "after"):
        total += conn.execute(
            f"UPDATE audit_log SET {key} = json_replace({key}, '$.name', ?, '$.phone', '', '$.address', '') "
            f"WHERE table_name = 'constituents' AND record_id = ? AND {key} IS NOT NULL "
            f"AND action IN ('insert', 'update', 'delete')",
            [ERASED_NAME, cid],
        ).rowcount
        if raiser is None:
            continue
        name, county_id = raiser
        total += conn.execute(
            f"UPDATE audit_log SET {key} = json_replace({key}, '$.raiser_name', '') "
            f"WHERE table_name = 'suggestions' AND {key} IS NOT NULL "
            f"AND json_extract({key}, '$.raiser_name') != '' "
            f"AND (json_extract({key}, '$.constituent_id') = ? "
            f"     OR (json_extract({key}, '$.constituent_id') IS NULL AND json_extract({key}, '$.raiser_name') = ? "
            f"         AND json_extract({key}, '$.county_id') = ?))",
            [cid, name, county_id],
        ).rowcount
    conn.execute("UPDATE audit_context SET redacting = 0 WHERE id = 1")
    return total
