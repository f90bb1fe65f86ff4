"""sl bundle: files that carry records between offices (encrypted; see services/bundles.py)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from shuanglian_cli.cli.options import OutputFormat, format_option
from shuanglian_cli.cli.render import ok, render, stdout_console
from shuanglian_cli.cli.state import state
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True)

PASSPHRASE_FILE = typer.Option(None, "--passphrase-file", help="存放与对方约定口令的文件（第一行）")

TABLE_WORDS = {"stations": "联络站(点)", "departments": "承办单位", "deputies": "代表", "members": "常委会组成人员",
               "constituents": "群众", "activities": "联系活动", "suggestions": "意见建议",
               "suggestion_events": "办理过程记录", "deleted": "删除"}


def passphrase(file: Path | None, peer: str, config=None) -> str:
    """--passphrase-file, then the peer's file in the config (bundle.passphrase_files), then
    SL_BUNDLE_PASSPHRASE, then a prompt on a terminal."""
    import sys

    if file is None and config is not None:
        configured = (config.get("bundle", "passphrase_files") or {}).get(peer)
        file = Path(str(configured)) if configured else None

    if file is not None:
        try:
            text = Path(file).expanduser().read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise UserError(f"无法读取口令文件 {file}：{exc.strerror}") from None
        if not text or not text[0].strip():
            raise UserError(f"口令文件 {file} 是空的")
        return text[0].strip()
    if os.environ.get("SL_BUNDLE_PASSPHRASE"):
        return os.environ["SL_BUNDLE_PASSPHRASE"]
    if sys.stdin.isatty():
        return typer.prompt(f"与 {peer} 约定的数据包口令", hide_input=True)
    raise UserError("需要数据包口令：用 --passphrase-file 指定口令文件，或设置环境变量 SL_BUNDLE_PASSPHRASE")


def _counts(counts: dict) -> str:
    return "，".join(f"{TABLE_WORDS.get(t, t)} {n}" for t, n in counts.items() if n) or "无新记录"


@app.command("create")
def create(
    ctx: typer.Context,
    peer: str = typer.Option(..., "--for", help="对方站点代码"),
    out: Path = typer.Option(None, "--out", help="数据包文件（默认：本站点-to-对方-日期时间.slb，ASCII 文件名）"),
    since: str = typer.Option(None, "--since", help="只限首个数据包：不早于该日期的活动和意见建议"),
    passphrase_file: Path = PASSPHRASE_FILE,
) -> None:
    """生成发给对方站点的加密数据包：对方尚未确认收到的全部记录。"""
    from shuanglian_cli.cli.state import today_or
    from shuanglian_cli.services.bundles import bundle_name, create_bundle
    from shuanglian_cli.store.sites import require_site

    st = state(ctx)
    db = st.db()
    peer = peer.strip().upper()
    site = require_site(db)
    target = out or Path(bundle_name(site["code"], peer))
    summary = create_bundle(db, peer=peer, out=target, passphrase=passphrase(passphrase_file, peer, st.config),
                            since=today_or(since) if since else None)
    ok(f"已生成数据包 {summary.path}（发往 {peer}）：{_counts(summary.counts)}")


@app.command("apply")
def apply(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="收到的数据包文件", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查并显示将做的合并，不写入"),
    passphrase_file: Path = PASSPHRASE_FILE,
) -> None:
    """合并对方站点发来的数据包（一个事务：全部写入或全不写入；重复合并结果相同）。"""
    from shuanglian_cli.io.bundle_file import read_header
    from shuanglian_cli.services.bundles import apply_bundle

    st = state(ctx)
    db = st.db()
    header = read_header(file)
    summary = apply_bundle(db, file, passphrase=passphrase(passphrase_file, header["sender"], st.config),
                           dry_run=dry_run)
    verb = "将合并" if dry_run else "已合并"
    if summary.covered:
        ok(f"来自 {summary.sender} 的数据包所含记录此前均已合并（重复或较早的数据包），只读取了其中的确认")
    else:
        ok(f"{verb}来自 {summary.sender} 的数据包：新增 {_counts(summary.inserted)}；更新 {_counts(summary.updated)}；"
           f"删除 {_counts(summary.deleted)}")
    if summary.conflicts:
        stdout_console().print(f"有 {len(summary.conflicts)} 处冲突，见 `sl bundle status --conflicts`")
    if dry_run:
        stdout_console().print("（--dry-run：未写入）")


@app.command("status")
def status(
    ctx: typer.Context,
    conflicts: bool = typer.Option(False, "--conflicts", help="列出合并时的冲突"),
    fmt: OutputFormat = format_option(),
) -> None:
    """各对方站点的收发与确认情况，以及冲突。"""
    from shuanglian_cli.services import bundles
    from shuanglian_cli.store.bundle_apply import conflict_rows

    db = state(ctx).db()
    if conflicts:
        bundles.status(db)  # refuses a file without a site
        render(conflict_rows(db), [("at", "时间"), ("peer", "对方"), ("table", "表"), ("kind", "冲突"),
                                   ("detail", "说明"), ("gid", "全局编号")], fmt)
        return
    render(bundles.status(db), [("peer", "对方"), ("name", "名称"), ("bundles_sent", "已发包"),
                                ("bundles_received", "已收包"), ("unacknowledged", "待确认"),
                                ("received_seq", "已收至"), ("conflicts", "冲突")], fmt)
