"""Native Excel charts on the 统计汇总 sheet (xlsxwriter draws them: no images), and the 图表数据
sheet they draw from.

Every number a chart shows is a cell of the workbook: the suggestions' handling and how the
referred ones stand are the summary's own figures (the same dict its rows print, each noted with
its row); activities by quarter or month and the bodies' on-time rates are the figures of
`sl stats quarter` and `sl departments report` (store/stats.py). Numbers, never formulas, as in
every sheet `sl` writes. The charts stand in a column right of the table, as tall as it, so the
page printed (A4 landscape, fitted to one page) keeps the table's scale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shuanglian_cli.io.forms import summary
from shuanglian_cli.io.forms.layout import (
    FIRST_DATA_ROW,
    FONT,
    HEADER_ROW,
    LINE_HEIGHT,
    ROW_PADDING,
    cn_date,
    lines_needed,
)

DATA_SHEET = "图表数据"
HANDLING = ("on_spot", "referred", "inter_session", "pending")
REFERRED = ("referred", "replied", "replied_on_time", "closed", "open_referred", "overdue")
MAX_BODIES = 15  # a bar each; more would not read on a printed page
CHART_WIDTH = 720  # pixels
MIN_CHART_HEIGHT = 240
GAP = 12  # pixels between two charts
DEFAULT_ROW = 20  # pixels of a row whose height was not set (15 points)
HEADER_POINTS = 30  # the header row's height (layout.FormSheet)
WEIGHTS = {"handling": 1.2, "referred": 0.9, "activities": 0.9, "on_time": 1.0}  # shares of the table's height
TITLE_FONT = {"name": FONT, "size": 14, "bold": True}
LABEL_FONT = {"name": FONT, "size": 11}


@dataclass
class Item:
    label: str
    value: float | int | None
    note: str = ""


@dataclass
class Block:
    """One chart's data: a titled run of rows on the 图表数据 sheet."""

    key: str
    title: str
    header: str  # the values' column header
    items: list[Item]
    percent: bool = False
    note: str = ""
    first_row: int = 0  # where write_data put the first item


# -- the data ---------------------------------------------------------------------------------------

def sub_periods(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date, str]]:
    """(label, start, end, note): the quarters of a year's workbook, else the months of its period."""
    from shuanglian_cli.domain.dates import format_quarter, quarter_range

    if (end - start).days > 100:
        out = []
        for q in range(1, 5):
            a, b = quarter_range(start.year, q)
            if a <= end and b >= start:
                out.append((f"第{'一二三四'[q - 1]}季度", max(a, start), min(b, end),
                            f"同 sl stats quarter {format_quarter(start.year, q)}"))
        return out
    out = []
    day = start.replace(day=1)
    while day <= end:
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        a, b = max(day, start), min(following - dt.timedelta(days=1), end)
        out.append((f"{day.month}月", a, b, f"{cn_date(a)}至{cn_date(b)}"))
        day = following
    return out


def blocks(ctx, positions: dict[str, int]) -> list[Block]:
    """The charts' data; `positions` gives each summary figure's row on the 统计汇总 sheet."""
    from shuanglian_cli.domain import figures as glossary

    data = summary.figures(ctx)
    labels = glossary.labels(glossary.SUMMARY)
    source = f"同{summary.TITLE}第 %d 行"

    def from_summary(keys) -> list[Item]:
        return [Item(labels[k].split("（")[0], data[k], source % (positions[k] + 1)) for k in keys]

    out = [
        Block("handling", "意见建议处理方式（条）", "条数", from_summary(HANDLING),
              note="按收集日期：期间内收集的意见建议截至统计截止日期的处理方式"),
        Block("referred", "交办件办理情况（条）", "条数", from_summary(REFERRED),
              note="按收集日期：期间内收集并交办的意见建议截至统计截止日期的办理情况"),
    ]
    periods = sub_periods(ctx.scope.start, ctx.scope.end)
    by = "季度" if periods and "季度" in periods[0][0] else "月"
    out.append(Block("activities", f"联系活动（次，按{by}）", "次数",
                     [Item(label, summary.period_figures(ctx, a, b)["activities"], note)
                      for label, a, b, note in periods],
                     note=f"按活动日期，截至{cn_date(ctx.as_of)}；各{by}之和等于统计汇总的联系活动"))
    bodies = body_rates(ctx)
    if bodies is not None:
        out.append(bodies)
    return out


def body_rates(ctx) -> Block | None:
    """The bodies' on-time rates: `sl departments report` for the period's year (the year workbook's
    承办单位评分 rows when present); none for a station's workbook (the bodies answer to the county)."""
    from shuanglian_cli.io.forms import department_score

    scope = ctx.scope
    if scope.station_ids is not None:
        return None
    year = scope.start.year
    rows = ctx.cache.get(department_score.CACHE_KEY)
    if rows is None:
        from shuanglian_cli.store.stats import department_report

        rows = department_report(ctx.db, ctx.calendar, year=year, county_id=scope.county_id, as_of=ctx.as_of).rows
    rated = [r for r in rows if r.get("on_time_rate") is not None]  # in the report's order: most referred first
    shown = rated[:MAX_BODIES]
    city = scope.county_id is None
    items = [Item((r["department"] or "") + (f"（{r['county']}）" if city else ""), r["on_time_rate"],
                  f"已答复 {r['answered']} 条，其中按期 {r['answered_on_time']} 条") for r in shown]
    some = f"交办最多的{len(shown)}个" if len(rated) > len(shown) else ""
    return Block("on_time", f"{some}承办单位按期答复率（{year}年交办）", "按期答复率", items, percent=True,
                 note=f"同 sl departments report --year {year}（截至{cn_date(ctx.as_of)}）：按期答复 ÷ 已书面答复；"
                      "没有答复的单位不列")


# -- the 图表数据 sheet ------------------------------------------------------------------------------

def write_data(wb, fmt, blocks_: list[Block]) -> None:
    """The sheet the charts read, one titled block per chart; sets each block's first_row."""
    ws = wb.add_worksheet(DATA_SHEET)
    percent = wb.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1,
                             "align": "center", "num_format": "0.0%"})
    block_title = wb.add_format({"font_name": FONT, "font_size": 11, "bold": True, "valign": "vcenter"})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 60)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, 2, "", fmt.title)
    ws.write_string(0, 0, "统计汇总图表数据", fmt.title)
    ws.merge_range(1, 0, 1, 2, "", fmt.info)
    ws.write_string(1, 0, "统计汇总页各图表所用的数字；前两组即统计汇总表“数量”栏的数字", fmt.info)
    note_format = wb.add_format({"font_name": FONT, "font_size": 10, "valign": "top", "text_wrap": True})
    row = 3
    for block in blocks_:
        ws.set_row(row, 22)
        ws.write_string(row, 0, block.title, block_title)
        row += 1
        if block.note:
            ws.set_row(row, lines_needed(block.note, 100) * LINE_HEIGHT + ROW_PADDING)
            ws.merge_range(row, 0, row, 2, "", note_format)
            ws.write_string(row, 0, block.note, note_format)
            row += 1
        for c, header in enumerate(("项目", block.header, "说明")):
            ws.write_string(row, c, header, fmt.header)
        row += 1
        block.first_row = row
        for item in block.items:
            ws.write_string(row, 0, item.label, fmt.text)
            value_fmt = percent if block.percent else fmt.number
            if item.value is None:
                ws.write_blank(row, 1, None, value_fmt)
            else:
                ws.write_number(row, 1, item.value, value_fmt)
            ws.write_string(row, 2, item.note, fmt.text)
            row += 1
        if not block.items:
            ws.merge_range(row, 0, row, 2, "本期无数据", fmt.empty)
            row += 1
        row += 1


# -- the charts ---------------------------------------------------------------------------------------

def _series(block: Block) -> dict:
    last = block.first_row + len(block.items) - 1
    return {
        "name": block.header,
        "categories": [DATA_SHEET, block.first_row, 0, last, 0],
        "values": [DATA_SHEET, block.first_row, 1, last, 1],
        # the cached values (constant-memory sheets give xlsxwriter none): what a viewer that does
        # not recalculate shows
        "categories_data": [i.label for i in block.items],
        "values_data": [i.value for i in block.items],
    }


def chart_for(wb, block: Block):
    """A pie of the handling, columns for the referred ones and the activities, bars for the rates."""
    kind = {"handling": "pie", "on_time": "bar"}.get(block.key, "column")
    chart = wb.add_chart({"type": kind})
    series = _series(block)
    if kind == "pie":
        series["data_labels"] = {
            "category": True, "value": True, "percentage": True, "separator": "\n", "leader_lines": True,
            "position": "best_fit", "font": LABEL_FONT,
            # a slice of nothing would print a label on top of its neighbour's
            "custom": [{"delete": True} if not i.value else None for i in block.items],
        }
        series["points"] = [{"fill": {"color": c}} for c in ("#4472C4", "#ED7D31", "#70AD47", "#A5A5A5")]
        chart.set_legend({"none": True})  # the labels name the slices
    else:
        labels = {"value": True, "font": LABEL_FONT}
        if block.percent:
            # inside the bar's end, so 100.0% stays on the chart; a short bar's label is dark on the white
            labels.update({"num_format": "0.0%", "position": "inside_end",
                           "font": {**LABEL_FONT, "color": "#FFFFFF", "bold": True},
                           "custom": [{"font": {**LABEL_FONT, "color": "#000000"}} if (i.value or 0) < 0.3 else None
                                      for i in block.items]})
        series["data_labels"] = labels
        series["fill"] = {"color": "#4472C4"}
        series["gap"] = 60
        chart.set_legend({"none": True})
        value_axis = {"num_font": LABEL_FONT, "min": 0, "major_gridlines": {"visible": True,
                      "line": {"color": "#D9D9D9"}}}
        category_axis = {"num_font": LABEL_FONT, "interval_unit": 1}  # every body or month named
        if block.percent:
            value_axis.update({"max": 1, "major_unit": 0.2, "num_format": "0%"})
        if kind == "bar":  # bars: the value axis is x; the first body on top
            category_axis["reverse"] = True
            chart.set_x_axis(value_axis)
            chart.set_y_axis(category_axis)
        else:
            chart.set_x_axis(category_axis)
            chart.set_y_axis(value_axis)
    chart.add_series(series)
    chart.set_title({"name": block.title, "name_font": TITLE_FONT, "overlay": False})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    return chart


def _pixels(points: float) -> int:
    return int(points * 4 / 3 + 0.5)


def draw(wb, fmt, sheet, ctx) -> None:
    """The 图表数据 sheet, and the charts in a column right of the summary table (FormSheet `sheet`,
    finished), with the print area spanning both on one A4 landscape page."""
    positions = {key: FIRST_DATA_ROW + i for i, (key, _row) in enumerate(summary.keyed_rows(ctx))}
    data = blocks(ctx, positions)
    write_data(wb, fmt, data)
    shown = [b for b in data if b.items]
    if not shown:
        return
    ws = sheet.ws
    last_table_col = len(sheet.columns) - 1
    last_data_row = FIRST_DATA_ROW + max(sheet.count, 1) - 1
    table_px = _pixels(HEADER_POINTS) + sum(_pixels(sheet.heights[r]) if r in sheet.heights else DEFAULT_ROW
                                 for r in range(FIRST_DATA_ROW, last_data_row + 1))
    # a pie's labels stand around it, and a bar per body needs more room than a few columns do
    weights = [WEIGHTS.get(b.key, 1) + (len(b.items) / 20 if b.key == "on_time" else 0) for b in shown]
    heights = [max(MIN_CHART_HEIGHT, int((table_px - GAP * (len(shown) - 1)) * w / sum(weights))) for w in weights]
    gap_col = last_table_col + 1
    ws.set_column(gap_col, gap_col, 2)
    first_col = gap_col + 1
    top = 0
    for block, height in zip(shown, heights, strict=True):
        chart = chart_for(wb, block)
        chart.set_size({"width": CHART_WIDTH, "height": height})
        ws.insert_chart(HEADER_ROW, first_col, chart, {"x_offset": 0, "y_offset": top, "object_position": 1})
        top += height + GAP
    # the print area: the table with its signatures, and the charts (default-width columns of 64 pixels)
    charts_bottom = top - GAP
    last_row, bottom = HEADER_ROW, 0
    while bottom < charts_bottom:
        bottom += _pixels(sheet.heights[last_row]) if last_row in sheet.heights else (
            _pixels(HEADER_POINTS) if last_row == HEADER_ROW else DEFAULT_ROW)
        last_row += 1
    last_col = first_col + -(-CHART_WIDTH // 64)
    ws.print_area(0, 0, max(last_row, sheet.next_row - 1), last_col)
