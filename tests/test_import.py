"""Roster imports through the CLI on real xlsx and csv files: encodings, title rows, merged cells,
full-width digits, phones as numbers, row errors, all-or-nothing, idempotence, --dry-run, templates."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest


@pytest.fixture
def yy(sl):
    sl.ok("county", "add-town", "沂源", "南麻街道", "悦庄镇")
    sl.ok("station", "add", "南麻街道人大代表民情联络站", "-c", "沂源", "--town", "南麻街道")
    return sl


def write_xlsx(path: Path, rows: list[list], title: str | None = None, merge: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        if merge:
            sheet.merge_cells(merge)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str) -> Path:
    text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def count(sl, table: str) -> int:
    return sl.value(f"SELECT count(*) FROM {table}")


def snapshot(sl) -> list:
    return [sl.rows(f"SELECT * FROM {t} ORDER BY 1")
            for t in ("deputies", "constituents", "stations", "members", "departments", "deputy_constituents")]


DEPUTY_HEADER = ["序号", "姓名", "性别", "联系电话", "工作单位及职务", "代表层级", "县区", "镇街", "联络站", "备注"]


def test_deputies_xlsx_with_merged_title_row_numbers_and_fullwidth(yy, tmp_path):
    path = write_xlsx(tmp_path / "代表名册.xlsx", [
        [],
        DEPUTY_HEADER,
        [1, "张　三", "男", 13805331234, "东村党支部书记", "县、镇", "沂源县", "南麻街道", "南麻街道人大代表民情联络站", "x"],
        [None, None, None, None, None, None, None, None, None, None],
        [2, "李四", "女", "１３９-０５３３-１２３４", "悦庄镇中学教师", "县", "沂源", "悦庄镇", "", ""],
        [3, "王五", "", 1.5805331234e10, "", "镇", "yiyuan", "", "", ""],
    ], title="沂源县人大代表名册（2026年）", merge="A1:J1")
    assert "新增 3 条" in yy.ok("import", "deputies", path).output
    data = {d["name"]: d for d in json.loads(yy.ok("deputy", "list", "-f", "json").output)}
    assert set(data) == {"张三", "李四", "王五"}
    assert data["张三"]["phone"] == "13805331234" and data["张三"]["levels"] == "县,镇"
    assert data["张三"]["station"] == "南麻街道人大代表民情联络站" and data["张三"]["town"] == "南麻街道"
    assert data["李四"]["phone"] == "13905331234" and data["李四"]["sex"] == "女"
    assert data["王五"]["phone"] == "15805331234" and data["王五"]["levels"] == "镇"
    assert yy.one("SELECT pinyin, initials FROM deputies WHERE name = '张三'") == ("zhangsan", "zs")


def test_gb18030_csv(yy, tmp_path):
    path = write_csv(tmp_path / "群众.csv", [
        ["姓名", "联系电话", "住址", "县区", "镇街"],
        ["赵六", "13705330001", "南麻街道东村1号", "沂源县", "南麻街道"],
        ["钱七", "0533-3221234", "悦庄镇西村2号", "沂源县", "悦庄镇"],
    ], "gb18030")
    yy.ok("import", "constituents", path)
    rows = json.loads(yy.ok("constituent", "list", "--reveal", "-f", "json").stdout)  # the unmasked notice goes to stderr
    assert [(r["name"], r["phone"], r["address"], r["town"]) for r in rows] == [
        ("赵六", "13705330001", "南麻街道东村1号", "南麻街道"), ("钱七", "05333221234", "悦庄镇西村2号", "悦庄镇")]


def test_utf8_bom_csv_with_title_and_extra_columns(yy, tmp_path):
    path = write_csv(tmp_path / "members.csv", [
        ["沂源县人大常委会组成人员名单"],
        ["编号", "姓名", "职务", "活动小组", "县区", "联系电话", "籍贯"],
        ["1", "杜永", "副主任", "第一活动小组", "沂源", "13905331111", "山东"],
    ], "utf-8-sig")
    assert (tmp_path / "members.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    yy.ok("import", "members", path)
    rows = json.loads(yy.ok("member", "list", "-f", "json").output)
    assert rows[0]["name"] == "杜永" and rows[0]["group_name"] == "第一活动小组" and rows[0]["post"] == "副主任"


def test_one_bad_row_in_the_middle_writes_nothing(yy, tmp_path):
    good = [f"群众{i}" for i in range(10)]
    lines = [["姓名", "联系电话", "住址", "县区", "镇街"]]
    lines += [[n, f"1370533{i:04d}", "东村", "沂源", "南麻街道"] for i, n in enumerate(good[:5])]
    lines += [["坏人", "12345", "东村", "沂源", "火星镇"]]
    lines += [[n, f"1370533{i:04d}", "东村", "沂源", "南麻街道"] for i, n in enumerate(good[5:], start=5)]
    path = write_xlsx(tmp_path / "bad.xlsx", lines)
    before = snapshot(yy)
    result = yy.fails("import", "constituents", path)
    assert "未导入任何数据" in result.output
    assert "bad.xlsx 第 7 行“联系电话”列" in result.output and "不是有效的电话号码" in result.output
    assert "bad.xlsx 第 7 行“镇街”列" in result.output and "火星镇" in result.output
    assert snapshot(yy) == before


def test_missing_required_header_is_named(yy, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["名字x", "联系电话"], ["张三", "13805331234"]])
    result = yy.fails("import", "deputies", path)
    assert "缺少必需的列：姓名" in result.output and "sl template deputies" in result.output


def test_duplicate_rows_within_a_file(yy, tmp_path):
    path = write_xlsx(tmp_path / "dup.xlsx", [DEPUTY_HEADER[1:3], ["张三", "男"], ["李四", "女"], ["张 三", "男"]])
    result = yy.fails("import", "deputies", path, "--county", "沂源")
    assert "第 4 行“姓名”列：与第 2 行重复" in result.output
    assert count(yy, "deputies") == 0


def test_unknown_county_town_station_are_row_errors(yy, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [
        ["姓名", "县区", "镇街", "联络站"],
        ["甲", "火星县", "", ""], ["乙", "沂源", "不存在镇", ""], ["丙", "沂源", "", "不存在站"],
    ])
    out = yy.fails("import", "deputies", path).output
    assert "第 2 行“县区”列：找不到县区“火星县”" in out
    assert "第 3 行“镇街”列：找不到镇街“不存在镇”" in out
    assert "第 4 行“联络站”列：找不到联络站(点)“不存在站”" in out


def test_no_county_anywhere_is_explained(yy, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [["姓名"], ["甲"]])
    assert "--county" in yy.fails("import", "deputies", path).output
    yy.ok("import", "deputies", path, "--county", "沂源")
    assert count(yy, "deputies") == 1


def test_reimport_changes_nothing_and_updates_changed_rows(yy, tmp_path):
    rows = [DEPUTY_HEADER[1:8], ["张三", "男", "13805331234", "东村", "县", "沂源", "南麻街道"],
            ["李四", "女", "13905331234", "西村", "镇", "沂源", "悦庄镇"]]
    path = write_xlsx(tmp_path / "d.xlsx", rows)
    yy.ok("import", "deputies", path)
    before = snapshot(yy)
    assert "新增 0 条、更新 0 条，2 条无变化" in yy.ok("import", "deputies", path).output
    assert snapshot(yy) == before
    rows[2][2] = "13905339999"
    rows[1][3] = ""  # a blank cell leaves the stored value alone
    path = write_xlsx(tmp_path / "d2.xlsx", rows)
    out = yy.ok("import", "deputies", path).output
    assert "更新 1 条" in out and "第 3 行 李四：更新 电话" in out
    data = {d["name"]: d for d in json.loads(yy.ok("deputy", "list", "-f", "json").output)}
    assert data["李四"]["phone"] == "13905339999" and data["张三"]["work_unit"] == "东村"


def test_dry_run_writes_nothing(yy, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [["姓名", "县区"], ["张三", "沂源"], ["李四", "沂源"]])
    before = snapshot(yy)
    out = yy.ok("import", "deputies", path, "--dry-run").output
    assert "试运行" in out and "将新增 2 条" in out
    assert snapshot(yy) == before


def test_constituents_key_includes_phone_and_links_deputies(yy, tmp_path):
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    yy.ok("deputy", "add", "李四", "-c", "沂源")
    path = write_xlsx(tmp_path / "c.xlsx", [
        ["姓名", "联系电话", "住址", "县区", "镇街", "联系代表"],
        ["王五", "13705330001", "东村", "沂源", "南麻街道", "张三"],
        ["王五", "13705330002", "西村", "沂源", "南麻街道", "张三、李四"],
    ])
    out = yy.ok("import", "constituents", path, "--year", "2026").output
    assert "新增 2 条" in out and "联系关系已新增 3 条" in out
    assert "联系关系已新增 0 条，3 条已存在" in yy.ok("import", "constituents", path, "--year", "2026").output
    assert count(yy, "constituents") == 2 and count(yy, "deputy_constituents") == 3


def test_stations_import_with_points_from_the_same_file(yy, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [
        ["名称", "类型(站/点)", "上级站", "县区", "镇街", "地址", "有场所", "有设施", "有制度", "有经费", "接待日"],
        ["悦庄镇西村民情联络点", "点", "悦庄镇人大代表民情联络站", "沂源", "", "西村", "是", "否", "√", "×", "每季度至少1次"],
        ["悦庄镇人大代表民情联络站", "站", "", "沂源", "悦庄镇", "镇政府", "有", "有", "有", "有", "每月第2周周四"],
        ["南麻街道城东民情联络点", "点", "南麻街道人大代表民情联络站", "沂源", "", "", "", "", "", "", ""],
    ])
    assert "新增 3 条" in yy.ok("import", "stations", path).output
    data = {s["name"]: s for s in json.loads(yy.ok("station", "list", "--all", "-f", "json").output)}
    point = data["悦庄镇西村民情联络点"]
    assert point["parent"] == "悦庄镇人大代表民情联络站" and point["town"] == "悦庄镇"
    assert (point["has_premises"], point["has_equipment"], point["has_rules"], point["has_funds"]) == (True, False, True, False)
    assert data["悦庄镇人大代表民情联络站"]["schedule"] == "每月第2周周四"
    assert data["南麻街道城东民情联络点"]["parent"] == "南麻街道人大代表民情联络站"
    assert "3 条无变化" in yy.ok("import", "stations", path).output
    bad = write_xlsx(tmp_path / "bad.xlsx", [["名称", "类型", "接待日", "县区"], ["孤点", "点", "每逢初一", "沂源"]])
    out = yy.fails("import", "stations", bad).output
    assert "第 2 行“接待日”列" in out


def test_departments_and_links_import(yy, tmp_path):
    dept = write_xlsx(tmp_path / "dept.xlsx", [["名称", "类别", "县区", "联系人"], ["县交通运输局", "县直部门", "沂源", "赵六"]])
    yy.ok("import", "departments", dept)
    assert json.loads(yy.ok("department", "list", "-f", "json").output)[0]["kind"] == "县直部门"
    yy.ok("member", "add", "杜永", "-c", "沂源")
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    yy.ok("constituent", "add", "王五", "-c", "沂源", "--phone", "13705330001")
    book = openpyxl.Workbook()
    first = book.active
    first.title = "联系代表"
    for row in (["年度", "常委会组成人员", "代表"], ["2026年", "杜永", "张三"]):
        first.append(row)
    second = book.create_sheet("联系群众")
    for row in (["年度", "代表", "群众", "群众电话"], [2026, "张三", "王五", "13705330001"]):
        second.append(row)
    book.save(tmp_path / "links.xlsx")
    out = yy.ok("import", "links", tmp_path / "links.xlsx", "-c", "沂源").output
    assert "联系关系已新增 2 条" in out
    assert "0 条，2 条已存在" in yy.ok("import", "links", tmp_path / "links.xlsx", "-c", "沂源").output
    second.append([2026, "张三", "不存在", ""])
    book.save(tmp_path / "links2.xlsx")
    out = yy.fails("import", "links", tmp_path / "links2.xlsx", "-c", "沂源").output
    assert "工作表“联系群众”" in out and "第 3 行“群众”列" in out


def test_template_fill_import_round_trip(yy, tmp_path):
    for kind in ("stations", "deputies", "members", "constituents", "departments", "links"):
        out = tmp_path / f"{kind}.xlsx"
        yy.ok("template", kind, "--out", out)
        book = openpyxl.load_workbook(out)
        assert book.active.max_row == 2
    book = openpyxl.load_workbook(tmp_path / "deputies.xlsx")
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers == ["姓名", "性别", "联系电话", "工作单位及职务", "代表层级", "县区", "镇街", "联络站"]
    sheet.append(["=1+1", "女", "13905330000", "@西村", "县", "沂源县", "悦庄镇", ""])
    sheet.cell(3, 1).data_type = "s"  # text that looks like a formula, as a clerk's cell formatted as text
    sheet.append(["-李四", "男", "", "+东村", "镇", "沂源县", "南麻街道", "南麻街道人大代表民情联络站"])
    book.save(tmp_path / "filled.xlsx")
    assert "新增 2 条" in yy.ok("import", "deputies", tmp_path / "filled.xlsx").output  # the example row skipped
    names = {d["name"]: d for d in json.loads(yy.ok("deputy", "list", "-f", "json").output)}
    assert set(names) == {"=1+1", "-李四"} and names["=1+1"]["work_unit"] == "@西村"
    # the template cells are text, not formulas
    raw = openpyxl.load_workbook(tmp_path / "deputies.xlsx").active
    assert all(c.data_type == "s" for c in raw[2])
    assert "没有“people”模板" in yy.fails("template", "people", "--out", tmp_path / "p.xlsx").output


def test_bad_files(yy, tmp_path):
    assert "找不到文件" in yy.fails("import", "deputies", tmp_path / "none.xlsx").output
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    assert "不是 Excel" in yy.fails("import", "deputies", tmp_path / "x.pdf").output
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04garbage" * 10)
    assert "无法作为 Excel 文件读取" in yy.fails("import", "deputies", tmp_path / "broken.xlsx").output
    (tmp_path / "nul.csv").write_bytes(b"\x00\x01\x02")
    yy.fails("import", "deputies", tmp_path / "nul.csv")


def test_ambiguous_name_in_a_cell_lists_candidates(yy, tmp_path):
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    yy.ok("deputy", "add", "张三丰", "-c", "沂源")
    path = write_xlsx(tmp_path / "c.xlsx", [["姓名", "县区", "联系代表"], ["王五", "沂源", "张"]])
    out = yy.fails("import", "constituents", path).output
    assert "多个代表" in out and "#1 张三" in out and "#2 张三丰" in out
