"""Suggestions (意见建议): the lifecycle writes and the queries behind `sl suggestions` and
`sl departments report`.

Every write checks the transition with domain/lifecycle.py, updates the row and records one
`suggestion_events` row. None opens a transaction: callers wrap them in `transaction(db)`, so a
command that does several steps writes all or nothing.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from shuanglian_cli.clock import today
from shuanglian_cli.domain import lifecycle
from shuanglian_cli.domain.text import check_content, clean_text
from shuanglian_cli.errors import NotFound, UserError
from shuanglian_cli.store.suggestion_filters import suggestion_filters


def get(db: sqlite_utils.Database, suggestion_id: int | str) -> dict:
    from shuanglian_cli.store.resolve import record_id

    local = record_id(db, "suggestions", suggestion_id, "意见建议编号")
    rows = list(db.query("SELECT * FROM suggestions WHERE id = ?", [local]))
    if not rows:
        raise NotFound(f"找不到编号为 {str(suggestion_id).strip().lstrip('#')} 的意见建议", ["可用 `sl suggestions list` 查看编号"])
    return rows[0]


def _event(db, row: dict, kind: str, on: dt.date, actor: str, note: str = "", **cols) -> None:
    values = {"suggestion_id": row["id"], "round": row.get("round", 0), "kind": kind,
              "on_date": on.isoformat(), "actor": actor or "", "note": note or "", **cols}
    db.execute(
        f"INSERT INTO suggestion_events ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )


def _update(db, row: dict, **cols) -> None:
    sets = ", ".join(f"{k} = ?" for k in cols)
    db.execute(f"UPDATE suggestions SET {sets} WHERE id = ?", [*cols.values(), row["id"]])
    row.update(cols)


def latest_step(db, row: dict) -> tuple[str | None, str]:
    """(date, label) of the latest step of the suggestion's current round; a calendar
    recomputation (recalc) is the system's, not a step the clerk dated."""
    hit = db.execute(
        """SELECT on_date, kind FROM suggestion_events WHERE suggestion_id = ? AND round = ? AND kind != 'recalc'
           ORDER BY on_date DESC, id DESC LIMIT 1""",
        [row["id"], row.get("round", 0)],
    ).fetchone()
    return (hit[0], lifecycle.EVENT_LABELS.get(hit[1], hit[1])) if hit else (None, "")


def check_on(db, row: dict, event: str, on: dt.date) -> None:
    """THE date rule for a step of `row`: not after the real today, not before its round's latest step."""
    latest, label = latest_step(db, row)
    lifecycle.check_step_date(on, today(), f"{lifecycle.EVENT_LABELS[event]}日期", latest, label)


def _step(db, suggestion_id, event: str, on: dt.date) -> tuple[dict, str]:
    row = get(db, suggestion_id)
    target = lifecycle.check(row, event)
    check_on(db, row, event, on)
    return row, target


# -- the contract other commands use (record, import) -----------------------------------------

def county_of(db, row: dict) -> dict:
    """The county row a station, deputy or other county-bound row belongs to."""
    return next(db.query("SELECT * FROM counties WHERE id = ?", [row["county_id"]]))


def add_suggestion(
    db, *, county_id: int, collected_on: dt.date, content: str, category: str = "", station_id=None,
    deputy_id=None, constituent_id=None, raiser_name: str = "", activity_id=None, actor: str = "",
) -> int:
    content = clean_text(content)  # as said; only invisible control characters go (as in an import)
    if not content:
        raise UserError("意见建议内容不能为空")
    check_content(content)
    if not db.execute("SELECT 1 FROM counties WHERE id = ?", [county_id]).fetchone():
        raise NotFound(f"找不到编号为 {county_id} 的县区")
    lifecycle.check_step_date(collected_on, today(), "登记日期")
    cur = db.execute(
        """INSERT INTO suggestions (county_id, activity_id, station_id, deputy_id, constituent_id,
           raiser_name, collected_on, content, category, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'collected')""",
        [county_id, activity_id, station_id, deputy_id, constituent_id, raiser_name or "",
         collected_on.isoformat(), content, (category or "").strip()],
    )
    row = {"id": cur.lastrowid, "round": 0}
    _event(db, row, "collect", collected_on, actor, "登记")
    from shuanglian_cli.store.sites import stamp

    stamp(db, "suggestions", row["id"])
    return cur.lastrowid


def answer_on_spot(db, suggestion_id: int, *, on: dt.date, answer: str = "", actor: str = "") -> None:
    row, target = _step(db, suggestion_id, "on_spot", on)
    _update(db, row, state=target, handling="on_spot", answer=answer or "", closed_on=on.isoformat())
    _event(db, row, "on_spot", on, actor, answer or "现场解答")


def refer(
    db, suggestion_id: int, *, department_id: int, on: dt.date, calendar, limit_workdays: int,
    actor: str = "", note: str = "",
) -> None:
    row, target = _step(db, suggestion_id, "refer", on)
    _referral(db, row, target, "refer", department_id, on, calendar, limit_workdays, actor, note)


def _referral(db, row, target, kind, department_id, on, calendar, limit, actor, note) -> None:
    lifecycle.check_limit(limit)
    deadline = calendar.deadline(on, int(limit))
    _update(db, row, state=target, handling="referred", department_id=department_id,
            referred_on=on.isoformat(), limit_workdays=int(limit), due_on=deadline.due.isoformat(),
            due_confirmed=int(deadline.confirmed))
    _event(db, row, kind, on, actor, note or f"交办，限 {limit} 个工作日", department_id=department_id,
           limit_workdays=int(limit), due_on=deadline.due.isoformat())


def mark_inter_session(db, suggestion_id: int, *, on: dt.date, actor: str = "", note: str = "") -> None:
    row, target = _step(db, suggestion_id, "inter_session", on)
    _update(db, row, state=target, handling="inter_session")
    _event(db, row, "inter_session", on, actor, note or "作为闭会期间建议提出")


# -- the rest of the lifecycle --------------------------------------------------------------

def chase(db, suggestion_id: int, *, on: dt.date, actor: str = "", note: str = "") -> int:
    row, _ = _step(db, suggestion_id, "chase", on)
    _update(db, row, chases=row["chases"] + 1)
    _event(db, row, "chase", on, actor, note or f"第 {row['chases']} 次督办")
    return row["chases"]


def extend(
    db, suggestion_id: int, *, on: dt.date, calendar, limit_workdays: int, approved_by: str,
    reason: str, actor: str = "", after_due: bool = False,
) -> dt.date:
    """A new limit, counted like the first from the referral date, approved by a town congress.
    Approved after the due date in force only with `after_due` (超期后延期, see lifecycle.extension_kind)."""
    row, _ = _step(db, suggestion_id, "extend", on)
    lifecycle.check_limit(limit_workdays)
    if limit_workdays <= row["limit_workdays"]:
        raise UserError(
            f"延期后的办理时限（{limit_workdays} 个工作日）应长于现在的 {row['limit_workdays']} 个工作日",
            ["--days 是从交办之日起算的新时限，例如原限 15 天、延长 10 天就写 --days 25"],
        )
    kind = lifecycle.extension_kind(row, on, after_due)
    referred_on = dt.date.fromisoformat(row["referred_on"])
    deadline = calendar.deadline(referred_on, limit_workdays)
    _update(db, row, limit_workdays=limit_workdays, due_on=deadline.due.isoformat(),
            due_confirmed=int(deadline.confirmed), extended=max(kind, row["extended"] or 0))
    prefix = f"{lifecycle.AFTER_DUE_LABEL}，" if kind == lifecycle.EXTENDED_AFTER_DUE else ""
    _event(db, row, "extend", on, actor or approved_by, f"{prefix}{approved_by}批准：{reason}",
           limit_workdays=limit_workdays, due_on=deadline.due.isoformat())
    return deadline.due


def reply(db, suggestion_id: int, *, on: dt.date, content: str, actor: str = "") -> bool:
    """Record the written reply; returns whether it came on time."""
    if not (content or "").strip():
        raise UserError("书面答复内容不能为空（--text）")
    row, target = _step(db, suggestion_id, "reply", on)
    _update(db, row, state=target, replied_on=on.isoformat(), reply=content.strip())
    _event(db, row, "reply", on, actor, content.strip())
    return bool(lifecycle.answered_on_time(row["replied_on"], lifecycle.judged_due(events(db, row["id"]))))


def feedback(db, suggestion_id: int, *, on: dt.date, satisfaction: str, actor: str = "", note: str = "") -> None:
    sat = lifecycle.parse_satisfaction(satisfaction)
    row, target = _step(db, suggestion_id, "feedback", on)
    _update(db, row, state=target, fed_back_on=on.isoformat(), satisfaction=sat)
    _event(db, row, "feedback", on, actor, note or f"已反馈，群众{sat}", satisfaction=sat)


def close(db, suggestion_id: int, *, on: dt.date, actor: str = "", note: str = "") -> None:
    row, target = _step(db, suggestion_id, "close", on)
    _update(db, row, state=target, closed_on=on.isoformat())
    _event(db, row, "close", on, actor, note or "办结")


def reopen(
    db, suggestion_id: int, *, on: dt.date, calendar, limit_workdays: int, department_id: int | None = None,
    actor: str = "", note: str = "",
) -> None:
    """After 不满意: a new round, referred again (to the same body unless another is given)."""
    row, target = _step(db, suggestion_id, "reopen", on)
    lifecycle.check_limit(limit_workdays)
    _update(db, row, round=row["round"] + 1, replied_on=None, reply="", fed_back_on=None, satisfaction=None,
            closed_on=None, extended=0, chases=0)
    _referral(db, row, target, "reopen", department_id or row["department_id"], on, calendar, limit_workdays,
              actor, note or f"群众不满意，重新交办（第 {row['round'] + 1} 轮），限 {limit_workdays} 个工作日")


def withdraw(db, suggestion_id: int, *, on: dt.date, actor: str = "", note: str = "") -> None:
    row, target = _step(db, suggestion_id, "withdraw", on)
    _update(db, row, state=target, closed_on=on.isoformat())
    _event(db, row, "withdraw", on, actor, note or "撤回")


# -- queries ---------------------------------------------------------------------------------

_JOINED = """
    SELECT s.*, c.name AS county, st.name AS station, d.name AS deputy, dep.name AS department,
           con.name AS constituent
    FROM suggestions s
    JOIN counties c ON c.id = s.county_id
    LEFT JOIN stations st ON st.id = s.station_id
    LEFT JOIN deputies d ON d.id = s.deputy_id
    LEFT JOIN departments dep ON dep.id = s.department_id
    LEFT JOIN constituents con ON con.id = s.constituent_id
"""


def detail(db, suggestion_id) -> dict:
    row = get(db, suggestion_id)
    return next(db.query(_JOINED + " WHERE s.id = ?", [row["id"]]))


def department_name(db, department_id: int | None) -> str | None:
    hit = db.execute("SELECT name FROM departments WHERE id = ?", [department_id]).fetchone()
    return hit[0] if hit else None


def events(db, suggestion_id: int) -> list[dict]:
    return list(db.query(
        """SELECT e.*, dep.name AS department FROM suggestion_events e
           LEFT JOIN departments dep ON dep.id = e.department_id
           WHERE e.suggestion_id = ? ORDER BY e.id""",
        [suggestion_id],
    ))


def list_suggestions(
    db, *, county_id=None, station_id=None, department_id=None, deputy_id=None, states=None,
    since: dt.date | None = None, until: dt.date | None = None, category=None, limit: int | None = None,
) -> list[dict]:
    sql, args = suggestion_filters(county_id, station_id, department_id, deputy_id)
    if states:
        sql += f" AND s.state IN ({', '.join('?' * len(states))})"
        args += list(states)
    if since:
        sql += " AND s.collected_on >= ?"
        args.append(since.isoformat())
    if until:
        sql += " AND s.collected_on <= ?"
        args.append(until.isoformat())
    if category:
        sql += " AND s.category = ?"
        args.append(category)
    sql += " ORDER BY s.collected_on DESC, s.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return list(db.query(_JOINED + " WHERE 1 = 1" + sql, args))


_OPEN_REFERRED = """
    SELECT s.id, s.content, c.name AS county, st.name AS station, d.name AS deputy,
           dep.name AS department, s.category, s.referred_on, s.due_on, s.due_confirmed,
           s.limit_workdays, s.extended, s.chases, s.round
    FROM suggestions s INDEXED BY idx_suggestions_open_due
    JOIN counties c ON c.id = s.county_id
    LEFT JOIN stations st ON st.id = s.station_id
    LEFT JOIN deputies d ON d.id = s.deputy_id
    LEFT JOIN departments dep ON dep.id = s.department_id
    WHERE s.state = 'referred'
"""


def open_referred(db, *, as_of: dt.date | None = None, due_from: dt.date | None = None,
                  due_before: dt.date | None = None, due_until: dt.date | None = None, county_id=None,
                  station_id=None, department_id=None) -> list[tuple]:
    """Referred suggestions still without a written reply on `as_of` (default: now), by the due date
    in force that day; rows are plain tuples in the column order of _OPEN_REFERRED, earliest due
    first. The as-of rule (store/as_of.py): when nothing was recorded with a later date the
    current rows are that day's state (an index range on (state, due_on)); otherwise the state is
    rebuilt from the events dated on or before it."""
    if as_of is not None:
        from shuanglian_cli.store.as_of import changed_after, open_referred_as_of

        if changed_after(db, as_of):
            return open_referred_as_of(db, as_of, due_from, due_before, due_until, county_id, station_id,
                                       department_id)
    sql, args = "", []
    if due_from:
        sql += " AND s.due_on >= ?"
        args.append(due_from.isoformat())
    if due_before:
        sql += " AND s.due_on < ?"
        args.append(due_before.isoformat())
    if due_until:
        sql += " AND s.due_on <= ?"
        args.append(due_until.isoformat())
    more, more_args = suggestion_filters(county_id, station_id, department_id)
    return db.execute(_OPEN_REFERRED + sql + more + " ORDER BY s.due_on, s.id", args + more_args).fetchall()


OPEN_REFERRED_COLUMNS = ("id", "content", "county", "station", "deputy", "department", "category",
                         "referred_on", "due_on", "due_confirmed", "limit_workdays", "extended",
                         "chases", "round")


def referred_in(db, *, start: dt.date, end: dt.date, county_id=None, as_of: dt.date | None = None) -> list[dict]:
    """Suggestions whose (latest) referral falls in [start, end], with their department; as of
    `as_of` (default: now) nothing dated later counts: a later referral, reply or feedback."""
    sql, args = suggestion_filters(county_id)
    day = (as_of or today()).isoformat()
    return list(db.query(
        f"""SELECT s.id, s.department_id, dep.name AS department, c.name AS county, s.state, s.referred_on,
                  s.due_on, {lifecycle.judged_due_sql("s")} AS judged_due_on,
                  CASE WHEN s.replied_on <= ? THEN s.replied_on END AS replied_on,
                  CASE WHEN s.fed_back_on <= ? THEN s.satisfaction END AS satisfaction
           FROM suggestions s JOIN departments dep ON dep.id = s.department_id
           JOIN counties c ON c.id = s.county_id
           WHERE s.handling = 'referred' AND s.referred_on BETWEEN ? AND ? AND s.referred_on <= ?""" + sql,
        [day, day, start.isoformat(), end.isoformat(), day, *args],
    ))
