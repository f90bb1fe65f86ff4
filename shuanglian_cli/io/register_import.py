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

from shuanglian_cli.errors import UserError

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
SATISFACTION = {"满意": "满意", "基本满意": "基本满意", "不满意": "不满意", "较满意": "基本满意"}
_LIMIT = re.compile(r"^(\d{1,3})\s*(个)?\s*(工作日|天|日)?$")
_MASKED = re.compile(r"^\d{1,4}\*+\d{0,4}$")
_SIGNATURE = ("填表人", "填报单位", "审核人", "填报日期", "本期无记录", "制表", "说明")
_NOTE_FED = re.compile(r"^反馈(?:日期)?[:：]\s*(.+)$")
_NOTE_CLOSED = re.compile(r"^办结(?:日期)?[:：]\s*(.+)$")
_NOTE_CHASES = re.compile(r"^督办\s*(\d+)\s*次$")
_COUNTY = re.compile(r"县区[:：]\s*(\S+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\ufeff]")


@functools.lru_cache(maxsize=65536)
def _name(text: str) -> str:
    """normalize_name, cached: a register repeats the same stations, deputies and bodies."""
    from shuanglian_cli.domain.text import normalize_name

    return normalize_name(text)


@dataclass
class RegisterRow:
    row_no: int
    date: dt.date
    station: str
    content: str
    deputy: str = ""
    name: str = ""
    phone: str = ""  # digits, or a masked 138****5678 (matched, never stored)
    address: str = ""
    category: str = ""
    handling: str | None = None
    department: str = ""
    referred_on: dt.date | None = None
    limit: int | None = None
    due_on: dt.date | None = None  # when 办理时限 was written as a date
    result: str = ""
    replied_on: dt.date | None = None
    satisfaction: str | None = None
    fed_back_on: dt.date | None = None
    closed_on: dt.date | None = None
    extended: bool = False
    chases: int = 0
    withdrawn: bool = False
    note: str = ""

    @property
    def masked(self) -> bool:
        return "*" in self.phone


@dataclass
class Register:
    path: Path
    rows: list[RegisterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    county_hint: str | None = None  # from the "县区：沂源县" line of an exported form


def read_register(path: str | Path) -> Register:
    """Parse the register sheet; bad rows are collected in .errors (the caller refuses the file)."""
    from shuanglian_cli.domain.text import clean_cell, to_halfwidth
    from shuanglian_cli.io.tabular import read_sheets, read_table

    path = Path(path)
    sheets = read_sheets(path)
    table = read_table(path, FIELDS, REQUIRED, sheets=sheets)
    out = Register(path)
    for cells in table.raw.rows[: table.header_row - table.raw.first_row]:
        for cell in cells:
            m = _COUNTY.search(clean_cell(cell)) if cell else None
            if m:
                out.county_hint = m.group(1)
    keys = list(table.columns)
    last: dict[str, object] = {}
    for row_no, cells in table.rows:
        values = {k: table.cell(cells, k) for k in keys}
        text = {k: _cell(v) for k, v in values.items()}
        filled = [k for k, v in text.items() if v not in ("", None)]
        if not filled or (filled == ["seq"] and not to_halfwidth(str(text["seq"])).isdigit()):
            continue  # blank, or a signature / "本期无记录" line spread over merged cells
        if filled == ["seq"] or (not text.get("content") and _is_signature(text)):
            continue
        for k in FILL_DOWN:
            if text.get(k) in ("", None) and k in last and text.get("content"):
                text[k] = last[k]
        for k in FILL_DOWN:
            if text.get(k) not in ("", None):
                last[k] = text[k]
        row, problems = _parse_row(row_no, text)
        for key, reason in problems:
            out.errors.append(f"{table.where(row_no, key)}：{reason}")
        if row is not None and not problems:
            out.rows.append(row)
    return out


def _cell(value: object) -> object:
    """A cell as trimmed text (dates kept); unlike clean_cell, full-width punctuation in free text
    stays as typed (，。 are part of the opinion), only the fields parsed below go half-width."""
    if isinstance(value, dt.date | dt.datetime) or value is None:
        return value if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\u3000", " ")
    return _CONTROL.sub("", text).strip()


def _is_signature(text: dict) -> bool:
    joined = "".join(str(v) for v in text.values() if v)
    return any(word in joined for word in _SIGNATURE)


def _date(text: dict, key: str, problems: list, what: str) -> dt.date | None:
    from shuanglian_cli.domain.dates import parse_date

    value = text.get(key)
    if value in ("", None):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{5}(\.0)?", value):  # an Excel serial as text
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(float(value)))
    try:
        return parse_date(value, what)
    except UserError as exc:
        problems.append((key, exc.message))
        return None


def _parse_row(row_no: int, text: dict) -> tuple[RegisterRow | None, list[tuple[str, str]]]:
    from shuanglian_cli.domain.text import normalize_phone, to_halfwidth

    problems: list[tuple[str, str]] = []
    get = lambda k: str(text.get(k) or "").strip()  # noqa: E731
    day = _date(text, "date", problems, "接待日期")
    if day is None and not any(k == "date" for k, _ in problems):
        problems.append(("date", "缺少接待日期"))
    if not get("station"):
        problems.append(("station", "缺少联络站(点)"))
    content = get("content")
    if not content:
        problems.append(("content", "意见建议内容为空"))
    row = RegisterRow(row_no=row_no, date=day or dt.date.min, station=_name(get("station")),
                      content=content, deputy=_name(get("deputy")), name=_name(get("name")),
                      address=get("address"), category=get("category"), department=_name(get("department")),
                      result=get("result"))
    if "、" in row.deputy or "，" in row.deputy or "," in row.deputy:
        row.deputy = re.split(r"[、，,]", row.deputy)[0].strip()
    phone = to_halfwidth(get("phone")).replace(" ", "")
    if phone and _MASKED.match(phone):
        row.phone = phone
    elif phone:
        try:
            row.phone = normalize_phone(phone)
        except UserError as exc:
            problems.append(("phone", exc.message))
    handling = to_halfwidth(get("handling")).replace(" ", "")
    if handling:
        row.handling = HANDLINGS.get(handling)
        if row.handling is None:
            problems.append(("handling", f"处理方式“{handling}”无效：只能是 现场解答、交办 或 闭会期间建议"))
    _parse_note(row, get("note"), problems)
    row.referred_on = _date(text, "referred_on", problems, "交办日期")
    row.replied_on = _date(text, "replied_on", problems, "答复日期")
    sat = get("satisfaction").replace(" ", "")
    if sat:
        row.satisfaction = SATISFACTION.get(sat)
        if row.satisfaction is None:
            problems.append(("satisfaction", f"群众满意度“{sat}”无效：只能是 满意、基本满意 或 不满意"))
    limit = to_halfwidth(get("limit"))
    if row.handling == "referred":
        if not row.department:
            problems.append(("department", "处理方式为交办，但没有填写承办单位"))
        if row.referred_on is None and not any(k == "referred_on" for k, _ in problems):
            problems.append(("referred_on", "处理方式为交办，但没有填写交办日期"))
        if limit:
            m = _LIMIT.match(limit.replace(" ", ""))
            if m:
                row.limit = int(m.group(1))
                if row.limit < 1:
                    problems.append(("limit", "办理时限应为正整数个工作日"))
            else:
                row.due_on = _date(text, "limit", problems, "办理时限")
        if row.result and row.replied_on is None:
            problems.append(("replied_on", "填写了办理结果，但没有答复日期"))
        if row.satisfaction and row.replied_on is None:
            problems.append(("replied_on", "填写了群众满意度，但没有答复日期"))
        if day and row.referred_on and row.referred_on < day:
            problems.append(("referred_on", f"交办日期 {row.referred_on} 早于接待日期 {day}"))
        if row.referred_on and row.replied_on and row.replied_on < row.referred_on:
            problems.append(("replied_on", f"答复日期 {row.replied_on} 早于交办日期 {row.referred_on}"))
        if row.satisfaction and row.fed_back_on is None:
            row.fed_back_on = row.replied_on  # a hand-typed form rarely records the feedback day
    else:
        for key, value in (("department", row.department), ("referred_on", row.referred_on),
                           ("limit", limit), ("replied_on", row.replied_on)):
            if value:
                problems.append((key, "只有处理方式为“交办”的意见才填写此列"))
    return row, problems


def _parse_note(row: RegisterRow, note: str, problems: list) -> None:
    """备注: the phrases the export writes (反馈：日期, 办结：日期, 已延期, 督办N次, 已撤回), then free text."""
    from shuanglian_cli.domain.dates import parse_date

    rest = []
    for part in re.split(r"[\n；;]", note):
        part = part.strip()
        if not part:
            continue
        fed, closed, chases = _NOTE_FED.match(part), _NOTE_CLOSED.match(part), _NOTE_CHASES.match(part)
        try:
            if fed:
                row.fed_back_on = parse_date(fed.group(1), "备注中的反馈日期")
            elif closed:
                row.closed_on = parse_date(closed.group(1), "备注中的办结日期")
            elif chases:
                row.chases = int(chases.group(1))
            elif part in ("已延期", "延期办理"):
                row.extended = True
            elif part in ("已撤回", "撤回"):
                row.withdrawn = True
            else:
                rest.append(part)
        except UserError as exc:
            problems.append(("note", exc.message))
    row.note = "；".join(rest)
