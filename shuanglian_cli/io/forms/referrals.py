"""交办督办台账: the referred opinions, with their due dates, chases, reply, feedback, state and lateness."""

from __future__ import annotations

from collections.abc import Iterator

from shuanglian_cli.domain.vocabulary import STATE_REFERRAL_FORM
from shuanglian_cli.io.forms.layout import Column
from shuanglian_cli.io.forms.refs import ref_cells, refs, with_ref
from shuanglian_cli.io.forms.register import iso, limit_text

KEY = "referrals"
TITLE = "交办督办台账"
BASIS = "按首次交办日期列入，每条一行（与统计汇总“本期交办”相同）"  # what places a row in the period (printed under the title)
COLUMNS = [
    Column("序号", 5, "number"),
    Column("交办日期", 10.5, "date"),
    Column("联络站(点)", 14),
    Column("意见建议内容", 28, "long"),
    Column("类别", 8, "center"),
    Column("承办单位", 14),
    Column("办理时限", 8, "center"),
    Column("到期日", 10.5, "date"),
    Column("督办次数", 6, "number"),
    Column("答复日期", 10.5, "date"),
    Column("答复情况", 24, "long"),
    Column("反馈日期", 10.5, "date"),
    Column("群众满意度", 7, "center"),
    Column("办理状态", 9, "center"),
    Column("超期工作日", 7, "number"),
]
HEADERS = [c.header for c in COLUMNS]

STATE_LABELS = STATE_REFERRAL_FORM


def lateness(s: dict, calendar, as_of) -> int | None:
    """Working days past the due date: at the reply, or (still unanswered) on the as-of day."""
    due = iso(s["due_on"])
    if due is None:
        return None
    replied = iso(s["replied_on"])
    if replied is not None:  # judged against the due date before any extension approved after it
        late = calendar.workdays_between(iso(s["judged_due_on"]) or due, replied)
    elif s["state"] == "referred" and as_of > due:
        late = calendar.workdays_between(due, as_of)
    else:
        return None
    return late if late > 0 else None


def state_text(s: dict, late: int | None) -> str:
    label = STATE_LABELS.get(s["state"], s["state"])
    if s["state"] == "referred" and late:
        label = "超期未答复"
    if s["extended"]:
        label += "（已延期）" if s["extended"] == 1 else "（超期后延期）"
    return label


def columns(ctx) -> list[Column]:
    """The printed columns: a file with a site adds 参考编号, one without prints the form as before."""
    return with_ref(COLUMNS, ctx, "suggestions")


def count(ctx) -> int:
    from shuanglian_cli.store.forms import count_referrals

    return count_referrals(ctx.db, ctx.scope)


def rows(ctx) -> Iterator[list]:
    from shuanglian_cli.store.forms import referral_rows
    from shuanglian_cli.store.referrals import ledger_notes

    notes = ledger_notes(ctx.db)  # co-handlers, returns, reply classes (issue 14)
    found = refs(ctx, "suggestions")
    for n, s in enumerate(referral_rows(ctx.db, ctx.scope), start=1):
        late = lateness(s, ctx.calendar, ctx.as_of)
        note = notes.get(s["id"], {})
        due = iso(s["due_on"])
        due_cell = due if s["due_confirmed"] in (1, None) or due is None else f"{s['due_on']}（未确认）"
        yield [
            n, *ref_cells(found, s["id"]), iso(s["referred_on"]), s["station"] or "", s["content"], s["category"],
            (s["department"] or "") + note.get("department", ""), limit_text(s["limit_workdays"]), due_cell,
            s["chases"] or 0, iso(s["replied_on"]), (note.get("reply", "") + (s["reply"] or "")) if s["reply"] else "",
            iso(s["fed_back_on"]), s["satisfaction"] or "", state_text(s, late), late,
        ]
