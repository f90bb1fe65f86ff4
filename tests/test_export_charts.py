"""Charts on the 统计汇总 sheet of `sl export quarter|year` (io/forms/charts.py): read back with openpyxl
(type, title, the cell ranges of each series), their cells checked against `sl stats`,
`sl departments report` and `sl record list`, and the chart XML where openpyxl says too little."""

from __future__ import annotations

import json
import re
import zipfile

import openpyxl
import pytest

AS_OF = "2026-11-20"
DATA = "图表数据"


def export(sl, tmp_path, *args, name="out.xlsx"):
    out = tmp_path / name
    sl.ok("export", *args, "--out", out, "--as-of", AS_OF)
    return out


def title(chart) -> str:
    return "".join(run.t for para in chart.title.tx.rich.p for run in (para.r or []))


def kind(chart) -> str:
    name = type(chart).__name__
    return f"{name}:{chart.type}" if name == "BarChart" else name


def cells(ref: str) -> tuple[str, int, int, str]:
    """'图表数据!$B$6:$B$9' -> (sheet, first row, last row, column)."""
    m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert m, ref
    assert m.group(2) == m.group(4)
    return m.group(1), int(m.group(3)), int(m.group(5)), m.group(2)


def series_values(book, chart) -> list[tuple]:
    """(category, value) pairs the chart's one series refers to, as cached in the cells."""
    (series,) = chart.series
    sheet, first, last, col = cells(series.val.numRef.f)
    cat_sheet, cat_first, cat_last, cat_col = cells(series.cat.strRef.f)
    assert (sheet, first, last) == (cat_sheet, cat_first, cat_last) == (DATA, first, last)
    assert (cat_col, col) == ("A", "B")
    ws = book[sheet]
    return [(ws[f"A{r}"].value, ws[f"B{r}"].value) for r in range(first, last + 1)]


def stats(sl, *args) -> dict:
    return json.loads(sl.ok("stats", *args, "--county", "yiyuan", "--format", "json", "--as-of", AS_OF).output)


def summary_values(ws) -> dict:
    return {row[1]: row[2] for row in ws.iter_rows(min_row=4, values_only=True) if row[1]}


@pytest.fixture
def quarter(demo, tmp_path):
    return export(demo, tmp_path, "quarter", "2026Q3", "--county", "yiyuan")


def test_quarter_summary_has_four_charts_reading_the_data_sheet(demo, quarter):
    book = openpyxl.load_workbook(quarter)
    assert book.sheetnames[-1] == DATA
    charts = book["统计汇总"]._charts
    assert [kind(c) for c in charts] == ["PieChart", "BarChart:col", "BarChart:col", "BarChart:bar"]
    assert [title(c) for c in charts] == [
        "意见建议处理方式（条）", "交办件办理情况（条）", "联系活动（次，按月）",
        "交办最多的15个承办单位按期答复率（2026年交办）"]
    cached = openpyxl.load_workbook(quarter, data_only=True)
    figures = stats(demo, "quarter", "2026Q3")
    handling = dict(series_values(cached, charts[0]))
    assert handling == {"现场解答": figures["on_spot"], "交办": figures["referred"],
                        "闭会期间建议": figures["inter_session"], "待处理": figures["pending"]}
    assert sum(handling.values()) == figures["suggestions"] > 200
    referred = dict(series_values(cached, charts[1]))
    assert referred == {"交办": figures["referred"], "已书面答复": figures["replied"],
                        "按期答复": figures["replied_on_time"], "办结": figures["closed"],
                        "交办未答复": figures["open_referred"], "其中已超期": figures["overdue"]}
    months = series_values(cached, charts[2])
    assert [m for m, _ in months] == ["7月", "8月", "9月"]
    assert sum(n for _, n in months) == figures["activities"]
    for (_, n), (since, until) in zip(months, [("07-01", "07-31"), ("08-01", "08-31"), ("09-01", "09-30")],
                                      strict=True):
        listed = demo.ok("record", "list", "--county", "yiyuan", "--since", f"2026-{since}", "--until",
                         f"2026-{until}", "--limit", "0", "--format", "json").output
        assert n == len(json.loads(listed)) > 0


def test_handling_cells_are_the_printed_summary_figures_never_formulas(quarter):
    """The first two charts' cells name the 统计汇总 row whose 数量 they repeat; no cell is a formula."""
    book = openpyxl.load_workbook(quarter)
    ws, data = book["统计汇总"], book[DATA]
    for chart in ws._charts[:2]:
        _, first, last, _ = cells(chart.series[0].val.numRef.f)
        for r in range(first, last + 1):
            m = re.fullmatch(r"同统计汇总第 (\d+) 行", data[f"C{r}"].value)
            assert m, data[f"C{r}"].value
            assert ws[f"B{m.group(1)}"].value.startswith(data[f"A{r}"].value)
            assert ws[f"C{m.group(1)}"].value == data[f"B{r}"].value
    with zipfile.ZipFile(quarter) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml


def test_year_charts_equal_stats_by_quarter_and_the_department_report(demo, tmp_path):
    out = export(demo, tmp_path, "year", "2025", "--county", "yiyuan")
    cached = openpyxl.load_workbook(out, data_only=True)
    charts = openpyxl.load_workbook(out)["统计汇总"]._charts
    assert len(charts) == 4 and title(charts[2]) == "联系活动（次，按季度）"
    quarters = series_values(cached, charts[2])
    assert [q for q, _ in quarters] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [n for _, n in quarters] == [stats(demo, "quarter", f"2025Q{q}")["activities"] for q in range(1, 5)]
    year = stats(demo, "year", "2025")
    assert sum(n for _, n in quarters) == year["activities"]
    assert summary_values(cached["统计汇总"])["联系活动（次）"] == year["activities"]
    report = json.loads(demo.ok("departments", "report", "--year", "2025", "--county", "yiyuan", "--format", "json",
                                "--as-of", AS_OF).output)
    rated = [r for r in report if r["on_time_rate"] is not None]  # the report lists the most referred first
    bodies = series_values(cached, charts[3])
    assert len(bodies) == min(15, len(rated)) >= 10
    assert bodies == [(r["department"], r["on_time_rate"]) for r in rated[:15]]
    assert all(cached[DATA][f"B{r}"].number_format == "0.0%"
               for r in range(*[cells(charts[3].series[0].val.numRef.f)[i] for i in (1, 2)]))


def test_the_rates_chart_has_a_percent_axis_and_every_body_named(quarter):
    with zipfile.ZipFile(quarter) as z:
        xml = [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(xml) == 4
    (bars,) = [x for x in xml if '<c:barDir val="bar"/>' in x]
    assert '<c:numFmt formatCode="0%" sourceLinked="0"/>' in bars
    assert '<c:max val="1"/>' in bars and '<c:min val="0"/>' in bars
    assert '<c:tickLblSkip val="1"/>' in bars  # LibreOffice would otherwise skip every other name
    assert 'formatCode="0.0%"' in bars
    # cached values for viewers that do not recalculate, and Chinese labels in a CJK font
    assert "<c:numCache>" in bars and "<c:strCache>" in bars and 'typeface="宋体"' in bars


def test_charts_stand_right_of_the_table_and_print_with_it_on_one_landscape_page(quarter):
    ws = openpyxl.load_workbook(quarter)["统计汇总"]
    charts = ws._charts
    anchors = [(c.anchor._from, c.anchor.to) for c in charts]
    assert all(a.col >= 5 for a, _ in anchors)  # the table is A:D, E a gap
    for (_, above), (below, _) in zip(anchors, anchors[1:], strict=False):
        assert (above.row, above.rowOff) <= (below.row, below.rowOff)  # stacked, not overlapping
    area = ws.print_area
    m = re.fullmatch(r"'统计汇总'!\$A\$1:\$([A-Z]+)\$(\d+)", area)
    assert m, area
    last_col = openpyxl.utils.column_index_from_string(m.group(1)) - 1
    assert all(to.col <= last_col and to.row < int(m.group(2)) for _, to in anchors)
    table_rows = [r for r in ws.iter_rows(min_row=4, max_col=4, values_only=True) if r[1]]
    assert len(table_rows) + 3 < int(m.group(2))  # the signature lines too
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # one page wide and one tall (1 is the default, which the file leaves unsaid)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight in (None, 1)


def test_a_station_workbook_has_no_bodies_chart(demo, tmp_path):
    out = export(demo, tmp_path, "quarter", "2026Q3", "--county", "yiyuan", "--station", "南麻街道人大代表民情联络站")
    book = openpyxl.load_workbook(out, data_only=True)
    charts = book["统计汇总"]._charts
    assert [title(c) for c in charts][-1] == "联系活动（次，按月）" and len(charts) == 3
    printed = summary_values(book["统计汇总"])
    assert dict(series_values(book, charts[0]))["现场解答"] == printed["现场解答（条）"]


def test_an_empty_period_still_draws_and_says_so(sl, tmp_path):
    out = export(sl, tmp_path, "quarter", "2026Q3", "--county", "沂源")
    book = openpyxl.load_workbook(out, data_only=True)
    charts = book["统计汇总"]._charts
    assert len(charts) == 3  # no body answered: no rates chart
    assert all(n == 0 for c in charts for _, n in series_values(book, c))
    text = [c for row in book[DATA].iter_rows(values_only=True) for c in row if c]
    assert "本期无数据" in text


def test_a_city_workbook_names_each_body_with_its_county(demo, tmp_path):
    out = export(demo, tmp_path, "form", "summary", "--year", "2025")
    book = openpyxl.load_workbook(out, data_only=True)
    charts = book["统计汇总"]._charts
    bodies = series_values(book, charts[-1])
    assert bodies and all(re.fullmatch(r".+（.+[县区]）", name) for name, _ in bodies)
    report = json.loads(demo.ok("departments", "report", "--year", "2025", "--format", "json", "--as-of",
                                AS_OF).output)
    rates = {f"{r['department']}（{r['county']}）": r["on_time_rate"] for r in report}
    assert all(rates[name] == rate for name, rate in bodies)
