"""Data rows written straight as sheet XML into an xlsxwriter worksheet in constant-memory mode.

xlsxwriter spends most of a big form's time per cell (a tuple stored, then read back, A1 name,
attribute list, escaping checks and a write call per cell). A form's data rows are all alike,
so RowXml renders a whole row as one string: the same XML xlsxwriter writes (inline strings,
cell formats by xf index, row height), with text always as text, never a formula.

It uses four of xlsxwriter's internals (the row file `fh`, `previous_row`, `_write_single_row`,
`_check_dimensions`); RowXml.usable() says whether this worksheet has them, else the caller
writes cell by cell (layout.CellWriter).
"""

from __future__ import annotations

import datetime as dt
import math
import re

# xlsxwriter escapes control characters as _xHHHH_ (and a literal _xHHHH_ as _x005F_xHHHH_)
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_NEEDS_CTRL_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
SHORT_TEXT = 32
_STRING_MAX = 32767  # Excel's limit, in UTF-16 units


def col_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def text_xml(text: str) -> str:
    """The <is> body of an inline string cell, as xlsxwriter writes it."""
    if len(text) > _STRING_MAX // 2:
        from xlsxwriter.utility import _utf16_len, _utf16_truncate

        if _utf16_len(text) > _STRING_MAX:
            text = _utf16_truncate(text, _STRING_MAX)
    if _NEEDS_ESCAPE.search(text):
        if _NEEDS_CTRL_ESCAPE.search(text):
            text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
            text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
            text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        preserve = text[:1].isspace() or text[-1:].isspace()
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    else:
        preserve = text[:1].isspace() or text[-1:].isspace()
    return f'<t xml:space="preserve">{text}</t>' if preserve else f"<t>{text}</t>"


class RowXml:
    """Writes data rows of one worksheet; formats are xlsxwriter Format objects."""

    def __init__(self, ws, ncols: int):
        self.ws = ws
        self.last_col = ncols - 1
        self.letters = [col_name(c) for c in range(ncols)]
        self.cells: dict[int, tuple[list, list]] = {}  # id(formats) -> (heads, tails)
        self.serials: dict[dt.date, str] = {}
        self.known: dict[str, str] = {}  # short text -> its <t> element (names, stations repeat)

    @staticmethod
    def usable(ws) -> bool:
        return (bool(getattr(ws, "constant_memory", False)) and getattr(ws, "excel_version", None) == 2007
                and all(hasattr(ws, a) for a in ("fh", "previous_row", "_write_single_row", "_check_dimensions",
                                                 "_convert_date_time")))

    def _cells(self, formats) -> tuple[list, list]:
        """Per column, the start of a cell up to its row number and what follows the number."""
        key = id(formats)
        if key not in self.cells:
            heads = [f'<c r="{letter}' for letter in self.letters]
            tails = []
            for fmt in formats:
                index = fmt._get_xf_index() if fmt is not None else 0
                tails.append(f'" s="{index}"' if index else '"')
            self.cells[key] = (heads, tails)
        return self.cells[key]

    def _serial(self, day) -> str:
        serial = self.serials.get(day)
        if serial is None:
            moment = day if isinstance(day, dt.datetime) else dt.datetime(day.year, day.month, day.day)
            serial = self.serials[day] = f"{self.ws._convert_date_time(moment):.16G}"
        return serial

    def write(self, row: int, values, formats, height: float | None = None) -> None:
        """Row `row` (0-based) with `values[c]` in format `formats[c]`; `height` in points.
        `formats` is one of a few lists reused row after row (their cell XML is kept by id)."""
        ws = self.ws
        if row > ws.previous_row:
            ws._write_single_row(row)  # out goes whatever xlsxwriter still holds
        if ws._check_dimensions(row, self.last_col):
            raise ValueError(f"row {row} cannot be written (out of range or already written)")
        r = str(row + 1)
        if height is None:
            parts = [f'<row r="{r}">']
        else:
            pixels = int(height * 4.0 / 3.0 + 0.5)  # as xlsxwriter's set_row rounds it
            parts = [f'<row r="{r}" ht="{pixels * 0.75:.16g}" customHeight="1">']
        append = parts.append
        known = self.known
        heads, tails = self.cells.get(id(formats)) or self._cells(formats)
        for head, tail, value in zip(heads, tails, values, strict=True):
            if value is None or value == "":
                append(f"{head}{r}{tail}/>")
            elif value.__class__ is str:
                body = known.get(value)
                if body is None:
                    body = text_xml(value)
                    if len(value) <= SHORT_TEXT:
                        known[value] = body
                append(f'{head}{r}{tail} t="inlineStr"><is>{body}</is></c>')
            elif value.__class__ is int or (value.__class__ is float and math.isfinite(value)):
                append(f"{head}{r}{tail}><v>{value:.16G}</v></c>")
            elif isinstance(value, dt.date):
                append(f"{head}{r}{tail}><v>{self._serial(value)}</v></c>")
            else:
                text = ("是" if value else "否") if isinstance(value, bool) else str(value)
                append(f'{head}{r}{tail} t="inlineStr"><is>{text_xml(text)}</is></c>')
        append("</row>")
        ws.fh.write("".join(parts))
