"""sl doc archive: the 履职档案 in Word says what `sl deputy archive --format json` says (the same data function);
--all writes one file per deputy into a folder, with the template prepared once, saying what a single
document says."""

from __future__ import annotations

import json
import shutil

import pytest

from shuanglian_cli.services.documents.output import chinese_date
from shuanglian_cli.services.documents.templates import shipped
from tests.doc_reading import docx_text

ARCHIVE = ("doc", "archive", "金燕", "--year", "2025")


def _tables(path) -> list[list[list[str]]]:
    from docx import Document

    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(str(path)).tables]


def _table(path, header: list[str]) -> list[list[str]]:
    return next(t for t in _tables(path) if t[0] == header)[1:]


def _json(demo, name="金燕", year="2025") -> dict:
    return json.loads(demo.ok("deputy", "archive", name, "--year", year, "--format", "json").output)


def test_the_archive_says_what_sl_deputy_archive_says(demo, tmp_path):
    target = tmp_path / "档案.docx"
    demo.ok(*ARCHIVE, "--out", str(target))
    data = _json(demo)
    d, s = data["deputy"], data["summary"]
    assert s["activities"] and s["suggestions"] and s["report_backs"]  # each part below has rows
    text = docx_text(target)
    assert "人大代表履职档案" in text and "（2025年度）" in text
    assert _table(target, ["项目", "内容"]) == [
        ["姓名", d["name"]], ["代表层级", d["levels"].replace(",", "、")], ["所在县区", d["county"]],
        ["工作单位", d["work_unit"]], ["所在联络站", d["station"]],
        ["联系本代表的常委会组成人员", "、".join(s["contact_members"])]]
    kinds = "、".join(f"{k}{n}次" for k, n in s["activities_by_kind"].items())
    outcomes = "、".join(f"{k}{n}条" for k, n in s["suggestions_by_outcome"].items())
    for sentence in (
        f"{d['name']}代表参加联系活动{s['activities']}次（{kinds}），接待群众{s['constituent_attendances']}人次，"
        f"其中名册内不同群众{s['constituents_met']}人；固定联系群众{s['linked_constituents']}人，"
        f"本年见面{s['linked_constituents_met']}人。",
        f"收集意见建议{s['suggestions']}条（{outcomes}），其中交办{s['referred']}条，按期答复{s['referred_on_time']}条。",
        f"向选民述职{s['report_backs']}次，参评{s['report_back_voters']}人，满意{s['report_back_satisfied']}人，"
        f"满意率{s['report_back_rate'] * 100:.1f}%。",
    ):
        assert sentence in text, sentence
    activities = _table(target, ["编号", "日期", "类型（议题）", "站点", "接待群众人次", "收集意见建议"])
    assert activities == [[str(a["id"]), chinese_date(a["date"]), a["kind"] + (f"：{a['topic']}" if a["topic"] else ""), a["station"],
                           str(a["constituents"]), str(a["suggestions"])] for a in data["activities"]]
    suggestions = _table(target, ["编号", "收集日期", "内容", "办理结果", "承办单位"])
    assert suggestions == [[str(x["id"]), chinese_date(x["collected_on"]), x["content"], x["outcome"], x["department"]]
                           for x in data["suggestions"]]
    reports = _table(target, ["日期", "站点", "参评人数", "满意人数", "满意率"])
    assert reports == [[chinese_date(r["date"]), r["station"], str(r["voters"]), str(r["satisfied"]),
                        f"{r['rate'] * 100:.1f}%"] for r in data["report_backs"]]


def test_a_year_without_report_backs_and_the_default_name(demo, tmp_path):
    demo.ok("doc", "archive", "金燕", "--year", "2026", "--out", str(tmp_path))
    text = docx_text(tmp_path / "履职档案_2026_金燕.docx")
    assert _json(demo, year="2026")["summary"]["report_backs"] == 0
    assert "本年未向选民述职。" in text and "五、述职评议" not in text


def test_all_writes_one_file_per_deputy_each_as_written_alone(demo, tmp_path):
    folder = tmp_path / "档案"
    result = demo.ok("doc", "archive", "--all", "--year", "2025", "--county", "沂源", "--out", str(folder))
    deputies = demo.rows("SELECT id, name FROM deputies WHERE active = 1 AND county_id = "
                         "(SELECT id FROM counties WHERE short_name = '沂源') ORDER BY id")
    files = sorted(p.name for p in folder.glob("*.docx"))
    assert len(files) == len(deputies) == 420 and "已写入 420 份履职档案" in result.output
    assert files == sorted(f"履职档案_2025_{name}.docx" for _, name in deputies)
    # the prepared template (a batch) and the plain one (a single document) write the same document
    alone = tmp_path / "单份.docx"
    demo.ok(*ARCHIVE, "--out", str(alone))
    assert docx_text(folder / "履职档案_2025_金燕.docx") == docx_text(alone)
    assert _tables(folder / "履职档案_2025_金燕.docx") == _tables(alone)


def test_two_deputies_of_one_name_get_two_files(demo, tmp_path):
    demo.ok("deputy", "add", "金燕", "--county", "沂源", "--level", "镇")
    twin = demo.value("SELECT max(id) FROM deputies WHERE name = '金燕'")
    demo.ok("doc", "archive", "--all", "--year", "2025", "--out", str(tmp_path / "f"))
    names = {p.name for p in (tmp_path / "f").glob("履职档案_2025_金燕*.docx")}
    assert names == {"履职档案_2025_金燕_1.docx", f"履职档案_2025_金燕_{twin}.docx"}


def test_an_office_template_with_a_header_renders_it_in_every_file(demo, tmp_path):
    from docx import Document

    custom = tmp_path / "archive.docx"
    doc = Document(str(shipped("archive")))
    doc.sections[0].header.is_linked_to_previous = False
    doc.sections[0].header.paragraphs[0].text = "{{ office }}·{{ deputy.name }}的档案"
    doc.save(str(custom))
    demo.ok("doc", "archive", "--all", "--year", "2025", "--template", str(custom), "--out", str(tmp_path / "f"))
    for name in ("金燕", "邹鑫雨"):
        header = Document(str(tmp_path / "f" / f"履职档案_2025_{name}.docx")).sections[0].header.paragraphs[0].text
        assert header == f"沂源县人大常委会·{name}的档案"


def test_bad_requests_write_nothing(demo, tmp_path):
    assert "--all" in demo.fails("doc", "archive", "--year", "2025", "--out", str(tmp_path)).output
    demo.fails("doc", "archive", "金燕", "--all", "--year", "2025", "--out", str(tmp_path))
    demo.fails("doc", "archive", "--all", "--year", "2025", "--out", str(tmp_path / "x.docx"))
    demo.fails("doc", "archive", "查无此人", "--year", "2025", "--out", str(tmp_path))
    assert list(tmp_path.rglob("*.docx")) == []


def test_extra_keys_of_the_data_reach_the_template_untouched(demo):
    """A key deputy_archive's data gains later passes through, the rest is unchanged (duties, issue 16,
    are now shaped into a table of their own: tests/test_doc_archive_duties.py)."""
    from shuanglian_cli.services.documents.archive import context_of
    from shuanglian_cli.store.archive import deputy_archive
    from shuanglian_cli.store.db import open_db

    db = open_db(demo.db)
    data = deputy_archive(db, db["deputies"].get(1), 2025)
    plain = context_of(data, {})
    extended = context_of({**data, "visits": [{"date": "2025-03-05", "station": "南麻"}]}, {})
    assert extended.pop("visits") == [{"date": "2025-03-05", "station": "南麻"}]
    assert extended == plain


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_pdf_beside_the_archive(demo, tmp_path):
    demo.ok(*ARCHIVE, "--out", str(tmp_path), "--pdf")
    assert (tmp_path / "履职档案_2025_金燕.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_all_with_pdf_converts_the_folder(sl, tmp_path):
    for name in ("甲代表", "乙代表"):
        sl.ok("deputy", "add", name, "--county", "沂源")
    result = sl.ok("doc", "archive", "--all", "--year", "2026", "--county", "沂源", "--out", str(tmp_path / "f"), "--pdf")
    assert sorted(p.name for p in (tmp_path / "f").glob("*.pdf")) == ["履职档案_2026_乙代表.pdf", "履职档案_2026_甲代表.pdf"]
    assert "已生成 2 份 PDF" in result.output
    assert "本年未参加联系活动。" in docx_text(tmp_path / "f" / "履职档案_2026_甲代表.docx")
