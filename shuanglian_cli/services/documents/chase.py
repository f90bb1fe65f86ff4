"""催办通知书: one notice per body for its overdue suggestions (the overdue of `sl suggestions overdue`); with
--record each listed suggestion gets a chase of kind notice through the chase write path."""

from __future__ import annotations

from shuanglian_cli.services.documents.kinds import DocKind

ITEM_FIELDS = {
    "ref": "意见建议编号（有站点代码时为流转编号）",
    "station": "收集的联络站（点）",
    "collected_on": "收集日期",
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
    doc.table([("编号", "{{ item.ref }}", 20), ("交办日期", "{{ item.referred_on }}", 30),
               ("意见建议内容", "{{ item.content }}", 58), ("期限届满", "{{ item.due_on }}", 30),
               ("超期", "{{ item.overdue_workdays }}个工作日", 18)], "item in items")
    doc.blank()
    doc.statement("{%p if clerk or office_phone %}")
    doc.body("联系人：{{ clerk }}　联系电话：{{ office_phone }}")
    doc.statement("{%p endif %}")
    doc.blank()
    doc.signature("{{ office }}", "{{ date }}")
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
)
