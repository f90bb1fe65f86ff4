"""sl doc: the documents a clerk signs and sends, in Word (.docx) from templates the office may edit."""

from __future__ import annotations

import typer

from shuanglian_cli.cli.options import CountyOpt, DepartmentOpt, DeputiesOpt, StationOpt, as_of_option
from shuanglian_cli.cli.state import state, today_or
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="文书（Word）：交办单、催办通知书、情况通报、履职档案、接待公告，可用本单位模板")


def _out_option():
    return typer.Option(None, "--out", "-o", metavar="FILE|FOLDER",
                        help="写到哪里：以 .docx 结尾为文件（只有一份文书时），否则为文件夹（不存在则新建）；"
                             "默认当前文件夹，文件名含文书名称")


def _template_option():
    return typer.Option(None, "--template", metavar="FILE",
                        help="这一次使用的模板（.docx）；默认取配置 documents.templates 文件夹中的同名模板，"
                             "没有则用内置模板（sl doc template 可导出）")


def _pdf_option():
    return typer.Option(False, "--pdf", help="同时生成 PDF（需要安装 LibreOffice；一次转换整批文书）")


def _reveal_option():
    return typer.Option(False, "--reveal", help="文书中写入群众完整电话和住址（默认脱敏，如 138****5678；记入审计）")


def _report(written, *, unmasked: bool | None = None) -> None:
    from rich.markup import escape

    from shuanglian_cli.cli.render import ok, stdout_console, warn

    for path in written.paths:
        ok(f"已写入 {escape(str(path))}")
    for path in written.pdfs:
        ok(f"已写入 {escape(str(path))}")
    if unmasked is not None:
        stdout_console().print("  群众电话、住址：" + (
            "[bold red]未脱敏（--reveal），请妥善保管[/bold red]" if unmasked else "已脱敏"))
    for note in written.notes:
        warn(note)


@app.command("template")
def template_cmd(
    name: str = typer.Argument(..., help="文书：referral（交办单）、chase（催办通知书）、bulletin（情况通报）、archive（履职档案）、notice（接待公告）"),
    out: str = typer.Option(None, "--out", "-o", metavar="FILE",
                            help="写到哪个文件（.docx）或文件夹；默认当前文件夹中的 NAME.docx"),
) -> None:
    """导出内置的文书模板，供本单位修改（红头、措辞）；改好后放入配置 documents.templates 指向的文件夹，文件名不变。

    模板中可用的名称见 docs/documents.md；使用 sl 不提供的名称时，生成文书会报错并列出可用名称。"""
    from rich.markup import escape

    from shuanglian_cli.cli.render import ok
    from shuanglian_cli.services.documents.kinds import kind
    from shuanglian_cli.services.documents.templates import write_default

    target = write_default(kind(name), out)
    ok(f"已写入 {escape(str(target))}（{kind(name).title}模板）")


@app.command("notice")
def notice(
    ctx: typer.Context,
    station: StationOpt = None,
    date: str = typer.Option(..., "--date", help="接待日期，如 2026-12-03"),
    deputy: DeputiesOpt = None,
    topic: str = typer.Option("", "--topic", help="接待议题（议题式接待）"),
    time: str = typer.Option("", "--time", help="接待时间，如 上午9:00—11:30"),
    force: bool = typer.Option(False, "--force", help="这一天不是该站的接待日也照样生成"),
    out: str = _out_option(),
    template: str = _template_option(),
    pdf: bool = _pdf_option(),
) -> None:
    """接待公告：接待日期、地点、接待代表、议题和联系方式。接待代表取自值班表（sl schedule rota），用 --deputy 可另行指定；日期须是该站的接待日（按站点的接待安排），否则加 --force。"""
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.services.documents import notice as kind_module
    from shuanglian_cli.services.documents.output import produce
    from shuanglian_cli.services.documents.templates import open_template

    if not station:
        raise UserError("请用 --station 指定联络站（点）")
    st = state(ctx)
    tpl = open_template(kind_module.KIND, template, st.config)
    docs = kind_module.KIND.build(st.db(), st.config, st.calendar, station=station, day=parse_date(date, "--date 日期"),
                             deputies=list(deputy or []), topic=topic, time=time, today=today(), force=force)
    _report(produce(tpl, docs, out, pdf))


@app.command("referral")
def referral(
    ctx: typer.Context,
    ids: list[int] = typer.Argument(None, help="意见建议编号（可多个）；不给时按 --on 的交办日期"),
    department: DepartmentOpt = None,
    on: str = typer.Option(None, "--on", help="交办日期：写这一天交办的全部意见建议的交办单（默认今天）"),
    county: CountyOpt = None,
    dry_run: bool = typer.Option(False, "--dry-run", help="预览：照样写出文书，但不分配编号（显示为〔待编号〕）、不保存任何记录"),
    reveal: bool = _reveal_option(),
    out: str = _out_option(),
    template: str = _template_option(),
    pdf: bool = _pdf_option(),
) -> None:
    """交办单：每个承办单位一份，带编号；协办单位各得一份协办单。

    列出交给该单位的意见建议：收集的站点和日期、反映人（电话脱敏）、内容、办理期限（工作日）和到期日、答复对象。
    编号（配置 documents.referral_number，每个县区每年从 1 号起）在第一次写出时分配并记入审计，与意见建议一起保存；
    再次写同一份交办单沿用原编号。"""
    from rich.markup import escape

    from shuanglian_cli.cli.render import stdout_console
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.services.documents import referral as kind_module
    from shuanglian_cli.services.documents.templates import open_template

    st = state(ctx)
    tpl = open_template(kind_module.KIND, template, st.config)
    day = parse_date(on, "--on 日期") if on else (None if ids else today())
    slips, written = kind_module.write(
        st.db(), st.config, tpl, out, pdf, ids=list(ids) if ids else None, on=day, department=department,
        county=county, dry_run=dry_run, reveal=reveal, today=today())
    _report(written, unmasked=reveal)
    console = stdout_console()
    for slip in slips:
        how = "预览，未编号" if dry_run and slip.number == kind_module.PENDING_NUMBER else (
            "新编号" if slip.new else "沿用原编号")
        console.print(escape(f"  {slip.number}　{slip.department}（{kind_module.ROLE_LABELS[slip.role]}）"
                             f"{slip.count} 件，{how}"), highlight=False)
    if dry_run:
        console.print("  预览（--dry-run）：未分配编号，未保存任何记录")


@app.command("chase")
def chase(
    ctx: typer.Context,
    department: DepartmentOpt = None,
    county: CountyOpt = None,
    as_of: str = as_of_option(),
    record: bool = typer.Option(False, "--record", help="同时为所列每一条登记一次督办（方式 notice 催办通知书），与写出文书在同一事务中"),
    out: str = _out_option(),
    template: str = _template_option(),
    pdf: bool = _pdf_option(),
) -> None:
    """催办通知书：每个承办单位一份，列出它超期未答复的意见建议（与 sl suggestions overdue 同一口径），超期最久的在前。"""
    from shuanglian_cli.cli.render import stdout_console
    from shuanglian_cli.clock import today
    from shuanglian_cli.services.documents import chase as kind_module
    from shuanglian_cli.services.documents.templates import open_template

    st = state(ctx)
    tpl = open_template(kind_module.KIND, template, st.config)
    docs, written, chased = kind_module.write(
        st.db(), st.config, st.calendar, tpl, out, pdf, record=record, operator=st.operator,
        department=department, county=county, day=today_or(as_of), today=today())
    _report(written)
    console = stdout_console()
    console.print(f"  共 {len(docs)} 个单位、{sum(d.context['count'] for d in docs)} 件超期", highlight=False)
    if record:
        console.print(f"  已为 {len(chased)} 件登记督办（催办通知书）", highlight=False)
