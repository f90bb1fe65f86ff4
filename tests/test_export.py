"""sl export quarter|year|form on the demo database: real xlsx files read back with openpyxl."""

from __future__ import annotations

import re
import sqlite3
import zipfile

import openpyxl
import pytest

from shuanglian_cli.io.forms import deputies, receptions, referrals, register, summary

AS_OF = "2026-11-20"
FORMS = [register, referrals, receptions, deputies, summary]


def export(sl, tmp_path, *args, name="out.xlsx"):
    out = tmp_path / name
    result = sl.ok("export", *args, "--out", out, "--as-of", AS_OF)
    return out, result


def sheet_rows(ws, first=4):
    """Data rows (below the header) up to the first blank/merged line."""
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if row[0] is None and not any(row[1:]):
            break
        out.append(row)
    return out


@pytest.fixture
def quarter(demo, tmp_path):
    out, _ = export(demo, tmp_path, "quarter", "--county", "yiyuan", "--quarter", "2026Q3")
    return openpyxl.load_workbook(out)


def test_quarter_has_cover_and_five_forms_with_exact_headers(quarter):
    assert quarter.sheetnames == ["封面", *[f.TITLE for f in FORMS], "图表数据"]
    assert quarter.sheetnames[1] == "人大代表接待(联系)群众意见收集登记表"
    for form in FORMS:
        ws = quarter[form.TITLE]
        assert [c.value for c in ws[3]] == form.HEADERS
    assert register.HEADERS == [
        "序号", "接待日期", "联络站(点)", "接待代表", "群众姓名", "联系电话", "住址", "意见建议内容", "类别",
        "处理方式", "承办单位", "交办日期", "办理时限", "办理结果", "答复日期", "群众满意度", "备注",
    ]


def test_register_rows_match_the_database(demo, quarter):
    n = demo.value("SELECT count(*) FROM suggestions WHERE collected_on BETWEEN '2026-07-01' AND '2026-09-30'")
    referred = demo.value("SELECT count(*) FROM suggestions WHERE handling = 'referred' "
                            "AND referred_on BETWEEN '2026-07-01' AND '2026-09-30'")
    rows = sheet_rows(quarter[register.TITLE])
    assert len(rows) == n > 100
    assert [r[0] for r in rows] == list(range(1, n + 1))
    assert {r[9] for r in rows} <= {"现场解答", "交办", "闭会期间建议", None}
    assert len(sheet_rows(quarter[referrals.TITLE])) == referred


def test_print_layout(quarter):
    for form in FORMS:
        ws = quarter[form.TITLE]
        last = openpyxl.utils.get_column_letter(len(form.HEADERS))
        assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}
        assert ws["A1"].value == form.TITLE
        assert "县区：沂源县" in ws["A2"].value and "2026年第三季度" in ws["A2"].value
        assert ws.print_title_rows.replace("$", "") == "3:3"
        assert ws.freeze_panes == "A4"
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (1, None)  # 1 is the default openpyxl reads back as None
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        header = ws["A3"]
        assert header.font.b and header.border.top.style == "thin" and header.alignment.wrap_text
    ws = quarter[register.TITLE]
    assert ws.column_dimensions["H"].width > ws.column_dimensions["A"].width * 4  # 意见建议内容 is wide
    texts = [c.value for row in ws.iter_rows(min_row=ws.max_row - 3) for c in row if isinstance(c.value, str)]
    assert any("填表人" in t and "审核人" in t and "填报日期" in t for t in texts)


def test_signature_lines_come_from_config(demo, tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("forms:\n  unit: 沂源县人大常委会代表工作室\n  filled_by: 王芳\n  reviewed_by: 张强\n", encoding="utf-8")
    demo.config = cfg
    out, _ = export(demo, tmp_path, "form", "summary", "--county", "yiyuan", "--quarter", "2026Q3")
    ws = openpyxl.load_workbook(out)["统计汇总"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("填报单位（盖章）：沂源县人大常委会代表工作室" in t for t in texts)
    assert any("填表人：王芳" in t and "审核人：张强" in t and "2026年11月20日" in t for t in texts)


def test_phones_are_masked_unless_revealed(demo, tmp_path, quarter):
    phones = [r[5] for r in sheet_rows(quarter[register.TITLE]) if r[5]]
    assert phones and all(re.fullmatch(r"1\d\d\*{4}\d{4}", p) for p in phones)
    cover = " ".join(str(c.value) for row in quarter["封面"].iter_rows() for c in row if c.value)
    assert "已脱敏" in cover
    out, result = export(demo, tmp_path, "quarter", "--county", "yiyuan", "--quarter", "2026Q3", "--reveal",
                         name="full.xlsx")
    wb = openpyxl.load_workbook(out)
    phones = [r[5] for r in sheet_rows(wb[register.TITLE]) if r[5]]
    assert phones and all(re.fullmatch(r"1\d{10}", p) for p in phones)
    cover = " ".join(str(c.value) for row in wb["封面"].iter_rows() for c in row if c.value)
    assert "完整" in cover and "已脱敏" not in cover
    assert "未脱敏" in result.output


def test_formula_like_text_stays_text(demo, tmp_path):
    conn = sqlite3.connect(demo.db)
    conn.execute("""INSERT INTO suggestions (county_id, station_id, raiser_name, collected_on, content, category,
                    state, handling, answer, closed_on, note)
                    SELECT 8, id, '@张三', '2026-08-05', '=HYPERLINK(\"http://x\",\"点我\")', '+1类',
                           'on_spot', 'on_spot', '-2 已答复', '2026-08-05', '=1+1' FROM stations LIMIT 1""")
    conn.commit()
    out, _ = export(demo, tmp_path, "form", "register", "--county", "yiyuan", "--quarter", "2026Q3")
    ws = openpyxl.load_workbook(out)[register.TITLE]
    row = next(r for r in ws.iter_rows(min_row=4) if r[4].value == "@张三")
    for cell in (row[4], row[7], row[8], row[13], row[16]):
        assert cell.data_type == "s", cell.value
    assert row[7].value.startswith("=HYPERLINK")
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml


def test_form_by_chinese_name_or_key(demo, tmp_path):
    for name in ("referrals", "交办督办台账", '"双联"工作接待群众记录', "人大代表“双联”工作记录", "登记表"):
        out, _ = export(demo, tmp_path, "form", name, "--county", "沂源", "--quarter", "2026Q3", name=f"{len(name)}.xlsx")
        wb = openpyxl.load_workbook(out)
        assert len(wb.sheetnames) == 2 and wb.sheetnames[0] == "封面"
    result = demo.fails("export", "form", "花名册", "--out", tmp_path / "x.xlsx")
    assert "没有名为“花名册”的表格" in result.output and "register" in result.output


def test_year_summary_matches_stats(demo, tmp_path):
    out, _ = export(demo, tmp_path, "year", "2025", "--county", "yiyuan")
    ws = openpyxl.load_workbook(out)["统计汇总"]
    figures = {r[1]: r[2] for r in ws.iter_rows(min_row=4, values_only=True) if r[1]}
    assert figures["代表参加（人次）"] == 793
    assert figures["收集意见建议（条）"] == 1160
    assert figures["现场解答（条）"] == 662
    assert figures["交办（条，按收集日期）"] == 460
    assert figures["闭会期间建议（条）"] == 38
    stats = demo.ok("stats", "year", "2025", "--county", "yiyuan", "--format", "json", "--as-of", AS_OF)
    import json

    data = json.loads(stats.output)
    data = data[0] if isinstance(data, list) else data
    assert figures["办结（条）"] == data["closed"]
    assert figures["接待群众（人次）"] == data["constituent_attendances"]


def test_default_quarter_and_file_name(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    demo.ok("export", "quarter", "--county", "yiyuan", "--as-of", AS_OF)
    assert (tmp_path / "沂源县_2026Q3_双联工作.xlsx").exists()
    demo.ok("export", "quarter", "--county", "yiyuan", "--station", "南麻街道人大代表民情联络站", "--as-of", AS_OF)
    path = tmp_path / "沂源县_南麻街道人大代表民情联络站_2026Q3_双联工作.xlsx"
    wb = openpyxl.load_workbook(path)
    stations = {r[2] for r in sheet_rows(wb[register.TITLE])}
    assert stations and all(s.startswith("南麻街道") for s in stations)
    assert "南麻街道人大代表民情联络站" in wb[register.TITLE]["A2"].value
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~sl-")] == []


def test_bad_input(demo, tmp_path):
    assert "找不到县区" in demo.fails("export", "quarter", "--county", "火星县", "--out", tmp_path / "a.xlsx").output
    assert "季度" in demo.fails("export", "quarter", "2026Q5", "--county", "yiyuan", "--out", tmp_path / "a.xlsx").output
    missing = tmp_path / "没有这个文件夹" / "a.xlsx"
    assert "不存在" in demo.fails("export", "quarter", "--county", "yiyuan", "--out", missing).output
    assert not missing.parent.exists()
    assert ".xlsx" in demo.fails("export", "quarter", "--county", "yiyuan", "--out", tmp_path / "a.pdf").output
    assert list(tmp_path.glob("*.xlsx")) == []
    demo.ok("export", "quarter", "--county", "yiyuan", "--out", tmp_path, "--as-of", AS_OF)  # a folder: usual name
    assert (tmp_path / "沂源县_2026Q3_双联工作.xlsx").exists()


def test_empty_period_gives_an_empty_valid_form(demo, tmp_path):
    out, result = export(demo, tmp_path, "year", "2019", "--county", "yiyuan")
    assert "没有联系活动和意见建议记录" in result.output
    wb = openpyxl.load_workbook(out)
    ws = wb[register.TITLE]
    assert [c.value for c in ws[3]] == register.HEADERS
    assert ws["A4"].value == "本期无记录"


def test_unwritable_place_leaves_nothing(demo, tmp_path):
    """A place that cannot hold the file (its 'folder' is a file, which binds root too): exit 2, the file in
    the way untouched, nothing left beside it. Read-only places and full disks: test_environment_faults.py."""
    blocker = tmp_path / "locked"
    blocker.write_bytes(b"old")
    demo.fails("export", "quarter", "--county", "yiyuan", "--out", blocker / "季度.xlsx")
    assert blocker.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db", "locked"]
