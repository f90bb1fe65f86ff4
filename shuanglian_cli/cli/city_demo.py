"""sl demo --city DIR: the city's chain of offices (services/city_demo.py) and the city table."""

from pathlib import Path

import typer

from shuanglian_cli.cli.options import OutputFormat
from shuanglian_cli.cli.render import ok, stdout_console
from shuanglian_cli.cli.state import state


def run(ctx: typer.Context, folder: str, seed: int, day, force: bool) -> None:
    from shuanglian_cli.services.city_demo import build_city

    st = state(ctx)
    st.close()
    result = build_city(Path(folder).expanduser(), st.config, seed=seed, today=day, operator=st.safe_operator(),
                        force=force)
    for kept in result["kept"]:
        ok(f"原数据库已先另存为 {kept}（已检查完整）")
    ok(f"城市演示数据已生成：{folder}（{len(result['files'])} 个数据库，{result['seconds']:.1f} 秒，"
       f"演示日期 {day.isoformat()}）")
    console = stdout_console()
    for line in result["lines"]:
        console.print(f"  {line}")
    from shuanglian_cli.cli import stats

    st.db_option = str(result["city"])
    console.rule(f"sl stats year {day.year - 1} --by-county")
    stats.year(ctx, which=str(day.year - 1), county=None, as_of=day.isoformat(), by_county=True,
               fmt=OutputFormat.table)
    console.print("\n[bold]接下来可以试试：[/bold]")
    for cmd in (f"sl --db {result['city']} stats year {day.year - 1} --by-county --format json",
                f"sl --db {result['city']} suggestions overdue --as-of {day.isoformat()}",
                f"sl --db {result['city']} publish --out 淄博市-公开.db"):
        console.print(f"  [cyan]{cmd}[/cyan]")
