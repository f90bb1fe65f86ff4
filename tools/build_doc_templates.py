"""Build the default Word templates of `sl doc` into shuanglian_cli/templates/ (package data):

    python tools/build_doc_templates.py            # after changing a kind's template or io/documents/layout.py
    python tools/build_doc_templates.py --out DIR  # somewhere else (tests/test_doc_templates.py compares)

The templates are never edited by hand: each kind's `template()` (services/documents/<kind>.py) lays it out
with the GB/T 9704 blocks of io/documents/layout.py. The build is deterministic (no times in the files), so
the test can tell a shipped template that is out of date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shuanglian_cli.services.documents.kinds import all_kinds  # noqa: E402

SHIPPED = ROOT / "shuanglian_cli" / "templates"


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in all_kinds():
        path = folder / f"{kind.name}.docx"
        kind.build_template().save(path)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SHIPPED, help="folder to write the templates to")
    args = parser.parse_args()
    for path in build(args.out):
        print(path)


if __name__ == "__main__":
    main()
