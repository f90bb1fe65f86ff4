"""Reading Excel workbooks without python-calamine: openpyxl for .xlsx/.xlsm, xlrd for old .xls.

calamine (compiled) is the fast reader and has wheels for the platforms the offline kit covers; where it
cannot be installed (another processor or Python), imports still work through these pure-Python
readers, only slower. They give the rows calamine's `to_python(skip_empty_area=False)` gives: from cell
A1 to the last cell holding a value, every row padded to the same width, '' for an empty or error cell,
numbers as float (.xls: small whole numbers as int, as Excel stores them), a date-time at midnight as a
date, a time of day as a time.

    if not calamine_available():
        sheets = read_workbook(path)  # [(sheet name, rows), ...]; read_sheet_rows: the same, at least one
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from shuanglian_cli.errors import UserError

SLOW_NOTE = "提示：未安装 python-calamine，改用 openpyxl / xlrd 读取 Excel 文件，速度较慢"
_RK_INT_LIMIT = 2**29  # .xls keeps whole numbers below this as integers (RK records); calamine returns int
_noted = False


def calamine_available() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def note_slow_reader() -> None:
    """The one-line note, once per run, on stderr (stdout may be a csv or json someone parses)."""
    global _noted
    if not _noted:
        _noted = True
        print(SLOW_NOTE, file=sys.stderr)


def read_sheet_rows(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """(sheet name, rows) of a workbook for io.tabular (what it reads with calamine when it can); at least one."""
    sheets = read_workbook(path)
    if not sheets:
        raise UserError(f"{path.name} 里没有工作表")
    return sheets


def read_workbook(path: str | Path) -> list[tuple[str, list[list[Any]]]]:
    """(sheet name, rows) for every worksheet; a UserError for a file neither reader can open."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    old_format = head.startswith(b"\xd0\xcf\x11\xe0") or (
        not head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".xls"
    )
    if not old_format and path.suffix.lower() in (".xlsb", ".ods"):
        raise UserError(
            f"{path.name} 是 {path.suffix} 格式，本机未安装 python-calamine，无法读取",
            ["请在 Excel 或 WPS 中另存为 .xlsx 后再导入"],
        )
    try:
        sheets = _read_xls(path) if old_format else _read_xlsx(path)
    except UserError:
        raise
    except Exception as exc:  # both readers raise several types for corrupt, encrypted or truncated files
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise UserError(f"{path.name} 无法作为 Excel 文件读取（文件可能已损坏或加密）：{reason}") from None
    note_slow_reader()
    return sheets


def _read_xlsx(path: Path) -> list[tuple[str, list[list[Any]]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        out = []
        for sheet in book.worksheets:
            rows: list[list[Any]] = []
            for cells in sheet.iter_rows():
                row_index = next((c.row for c in cells if getattr(c, "row", None)), None)
                if row_index is not None:
                    while len(rows) < row_index - 1:  # rows the file leaves out are blank rows
                        rows.append([])
                rows.append(_xlsx_row(cells))
            out.append((sheet.title, _rectangle(rows)))
        return out
    finally:
        book.close()


def _xlsx_row(cells) -> list[Any]:
    row: list[Any] = []
    for cell in cells:
        column = getattr(cell, "column", None)
        if column is not None:
            row.extend([""] * (column - 1 - len(row)))  # columns left out before this cell
        row.append("" if getattr(cell, "data_type", None) == "e" else _xlsx_value(cell.value))
    return row


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return float(value)  # an xlsx file stores every number as a double; calamine says so
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _read_xls(path: Path) -> list[tuple[str, list[list[Any]]]]:
    try:
        import xlrd
    except ImportError:
        raise UserError(
            f"{path.name} 是旧版 .xls 文件，本机既没有 python-calamine 也没有 xlrd，无法读取",
            ["请在 Excel 或 WPS 中另存为 .xlsx 后再导入"],
        ) from None
    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        out = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = [
                [_xls_value(sheet.cell_type(r, c), sheet.cell_value(r, c), book.datemode) for c in range(sheet.ncols)]
                for r in range(sheet.nrows)
            ]
            out.append((sheet.name, _rectangle(rows)))
            book.unload_sheet(index)
        return out
    finally:
        book.release_resources()


def _xls_value(kind: int, value: Any, datemode: int) -> Any:
    import xlrd

    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_DATE:
        when = xlrd.xldate.xldate_as_datetime(value, datemode)
        if value < 1:
            return when.time()
        return when.date() if when.time() == dt.time(0) else when
    if kind == xlrd.XL_CELL_NUMBER and float(value).is_integer() and abs(value) < _RK_INT_LIMIT:
        return int(value)
    return value


def _rectangle(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows from A1 to the last cell holding a value, all of one width (as calamine gives them)."""
    last_row = max((i for i, r in enumerate(rows) if any(v != "" for v in r)), default=-1)
    rows = rows[: last_row + 1]
    width = max((max((j for j, v in enumerate(r) if v != ""), default=-1) + 1 for r in rows), default=0)
    return [(r + [""] * (width - len(r)))[:width] for r in rows]
