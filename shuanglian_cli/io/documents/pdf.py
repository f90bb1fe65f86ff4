"""PDF copies of written documents through LibreOffice (`soffice --headless --convert-to pdf`), one call per
folder of documents: starting LibreOffice costs seconds, converting one more file a fraction of that."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 600


def office_program() -> str | None:
    """LibreOffice's converter on PATH (soffice, or the libreoffice launcher some systems install)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(program: str, files: list[Path]) -> tuple[list[Path], list[str]]:
    """Write NAME.pdf beside each NAME.docx; (PDFs written, problems in Chinese)."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        by_folder.setdefault(Path(path).resolve().parent, []).append(Path(path).resolve())
    written: list[Path] = []
    problems: list[str] = []
    for folder, paths in by_folder.items():
        # a private profile: a LibreOffice the clerk has open (or a missing HOME) does not stop the conversion
        with tempfile.TemporaryDirectory(prefix="sl-soffice-") as profile:
            command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                       "--convert-to", "pdf", "--outdir", str(folder), *map(str, paths)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                problems.append(f"LibreOffice 未能运行：{exc}")
                continue
        for path in paths:
            pdf = path.with_suffix(".pdf")
            if pdf.exists():
                written.append(pdf)
            else:
                detail = (done.stderr or done.stdout or "").strip().splitlines()
                problems.append(f"{path.name} 未能转换为 PDF" + (f"：{detail[-1]}" if detail else ""))
    return written, problems
