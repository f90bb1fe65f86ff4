"""`--out FILE` on the listing commands: csv with a BOM and formula-safe cells, xlsx with text cells;
csv on standard output plain UTF-8; booleans true/false in csv and json."""

import csv
import io
import json

import openpyxl
import pytest

EVIL = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def evil(sl):
    sl.ok("suggestions", "add", "--content", EVIL, "--county", "沂源", "--on", "2026-11-02")
    sl.ok("suggestions", "add", "--content", "@SUM(1+1)", "--county", "沂源", "--on", "2026-11-02")
    return sl


def test_out_csv_has_a_bom_and_neutralised_formulas(evil, tmp_path):
    target = tmp_path / "意见建议 列表.csv"
    result = evil.ok("suggestions", "list", "--out", str(target))
    assert str(target) in result.output and "2 行" in result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert "内容" in rows[0]  # a table's Chinese headers
    cells = [c for r in rows[1:] for c in r]
    assert "'" + EVIL in cells and "'@SUM(1+1)" in cells
    assert EVIL not in cells


def test_out_xlsx_writes_text_never_formulas(evil, tmp_path):
    target = tmp_path / "list.xlsx"
    evil.ok("suggestions", "list", "--out", str(target))
    sheet = openpyxl.load_workbook(target).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_out_with_format_csv_or_json_keeps_the_machine_keys(evil, tmp_path):
    for fmt in ("csv", "json"):
        target = tmp_path / f"list-{fmt}.csv"
        evil.ok("suggestions", "list", "--format", fmt, "--out", str(target))
        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
        assert {"id", "content", "state"} <= set(rows[0])
        assert {r["content"] for r in rows} == {"'" + EVIL, "'@SUM(1+1)"}


def test_out_on_a_show_command_and_a_multi_table_command(demo, tmp_path):
    target = tmp_path / "s.xlsx"
    demo.ok("suggestions", "show", "1852", "--out", str(target))
    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) == 2
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "1852" in [str(v) for v in values]


def test_stdout_csv_is_plain_utf8_with_true_false(demo, tmp_path):
    out = demo.ok("deputy", "list", "--format", "csv").output
    assert not out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["active"] for r in rows} <= {"true", "false"}
    assert "True" not in out.split("\n")[1]
    data = json.loads(demo.ok("deputy", "list", "--format", "json").output)
    assert {d["active"] for d in data} <= {True, False}


def test_out_csv_booleans_are_true_false_in_machine_form(demo, tmp_path):
    target = tmp_path / "d.csv"
    demo.ok("deputy", "list", "--format", "csv", "--out", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert {r["active"] for r in rows} <= {"true", "false"}


def test_out_refuses_other_suffixes_and_missing_folders(demo, tmp_path):
    r = demo.fails("deputy", "list", "--out", str(tmp_path / "x.txt"))
    assert ".xlsx 或 .csv" in r.output
    r = demo.fails("deputy", "list", "--out", str(tmp_path / "nope" / "x.csv"))
    assert "不存在" in r.output
    assert not list(tmp_path.glob("x.*"))


def test_out_is_on_every_command_with_format():
    import click
    import typer

    from shuanglian_cli.cli.app import app

    root = typer.main.get_command(app)
    missing = []

    def walk(cmd: click.Command, path: str) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")
        names = {p.name for p in cmd.params}
        if "fmt" in names and "out" not in names:
            missing.append(path)

    walk(root, "sl")
    assert not missing
    assert "--out" in [o for p in root.commands["suggestions"].commands["overdue"].params for o in p.opts]



def test_out_on_a_command_whose_screen_form_is_a_sentence_says_so(sl, tmp_path):
    target = tmp_path / "between.csv"
    r = sl.fails("calendar", "between", "2026-10-01", "2026-10-31", "--out", str(target))
    assert "未写入" in r.output and "--format csv" in r.output and not target.exists()
    sl.ok("calendar", "between", "2026-10-01", "2026-10-31", "--format", "csv", "--out", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0]["workdays"] == "18" and rows[0]["confirmed"] == "true"
