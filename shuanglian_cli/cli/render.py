"""Command output: tables (drawn by cli/layout.py), json, csv, single records, --out files, and the
✓/注意 lines. The one JSON writer lives here."""


import csv
import datetime as dt
import enum
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer

from shuanglian_cli.cli.options import OutputFormat
from shuanglian_cli.cli.state import AppState


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _csv_value(value: Any) -> Any:
    """A value as csv carries it: ISO dates, true/false (as json says them), empty for None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else _plain(value)


def stdout_console():
    from rich.console import Console

    return Console(soft_wrap=False)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def _out_state() -> AppState | None:
    """The app state when this command was given --out FILE (cli/out_option.py), else None."""
    try:  # typer >= 0.16 carries its own copy of click
        from typer.main import get_current_context
    except ImportError:
        from click import get_current_context

    ctx = get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, AppState) and obj.extras.get("out") else None


def _to_out_file(st: AppState, title: str | None, headers: list[str], cells: list[list[Any]]) -> None:
    """Add one table to the --out file (a command that shows several tables gets several sheets)."""
    from shuanglian_cli.io.listing_file import Sheet, write_listing

    sheets = st.extras.setdefault("out_sheets", [])
    sheets.append(Sheet(title, headers, cells))
    path = st.extras["out"]
    write_listing(path, sheets)
    from rich.markup import escape

    ok(escape(f"已写入 {path}" + (f"：{title}" if title and len(sheets) > 1 else "") + f"（{len(cells)} 行）"))


def _machine_keys(rows: Sequence[dict], columns: Sequence[tuple[str, str]]) -> list[str]:
    keys = [k for k, _ in columns]
    for row in rows[:1]:
        keys += [k for k in row if k not in keys]
    return keys


def render(
    rows: Sequence[dict],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat | str = OutputFormat.table,
    title: str | None = None,
    footer: Iterable[str] = (),
    empty: str = "没有记录",
    whole: bool = False,
) -> None:
    """Print rows as a table (Chinese headers, fitted to the terminal's width: cli/layout.py) or as
    json/csv with the English keys; with --out FILE, write them to that .xlsx/.csv file instead.

    columns: (key, 中文表头) pairs; json and csv carry every key of the rows in column order
    followed by any others, so scripts get stable names. whole: free text wraps instead of being cut
    (a record's own timeline).
    """
    fmt = OutputFormat(fmt)
    out = _out_state()
    if out is not None:
        if fmt is OutputFormat.table:
            headers = [h for _, h in columns]
            cells = [[_file_cell(row.get(k)) for k, _ in columns] for row in rows]
        else:
            headers = _machine_keys(rows, columns)
            cells = [[_csv_value(row.get(k)) for k in headers] for row in rows]
        _to_out_file(out, title, headers, cells)
        return
    if fmt is OutputFormat.json:
        data = [{k: _plain(v) for k, v in row.items()} for row in rows]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt is OutputFormat.csv:
        keys = _machine_keys(rows, columns)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(row.get(k)) for k in keys})
        sys.stdout.write(buf.getvalue())
        sys.stdout.flush()
        return
    if not rows:
        console = stdout_console()
        if title:
            console.print(f"[bold]{title}[/bold]")
        console.print(f"[dim]{empty}[/dim]")
        for line in footer:
            console.print(line)
        return
    from shuanglian_cli.cli.layout import FREE_TEXT_KEYS, table_lines, terminal_width

    headers = [h for _, h in columns]
    body = [[_text(row.get(k)) for k, _ in columns] for row in rows]
    free = [k in FREE_TEXT_KEYS for k, _ in columns]
    lines = table_lines(headers, body, free, terminal_width(), whole=whole, title=title)
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    footer = list(footer)
    if footer:
        console = stdout_console()
        for line in footer:
            console.print(line)


def _text(value: Any) -> str:
    """A table cell: one line of plain text (line breaks in people's words become spaces on screen)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return " ".join(str(_plain(value)).split())


def _file_cell(value: Any) -> Any:
    """A cell of an --out file from a table: numbers stay numbers, booleans 是/否, the rest text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or isinstance(value, int | float):
        return value
    return str(_plain(value))



def render_record(pairs: Sequence[tuple[str, Any]], title: str | None = None) -> None:
    """A single record as label/value lines, the value whole (wrapped to the terminal's width)."""
    out = _out_state()
    if out is not None:
        _to_out_file(out, title, ["项目", "内容"], [[label, _file_cell(value)] for label, value in pairs])
        return
    from shuanglian_cli.cli.layout import pad, styled, terminal_width, text_width, wrap

    width = terminal_width()
    label_w = max([text_width(label) for label, _ in pairs] or [0])
    bold = styled()
    lines = [f"\x1b[1m{title}\x1b[0m" if bold else title] if title else []
    room = max(width - 2 - label_w - 2, 16)
    for label, value in pairs:
        text = _text(value)
        parts = wrap(text, room) if text_width(text) > room else [text]
        head = pad(label, label_w)
        lines.append("  " + (f"\x1b[1m{head}\x1b[0m" if bold else head) + "  " + parts[0])
        lines += [" " * (2 + label_w + 2) + p for p in parts[1:]]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def echo_json(data: Any, *, row_per_line: bool = False) -> None:
    """The one JSON writer. row_per_line: a list of plain records written one object per line: the C
    encoder per row is several times faster than json.dumps(indent=2) on tens of thousands of rows
    (overdue lists at province scale)."""
    out = _out_state()
    if out is not None:  # --out with json data: its lists of records as tables, the rest as key/value
        for title, headers, cells in _json_tables(data):
            _to_out_file(out, title, headers, cells)
        return
    if row_per_line and isinstance(data, list):
        encode = json.JSONEncoder(ensure_ascii=False, default=_plain).encode
        sys.stdout.write("[\n" + ",\n".join(["  " + encode(r) for r in data]) + "\n]\n" if data else "[]\n")
        sys.stdout.flush()
        return
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


def echo_json_rows(rows: list[dict]) -> None:
    """Many records as JSON, one per line (echo_json with row_per_line)."""
    echo_json(rows, row_per_line=True)


def _json_tables(data: Any) -> list[tuple[str | None, list[str], list[list[Any]]]]:
    def records(items: list) -> bool:
        return bool(items) and all(isinstance(i, dict) for i in items)

    def table(title, items):
        keys = _machine_keys(items, [])
        return title, keys, [[_csv_value(_scalar(i.get(k))) for k in keys] for i in items]

    if isinstance(data, list):
        return [table(None, data)] if records(data) else [(None, ["value"], [[_csv_value(_scalar(v))] for v in data])]
    if not isinstance(data, dict):
        return [(None, ["value"], [[_csv_value(_scalar(data))]])]
    pairs = [[k, _csv_value(_scalar(v))] for k, v in data.items() if not (isinstance(v, list) and records(v))]
    out = [(None, ["key", "value"], pairs)] if pairs else []
    out += [table(k, v) for k, v in data.items() if isinstance(v, list) and records(v)]
    return out


def _scalar(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return value


def ok(message: str) -> None:
    stdout_console().print(f"[green]✓[/green] {message}")


def warn(message: str) -> None:
    stderr_console().print(f"[yellow]注意：[/yellow]{message}")


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
