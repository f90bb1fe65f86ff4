"""The print layout every form shares (xlsxwriter, constant-memory mode: rows go out in order).

A sheet is: a merged title row, a line naming county, station and period, a bordered bold header
repeated on every printed page, bordered wrapped data rows, and the signature lines from the
config's `forms:`. A4 landscape, fitted to the page width, page numbers in the footer.

Every text cell goes through write_string, so text starting with = + - @ stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

TITLE_ROW, INFO_ROW, HEADER_ROW = 0, 1, 2
FIRST_DATA_ROW = 3
FONT = "宋体"


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # Excel character units; a Chinese character takes about 2
    kind: str = "text"  # text | long | date | number | center


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


class Formats:
    """The workbook's cell formats, made once per workbook."""

    def __init__(self, wb):
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.title = wb.add_format({**base, "font_size": 16, "bold": True, "align": "center"})
        self.info = wb.add_format({**base, "font_size": 10, "align": "left"})
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#D9D9D9"})
        self.text = wb.add_format({**cell, "align": "left"})
        self.long = wb.add_format({**cell, "align": "left"})
        self.center = wb.add_format({**cell, "align": "center"})
        self.number = wb.add_format({**cell, "align": "center"})
        self.date = wb.add_format({**cell, "align": "center", "num_format": "yyyy-mm-dd"})
        self.sign = wb.add_format({**base, "align": "left"})
        self.empty = wb.add_format({**cell, "align": "center", "font_color": "#666666"})
        self.cover_title = wb.add_format({**base, "font_size": 22, "bold": True, "align": "center", "text_wrap": True})
        self.cover_line = wb.add_format({**base, "font_size": 12, "align": "left", "text_wrap": True})
        self.cover_warn = wb.add_format({**base, "font_size": 12, "bold": True, "align": "left",
                                         "text_wrap": True, "font_color": "#C00000"})

    def for_kind(self, kind: str):
        return {"long": self.long, "date": self.date, "number": self.number, "center": self.center}.get(kind, self.text)


class CellWriter:
    """Writes cells by their Python type; text always as text (write_string), never a formula.

    Calls xlsxwriter's un-decorated _write_* methods when present: the public ones only add A1
    notation parsing, a tenth of the time for a 100,000-row form."""

    def __init__(self, ws):
        self.blank = getattr(ws, "_write_blank", ws.write_blank)
        self.string = getattr(ws, "_write_string", ws.write_string)
        self.number = getattr(ws, "_write_number", ws.write_number)
        self.datetime = getattr(ws, "_write_datetime", ws.write_datetime)

    def __call__(self, row: int, col: int, value, fmt) -> None:
        if value is None or value == "":
            self.blank(row, col, None, fmt)
        elif isinstance(value, str):
            self.string(row, col, value, fmt)
        elif isinstance(value, bool):
            self.string(row, col, "是" if value else "否", fmt)
        elif isinstance(value, int | float):
            self.number(row, col, value, fmt)
        elif isinstance(value, dt.datetime):
            self.datetime(row, col, value, fmt)
        elif isinstance(value, dt.date):
            self.datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
        else:
            self.string(row, col, str(value), fmt)


def write_value(ws, row: int, col: int, value, fmt) -> None:
    CellWriter(ws)(row, col, value, fmt)


LINE_HEIGHT = 13  # points per line of 10-pt text
ROW_PADDING = 3
SHORT_TEXT = 32  # texts this short are remembered (wrapped line count, cell XML): they repeat


def text_width(text: str) -> float:
    """Width in Excel character units: a Chinese character (3 bytes in UTF-8) counts about 1.8."""
    n = len(text)
    return n + 0.4 * (len(text.encode("utf-8")) - n)


def lines_needed(value, width: float) -> int:
    """How many wrapped lines a cell needs in a column `width` units wide."""
    if not isinstance(value, str):
        return 1
    usable = max(width - 0.8, 1.0)
    if len(value) * 1.8 <= usable and "\n" not in value:
        return 1
    step = int(usable * 10)
    if "\n" not in value:
        return max(1, -(-int(text_width(value) * 10) // step))
    return sum(max(1, -(-int(text_width(part) * 10) // step)) for part in value.split("\n"))


class FormSheet:
    """One printed form: call row() for each data row in order, then finish()."""

    def __init__(self, wb, formats: Formats, name: str, title: str, info: str, columns: Sequence[Column],
                 group_columns: int = 0, one_page: bool = False, fast: bool = True):
        """group_columns: the first N columns describe a block (an activity, a deputy); a row whose
        first value is None continues the block above, and those cells are drawn as one.
        fast: write data rows as whole-row XML (rowxml.RowXml) when xlsxwriter allows it."""
        self.ws = wb.add_worksheet(name)
        self.wb = wb
        self.fmt = formats
        self.columns = list(columns)
        self.kinds = [formats.for_kind(c.kind) for c in columns]
        self.group_columns = group_columns
        self.pending: Sequence | None = None
        self.block_formats: dict = {}
        self.cell = CellWriter(self.ws)
        self.widths = [c.width for c in columns]
        self.usable = [max(w - 0.8, 1.0) for w in self.widths]
        self.row_formats: dict[tuple[bool, bool], list] = {}
        self.known_lines: list[dict[str, int]] = [{} for _ in self.columns]
        self.fast = None
        if fast:
            from shuanglian_cli.io.forms.rowxml import RowXml

            if RowXml.usable(self.ws):
                self.fast = RowXml(self.ws, len(self.columns))
        self.next_row = FIRST_DATA_ROW
        self.count = 0
        self.heights: dict[int, float] = {}  # row -> points, for the rows not of the default height (charts.py)
        ws = self.ws
        last = len(columns) - 1
        for i, col in enumerate(columns):
            ws.set_column(i, i, col.width)
        ws.set_row(TITLE_ROW, 36)
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last, "", formats.title)
        ws.write_string(TITLE_ROW, 0, title, formats.title)
        ws.set_row(INFO_ROW, 22)
        ws.merge_range(INFO_ROW, 0, INFO_ROW, last, "", formats.info)
        ws.write_string(INFO_ROW, 0, info, formats.info)
        ws.set_row(HEADER_ROW, 30)
        for i, col in enumerate(columns):
            ws.write_string(HEADER_ROW, i, col.header, formats.header)
        ws.freeze_panes(FIRST_DATA_ROW, 0)
        ws.repeat_rows(HEADER_ROW)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 1 if one_page else 0)  # fit the width, as many pages down as needed
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
        ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.3})
        ws.hide_gridlines(2)

    def row(self, values: Sequence) -> None:
        """One data row, written once the next one shows whether it ends its block."""
        if not self.group_columns:
            self._write(values, True)
            return
        if self.pending is not None:
            self._write(self.pending, values[0] is not None)
        self.pending = values

    def _write(self, values: Sequence, ends_block: bool) -> None:
        """Its height is set from the wrapped text (LibreOffice and WPS do not recompute it on
        opening, so a clerk would otherwise see clipped text)."""
        r = self.next_row
        lines = 1
        usable = self.usable
        known = self.known_lines
        for c, value in enumerate(values):
            # lines_needed(), skipping the cells that plainly fit on one line; short texts (names,
            # stations, departments) repeat row after row, so their count is kept
            if isinstance(value, str) and (len(value) * 1.8 > usable[c] or "\n" in value):
                n = known[c].get(value)
                if n is None:
                    n = lines_needed(value, self.widths[c])
                    if len(value) <= SHORT_TEXT:
                        known[c][value] = n
                if n > lines:
                    lines = n
        height = lines * LINE_HEIGHT + ROW_PADDING if lines > 1 else None
        if height is not None:
            self.heights[r] = height
        formats = self._row_formats(values[0] is not None, ends_block)
        if self.fast is not None:
            self.fast.write(r, values, formats, height)
        else:
            if height is not None:
                self.ws.set_row(r, height)
            for c, value in enumerate(values):
                self.cell(r, c, value, formats[c])
        self.next_row += 1
        self.count += 1

    def _row_formats(self, starts_block: bool, ends_block: bool) -> list:
        """The cell formats of a row: block columns lose the inner top/bottom borders."""
        key = (starts_block, ends_block) if self.group_columns else (True, True)
        formats = self.row_formats.get(key)
        if formats is None:
            formats = list(self.kinds)
            if not (starts_block and ends_block):
                for c in range(self.group_columns):
                    formats[c] = self._block_format(c, starts_block, ends_block)
            self.row_formats[key] = formats
        return formats

    def _block_format(self, col: int, top: bool, bottom: bool):
        """A block cell: side borders always, top and bottom only where the block starts and ends."""
        key = (self.columns[col].kind, top, bottom)
        if key not in self.block_formats:
            props = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "text_wrap": True,
                     "left": 1, "right": 1, "top": 1 if top else 0, "bottom": 1 if bottom else 0,
                     "align": "left" if self.columns[col].kind in ("text", "long") else "center"}
            if self.columns[col].kind == "date":
                props["num_format"] = "yyyy-mm-dd"
            self.block_formats[key] = self.wb.add_format(props)
        return self.block_formats[key]

    def finish(self, signature: Sequence[str], empty_message: str = "本期无记录") -> None:
        if self.pending is not None:
            self._write(self.pending, True)
            self.pending = None
        ws = self.ws
        last = len(self.columns) - 1
        if self.count == 0:
            ws.merge_range(self.next_row, 0, self.next_row, last, "", self.fmt.empty)
            ws.write_string(self.next_row, 0, empty_message, self.fmt.empty)
            self.next_row += 1
        self.next_row += 1  # a blank line before the signatures
        for line in signature:
            ws.set_row(self.next_row, 24)
            ws.merge_range(self.next_row, 0, self.next_row, last, "", self.fmt.sign)
            ws.write_string(self.next_row, 0, line, self.fmt.sign)
            self.next_row += 1


def signature_lines(forms_config: dict, filled_on: dt.date) -> list[str]:
    """填报单位 / 填表人 / 审核人 / 联系电话 / 填报日期 from config `forms:`; blanks left to sign by hand."""
    gap = "\u3000" * 6
    unit = forms_config.get("unit") or ""
    filled = forms_config.get("filled_by") or ""
    reviewed = forms_config.get("reviewed_by") or ""
    phone = forms_config.get("phone") or ""
    first = f"填报单位（盖章）：{unit or gap}"
    if phone:
        first += f"\u3000\u3000联系电话：{phone}"
    return [
        first,
        f"填表人：{filled or gap}\u3000\u3000审核人：{reviewed or gap}\u3000\u3000填报日期：{cn_date(filled_on)}",
    ]
