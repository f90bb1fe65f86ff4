"""`sl today`: the clerk's morning list (issue 14 item 5), in order of urgency. Each line says what to
do and the command that records it: reception days today and this week, suggestions entering the
warning window, escalation steps due, feedback calls due (回访), B promises passed, returns awaiting
reassignment, 不满意 neither reopened nor closed, and near a quarter's end whom nobody contacted.

A handful of indexed queries per kind (state, due date, promise date); per-row work only for the
few rows they return, so a county's ten years stay well under the 0.3 s the issue sets.
"""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.domain import escalation
from shuanglian_cli.domain.dates import quarter_range

# the order of urgency: a reception today first, quarter-end coverage last
KINDS = ("reception", "escalation", "warning", "feedback_call", "promise_passed", "returned", "unsatisfied",
         "uncontacted")
KIND_LABELS = {"reception": "接待日", "escalation": "催办", "warning": "预警", "feedback_call": "回访",
               "promise_passed": "承诺到期", "returned": "待改派", "unsatisfied": "不满意",
               "uncontacted": "季末未联系"}
QUARTER_END_WORKDAYS = 30  # "near a quarter's end": its last six weeks, time enough to arrange a visit


def _line(kind: str, due_on: dt.date | str, action: str, command: str, **who) -> dict:
    out = {"kind": kind, "due_on": str(due_on), "suggestion_id": None, "station": None, "person": None,
           "action": action, "command": command}
    out.update(who)
    return out


def morning_list(db, config, calendar, day: dt.date, county_id: int | None = None) -> list[dict]:
    lines: list[dict] = []
    lines += _receptions(db, config, calendar, day, county_id)
    steps = escalation.ladder(config.get("escalation", "steps") or [])
    kinds = config.get("escalation", "kinds") or {}
    lines += _ladder(db, calendar, day, county_id, steps, kinds)
    lines += _waiting(db, calendar, day, county_id)
    lines += _uncontacted(db, config, calendar, day, county_id)
    order = {k: i for i, k in enumerate(KINDS)}
    lines.sort(key=lambda r: (order[r["kind"]], r["due_on"], r["suggestion_id"] or 0, r["station"] or "",
                              r["person"] or ""))
    return lines


def _receptions(db, config, calendar, day, county_id) -> list[dict]:
    from shuanglian_cli.domain.schedule import upcoming
    from shuanglian_cli.store.activities import activity_days, scheduled_stations
    from shuanglian_cli.store.rota import on_duty_between

    stations = scheduled_stations(db, county_id, None)
    if not stations:
        return []
    end = day + dt.timedelta(days=6)  # this week: today and the six days after it
    qs = quarter_range(day.year, (day.month - 1) // 3 + 1)[0]
    held = activity_days(db, [s["id"] for s in stations], qs, day)
    rows, _ = upcoming(stations, held, day, end, calendar, config.get("schedule", "holiday_shift", default="next"))
    duty = on_duty_between(db, [s["id"] for s in stations], day, end)  # the rota's deputies, after swaps
    out = []
    for r in rows:
        if r["date"] is None or r["recorded"]:
            continue
        when = "今天" if r["date"] == day.isoformat() else f"{r['date'][5:]}（周{r['weekday']}）"
        names = duty.get((r["station_id"], r["date"]))
        who = f"值班代表 {'、'.join(names)} 进站" if names else "安排代表进站"
        out.append(_line("reception", r["date"], f"{when}接待日：{r['station']}，{who}并记录活动",
                         f"sl record visit --kind 接待日 --station {r['station']} --date {r['date']}", station=r["station"]))
    return out


def _ladder(db, calendar, day, county_id, steps, kinds) -> list[dict]:
    """Warnings entering today, and chase steps of the ladder due (today or still unrecorded)."""
    from shuanglian_cli.store.referrals import recorded_chase_kinds
    from shuanglian_cli.store.suggestions import OPEN_REFERRED_COLUMNS, open_referred

    out = []
    for step in steps:
        if step.kind == escalation.NO_CHASE:  # its day is today exactly when the due date is this far off
            due = escalation.shift(calendar, calendar.next_workday(day), -step.offset) if calendar.is_workday(day) \
                else None
            if due is None:
                continue
            for r in open_referred(db, as_of=day, due_from=due, due_until=due, county_id=county_id):
                row = dict(zip(OPEN_REFERRED_COLUMNS, r, strict=True))
                out.append(_line("warning", day, f"第 {row['id']} 条将于 {row['due_on']} 到期（{row['department']}），"
                                 f"进入{step.name}：提醒承办单位按期答复",
                                 f"sl suggestions chase {row['id']} --kind phone", suggestion_id=row["id"]))
    chase_steps = [s for s in steps if s.kind != escalation.NO_CHASE]
    if not chase_steps:
        return out
    latest_due = escalation.shift(calendar, calendar.previous_workday(day), -chase_steps[0].offset)
    rows = [dict(zip(OPEN_REFERRED_COLUMNS, r, strict=True))
            for r in open_referred(db, as_of=day, due_until=latest_due, county_id=county_id)]
    recorded = recorded_chase_kinds(db, [r["id"] for r in rows])
    dates: dict = {}
    for row in rows:
        hit = escalation.next_step(calendar, dt.date.fromisoformat(row["due_on"]), chase_steps,
                                   recorded.get(row["id"], set()), day, dates)
        if hit and hit[1] <= day:
            step, on = hit
            late = "" if on == day else f"（应于 {on.isoformat()}）"
            out.append(_line("escalation", on, f"第 {row['id']} 条已于 {row['due_on']} 到期未答复（{row['department']}）："
                             f"{step.name}{late}", f"sl suggestions chase {row['id']} --kind {step.kind}",
                             suggestion_id=row["id"]))
    return out


def _waiting(db, calendar, day, county_id) -> list[dict]:
    """Feedback calls, B promises passed, returns awaiting reassignment, 不满意 left open."""
    from shuanglian_cli.store import today_queries as q
    from shuanglian_cli.store.as_of import suggestions_source

    source = suggestions_source(db, day)
    out = []
    # 回访: due on the working day after the reply's date
    cut = calendar.previous_workday(day).isoformat()
    calls: dict[str, dt.date] = {}
    for sid, replied_on in q.replied_before(db, source, cut, county_id):
        due = calls.get(replied_on)
        if due is None:
            due = calls[replied_on] = calendar.next_workday(dt.date.fromisoformat(replied_on), include_self=False)
        out.append(_line("feedback_call", due, f"第 {sid} 条已于 {replied_on} 答复：回访提出人，记录满意度",
                         f"sl suggestions feedback {sid} --satisfaction 满意|基本满意|不满意", suggestion_id=sid))
    for sid, promise_on in q.promises_passed(db, source, day, county_id):
        out.append(_line("promise_passed", promise_on, f"第 {sid} 条 B 类答复承诺 {promise_on} 前解决，未见续报：催承办单位续报",
                         f"sl suggestions follow-up {sid} --class A|B|C --text ...", suggestion_id=sid))
    for sid, dept, on in q.returned(db, source, county_id):
        out.append(_line("returned", on or day, f"第 {sid} 条被 {dept} 退办，待改派承办单位",
                         f"sl suggestions refer {sid} --department 改派单位", suggestion_id=sid))
    for sid, on in q.unsatisfied(db, source, county_id):
        out.append(_line("unsatisfied", on, f"第 {sid} 条群众不满意：重新交办或说明情况后办结",
                         f"sl suggestions reopen {sid}", suggestion_id=sid))
    return out


def _uncontacted(db, config, calendar, day, county_id) -> list[dict]:
    """In a quarter's last six weeks: the members who have contacted none of their deputies, and
    the deputies nobody has contacted (the rule of `sl coverage`)."""
    from shuanglian_cli.store.referrals import uncontacted

    quarter = (day.month - 1) // 3 + 1
    first, end = quarter_range(day.year, quarter)
    if not calendar.is_workday(end):
        end = calendar.previous_workday(end)
    if day > end or calendar.workdays_between(day, end) >= QUARTER_END_WORKDAYS:
        return []
    members, deputies = uncontacted(db, day.year, first, day, county_id)
    q = f"{day.year}Q{quarter}"
    out = [_line("uncontacted", end, f"组成人员 {name} 本季度尚未联系所联系的代表（{q}，{end.isoformat()} 前）",
                 f"sl record visit --kind 季度双联 --member {name} --date 日期", person=name) for name in members]
    out += [_line("uncontacted", end, f"代表 {name} 本季度尚无组成人员联系（{q}，{end.isoformat()} 前）",
                  f"sl record visit --kind 季度双联 --deputy {name} --date 日期", person=name) for name in deputies]
    return out
