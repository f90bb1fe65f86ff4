"""The suggestion (意见建议) state machine: states, events, which event each state allows, the
"answered on time" rule, and the date order every event must respect. Pure logic, no I/O.

collected ─┬─ on_spot        (现场解答: closed at once)
           ├─ inter_session  (闭会期间建议)
           └─ referred ── chase*/extend* ── replied ── fed_back ──┬─ closed
                  ▲                                               │
                  └──────────────── reopen (after 不满意) ─────────┘
withdraw: from any state that is still open.
The referral desk (issue 14, domain/referral.py): a body may return (退办) a referral it received
outside its remit -> returned, and the clerk refers it again (same round); a follow-up of a B reply
(follow_up, 续报) does not change the state. Co-handlers' opinions (co_reply, 会签) are no transition.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from shuanglian_cli.domain import vocabulary
from shuanglian_cli.errors import InvalidTransition, UserError

STATE_LABELS = vocabulary.STATE_LONG
EVENT_LABELS = vocabulary.EVENTS

# event -> (states it may happen in, state it leads to; None = stays)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "on_spot": (frozenset({"collected"}), "on_spot"),
    "refer": (frozenset({"collected", "returned"}), "referred"),
    "inter_session": (frozenset({"collected"}), "inter_session"),
    "chase": (frozenset({"referred"}), None),
    "extend": (frozenset({"referred"}), None),
    "reply": (frozenset({"referred"}), "replied"),
    "feedback": (frozenset({"replied"}), "fed_back"),
    "close": (frozenset({"fed_back"}), "closed"),
    "reopen": (frozenset({"fed_back", "closed"}), "referred"),
    "withdraw": (frozenset({"collected", "referred", "returned", "replied", "fed_back"}), "withdrawn"),
    # the referral desk (domain/referral.py)
    "return": (frozenset({"referred"}), "returned"),
    "follow_up": (frozenset({"replied", "fed_back", "closed"}), None),
}

# the CLI command that performs each event, for messages that say what to do next
COMMANDS = {
    "on_spot": "answer", "refer": "refer", "inter_session": "inter-session", "chase": "chase",
    "extend": "extend", "reply": "reply", "feedback": "feedback", "close": "close", "reopen": "reopen",
    "withdraw": "withdraw", "return": "return", "follow_up": "follow-up",
}

OPEN_STATES = frozenset({"collected", "referred", "returned", "replied", "fed_back"})
SATISFACTION = vocabulary.SATISFACTION
SATISFIED = vocabulary.SATISFIED


def allows(row: dict, event: str) -> bool:
    """Whether the suggestion's current state allows `event` (reopen only after 不满意, a follow-up
    only of a B reply)."""
    return row["state"] in TRANSITIONS[event][0] and (event != "reopen" or row.get("satisfaction") == "不满意") \
        and (event != "follow_up" or row.get("reply_class") == "B")


def allowed_events(row: dict) -> list[str]:
    """Events the suggestion's current state allows."""
    return [event for event in TRANSITIONS if allows(row, event)]


def check(row: dict, event: str) -> str:
    """The state after `event`, or InvalidTransition saying what the current state allows."""
    states, target = TRANSITIONS[event]
    if event in allowed_events(row):
        return target or row["state"]
    label = EVENT_LABELS[event]
    current = STATE_LABELS.get(row["state"], row["state"])
    if event == "reopen" and row["state"] in states:
        reason = f"第 {row['id']} 条的反馈满意度为“{row.get('satisfaction') or '未填'}”，只有群众不满意时才能重新交办"
    elif event == "follow_up" and row["state"] in states:
        reason = f"第 {row['id']} 条的答复分类为“{row.get('reply_class') or '未分类'}”，只有 B 类答复（正在解决或列入计划）才能续报"
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


# suggestions.extended: 0 none, 1 approved on or before the due date in force, 2 one approved after it
# (超期后延期: shown as such; the on-time judgement comes from the events, see judged_due)
EXTENDED_IN_TIME = 1
EXTENDED_AFTER_DUE = 2
AFTER_DUE_LABEL = "超期后延期"


def answered_on_time(replied_on: str | dt.date | None, judged_due_on: str | dt.date | None) -> bool | None:
    """THE on-time rule: the body's first (only) reply of the round is dated on or before the due
    date it is judged against (`judged_due`: the due date in force before any extension approved
    after it). None when there is no reply or no deadline. on_time_sql is the same rule in SQL."""
    if not replied_on or not judged_due_on:
        return None
    return str(replied_on) <= str(judged_due_on)  # ISO dates compare as text


def judged_due_sql(alias: str = "s") -> str:
    """judged_due in SQL for the suggestions row `alias`: its due date unless the round has an
    extension; else the due date of the round's last referral or extension that was not approved
    after the due date in force before it (advance_deadlines, without calendar recomputations)."""
    p = f"{alias}." if alias else ""
    return f"""(CASE WHEN {p}extended = 0 THEN {p}due_on ELSE coalesce((
        SELECT e.due_on FROM suggestion_events e
        WHERE e.suggestion_id = {p}id AND e.round = {p}round AND e.due_on IS NOT NULL
          AND e.kind IN ('refer', 'reopen', 'extend')
          AND NOT (e.kind = 'extend' AND e.on_date > coalesce((
              SELECT b.due_on FROM suggestion_events b
              WHERE b.suggestion_id = e.suggestion_id AND b.round = e.round AND b.id < e.id
                AND b.due_on IS NOT NULL AND b.kind IN ('refer', 'reopen', 'extend', 'recalc')
              ORDER BY b.id DESC LIMIT 1), e.on_date))
        ORDER BY e.id DESC LIMIT 1), {p}due_on) END)"""


def on_time_sql(alias: str = "s") -> str:
    """answered_on_time as an SQL condition on the suggestions row `alias` (NULL without a reply)."""
    p = f"{alias}." if alias else ""
    return f"({p}replied_on <= {judged_due_sql(alias)})"


def is_overdue(state: str, due_on: str | None, as_of: dt.date) -> bool:
    """Still waiting for the written reply after the end of its due date."""
    return state == "referred" and bool(due_on) and str(due_on) < as_of.isoformat()


def extension_kind(row: dict, on: dt.date, after_due: bool) -> int:
    """An extension approved on or before the due date in force replaces it (EXTENDED_IN_TIME); one
    approved after it is refused unless the clerk says so with --after-due (EXTENDED_AFTER_DUE):
    it then moves the working deadline, but the round's reply is judged against the old due date."""
    due = str(row.get("due_on") or "")
    if not due or on.isoformat() <= due:
        return EXTENDED_IN_TIME
    if not after_due:
        raise UserError(
            f"第 {row['id']} 条的到期日 {due} 已过，{on.isoformat()} 批准的延期属于超期后延期",
            ["超期后延期不能让超期答复变成按期：如确经批准，加 --after-due 登记为“超期后延期”，"
             "它会顺延催办用的到期日，但按期与否仍按原到期日判断"],
        )
    return EXTENDED_AFTER_DUE


class Approval(NamedTuple):
    approved_by: str
    reason: str


def check_extension_approval(approved_by: str | None, reason: str | None) -> Approval:
    """An extension needs the approving body (镇人大、街道人大工委) and a reason, both written."""
    if not (approved_by or "").strip():
        raise UserError("延期须写明批准单位：--approved-by（如 镇人大主席团、街道人大工委）")
    if not (reason or "").strip():
        raise UserError("延期须写明理由：--reason")
    return Approval(approved_by.strip(), reason.strip())


# -- how late, how long left ------------------------------------------------------------------

class Lateness(NamedTuple):
    workdays: int
    days: int


def overdue_by(due_on: str, day: dt.date, calendar) -> Lateness:
    """How far past its due date an open referral is on `day`, in working days and in days."""
    due = dt.date.fromisoformat(due_on)
    return Lateness(calendar.workdays_between(due, day), (day - due).days)


def workdays_left(due_on: str, day: dt.date, calendar) -> int:
    """Working days from `day` to the due date (0: due today; negative once it has passed)."""
    return calendar.workdays_between(day, dt.date.fromisoformat(due_on))


class DepartmentOverdue(NamedTuple):
    department: str
    count: int
    longest: int  # working days


UNNAMED_DEPARTMENT = "（未指定）"


def overdue_by_department(rows: list[dict]) -> list[DepartmentOverdue]:
    """The overdue list's summary: per department (rows with `department`, `overdue_workdays`), most
    overdue referrals first, then the longest wait, then the name."""
    by_dept: dict[str, list[int]] = {}
    for r in rows:
        by_dept.setdefault(r["department"] or UNNAMED_DEPARTMENT, []).append(r["overdue_workdays"])
    summary = [DepartmentOverdue(name, len(v), max(v)) for name, v in by_dept.items()]
    return sorted(summary, key=lambda d: (-d.count, -d.longest, d.department))


def open_referral_status(state: str, due_on: str, day: dt.date, calendar) -> str:
    """What `sl suggestions show` says about a referral still waiting for its reply on `day`."""
    left = workdays_left(due_on, day, calendar)
    if is_overdue(state, due_on, day):
        days = (day - dt.date.fromisoformat(due_on)).days
        return f"截至 {day.isoformat()} 已超期 {days} 天（{-left} 个工作日）"
    return f"截至 {day.isoformat()} 未超期，还剩 {left} 个工作日"


# -- one rule for every dated step ------------------------------------------------------------

STEP_HINT = "办理步骤和活动须按实际发生的日期、先后顺序登记；如日期写错，请更正后再登记"


def step_date_problem(on: dt.date, today: dt.date, latest: str | dt.date | None = None,
                      latest_label: str = "") -> str | None:
    """Why a step dated `on` cannot be written, or None. THE rule: not after the real today, and
    not before the latest step of its round (`latest`, named `latest_label`)."""
    if on > today:
        return f"{on.isoformat()} 晚于今天（{today.isoformat()}），不能登记尚未发生的日期"
    if latest and on.isoformat() < str(latest):
        return f"{on.isoformat()} 早于本轮上一步（{latest_label}{' ' if latest_label else ''}{latest}），不能倒填日期"
    return None


def check_step_date(on: dt.date, today: dt.date, what: str, latest: str | dt.date | None = None,
                    latest_label: str = "") -> None:
    problem = step_date_problem(on, today, latest, latest_label)
    if problem:
        raise UserError(f"{what} {problem}", [STEP_HINT])


def sequence_problems(steps: list[tuple[str, str, dt.date | None]], today: dt.date) -> list[tuple[str, str]]:
    """The same rule over a row of dated steps in their order [(key, label, date)], e.g. an imported
    register row: [(key, message)] for each step that breaks it."""
    out, latest, latest_label = [], None, ""
    for key, label, on in steps:
        if on is None:
            continue
        problem = step_date_problem(on, today, latest, latest_label)
        if problem:
            out.append((key, f"{label} {problem}"))
        if latest is None or on.isoformat() >= str(latest):
            latest, latest_label = on.isoformat(), label
    return out


def check_write_as_of(as_of: dt.date | None, today: dt.date) -> None:
    """On a write, --as-of may not be later than the real date (else it would defeat the rule above)."""
    if as_of is not None and as_of > today:
        raise UserError(f"--as-of {as_of.isoformat()} 晚于今天（{today.isoformat()}）：登记或修改记录时 --as-of 不能晚于实际日期",
                        [STEP_HINT])


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


def advance_deadlines(due: str | None, judged: str | None, event: dict) -> tuple[str | None, str | None]:
    """(working deadline, deadline the reply is judged against) after `event`: a referral sets both;
    an extension approved on or before the working deadline moves both, one approved after it only
    the working one; a calendar recomputation moves the judged one along when they were the same."""
    kind, new = event["kind"], event.get("due_on")
    if not new:
        return due, judged
    if kind in ("refer", "reopen"):
        return new, new
    if kind == "extend":
        return new, (judged if due and event["on_date"] > due else new)
    if kind == "recalc":
        return new, (new if judged == due else judged)
    return due, judged


def judged_due(events: list[dict]) -> str | None:
    """The due date the current round's reply is judged against (events in order)."""
    due = judged = None
    for e in events:
        due, judged = advance_deadlines(due, judged, e)
    return judged


def state_on(events: list[dict], day: dt.date) -> dict | None:
    """The suggestion's fields on `day`, from its events dated on or before it (the as-of rule of
    store/suggestions.py: the last event that set the state, the last one that set the due date).
    None when it had not been registered yet."""
    cut = day.isoformat()
    out: dict | None = None
    due = judged = None
    for e in events:
        if e["on_date"] > cut:
            continue
        kind = e["kind"]
        due, judged = advance_deadlines(due, judged, e)
        if kind == "collect":
            out = {"state": "collected", "handling": None, "referred_on": None, "department_id": None,
                   "limit_workdays": None, "replied_on": None, "fed_back_on": None, "satisfaction": None,
                   "closed_on": None, "chases": 0, "extended": 0, "round": 0}
            continue
        if out is None:
            continue
        target = TRANSITIONS.get(kind, (None, None))[1]
        if target:
            out["state"] = target
        if kind in ("refer", "reopen"):
            out.update(handling="referred", referred_on=e["on_date"], department_id=e.get("department_id"),
                       replied_on=None, fed_back_on=None, satisfaction=None, closed_on=None, chases=0, extended=0,
                       round=e.get("round", 0))
        elif kind in ("on_spot", "inter_session"):
            out["handling"] = kind
        if kind in ("refer", "reopen", "extend", "recalc") and e.get("limit_workdays"):
            out["limit_workdays"] = e["limit_workdays"]
        if kind == "chase":
            out["chases"] += 1
        elif kind == "extend":
            out["extended"] = EXTENDED_AFTER_DUE if judged != due else max(out["extended"], EXTENDED_IN_TIME)
        elif kind == "reply":
            out["replied_on"] = e["on_date"]
        elif kind == "feedback":
            out.update(fed_back_on=e["on_date"], satisfaction=e.get("satisfaction"))
        elif kind in ("close", "on_spot", "withdraw"):
            out["closed_on"] = e["on_date"]
    if out is not None:
        out.update(due_on=due if out["handling"] == "referred" else None, judged_due_on=judged)
    return out


def timeline(events: list[dict], calendar) -> list[dict]:
    """Each event with the working days used since its round's referral and whether it was late
    (a reply after the due date it is judged against; a chase or extension once the due date in
    force had passed). An extension approved after the due date is shown as 超期后延期: it moves
    the working deadline but not the one the reply is judged against. A feedback shows its
    satisfaction in its note (不满意：护栏只修了一半)."""
    out = []
    referred_on: dt.date | None = None
    due: str | None = None  # the working deadline in force
    judged: str | None = None  # the one the round's reply is judged against
    for e in events:
        on = dt.date.fromisoformat(e["on_date"])
        kind = e["kind"]
        label = EVENT_LABELS.get(kind, kind)
        late = None
        if due and kind in ("reply", "chase", "extend"):
            late = on.isoformat() > (judged if kind == "reply" else due)
        if kind in ("refer", "reopen"):
            referred_on = on
        if kind == "extend" and late:
            label = AFTER_DUE_LABEL
        due, judged = advance_deadlines(due, judged, e)
        used = calendar.workdays_between(referred_on, on) if referred_on and on >= referred_on else None
        confirmed = None
        if referred_on and due and kind in ("refer", "reopen", "extend", "recalc"):
            confirmed = calendar.confirmed_between(referred_on, dt.date.fromisoformat(due))
        note = e.get("note") or ""
        sat = e.get("satisfaction")
        if kind == "feedback" and sat and note != f"已反馈，群众{sat}":
            note = f"{sat}：{note}" if note else sat
        out.append({
            "on": e["on_date"], "round": e.get("round", 0), "kind": kind, "event": label,
            "actor": e.get("actor") or "", "department": e.get("department"), "limit_workdays": e.get("limit_workdays"),
            "due_on": e.get("due_on") if kind in ("refer", "reopen", "extend", "recalc") else None,
            "due_confirmed": confirmed, "satisfaction": sat, "workdays_used": used,
            "late": late, "note": note,
        })
        if kind == "withdraw":
            referred_on = None
    return out


def department_summary(rows: list[dict], calendar, overdue_now: int) -> dict:
    """Figures for one body from the suggestions referred to it in the period (each with
    referred_on, due_on, judged_due_on, replied_on, satisfaction): referred, answered, on time, median working
    days to reply, satisfaction rate (满意 + 基本满意 over those who gave feedback); rates are fractions 0-1
    to 4 decimals, as in stats (shown as percent by the tables and forms). `overdue_now`
    is counted by the caller over all periods: an old referral still unanswered is overdue today."""
    import statistics

    answered = [r for r in rows if r.get("replied_on")]
    on_time = sum(1 for r in answered if answered_on_time(r["replied_on"], r.get("judged_due_on", r.get("due_on"))))
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
        "on_time_rate": round(on_time / len(answered), 4) if answered else None,
        "median_workdays_to_reply": median,
        "overdue_now": overdue_now,
        "fed_back": len(rated),
        "satisfied": satisfied,
        "satisfaction_rate": round(satisfied / len(rated), 4) if rated else None,
    }
