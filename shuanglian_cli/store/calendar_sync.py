"""Keeping stored due dates in step with the working-day calendar.

The fingerprint of the calendar the due dates were computed with is kept in `meta`. When it
differs (a chinese_calendar upgrade, a config edit entering next year's notice or a closure),
the due date and its confirmed flag of every open referred suggestion are recomputed from its
referral date and limit, each move is recorded as a `recalc` event, and the list of moves is kept
in `meta` so `sl calendar check` can show it even when another command did the recomputing.

Reading never writes: `shadow_due_dates` puts a TEMP copy of `suggestions` with the due dates in
force under the current calendar in front of the stored table for this connection only (a TEMP
table shadows `main` for unqualified names), so every query sees them, a file in a read-only place
can be read and no write lock is taken. A write drops the copy and stores the recomputation
(`recompute`, called by the application layer as the write transaction opens).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import sqlite_utils

from shuanglian_cli.clock import today
from shuanglian_cli.store.db import transaction

FINGERPRINT_KEY = "calendar_fingerprint"
LAST_SYNC_KEY = "calendar_last_sync"


def _meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [key, value])


def _stored(db: sqlite_utils.Database) -> tuple[str | None, str | None]:
    """(fingerprint, source key) as stored: "FINGERPRINT@SOURCE", or a bare fingerprint from before
    the source key (services/store.calendar_source) was kept with it."""
    value = _meta(db, FINGERPRINT_KEY)
    if value is None:
        return None, None
    fingerprint, _, source = value.partition("@")
    return fingerprint, source or None


def is_current(db: sqlite_utils.Database, calendar) -> bool:
    return _stored(db)[0] == calendar.fingerprint()


def source_is_current(db: sqlite_utils.Database, source: str) -> bool:
    """Were the stored due dates computed from a calendar built from `source`? (no calendar built)"""
    return _stored(db)[1] == source


def _fingerprint_value(fingerprint: str, source: str | None) -> str:
    return f"{fingerprint}@{source}" if source else fingerprint


def _open_referred(db: sqlite_utils.Database) -> list[tuple]:
    return db.execute(
        """SELECT s.id, s.round, s.referred_on, s.limit_workdays, s.due_on, s.due_confirmed, s.content,
                  dep.name FROM main.suggestions s LEFT JOIN departments dep ON dep.id = s.department_id
           WHERE s.state = 'referred' AND s.referred_on IS NOT NULL AND s.limit_workdays IS NOT NULL"""
    ).fetchall()


def _changes(rows: list[tuple], calendar):
    """(row, due, confirmed) for each open row whose due date or confirmed flag differs under `calendar`."""
    for row in rows:
        _sid, _rnd, referred_on, limit, due_on, confirmed, _content, _department = row
        deadline = calendar.deadline(dt.date.fromisoformat(referred_on), limit)
        due = deadline.due.isoformat()
        if due != due_on or int(deadline.confirmed) != (confirmed or 0):
            yield row, due, deadline.confirmed


def is_shadowed(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'suggestions'").fetchone() \
        is not None


def shadow_due_dates(db: sqlite_utils.Database, calendar) -> int:
    """For reading: the due dates in force under `calendar`, in memory (a TEMP copy of `suggestions`
    for this connection), the file untouched. Returns how many due dates differ from the stored ones."""
    drop_shadow(db)
    db.execute("CREATE TEMP TABLE suggestions AS SELECT * FROM main.suggestions")
    db.execute("CREATE UNIQUE INDEX temp.shadow_suggestions_id ON suggestions(id)")
    indexes = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'suggestions' "
                         "AND sql IS NOT NULL").fetchall()
    for name, sql in indexes:  # the stored table's indexes, so reads keep their query plans
        head = re.match(r"CREATE (UNIQUE )?INDEX (IF NOT EXISTS )?\S+", sql.strip())
        # the same names: INDEXED BY finds them
        db.execute(f"CREATE {head[1] or ''}INDEX temp.{name}{sql.strip()[head.end():]}")
    updates, moved = [], 0
    for row, due, confirmed in _changes(_open_referred(db), calendar):
        updates.append((due, int(confirmed), row[0]))
        moved += due != row[4]
    if updates:
        db.conn.executemany("UPDATE temp.suggestions SET due_on = ?, due_confirmed = ? WHERE id = ?", updates)
    else:  # nothing differs: read the stored table itself
        drop_shadow(db)
    return moved


def drop_shadow(db: sqlite_utils.Database) -> None:
    db.execute("DROP TABLE IF EXISTS temp.suggestions")


def recompute(db: sqlite_utils.Database, calendar, *, actor: str = "", on: dt.date | None = None,
              source: str | None = None) -> dict:
    """Recompute open due dates against `calendar` (in one transaction) and record the result.

    Returns {"previous", "fingerprint", "checked", "moved": [...], "reconfirmed": n}.
    """
    on = on or today()
    fingerprint = calendar.fingerprint()
    drop_shadow(db)
    with transaction(db):
        previous = _stored(db)[0]
        rows = _open_referred(db)
        moved, events, updates, reconfirmed = [], [], [], 0
        for (sid, rnd, referred_on, limit, due_on, _c, content, department), due, confirmed in _changes(rows, calendar):
            updates.append((due, int(confirmed), sid))
            if due != due_on:
                moved.append({"id": sid, "content": content, "department": department, "referred_on": referred_on,
                              "limit_workdays": limit, "old_due_on": due_on, "new_due_on": due,
                              "calendar_confirmed": confirmed})
                events.append((sid, rnd, "recalc", on.isoformat(), actor, limit, due,
                               f"工作日历变化，到期日由 {due_on} 改为 {due}"))
            else:
                reconfirmed += 1
        db.conn.executemany("UPDATE main.suggestions SET due_on = ?, due_confirmed = ? WHERE id = ?", updates)
        db.conn.executemany(
            """INSERT INTO suggestion_events (suggestion_id, round, kind, on_date, actor, limit_workdays, due_on, note)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", events)
        result = {"previous": previous, "fingerprint": fingerprint, "checked": len(rows), "moved": moved,
                  "reconfirmed": reconfirmed, "on": on.isoformat()}
        _set_meta(db, FINGERPRINT_KEY, _fingerprint_value(fingerprint, source))
        if previous is not None and previous != fingerprint:
            _set_meta(db, LAST_SYNC_KEY, json.dumps(result, ensure_ascii=False))
    return result


def ensure_current(db: sqlite_utils.Database, calendar, *, actor: str = "", source: str | None = None) -> dict | None:
    """Called as a write begins: recompute when the calendar changed since the last time (else only
    note `source`); None when no recomputation was needed."""
    if is_current(db, calendar):
        if source and not source_is_current(db, source):
            _set_meta(db, FINGERPRINT_KEY, _fingerprint_value(calendar.fingerprint(), source))
        return None
    return recompute(db, calendar, actor=actor, source=source)


def last_sync(db: sqlite_utils.Database) -> dict | None:
    text = _meta(db, LAST_SYNC_KEY)
    return json.loads(text) if text else None
