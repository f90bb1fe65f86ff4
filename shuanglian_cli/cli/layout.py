"""Tables laid out for the terminal's width: ids, dates, numbers and names never wrap; the free-text
column takes what is left and is cut with “…” (or wrapped, for a record shown whole); a table that does
not fit even so is shown vertically, one block per row. Drawn directly (rich's box style), because
rich.Table costs ~1.5 ms a row and folds dates mid-value when space runs short."""

import os
import shutil
import sys
import unicodedata
from collections.abc import Sequence

# keys of free text: the columns that give up width (people's words, addresses, long descriptions)
FREE_TEXT_KEYS = frozenset({
    "content", "note", "notes", "topic", "change", "address", "work_unit", "not_contacted", "problems",
    "answer", "reply", "opinion", "summary", "detail", "details", "description", "remark", "text",
    "excerpt",
})
_MIN_FREE = 16  # narrower than this, the free text says too little: go vertical
_ELLIPSIS = "…"

_widths: dict[str, int] = {}


def char_width(ch: str) -> int:
    w = _widths.get(ch)
    if w is None:
        w = _widths[ch] = (
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        )
    return w


def text_width(s: str) -> int:
    return len(s) if s.isascii() else sum(char_width(ch) for ch in s)


def cut(s: str, width: int) -> str:
    """s cut to `width` terminal cells, ending in “…” when anything was cut."""
    if text_width(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + _ELLIPSIS


NO_LINE_START = set("、，。：；！？）》」』”’…")


def wrap(s: str, width: int) -> list[str]:
    """s broken into lines of at most `width` cells: between any two Chinese characters (Chinese has no
    spaces to break at), but never inside a run of ASCII letters, digits and marks such as a date, a
    number or an id (2026-09-07, #1852), unless the run alone is wider than a line."""
    import re

    lines, line, used = [], [], 0
    for token in re.findall(r"[!-~]+|.", s, flags=re.S):
        w = text_width(token)
        if used + w > width and line and (len(token) == 1 or w <= width):
            # Chinese typesetting: a line never starts with 、，。：；）” and the like; the character before
            # goes down with it (so 吕慧杰、 stays together)
            carried: list[str] = []
            while (token in NO_LINE_START and len(line) > 1 and (not carried or carried[0] in NO_LINE_START)
                   and text_width("".join([line[-1], *carried, token])) <= width):
                carried.insert(0, line.pop())
            lines.append("".join(line))
            line, used = carried, sum(text_width(c) for c in carried)
            if token == " ":
                continue
        if w > width - used and len(token) > 1:  # a run wider than a line: by character after all
            for ch in token:
                cw = char_width(ch)
                if used + cw > width and line:
                    lines.append("".join(line))
                    line, used = [], 0
                line.append(ch)
                used += cw
            continue
        line.append(token)
        used += w
    lines.append("".join(line))
    return lines


def agenda_lines(items: Sequence[tuple[str, str, str, str]], width: int) -> list[str]:
    """A to-do list for a narrow terminal: per item `事项  日期  what to do` (the text wrapped under itself,
    dates and names whole) and the command that records it on a line of its own, never wrapped by us
    (so it can be copied whole)."""
    kind_w = max((text_width(k) for k, _, _, _ in items), default=0)
    out = []
    for kind, day, action, command in items:
        head = f"{pad(kind, kind_w)}  {day}  "
        room = max(width - text_width(head), 16)
        body = wrap(action, room)
        out.append(head + body[0])
        out += [" " * text_width(head) + rest for rest in body[1:]]
        out.append(" " * text_width(head) + "→ " + command)
    return out


def pad(s: str, width: int) -> str:
    return s + " " * max(0, width - text_width(s))


def terminal_width() -> int:
    """COLUMNS if set (as rich does), else the terminal's width, else 80."""
    try:
        value = int(os.environ.get("COLUMNS", ""))
        if value > 0:
            return value
    except ValueError:
        pass
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns or 80
        except (AttributeError, OSError, ValueError):
            continue
    return shutil.get_terminal_size((80, 24)).columns


def styled() -> bool:
    try:
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    except (AttributeError, ValueError):
        return False


def _bold(s: str, on: bool) -> str:
    return f"\x1b[1m{s}\x1b[0m" if on and s else s


def table_lines(
    headers: Sequence[str],
    body: Sequence[Sequence[str]],
    free: Sequence[bool],
    width: int,
    whole: bool = False,
    title: str | None = None,
) -> list[str]:
    """The lines of a boxed table at most `width` cells wide, or of a vertical layout when it cannot fit.
    `free[i]` marks the free-text columns; `whole` wraps their text instead of cutting it."""
    keep = [i for i in range(len(headers)) if any(line[i] for line in body)]  # a column empty in every row: not shown
    if len(keep) < len(headers) and keep:
        headers, free = [headers[i] for i in keep], [free[i] for i in keep]
        body = [[line[i] for i in keep] for line in body]
    n = len(headers)
    cell_w = [[text_width(c) for c in line] for line in body]
    data_w = [max([line[i] for line in cell_w] or [0]) for i in range(n)]
    natural = [max(data_w[i], text_width(headers[i])) for i in range(n)]
    flex = [i for i in range(n) if free[i]]
    fair = min(sum(natural[i] for i in flex), 20 * len(flex))

    def fit(frame: int, least: int) -> list[int] | None:
        if sum(natural) + frame <= width:
            return natural
        if not flex:
            return None
        sizes = [0 if free[i] else natural[i] for i in range(n)]
        room = width - frame - sum(sizes)
        return _share(sizes, flex, natural, room) if room >= least else None

    # boxed as rich draws it; where that is too tight, without the box (2 spaces between columns); else vertical
    least = min(fair, _MIN_FREE * len(flex))
    for boxed, room in ((True, fair), (False, fair), (False, least)):
        sizes = fit(3 * n + 1 if boxed else 2 * (n - 1), room)
        if sizes is not None:
            return _drawn(headers, body, free, sizes, whole, title, width, boxed, cell_w)
    return vertical_lines(headers, body, free, width, whole, title)


def _share(sizes: list[int], flex: list[int], natural: list[int], room: int) -> list[int]:
    """Share `room` among the free-text columns: none gets more than it needs, the rest evenly."""
    sizes = list(sizes)
    left = list(flex)
    while left:
        each = room // len(left)
        small = [i for i in left if natural[i] <= each]
        if not small:
            for k, i in enumerate(left):
                sizes[i] = each + (1 if k < room - each * len(left) else 0)
            break
        for i in small:
            sizes[i] = natural[i]
            room -= natural[i]
            left.remove(i)
    return sizes


def _drawn(headers, body, free, sizes, whole, title, width, boxed, cell_w) -> list[str]:
    bold = styled()
    total = sum(sizes) + (3 * len(sizes) + 1 if boxed else 2 * (len(sizes) - 1))
    out = []
    if title:  # centred over the table; a title wider than the table is shown whole (wrapped at the screen)
        for t in wrap(title, max(total, min(width, text_width(title)))):
            left = " " * max(0, (total - text_width(t)) // 2)
            out.append(left + (f"\x1b[3m{t}\x1b[0m" if bold else t))

    def rule(a: str, m: str, b: str, fill: str) -> str:
        return a + m.join(fill * (s + 2) for s in sizes) + b

    def lines_of(cells: Sequence[str], wrap_all: bool) -> list[list[str]]:
        cols = []
        for i, c in enumerate(cells):
            if wrap_all or (free[i] and whole):
                cols.append(wrap(c, sizes[i]) if text_width(c) > sizes[i] else [c])
            else:
                cols.append([cut(c, sizes[i])])
        return cols

    def emit(cols: list[list[str]], edge: str, strong: bool) -> None:
        for k in range(max(len(c) for c in cols)):
            cells = [pad(c[k] if k < len(c) else "", sizes[i]) for i, c in enumerate(cols)]
            line = edge + edge.join(f" {c} " for c in cells) + edge if boxed else "  ".join(cells).rstrip()
            out.append(_bold(line, strong and bold))

    def body_lines(edge: str) -> None:
        for row, ws in zip(body, cell_w, strict=True):
            if all(w <= s for w, s in zip(ws, sizes, strict=True)):  # the usual row: one line, nothing to cut
                cells = [c + " " * (s - w) for c, w, s in zip(row, ws, sizes, strict=True)]
                out.append(edge + edge.join(f" {c} " for c in cells) + edge if boxed else "  ".join(cells).rstrip())
            else:
                emit(lines_of(row, False), edge, False)

    if not boxed:
        emit(lines_of(headers, True), "", True)
        out.append("─" * total)
        body_lines("")
        return out
    out.append(rule("┏", "┳", "┓", "━"))
    emit(lines_of(headers, True), "┃", True)
    out.append(rule("┡", "╇", "┩", "━"))
    body_lines("│")
    out.append(rule("└", "┴", "┘", "─"))
    return out


def vertical_lines(headers, body, free, width, whole, title) -> list[str]:
    """One block a row: the short fields packed “表头 值” into lines, each free text on its own line(s)."""
    bold = styled()
    out = [f"\x1b[3m{t}\x1b[0m" if bold else t for t in wrap(title, width)] if title else []
    indent = "  "
    for n, row in enumerate(body):
        if n:
            out.append("")
        line, used, lead = "", 0, ""
        for i, value in enumerate(row):
            if free[i] or value == "":
                continue
            w = text_width(headers[i]) + 1 + text_width(value)
            if line and used + 2 + w > width:
                out.append(line)
                line, used, lead = "", 0, indent
            if line:
                line, used = f"{line}  {_bold(headers[i], bold)} {value}", used + 2 + w
            else:
                room = width - len(lead) - text_width(headers[i]) - 1
                line = f"{lead}{_bold(headers[i], bold)} {cut(value, max(room, 1))}"
                used = len(lead) + min(w, width - len(lead))
        if line:
            out.append(line)
        for i, value in enumerate(row):
            if not free[i] or value == "":
                continue
            label = headers[i]
            room = max(width - len(indent) - text_width(label) - 1, 10)
            if whole:
                parts = wrap(value, room)
                out.append(f"{indent}{_bold(label, bold)} {parts[0]}")
                out += [indent + " " * (text_width(label) + 1) + p for p in parts[1:]]
            else:
                out.append(f"{indent}{_bold(label, bold)} {cut(value, room)}")
    return out
