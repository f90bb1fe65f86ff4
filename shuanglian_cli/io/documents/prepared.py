"""A template prepared once for a batch of many documents (the 420 archives of a county): docxtpl re-opens
the .docx, re-parses its XML and re-compiles its Jinja for every document, which is most of a render's
time. Here the parts that hold Jinja (the body, headers, footers, footnotes) are cleaned by docxtpl's own
patch_xml and compiled once, and the parts that do not are compressed once: a document is the rendered
parts appended to a copy of that zip. What a document says is what Template.render_to writes (the tests
compare the two); Template.render_to stays the path for single documents."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from shuanglian_cli.errors import UserError

_JINJA = re.compile(rb"\{[{%#]")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_MARK = re.compile(r"\n<w:p([ >])")
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class _Part:
    name: str  # the zip entry, e.g. word/document.xml
    compiled: object  # the Jinja template of the part's XML (of the body only, for the document)
    prefix: bytes = b""  # the document's XML before and after its body
    suffix: bytes = b""
    is_body: bool = False


class PreparedTemplate:
    """`template` (io/documents/render.Template, already checked) prepared for rendering many times."""

    def __init__(self, template) -> None:
        from jinja2 import TemplateSyntaxError

        from shuanglian_cli.io.documents.render import _environment

        self.path = template.path
        self.env = _environment()
        tpl = template._open()
        self._docx = tpl
        try:
            self.parts = self._parts(tpl, template.data)
        except TemplateSyntaxError as exc:
            raise UserError(f"模板 {self.path} 有语法错误：{exc.message}") from None
        self.base = self._base_zip(template.data, {p.name for p in self.parts})

    def _compile(self, xml: str):
        # as docxtpl's render_xml_part: each paragraph on a line of its own, so {%p %} tags find theirs
        return self.env.from_string(_PARAGRAPH_START.sub(r"\n<w:p\1", xml))

    def _parts(self, tpl, data: bytes) -> list[_Part]:
        from docx.oxml import parse_xml
        from lxml import etree

        parts = []
        body = tpl.docx._element.body
        marker = "sl-prepared-body"
        root = tpl.docx._element
        placeholder = etree.Element(marker)
        root.replace(body, placeholder)
        whole = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        root.replace(placeholder, body)
        prefix, suffix = whole.split(f"<{marker}/>".encode())
        parts.append(_Part("word/document.xml", self._compile(tpl.patch_xml(tpl.get_xml())), prefix, suffix, True))
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            for name in sorted(names):
                if not (name.startswith(("word/header", "word/footer")) or name == "word/footnotes.xml"):
                    continue
                raw = zf.read(name)
                if not _JINJA.search(raw):
                    continue
                xml = tpl.xml_to_string(parse_xml(raw))
                parts.append(_Part(name, self._compile(tpl.patch_xml(xml))))
        return parts

    @staticmethod
    def _base_zip(data: bytes, rendered: set[str]) -> bytes:
        """The template's zip without the parts rendered per document, each compressed once."""
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename not in rendered:
                    zout.writestr(info, zin.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()

    def _render_part(self, part: _Part, context: dict) -> bytes:
        tpl = self._docx
        xml = part.compiled.render(context)
        xml = _PARAGRAPH_MARK.sub(r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        xml = tpl.resolve_listing(xml)
        if not part.is_body:
            return _DECLARATION + xml.encode("utf-8")
        from lxml import etree

        tree = tpl.fix_tables(xml)
        tpl.docx_ids_index = 1000
        tpl.fix_docpr_ids(tree)
        return part.prefix + etree.tostring(tree, encoding="UTF-8") + part.suffix

    def render_bytes(self, context: dict) -> bytes:
        from jinja2 import TemplateError
        from jinja2.sandbox import SecurityError

        try:
            rendered = [(p.name, self._render_part(p, context)) for p in self.parts]
        except SecurityError as exc:
            raise UserError(f"模板 {self.path} 试图使用不允许的操作：{exc}") from None
        except TemplateError as exc:
            raise UserError(f"模板 {self.path} 无法生成文书：{exc}") from None
        out = io.BytesIO(self.base)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
            for name, xml in rendered:
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), xml,
                            compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
        return out.getvalue()

    def render_to(self, context: dict, target: Path) -> None:
        """Render with `context` and write `target` atomically (as Template.render_to)."""
        from shuanglian_cli.io.atomic import atomic_write

        data = self.render_bytes(context)
        with atomic_write(Path(target), "文书") as tmp:
            Path(tmp).write_bytes(data)
