"""Sane bounds: names at most 50 characters and not all digits (every roster, at add, edit and import);
opinions at most 2,000 characters (refused above with the length, never cut in an export); a headcount
over 500 asks for confirmation; a 接待日 on a public holiday gets a note."""

import json

import openpyxl
import pytest

from shuanglian_cli.io.forms import register

AS_OF = ("--as-of", "2026-11-20")
LONG_NAME = "南" * 51
ADD = {  # roster -> the command adding one row named NAME in 沂源
    "deputy": ("deputy", "add", "{name}", "--county", "沂源"),
    "member": ("member", "add", "{name}", "--county", "沂源"),
    "constituent": ("constituent", "add", "{name}", "--county", "沂源"),
    "station": ("station", "add", "{name}", "--county", "沂源"),
    "department": ("department", "add", "{name}", "--county", "沂源"),
}


def q(sl, sql, *args):
    return sl.rows(sql, *args)


def total_rows(sl) -> int:
    tables = ("deputies", "members", "constituents", "stations", "departments", "towns", "suggestions", "activities")
    return sum(q(sl, f"SELECT count(*) FROM {t}")[0][0] for t in tables)


@pytest.mark.parametrize("roster", list(ADD))
@pytest.mark.parametrize("bad", [LONG_NAME, "421", "４２１"])
def test_bad_names_are_refused_at_add(sl, roster, bad):
    before = total_rows(sl)
    out = sl.fails(*(a.format(name=bad) for a in ADD[roster])).output
    assert ("51 个字" in out) if bad == LONG_NAME else ("全是数字" in out)
    assert total_rows(sl) == before


@pytest.mark.parametrize("roster", list(ADD))
def test_bad_names_are_refused_at_edit(sl, roster):
    sl.ok(*(a.format(name="好名字") for a in ADD[roster]))
    assert "全是数字" in sl.fails(roster, "edit", "好名字", "--name", "421").output
    assert "51 个字" in sl.fails(roster, "edit", "好名字", "--name", LONG_NAME).output
    sl.ok(roster, "edit", "好名字", "--name", "南" * 50)  # 50 is allowed


def test_fifty_characters_and_digits_inside_a_name_are_fine(sl):
    sl.ok("deputy", "add", "南" * 50, "--county", "沂源")
    sl.ok("station", "add", "3号联络点", "--county", "沂源", "--kind", "站")


def test_bad_town_names_are_refused(sl):
    assert "全是数字" in sl.fails("county", "add-town", "沂源", "南麻街道", "123").output
    assert "51 个字" in sl.fails("county", "add-town", "沂源", LONG_NAME).output
    assert q(sl, "SELECT count(*) FROM towns WHERE name = '南麻街道'") == [(0,)]  # all or nothing


def test_bad_names_are_refused_at_import_with_row_numbers(sl, tmp_path):
    path = tmp_path / "代表.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["姓名", "县区"])
    ws.append(["张三", "沂源县"])
    ws.append(["421", "沂源县"])
    ws.append([LONG_NAME, "沂源县"])
    book.save(path)
    out = sl.fails("import", "deputies", path).output
    assert "第 3 行" in out and "全是数字" in out and "第 4 行" in out and "51 个字" in out
    assert q(sl, "SELECT count(*) FROM deputies") == [(0,)]


def test_bad_names_are_refused_in_a_register(sl, tmp_path):
    path = tmp_path / "reg.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(register.HEADERS))
    cols = {h: i for i, h in enumerate(register.HEADERS)}
    row = [None] * len(register.HEADERS)
    row[cols["接待日期"]], row[cols["联络站(点)"]], row[cols["意见建议内容"]] = "2026-09-01", "站" * 51, "意见"
    row[cols["接待代表"]] = "421"
    ws.append(row)
    book.save(path)
    out = sl.fails("import", "register", path, "--county", "沂源").output
    assert "第 2 行“联络站(点)”列" in out and "第 2 行“接待代表”列" in out
    assert total_rows(sl) == 0 + q(sl, "SELECT count(*) FROM towns")[0][0]


def test_new_constituent_name_is_checked_in_record_visit(demo):
    out = demo.fails("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1",
                     "--new-constituent", "123,13905331234", *AS_OF).output
    assert "全是数字" in out


# -- content ---------------------------------------------------------------------------------------

def test_content_over_2000_is_refused_with_its_length(demo, tmp_path):
    before = total_rows(demo)
    text = "很" * 2001
    out = demo.fails("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "--opinion", text, *AS_OF).output
    assert "2001 个字" in out and "2000" in out
    out = demo.fails("suggestions", "add", "--county", "yiyuan", "--content", text, "--on", "2026-11-18").output
    assert "2001 个字" in out
    path = tmp_path / "reg.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(register.HEADERS))
    cols = {h: i for i, h in enumerate(register.HEADERS)}
    row = [None] * len(register.HEADERS)
    row[cols["接待日期"]], row[cols["联络站(点)"]], row[cols["意见建议内容"]] = "2026-09-01", "南麻街道", text
    ws.append(row)
    book.save(path)
    out = demo.fails("import", "register", path).output
    assert "第 2 行" in out and "2001 个字" in out
    assert total_rows(demo) == before


def test_content_of_2000_is_kept_whole_in_the_export(demo, tmp_path):
    text = "路灯（东头）不亮，" * 222 + "修好"  # 2,000 characters
    assert len(text) == 2000
    demo.ok("suggestions", "add", "--county", "yiyuan", "--content", text, "--on", "2026-09-10", "-s", "1")
    out = tmp_path / "q.xlsx"
    demo.ok("export", "form", "register", "--county", "yiyuan", "--quarter", "2026Q3", *AS_OF, "--out", out)
    cells = [c.value for row in openpyxl.load_workbook(out)[register.TITLE].iter_rows() for c in row]
    assert text in cells


# -- headcount and holidays ------------------------------------------------------------------------

VISIT = ("record", "visit", "-d", "2026-11-18", "-k", "座谈", "-s", "1", *AS_OF)


def test_headcount_over_500_is_refused_without_a_terminal_unless_yes(demo):
    before = total_rows(demo)
    out = demo.fails(*VISIT, "--headcount", "5000").output
    assert "5000" in out and "--yes" in out
    assert total_rows(demo) == before
    demo.ok(*VISIT, "--headcount", "500")  # 500 is not over
    demo.ok(*VISIT, "--headcount", "5000", "--yes")
    assert q(demo, "SELECT extra_constituents FROM activities ORDER BY id DESC LIMIT 2") == [(5000,), (500,)]


def test_headcount_over_500_asks_when_interactive(demo):
    asked = "\n\n"  # no deputies, no opinions; then the confirmation
    refused = demo(*VISIT, "--headcount", "800", "--interactive", input=asked + "n\n")
    assert refused.exit_code == 2 and "800" in refused.output
    before = total_rows(demo)
    accepted = demo(*VISIT, "--headcount", "800", "--interactive", input=asked + "y\n")
    assert accepted.exit_code == 0, accepted.output
    assert total_rows(demo) == before + 1


def test_headcount_over_500_at_edit(demo):
    aid = json.loads(demo.ok(*VISIT, "--headcount", "3", "--json").output)["activity_id"]
    assert "--yes" in demo.fails("record", "edit", str(aid), "--headcount", "900").output
    assert q(demo, "SELECT extra_constituents FROM activities WHERE id = ?", aid) == [(3,)]
    demo.ok("record", "edit", str(aid), "--headcount", "900", "--yes")
    assert q(demo, "SELECT extra_constituents FROM activities WHERE id = ?", aid) == [(900,)]


def test_reception_day_on_a_public_holiday_gets_a_note(demo):
    holiday = demo.ok("record", "visit", "-d", "2026-10-02", "-k", "接待日", "-s", "1", *AS_OF)
    assert "2026-10-02 是法定节假日" in holiday.output
    workday = demo.ok("record", "visit", "-d", "2026-10-12", "-k", "接待日", "-s", "1", *AS_OF)
    assert "节假日" not in workday.output
    other_kind = demo.ok("record", "visit", "-d", "2026-10-02", "-k", "走访", "-s", "1", *AS_OF)
    assert "节假日" not in other_kind.output
    aid = q(demo, "SELECT max(id) FROM activities")[0][0]
    assert "节假日" in demo.ok("record", "edit", str(aid), "--kind", "接待日").output
