"""Triggers set aside for a bulk write (store/audit.bulk_inserts, store/search_index.bulk_marked)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


@contextlib.contextmanager
def triggers_dropped(conn: sqlite3.Connection, triggers: dict[str, str]) -> Iterator[None]:
    """Inside a write transaction: the triggers (name -> their CREATE sql) dropped for the block and
    created again, the same SQL, at its end. DDL in the transaction: a rollback restores them, and no
    other connection ever sees the file without them."""
    for name in triggers:
        conn.execute('DROP TRIGGER "' + name.replace('"', '""') + '"')
    try:
        yield
    finally:
        if conn.in_transaction:  # after an error SQLite may have rolled back already (and restored them)
            for name, sql in triggers.items():
                if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                [name]).fetchone() is None:
                    conn.execute(sql)
