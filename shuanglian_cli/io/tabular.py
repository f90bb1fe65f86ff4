"""Reading a clerk's spreadsheet (xlsx/xls/ods via python-calamine, or csv in UTF-8, UTF-8 with BOM or
GB18030) into rows, finding the header row under any title rows, and naming each row as the sheet shows it.

    table = read_table(path, {"name": ("姓名", "名字"), "phone": ("联系电话", "电话")}, required=("name",))
    for row_no, cells in table.rows:
        name = table.cell(cells, "name")
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from shuanglian_cli.domain.text import to_halfwidth
from shuanglian_cli.errors import UserError

HEADER_SCAN_ROWS = 30  # a header lower than this is not looked for
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_HEADER_NOISE = re.compile(r"[\s*＊:：]")
_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")


def header_key(text: Any) -> str:
    """A header cell as compared: half-width, no spaces, no required-field marks (*), no trailing colon."""
    return _HEADER_NOISE.sub("", to_halfwidth(str(text if text is not None else "")))


@dataclass
class RawSheet:
    """The cells of one sheet as lists, and the spreadsheet row number of the first list."""

    name: str | None
    rows: Sequence[Sequence[Any]]
    first_row: int = 1


@dataclass
class Table:
    """A sheet whose header row is found: `columns` maps a field to its column index."""

    path: Path
    sheet: str | None
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    raw: RawSheet = field(repr=False)
    show_sheet: bool = False

    @property
    def rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        """(row number as the spreadsheet shows it, cells) for every non-blank row below the header."""
        start = self.header_row - self.raw.first_row + 1
        for offset, cells in enumerate(self.raw.rows[start:], start=self.header_row + 1):
            if any(not _blank(c) for c in cells):
                yield offset, cells

    @property
    def row_count(self) -> int:
        """Upper bound of the data rows (blank rows included), for a progress bar."""
        return max(0, len(self.raw.rows) - (self.header_row - self.raw.first_row + 1))

    def has(self, key: str) -> bool:
        return key in self.columns

    def cell(self, cells: Sequence[Any], key: str) -> Any:
        """The raw value of field `key` in a row ('' when the column is absent or the row is short)."""
        index = self.columns.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return "" if value is None else value

    def header_of(self, key: str) -> str:
        index = self.columns.get(key)
        return self.headers[index] if index is not None else key

    def where(self, row_no: int, key: str | None = None) -> str:
        """'名册.xlsx 第 12 行“联系电话”列' — how a clerk finds the cell."""
        place = self.path.name
        if self.show_sheet and self.sheet:
            place += f"（工作表“{self.sheet}”）"
        place += f" 第 {row_no} 行"
        if key:
            place += f"“{self.header_of(key)}”列"
        return place


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- reading files -------------------------------------------------------------------------------

def read_sheets(path: str | Path) -> list[RawSheet]:
    """Every sheet of an Excel workbook, or the one 'sheet' of a csv file."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件 {path}")
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，不是表格文件")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from None
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0") or suffix in EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    raise UserError(f"{path.name} 不是 Excel（.xlsx）或 CSV 文件，无法导入", ["请另存为 .xlsx 或 .csv 后再导入"])


def _read_excel(path: Path) -> list[RawSheet]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # no wheel for this machine: the slower pure-Python readers
        from shuanglian_cli.io.xlsx_readers import read_sheet_rows

        return [RawSheet(name, rows) for name, rows in read_sheet_rows(path)]

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            sheets.append(RawSheet(name, sheet.to_python(skip_empty_area=False)))
    except UserError:
        raise
    except Exception as exc:  # calamine raises several types for corrupt, encrypted or truncated files
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise UserError(f"{path.name} 无法作为 Excel 文件读取（文件可能已损坏或加密）：{reason}") from None
    if not sheets:
        raise UserError(f"{path.name} 里没有工作表")
    return sheets


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), then GB18030 (what Excel on a Chinese Windows writes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UserError(f"{name} 的文字编码无法识别", ["请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入"]) from None


def _read_csv(path: Path) -> RawSheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from None
    text = decode_text(data, path.name)
    if "\x00" in text:
        raise UserError(f"{path.name} 含有空字符，不是文本格式的 CSV 文件")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        line = 0
        for record in reader:
            # keep row numbers equal to the line where each record starts (quoted cells may span lines)
            start = line + 1
            while len(rows) < start - 1:
                rows.append([])
            rows.append(record)
            line = reader.line_num
    except csv.Error as exc:
        raise UserError(f"{path.name} 第 {line + 1} 行不是有效的 CSV：{exc}") from None
    return RawSheet(None, rows)


# -- finding the header row ----------------------------------------------------------------------

def match_headers(cells: Sequence[Any], fields: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Which field each header cell names: exact (normalised) spelling first, then without a
    bracketed note ('类型(站/点)' matches '类型')."""
    wanted: dict[str, str] = {}
    for key, names in fields.items():
        for name in names:
            wanted.setdefault(header_key(name), key)
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        text = header_key(cell)
        key = wanted.get(text) or wanted.get(_BRACKETED.sub("", text))
        if key and key not in found:
            found[key] = index
    return found


class HeaderRow(NamedTuple):
    index: int  # into sheet.rows; -1 when no row matches any field
    columns: dict[str, int]  # field -> column index


def locate_header(
    sheet: RawSheet, fields: Mapping[str, Sequence[str]], required: Sequence[str]
) -> HeaderRow:
    """The best header row among the first rows; the first row
    holding every required field wins, else the one matching most fields."""
    best = HeaderRow(-1, {})
    for index, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns = match_headers(cells, fields)
        if all(r in columns for r in required):
            return HeaderRow(index, columns)
        if len(columns) > len(best.columns):
            best = HeaderRow(index, columns)
    return best


def read_table(
    path: str | Path,
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str] = (),
    what: str = "",
    sheets: list[RawSheet] | None = None,
) -> Table:
    """The first sheet with every required header; else a UserError naming the missing ones."""
    path = Path(path)
    sheets = sheets if sheets is not None else read_sheets(path)
    best: tuple[RawSheet, int, dict[str, int]] | None = None
    for sheet in sheets:
        index, columns = locate_header(sheet, fields, required)
        if index >= 0 and all(r in columns for r in required):
            return make_table(path, sheet, index, columns, show_sheet=len(sheets) > 1)
        if best is None or len(columns) > len(best[2]):
            best = (sheet, index, columns)
    found = best[2] if best else {}
    missing = [fields[r][0] for r in required if r not in found]
    details = []
    if best and best[1] >= 0:
        sheet, index = best[0], best[1]
        seen = [str(c).strip() for c in sheet.rows[index] if str(c).strip()]
        details.append(f"最接近表头的是第 {sheet.first_row + index} 行：{'、'.join(seen[:20])}")
    else:
        details.append("表格中没有找到表头行（前 30 行内）")
    if what:
        details.append(f"可运行 `sl template {what}` 生成带正确表头的模板")
    raise UserError(f"{path.name} 缺少必需的列：{'、'.join(missing)}", details)


def make_table(path: Path, sheet: RawSheet, index: int, columns: dict[str, int], show_sheet: bool = False) -> Table:
    headers = [str(c).strip() if c is not None else "" for c in sheet.rows[index]]
    return Table(path, sheet.name, sheet.first_row + index, headers, columns, sheet, show_sheet)
