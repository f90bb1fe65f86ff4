"""The suggestion (意见建议) state machine: states, events, which event each state allows, the
"answered on time" rule, and the date order every event must respect. Pure logic, no I/O.

collected ─┬─ on_spot        (现场解答: closed at once)
           ├─ inter_session  (闭会期间建议)
           └─ referred ── chase*/extend* ── replied ── fed_back ──┬─ closed
                  ▲                                               │
                  └──────────────── reopen (after 不满意) ─────────┘
withdraw: from any state that is still open.
"""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.domain import vocabulary
from shuanglian_cli.errors import InvalidTransition, UserError

STATE_LABELS = vocabulary.STATE_LONG
EVENT_LABELS = vocabulary.EVENTS

# event -> (states it may happen in, state it leads to; None = stays)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "on_spot": (frozenset({"collected"}), "on_spot"),
    "refer": (frozenset({"collected"}), "referred"),
    "inter_session": (frozenset({"collected"}), "inter_session"),
    "chase": (frozenset({"referred"}), None),
    "extend": (frozenset({"referred"}), None),
    "reply": (frozenset({"referred"}), "replied"),
    "feedback": (frozenset({"replied"}), "fed_back"),
    "close": (frozenset({"fed_back"}), "closed"),
    "reopen": (frozenset({"fed_back", "closed"}), "referred"),
    "withdraw": (frozenset({"collected", "referred", "replied", "fed_back"}), "withdrawn"),
}

# the CLI command that performs each event, for messages that say what to do next
COMMANDS = {
    "on_spot": "answer", "refer": "refer", "inter_session": "inter-session", "chase": "chase",
    "extend": "extend", "reply": "reply", "feedback": "feedback", "close": "close", "reopen": "reopen",
    "withdraw": "withdraw",
}

OPEN_STATES = frozenset({"collected", "referred", "replied", "fed_back"})
SATISFACTION = vocabulary.SATISFACTION
SATISFIED = vocabulary.SATISFIED


def allowed_events(row: dict) -> list[str]:
    """Events the suggestion's current state allows (reopen only after 不满意)."""
    out = []
    for event, (states, _) in TRANSITIONS.items():
        if row["state"] in states and (event != "reopen" or row.get("satisfaction") == "不满意"):
            out.append(event)
    return out


def check(row: dict, event: str) -> str:
    """The state after `event`, or InvalidTransition saying what the current state allows."""
    states, target = TRANSITIONS[event]
    if event in allowed_events(row):
        return target or row["state"]
    label = EVENT_LABELS[event]
    current = STATE_LABELS.get(row["state"], row["state"])
    if event == "reopen" and row["state"] in states:
        reason = f"第 {row['id']} 条的反馈满意度为“{row.get('satisfaction') or '未填'}”，只有群众不满意时才能重新交办"
    else:
        reason = f"第 {row['id']} 条意见建议当前状态为“{current}”，不能{label}"
    options = allowed_events(row)
    if options:
        hint = "当前可以：" + "、".join(f"{EVENT_LABELS[e]}（sl suggestions {COMMANDS[e]}）" for e in options)
    else:
        hint = "该意见建议已结束，不能再进行任何办理操作"
    raise InvalidTransition(reason, [hint])


def is_open(state: str) -> bool:
    return state in OPEN_STATES


def answered_on_time(replied_on: str | dt.date | None, due_on: str | dt.date | None) -> bool | None:
    """THE on-time rule: a referred suggestion is answered on time when its written reply is dated
    on or before the due date of its latest round. None when there is no reply or no deadline."""
    if not replied_on or not due_on:
        return None
    return str(replied_on) <= str(due_on)  # ISO dates compare as text


def is_overdue(state: str, due_on: str | None, as_of: dt.date) -> bool:
    """Still waiting for the written reply after the end of its due date."""
    return state == "referred" and bool(due_on) and str(due_on) < as_of.isoformat()


# which stored date an event may not precede, and how to name it
_NOT_BEFORE = {
    "on_spot": ("collected_on", "登记日期"),
    "refer": ("collected_on", "登记日期"),
    "inter_session": ("collected_on", "登记日期"),
    "chase": ("referred_on", "交办日期"),
    "extend": ("referred_on", "交办日期"),
    "reply": ("referred_on", "交办日期"),
    "feedback": ("replied_on", "答复日期"),
    "close": ("fed_back_on", "反馈日期"),
    "reopen": ("fed_back_on", "反馈日期"),
    "withdraw": ("collected_on", "登记日期"),
}


def check_date(row: dict, event: str, on: dt.date) -> None:
    """An event dated before the step it follows is refused (e.g. a reply before the referral)."""
    key, label = _NOT_BEFORE[event]
    earlier = row.get(key)
    if earlier and on.isoformat() < str(earlier):
        raise UserError(
            f"{EVENT_LABELS[event]}日期 {on.isoformat()} 早于第 {row['id']} 条的{label} {earlier}，请检查 --on 日期"
        )


def check_limit(days: int | None) -> int | None:
    if days is not None and days < 1:
        raise UserError(f"办理时限必须是正整数个工作日，收到 {days}")
    return days


def parse_satisfaction(text: str) -> str:
    value = (text or "").strip()
    aliases = {"1": "满意", "2": "基本满意", "3": "不满意", "manyi": "满意", "jibenmanyi": "基本满意",
               "bumanyi": "不满意"}
    value = aliases.get(value.lower(), value)
    if value not in SATISFACTION:
        raise UserError(f"满意度“{text}”无效：只能是 满意、基本满意 或 不满意")
    return value


def timeline(events: list[dict], calendar) -> list[dict]:
    """Each event with the working days used since its round's referral and whether it was late
    (a reply after the due date in force; a chase or extension once the due date had passed)."""
    out = []
    referred_on: dt.date | None = None
    due: str | None = None
    for e in events:
        on = dt.date.fromisoformat(e["on_date"])
        kind = e["kind"]
        if kind in ("refer", "reopen"):
            referred_on, due = on, e.get("due_on")
        elif kind in ("extend", "recalc") and e.get("due_on"):
            due = e["due_on"]
        used = calendar.workdays_between(referred_on, on) if referred_on and on >= referred_on else None
        late = None
        if due and kind in ("reply", "chase", "extend"):
            late = on.isoformat() > due
        confirmed = None
        if referred_on and due and kind in ("refer", "reopen", "extend", "recalc"):
            confirmed = calendar.confirmed_between(referred_on, dt.date.fromisoformat(due))
        out.append({
            "on": e["on_date"], "round": e.get("round", 0), "kind": kind, "event": EVENT_LABELS.get(kind, kind),
            "actor": e.get("actor") or "", "department": e.get("department"), "limit_workdays": e.get("limit_workdays"),
            "due_on": e.get("due_on") if kind in ("refer", "reopen", "extend", "recalc") else None,
            "due_confirmed": confirmed, "satisfaction": e.get("satisfaction"), "workdays_used": used,
            "late": late, "note": e.get("note") or "",
        })
        if kind == "withdraw":
            referred_on = None
    return out


def department_summary(rows: list[dict], calendar, overdue_now: int) -> dict:
    """Figures for one body from the suggestions referred to it in the period (each with
    referred_on, due_on, replied_on, satisfaction): referred, answered, on time, median working
    days to reply, satisfaction rate (满意 + 基本满意 over those who gave feedback). `overdue_now`
    is counted by the caller over all periods: an old referral still unanswered is overdue today."""
    import statistics

    answered = [r for r in rows if r.get("replied_on")]
    on_time = sum(1 for r in answered if answered_on_time(r["replied_on"], r["due_on"]))
    used = [calendar.workdays_between(dt.date.fromisoformat(r["referred_on"]), dt.date.fromisoformat(r["replied_on"]))
            for r in answered]
    median = statistics.median(used) if used else None
    if median is not None:
        median = int(median) if median == int(median) else round(median, 1)
    rated = [r["satisfaction"] for r in rows if r.get("satisfaction")]
    satisfied = sum(1 for s in rated if s in SATISFIED)
    return {
        "referred": len(rows),
        "answered": len(answered),
        "answered_on_time": on_time,
        "on_time_rate": round(100 * on_time / len(answered), 1) if answered else None,
        "median_workdays_to_reply": median,
        "overdue_now": overdue_now,
        "fed_back": len(rated),
        "satisfied": satisfied,
        "satisfaction_rate": round(100 * satisfied / len(rated), 1) if rated else None,
    }
