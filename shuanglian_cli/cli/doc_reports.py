"""sl doc bulletin, sl doc archive: the quarterly 情况通报 and the deputies' 履职档案 in Word (the group: cli/doc.py)."""


import typer

from shuanglian_cli.cli.doc import _out_option, _pdf_option, _report, _template_option
from shuanglian_cli.cli.options import CountyOpt, as_of_option
from shuanglian_cli.cli.state import state


def bulletin(
    ctx: typer.Context,
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，例如 2026Q3"),
    year: int = typer.Option(None, "--year", "-y", help="年份（全年的通报），例如 2026"),
    county: CountyOpt = None,
    as_of: str = as_of_option(),
    out: str = _out_option(),
    template: str = _template_option(),
    pdf: bool = _pdf_option(),
) -> None:
    """情况通报（报常委会）：本期联系活动、代表和群众人次、意见建议收集和办理情况，承办单位办理情况表，超期未答复的意见建议，群众反映较多的问题。

    数字与 sl stats quarter|year、sl department report（该年交办）、sl suggestions overdue 相同，均截至同一天：
    期间已结束时为期间最后一天，未结束时为今天；--as-of 可另行指定。文中注明截至日。"""
    from shuanglian_cli.cli.roster_common import county_or_default
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.services.documents import bulletin as kind_module
    from shuanglian_cli.services.documents.output import produce
    from shuanglian_cli.services.documents.templates import open_template

    st = state(ctx)
    c = county_or_default(ctx, county)
    tpl = open_template(kind_module.KIND, template, st.config)
    docs = kind_module.KIND.build(st.db(), st.config, st.calendar, quarter=quarter, year=year,
                                  county_id=c["id"] if c else None,
                                  as_of=parse_date(as_of, "--as-of 日期") if as_of else None, today=today())
    _report(produce(tpl, docs, out, pdf))


def archive(
    ctx: typer.Context,
    deputy: str = typer.Argument(None, help="代表：姓名、姓名开头、编号或拼音；用 --all 时不给"),
    year: int = typer.Option(None, "--year", "-y", help="年度（默认今年）"),
    county: CountyOpt = None,
    all_: bool = typer.Option(False, "--all", help="为每名在册代表（--county 的）各写一份，写入一个文件夹"),
    out: str = _out_option(),
    template: str = _template_option(),
    pdf: bool = _pdf_option(),
) -> None:
    """代表履职档案（Word）：基本情况、履职数字、参加的活动、收集的意见建议及办理结果、述职评议。

    与 sl deputy archive（及其 Excel）取自同一份数据；--all 时默认写入当前文件夹下的“履职档案_县区_年度”文件夹。"""
    from shuanglian_cli.cli.progress import progress_bar
    from shuanglian_cli.cli.roster_common import county_or_default
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_year
    from shuanglian_cli.services.documents import archive as kind_module
    from shuanglian_cli.services.documents.output import produce
    from shuanglian_cli.services.documents.templates import open_template

    st = state(ctx)
    y = parse_year(year) if year else today().year
    db = st.db()
    if all_ and deputy:
        from shuanglian_cli.errors import UserError

        raise UserError("--all 与代表姓名只能给出其一")
    c = county_or_default(ctx, county) if all_ else None
    if not all_ and county:
        from shuanglian_cli.store.resolve import find_county

        c = find_county(db, county)
    tpl = open_template(kind_module.KIND, template, st.config)
    if all_:
        written = kind_module.write_all(db, st.config, tpl, out, pdf, year=y, county_id=c["id"] if c else None,
                                        county_name=c["name"] if c else None, today=today(), progress=progress_bar)
        _report_folder(written)
        return
    docs = kind_module.KIND.build(db, st.config, st.calendar, deputy=deputy, year=y,
                                  county_id=c["id"] if c else None, today=today())
    _report(produce(tpl, docs, out, pdf))


def _report_folder(written) -> None:
    """A folder of hundreds: one line for the folder, not one per file."""
    from rich.markup import escape

    from shuanglian_cli.cli.render import ok, warn

    if written.paths:
        ok(f"已写入 {len(written.paths)} 份履职档案到 {escape(str(written.paths[0].parent))}")
    if written.pdfs:
        ok(f"已生成 {len(written.pdfs)} 份 PDF")
    for note in written.notes:
        warn(note)
