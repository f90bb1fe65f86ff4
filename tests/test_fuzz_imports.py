"""Hostile and broken import files through `sl import constituents`: each is refused with a
Chinese message and exit 2 (nothing written), or imported correctly; never a traceback."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import one

HEADER = ["姓名", "联系电话", "住址", "县区"]


def _state(path: Path):
    return one(path,
        "SELECT (SELECT count(*) FROM constituents), (SELECT coalesce(max(id), 0) FROM audit_log), "
        "(SELECT total(length(name) + length(phone) + length(address)) FROM constituents)"
    )


def _import(sl, path: Path, *extra: str):
    """Run the import; check the all-or-nothing and no-traceback rules; return the result."""
    before = _state(sl.db)
    result = sl("import", "constituents", str(path), *extra)
    assert result.exit_code in (0, 2), f"exit {result.exit_code}: {result.output}\n{result.exception!r}"
    assert "Traceback" not in result.output and "内部错误" not in result.output
    after = _state(sl.db)
    if result.exit_code == 2:
        assert "错误" in result.output
        assert after == before, "a refused import must write nothing"
    else:
        from tests.test_audit import insert_coverage

        added = after[0] - before[0]
        uncovered, logged = insert_coverage(sl.db, "constituents", before[1])
        # every imported row is in the audit trail: its own entry or a bulk entry's id range
        assert logged == added and len(uncovered) == before[0], "every imported row is in the audit trail"
    return result


def _csv(rows, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


@pytest.fixture
def template(sl, tmp_path) -> Path:
    path = tmp_path / "模板.xlsx"
    sl.ok("template", "constituents", "--out", str(path))
    return path


def _zip_bomb(template: Path, target: Path, rows: int) -> None:
    """An xlsx of a few hundred KB whose sheet unpacks to many MB of rows."""
    src = zipfile.ZipFile(template)
    sheet = next(n for n in src.namelist() if n.startswith("xl/worksheets/sheet"))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != sheet:
                out.writestr(item, src.read(item.filename))
                continue
            with out.open(sheet, "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                         b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                fh.write(b'<row r="1">' + b"".join(
                    b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (col, h.encode())
                    for col, h in zip([b"A", b"B", b"C", b"D"], HEADER, strict=True)) + b"</row>")
                for i in range(2, rows + 2):
                    fh.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i))
                fh.write(b"</sheetData></worksheet>")


def test_random_bytes(sl, tmp_path):
    for suffix in (".csv", ".xlsx", ".xls", ".txt"):
        path = tmp_path / f"junk{suffix}"
        path.write_bytes(os.urandom(4096))
        assert _import(sl, path).exit_code == 2


def test_truncated_and_empty_files(sl, tmp_path, template):
    data = template.read_bytes()
    for size in (0, 10, len(data) // 3, len(data) - 50):
        path = tmp_path / f"cut{size}.xlsx"
        path.write_bytes(data[:size])
        assert _import(sl, path).exit_code == 2
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _import(sl, empty).exit_code == 2
    _import(sl, tmp_path)  # a folder, not a file
    _import(sl, tmp_path / "missing.csv")


def test_zip_bomb_sized_sheet(sl, tmp_path, template):
    bomb = tmp_path / "bomb.xlsx"
    _zip_bomb(template, bomb, 200_000)
    assert bomb.stat().st_size < 2_000_000
    assert _import(sl, bomb, "--county", "yiyuan").exit_code == 2


@pytest.mark.parametrize("encoding", ["utf-16", "big5", "shift_jis", "latin-1", "utf-8-sig", "gb18030"])
def test_encodings(sl, tmp_path, encoding):
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(_csv([["张三", "13900000000", "沂源县南麻街道", "沂源县"]], encoding))
    result = _import(sl, path)
    if result.exit_code == 0:  # then it must have read the name right, not as mojibake
        assert sl.rows("SELECT name FROM constituents") == [("张三",)]


def test_huge_cells_formulas_and_control_characters(sl, tmp_path):
    rows = [
        ["李" + "四" * 100_000, "13900000001", "某村", "沂源县"],
        ["=HYPERLINK(\"http://evil\",\"点我\")", "13900000002", "+cmd|' /C calc'!A0", "沂源县"],
        ["王\x07五\x1b[31m", "13900000003", "@SUM(1+1)", "沂源县"],
        ["赵\u202e六", "-13900000004", "地址" * 50_000, "沂源县"],
    ]
    for i, row in enumerate(rows):
        path = tmp_path / f"row{i}.csv"
        path.write_bytes(_csv([row]))
        result = _import(sl, path)
        if result.exit_code == 0 and row[0].startswith("="):
            names = [r[0] for r in sl.rows("SELECT name FROM constituents")]
            assert any(n.startswith("=HYPERLINK") for n in names), "formula-looking text is kept as text"
    nul = tmp_path / "nul.csv"
    nul.write_bytes(_csv([["张\x00三", "13900000005", "某村", "沂源县"]]))
    _import(sl, nul)


def test_one_bad_row_among_many_writes_nothing(sl, tmp_path):
    rows = [[f"群众{i}", f"139{i:08d}", "某村", "沂源县"] for i in range(500)]
    rows[250][1] = "不是电话"
    path = tmp_path / "bad-middle.csv"
    path.write_bytes(_csv(rows))
    result = _import(sl, path)
    assert result.exit_code == 2 and "252" in result.output


# -- generated files ---------------------------------------------------------------------------

_cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "张三", "１３９０５３３１２３４", "13905331234", "1.3905331234E10", "=1+1", "+1", "-1",
                     "@x", "沂源县", "沂源", "yiyuan", "不存在县", "\x00", "\x1b", "\ufeff", "\u3000", "南麻街道",
                     "\r\n", '"', "x" * 5000]),
)
_rows = st.lists(st.lists(_cells, min_size=0, max_size=6), max_size=8)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@FUZZ
@given(rows=_rows, header=st.one_of(st.just(HEADER), st.lists(_cells, max_size=5)),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_generated_csv_files(sl, tmp_path, rows, header, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "gen.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    _import(sl, path)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_generated_bytes(sl, tmp_path, data, suffix):
    path = tmp_path / f"gen{suffix}"
    path.write_bytes(data)
    _import(sl, path, "--county", "yiyuan")
