"""`sl calendar check`: recompute and store the due dates now, whatever the last write did."""

from __future__ import annotations

from shuanglian_cli.store.connection import Database


def check_calendar(db: Database, calendar, actor: str) -> tuple[dict, dict | None]:
    """(this recomputation, the last one that moved something) — the latter for when this one found
    nothing left to move because an earlier write already stored it."""
    from shuanglian_cli.store.calendar_sync import last_sync, recompute

    db.before_write = None  # this is the sync itself
    result = recompute(db, calendar, actor=actor)
    return result, last_sync(db)
