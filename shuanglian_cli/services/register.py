"""Importing a 意见收集登记表: read and check the file (io/register_import.py), find the county, plan
the import against the database and, unless a dry run, apply the plan in one transaction with the
audit trail's bulk-insert mode (store/register.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shuanglian_cli.errors import UserError

MAX_ERRORS_SHOWN = 50


@dataclass(frozen=True)
class RegisterImport:
    """What an import did (or, in a dry run, would do): the file read, its county and the plan."""

    register: Any  # io/register_import.Register
    county: dict
    plan: Any  # store/register.Plan
    similar: list = field(default_factory=list)  # services/similar.like_open over the rows added


def import_register(db_of: Callable[[], Any], file: str, *, county: str | None, config, operator: str,
                    dry_run: bool, progress: Callable) -> RegisterImport:
    """db_of opens the database once the file has been read and found sound (a bad file is reported
    without touching the database). progress(total, description) as in cli/progress.progress_bar."""
    from shuanglian_cli.io.register_import import read_register
    from shuanglian_cli.store.audit import bulk_inserts
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.register import BULK_TABLES, apply_plan, plan_import
    from shuanglian_cli.store.resolve import find_county
    from shuanglian_cli.store.sites import stamped

    register = read_register(file)
    if register.errors:
        shown = register.errors[:MAX_ERRORS_SHOWN]
        if len(register.errors) > MAX_ERRORS_SHOWN:
            shown.append(f"……共 {len(register.errors)} 处错误")
        raise UserError(f"{register.path.name} 有 {len(register.errors)} 处错误，未导入任何数据：", shown)
    db = db_of()
    county_text = county or register.county_hint or config.get("default_county")
    if not county_text:
        raise UserError("请用 --county 指定导入到哪个县区（表中没有“县区：”一行，配置中也没有 default_county）")
    try:
        county_row = find_county(db, county_text)
    except UserError:
        if county or not register.county_hint:
            raise
        raise UserError(f"表中写的县区“{register.county_hint}”不在数据库中，请用 --county 指定") from None
    plan = plan_import(db, register.rows, county_row["id"])
    similar = _like_open(db, config, county_row["id"], plan.added)
    if not dry_run and (plan.added or plan.new_stations or plan.new_deputies or plan.new_departments):
        with progress(len(plan.added), "正在写入") as bar, transaction(db), \
                bulk_inserts(db, BULK_TABLES, register.path.name), stamped(db, BULK_TABLES):
            apply_plan(db, plan, config.calendar, config, operator, register.path.name)
            bar.advance(len(plan.added))
    return RegisterImport(register, county_row, plan, similar)


def _like_open(db, config, county_id: int, added) -> list[dict]:
    """The rows to add that are very like an open suggestion already in the county (checked before the
    write, against the county's open texts read once), each with its row number in the file."""
    from shuanglian_cli.services.similar import like_open

    found = like_open(db, config, county_id, [r.content for r in added])
    return [{**s, "row": added[s["opinion"] - 1].row_no} for s in found]
