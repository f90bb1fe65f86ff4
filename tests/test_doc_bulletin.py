"""sl doc bulletin: the quarterly 情况通报, read back with python-docx: its figures are those of `sl stats`, its
bodies' table that of `sl department report`, its overdue list that of `sl suggestions overdue`, all as of
the day the document names."""

from __future__ import annotations

import json
import shutil

import pytest

from shuanglian_cli.services.documents.templates import shipped
from tests.doc_reading import docx_text, edited_template

Q3 = ("doc", "bulletin", "--quarter", "2026Q3", "--county", "沂源")


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _tables(path) -> list[list[list[str]]]:
    from docx import Document

    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(str(path)).tables]


def _table(path, first_header: str) -> list[list[str]]:
    return next(t for t in _tables(path) if t[0][0] == first_header)


def _write(demo, tmp_path, *args) -> tuple:
    target = tmp_path / "通报.docx"
    demo.ok(*args, "--out", str(target))
    return target, docx_text(target)


def test_figures_are_those_of_sl_stats_as_of_the_quarters_last_day(demo, tmp_path):
    target, text = _write(demo, tmp_path, *Q3)
    s = json.loads(demo.ok("stats", "quarter", "2026Q3", "--county", "沂源", "--as-of", "2026-09-30",
                           "--format", "json").output)
    assert "均截至2026年9月30日（本期最后一天）" in text
    assert s["activities"] > 0 and s["suggestions"] > 0 and s["replied"] > 0  # the sentences below say something
    expected = [
        f"共开展联系活动{s['activities']}次",
        f"代表参加{s['deputy_attendances']}人次，参加活动的代表{s['deputies_involved']}人",
        f"常委会组成人员参加{s['member_attendances']}人次",
        f"接待群众{s['constituent_attendances']}人次，其中名册内群众{s['constituents_from_roster']}人次",
        f"在册民情联络站{s['stations']}个、联络点{s['points']}个",
        f"共收集群众意见建议{s['suggestions']}条，其中现场解答{s['on_spot']}条，交办承办单位{s['referred']}条，"
        f"转为闭会期间建议{s['inter_session']}条，待处理{s['pending']}条",
        f"已书面答复{s['replied']}条，其中按期答复{s['replied_on_time']}条，按期答复率{_pct(s['on_time_rate'])}",
        f"已办结{s['closed']}条，其中按期办结{s['closed_on_time']}条",
        f"尚未答复{s['open_referred']}条，其中已超期{s['overdue']}条",
        f"评价{s['satisfaction_rated']}条，其中满意{s['satisfied']}条、基本满意{s['basically_satisfied']}条、"
        f"不满意{s['dissatisfied']}条，满意率{_pct(s['satisfaction_rate'])}",
    ]
    for sentence in expected:
        assert sentence in text, sentence
    kinds = "、".join(f"{k}{n}次" for k, n in s["activities_by_kind"].items() if n)
    assert f"（{kinds}）" in text


def test_bodies_table_is_the_department_report_of_the_year_to_the_same_day(demo, tmp_path):
    target, text = _write(demo, tmp_path, *Q3)
    report = json.loads(demo.ok("department", "report", "--year", "2026", "--county", "沂源", "--as-of", "2026-09-30",
                                "--format", "json").output)
    table = _table(target, "承办单位")
    assert table[0] == ["承办单位", "交办", "已答复", "按期答复", "按期答复率", "当前超期", "满意率"]
    assert len(report) > 5
    assert table[1:] == [[r["department"], str(r["referred"]), str(r["answered"]), str(r["answered_on_time"]),
                          _pct(r["on_time_rate"]), str(r["overdue_now"]), _pct(r["satisfaction_rate"])] for r in report]
    assert f"合计：交办{sum(r['referred'] for r in report)}条" in text
    assert "2026年1月1日至2026年9月30日交办各承办单位" in text


def test_overdue_list_is_sl_suggestions_overdue_on_the_day(demo, tmp_path):
    """2026Q4 is still running on 2026-11-29: with --as-of the demo's day, the list of that day."""
    target, text = _write(demo, tmp_path, "doc", "bulletin", "--quarter", "2026Q4", "--county", "沂源",
                          "--as-of", "2026-11-20")
    overdue = json.loads(demo.ok("suggestions", "overdue", "--county", "沂源", "--as-of", "2026-11-20",
                                 "--format", "json").output)
    assert len(overdue) > 3
    table = _table(target, "编号")
    assert [(row[0], row[1], row[2], row[4]) for row in table[1:]] == [
        (str(r["id"]), r["department"], r["content"], str(r["overdue_workdays"])) for r in overdue]
    assert f"共{len(overdue)}条（不论何时收集）" in text
    assert "均截至2026年11月20日。" in text  # a day given: no reason added


def test_a_running_quarter_is_as_of_today_and_says_so(demo, tmp_path):
    _, text = _write(demo, tmp_path, "doc", "bulletin", "--quarter", "2026Q4", "--county", "沂源")
    assert "均截至2026年11月29日（本期尚未结束，截至成文之日）" in text


def test_the_year_and_what_people_raised_most(demo, tmp_path):
    target, text = _write(demo, tmp_path, "doc", "bulletin", "--year", "2025", "--county", "yiyuan")
    s = json.loads(demo.ok("stats", "year", "2025", "--county", "沂源", "--as-of", "2025-12-31",
                           "--format", "json").output)
    assert "关于2025年人大代表“双联”工作情况的通报" in text
    assert f"共收集群众意见建议{s['suggestions']}条" in text
    matters = _table(target, "问题")[1:]
    counts = [int(row[1]) for row in matters]
    assert counts == sorted(counts, reverse=True) and len(matters) <= 10
    topics = json.loads(demo.ok("topics", "--year", "2025", "--county", "沂源", "--format", "json").output)
    assert [(row[0], int(row[1])) for row in matters] == [(m["label"], m["count"]) for m in topics[:10]]
    assert "将内容相近的意见建议归为同一事项" in text
    if len(topics) <= 10:
        assert sum(counts) == s["suggestions"]


def test_the_period_is_one_of_quarter_or_year(demo, tmp_path):
    for args in ([], ["--quarter", "2026Q3", "--year", "2026"]):
        assert "--quarter" in demo.fails("doc", "bulletin", *args, "--out", str(tmp_path)).output
    demo.fails("doc", "bulletin", "--quarter", "2026Q5", "--out", str(tmp_path))
    demo.fails("doc", "bulletin", "--quarter", "2026Q3", "--as-of", "2026-06-30", "--out", str(tmp_path))
    assert list(tmp_path.glob("*.docx")) == []


def test_default_name_and_an_office_template_using_the_figures(demo, tmp_path):
    custom = edited_template(shipped("bulletin"), tmp_path / "通报模板.docx",
                             "附：本期交办{{ figures.referred_in_period }}条，满意率{{ percent.satisfaction_rate }}。")
    out = tmp_path / "out"
    demo.ok(*Q3, "--template", str(custom), "--out", str(out))
    written = out / "情况通报_沂源县_2026Q3.docx"
    s = json.loads(demo.ok("stats", "quarter", "2026Q3", "--county", "沂源", "--as-of", "2026-09-30",
                           "--format", "json").output)
    assert f"附：本期交办{s['referred_in_period']}条，满意率{_pct(s['satisfaction_rate'])}。" in docx_text(written)
    bad = edited_template(shipped("bulletin"), tmp_path / "坏模板.docx", "{{ figures_total }}")
    result = demo.fails(*Q3, "--template", str(bad), "--out", str(tmp_path / "none"))
    assert "figures_total" in result.output and not (tmp_path / "none").exists()


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_pdf_beside_the_bulletin(demo, tmp_path):
    demo.ok(*Q3, "--out", str(tmp_path), "--pdf")
    pdf = tmp_path / "情况通报_沂源县_2026Q3.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
