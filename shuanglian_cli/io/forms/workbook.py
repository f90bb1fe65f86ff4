"""Writing a workbook of forms: a cover sheet, then one sheet per form (the 统计汇总 with its charts,
whose numbers go on a last sheet, 图表数据: charts.py), written to a temporary file beside the
target and renamed over it, so a failure never leaves a half-written file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from shuanglian_cli.errors import UserError
from shuanglian_cli.io.forms import FormContext
from shuanglian_cli.io.forms.layout import FONT, Formats, FormSheet, cn_date, signature_lines

COVER = "封面"
PROGRESS_STEP = 500


def check_target(path: Path) -> Path:
    """The output path must be an .xlsx file in an existing, writable folder."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请给出文件名，例如 {path / '双联工作.xlsx'}")
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件“{path}”应以 .xlsx 结尾")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"输出文件夹“{folder}”不存在，请先创建，或用 --out 指定其他位置")
    if not os.access(folder, os.W_OK):
        raise UserError(f"没有权限在文件夹“{folder}”中写入文件，请用 --out 指定其他位置")
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"文件“{path}”是只读的或正被其他程序占用，请关闭后重试，或换一个文件名")
    return path


def info_line(ctx: FormContext, basis: str = "") -> str:
    """The line under a sheet's title: scope, period, the day its data run to (a past period's
    figures change when late records arrive) and what places a row in the period (form.BASIS)."""
    scope = ctx.scope
    station = scope.station_name or "全部联络站(点)"
    return (f"县区：{scope.county_name}\u3000\u3000联络站(点)：{station}\u3000\u3000"
            f"时间：{scope.period_label}（{cn_date(scope.start)}至{cn_date(scope.end)}，数据截至{cn_date(ctx.as_of)}）"
            + (f"\u3000\u3000{basis}" if basis else ""))


def write_forms(
    path: Path,
    ctx: FormContext,
    forms: Sequence[ModuleType],
    forms_config: dict,
    on_row: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write the cover and `forms` to `path`; returns rows written per form title.
    on_row(n) is told of every PROGRESS_STEP rows written (and of the rest at each form's end)."""
    import xlsxwriter

    from shuanglian_cli.io.atomic import atomic_write

    path = check_target(path)
    counts: dict[str, int] = {}
    # the temporary file is readable by its owner only: constituents' names (and maybe phones) inside
    with atomic_write(path, "导出文件") as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd",
        })
        wb.set_properties({"title": f"{ctx.scope.county_name}{ctx.scope.period_label}双联工作表格",
                           "author": forms_config.get("unit") or "", "comments": "由 sl 生成"})
        fmt = Formats(wb)
        cover = wb.add_worksheet(COVER)
        signature = signature_lines(forms_config, ctx.as_of)
        summary_sheet = None
        for form in forms:
            info = info_line(ctx, getattr(form, "BASIS", ""))
            columns = form.columns(ctx) if hasattr(form, "columns") else form.COLUMNS  # some vary with the file
            one_page = form.KEY == "summary"
            # the summary's rows through xlsxwriter (not row XML), so it knows their heights and
            # anchors the charts beside them where they are drawn
            sheet = FormSheet(wb, fmt, form.TITLE, form.TITLE, info, columns,
                              group_columns=(form.group_columns(ctx) if hasattr(form, "group_columns")
                                             else getattr(form, "GROUP_COLUMNS", 0)), one_page=one_page, fast=not one_page)
            done = 0
            for values in form.rows(ctx):
                sheet.row(values)
                done += 1
                if on_row and done == PROGRESS_STEP:
                    on_row(done)
                    done = 0
            if on_row and done:
                on_row(done)
            sheet.finish(signature)
            counts[form.TITLE] = sheet.count
            if one_page:
                summary_sheet = sheet
        if summary_sheet is not None:
            from shuanglian_cli.io.forms import charts

            charts.draw(wb, fmt, summary_sheet, ctx)
        _cover(cover, fmt, ctx, counts, forms_config)
        wb.close()
    return counts


def _cover(ws, fmt: Formats, ctx: FormContext, counts: dict[str, int], forms_config: dict) -> None:
    scope = ctx.scope
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 90)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.hide_gridlines(2)
    station = f"（{scope.station_name}）" if scope.station_name else ""
    title = f"{scope.county_name}{station}人大代表“双联”工作表格\n{scope.period_label}"
    lines: list[tuple[str, object]] = [
        ("", None),
        (f"统计时间：{cn_date(scope.start)}至{cn_date(scope.end)}（统计截止 {cn_date(ctx.as_of)}）", fmt.cover_line),
        (f"填报单位：{forms_config.get('unit') or ''}", fmt.cover_line),
        ("", None),
        ("本文件包含以下表格：", fmt.cover_line),
        *[(f"\u3000{i}. {name}（{n} 行）", fmt.cover_line) for i, (name, n) in enumerate(counts.items(), start=1)],
        ("", None),
    ]
    if ctx.reveal:
        lines.append(("个人信息：本文件含群众完整的联系电话和住址（导出时使用了 --reveal），属于个人信息，"
                      "请按《个人信息保护法》妥善保管，不得外传。", fmt.cover_warn))
    else:
        lines.append(("个人信息：群众联系电话、住址已脱敏（如 138****5678），可以报送和打印。", fmt.cover_line))
    lines.append((f"生成时间：{dt.datetime.now():%Y-%m-%d %H:%M}（sl 导出）", fmt.cover_line))
    ws.set_row(0, 30)
    ws.set_row(1, 90)
    ws.merge_range(1, 0, 1, 1, "", fmt.cover_title)
    ws.write_string(1, 0, title, fmt.cover_title)
    for r, (text, f) in enumerate(lines, start=2):
        ws.set_row(r, 36 if f is fmt.cover_warn else 22)
        if text:
            ws.write_string(r, 1, text, f)


__all__ = ["COVER", "FONT", "check_target", "write_forms"]
