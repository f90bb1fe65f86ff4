"""催办通知书: one notice per body for its overdue suggestions (the overdue of `sl suggestions overdue`); with
--record each listed suggestion gets a chase of kind notice through the chase write path."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import Doc, DocKind

ITEM_FIELDS = {
    "id": "意见建议在本库中的编号",
    "ref": "意见建议编号（有站点代码时为流转编号）",
    "station": "收集的联络站（点）",
    "content": "意见建议内容（与登记的原文一致）",
    "referred_on": "交办日期",
    "limit_workdays": "办理期限（工作日数）",
    "due_on": "办理期限届满日期",
    "overdue_workdays": "已超期的工作日数",
    "chases": "此前已催办次数",
}


def template():
    from shuanglian_cli.io.documents.layout import OfficialDocument

    doc = OfficialDocument(KIND.title)
    doc.title("意见建议催办通知书")
    doc.blank()
    doc.addressee("{{ department }}：")
    doc.body("交你单位办理的以下{{ count }}件人大代表联系群众意见建议，截至{{ as_of }}已超过办理期限，"
             "尚未书面答复。请高度重视，抓紧办理，尽快书面答复{{ reply_to }}，并告知反映人；"
             "确有困难不能按期办结的，请书面说明原因和办理计划。")
    doc.table([("编号", "{{ item.ref }}", 14), ("交办日期", "{{ item.referred_on }}", 38),
               ("意见建议内容", "{{ item.content }}", 44), ("期限届满", "{{ item.due_on }}", 38),
               ("超期", "{{ item.overdue_workdays }}个工作日", 22)], "item in items")
    doc.contact_and_signature()
    return doc


KIND = DocKind(
    name="chase",
    title="催办通知书",
    names={
        "department": "承办单位（本通知的收件单位）",
        "as_of": "计算超期的截至日，如 2026年11月29日",
        "count": "超期件数",
        "items": "超期的意见建议（列表，见下），超期最久的在前",
        "reply_to": "答复对象：发文机关（配置 forms.unit）",
    },
    fields={"items": ITEM_FIELDS},
    build_template=template,
    build=lambda db, config, calendar, **options: notices(db, config, calendar, **options)[0],
)


def overdue_rows(db, calendar, *, day: dt.date, county_id=None, department_id=None) -> list[dict]:
    """The overdue of `sl suggestions overdue` on `day`: referred, past the due date in force that day,
    without a written reply; the longest overdue first, each with its working days overdue."""
    from shuanglian_cli.domain.lifecycle import overdue_by
    from shuanglian_cli.store.suggestions import OPEN_REFERRED_COLUMNS, open_referred

    rows = open_referred(db, county_id=county_id, department_id=department_id, as_of=day, due_before=day)
    out = []
    for values in rows:
        r = dict(zip(OPEN_REFERRED_COLUMNS, values, strict=True))
        r["overdue_workdays"] = overdue_by(r["due_on"], day, calendar).workdays
        out.append(r)
    return out


def notices(db, config, calendar, *, department: str | None, county: str | None, day: dt.date,
            today: dt.date) -> tuple[list[Doc], list[int]]:
    """One notice per body with overdue suggestions on `day`; (documents, the suggestions listed)."""
    from shuanglian_cli.services.documents.output import chinese_date, common_context
    from shuanglian_cli.store.resolve import find, find_county
    from shuanglian_cli.store.sites import references

    county_id = find_county(db, county)["id"] if county else None
    department_id = find(db, "departments", department, county_id)["id"] if department else None
    rows = overdue_rows(db, calendar, day=day, county_id=county_id, department_id=department_id)
    if not rows:
        raise UserError(f"截至 {day.isoformat()} 没有超期未答复的意见建议{'（该单位）' if department_id else ''}，未写任何催办通知书")
    refs = references(db, "suggestions") or {}
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["county"], r["department"]), []).append(r)
    docs = []
    for (county_name, department_name), group in groups.items():
        context = common_context(config, title=KIND.title, county_name=county_name, day=today)
        context.update({
            "department": department_name,
            "as_of": chinese_date(day),
            "count": len(group),
            "items": [{
                "id": r["id"], "ref": refs.get(r["id"]) or str(r["id"]), "station": r["station"] or "",
                "content": r["content"], "referred_on": chinese_date(r["referred_on"]),
                "limit_workdays": r["limit_workdays"], "due_on": chinese_date(r["due_on"]),
                "overdue_workdays": r["overdue_workdays"], "chases": r["chases"],
            } for r in group],
            "reply_to": context["office"],
        })
        docs.append(Doc(f"催办通知书_{department_name}_{day.isoformat()}", context))
    return docs, [r["id"] for r in rows]


def write(db, config, calendar, template, out: str | None, pdf: bool, *, record: bool, operator: str, **options):
    """Write the notices; with `record`, each listed suggestion gets a chase of kind notice, in the same
    transaction as the writing (the chase write path of `sl suggestions chase --kind notice`).
    Returns (documents, Written, suggestions chased)."""
    from shuanglian_cli.domain.escalation import check_kind
    from shuanglian_cli.domain.lifecycle import check_write_as_of
    from shuanglian_cli.services.documents.output import add_pdfs, write_batch
    from shuanglian_cli.store import referrals
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.suggestions import chase

    if not record:
        docs, _ = notices(db, config, calendar, **options)
        written = write_batch(template, docs, out)
        return docs, (add_pdfs(written) if pdf else written), []
    kinds = config.get("escalation", "kinds") or {}
    kind = check_kind("notice", kinds)
    check_write_as_of(options["day"], options["today"])
    with transaction(db):
        docs, ids = notices(db, config, calendar, **options)
        for sid in ids:
            chase(db, sid, on=options["day"], actor=operator, note=kinds[kind])
            referrals.mark_chase_kind(db, sid, kind)
        written = write_batch(template, docs, out)
    return docs, (add_pdfs(written) if pdf else written), ids
