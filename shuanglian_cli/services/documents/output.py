"""Writing a batch of documents: where each goes (`--out FILE|FOLDER`, default names in Chinese), each
rendered and written atomically, then PDF copies with one LibreOffice call per folder (--pdf)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import Doc

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # characters Windows refuses in a file name


def chinese_date(day: dt.date | str | None) -> str:
    """2026年11月29日 (GB/T 9704: Arabic numerals, no leading zeros); '' for no date."""
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def office_name(config, county_name: str | None) -> str:
    unit = (config.get("forms", "unit") or "").strip()
    return unit or f"{county_name or ''}人大常委会"


def common_context(config, *, title: str, county_name: str | None, day: dt.date) -> dict:
    """The names every template may use (kinds.COMMON_NAMES)."""
    return {
        "title": title,
        "office": office_name(config, county_name),
        "county": county_name or "",
        "date": chinese_date(day),
        "office_phone": (config.get("forms", "phone") or "").strip(),
        "clerk": (config.get("forms", "filled_by") or "").strip(),
    }


def safe_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip() or "文书"


def targets(out: str | None, docs: list[Doc]) -> list[Path]:
    """Where each document goes: --out ending in .docx is the file (one document only); any other --out
    is a folder (created if missing); none: the current folder. Equal names get (2), (3)..."""
    if out is not None and Path(out).suffix.lower() == ".docx" and not Path(out).is_dir():
        if len(docs) > 1:
            raise UserError(f"这次共有 {len(docs)} 份文书，--out 请给出文件夹而不是一个文件：{out}")
        return [Path(out).expanduser()]
    folder = Path(out).expanduser() if out is not None else Path.cwd()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--out 应为 .docx 文件或文件夹：{folder}")
    seen: dict[str, int] = {}
    paths = []
    for doc in docs:
        stem = safe_name(doc.file_name)
        seen[stem] = seen.get(stem, 0) + 1
        paths.append(folder / (f"{stem}.docx" if seen[stem] == 1 else f"{stem}（{seen[stem]}）.docx"))
    return paths


@dataclass
class Written:
    paths: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the clerk should know (no LibreOffice, a failed PDF)


def write_batch(template, docs: list[Doc], out: str | None) -> Written:
    """Render every document of the batch to its place."""
    paths = targets(out, docs)
    if paths:
        try:
            paths[0].parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from shuanglian_cli.errors import file_write_error

            raise file_write_error(exc, paths[0].parent, "文件夹") from None
    for doc, path in zip(docs, paths, strict=True):
        template.render_to(doc.context, path)
    return Written(paths=paths)


def add_pdfs(written: Written) -> Written:
    """PDF copies beside the documents, when LibreOffice is installed; a note saying so when it is not."""
    from shuanglian_cli.io.documents.pdf import convert, office_program

    if not written.paths:
        return written
    program = office_program()
    if program is None:
        written.notes.append("未找到 LibreOffice（soffice），未生成 PDF；Word 文书已写入。"
                             "安装 LibreOffice 后重试 --pdf，或用 Word 另存为 PDF")
        return written
    pdfs, problems = convert(program, written.paths)
    written.pdfs, written.notes = pdfs, written.notes + problems
    return written


def produce(template, docs: list[Doc], out: str | None, pdf: bool) -> Written:
    """Write the batch, then the PDFs when asked."""
    written = write_batch(template, docs, out)
    return add_pdfs(written) if pdf else written
