"""sl suggestions search / sl record search: earlier records by their words, best matches first."""

import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, StationOpt, format_option
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

WORDS = typer.Argument(..., help="要查找的文字；多个词用空格隔开，须同时出现（不分全角半角、大小写）")
LIMIT = typer.Option(20, "--limit", "-n", help="最多显示多少条（最相关的在前）")
YEAR = typer.Option(None, "--year", help="年份（意见建议按登记日期，活动按活动日期）")
TOWN = typer.Option(None, "--town", help="镇街：其下各联络站(点)的记录")

# on screen the station goes by its place (南麻街道 for 南麻街道人大代表民情联络站) so the excerpt keeps room
SUGGESTION_COLUMNS = [("id", "编号"), ("collected_on", "登记日期"), ("place", "站(点)"), ("state", "状态"),
                      ("excerpt", "摘录")]
ACTIVITY_COLUMNS = [("id", "编号"), ("date", "日期"), ("place", "站(点)"), ("kind", "类型"), ("excerpt", "摘录")]
STATION_SUFFIXES = ("人大代表民情联络站", "人大代表联络站", "民情联络站", "民情联络点", "联络站", "联络点")


def place(station: str | None) -> str:
    for suffix in STATION_SUFFIXES:
        if station and station.endswith(suffix) and len(station) > len(suffix):
            return station[: -len(suffix)]
    return station or ""


def suggestions_search(
    ctx: typer.Context,
    words: list[str] = WORDS,
    county: CountyOpt = None,
    station: StationOpt = None,
    town: str = TOWN,
    year: int = YEAR,
    state_: list[str] = typer.Option(None, "--state", help="状态，可多次：collected referred returned replied fed_back closed on_spot inter_session withdrawn"),
    limit: int = LIMIT,
    fmt: OutputFormat = format_option(),
) -> None:
    """按文字查找意见建议（内容、现场解答、答复、备注、办理说明、协办意见、退办理由），最相关的在前。

    多个词用空格隔开，须同时出现；一个字也可以查；不分全角半角、大小写。联络站、镇街、年份、状态是筛选条件。

    例：sl suggestions search 路灯 夜间 --station 南麻街道人大代表民情联络站 --year 2026"""
    from shuanglian_cli.cli.roster_common import county_or_default, id_of
    from shuanglian_cli.domain.lifecycle import STATE_LABELS
    from shuanglian_cli.domain.vocabulary import STATE_SHORT
    from shuanglian_cli.services.search import filters, search

    bad = [s for s in state_ or [] if s not in STATE_LABELS]
    if bad:
        raise UserError(f"未知的状态“{bad[0]}”，可用：{'、'.join(f'{k}（{v}）' for k, v in STATE_LABELS.items())}")
    db = state(ctx).db()
    c = county_or_default(ctx, county)
    county_id = c["id"] if c else None
    where = filters("s", county_id=county_id, station_id=id_of(db, "stations", station, county_id),
                    town_id=id_of(db, "towns", town, county_id), year=year, states=state_, date_column="collected_on")
    rows = search(db, "suggestions", words, where, limit)
    if fmt is OutputFormat.table:
        rows = [{**r, "state": STATE_SHORT.get(r["state"], r["state"]), "place": place(r["station"])} for r in rows]
    _show(rows, SUGGESTION_COLUMNS, fmt, words, "意见建议查找结果")


def record_search(
    ctx: typer.Context,
    words: list[str] = WORDS,
    county: CountyOpt = None,
    station: StationOpt = None,
    town: str = TOWN,
    year: int = YEAR,
    limit: int = LIMIT,
    fmt: OutputFormat = format_option(),
) -> None:
    """按文字查找联系活动（主题、情况摘要），最相关的在前。

    多个词用空格隔开，须同时出现；一个字也可以查；不分全角半角、大小写。联络站、镇街、年份是筛选条件。"""
    from shuanglian_cli.cli.roster_common import county_or_default, id_of
    from shuanglian_cli.services.search import filters, search

    db = state(ctx).db()
    c = county_or_default(ctx, county)
    county_id = c["id"] if c else None
    where = filters("a", county_id=county_id, station_id=id_of(db, "stations", station, county_id),
                    town_id=id_of(db, "towns", town, county_id), year=year, date_column="date")
    rows = search(db, "activities", words, where, limit)
    if fmt is OutputFormat.table:
        rows = [{**r, "place": place(r["station"])} for r in rows]
    _show(rows, ACTIVITY_COLUMNS, fmt, words, "联系活动查找结果")


def _show(rows: list[dict], columns, fmt: OutputFormat, words: list[str], title: str) -> None:
    """A table on a terminal gets the hits highlighted (drawn lines, so the layout's widths hold);
    anything else (a pipe, json, csv, --out) is plain."""
    from shuanglian_cli.cli.layout import styled
    from shuanglian_cli.cli.render import _out_state, render

    if fmt is not OutputFormat.table:  # the machine forms: the station's full name
        columns = [("station", "联络站(点)") if k == "place" else (k, h) for k, h in columns]
    footer = [f"共 {len(rows)} 条（按相关度排列）"] if fmt is OutputFormat.table else []
    if fmt is not OutputFormat.table or not rows or not styled() or _out_state() is not None:
        render(rows, columns, fmt, title=title, footer=footer, empty="没有找到")
        return
    import sys

    from shuanglian_cli.cli.layout import FREE_TEXT_KEYS, table_lines, terminal_width
    from shuanglian_cli.cli.render import _text
    from shuanglian_cli.domain.search_text import parse_terms

    terms = [t.text for t in parse_terms(words)]
    body = [[_text(r.get(k)) for k, _ in columns] for r in rows]
    free = [k in FREE_TEXT_KEYS for k, _ in columns]
    lines = table_lines([h for _, h in columns], body, free, terminal_width(), title=title)
    sys.stdout.write("\n".join(highlighted(line, terms) for line in lines) + "\n")
    print(footer[0])


def highlighted(line: str, terms: list[str]) -> str:
    """The line with each hit of the (folded) terms in reverse video: in a boxed table's row only its
    last cell (the excerpt; ids and dates hold digits too), and never inside the layout's own escapes."""
    import re

    if line.startswith("│"):
        cut = line.rfind("│", 0, len(line.rstrip()) - 1) + 1
        return line[:cut] + highlighted_text(line[cut:], terms)
    if line.startswith(("┃", "┏", "┡", "└")):
        return line
    return "".join(part if part.startswith("\x1b") else highlighted_text(part, terms)
                   for part in re.split("(\x1b\\[[0-9;]*m)", line))


def highlighted_text(text: str, terms: list[str]) -> str:
    from shuanglian_cli.domain.search_text import spans

    out, at = [], 0
    for start, end in spans(text, terms):
        out += [text[at:start], "\x1b[7m", text[start:end], "\x1b[27m"]
        at = end
    return "".join(out) + text[at:]
