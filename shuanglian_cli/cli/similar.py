"""sl suggestions similar ID: the earlier suggestions of the county on the same matter, and how each ended."""

import typer

from shuanglian_cli.cli.options import OutputFormat, format_option
from shuanglian_cli.cli.render import render
from shuanglian_cli.cli.state import state


def similar(
    ctx: typer.Context,
    suggestion_id: str = typer.Argument(..., help="意见建议编号"),
    limit: int = typer.Option(10, "--limit", "-n", help="最多列出多少条"),
    fmt: OutputFormat = format_option(),
) -> None:
    """同一县区此前登记的、说的是同一件事的意见建议（按相似度排列），及各条的办理结果：状态、答复分类、满意度。"""
    from shuanglian_cli.cli.references import ref_columns, suggestion_refs, with_ref
    from shuanglian_cli.domain.vocabulary import STATE_SHORT
    from shuanglian_cli.services.similar import similar_to

    st = state(ctx)
    row, hits = similar_to(st.db(), st.config, suggestion_id, limit)
    refs = suggestion_refs(st.db())
    out = [with_ref({"id": h["id"], "score": h["score"], "collected_on": h["collected_on"], "station": h["station"],
                     "content": h["content"], "state": h["state"], "handling": h["handling"],
                     "department": h["department"], "replied_on": h["replied_on"], "reply_class": h["reply_class"],
                     "satisfaction": h["satisfaction"], "closed_on": h["closed_on"]}, refs) for h in hits]
    if fmt is OutputFormat.table:
        out = [{**r, "state": STATE_SHORT.get(r["state"], r["state"]), "score": f"{r['score']:.2f}"} for r in out]
    render(out, ref_columns([("id", "编号"), ("score", "相似度"), ("collected_on", "登记日期"), ("content", "内容"),
                             ("state", "状态"), ("reply_class", "答复分类"), ("satisfaction", "满意度")], refs),
           fmt, title=f"与第 {row['id']} 条“{row['content']}”相似的此前意见建议",
           footer=[f"共 {len(out)} 条"], empty=f"第 {row['id']} 条之前没有相似的意见建议")
