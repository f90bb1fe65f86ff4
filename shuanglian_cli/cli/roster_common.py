"""The steps the roster commands (station, deputy, member, constituent, department, county) share:
finding a row within the county typed, a name that may not be blank, add/edit/remove in one
transaction, and the list/show output in the three formats. Each command keeps its own options,
help texts and messages; only the logic that is the same for all lives here."""


from collections.abc import Sequence
from typing import Any

import typer

from shuanglian_cli.cli.options import OutputFormat
from shuanglian_cli.cli.render import echo_json, render, render_record
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

LINK_COLUMNS = (("year", "年度"), ("kind", "关系"))


def all_option() -> Any:
    """--all of list: those on the roster and those no longer on it."""
    return typer.Option(False, "--all", help="在册的和不在册的都列出")


def find_in(db, table: str, text: str, county: str | None, where: str = "") -> dict:
    """A row of `table` by name, name prefix, id or pinyin, within the county typed (if any)."""
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.rosters import county_id_of

    return find(db, table, text, county_id=county_id_of(db, county), where=where)


def id_of(db, table: str, text: str | None, county_id: int | None) -> int | None:
    """The id of the row typed in an option such as --station or --deputy, or None when nothing was typed."""
    from shuanglian_cli.store.resolve import find

    return find(db, table, text, county_id=county_id)["id"] if text else None


def required_name(text: str, label: str) -> str:
    """The name normalised; a blank one is refused with “{label}不能为空”."""
    from shuanglian_cli.domain.text import normalize_name

    name = normalize_name(text)
    if not name:
        raise UserError(f"{label}不能为空")
    return name


def county_to_add(ctx: typer.Context, county: str | None) -> dict:
    """The county a new row goes into: --county, else the config's default_county (store/rosters.py)."""
    from shuanglian_cli.store.rosters import county_for_write

    st = state(ctx)
    return county_for_write(st.db(), county, st.config.get("default_county"))


def add_row(db, table: str, fields: dict) -> int:
    """Insert one roster row in its own transaction; returns its id."""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import insert_row

    with transaction(db):
        return insert_row(db, table, fields)


def edit_fields(name: str | None, active: bool | None, name_label: str = "姓名") -> dict:
    """The --name and --active/--inactive part of an edit, only what was given."""
    fields: dict = {}
    if name is not None:
        fields["name"] = required_name(name, name_label)
    if active is not None:
        fields["active"] = int(active)
    return fields


def save_edit(db, table: str, row_id: int, fields: dict) -> None:
    """Write an edit in one transaction; an edit that changes nothing is refused."""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import update_row

    if not fields:
        raise UserError("没有要修改的内容；用 --help 查看可修改的项")
    with transaction(db):
        update_row(db, table, row_id, fields)


def remove_found(ctx: typer.Context, table: str, text: str, county: str | None, command: str) -> dict:
    """Delete the row typed unless records refer to it (then the message suggests `sl COMMAND edit ID
    --inactive`); returns the row deleted."""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import remove_row

    db = state(ctx).db()
    row = find_in(db, table, text, county)
    with transaction(db):
        remove_row(db, table, row, command)
    return row


def render_list(rows: list[dict], columns: Sequence[tuple[str, str]], fmt: OutputFormat, title: str,
                unit: str) -> None:
    """A roster listing with the count under the table (“共 N 名”)."""
    render(rows, columns, fmt, title=title, footer=[f"共 {len(rows)} {unit}"] if rows else [])


def show_row(
    row: dict,
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat,
    title: str,
    pairs: Sequence[tuple[str, Any]] | None = None,
    links: list[dict] | None = None,
    link_name: str = "代表",
    links_title: str = "联系代表",
) -> None:
    """One row: csv as a one-row listing, json as the row (with its yearly `links` when given), table as
    label/value pairs (the columns unless `pairs` are given) followed by the links, if any."""
    if fmt.value != "table":
        if fmt.value == "csv":
            render([row], columns, fmt)
        else:
            echo_json(row if links is None else {**row, "links": links})
        return
    render_record(pairs if pairs is not None else [(label, row[key]) for key, label in columns], title=title)
    if links:
        render(links, [*LINK_COLUMNS, ("name", link_name)], title=links_title)


def county_or_default(ctx: typer.Context, text: str | None) -> dict | None:
    """--county, else the config's default_county, else None (all counties)."""
    from shuanglian_cli.store.resolve import find_county

    st = state(ctx)
    text = text or st.config.get("default_county")
    return find_county(st.db(), text) if text else None
