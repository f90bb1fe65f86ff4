"""Opening the store for a command: the file (store/db.open_db), and due dates kept in step with the
working-day calendar — in memory for reading, stored by the first write (store/calendar_sync.py)."""

from __future__ import annotations

from pathlib import Path

from shuanglian_cli.store.connection import Actor, Database


def open_store(config, db_path: Path, actor: Actor, *, create: bool = False) -> Database:
    """The open database for one command. When the calendar changed since the stored due dates were
    computed, reads see the due dates in force (a TEMP shadow, nothing written) and the first write
    transaction stores them, each move a `recalc` event, in the same transaction as its own writes."""
    from shuanglian_cli.store.calendar_sync import (
        ensure_current,
        is_current,
        shadow_due_dates,
        source_is_current,
    )
    from shuanglian_cli.store.db import open_db

    db = open_db(db_path, create=create, actor=actor)
    source = calendar_source(config)
    if source_is_current(db, source):  # the usual case: no calendar to build
        return db
    calendar = config.calendar
    if not is_current(db, calendar):
        shadow_due_dates(db, calendar)
    if not db.read_only:
        db.before_write = lambda d: ensure_current(d, calendar, actor=actor.operator or "", source=source)
    return db


def calendar_source(config) -> str:
    """A cheap key for what the calendar is built from: the config's `calendar:` section and the
    files of the packaged notices and of the calendar code as installed. The same key means the same
    calendar, so most commands need not build one; a different key only means building it and
    comparing its fingerprint."""
    import hashlib
    import importlib.util
    import json

    import shuanglian_cli

    parts = [json.dumps(config.get("calendar") or {}, sort_keys=True, default=str)]
    spec = importlib.util.find_spec("chinese_calendar")  # finds the package without importing it
    files = [Path(shuanglian_cli.__file__).parent / "domain" / "workdays.py"]
    if spec is not None and spec.origin:
        files.append(Path(spec.origin).parent / "constants.py")
    for path in files:
        try:
            stat = path.stat()
            parts.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
        except OSError:
            parts.append(str(path))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def calendar_changed(db: Database) -> bool:
    """Do the due dates this command reads differ from the stored ones (a calendar change not yet stored)?"""
    from shuanglian_cli.store.calendar_sync import is_shadowed

    return is_shadowed(db)
