"""The layout of official documents (GB/T 9704-2012, 党政机关公文格式) for the default templates, built with
python-docx by tools/build_doc_templates.py and never edited by hand: A4; margins top 37, bottom 35, left 28,
right 26 mm; title in 小标宋 二号; body in 仿宋 三号, 22 lines a page; page numbers “— 1 —” in 四号 宋体, odd
pages right and even pages left. Every template is made of these few blocks, so all of them look alike.

Placeholders are Jinja text ({{ name }}) in a single run each, which is what docxtpl renders."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
NUMBER_FONT = "宋体"  # page numbers: 半角宋体
LATIN_FONT = "Times New Roman"
# what Word or LibreOffice shows where an office machine lacks the font (fontTable altName)
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei", NUMBER_FONT: "SimSun"}

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四: a table's cells, dense but readable (dates fit one line)
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28.95  # 22 lines in the 225 mm type area
TEXT_WIDTH_MM = 210 - 28 - 26
FIXED_TIME = dt.datetime(2026, 1, 1)  # the templates carry no build time, so a rebuild is byte-for-byte the same


def _fonts(rpr_owner, east_asia: str) -> None:
    """Set a run's or style's fonts: Latin text in Times New Roman, Chinese in `east_asia`."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)


class OfficialDocument:
    """A document in the GB/T 9704 layout, built block by block; `save` writes it deterministically."""

    def __init__(self, title: str) -> None:
        from docx import Document

        self.doc = Document()
        self.title_text = title
        self._page()
        self._styles()
        self._page_numbers()
        self._font_table()

    # --- the page -------------------------------------------------------------------------------
    def _page(self) -> None:
        from docx.shared import Mm

        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(21)

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        _fonts(normal.element, BODY_FONT)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(lang)
        fmt = normal.paragraph_format
        fmt.line_spacing = Pt(LINE_PT)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False
        # no extra space between Chinese and Latin letters or digits: 2026年11月29日 reads as one word
        ppr = normal.element.get_or_add_pPr()
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            off = OxmlElement(tag)
            off.set(qn("w:val"), "0")
            ppr.insert_element_before(off, "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                                      "w:jc", "w:outlineLvl", "w:rPr")  # the schema's order

        def style(name: str, font: str, size: float, align=None, line=None, indent=None, bold=False):
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = normal
            st.font.size = Pt(size)
            st.font.bold = bold
            _fonts(st.element, font)
            if align is not None:
                st.paragraph_format.alignment = align
            if line is not None:
                st.paragraph_format.line_spacing = line
            if indent is not None:
                st.paragraph_format.first_line_indent = indent
            return st

        center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
        style("文书标题", TITLE_FONT, TITLE_PT, center, Pt(36)).paragraph_format.space_after = Pt(LINE_PT)
        style("发文字号", BODY_FONT, BODY_PT, center)
        style("正文", BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Pt(2 * BODY_PT))
        style("主送", BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT)
        style("小标题", HEADING_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, indent=Pt(2 * BODY_PT))
        sign = style("落款", BODY_FONT, BODY_PT, right)
        sign.paragraph_format.right_indent = Pt(4 * BODY_PT)  # 成文日期右空四字
        style("表格文字", BODY_FONT, TABLE_PT, line=1.0)
        style("表头", HEADING_FONT, TABLE_PT, center, line=1.0)

    def _page_numbers(self) -> None:
        """“— 1 —” in the footer: odd pages at the right, even pages at the left, one character in."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0]
            para.alignment = align
            fmt = para.paragraph_format
            fmt.line_spacing = 1.0
            fmt.first_line_indent = Pt(0)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(PAGE_NUMBER_PT)
            else:
                fmt.left_indent = Pt(PAGE_NUMBER_PT)
            self._number_run(para, "— ")
            self._page_field(para)
            self._number_run(para, " —")

    def _number_run(self, para, text: str):
        from docx.shared import Pt

        run = para.add_run(text)
        run.font.size = Pt(PAGE_NUMBER_PT)
        _fonts(run._r, NUMBER_FONT)
        return run

    def _page_field(self, para) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        def char(kind: str):
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            return el

        self._number_run(para, "")._r.append(char("begin"))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        self._number_run(para, "")._r.append(instr)
        self._number_run(para, "")._r.append(char("separate"))
        self._number_run(para, "1")
        self._number_run(para, "")._r.append(char("end"))

    def _font_table(self) -> None:
        """Name a stand-in for each Chinese font (w:altName), for machines without the official fonts."""
        from lxml import etree

        part = next(p for p in self.doc.part.package.parts if str(p.partname) == "/word/fontTable.xml")
        ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        root = etree.fromstring(part.blob)
        for name, alt in FALLBACKS.items():
            font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": name})
            etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": alt})
            etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})  # GB2312
            etree.SubElement(font, f"{{{ns}}}family", {f"{{{ns}}}val": "auto"})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # --- blocks -----------------------------------------------------------------------------------
    def paragraph(self, text: str, style: str = "正文"):
        return self.doc.add_paragraph(text, style=style)

    def title(self, text: str) -> None:
        self.paragraph(text, "文书标题")

    def number(self, text: str) -> None:
        """The document number (发文字号), centred under the title area."""
        self.paragraph(text, "发文字号")

    def addressee(self, text: str) -> None:
        """主送机关, flush left, ending with a full-width colon."""
        self.paragraph(text, "主送")

    def body(self, text: str) -> None:
        self.paragraph(text, "正文")

    def heading(self, text: str) -> None:
        self.paragraph(text, "小标题")

    def statement(self, text: str) -> None:
        """A Jinja statement on a paragraph of its own ({%p if ... %}), removed when rendered."""
        self.paragraph(text, "正文")

    def blank(self) -> None:
        self.paragraph("", "正文")

    def contact_and_signature(self) -> None:
        """The office's contact line (left out when neither clerk nor phone is set) and its signature."""
        self.blank()
        self.statement("{%p if clerk or office_phone %}")
        self.body("联系人：{{ clerk }}　联系电话：{{ office_phone }}")
        self.statement("{%p endif %}")
        self.blank()
        self.signature("{{ office }}", "{{ date }}")

    def signature(self, *lines: str) -> None:
        """落款: the office and the date at the right, four characters in."""
        for line in lines:
            self.paragraph(line, "落款")

    def table(self, columns: list[tuple[str, str, float]], loop: str) -> None:
        """A table with a header row (repeated on each page) and one row per item of `loop` ('item in
        items'): columns are (header, cell text with placeholders, width in mm)."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        table = self.doc.add_table(rows=4, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        scale = min(1.0, TEXT_WIDTH_MM / sum(width for _, _, width in columns))
        texts = [
            [header for header, _, _ in columns],
            [f"{{%tr for {loop} %}}"] + [""] * (len(columns) - 1),
            [cell for _, cell, _ in columns],
            ["{%tr endfor %}"] + [""] * (len(columns) - 1),
        ]
        for c, column in enumerate(table.columns):  # the grid: what LibreOffice lays out by
            column.width = Mm(columns[c][2] * scale)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.width = Mm(columns[c][2] * scale)
                para = cell.paragraphs[0]
                para.style = self.doc.styles["表头" if r == 0 else "表格文字"]
                if texts[r][c]:
                    para.add_run(texts[r][c])
        for row, tag in ((0, "w:tblHeader"), (2, "w:cantSplit")):  # header on every page; an item never split
            flag = OxmlElement(tag)
            flag.set(qn("w:val"), "true")
            table.rows[row]._tr.get_or_add_trPr().append(flag)

    # --- saving ----------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        props = self.doc.core_properties
        props.title = self.title_text
        props.author = props.last_modified_by = "sl"
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        Path(path).write_bytes(normalised_zip(buffer.getvalue()))


def normalised_zip(data: bytes) -> bytes:
    """The same zip with every entry's time and attributes fixed: equal content, equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def zip_members(path: Path) -> dict[str, bytes]:
    """A .docx's parts by name: what two builds of a template are compared by (not the zip's bytes,
    which depend on the zlib that compressed them)."""
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}
