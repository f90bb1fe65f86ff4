"""Showing constituents' personal information (PIPL): one sequence for every command that lists or
shows it. Masked unless the clerk asks for --reveal; a reveal goes into the audit trail (what was
shown and how many rows, never the data itself); the caller is told, so it can say the rows are
unmasked."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import sqlite_utils


class Shown(NamedTuple):
    rows: list[dict]
    unmasked: bool  # the rows are shown as stored, and the reveal was logged: say so


def mask_contact(row: dict) -> dict:
    """A row whose phone and address are masked (138****5678)."""
    from shuanglian_cli.domain.text import mask_address, mask_phone

    row["phone"] = mask_phone(row.get("phone"))
    row["address"] = mask_address(row.get("address"))
    return row


def protect(
    db: sqlite_utils.Database,
    rows: list[dict],
    reveal: bool,
    what: str,
    *,
    mask: Callable[[dict], dict] = mask_contact,
    command: str | None = None,
    table: str = "constituents",
    record_id=None,
    log_empty: bool = False,
) -> Shown:
    """Mask each row unless `reveal`; a reveal is logged in the audit trail (`log_empty`: even when
    nothing was shown, as for a look at the trail itself). `what` names what was shown."""
    if not reveal:
        return Shown([mask(row) for row in rows], False)
    if not rows and not log_empty:
        return Shown(rows, False)
    from shuanglian_cli.store.audit import log_reveal

    log_reveal(db, what, command=command, rows=len(rows), table=table, record_id=record_id)
    return Shown(rows, True)
