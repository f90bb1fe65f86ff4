"""The words clerks read for the codes the database stores: suggestion states, lifecycle events, how an
opinion was handled, activity kinds, satisfaction. One table each; every module takes its labels from
here. Pure data, no I/O.

A state has a short label (lists, counts, forms) and a long one (a single suggestion's page, where the
label also says what comes next). Three places print a wording of their own today; those are spelled
out below as deviations from the short label, so that the vocabulary shows every wording in use and
collapsing them is a one-line change (with the golden outputs regenerated in the same commit).
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    short: str
    long: str


# suggestions.state: code -> labels, in the order a suggestion lives through them
STATES: dict[str, Label] = {
    "collected": Label("待处理", "已登记（待处理）"),
    "on_spot": Label("现场解答", "现场解答（已办结）"),
    "referred": Label("交办办理中", "已交办（办理中）"),
    "returned": Label("退办待改派", "已退办（待改派承办单位）"),
    "replied": Label("已答复", "已书面答复（待反馈）"),
    "fed_back": Label("已反馈", "已反馈（待办结）"),
    "closed": Label("已办结", "已办结"),
    "inter_session": Label("闭会期间建议", "闭会期间建议"),
    "withdrawn": Label("已撤回", "已撤回"),
}
STATE_SHORT = {code: label.short for code, label in STATES.items()}
STATE_LONG = {code: label.long for code, label in STATES.items()}

# Wordings printed today that differ from the short label (kept so output stays byte-identical).
# an activity's page (`sl record show`)
STATE_ACTIVITY_PAGE = {**STATE_SHORT, "referred": "交办中", "closed": "办结", "withdrawn": "撤回"}
# a deputy's archive (`sl deputy archive`, its workbook)
STATE_ARCHIVE = {**STATE_SHORT, "closed": "办结", "withdrawn": "撤回"}
# the referral ledger's 办理状态 column (an answer on the spot is, for that form, simply done)
STATE_REFERRAL_FORM = {**STATE_SHORT, "referred": "办理中", "on_spot": "已办结"}

# suggestion_events.kind -> label
EVENTS = {
    "collect": "登记",
    "on_spot": "现场解答",
    "refer": "交办",
    "inter_session": "转为闭会期间建议",
    "chase": "督办",
    "extend": "延期",
    "reply": "书面答复",
    "feedback": "反馈",
    "close": "办结",
    "reopen": "重新交办",
    "withdraw": "撤回",
    "recalc": "期限重算",
    "return": "退办",
    "co_reply": "会签",
    "follow_up": "续报",
}

# reply classes (答复分类) of a body's answer and of a follow-up (续报)
REPLY_CLASSES = {"A": "已解决或采纳", "B": "正在解决或列入计划", "C": "因条件限制暂时不能解决、留作参考"}

# suggestions.handling -> label (the forms' 处理方式 column)
HANDLINGS = {"on_spot": "现场解答", "referred": "交办", "inter_session": "闭会期间建议"}

# activities.kind, in the order tables and forms list them
ACTIVITY_KINDS = ("接待日", "议题式接待", "季度双联", "走访", "接听日", "座谈", "述职", "其他")

# suggestions.satisfaction, best first; 满意 and 基本满意 count as satisfied
SATISFACTION = ("满意", "基本满意", "不满意")
SATISFIED = frozenset({"满意", "基本满意"})
