"""Without python-calamine, Excel files are read by openpyxl (.xlsx) and xlrd (.xls), with the same rows.

The .xls files are written with xlwt (a test dependency): the only maintained-enough writer of the old
format in Python."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pytest
import xlwt
from python_calamine import CalamineWorkbook

from shuanglian_cli.io import tabular, xlsx_readers
from tests.conftest import DEMO_AS_OF


def calamine_rows(path: Path) -> list[tuple[str, list]]:
    book = CalamineWorkbook.from_path(str(path))
    return [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]


def assert_same(fallback: list, expected: list) -> None:
    assert [name for name, _ in fallback] == [name for name, _ in expected]
    for (name, rows), (_, want) in zip(fallback, expected, strict=True):
        assert rows == want, name
        for row, want_row in zip(rows, want, strict=True):  # == says 3 == 3.0; the types matter too
            assert [type(v) for v in row] == [type(v) for v in want_row], (name, row, want_row)


@pytest.fixture
def no_calamine(monkeypatch):
    """A machine where python-calamine could not be installed (its import fails)."""
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    monkeypatch.setattr(xlsx_readers, "_noted", False)


def write_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "代表名册"
    sheet["B2"] = "沂源县人大代表名册（2026年）"
    sheet.merge_cells("B2:F2")
    sheet.append(["序号", "姓名", "联系电话", "当选日期", "得票", "占比", "在任", "接待时间", "登记时间"])
    sheet.append([1, "张三", "13800000000", dt.date(2026, 1, 2), 1234, 0.875, True,
                  dt.time(8, 30), dt.datetime(2026, 1, 2, 9, 15)])
    sheet.append([2, "李 四", "=HYPERLINK(\"x\")", "2026年1月3日", -7, 1e20, False, None, dt.datetime(2026, 3, 1)])
    sheet.append([])
    sheet.append([None, "王五\n（换行）", " 前后空格 ", None, None, None, None, None, None])
    sheet["K9"] = "远处的一格"
    sheet["A8"] = "#N/A"  # openpyxl stores this as an error cell; calamine gives ''
    book.create_sheet("空表")
    offset = book.create_sheet("从C3开始")
    offset["C3"] = "甲"
    offset["D5"] = 5
    book.save(path)
    return path


def write_xls(path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("登记表")
    date, when, time = (xlwt.easyxf(num_format_str=f) for f in ("YYYY-MM-DD", "YYYY-MM-DD hh:mm", "hh:mm"))
    sheet.write(0, 1, "意见收集登记表")
    for col, text in enumerate(["序号", "日期", "姓名", "意见", "件数", "金额", "办结", "时间", "登记"]):
        sheet.write(2, col, text)
    values = [1, dt.date(2026, 11, 20), "赵六", "修路，。！", 3, 2.5, True, dt.time(14, 0), dt.datetime(2026, 11, 20, 16, 45)]
    styles = [None, date, None, None, None, None, None, time, when]
    for col, (value, style) in enumerate(zip(values, styles, strict=True)):
        sheet.write(3, col, value, style) if style else sheet.write(3, col, value)
    sheet.write(4, 2, "钱七")
    sheet.write(4, 4, -12)
    sheet.write(6, 10, "远处")
    sheet.write(5, 0, xlwt.Formula("1/0"))
    book.add_sheet("空表")
    other = book.add_sheet("第二页")
    other.write(2, 3, "丙")
    book.save(str(path))
    return path


def test_xlsx_fallback_gives_calamines_rows(tmp_path, no_calamine):
    path = write_xlsx(tmp_path / "名册 2026.xlsx")
    expected = calamine_rows(path)
    assert expected[0][1][3][1] == "张三"  # the file is what the test thinks it is
    assert_same(xlsx_readers.read_workbook(path), expected)


def test_xls_fallback_gives_calamines_rows(tmp_path, no_calamine):
    path = write_xls(tmp_path / "旧版 登记表.xls")
    expected = calamine_rows(path)
    assert expected[0][1][3][2] == "赵六"
    assert_same(xlsx_readers.read_workbook(path), expected)


def test_exported_register_reads_the_same_without_calamine(demo, tmp_path, monkeypatch):
    """sl's own register form (title rows, merged cells, dates) through io.tabular with and without calamine."""
    out = tmp_path / "登记表.xlsx"
    demo.ok("export", "form", "register", "--quarter", "2026Q3", "--out", str(out), "--as-of", DEMO_AS_OF)
    fast = [(s.name, s.rows) for s in tabular.read_sheets(out)]
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    slow = [(s.name, s.rows) for s in tabular.read_sheets(out)]
    assert sum(len(rows) for _, rows in fast) > 10
    assert_same(slow, fast)


def test_import_without_calamine_notes_the_slower_reader_once(sl, tmp_path, no_calamine):
    path = tmp_path / "组成人员.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "职务", "县区"])
    book.active.append(["孙八", "副主任", "沂源县"])
    book.save(path)
    result = sl.ok("import", "members", str(path))
    assert result.output.count("python-calamine") == 1
    listed = sl.ok("member", "list", "--format", "json")
    assert "孙八" in listed.output


def test_xlsb_without_calamine_is_a_clear_error(sl, tmp_path, no_calamine):
    path = tmp_path / "名册.xlsb"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    result = sl.fails("import", "members", str(path))
    assert "另存为 .xlsx" in result.output


def test_corrupt_xls_without_calamine_is_a_clear_error(sl, tmp_path, no_calamine):
    path = tmp_path / "坏.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x01" * 600)
    result = sl.fails("import", "members", str(path))
    assert "无法作为 Excel 文件读取" in result.output


def test_register_import_reads_the_same_without_calamine(demo, sl, tmp_path, monkeypatch):
    """The register importer streams with calamine; without it, it reads the whole sheet the slow way."""
    out = tmp_path / "登记表.xlsx"
    demo.ok("export", "form", "register", "--quarter", "2026Q3", "--county", "沂源县", "--out", str(out),
            "--as-of", DEMO_AS_OF)
    fast = sl.ok("import", "register", str(out), "--county", "沂源县", "--dry-run").output
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    monkeypatch.setattr(xlsx_readers, "_noted", False)
    slow = sl.ok("import", "register", str(out), "--county", "沂源县", "--dry-run").output
    assert slow.replace(xlsx_readers.SLOW_NOTE + "\n", "") == fast
    assert xlsx_readers.SLOW_NOTE in slow
