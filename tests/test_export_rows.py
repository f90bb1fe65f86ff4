"""io/forms/rowxml.RowXml writes a form's data rows as the very XML xlsxwriter would write cell by cell."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import xlsxwriter

from shuanglian_cli.io.forms.layout import Column, Formats, FormSheet

COLUMNS = [Column("序号", 5, "number"), Column("日期", 10.5, "date"), Column("内容", 12, "long"),
           Column("人", 8, "center"), Column("备注", 6)]
ROWS = [
    [1, dt.date(2026, 8, 5), "=HYPERLINK(\"http://x\",\"点我\")", "@张三", "+1类"],
    [None, None, "-2 已答复", "", None],  # continues block 1
    [2, dt.datetime(2026, 8, 6, 9, 30), " 前后有空格 ", "a & b < c > d", "控制\x01字符_x0041_"],
    [3, dt.date(1900, 1, 1), "换行\n第二行\n第三行", True, 2.5],
    [4, dt.date(2026, 12, 31), "很长的意见建议内容" * 30, "<r>x</r>x", "尾部换行\n"],
    [5, None, "\ufffe", False, 10**12],
    [None, None, "x" * 40000, "", ""],
]


def write(path, fast: bool, group_columns: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    fmt = Formats(wb)
    sheet = FormSheet(wb, fmt, "表", "标题", "县区：某县", COLUMNS, group_columns=group_columns, fast=fast)
    assert (sheet.fast is not None) == fast
    for values in ROWS:
        sheet.row(values)
    sheet.finish(["填表人：", "审核人："])
    wb.close()


def sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_fast_rows_are_byte_identical_to_xlsxwriter(tmp_path):
    for group in (0, 2):
        slow, fast = tmp_path / f"slow{group}.xlsx", tmp_path / f"fast{group}.xlsx"
        write(slow, False, group)
        write(fast, True, group)
        assert sheet_xml(fast) == sheet_xml(slow)


def test_fast_rows_read_back(tmp_path):
    path = tmp_path / "fast.xlsx"
    write(path, True, 2)
    ws = openpyxl.load_workbook(path)["表"]
    rows = list(ws.iter_rows(min_row=4, max_row=10))
    assert rows[0][2].value.startswith("=HYPERLINK") and rows[0][2].data_type == "s"
    assert rows[0][3].value == "@张三" and rows[0][4].value == "+1类"
    assert rows[0][1].value == dt.datetime(2026, 8, 5)
    assert rows[2][2].value == " 前后有空格 " and rows[2][3].value == "a & b < c > d"
    assert rows[2][4].value == "控制_x0001_字符_x005F_x0041_"  # Excel's escapes, which openpyxl leaves as they are
    assert rows[3][3].value == "是" and rows[3][4].value == 2.5
    assert rows[4][3].value == "<r>x</r>x"
    assert rows[5][4].value == 10**12
    assert len(rows[6][2].value) == 32767
    assert ws.row_dimensions[7].height > 30  # three wrapped lines
    assert ws["A1"].value == "标题" and ws.freeze_panes == "A4"
