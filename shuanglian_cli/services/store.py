"""Opening the store for a command: the file (store/db.open_db), and due dates kept in step with the
working-day calendar — in memory for reading, stored by the first write (store/calendar_sync.py)."""

from __future__ import annotations

from pathlib import Path

from shuanglian_cli.store.connection import Actor, Database


def open_store(config, db_path: Path, actor: Actor, *, create: bool = False) -> Database:
    """The open database for one command. When the calendar changed since the stored due dates were
    computed, reads see the due dates in force (a TEMP shadow, nothing written) and the first write
    transaction stores them, each move a `recalc` event, in the same transaction as its own writes."""
    from shuanglian_cli.store.calendar_sync import ensure_current, is_current, shadow_due_dates
    from shuanglian_cli.store.db import open_db

    db = open_db(db_path, create=create, actor=actor)
    calendar = config.calendar
    if not is_current(db, calendar):
        shadow_due_dates(db, calendar)
        if not db.read_only:
            db.before_write = lambda d: ensure_current(d, calendar, actor=actor.operator or "")
    return db


def calendar_changed(db: Database) -> bool:
    """Do the due dates this command reads differ from the stored ones (a calendar change not yet stored)?"""
    from shuanglian_cli.store.calendar_sync import is_shadowed

    return is_shadowed(db)
