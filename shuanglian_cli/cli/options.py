"""The options many commands share, declared once: output format, as-of day, and the
--county/--station/--department/--deputy aliases (typing.Annotated), so every command says them alike."""


import enum
from typing import Annotated, Any

import typer


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_HELP = "输出格式：table（表格）、json 或 csv；json/csv 用英文键名和 ISO 日期，便于程序处理"


def format_option() -> Any:
    return typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP, case_sensitive=False)


def as_of_option() -> Any:
    return typer.Option(None, "--as-of", help="按哪一天计算（默认今天），例如 2026-11-20；用于复现结果")


CountyOpt = Annotated[str | None, typer.Option(
    "--county", "-c", help="县区：沂源县、沂源或 yiyuan；不填则取配置 default_county，未配置时为全部县区")]
StationOpt = Annotated[str | None, typer.Option(
    "--station", "-s", help="联络站或联络点（名称、开头、编号或拼音）；查询时站含其下属联络点")]
DepartmentOpt = Annotated[str | None, typer.Option(
    "--department", "-D", help="承办单位（名称、开头、编号或拼音首字母）")]
DeputyOpt = Annotated[str | None, typer.Option("--deputy", "-d", help="代表（姓名、编号或拼音）")]
# several deputies: `record visit` and `link` take --deputy more than once (`record visit` keeps -d for --date)
DeputiesOpt = Annotated[list[str] | None, typer.Option("--deputy", help="代表（姓名、编号或拼音；可多次给出）")]
