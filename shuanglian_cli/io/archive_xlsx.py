"""The Excel performance archive (履职档案) of one deputy for one year, as `sl deputy archive --xlsx` writes it:
a summary sheet and one sheet each for the activities, the suggestions and the report-back ratings."""

from __future__ import annotations

from pathlib import Path

from shuanglian_cli.errors import UserError

# The columns of the activity and suggestion sheets, also those of the terminal output.
ACTIVITY_COLUMNS = [("date", "日期"), ("kind", "类型"), ("station", "站点"), ("topic", "议题"),
                    ("constituents", "群众人次"), ("suggestions", "收集意见建议")]
SUGGESTION_COLUMNS = [("id", "编号"), ("collected_on", "收集日期"), ("content", "内容"), ("outcome", "办理结果"),
                      ("department", "承办单位"), ("due_on", "到期日"), ("replied_on", "答复日"),
                      ("on_time", "按期"), ("satisfaction", "满意度")]


def archive_title(data: dict) -> str:
    name = data["deputy"]["name"]
    term = data.get("term")
    return f"{name} {term['name']}履职档案" if term else f"{name} {data['year']} 年度履职档案"


def duty_columns(data: dict) -> list[tuple[str, str]]:
    """The yearly duties' table (store/archive.py: duties): a year per row, a duty per column."""
    return [("year", "年度"), *[(d["kind"], d["label"]) for d in data.get("duty_specs", [])], ("met_all", "全部完成")]


def duty_rows(data: dict) -> list[dict]:
    from shuanglian_cli.domain.duties import KINDS

    out = []
    for row in data.get("duties", []):
        cells = {k: ("—" if v["met"] is None else "是" if v["met"] else "否") + "：" + v["evidence"]
                 for k, v in row.items() if k in KINDS}
        out.append({"year": row["year"], **cells, "met_all": "是" if row["met_all"] else "否"})
    return out


def percent(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def write_archive_xlsx(data: dict, path: Path) -> Path:
    """Write the archive `data` (store/archive.deputy_archive) to `path` (.xlsx added if missing); text is
    always written as text, never as a formula. Returns the path written."""
    from shuanglian_cli.io.atomic import atomic_write

    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    if path.parent and not path.parent.exists():
        raise UserError(f"文件夹 {path.parent} 不存在")
    with atomic_write(path, "履职档案") as tmp:  # never a half-written file, on a full disk too
        _write_book(data, tmp)
    return path


def _write_book(data: dict, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    d, s = data["deputy"], data["summary"]

    sheet = book.add_worksheet("基本情况")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 60)
    sheet.write_string(0, 0, archive_title(data), title)
    pairs = [
        ("代表", d["name"]), ("县区", d["county"]), ("层级", d["levels"]), ("工作单位", d["work_unit"]),
        ("所在联络站", d["station"]), ("联系本代表的组成人员", "、".join(s["contact_members"])),
        ("参加活动（次）", s["activities"]),
        *[(f"  其中{k}", v) for k, v in s["activities_by_kind"].items()],
        ("接待群众（人次）", s["constituent_attendances"]), ("不同群众（人）", s["constituents_met"]),
        ("固定联系群众（人）", s["linked_constituents"]), ("其中本年见面（人）", s["linked_constituents_met"]),
        ("收集意见建议（条）", s["suggestions"]),
        *[(f"  {k}", v) for k, v in s["suggestions_by_outcome"].items()],
        ("交办（条）", s["referred"]), ("按期答复（条）", s["referred_on_time"]),
        ("述职评议（次）", s["report_backs"]), ("参评人数", s["report_back_voters"]),
        ("满意人数", s["report_back_satisfied"]), ("满意率", percent(s["report_back_rate"])),
    ]
    for i, (label, value) in enumerate(pairs, start=2):
        sheet.write_string(i, 0, label, cell)
        _write(sheet, i, 1, value, cell)
    _table(book.add_worksheet("参加活动"), ACTIVITY_COLUMNS, data["activities"], head, cell)
    rows = [{**r, "on_time": "" if r["on_time"] is None else ("是" if r["on_time"] else "否")}
            for r in data["suggestions"]]
    _table(book.add_worksheet("意见建议"), SUGGESTION_COLUMNS, rows, head, cell)
    reports = [{**r, "rate": percent(r["rate"])} for r in data["report_backs"]]
    _table(book.add_worksheet("述职评议"), [("date", "日期"), ("station", "站点"), ("voters", "参评人数"),
                                            ("satisfied", "满意人数"), ("rate", "满意率")], reports, head, cell)
    if data.get("duties"):
        _table(book.add_worksheet("履职要求"), duty_columns(data), duty_rows(data), head, cell)
    book.close()


def _write(sheet, row: int, col: int, value, fmt) -> None:
    if isinstance(value, bool) or value is None:
        sheet.write_string(row, col, "" if value is None else ("是" if value else "否"), fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)  # text stays text: never a formula


def _table(sheet, columns, rows, head, cell) -> None:
    for c, (_, label) in enumerate(columns):
        sheet.write_string(0, c, label, head)
        sheet.set_column(c, c, 40 if label in ("内容", "议题") else 14)
    for r, row in enumerate(rows, start=1):
        for c, (key, _) in enumerate(columns):
            _write(sheet, r, c, row.get(key), cell)
    sheet.freeze_panes(1, 0)
