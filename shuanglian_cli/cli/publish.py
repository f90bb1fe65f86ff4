"""sl publish: a read-only copy without personal data (services/publish.py)."""

from pathlib import Path

import typer

from shuanglian_cli.cli.render import ok, stdout_console
from shuanglian_cli.cli.state import state


def publish(
    ctx: typer.Context,
    out: str = typer.Option(..., "--out", metavar="FILE", help="公开副本的文件名，例如 公开副本.db；已存在的文件只有是以前生成的公开副本时才会被替换"),
) -> None:
    """生成不含个人信息的只读公开副本：可交给领导查看，或用 Datasette 打开。

    去掉审计记录、群众姓名、提出人姓名和所有表的电话、地址栏；文字中的电话号码和 18 位身份证号已遮盖。
    保留各项数字和意见建议内容。文件设为只读，并在 meta 表中标明为公开副本。
    """
    from shuanglian_cli.services.publish import publish as write_copy

    st = state(ctx)
    st.db()  # a missing or foreign file is refused here, as by every command; migrations applied
    summary = write_copy(st.db_path, Path(out), operator=st.safe_operator())
    ok(f"公开副本已生成：{out}（{summary['size_bytes'] / 1024:.0f} KB，只读）")
    console = stdout_console()
    left = "、".join(f"{t}.{c}" for t, cols in summary["left_out_columns"].items() for c in cols)
    console.print(f"  已去掉：{'、'.join(summary['left_out_tables']) or '（无审计记录）'}；{left}")
    console.print("  文字中的电话号码、身份证号已遮盖；数字和意见建议内容保留")
