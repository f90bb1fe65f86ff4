"""Issue 13 item 2, follow-up: the reference that travels (NANMA-0042) on the standard forms
(登记表, 接待群众记录, 代表工作记录) when the file has a site, and bulk imports on a site giving
their rows a reference (and a change for the next bundle) in the import's own transaction."""

from __future__ import annotations

import json

import openpyxl
import pytest

from shuanglian_cli.io.forms import deputies, receptions, register
from tests.test_export import sheet_rows
from tests.test_import import write_csv

AS_OF = "2026-11-20"


def _site(sl, code="NANMA", kind="town"):
    sl.ok("site", "set", "--site", "南麻街道", "--code", code, "--site-kind", kind, "--county", "沂源")


def _form(sl, tmp_path, key, title, name="f.xlsx"):
    out = tmp_path / name
    sl.ok("export", "form", key, "--county", "沂源", "--quarter", "2026Q3", "--out", out, "--as-of", AS_OF)
    ws = openpyxl.load_workbook(out)[title]
    return list(next(ws.iter_rows(min_row=3, max_row=3, values_only=True))), sheet_rows(ws)


def test_register_form_has_the_suggestions_reference(demo, tmp_path):
    headers, plain = _form(demo, tmp_path, "register", register.TITLE, "before.xlsx")
    assert "参考编号" not in headers and headers[:2] == ["序号", "接待日期"]
    _site(demo)
    headers, rows = _form(demo, tmp_path, "register", register.TITLE, "after.xlsx")
    assert headers[:3] == ["序号", "参考编号", "接待日期"]
    assert len(rows) == len(plain) > 100
    assert all(r[1].startswith("NANMA-") for r in rows)
    assert [r[:1] + r[2:] for r in rows] == plain
    # the reference is the suggestion's: the same one `suggestions show` gives for that row
    sid = int(rows[0][1].split("-")[1])
    shown = json.loads(demo.ok("suggestions", "show", rows[0][1], "--format", "json").output)
    assert shown["id"] == sid and shown["content"] == rows[0][headers.index("意见建议内容")]


def test_receptions_form_has_each_activitys_reference_on_its_block(demo, tmp_path):
    headers, plain = _form(demo, tmp_path, "receptions", receptions.TITLE, "before.xlsx")
    assert "参考编号" not in headers
    _site(demo)
    headers, rows = _form(demo, tmp_path, "receptions", receptions.TITLE, "after.xlsx")
    assert headers[:3] == ["序号", "参考编号", "接待日期"]
    assert [r[:1] + r[2:] for r in rows] == plain
    firsts = [r for r in rows if r[0] is not None]  # an activity's first row carries its columns
    assert firsts and all(r[1].startswith("NANMA-") for r in firsts)
    assert all(r[1] is None for r in rows if r[0] is None)
    refs = {r[1] for r in firsts}
    assert len(refs) == len(firsts)  # one per activity
    expected = {f"NANMA-{i:04d}" for (i,) in demo.rows(
        "SELECT id FROM activities WHERE date BETWEEN '2026-07-01' AND '2026-09-30' AND county_id = "
        "(SELECT id FROM counties WHERE name LIKE '沂源%')")}
    assert refs == expected


def test_deputies_form_has_the_activity_reference_before_its_date(demo, tmp_path):
    headers, plain = _form(demo, tmp_path, "deputies", deputies.TITLE, "before.xlsx")
    _site(demo)
    headers, rows = _form(demo, tmp_path, "deputies", deputies.TITLE, "after.xlsx")
    at = deputies.GROUP_COLUMNS
    assert headers[at:at + 2] == ["参考编号", "活动日期"]
    assert [r[:at] + r[at + 1:] for r in rows] == plain
    with_date = [r for r in rows if r[at + 1] is not None]
    assert with_date and all(r[at].startswith("NANMA-") for r in with_date)
    assert all(not r[at] for r in rows if r[at + 1] is None)  # 未关联 / 未参加 lines have no activity


def test_import_register_on_a_site_gives_references_at_once(demo, sl, tmp_path):
    out = tmp_path / "q3.xlsx"
    demo.ok("export", "form", "register", "--county", "沂源", "--quarter", "2026Q3", "--reveal",
            "--as-of", AS_OF, "--out", out)
    _site(sl, "YIYUAN", "county")
    sweeps_before = sl.value("SELECT count(*) FROM _changes")
    sl.ok("import", "register", out)
    added = sl.rows("SELECT id FROM suggestions ORDER BY id")
    assert len(added) > 100
    for table in ("suggestions", "suggestion_events", "stations", "deputies", "constituents", "departments"):
        missing = sl.value(f"SELECT count(*) FROM {table} WHERE id NOT IN "
                           "(SELECT row_id FROM _identity WHERE tbl = ? AND origin = 'YIYUAN')", table)
        assert missing == 0, table
    # each new row has its change for the next bundle, once
    assert sl.value("SELECT count(*) FROM _changes") - sweeps_before == sl.value(
        "SELECT count(*) FROM _identity")
    sid = added[-1][0]
    shown = json.loads(sl.ok("suggestions", "show", f"YIYUAN-{sid:04d}", "--format", "json").output)
    assert shown["id"] == sid and shown["ref"] == f"YIYUAN-{sid:04d}"
    listed = json.loads(sl.ok("suggestions", "list", "--limit", "3", "--format", "json").output)
    assert all(r["ref"] == f"YIYUAN-{r['id']:04d}" for r in listed)
    # a register exported from a site (with its 参考编号 column) imports again: nothing new
    again = tmp_path / "again.xlsx"
    sl.ok("export", "form", "register", "--county", "沂源", "--quarter", "2026Q3", "--reveal",
          "--as-of", AS_OF, "--out", again)
    assert "参考编号" in [c.value for c in openpyxl.load_workbook(again)[register.TITLE][3]]
    assert "新增 0 条" in sl.ok("import", "register", again).output


def test_dry_run_on_a_site_stamps_nothing(demo, sl, tmp_path):
    out = tmp_path / "q3.xlsx"
    demo.ok("export", "form", "register", "--county", "沂源", "--quarter", "2026Q3", "--as-of", AS_OF, "--out", out)
    _site(sl, "YIYUAN", "county")
    before = (sl.value("SELECT count(*) FROM _identity"), sl.value("SELECT count(*) FROM _changes"))
    sl.ok("import", "register", out, "--dry-run")
    assert (sl.value("SELECT count(*) FROM _identity"), sl.value("SELECT count(*) FROM _changes")) == before


def test_roster_import_on_a_site_gives_references(sl, tmp_path):
    _site(sl, "YIYUAN", "county")
    path = write_csv(tmp_path / "群众.csv", [
        ["姓名", "联系电话", "住址", "县区"],
        ["赵六", "13705330001", "南麻街道东村1号", "沂源县"],
        ["钱七", "13705330002", "悦庄镇西村2号", "沂源县"],
    ], "utf-8")
    sl.ok("import", "constituents", path)
    got = sl.rows("SELECT c.name, i.origin, i.ref = c.id FROM constituents c "
                  "JOIN _identity i ON i.tbl = 'constituents' AND i.row_id = c.id ORDER BY c.id")
    assert got == [("赵六", "YIYUAN", 1), ("钱七", "YIYUAN", 1)]
    gids = [g for (g,) in sl.rows("SELECT gid FROM _identity WHERE tbl = 'constituents'")]
    assert len(set(gids)) == 2 and all(len(g) == 36 and g[14] == "4" for g in gids)
    assert sl.value("SELECT count(*) FROM _changes WHERE tbl = 'constituents'") == 2


def test_import_without_a_site_stamps_nothing(sl, tmp_path):
    path = write_csv(tmp_path / "群众.csv", [["姓名", "联系电话", "县区"], ["赵六", "13705330001", "沂源县"]], "utf-8")
    sl.ok("import", "constituents", path)
    assert sl.value("SELECT count(*) FROM _identity WHERE tbl = 'constituents' AND origin IS NOT NULL") == 0


@pytest.mark.parametrize("key,title", [("register", register.TITLE), ("receptions", receptions.TITLE)])
def test_forms_without_a_site_keep_their_columns(demo, tmp_path, key, title):
    headers, _ = _form(demo, tmp_path, key, title)
    assert "参考编号" not in headers


def test_archive_lists_activities_and_suggestions_by_reference(demo, tmp_path):
    from docx import Document

    _site(demo)
    target = tmp_path / "档案.docx"
    demo.ok("doc", "archive", "金燕", "--year", "2025", "--out", str(target))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(target)).tables]
    data = json.loads(demo.ok("deputy", "archive", "金燕", "--year", "2025", "--format", "json").output)
    acts = next(t for t in tables if t[0][:2] == ["编号", "日期"])[1:]
    assert [r[0] for r in acts] == [f"NANMA-{a['id']:04d}" for a in data["activities"]] != []
    sugg = next(t for t in tables if t[0][:2] == ["编号", "收集日期"])[1:]
    assert [r[0] for r in sugg] == [f"NANMA-{x['id']:04d}" for x in data["suggestions"]] != []
