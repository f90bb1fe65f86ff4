"""Golden outputs: run a fixed list of read commands on the demo database (as of 2026-11-20) and keep
what each prints, so a refactor can show that every public output stayed byte-identical.

    python benchmarks/golden_outputs.py --out /tmp/golden-before        # save today's outputs
    python benchmarks/golden_outputs.py --compare /tmp/golden-before    # run again and diff
    python benchmarks/golden_outputs.py --code /path/to/old/checkout --out /tmp/golden-old

Each command runs as `python -m shuanglian_cli` in a fresh process (`--code DIR` puts another
checkout's package first on PYTHONPATH, to record the outputs of an older version with this
script). The clock is fixed (SL_TODAY), the operator too, and wall-clock timestamps (audit `at`,
`created_at`) are masked, so two runs of the same code give the same files. The export is read
back cell by cell, one JSON row list per sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-11-20"
TODAY = "2026-11-29"
A = ("--as-of", AS_OF)
J = ("--format", "json")

# name -> argv after `sl --db DEMO`; --as-of and --format json wherever the command takes them today
COMMANDS: dict[str, tuple[str, ...]] = {
    "stats-year": ("stats", "year", "2026", *A, *J),
    "stats-year-by-county": ("stats", "year", "2026", "--by-county", *A, *J),
    "stats-quarter": ("stats", "quarter", "2026Q3", *A, *J),
    "stats-quarter-table": ("stats", "quarter", "2026Q4", *A),
    "overdue": ("suggestions", "overdue", *A, *J),
    "overdue-table": ("suggestions", "overdue", *A),
    "due": ("suggestions", "due", "--within", "10", *A, *J),
    "suggestion-show-referred": ("suggestions", "show", "2189", *A, *J),
    "suggestion-show-table": ("suggestions", "show", "2189", *A),
    "suggestion-show-closed": ("suggestions", "show", "1", *A, *J),
    "suggestions-list": ("suggestions", "list", "--limit", "300", *J),
    "suggestions-list-table": ("suggestions", "list", "--limit", "40"),
    "departments-report": ("department", "report", "--year", "2026", *A, *J),
    "departments-report-table": ("department", "report", "--year", "2026", *A),
    "coverage": ("coverage", "--quarter", "2026Q3", *A, *J),
    "coverage-unreached": ("coverage", "--quarter", "2026Q3", "--view", "unreached", *A, "--format", "csv"),
    "deputy-rank": ("deputy", "rank", "--year", "2026", *J),
    "deputy-archive": ("deputy", "archive", "1", "--year", "2026", *J),
    "deputy-archive-table": ("deputy", "archive", "1", "--year", "2026"),
    "record-list": ("record", "list", "--limit", "0", *J),
    "record-show": ("record", "show", "1", *J),
    "record-show-table": ("record", "show", "1"),
    "county-list": ("county", "list", *J),
    "county-towns": ("county", "towns", "yiyuan", *J),
    "station-list": ("station", "list", *J),
    "deputy-list": ("deputy", "list", *J),
    "member-list": ("member", "list", *J),
    "constituent-list": ("constituent", "list", *J),
    "department-list": ("department", "list", *J),
    "link-list": ("link", "list", "--year", "2026", *J),
    "calendar-show-2026": ("calendar", "show", "2026", *J),
    "calendar-show-2027": ("calendar", "show", "2027", *J),
    "calendar-deadline": ("calendar", "deadline", "2026-09-28", "--days", "15"),
    "calendar-between": ("calendar", "between", "2026-09-28", "2026-10-20"),
    "schedule-next": ("schedule", "next", "--days", "30", *A, *J),
    "schedule-missed": ("schedule", "missed", "--quarter", "2026Q3", *A, *J),
    "audit": ("audit", "--limit", "40", *J),
}
EXPORT = ("export", "quarter", "--quarter", "2026Q3", "--county", "yiyuan", *A)

_WALL_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def _env(code: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SL_", "XDG_"))}
    env.update(SL_TODAY=TODAY, SL_OPERATOR="golden", COLUMNS="160", LC_ALL="C.UTF-8", TERM="dumb")
    home = Path(tempfile.mkdtemp(prefix="sl-golden-home-"))
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local"))
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _run(db: Path, argv: tuple[str, ...], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "shuanglian_cli", "--db", str(db), *argv], env=env, cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8")
    return done.returncode, _WALL_CLOCK.sub("<time>", done.stdout), _WALL_CLOCK.sub("<time>", done.stderr)


def _cell(value: object) -> str | None:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # a date cell: keep it, it is data, not the wall clock
    return None if value is None else str(value)


def _workbook_rows(folder: Path) -> str:
    import openpyxl

    lines = []
    for path in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            lines.append(f"## {path.name} / {sheet.title}")
            lines += [json.dumps([_cell(v) for v in row], ensure_ascii=False)
                      for row in sheet.iter_rows(values_only=True)]
    return _WALL_CLOCK.sub("<time>", "\n".join(lines)) + "\n"


def record(out: Path, code: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = _env(code)
    with tempfile.TemporaryDirectory(prefix="sl-golden-") as tmp:
        work = Path(tmp)
        db = work / "demo.db"
        rc, _, err = _run(db, ("demo", "--as-of", AS_OF), env, work)
        if rc != 0:
            sys.exit(f"demo failed ({rc}): {err}")
        for name, argv in COMMANDS.items():
            rc, stdout, stderr = _run(db, argv, env, work)
            text = f"$ sl {' '.join(argv)}\n# exit {rc}\n{stdout}"
            if stderr:
                text += f"# stderr\n{stderr}"
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
        folder = work / "export"
        folder.mkdir()
        rc, stdout, stderr = _run(db, (*EXPORT, "--out", str(folder)), env, work)
        (out / "export-quarter.txt").write_text(
            f"$ sl {' '.join(EXPORT)} --out DIR\n# exit {rc}\n{stderr}" + _workbook_rows(folder), encoding="utf-8")
    print(f"{len(COMMANDS) + 1} outputs written to {out}")


def compare(saved: Path, fresh: Path) -> int:
    names = sorted({p.name for p in saved.glob("*.txt")} | {p.name for p in fresh.glob("*.txt")})
    differing = 0
    for name in names:
        a, b = saved / name, fresh / name
        if not a.exists() or not b.exists():
            print(f"only in {'new' if b.exists() else 'saved'}: {name}")
            differing += 1
            continue
        old, new = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
        if old != new:
            differing += 1
            diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"saved/{name}", f"new/{name}",
                                             lineterm="", n=1))
            print("\n".join(diff[:60]) + ("\n..." if len(diff) > 60 else ""))
    print(f"{len(names) - differing} of {len(names)} outputs identical" + (f", {differing} differ" if differing else ""))
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder to write the outputs to")
    parser.add_argument("--compare", type=Path, metavar="DIR", help="saved folder to diff a fresh run against")
    parser.add_argument("--code", type=Path, help="run the package found in this checkout instead")
    args = parser.parse_args()
    if not args.out and not args.compare:
        parser.error("give --out DIR, --compare DIR or both")
    if args.compare:
        fresh = args.out or Path(tempfile.mkdtemp(prefix="sl-golden-new-"))
        record(fresh, args.code)
        sys.exit(compare(args.compare, fresh))
    record(args.out, args.code)


if __name__ == "__main__":
    main()
