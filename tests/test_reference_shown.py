"""Issue 13 item 2: the reference that travels (NANMA-0042) is shown for suggestions, in show, the
lists and the 交办督办台账, only when the file has a site; a file without one prints as before."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from shuanglian_cli.cli.layout import text_width
from tests.test_export import sheet_rows

AS_OF = "2026-11-20"


@pytest.fixture
def town(demo):
    """The demo as the town NANMA's file: setting the site gives every record its reference."""
    demo.ok("site", "set", "--site", "南麻街道", "--code", "NANMA", "--site-kind", "town", "--county", "沂源")
    return demo


def _referred_id(sl) -> int:
    return sl.value("SELECT id FROM suggestions WHERE state = 'referred' ORDER BY id LIMIT 1")


def test_show_gives_the_reference_and_accepts_it(town):
    sid = _referred_id(town)
    ref = f"NANMA-{sid:04d}"
    data = json.loads(town.ok("suggestions", "show", str(sid), "--format", "json").output)
    assert data["ref"] == ref and list(data)[:2] == ["id", "ref"]
    assert json.loads(town.ok("suggestions", "show", ref, "--format", "json").output)["id"] == sid
    table = town.ok("suggestions", "show", str(sid)).output
    assert "参考编号" in table and ref in table


def test_lists_carry_ref_in_json_csv_and_table(town):
    listed = json.loads(town.ok("suggestions", "list", "--limit", "5", "--format", "json").output)
    assert listed and all(r["ref"] == f"NANMA-{r['id']:04d}" for r in listed)
    rows = list(csv.DictReader(io.StringIO(town.ok("suggestions", "list", "--limit", "5", "--format", "csv").output)))
    assert [r["ref"] for r in rows] == [r["ref"] for r in listed]
    table = town.ok("suggestions", "list", "--limit", "5").output
    assert "参考编号" in table and listed[0]["ref"] in table

    late = json.loads(town.ok("suggestions", "overdue", "--as-of", AS_OF, "--format", "json").output)
    assert late and all(r["ref"] == f"NANMA-{r['id']:04d}" for r in late)
    table = town.ok("suggestions", "overdue", "--as-of", AS_OF).output
    assert "参考编号" in table and late[0]["ref"] in table

    soon = json.loads(town.ok("suggestions", "due", "--as-of", AS_OF, "--within", "30", "--format", "json").output)
    assert soon and all(r["ref"] == f"NANMA-{r['id']:04d}" for r in soon)
    soon_csv = town.ok("suggestions", "due", "--as-of", AS_OF, "--within", "30", "--format", "csv").output
    assert "ref" in next(csv.reader(io.StringIO(soon_csv)))


def test_ids_never_wrap_at_80_columns(town):
    out = town("suggestions", "overdue", "--as-of", AS_OF, env={"COLUMNS": "80"}).output
    late = json.loads(town.ok("suggestions", "overdue", "--as-of", AS_OF, "--format", "json").output)
    assert all(f"编号 {r['id']}  参考编号 {r['ref']}" in out for r in late)  # whole, on one line
    assert max(text_width(line) for line in out.splitlines()) <= 80


def test_a_row_added_on_a_site_has_its_ref_at_once(town):
    dep = town.value("SELECT name FROM deputies ORDER BY id LIMIT 1")
    town.ok("suggestions", "add", "--county", "沂源", "--deputy", dep, "--content", "路灯不亮，请尽快修复")
    new_id = town.value("SELECT max(id) FROM suggestions")
    assert json.loads(town.ok("suggestions", "show", str(new_id), "--format", "json").output)["ref"] == \
        f"NANMA-{new_id:04d}"


def test_without_a_site_nothing_changes(demo):
    sid = _referred_id(demo)
    assert "ref" not in json.loads(demo.ok("suggestions", "show", str(sid), "--format", "json").output)
    assert "参考编号" not in demo.ok("suggestions", "show", str(sid)).output
    assert all("ref" not in r for r in json.loads(demo.ok("suggestions", "list", "--format", "json").output))
    assert "参考编号" not in demo.ok("suggestions", "overdue", "--as-of", AS_OF).output


def _ledger(sl, tmp_path):
    out = tmp_path / "ledger.xlsx"
    sl.ok("export", "form", "referrals", "--county", "沂源", "--quarter", "2026Q3", "--out", out, "--as-of", AS_OF)
    return openpyxl.load_workbook(out)["交办督办台账"]


def test_ledger_has_a_reference_column_only_with_a_site(demo, tmp_path):
    before = _ledger(demo, tmp_path)
    headers = [c for c in next(before.iter_rows(min_row=3, max_row=3, values_only=True))]
    assert "参考编号" not in headers and headers[:2] == ["序号", "交办日期"]
    plain = sheet_rows(before)
    demo.ok("site", "set", "--site", "南麻街道", "--code", "NANMA", "--site-kind", "town", "--county", "沂源")
    after = _ledger(demo, tmp_path)
    headers = [c for c in next(after.iter_rows(min_row=3, max_row=3, values_only=True))]
    assert headers[:3] == ["序号", "参考编号", "交办日期"]
    rows = sheet_rows(after)
    assert len(rows) == len(plain) > 0
    assert all(r[1].startswith("NANMA-") for r in rows)
    assert [r[:1] + r[2:] for r in rows] == plain
