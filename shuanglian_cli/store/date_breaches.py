"""Steps recorded before the date rules (listed by `sl check`): future dates, steps out of order,
extensions approved after the due date without --after-due."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.clock import today
from shuanglian_cli.domain import lifecycle


def date_rule_breaches(db, on: dt.date | None = None) -> list[str]:
    """Stored steps that the date rule (lifecycle.check_step_date) and the extension rule
    (lifecycle.extension_kind) would refuse today: dates after the real today, steps dated before
    an earlier step of their round, extensions approved after the due date in force without
    --after-due. One Chinese line each; editing other fields of those rows stays allowed."""
    day = (on or today()).isoformat()
    label = lifecycle.EVENT_LABELS
    out = [f"活动 #{aid}：活动日期 {d} 晚于今天（{day}）"
           for aid, d in db.execute("SELECT id, date FROM activities WHERE date > ? ORDER BY id", [day])]
    out += [f"意见建议 #{sid}：{label.get(kind, kind)}日期 {d} 晚于今天（{day}）"
            for sid, kind, d in db.execute(
                "SELECT suggestion_id, kind, on_date FROM suggestion_events WHERE on_date > ? ORDER BY id", [day])]
    out += [f"意见建议 #{sid}：{label.get(kind, kind)}日期 {d} 早于本轮上一步（{label.get(pk, pk)} {pd}）"
            for sid, kind, d, pk, pd in db.execute(
                """SELECT e.suggestion_id, e.kind, e.on_date, p.kind, p.on_date FROM suggestion_events e
                   JOIN suggestion_events p ON p.id = (
                       SELECT x.id FROM suggestion_events x WHERE x.suggestion_id = e.suggestion_id
                       AND x.round = e.round AND x.id < e.id AND x.kind != 'recalc' AND x.on_date > e.on_date
                       ORDER BY x.on_date DESC, x.id DESC LIMIT 1)
                   WHERE e.kind != 'recalc' ORDER BY e.id""")]
    out += [f"意见建议 #{sid}：{d} 批准的延期晚于当时的到期日 {due}，却未登记为{lifecycle.AFTER_DUE_LABEL}"
            "（其后的答复按原到期日判断是否按期）"
            for sid, d, due in db.execute(
                """SELECT e.suggestion_id, e.on_date, (
                       SELECT b.due_on FROM suggestion_events b WHERE b.suggestion_id = e.suggestion_id
                       AND b.round = e.round AND b.id < e.id AND b.due_on IS NOT NULL
                       AND b.kind IN ('refer', 'reopen', 'extend', 'recalc') ORDER BY b.id DESC LIMIT 1) AS due
                   FROM suggestion_events e JOIN suggestions s ON s.id = e.suggestion_id
                   WHERE e.kind = 'extend' AND e.note NOT LIKE ? AND e.on_date > due ORDER BY e.id""",
                [f"{lifecycle.AFTER_DUE_LABEL}%"])]
    return out
