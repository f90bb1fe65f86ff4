"""Reading a 意见收集登记表 back: as `sl export` wrote it, or as a town typed it by hand with the same
headers (a title row above, merged cells, blank rows, full-width digits, dates as 2026年8月5日,
2026.8.5 or Excel date cells). Every bad cell is reported with file, row and column; nothing is
written here (store/register.py does that)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from shuanglian_cli.domain import vocabulary
from shuanglian_cli.domain.register_row import RegisterRow
from shuanglian_cli.domain.text import CONTENT_MAX, clean_text
from shuanglian_cli.errors import UserError
from shuanglian_cli.io.templates import is_example_row

FIELDS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "date": ("接待日期", "收集日期", "日期", "接待时间"),
    "station": ("联络站(点)", "联络站", "联络站点", "联络点", "接待地点"),
    "deputy": ("接待代表", "代表", "代表姓名", "接待代表姓名"),
    "name": ("群众姓名", "反映人", "反映人姓名", "姓名"),
    "phone": ("联系电话", "电话", "手机号"),
    "address": ("住址", "地址", "家庭住址"),
    "content": ("意见建议内容", "意见建议", "反映问题", "主要内容", "内容"),
    "category": ("类别", "分类"),
    "handling": ("处理方式", "办理方式"),
    "department": ("承办单位", "责任部门", "交办单位", "承办部门"),
    "referred_on": ("交办日期", "交办时间"),
    "limit": ("办理时限", "时限"),
    "result": ("办理结果", "答复内容", "办理情况"),
    "replied_on": ("答复日期", "答复时间"),
    "satisfaction": ("群众满意度", "满意度", "满意情况"),
    "note": ("备注",),
}
REQUIRED = ("date", "station", "content")
FILL_DOWN = ("date", "station", "deputy")  # merged cells over one reception's rows

HANDLINGS = {
    "现场解答": "on_spot", "现场答复": "on_spot", "当场答复": "on_spot", "当场解答": "on_spot",
    "交办": "referred", "转办": "referred", "转交": "referred", "交办办理": "referred",
    "闭会期间建议": "inter_session", "闭会建议": "inter_session", "形成闭会期间建议": "inter_session",
}
SATISFACTION = {**{word: word for word in vocabulary.SATISFACTION}, "较满意": "基本满意"}
_LIMIT = re.compile(r"^(\d{1,3})\s*(个)?\s*(工作日|天|日)?$")
_MASKED = re.compile(r"^\d{1,4}\*+\d{0,4}$")
_SIGNATURE = ("填表人", "填报单位", "审核人", "填报日期", "本期无记录", "制表", "说明")
_NOTE_FED = re.compile(r"^反馈(?:日期)?[:：]\s*(.+)$")
_NOTE_CLOSED = re.compile(r"^办结(?:日期)?[:：]\s*(.+)$")
_NOTE_CHASES = re.compile(r"^督办\s*(\d+)\s*次$")
_COUNTY = re.compile(r"县区[:：]\s*(\S+)")


@functools.lru_cache(maxsize=65536)
def _name(text: str) -> str:
    """normalize_name, cached: a register repeats the same stations, deputies and bodies."""
    from shuanglian_cli.domain.text import normalize_name

    return normalize_name(text)


@dataclass
class Register:
    path: Path
    rows: list[RegisterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    county_hint: str | None = None  # from the "县区：沂源县" line of an exported form


def read_register(path: str | Path) -> Register:
    """Parse the register sheet; bad rows are collected in .errors (the caller refuses the file).

    An Excel sheet is streamed row by row (calamine), never held as Python lists; every per-cell
    conversion is cached per distinct value, since a register repeats its stations, deputies,
    dates, bodies and notes."""
    from shuanglian_cli.domain.text import clean_cell

    path = Path(path)
    table, rows, merged = _open_table(path)
    out = Register(path)
    fill = _merged_fill(merged, table)
    for cells in table.raw.rows[: table.header_row - table.raw.first_row]:
        for cell in cells:
            m = _COUNTY.search(clean_cell(cell)) if cell else None
            if m:
                out.county_hint = m.group(1)
    parser = _RowParser()
    columns = list(table.columns.items())
    content_index = table.columns.get("content")
    cache = parser.cleaned  # text cell -> _cell(text); the content column is unique, never cached
    tops: dict[tuple[int, int], object] = {}  # (row, column) of a merged range's first cell -> its text
    for row_no, cells in rows:
        if is_example_row(cells):
            continue  # a template's example row (示例（导入时跳过）)
        width = len(cells)
        text = {}
        for k, i in columns:
            v = cells[i] if i < width else ""
            if i != content_index and type(v) is str:
                c = cache.get(v)
                if c is None:
                    c = cache[v] = _cell(v)
            else:
                c = _cell(v)
            text[k] = c
        filled = [k for k, v in text.items() if v != "" and v is not None]
        if not filled or (filled == ["seq"] and not parser.halfwidth(str(text["seq"])).isdigit()):
            continue  # blank, or a signature / "本期无记录" line spread over merged cells
        if filled == ["seq"] or (not text.get("content") and _is_signature(text)):
            continue
        if fill:
            # a merged cell holds its value in its first cell only: the rows below it inside the range
            # take that value; a blank cell outside a merged range stays blank
            for k in FILL_DOWN:
                if k not in text:
                    continue
                col = table.columns[k]
                if (row_no, col) in fill.tops:
                    tops[(row_no, col)] = text[k]
                source = fill.inside.get((row_no, col))
                if source is not None and text[k] in ("", None) and text.get("content"):
                    text[k] = tops.get(source, "")
        row, problems = parser.parse(row_no, text)
        for key, reason in problems:
            out.errors.append(f"{table.where(row_no, key)}：{reason}")
        if not problems:
            out.rows.append(row)
    return out


@dataclass
class _Fill:
    """Cells covered by a merged range spanning rows: (row, column) -> the range's first cell."""

    inside: dict[tuple[int, int], tuple[int, int]]
    tops: set[tuple[int, int]]


def _merged_fill(merged, table) -> _Fill | None:
    """The merged ranges over the fill-down columns, in the sheet's row numbers (1-based)."""
    if not merged:
        return None
    columns = {table.columns[k] for k in FILL_DOWN if k in table.columns}
    inside: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r1 + 1 <= table.header_row:
            continue
        for col in columns:
            if c0 <= col <= c1:
                top = (r0 + 1, c0)
                for row in range(r0 + 2, r1 + 2):
                    inside[(row, col)] = top
    if not inside:
        return None
    return _Fill(inside, set(inside.values()))


def _open_table(path: Path):
    """(table, iterator of (row number, cells) below its header, blank rows left out, merged ranges)."""
    from shuanglian_cli.io.tabular import read_sheets, read_table
    from shuanglian_cli.io.xlsx_readers import calamine_available

    head = b""
    if path.is_file():
        try:
            with path.open("rb") as fh:
                head = fh.read(8)
        except OSError:
            pass
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) and calamine_available():
        return _open_excel(path)
    # csv (or a missing / unreadable file: read_sheets says what is wrong)
    table = read_table(path, FIELDS, REQUIRED, sheets=read_sheets(path))
    return table, table.rows, []


def _open_excel(path: Path):
    """The first sheet with every required header, found in its first rows; the rest is streamed."""
    from itertools import islice

    from python_calamine import CalamineWorkbook

    from shuanglian_cli.io.tabular import HEADER_SCAN_ROWS, RawSheet, locate_header, make_table, read_table

    heads: list[RawSheet] = []
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        for name in names:
            sheet = book.get_sheet_by_name(name)
            # iter_rows starts at row 1 but at the first used column; to_python pads both
            pad = [""] * sheet.start[1] if sheet.start else []
            source = iter(sheet.iter_rows())
            if pad:
                source = (pad + r for r in source)
            head = list(islice(source, HEADER_SCAN_ROWS))
            if head != sheet.to_python(skip_empty_area=False, nrows=len(head)):  # not as assumed
                head, source = sheet.to_python(skip_empty_area=False), iter(())
            raw = RawSheet(name, head)
            index, columns = locate_header(raw, FIELDS, REQUIRED)
            if index >= 0 and all(r in columns for r in REQUIRED):
                table = make_table(path, raw, index, columns, show_sheet=len(names) > 1)
                merged = _merged_ranges(sheet)
                return table, _nonblank(raw.rows[index + 1:], source, table.header_row + 1), merged
            heads.append(raw)
    except Exception as exc:  # calamine raises several types for corrupt, encrypted or truncated files
        if isinstance(exc, UserError):
            raise
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise UserError(f"{path.name} 无法作为 Excel 文件读取（文件可能已损坏或加密）：{reason}") from None
    if not heads:
        raise UserError(f"{path.name} 里没有工作表")
    read_table(path, FIELDS, REQUIRED, sheets=heads)  # raises, naming the missing headers
    raise AssertionError("unreachable")


def _merged_ranges(sheet) -> list:
    """((first row, first column), (last row, last column)), 0-based, of each merged range; none when
    the file format does not say (calamine reads them from xlsx and xls)."""
    try:
        return list(sheet.merged_cell_ranges or [])
    except Exception:  # not available for this format
        return []


def _nonblank(first: list, rest, row_no: int):
    from itertools import chain

    for cells in chain(first, rest):
        for c in cells:
            if c is not None and (not isinstance(c, str) or c.strip()):
                yield row_no, cells
                break
        row_no += 1


def _cell(value: object) -> object:
    """A cell as trimmed text (dates kept); unlike clean_cell, full-width punctuation in free text
    stays as typed (，。 are part of the opinion), only the fields parsed below go half-width."""
    if isinstance(value, dt.date | dt.datetime) or value is None:
        return value if value is not None else ""
    return clean_text(value)


def _is_signature(text: dict) -> bool:
    joined = "".join(str(v) for v in text.values() if v)
    return any(word in joined for word in _SIGNATURE)


_NOT_REFERRED = "只有处理方式为“交办”的意见才填写此列"


class _RowParser:
    """Turns a row's cleaned cells into a RegisterRow and its problems. Each per-cell conversion
    (dates, phones, names, handling, 满意度, 时限, 备注) is computed once per distinct value."""

    def __init__(self) -> None:
        from shuanglian_cli.domain.text import to_halfwidth

        self._to_halfwidth = to_halfwidth
        self.cleaned: dict[str, object] = {}  # text cell -> _cell(text) (numbers not: 1 == 1.0 == True)
        self._half: dict[str, str] = {}
        self._dates: dict = {}
        self._phones: dict[str, tuple[str, str | None]] = {}
        self._handlings: dict[str, tuple[str | None, str | None]] = {}
        self._satisfaction: dict[str, tuple[str | None, str | None]] = {}
        self._limits: dict[str, int | None] = {}
        self._notes: dict[str, tuple] = {}

    def halfwidth(self, text: str) -> str:
        out = self._half.get(text)
        if out is None:
            out = self._half[text] = self._to_halfwidth(text)
        return out

    def date(self, value: object, what: str) -> Checked:
        """The date of a cell that is not blank, or the problem with it."""
        key = (value, what)
        hit = self._dates.get(key)
        if hit is None:
            hit = self._dates[key] = _parse_date_cell(value, what)
        return hit

    def parse(self, row_no: int, text: dict) -> tuple[RegisterRow, list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []

        def get(k: str) -> str:
            v = text.get(k)
            return v.strip() if type(v) is str else str(v or "").strip()

        def date_of(key: str, what: str) -> dt.date | None:
            value = text.get(key)
            if value == "" or value is None:
                return None
            day, problem = self.date(value, what)
            if problem:
                problems.append((key, problem))
            return day

        day = date_of("date", "接待日期")
        if day is None and not problems:
            problems.append(("date", "缺少接待日期"))
        station = get("station")  # may be blank: a suggestion need not come from a station
        content = get("content")
        if not content:
            problems.append(("content", "意见建议内容为空"))
        elif len(content) > CONTENT_MAX:
            problems.append(("content", f"意见建议内容有 {len(content)} 个字，超过上限 {CONTENT_MAX} 个字"))
        deputy = _name(get("deputy"))
        if "、" in deputy or "，" in deputy or "," in deputy:
            deputy = _first_name(deputy)
        row = RegisterRow(row_no=row_no, date=day or dt.date.min, station=_name(station), content=content,
                          deputy=deputy, name=_name(get("name")), address=get("address"),
                          category=get("category"), department=_name(get("department")), result=get("result"))
        for key, value in (("station", row.station), ("deputy", row.deputy), ("name", row.name),
                           ("department", row.department)):
            if value:
                problem = _name_problem(value)
                if problem:
                    problems.append((key, problem))
        phone = get("phone")
        if phone:
            hit = self._phones.get(phone)
            if hit is None:
                hit = self._phones[phone] = _parse_phone(phone)
            row.phone = hit[0]
            if hit[1]:
                problems.append(("phone", hit[1]))
        handling = get("handling")
        if handling:
            hit = self._handlings.get(handling)
            if hit is None:
                code = self.halfwidth(handling).replace(" ", "")
                hit = self._handlings[handling] = (HANDLINGS.get(code), None) if code in HANDLINGS else (
                    None, f"处理方式“{code}”无效：只能是 现场解答、交办 或 闭会期间建议")
            row.handling = hit[0]
            if hit[1]:
                problems.append(("handling", hit[1]))
        note = get("note")
        if note:
            hit = self._notes.get(note)
            if hit is None:
                hit = self._notes[note] = _parse_note(note)
            row.fed_back_on, row.closed_on, row.chases, row.extended, row.withdrawn, row.note, note_problems = hit
            problems.extend(note_problems)
        row.referred_on = date_of("referred_on", "交办日期")
        row.replied_on = date_of("replied_on", "答复日期")
        sat = get("satisfaction")
        if sat:
            hit = self._satisfaction.get(sat)
            if hit is None:
                word = sat.replace(" ", "")
                hit = self._satisfaction[sat] = (SATISFACTION[word], None) if word in SATISFACTION else (
                    None, f"群众满意度“{word}”无效：只能是 满意、基本满意 或 不满意")
            row.satisfaction = hit[0]
            if hit[1]:
                problems.append(("satisfaction", hit[1]))
        limit = get("limit")
        limit = self.halfwidth(limit) if limit else ""
        if row.handling == "referred":
            self._check_referred(row, day, limit, date_of, problems)
        else:
            for key, value in (("department", row.department), ("referred_on", row.referred_on),
                               ("limit", limit), ("replied_on", row.replied_on)):
                if value:
                    problems.append((key, _NOT_REFERRED))
        if day is not None:
            problems += _date_order_problems(row, day)
        return row, problems

    def _check_referred(self, row: RegisterRow, day, limit: str, date_of, problems: list) -> None:
        if not row.department:
            problems.append(("department", "处理方式为交办，但没有填写承办单位"))
        if row.referred_on is None and not any(k == "referred_on" for k, _ in problems):
            problems.append(("referred_on", "处理方式为交办，但没有填写交办日期"))
        if limit:
            if limit in self._limits:
                workdays = self._limits[limit]
            else:
                m = _LIMIT.match(limit.replace(" ", ""))
                workdays = self._limits[limit] = int(m.group(1)) if m else None
            if workdays is not None:
                row.limit = workdays
                if workdays < 1:
                    problems.append(("limit", "办理时限应为正整数个工作日"))
            else:
                row.due_on = date_of("limit", "办理时限")
        if row.result and row.replied_on is None:
            problems.append(("replied_on", "填写了办理结果，但没有答复日期"))
        if row.satisfaction and row.replied_on is None:
            problems.append(("replied_on", "填写了群众满意度，但没有答复日期"))
        if row.satisfaction and row.fed_back_on is None:
            row.fed_back_on = row.replied_on  # a hand-typed form rarely records the feedback day


@functools.lru_cache(maxsize=65536)
def _name_problem(name: str) -> str | None:
    from shuanglian_cli.domain.text import check_name

    try:
        check_name(name, "名称")
    except UserError as exc:
        return exc.message
    return None


def _date_order_problems(row: RegisterRow, day: dt.date) -> list[tuple[str, str]]:
    """The one step-date rule of domain/lifecycle.py over the row's dates, in the order of the steps."""
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.lifecycle import sequence_problems

    return sequence_problems([("date", "接待日期", day), ("referred_on", "交办日期", row.referred_on),
                              ("replied_on", "答复日期", row.replied_on), ("note", "反馈日期", row.fed_back_on),
                              ("note", "办结日期", row.closed_on)], today())


@functools.lru_cache(maxsize=4096)
def _first_name(names: str) -> str:
    return re.split(r"[、，,]", names)[0].strip()


class Checked(NamedTuple):
    """A cell's value, or the problem that kept it from being read (value None or "")."""

    value: object
    problem: str | None


def _parse_date_cell(value: object, what: str) -> Checked:
    from shuanglian_cli.domain.dates import parse_date

    if isinstance(value, str) and re.fullmatch(r"\d{5}(\.0)?", value):  # an Excel serial as text
        return Checked(dt.date(1899, 12, 30) + dt.timedelta(days=int(float(value))), None)
    try:
        return Checked(parse_date(value, what), None)
    except UserError as exc:
        return Checked(None, exc.message)


def _parse_phone(text: str) -> Checked:
    """Digits or a masked 138****5678, or the problem."""
    from shuanglian_cli.domain.text import normalize_phone, to_halfwidth

    phone = to_halfwidth(text).replace(" ", "")
    if _MASKED.match(phone):
        return Checked(phone, None)
    try:
        return Checked(normalize_phone(phone), None)
    except UserError as exc:
        return Checked("", exc.message)


def _parse_note(note: str) -> tuple:
    """备注: the phrases the export writes (反馈：日期, 办结：日期, 已延期, 督办N次, 已撤回), then free text.
    Returns (fed_back_on, closed_on, chases, extended, withdrawn, rest, problems)."""
    from shuanglian_cli.domain.dates import parse_date

    fed_back_on = closed_on = None
    chases, extended, withdrawn = 0, False, False
    rest, problems = [], []
    pieces = re.split(r"([\n；;])", note)  # separators kept, so free text keeps its own punctuation
    for raw, sep in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        part = raw.strip()
        if not part:
            continue
        fed, closed, chased = _NOTE_FED.match(part), _NOTE_CLOSED.match(part), _NOTE_CHASES.match(part)
        try:
            if fed:
                fed_back_on = parse_date(fed.group(1), "备注中的反馈日期")
            elif closed:
                closed_on = parse_date(closed.group(1), "备注中的办结日期")
            elif chased:
                chases = int(chased.group(1))
            elif part in ("已延期", "延期办理"):
                extended = True
            elif part == "超期后延期":  # lifecycle.EXTENDED_AFTER_DUE
                extended = 2
            elif part in ("已撤回", "撤回"):
                withdrawn = True
            else:
                rest.append(raw + sep)
        except UserError as exc:
            problems.append(("note", exc.message))
    kept = "".join(rest).strip().rstrip("\n；;").strip()
    return fed_back_on, closed_on, chases, extended, withdrawn, kept, tuple(problems)
