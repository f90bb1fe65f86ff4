"""The reference that travels (NANMA-0042) on the forms: one more column, after the number it
belongs with, only in a file with a site; a file without one prints its forms as before."""

from __future__ import annotations

from shuanglian_cli.io.forms.layout import Column

REF_COLUMN = Column("参考编号", 12)  # issue 13 item 2


def refs(ctx, table: str) -> dict[int, str] | None:
    """Local id -> reference of `table`'s rows, read once per workbook; None when there is no site."""
    key = f"refs.{table}"
    if key not in ctx.cache:
        from shuanglian_cli.store.sites import references

        ctx.cache[key] = references(ctx.db, table)
    return ctx.cache[key]


def with_ref(columns: list[Column], ctx, table: str, at: int = 1) -> list[Column]:
    """`columns` with 参考编号 inserted at `at` when the file has a site."""
    return columns if refs(ctx, table) is None else [*columns[:at], REF_COLUMN, *columns[at:]]


def ref_cells(found: dict[int, str] | None, row_id: int | None) -> tuple:
    """The cell to splice in (the row's reference, blank until swept) or nothing without a site."""
    if found is None:
        return ()
    return (found.get(row_id, "") if row_id is not None else "",)
