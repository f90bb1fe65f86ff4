"""Importing a roster file: read and check it (io/roster_import.py), then write it through the store
in one transaction with the audit trail's bulk-insert mode; a dry run does the same work and rolls
it back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.io.roster_import import Report


class _DryRun(Exception):
    """Raised inside the transaction so a dry run rolls back everything it computed."""


def import_roster(db, kind: str, path: Path, *, county: str | None, default_county: str | None, year: int | None,
                  dry_run: bool, progress: Callable, term: dict | None = None) -> Report:
    """Read, check and (unless dry_run) write one roster file in one transaction.
    progress(total, description) makes a context manager with advance(n) (cli/progress.progress_bar).
    term: the roster is that term's (an election): its deputies get seats (services/terms.py: elect)."""
    from shuanglian_cli.io.roster_import import RosterImport
    from shuanglian_cli.store.audit import bulk_inserts
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.roster_upsert import TABLES, write_records
    from shuanglian_cli.store.sites import stamped

    imp = RosterImport(db, kind, path, county, default_county, year)
    parsed = imp.read(progress)
    report = Report(kind, Path(path), dry_run, rows=sum(len(records) for _, _, records in parsed))
    try:
        with transaction(db), bulk_inserts(db, list(TABLES), Path(path).name), \
                stamped(db, TABLES):
            for spec_name, table, records in parsed:
                write_records(db, spec_name, table, records, report, imp.lookup, year)
                if term is not None:
                    report.election = _elect(db, term, records)
            if dry_run:  # the same work as a real import, then rolled back
                raise _DryRun
    except _DryRun:
        pass
    except sqlite3.IntegrityError as exc:
        raise UserError(f"{Path(path).name} 与数据库中已有的记录冲突，未导入任何数据：{exc}") from None
    return report


def _elect(db, term: dict, records: list[tuple[int, dict]]):
    """Seat the file's deputies, found by the import's own key (county and name), in the term."""
    from shuanglian_cli.services.terms import elect
    from shuanglian_cli.store.roster_bulk import existing_rows

    counties = {rec["county_id"] for _, rec in records}
    if counties - {term["county_id"]}:
        raise UserError(f"名册中有其他县区的代表，不能作为“{term['name']}”的名册导入")
    ids = existing_rows(db, "deputies", ("county_id", "name"), (), counties)
    return elect(db, term, [ids[(rec["county_id"], rec["name"])]["id"] for _, rec in records])
