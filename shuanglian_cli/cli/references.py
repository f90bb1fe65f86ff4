"""The reference that travels (NANMA-0042, issue 13 item 2) in the suggestion and activity lists: a
`ref` key after `id`, and a 参考编号 column beside 编号, only when this file has a site, so a file
without one prints exactly what it printed before."""

from __future__ import annotations

from collections.abc import Sequence

REF_COLUMN = ("ref", "参考编号")


def suggestion_refs(db, suggestion_id: int | None = None) -> dict[int, str] | None:
    """Local id -> reference (of every suggestion, or of the one asked for); None when this file
    has no site."""
    return refs_of(db, "suggestions", suggestion_id)


def refs_of(db, table: str, row_id: int | None = None) -> dict[int, str] | None:
    """Local id -> reference of the rows of `table` (or of the one asked for); None without a site."""
    from shuanglian_cli.store.sites import references

    return references(db, table, row_id)


def with_ref(row: dict, refs: dict[int, str] | None) -> dict:
    """The row with `ref` right after `id` (null when the row has none yet); unchanged without a site."""
    if refs is None:
        return row
    out: dict = {}
    for key, value in row.items():
        out[key] = value
        if key == "id":
            out["ref"] = refs.get(value)
    return out


def ref_columns(columns: Sequence[tuple[str, str]], refs: dict[int, str] | None) -> list[tuple[str, str]]:
    """Table columns with 参考编号 after 编号 when this file has a site."""
    if refs is None:
        return list(columns)
    out: list[tuple[str, str]] = []
    for column in columns:
        out.append(column)
        if column[0] == "id":
            out.append(REF_COLUMN)
    return out
