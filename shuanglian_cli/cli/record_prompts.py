"""Asking on a terminal for what `sl record visit` was not given (Tab completion of names)."""


import typer

from shuanglian_cli.cli.render import warn
from shuanglian_cli.errors import UserError


def _complete_with(names: list[tuple[str, str, str]]) -> None:
    """Tab completion of names (also from pinyin or initials) when a real terminal reads the answer."""
    import sys

    if not sys.stdin.isatty():
        return
    try:
        import readline
    except ImportError:  # Windows has no readline: answers are typed in full
        return

    def complete(text: str, index: int):
        low = text.lower()
        hits = [n for n, full, ini in names if n.startswith(text) or (low.isascii() and low and
                (full.startswith(low) or ini.startswith(low)))]
        return hits[index] if index < len(hits) else None

    try:
        readline.set_completer_delims("、,， ")
        readline.set_completer(complete)
        readline.parse_and_bind("tab: complete")
    except Exception:  # a partial readline (e.g. a Windows stand-in): no completion, never an error
        pass


def _ask(label: str, check, default: str = "", table: tuple | None = None):
    """Prompt until `check(answer)` passes; a UserError is shown and the question asked again."""
    if table:
        from shuanglian_cli.store.activities import completion_names

        _complete_with(completion_names(*table))
    while True:
        answer = typer.prompt(label, default=default, show_default=bool(default)).strip()
        try:
            return check(answer)
        except UserError as exc:
            warn(exc.message + ("（" + "；".join(exc.details[:5]) + "）" if exc.details else ""))


def _split(text: str) -> list[str]:
    import re

    return [p for p in re.split(r"[、,，;；\s]+", text) if p]


def fill_in(db, vi, today, default_county):
    """Ask, question by question, for each part of the visit `vi` still missing; returns `vi` filled in."""
    from shuanglian_cli.domain.activity import (
        OpinionInput,
        check_opinion,
        parse_kind,
        parse_new_constituent,
    )
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.store.resolve import find, find_county

    if vi.date in (None, ""):
        vi.date = _ask("活动日期", lambda t: parse_date(t, "活动日期"), today.isoformat())
    if not vi.kind:
        vi.kind = _ask("活动类型（接待日/议题式接待/季度双联/走访/接听日/座谈/述职/其他）", parse_kind, "接待日")
    county = find_county(db, vi.county) if vi.county else None
    if not vi.station and (county or not default_county) and not vi.county:
        row = _ask("联络站或联络点", lambda t: find(db, "stations", t), table=(db, "stations", None))
        vi.station = str(row["id"])
        county = find_county(db, str(row["county_id"]))
    elif vi.station:
        county = county or find_county(db, str(find(db, "stations", vi.station)["county_id"]))
    cid = county["id"] if county else None

    def people(table: str):
        return lambda t: [str(find(db, table, n, county_id=cid)["id"]) if table == "constituents"
                          else str(_find_any(db, table, n, cid)["id"]) for n in _split(t)]

    kind = parse_kind(vi.kind)
    if kind == "议题式接待" and not vi.topics:
        vi.topics = _split(_ask("议题（多个用、分隔，回车跳过）", lambda t: t))
    if not vi.deputies:
        vi.deputies = _ask("参加的代表（多个用、分隔，Tab 补全，回车跳过）", people("deputies"),
                           table=(db, "deputies", cid))
    if not vi.members and kind == "季度双联":
        vi.members = _ask("参加的常委会组成人员（多个用、分隔，回车跳过）", people("members"), table=(db, "members", cid))
    if not vi.constituents and not vi.new_constituents and vi.headcount is None:
        vi.constituents = _ask("接待的名册内群众（多个用、分隔，回车跳过）", people("constituents"),
                               table=(db, "constituents", cid))
        while True:
            text = _ask("名册外的新群众：姓名,电话,住址（回车结束）",
                        lambda t: t and (parse_new_constituent(t, "新群众") and t))
            if not text:
                break
            vi.new_constituents.append(text)
        vi.headcount = _ask("另有多少群众只记人数", lambda t: int(t) if t.isdigit() else _bad("请填写人数（整数）"), "0")
    if kind == "述职" and not vi.rating:
        vi.rating = _ask("述职评议结果：满意人数/参评人数（回车跳过）", lambda t: t)
    if not vi.opinions:
        n = 1
        while True:
            content = _ask(f"第 {n} 条意见建议内容（回车结束）", lambda t: t)
            if not content:
                break
            check_opinion(content, "")
            handle = _ask("处理方式：现场解答 / 交办:承办单位 / 闭会 / 登记", lambda t: _check_handle(db, t, cid), "现场解答")
            vi.opinions.append(OpinionInput(content=content, handle=handle, where=f"第 {n} 条意见："))
            n += 1
    return vi


def _bad(message: str):
    raise UserError(message)


def _find_any(db, table: str, text: str, county_id):
    from shuanglian_cli.errors import NotFound
    from shuanglian_cli.store.resolve import find

    try:
        return find(db, table, text, county_id=county_id)
    except NotFound:
        return find(db, table, text)


def _check_handle(db, text: str, county_id) -> str:
    """The handling typed, with a department written out as its full name (交办:交通 -> 县交通运输局),
    echoed so the clerk sees which body the abbreviation stood for."""
    from shuanglian_cli.domain.activity import Handling, parse_handling
    from shuanglian_cli.store.resolve import find

    handling = parse_handling(text)
    if handling.kind == "refer":
        name = find(db, "departments", handling.department, county_id=county_id)["name"]
        handling = Handling("refer", name, handling.limit)
        text = f"refer:{name}" + (f":{handling.limit}" if handling.limit else "")
    typer.echo(f"  → {handling.describe()}")
    return text
