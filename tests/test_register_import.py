"""sl import register: the export -> import round trip, hand-typed registers, idempotence, bad rows."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from shuanglian_cli.io.forms import register
from tests.conftest import value

AS_OF = "2026-11-20"


def register_rows(path):
    ws = openpyxl.load_workbook(path)[register.TITLE]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=3)]


def counts(db):
    tables = ("suggestions", "suggestion_events", "stations", "deputies", "constituents", "departments")
    return {t: value(db, f"SELECT count(*) FROM {t}") for t in tables}


@pytest.fixture
def exported(demo, tmp_path):
    out = tmp_path / "q3.xlsx"
    demo.ok("export", "form", "register", "--county", "yiyuan", "--quarter", "2026Q3", "--reveal",
            "--as-of", AS_OF, "--out", out)
    return out


def test_round_trip_into_an_empty_database(sl, exported, tmp_path):
    result = sl.ok("import", "register", exported)
    assert "沂源县" in result.output  # county taken from the form's 县区 line
    again = tmp_path / "again.xlsx"
    sl.ok("export", "form", "register", "--county", "yiyuan", "--quarter", "2026Q3", "--reveal",
          "--as-of", AS_OF, "--out", again)
    first, second = register_rows(exported), register_rows(again)
    assert len(first) > 200
    assert first == second


def test_round_trip_keeps_the_lifecycle(demo, sl, exported):
    sl.ok("import", "register", exported)
    query = """SELECT state, handling, referred_on, limit_workdays, due_on, replied_on, satisfaction,
               fed_back_on, closed_on, chases, extended FROM suggestions
               WHERE collected_on BETWEEN '2026-07-01' AND '2026-09-30' ORDER BY collected_on, content, state"""
    original = sorted(demo.rows(query), key=repr)
    imported = sorted(sl.rows(query), key=repr)
    assert original == imported
    kinds = {k for (k,) in sl.rows("SELECT DISTINCT kind FROM suggestion_events")}
    assert {"collect", "on_spot", "refer", "reply", "feedback", "close"} <= kinds


def test_importing_twice_changes_nothing(sl, exported):
    sl.ok("import", "register", exported)
    before = counts(sl.db)
    result = sl.ok("import", "register", exported)
    assert "新增 0 条" in result.output
    assert counts(sl.db) == before


def test_dry_run_writes_nothing(sl, exported):
    before = counts(sl.db)
    result = sl.ok("import", "register", exported, "--dry-run")
    assert "试运行" in result.output and "将新增" in result.output
    assert counts(sl.db) == before


def test_masked_export_imports_names_only(sl, demo, tmp_path):
    out = tmp_path / "masked.xlsx"
    demo.ok("export", "form", "register", "--county", "yiyuan", "--quarter", "2026Q3", "--as-of", AS_OF, "--out", out)
    result = sl.ok("import", "register", out)
    assert "已脱敏" in result.output
    assert sl.value("SELECT count(*) FROM constituents") == 0
    assert sl.value("SELECT count(*) FROM suggestions WHERE raiser_name = ''") == 0
    assert sl.ok("import", "register", out).output.count("新增 0 条") == 1


def write_hand_typed(path):
    """A town's register as typed by hand: title row, merged cells, blank rows, odd dates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "东里镇人大代表接待群众意见收集登记表（2026年第三季度）"
    ws.merge_cells("A1:Q1")
    ws.append(list(register.HEADERS))
    ws.append([1, "2026年8月5日", "东里镇人大代表民情联络站", "张三", "李四", "１３８０５３３１２３４", "东里镇东里村",
               "村里路灯坏了，建议维修", "基础设施", "交办", "东里镇人民政府", "2026.8.6", "15个工作日", "已修好",
               "2026/8/20", "满意", "办结：2026-08-25"])
    ws.append([2, None, None, None, "王五", 13805331235, "", "=建议增加公交班次", "", "现场解答", "", "", "", "已解释",
               "", "", ""])
    ws["H4"].data_type = "s"  # typed as text, as Excel does for a leading apostrophe
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    ws.merge_cells("D3:D4")
    ws.append([None] * 17)
    ws.append([3, dt.datetime(2026, 9, 1), "东里镇东里片区民情联络点", "张三", "赵六", "", "", "建议建设农村幸福院",
               "民生保障", "闭会期间建议", "", "", "", "", "", "", ""])
    ws.append([4, "２０２６年９月２日", "东里镇人大代表民情联络站", "张三", "钱七", "", "", "校门口缺少减速带",
               "基础设施", "交办", "县交通运输局", "2026年9月3日", "2026年9月24日", "", "", "", "督办1次"])
    ws.append([None] * 17)
    ws.append(["填表人：王芳　　审核人：张强　　填报日期：2026年10月8日"])
    ws.merge_cells(f"A{ws.max_row}:Q{ws.max_row}")
    wb.save(path)


def test_hand_typed_register(sl, tmp_path):
    path = tmp_path / "东里镇登记表.xlsx"
    write_hand_typed(path)
    result = sl.ok("import", "register", path, "--county", "沂源")
    assert "新增 4 条" in result.output
    rows = sl.rows(
        """SELECT s.collected_on, st.name, s.content, s.state, s.handling, s.referred_on, s.limit_workdays,
                  s.due_on, s.replied_on, s.reply, s.satisfaction, s.closed_on, s.chases, c.phone, s.raiser_name
           FROM suggestions s JOIN stations st ON st.id = s.station_id
           LEFT JOIN constituents c ON c.id = s.constituent_id ORDER BY s.id""")
    first, second, third, fourth = rows
    assert first[:5] == ("2026-08-05", "东里镇人大代表民情联络站", "村里路灯坏了，建议维修", "closed", "referred")
    assert first[5:13] == ("2026-08-06", 15, "2026-08-27", "2026-08-20", "已修好", "满意", "2026-08-25", 0)
    assert first[13] == "13805331234"  # full-width digits
    assert second[:5] == ("2026-08-05", "东里镇人大代表民情联络站", "=建议增加公交班次", "on_spot", "on_spot")
    assert second[13] == "13805331235"  # a phone typed as a number; date and station from merged cells
    assert third[:5] == ("2026-09-01", "东里镇东里片区民情联络点", "建议建设农村幸福院", "inter_session", "inter_session")
    assert fourth[3:9] == ("referred", "referred", "2026-09-03", 16, "2026-09-24", None)  # due date typed; 9-20 is a 调休 workday
    assert fourth[12] == 1
    deputies = sl.rows("SELECT name FROM deputies")
    assert deputies == [("张三",)]
    departments = {n for (n,) in sl.rows("SELECT name FROM departments")}
    assert departments == {"东里镇人民政府", "县交通运输局"}
    events = sl.rows("SELECT kind FROM suggestion_events WHERE suggestion_id = 1 ORDER BY id")
    assert [k for (k,) in events] == ["collect", "refer", "reply", "feedback", "close"]


def test_csv_register(sl, tmp_path):
    path = tmp_path / "登记表.csv"
    lines = [",".join(register.HEADERS),
             "1,2026-08-05,东里镇人大代表民情联络站,张三,李四,13805331234,,建议修路,基础设施,现场解答,,,,已解释,,,"]
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    sl.ok("import", "register", path, "--county", "yiyuan")
    assert counts(sl.db)["suggestions"] == 1


def test_bad_rows_are_listed_and_nothing_is_written(sl, tmp_path):
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(register.HEADERS))
    ws.append([1, "2026-02-30", "东里镇站", "", "", "", "", "建议修路", "", "现场解答"] + [""] * 7)
    ws.append([2, "2026-08-05", "东里镇站", "", "", "12345", "", "建议修路", "", "转给领导"] + [""] * 7)
    ws.append([3, "2026-08-05", "东里镇站", "", "", "", "", "建议修路", "", "交办"] + [""] * 7)
    ws.append([4, "2026-08-05", "东里镇站", "", "", "", "", "", "", "现场解答"] + [""] * 7)
    ws.append([5, "2026-08-05", "东里镇站", "", "", "", "", "好的建议", "", "现场解答"] + [""] * 7)
    wb.save(path)
    before = counts(sl.db)
    out = sl.fails("import", "register", path, "--county", "yiyuan").output
    assert "bad.xlsx 第 2 行“接待日期”列" in out and "不存在" in out
    assert "第 3 行“联系电话”列" in out and "第 3 行“处理方式”列" in out
    assert "第 4 行“承办单位”列" in out and "第 4 行“交办日期”列" in out
    assert "第 5 行“意见建议内容”列" in out
    assert "第 6 行" not in out
    assert counts(sl.db) == before


def test_missing_headers_and_missing_county(sl, tmp_path):
    path = tmp_path / "wrong.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "姓名", "电话"])
    wb.save(path)
    out = sl.fails("import", "register", path, "--county", "yiyuan").output
    assert "缺少必需的列" in out and "意见建议内容" in out
    good = tmp_path / "good.csv"
    good.write_text(",".join(register.HEADERS) + "\n1,2026-08-05,某站,,,,,内容,,,,,,,,,\n", encoding="utf-8")
    assert "--county" in sl.fails("import", "register", good).output
    assert "找不到" in sl.fails("import", "register", tmp_path / "nope.xlsx").output
