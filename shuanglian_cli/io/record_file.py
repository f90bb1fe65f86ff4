"""`sl record visit --from FILE`: a long meeting described in a YAML or Excel file.

YAML (keys in English or Chinese; lists may also be written "张三、李四"):

    date: 2026-11-18              # 日期
    kind: 议题式接待              # 类型
    station: 南麻街道             # 站点
    topics: [农村饮水安全]        # 议题
    deputies: [张三, 李四]        # 代表
    members: [王五]               # 组成人员
    constituents: [赵六]          # 群众（名册中的）
    new_constituents: ["钱七,13905331234,沂源县南麻街道东村5号"]   # 新群众
    headcount: 12                 # 其他群众人数（只记人数）
    summary: 听取群众对饮水安全的意见   # 摘要
    opinions:                     # 意见建议
      - content: 山区村自来水管网老化     # 内容
        handle: refer:县水利局             # 处理：on_spot / refer:单位[:天数] / inter_session
        category: 基础设施                 # 类别
        raiser: 赵六                       # 提出人
      - "村口缺少路灯｜现场解答"

Excel (.xlsx): a sheet of 项目/内容 rows with the same labels (日期、类型、站点、议题、代表……; several
names in one cell separated by 、 or ，), and a sheet with the header 内容、处理、类别、代表、提出人、答复,
one opinion per row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from shuanglian_cli.domain.activity import OpinionInput, VisitInput, split_opinion
from shuanglian_cli.domain.text import clean_cell, clean_text
from shuanglian_cli.errors import UserError

FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "活动日期", "时间"),
    "kind": ("类型", "活动类型", "形式"),
    "station": ("站点", "联络站", "联络点", "地点", "联络站点"),
    "county": ("县区",),
    "topics": ("议题", "topic", "主题"),
    "summary": ("摘要", "内容摘要", "活动情况", "简要情况"),
    "group": ("小组", "活动小组"),
    "deputies": ("代表", "参加代表"),
    "members": ("组成人员", "委员", "常委会组成人员"),
    "constituents": ("群众", "接待群众", "联系群众"),
    "new_constituents": ("新群众", "新增群众"),
    "headcount": ("人数", "其他群众人数", "群众人数"),
    "rating": ("评议", "评议结果", "述职评议"),
    "opinions": ("意见建议", "意见"),
}
OPINION_FIELDS: dict[str, tuple[str, ...]] = {
    "content": ("内容", "意见建议内容", "意见建议", "content"),
    "handle": ("处理", "处理方式", "handle"),
    "category": ("类别", "分类", "category"),
    "deputy": ("代表", "接待代表", "deputy"),
    "raiser": ("提出人", "反映人", "群众", "raiser"),
    "answer": ("答复", "现场答复", "answer"),
}
_LISTS = ("topics", "deputies", "members", "constituents", "new_constituents")
# people's words: kept as typed (full-width punctuation too); everything else is cleaned like a name
_FREE_TEXT = ("topics", "summary", "content", "answer")


def _clean(key: str, value: Any) -> str:
    return clean_text(value) if key in _FREE_TEXT else clean_cell(value)
_SPLIT = re.compile(r"[、，,;；\n]+")


def _key(raw: Any, table: dict[str, tuple[str, ...]]) -> str | None:
    text = clean_cell(raw).rstrip(":：")
    for key, aliases in table.items():
        if text == key or text in aliases:
            return key
    return "topics" if text == "topic" and "topics" in table else None


def _names(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict | list):
                raise UserError(f"{where}：“{key}”下的每一项应为文字，例如 - 张三")
            out.append(_clean(key, item))
        return [v for v in out if v]
    text = _clean(key, value)
    if key == "new_constituents":  # 姓名,电话,住址 contains commas: one per line or 、-separated
        return [p.strip() for p in re.split(r"[、;；\n]+", text) if p.strip()]
    return [p.strip() for p in _SPLIT.split(text) if p.strip()]


def read_record_file(path: str | Path) -> VisitInput:
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件 {path}")
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，不是活动记录文件")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _from_excel(path)
    raise UserError(f"{path.name}：--from 只接受 YAML（.yaml/.yml）或 Excel（.xlsx）文件")


def _from_yaml(path: Path) -> VisitInput:
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path.name} 不是 UTF-8 编码的文本文件") from None
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise UserError(f"{path.name} {where}不是有效的 YAML：{getattr(exc, 'problem', '') or exc}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path.name} 的最外层应当是“键: 值”的映射（date: …、kind: …、opinions: …）")
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _key(raw_key, FIELDS)
        if key is None:
            raise UserError(f"{path.name}：未知的项目“{raw_key}”", [f"可用：{'、'.join(FIELDS)}（或中文：日期、类型、站点……）"])
        values[key] = value
    return _build(values, path.name)


def _build(values: dict[str, Any], where: str) -> VisitInput:
    vi = VisitInput()
    for key, value in values.items():
        if key == "opinions":
            vi.opinions = _opinions(value, where)
        elif key in _LISTS:
            setattr(vi, key, _names(value, where, key))
        elif key == "headcount":
            vi.headcount = value if value not in (None, "") else None
        elif isinstance(value, dict | list):
            raise UserError(f"{where}：“{key}”应为一个值，不是列表或映射")
        else:
            setattr(vi, key, value if key == "date" and value is not None and not isinstance(value, str)
                    else _clean(key, value))
    return vi


def _opinions(value: Any, where: str) -> list[OpinionInput]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise UserError(f"{where}：“opinions”应为列表，每条意见一项（- content: …）")
    out = []
    for i, item in enumerate(value, start=1):
        place = f"{where} 第 {i} 条意见："
        if isinstance(item, str):
            content, handle = split_opinion(item)
            out.append(OpinionInput(content=content, handle=handle, where=place))
            continue
        if not isinstance(item, dict):
            raise UserError(f"{place}应为文字或“content: …”映射")
        fields = {}
        for raw_key, v in item.items():
            key = _key(raw_key, OPINION_FIELDS)
            if key is None:
                raise UserError(f"{place}未知的项目“{raw_key}”", [f"可用：{'、'.join(OPINION_FIELDS)}"])
            fields[key] = _clean(key, v)
        out.append(OpinionInput(where=place, **fields))
    return out


def _from_excel(path: Path) -> VisitInput:
    from shuanglian_cli.io.tabular import locate_header, make_table, read_sheets

    sheets = read_sheets(path)
    values: dict[str, Any] = {}
    opinions: list[OpinionInput] = []
    found_table = False
    for sheet in sheets:
        index, columns = locate_header(sheet, OPINION_FIELDS, ("content",))
        if index >= 0 and "content" in columns and len(columns) >= 2:
            table = make_table(path, sheet, index, columns, show_sheet=len(sheets) > 1)
            found_table = True
            for row_no, cells in table.rows:
                fields = {k: _clean(k, table.cell(cells, k)) for k in columns}
                opinions.append(OpinionInput(where=f"{table.where(row_no)}：", **fields))
            continue
        for offset, cells in enumerate(sheet.rows):
            if not cells:
                continue
            key = _key(cells[0], FIELDS)
            if key is None or key == "opinions":
                continue
            value = cells[1] if len(cells) > 1 else None
            if key in values:
                raise UserError(f"{path.name} 第 {sheet.first_row + offset} 行：“{clean_cell(cells[0])}”重复出现")
            values[key] = value
    if not values and not found_table:
        raise UserError(
            f"{path.name} 中没有找到活动记录",
            ["第一个工作表应有“项目/内容”两列（日期、类型、站点、代表……），意见建议表应有“内容、处理”等表头"],
        )
    vi = _build(values, path.name)
    vi.opinions = opinions
    return vi
