"""The 履职档案 in Word carries the year's duties (issue 16) exactly as `sl deputy archive` judges them."""

from __future__ import annotations

import json

from tests.doc_reading import docx_text


def _duties_table(path) -> list[list[str]]:
    from docx import Document

    tables = [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]
    return next(t for t in tables if t[0] == ["要求", "完成", "情况"])[1:]


def test_the_duties_table_equals_the_archive_json(demo, tmp_path):
    target = tmp_path / "档案.docx"
    demo.ok("doc", "archive", "金燕", "--year", "2026", "--out", str(target))
    data = json.loads(demo.ok("deputy", "archive", "金燕", "--year", "2026", "--format", "json").output)
    judged = next(d for d in data["duties"] if d["year"] == 2026)
    expected = [[f"{s['label']}（至少{s['at_least']}）", "是" if judged[s["kind"]]["met"] else "否",
                 judged[s["kind"]]["evidence"]] for s in data["duty_specs"]]
    assert _duties_table(target) == expected
    text = docx_text(target)
    assert ("各项要求均已完成" if judged["met_all"] else "各项要求尚未全部完成") in text
    assert "六、述职评议" in text or not data["report_backs"]


def test_no_duties_configured_leaves_the_section_out(demo, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("duties: []\n", encoding="utf-8")
    target = tmp_path / "档案.docx"
    demo.ok("--config", str(config), "doc", "archive", "金燕", "--year", "2026", "--out", str(target))
    text = docx_text(target)
    assert "年度履职要求" not in text
