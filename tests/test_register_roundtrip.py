"""Reading a register back changes nothing: `sl export quarter` imported into the database it came from
adds and changes nothing, whatever the rows hold; fill-down only inside real merged ranges; template
example rows are skipped, and the example row of the templates already shipped is refused."""


import openpyxl
import pytest

from shuanglian_cli.io.forms import register
from shuanglian_cli.io.templates import EXAMPLE_MARK
from tests.conftest import rows

AS_OF = "2026-11-20"
TABLES = ("suggestions", "suggestion_events", "stations", "deputies", "constituents", "departments",
          "activities", "towns", "members")


def snapshot(db) -> dict:
    """Every row of the tables an import could touch (the audit trail aside)."""
    return {t: rows(db, f"SELECT * FROM [{t}] ORDER BY 1") for t in TABLES}


def export_quarter(sl, tmp_path, quarter: str, *extra: str):
    out = tmp_path / f"{quarter}.xlsx"
    sl.ok("export", "quarter", quarter, "--county", "yiyuan", "--as-of", AS_OF, "--out", out, *extra)
    return out


@pytest.mark.parametrize("quarter", ["2026Q3", "2025Q3"])
@pytest.mark.parametrize("reveal", [(), ("--reveal",)], ids=["masked", "revealed"])
def test_own_quarter_export_reimports_as_no_change(demo, tmp_path, quarter, reveal):
    out = export_quarter(demo, tmp_path, quarter, *reveal)
    before = snapshot(demo.db)
    result = demo.ok("import", "register", out)
    assert "已新增 0 条" in result.output
    assert snapshot(demo.db) == before


def test_rows_without_station_or_deputy_come_back_unchanged(demo, tmp_path):
    """The reported case: blank 联络站 and 代表 cells took the row above's, and a new, mis-attributed
    suggestion was added."""
    demo.ok("suggestions", "add", "--county", "yiyuan", "--content", "没有站点也没有代表的意见（电话反映）",
            "--on", "2026-09-10", "--raiser", "来电群众")
    demo.ok("suggestions", "add", "--county", "yiyuan", "--content", "只有代表的意见", "--on", "2026-08-12",
            "--deputy", "1")
    out = export_quarter(demo, tmp_path, "2026Q3")
    before = snapshot(demo.db)
    result = demo.ok("import", "register", out)
    assert "已新增 0 条" in result.output
    assert snapshot(demo.db) == before


def test_blank_station_is_imported_blank_into_an_empty_database(demo, sl, tmp_path):
    demo.ok("suggestions", "add", "--county", "yiyuan", "--content", "没有站点的意见", "--on", "2026-09-10")
    out = export_quarter(demo, tmp_path, "2026Q3")
    sl.ok("import", "register", out)
    assert sl.rows("SELECT station_id, deputy_id FROM suggestions WHERE content = '没有站点的意见'") == [
        (None, None)]


def _hand_typed(path, merge: bool):
    """Three rows of one reception: date, station and deputy written once, merged over the rows or not."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(register.HEADERS))
    cols = {h: i for i, h in enumerate(register.HEADERS)}
    for n, content in enumerate(["甲意见", "乙意见", "丙意见"], start=1):
        row = [None] * len(register.HEADERS)
        row[cols["序号"]] = n
        row[cols["意见建议内容"]] = content
        row[cols["处理方式"]] = "现场解答"
        if n == 1:
            row[cols["接待日期"]] = "2026-09-01"
            row[cols["联络站(点)"]] = "南麻街道人大代表民情联络站"
            row[cols["接待代表"]] = "张三"
        else:
            row[cols["接待日期"]] = "2026-09-01"
        ws.append(row)
    if merge:
        for header in ("联络站(点)", "接待代表"):
            letter = openpyxl.utils.get_column_letter(cols[header] + 1)
            ws.merge_cells(f"{letter}2:{letter}3")  # over the first two rows only
    book.save(path)


def test_fill_down_only_inside_merged_ranges(sl, tmp_path):
    path = tmp_path / "merged.xlsx"
    _hand_typed(path, merge=True)
    sl.ok("import", "register", path, "--county", "沂源")
    rows = sl.rows(
        "SELECT s.content, st.name, d.name FROM suggestions s LEFT JOIN stations st ON st.id = s.station_id "
        "LEFT JOIN deputies d ON d.id = s.deputy_id ORDER BY s.content")
    assert rows == [("丙意见", None, None), ("乙意见", "南麻街道人大代表民情联络站", "张三"),
                    ("甲意见", "南麻街道人大代表民情联络站", "张三")]


def test_no_fill_down_without_merged_cells(sl, tmp_path):
    path = tmp_path / "plain.xlsx"
    _hand_typed(path, merge=False)
    sl.ok("import", "register", path, "--county", "沂源")
    rows = sl.rows(
        "SELECT content, station_id IS NULL, deputy_id IS NULL FROM suggestions ORDER BY id")
    assert rows == [("甲意见", 0, 0), ("乙意见", 1, 1), ("丙意见", 1, 1)]


# -- template example rows -----------------------------------------------------------------------

KINDS = ("stations", "deputies", "members", "constituents", "departments", "links")


@pytest.fixture
def yy(sl):
    """沂源 with a town and a station, so template rows can be imported."""
    sl.ok("county", "add-town", "沂源", "南麻街道")
    sl.ok("station", "add", "南麻街道人大代表民情联络站", "--county", "沂源", "--town", "南麻街道")
    return sl


@pytest.mark.parametrize("kind", KINDS)
def test_template_example_row_is_marked_and_skipped(yy, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    yy.ok("template", kind, "--out", out)
    book = openpyxl.load_workbook(out)
    for ws in book.worksheets:
        assert ws.cell(2, 1).value == EXAMPLE_MARK
    before = snapshot(yy.db)
    yy.ok("import", kind, out, "--county", "沂源", "--year", "2026") if kind == "links" else \
        yy.ok("import", kind, out, "--county", "沂源")
    assert snapshot(yy.db) == before


def test_old_example_row_is_refused_with_its_row_number(yy, tmp_path):
    """The 张三 row of the templates shipped before: importing it overwrote a real deputy called 张三."""
    yy.ok("deputy", "add", "张三", "--county", "沂源", "--phone", "13805331111")
    out = tmp_path / "deputies.xlsx"
    yy.ok("template", "deputies", "--out", out)
    book = openpyxl.load_workbook(out)
    ws = book.active
    ws.cell(2, 1).value = "张三"  # as the old template wrote it
    ws.append(["李四", "女", "13905331234", "", "县", "沂源县", "南麻街道", ""])
    book.save(out)
    before = snapshot(yy.db)
    result = yy.fails("import", "deputies", out)
    assert "第 2 行" in result.output and "示例" in result.output
    assert snapshot(yy.db) == before
    # changed in any cell it is data like any other row
    ws.cell(2, 3).value = "13805331111"
    book.save(out)
    yy.ok("import", "deputies", out)
    assert yy.rows("SELECT phone FROM deputies WHERE name = '张三'") == [
        ("13805331111",)]


def test_register_rows_marked_as_example_are_skipped(sl, tmp_path):
    path = tmp_path / "reg.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(register.HEADERS))
    cols = {h: i for i, h in enumerate(register.HEADERS)}
    for first, content in ((EXAMPLE_MARK, "示例意见"), (1, "真实意见")):
        row = [None] * len(register.HEADERS)
        row[cols["序号"]] = first
        row[cols["接待日期"]] = "2026-09-01"
        row[cols["联络站(点)"]] = "南麻街道人大代表民情联络站"
        row[cols["意见建议内容"]] = content
        ws.append(row)
    book.save(path)
    sl.ok("import", "register", path, "--county", "沂源")
    assert sl.rows("SELECT content FROM suggestions") == [("真实意见",)]


ODD_CONTENTS = [
    "=HYPERLINK(\"http://x\")，看似公式", "@某人 +1 -2", "两行\r\n第二行", "制表符\t之后", "全角空格\u3000之后",
    "零宽\u200b字符", "路灯（东头）不亮！" * 10, "很" * 2000, "  前后空格  ", "😀 表情",
]


def test_whatever_the_rows_hold_the_round_trip_adds_nothing(demo, tmp_path):
    for n, content in enumerate(ODD_CONTENTS):
        demo.ok("suggestions", "add", "--county", "yiyuan", "--content", content, "--on", f"2026-09-{n + 1:02d}",
                *(("-s", "1") if n % 2 else ()))
    out = export_quarter(demo, tmp_path, "2026Q3")
    before = snapshot(demo.db)
    result = demo.ok("import", "register", out)
    assert "已新增 0 条" in result.output
    assert snapshot(demo.db) == before
