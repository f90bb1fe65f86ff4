"""A listing written to a file a clerk opens in Excel (`--out FILE`): .xlsx or .csv by the suffix.

csv: UTF-8 with a BOM (Excel on a Chinese Windows reads it as UTF-8, not GBK) and OWASP's rule for
formula injection: a text cell starting with = + - @ (or a tab or carriage return) gets a leading '.
xlsx: every text cell is a string cell, never a formula. Written to a temporary file beside the
target and moved into place, so a failure leaves no half-written file."""

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shuanglian_cli.errors import UserError

SUFFIXES = (".xlsx", ".csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str | None
    headers: list[str]
    rows: list[list[Any]]  # cells: str, int, float, or None


def check_out_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in SUFFIXES:
        raise UserError(f"--out 文件名须以 .xlsx 或 .csv 结尾：{text}", ["例如 --out 超期.xlsx 或 --out 超期.csv"])
    if path.is_dir():
        raise UserError(f"--out 指向的是文件夹，不是文件：{text}")
    if not path.parent.exists():
        raise UserError(f"文件夹 {path.parent} 不存在", ["请先建好文件夹，或换一个位置"])
    return path


def formula_safe(value: Any) -> Any:
    """A text cell Excel would run as a formula, made text: '=HYPERLINK(...)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_listing(path: Path, sheets: Sequence[Sheet]) -> None:
    if path.suffix.lower() == ".csv":
        data = _csv_bytes(sheets)
        _replace(path, lambda tmp: Path(tmp).write_bytes(data))
    else:
        _replace(path, lambda tmp: _write_xlsx(tmp, sheets))


def _csv_bytes(sheets: Sequence[Sheet]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for n, sheet in enumerate(sheets):
        if len(sheets) > 1:  # several tables in one file: each under its title, a blank row between
            if n:
                writer.writerow([])
            if sheet.title:
                writer.writerow([formula_safe(sheet.title)])
        writer.writerow([formula_safe(h) for h in sheet.headers])
        for row in sheet.rows:
            writer.writerow(["" if v is None else formula_safe(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _sheet_name(title: str | None, n: int, used: set[str]) -> str:
    name = title or f"Sheet{n + 1}"
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    name = name[:28].strip() or f"Sheet{n + 1}"
    base, k = name, 2
    while name in used:
        name, k = f"{base[:25]}({k})", k + 1
    used.add(name)
    return name


def _write_xlsx(target: str, sheets: Sequence[Sheet]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False,
                                        "strings_to_urls": False})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    used: set[str] = set()
    for n, sheet in enumerate(sheets):
        ws = book.add_worksheet(_sheet_name(sheet.title, n, used))
        for c, header in enumerate(sheet.headers):
            ws.write_string(0, c, str(header), head)
            longest = max([len(str(r[c])) for r in sheet.rows if c < len(r) and r[c] is not None] or [0])
            ws.set_column(c, c, min(60, max(8, 2 * max(len(str(header)), longest) + 2)))
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))  # text stays text: never a formula
        ws.freeze_panes(1, 0)
    book.close()


def _replace(path: Path, write) -> None:
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".sl-out-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        write(tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        reason = "磁盘已满" if getattr(exc, "errno", None) == 28 else (exc.strerror or str(exc))
        raise UserError(f"无法写入 {path}：{reason}", ["未写入任何文件"]) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
