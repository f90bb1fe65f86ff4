"""sl import stations|deputies|members|constituents|departments|links FILE, and sl template KIND."""


from pathlib import Path

import typer

from shuanglian_cli.cli.options import CountyOpt
from shuanglian_cli.cli.render import ok, stdout_console, warn
from shuanglian_cli.cli.state import state

app = typer.Typer(no_args_is_help=True, help="从 Excel/CSV 导入名册与登记表")

KIND_LABELS = {
    "stations": "联络站(点)", "deputies": "代表", "members": "常委会组成人员", "constituents": "群众",
    "departments": "承办单位", "links": "年度联系关系",
}
HEADERS_HELP = {
    "stations": "名称、类型(站/点)、上级站、县区、镇街、地址、有场所、有设施、有制度、有经费、接待日",
    "deputies": "姓名、性别、联系电话、工作单位及职务、代表层级、县区、镇街、联络站",
    "members": "姓名、职务、活动小组、县区、联系电话",
    "constituents": "姓名、联系电话、住址、县区、镇街、联系代表",
    "departments": "名称、类别、县区、联系人",
    "links": "年度、常委会组成人员、代表（联系代表）；或 年度、代表、群众、群众电话（联系群众）",
}


def _make_command(kind: str):
    label = KIND_LABELS[kind]

    def command(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="要导入的 .xlsx 或 .csv 文件（UTF-8、带 BOM 的 UTF-8 或 GB18030）"),
        county: CountyOpt = None,
        year: int = typer.Option(None, "--year", help="年度：用于“联系代表”列和没有“年度”列的联系关系（默认今年）"),
        dry_run: bool = typer.Option(False, "--dry-run", help="只检查并报告将新增、更新多少，不写入"),
    ) -> None:
        _run(ctx, kind, file, county, year, dry_run)

    if kind == "deputies":  # a new term's roster (换届): the same import, then the seats
        def command(  # noqa: F811
            ctx: typer.Context,
            file: Path = typer.Argument(..., help="要导入的 .xlsx 或 .csv 文件（UTF-8、带 BOM 的 UTF-8 或 GB18030）"),
            county: CountyOpt = None,
            year: int = typer.Option(None, "--year", help="年度：用于“联系代表”列和没有“年度”列的联系关系（默认今年）"),
            dry_run: bool = typer.Option(False, "--dry-run", help="只检查并报告将新增、更新多少，不写入"),
            term: str = typer.Option(None, "--term", help="换届：文件是这一届的代表名册（届次编号或名称）；名册中的代表连任，"
                                                          "同一人民代表大会上一届的其他代表任职于本届开始之日结束"),
        ) -> None:
            _run(ctx, kind, file, county, year, dry_run, term)

    command.__doc__ = (
        f"导入{label}。表头可以是：{HEADERS_HELP[kind]}（顺序不限，可有标题行和其他列）。\n\n"
        "按“县区+名称”（群众按“县区+姓名+电话”）对应已有记录：已有的更新，没有的新增，同一文件重复导入不会重复；"
        "空白单元格不会覆盖已有内容。任何一行有错就全部不导入，并列出每处错误的行号和列名。"
    )
    return command


def _run(ctx: typer.Context, kind: str, file: Path, county: str | None, year: int | None, dry_run: bool,
         term: str | None = None) -> None:

    from shuanglian_cli.cli.progress import progress_bar
    from shuanglian_cli.services.imports import import_roster

    st = state(ctx)
    db = st.db()
    if year is not None:
        from shuanglian_cli.domain.dates import parse_year

        parse_year(year, "--year 年度")
    from shuanglian_cli.clock import today

    default_year = year if year is not None else (today().year if kind == "constituents" else None)
    term_row = None
    if term is not None:
        from shuanglian_cli.store.rosters import county_id_of
        from shuanglian_cli.store.terms import find_term

        term_row = find_term(db, term, county_id_of(db, county))
    report = import_roster(db, kind, file, county=county, default_county=st.config.get("default_county"),
                        year=default_year, dry_run=dry_run, progress=progress_bar, term=term_row)
    _print_report(report)
    if report.election is not None:
        _print_election(report.election, report.dry_run)
        if report.election.freed is not None:
            from shuanglian_cli.services.rota_leavers import freed_lines

            for line in freed_lines(report.election.freed, st.config):
                warn(("（试导入，未保存）" if report.dry_run else "") + line)


def _print_election(election, dry_run: bool) -> None:
    from shuanglian_cli.cli.render import render

    verb = "将" if dry_run else "已"
    console = stdout_console()
    console.print(f"换届（{election.term}）：{verb}新任职 {election.new} 名，其中连任 {election.carried} 名；"
                  f"{election.already} 名此前已在本届任职；未连任 {len(election.ended)} 名，任职于本届开始之日结束")
    if election.ended:
        console.print(f"  未连任（{'、'.join(election.previous)}）：" + "、".join(election.ended))
    if election.links:
        render(election.links, [("kind", "关系"), ("year", "年度"), ("deputy", "代表"), ("other", "联系人/群众")],
               title=f"需要重新安排的联系关系（{len(election.links)} 条，用 sl link 调整）")


def _print_report(report) -> None:
    label = KIND_LABELS[report.kind]
    verb = "将" if report.dry_run else "已"
    parts = []
    if report.kind != "links":
        parts.append(f"{verb}新增 {report.added} 条、更新 {report.updated} 条，{report.unchanged} 条无变化")
    if report.kind == "links" or report.links_added or report.links_unchanged:
        parts.append(f"联系关系{verb}新增 {report.links_added} 条，{report.links_unchanged} 条已存在")
    head = f"{report.path.name}：{report.rows} 行{label}，" + "；".join(parts)
    if report.dry_run:
        stdout_console().print(f"[yellow]试运行（未写入）[/yellow] {head}")
    else:
        ok(head)
    console = stdout_console()
    for line in report.changes:
        console.print(f"  {line}")
    if report.dry_run and (report.added or report.updated or report.links_added):
        console.print("去掉 --dry-run 即可导入。")


for _kind in KIND_LABELS:
    app.command(_kind)(_make_command(_kind))


def template(
    kind: str = typer.Argument(..., help="stations、deputies、members、constituents、departments 或 links"),
    out: Path = typer.Option(None, "--out", "-o", help="保存到哪个文件（默认 当前目录下的 模板-KIND.xlsx）"),
) -> None:
    """生成导入用的 Excel 模板：正确的表头和一行示例。"""
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.io.templates import KINDS, write_template

    if kind not in KINDS:
        raise UserError(f"没有“{kind}”模板，可用：{'、'.join(KINDS)}")
    target = out or Path(f"模板-{kind}.xlsx")
    if target.suffix.lower() != ".xlsx":
        raise UserError(f"模板文件名应以 .xlsx 结尾：{target}")
    try:
        write_template(kind, target)
    except OSError as exc:
        raise UserError(f"无法写入 {target}：{exc.strerror}") from None
    ok(f"已生成{KIND_LABELS[kind]}导入模板：{target}")
    stdout_console().print(f"填好后运行：sl import {kind} {target}")
