"""交办单: one numbered slip per body for the suggestions referred to it; a co-handling body (协办) gets its
own slip, marked so. The number is allocated when a slip is first written and reused after (store/slips.py)."""

from __future__ import annotations

from shuanglian_cli.services.documents.kinds import DocKind

ITEM_FIELDS = {
    "ref": "意见建议编号（有站点代码时为流转编号，如 NANMA-0042）",
    "station": "收集的联络站（点）",
    "collected_on": "收集日期，如 2026年11月3日",
    "deputy": "收集意见的代表",
    "raiser": "反映人姓名",
    "phone": "反映人电话（默认脱敏，如 138****5678；--reveal 时为完整号码）",
    "address": "反映人住址（默认脱敏；--reveal 时为完整住址）",
    "category": "类别",
    "content": "意见建议内容（与登记的原文一致）",
    "referred_on": "交办日期",
    "limit_workdays": "办理期限（工作日数）",
    "due_on": "办理期限届满日期，如 2026年12月8日",
}


def template():
    from shuanglian_cli.io.documents.layout import OfficialDocument

    doc = OfficialDocument(KIND.title)
    doc.title("人大代表联系群众意见建议交办单")
    doc.number("{{ number }}")
    doc.blank()
    doc.addressee("{{ department }}：")
    doc.statement("{%p if co_handling %}")
    doc.body("现将人大代表联系群众时收集的以下{{ count }}件意见建议交你单位协办（主办单位：{{ lead_department }}）。"
             "请在办理期限内向主办单位提出会签意见，并抄送{{ reply_to }}。")
    doc.statement("{%p else %}")
    doc.body("现将人大代表联系群众时收集的以下{{ count }}件意见建议交你单位办理。请认真研究办理，"
             "在办理期限内书面答复{{ reply_to }}，并告知反映人。")
    doc.statement("{%p if co_departments %}")
    doc.body("协办单位：{{ co_departments }}。请主动会同协办单位办理。")
    doc.statement("{%p endif %}")
    doc.statement("{%p endif %}")
    doc.table([("编号", "{{ item.ref }}", 20),
               ("收集情况", "{{ item.station }}，{{ item.collected_on }}，反映人{{ item.raiser }} {{ item.phone }}", 40),
               ("意见建议内容", "{{ item.content }}", 62),
               ("办理期限", "{{ item.limit_workdays }}个工作日（{{ item.due_on }}前）", 34)], "item in items")
    doc.blank()
    doc.body("联系人：{{ clerk }}　联系电话：{{ office_phone }}")
    doc.blank()
    doc.signature("{{ office }}", "{{ date }}")
    return doc


KIND = DocKind(
    name="referral",
    title="交办单",
    names={
        "number": "交办单编号，如 沂人联交〔2026〕12号（--dry-run 时为〔待编号〕）",
        "department": "承办单位（本单的收件单位）",
        "role": "主办 或 协办",
        "co_handling": "本单是否为协办单（true/false），可用于 {%p if co_handling %}",
        "lead_department": "协办单上的主办单位；主办单为空",
        "co_departments": "主办单上的协办单位，用顿号连接；没有时为空",
        "referred_on": "交办日期（本单各件中最早的），如 2026年11月20日",
        "count": "本单意见建议件数",
        "items": "本单的意见建议（列表，见下）",
        "reply_to": "答复对象：发文机关（配置 forms.unit）",
    },
    fields={"items": ITEM_FIELDS},
    build_template=template,
)
