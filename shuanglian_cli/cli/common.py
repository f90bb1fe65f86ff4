"""What every command module shares: the app state (config, database), output formats, errors."""


import csv
import datetime as dt
import enum
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_HELP = "输出格式：table（表格）、json 或 csv；json/csv 用英文键名和 ISO 日期，便于程序处理"


def format_option() -> Any:
    return typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP, case_sensitive=False)


def as_of_option() -> Any:
    return typer.Option(None, "--as-of", help="按哪一天计算（默认今天），例如 2026-11-20；用于复现结果")


def county_option() -> Any:
    return typer.Option(None, "--county", "-c", help="县区：沂源县、沂源或 yiyuan；不填则为全部")


@dataclass
class AppState:
    db_option: str | None = None
    config_option: str | None = None
    operator_option: str | None = None
    _config: Any = None
    _db: Any = None
    extras: dict = field(default_factory=dict)

    @property
    def config(self):
        if self._config is None:
            from shuanglian_cli.config import load_config

            self._config = load_config(self.config_option)
        return self._config

    @property
    def db_path(self) -> Path:
        from shuanglian_cli.config import resolve_db_path

        return resolve_db_path(self.db_option, self.config)

    def db(self, create: bool = False):
        """The open database; with create=False a missing file is a clear error. In a read-only
        place it is opened read-only (store/db.open_db): reads work, a write is refused as such."""
        if self._db is None:
            from shuanglian_cli.store.db import Actor, open_db

            # who and what the audit trail credits changes to (store/connection.py: transaction)
            actor = Actor(self.safe_operator(), current_command_name())
            self._db = open_db(self.db_path, create=create, actor=actor)
        return self._db

    @property
    def calendar(self):
        return self.config.calendar

    @property
    def operator(self) -> str:
        import getpass

        return (
            self.operator_option
            or os.environ.get("SL_OPERATOR")
            or self.config.get("operator")
            or getpass.getuser()
        )

    def safe_operator(self) -> str:
        """The operator, or a placeholder when the OS cannot name the user (no passwd entry)."""
        try:
            return self.operator
        except Exception:
            return "（未知）"

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


def today_or(as_of: str | None) -> dt.date:
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date

    return parse_date(as_of, "--as-of 日期") if as_of else today()


# -- output -------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def stdout_console():
    from rich.console import Console

    return Console(soft_wrap=False)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def render(
    rows: Sequence[dict],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat | str = OutputFormat.table,
    title: str | None = None,
    footer: Iterable[str] = (),
    empty: str = "没有记录",
) -> None:
    """Print rows as a rich table (Chinese headers) or as json/csv with the English keys.

    columns: (key, 中文表头) pairs; json and csv carry every key of the rows in column order
    followed by any others, so scripts get stable names.
    """
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        data = [{k: _plain(v) for k, v in row.items()} for row in rows]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt is OutputFormat.csv:
        keys = [k for k, _ in columns]
        for row in rows[:1]:
            keys += [k for k in row if k not in keys]
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _plain(row.get(k)) for k in keys})
        sys.stdout.write(buf.getvalue())
        sys.stdout.flush()
        return
    from rich.table import Table

    console = stdout_console()
    if not rows:
        if title:
            console.print(f"[bold]{title}[/bold]")
        console.print(f"[dim]{empty}[/dim]")
        for line in footer:
            console.print(line)
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(k)) for k, _ in columns])
    console.print(table)
    for line in footer:
        console.print(line)


def _cell(value: Any) -> str:
    from rich.markup import escape

    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return escape(str(_plain(value)))


def render_record(pairs: Sequence[tuple[str, Any]], title: str | None = None) -> None:
    """A single record as a two-column 项目/内容 table."""
    from rich.table import Table

    table = Table(title=title, show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in pairs:
        table.add_row(label, _cell(value))
    stdout_console().print(table)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


def ok(message: str) -> None:
    stdout_console().print(f"[green]✓[/green] {message}")


def warn(message: str) -> None:
    stderr_console().print(f"[yellow]注意：[/yellow]{message}")


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def progress_bar(total: int | None, description: str):
    """A rich progress bar on a terminal; a silent stand-in when output is piped."""
    if not sys.stderr.isatty():
        return _SilentProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(
        TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=stderr_console(), transient=True,
    )
    return _RichProgress(prog, total)


class _SilentProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def advance(self, n: int = 1) -> None:
        pass


class _RichProgress:
    def __init__(self, prog, total):
        self.prog = prog
        self.total = total

    def __enter__(self):
        self.prog.__enter__()
        self.task = self.prog.add_task("", total=self.total)
        return self

    def __exit__(self, *exc):
        return self.prog.__exit__(*exc)

    def advance(self, n: int = 1) -> None:
        self.prog.advance(self.task, n)


def current_command_name() -> str | None:
    """The running sub-command as typed, without the program name: 'suggestions refer'.
    Arguments are left out on purpose: they may hold names and phone numbers."""
    try:  # typer >= 0.16 carries its own copy of click
        from typer.main import get_current_context
    except ImportError:
        from click import get_current_context

    ctx = get_current_context(silent=True)
    if ctx is None:
        return None
    parts = ctx.command_path.split()
    return " ".join(parts[1:]) or parts[0] if parts else None


def render_fast(
    rows: Sequence[dict],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat | str = OutputFormat.table,
    title: str | None = None,
    footer: Iterable[str] = (),
    empty: str = "没有记录",
) -> None:
    """render(), but a long table is drawn directly (same box style as rich's default) instead of
    through rich.Table, whose cost grows with every row: `sl deputy list` on a county stays instant.
    Cells are not wrapped; json/csv and short tables go through render()."""
    if OutputFormat(fmt) is not OutputFormat.table or len(rows) < 40:
        render(rows, columns, fmt, title, footer, empty)
        return
    import unicodedata

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        return " ".join(str(_plain(value)).split())

    widths_cache: dict[str, int] = {}

    def width(s: str) -> int:
        if s.isascii():
            return len(s)
        total = 0
        for ch in s:
            w = widths_cache.get(ch)
            if w is None:
                w = widths_cache[ch] = (
                    0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                )
            total += w
        return total

    headers = [h for _, h in columns]
    body = [[text(row.get(k)) for k, _ in columns] for row in rows]
    sizes = [width(h) for h in headers]
    cell_widths = [[width(c) for c in line] for line in body]
    for line in cell_widths:
        for i, w in enumerate(line):
            if w > sizes[i]:
                sizes[i] = w

    def line_of(cells: list[str], cws: list[int], edge: str) -> str:
        return edge + edge.join(f" {c}{' ' * (sizes[i] - cws[i])} " for i, c in enumerate(cells)) + edge

    def rule(left: str, mid: str, right: str, fill: str) -> str:
        return left + mid.join(fill * (s + 2) for s in sizes) + right

    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    total = sum(sizes) + 3 * len(sizes) + 1
    out = []
    if title:
        pad = max(0, (total - width(title)) // 2)
        out.append(" " * pad + (f"\x1b[3m{title}\x1b[0m" if bold else title))
    head = line_of(headers, [width(h) for h in headers], "┃")
    out += [rule("┏", "┳", "┓", "━"), f"\x1b[1m{head}\x1b[0m" if bold else head, rule("┡", "╇", "┩", "━")]
    out += [line_of(line, cws, "│") for line, cws in zip(body, cell_widths, strict=True)]
    out.append(rule("└", "┴", "┘", "─"))
    out += list(footer)
    sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()
