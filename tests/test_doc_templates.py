"""sl doc's infrastructure: the shipped templates are current and laid out per GB/T 9704, `sl doc template`,
template lookup (--template, config documents.templates, the default), names a template may not use, the
sandbox, --pdf with and without LibreOffice, and docs/documents.md generated from the registry."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from shuanglian_cli.io.documents.layout import zip_members
from shuanglian_cli.services.documents.kinds import KINDS, all_kinds, markdown
from shuanglian_cli.services.documents.templates import shipped
from tests.conftest import Sl
from tests.doc_reading import docx_text, edited_template

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ("doc", "notice", "--station", "2", "--date", "2026-12-10", "--deputy", "金燕")


def _build_tool():
    spec = importlib.util.spec_from_file_location("build_doc_templates", ROOT / "tools" / "build_doc_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_templates_are_what_the_script_builds(tmp_path):
    built = _build_tool().build(tmp_path)
    assert sorted(p.stem for p in built) == sorted(KINDS)
    for path in built:
        assert zip_members(path) == zip_members(shipped(path.stem)), (
            f"{path.name} 已过期：运行 python tools/build_doc_templates.py")


def test_templates_follow_the_official_layout():
    from docx import Document

    for kind in all_kinds():
        doc = Document(str(shipped(kind.name)))
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                      section.right_margin)] == [37, 35, 28, 26]
        title = next(p for p in doc.paragraphs if p.style.name == "文书标题")
        fonts = title.style.element.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
        assert title.style.font.size.pt == 22
        assert doc.styles["Normal"].font.size.pt == 16
        footer = section.footer.paragraphs[0]
        assert footer.text == "— 1 —" and "PAGE" in footer._p.xml
        assert section.even_page_footer.paragraphs[0].text == "— 1 —"


def test_doc_template_writes_the_default_for_the_office(sl, tmp_path):
    target = tmp_path / "交办单模板.docx"
    sl.ok("doc", "template", "referral", "--out", str(target))
    assert target.read_bytes() == shipped("referral").read_bytes()
    sl.ok("doc", "template", "notice", "--out", str(tmp_path))
    assert (tmp_path / "notice.docx").exists()
    result = sl.fails("doc", "template", "letter", "--out", str(tmp_path))
    assert "没有名为“letter”的文书" in result.output and "referral" in result.output


def test_docs_list_every_name_of_every_kind():
    text = (ROOT / "docs" / "documents.md").read_text(encoding="utf-8")
    assert markdown() in text
    for kind in all_kinds():
        for name in kind.allowed:
            assert f"`{name}`" in text
        for fields in kind.fields.values():
            for name in fields:
                assert f"`item.{name}`" in text


def test_a_template_with_an_unknown_name_is_refused_and_nothing_written(demo, tmp_path):
    custom = edited_template(shipped("notice"), tmp_path / "mine.docx", "值班：{{ deputy_names }}",
                             "{{ secret }}{{ leader_phone }}")
    out = tmp_path / "out"
    result = demo.fails(*NOTICE, "--template", str(custom), "--out", str(out))
    assert "leader_phone、secret" in result.output
    assert "deputy_names：" in result.output and "reception_date：" in result.output  # the names available
    assert not out.exists()


def test_a_custom_template_with_an_extra_known_name(demo, tmp_path):
    custom = edited_template(shipped("notice"), tmp_path / "mine.docx", "本期值班代表：{{ deputy_names }}")
    target = tmp_path / "公告.docx"
    demo.ok(*NOTICE, "--deputy", "邹鑫雨", "--template", str(custom), "--out", str(target))
    assert "本期值班代表：金燕、邹鑫雨" in docx_text(target)


def test_the_office_folder_from_config_and_default_for_kinds_it_lacks(demo, tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    edited_template(shipped("notice"), folder / "notice.docx", "本站自制模板 {{ station }}")
    config = tmp_path / "config.yaml"
    config.write_text("documents:\n  templates: 模板\n", encoding="utf-8")  # relative to the config file
    office = Sl(demo.db, config)
    office.ok(*NOTICE, "--out", str(tmp_path / "a.docx"))
    assert "本站自制模板 历山街道人大代表民情联络站" in docx_text(tmp_path / "a.docx")
    config.write_text("documents:\n  templates: 没有这个文件夹\n", encoding="utf-8")
    assert "documents.templates" in office.fails(*NOTICE, "--out", str(tmp_path / "b.docx")).output


def test_the_sandbox_refuses_python_internals(demo, tmp_path):
    custom = edited_template(shipped("notice"), tmp_path / "evil.docx", "{{ station.__class__.__mro__ }}")
    result = demo.fails(*NOTICE, "--template", str(custom), "--out", str(tmp_path / "x.docx"))
    assert "不允许" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_a_file_that_is_no_word_document(demo, tmp_path):
    bogus = tmp_path / "bogus.docx"
    bogus.write_text("not a zip", encoding="utf-8")
    assert "不是有效的 Word 文档" in demo.fails(*NOTICE, "--template", str(bogus)).output
    broken = edited_template(shipped("notice"), tmp_path / "broken.docx", "{{ station ")
    assert "语法错误" in demo.fails(*NOTICE, "--template", str(broken)).output


def test_pdf_without_libreoffice_says_so_and_keeps_the_docx(demo, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    target = tmp_path / "公告.docx"
    result = demo(*NOTICE, "--out", str(target), "--pdf", env={"PATH": str(empty)})
    assert result.exit_code == 0, result.output
    assert "未找到 LibreOffice" in result.output
    assert target.exists() and not target.with_suffix(".pdf").exists()


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_pdf_with_libreoffice(demo, tmp_path):
    demo.ok(*NOTICE, "--out", str(tmp_path), "--pdf")
    pdfs = list(tmp_path.glob("*.pdf"))
    assert [p.stem for p in pdfs] == [p.stem for p in tmp_path.glob("*.docx")]
    assert pdfs[0].read_bytes().startswith(b"%PDF")


def test_the_templates_are_package_data_and_docxtpl_a_dependency():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.docx" in project["tool"]["setuptools"]["package-data"]["shuanglian_cli.templates"]
    assert any(dep.startswith("docxtpl") for dep in project["project"]["dependencies"])
    for name in KINDS:
        assert shipped(name).is_file()
