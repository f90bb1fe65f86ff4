"""Reading a written .docx back for the tests of `sl doc` (python-docx): its text, tables included."""

from __future__ import annotations

from pathlib import Path


def docx_text(path: Path) -> str:
    """Every paragraph's text, the tables' cells (row by row, cells joined by |) and the footers'."""
    from docx import Document

    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += ["|".join(cell.text for cell in row.cells) for row in table.rows]
    for section in doc.sections:
        lines += [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def edited_template(source: Path, target: Path, *lines: str) -> Path:
    """A copy of template `source` with paragraphs added at its end, as an office would edit it in Word."""
    from docx import Document

    doc = Document(str(source))
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(target))
    return target
