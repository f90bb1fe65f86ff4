"""THE as-of rule: a suggestion on a day is what its events dated on or before that day make it.
Used by every command that takes --as-of (overdue, due, departments report, stats, the forms);
`domain/lifecycle.py: state_on` is the same rule for one suggestion (show --as-of)."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.clock import today
from shuanglian_cli.domain import lifecycle


def changed_after(db, day: dt.date) -> bool:
    """Whether any step is dated after `day`: if none is, the current rows are the state on `day`.
    Nothing is dated after the real today (the date rule), so today and later need no look (a
    province's events are millions of rows without an index on the date)."""
    if day >= today():
        return False
    return db.execute("SELECT 1 FROM suggestion_events WHERE on_date > ? LIMIT 1", [day.isoformat()]).fetchone() is not None


def _state_case(column: str) -> str:
    """SQL mapping an event kind to the state it leads to (lifecycle.TRANSITIONS)."""
    whens = " ".join(f"WHEN '{event}' THEN '{target}'" for event, (_, target) in lifecycle.TRANSITIONS.items() if target)
    return f"CASE {column} WHEN 'collect' THEN 'collected' {whens} END"


# THE as-of rule in SQL: each suggestion as it stood on :day, rebuilt from its events dated on or
# before it (the last event that set its state, its latest referral, the last due date set, and the
# reply, feedback and end that followed that referral), with the columns of `suggestions`.
AS_OF_ROWS = f"""
    WITH last AS (
        SELECT e.suggestion_id AS sid,
               max(CASE WHEN {_state_case('e.kind')} IS NOT NULL THEN e.id END) AS state_ev,
               max(CASE WHEN e.kind IN ('refer', 'reopen', 'extend', 'recalc') AND e.due_on IS NOT NULL
                        THEN e.id END) AS due_ev,
               max(CASE WHEN e.kind IN ('refer', 'reopen') THEN e.id END) AS ref_ev,
               max(CASE WHEN e.kind = 'reply' THEN e.id END) AS reply_ev,
               max(CASE WHEN e.kind = 'feedback' THEN e.id END) AS fb_ev,
               max(CASE WHEN e.kind IN ('close', 'on_spot', 'withdraw') THEN e.id END) AS end_ev,
               max(CASE WHEN e.kind = 'extend' THEN e.id END) AS ext_ev,
               max(CASE WHEN e.kind IN ('on_spot', 'inter_session') THEN e.kind END) AS other_handling
        FROM suggestion_events e WHERE e.on_date <= :day GROUP BY e.suggestion_id
    )
    SELECT s.id, s.county_id, s.station_id, s.deputy_id, s.constituent_id, s.activity_id, s.collected_on,
           s.content, s.category, s.raiser_name, s.answer, s.note, {_state_case('se.kind')} AS state,
           CASE WHEN l.ref_ev IS NOT NULL THEN 'referred' ELSE l.other_handling END AS handling,
           re.department_id AS department_id, re.on_date AS referred_on,
           coalesce(de.limit_workdays, re.limit_workdays) AS limit_workdays,
           CASE WHEN l.ref_ev IS NOT NULL THEN de.due_on END AS due_on, s.due_confirmed,
           CASE WHEN l.ext_ev > l.ref_ev THEN max(s.extended, 1) ELSE 0 END AS extended,
           (SELECT count(*) FROM suggestion_events x WHERE x.suggestion_id = s.id AND x.kind = 'chase'
                   AND x.id > l.ref_ev AND x.on_date <= :day) AS chases,
           coalesce(re.round, 0) AS round,
           CASE WHEN l.reply_ev > l.ref_ev THEN rp.on_date END AS replied_on,
           CASE WHEN l.reply_ev > l.ref_ev THEN s.reply ELSE '' END AS reply,
           CASE WHEN l.fb_ev > l.ref_ev THEN fb.on_date END AS fed_back_on,
           CASE WHEN l.fb_ev > l.ref_ev THEN fb.satisfaction END AS satisfaction,
           CASE WHEN l.end_ev > coalesce(l.ref_ev, 0) THEN en.on_date END AS closed_on
    FROM last l JOIN suggestions s ON s.id = l.sid
    JOIN suggestion_events se ON se.id = l.state_ev
    LEFT JOIN suggestion_events de ON de.id = l.due_ev
    LEFT JOIN suggestion_events re ON re.id = l.ref_ev
    LEFT JOIN suggestion_events rp ON rp.id = l.reply_ev
    LEFT JOIN suggestion_events fb ON fb.id = l.fb_ev
    LEFT JOIN suggestion_events en ON en.id = l.end_ev
"""


def suggestions_source(db, day: dt.date) -> str:
    """What to select suggestions from to see them as of `day`: the table itself when nothing is
    dated later, else AS_OF_ROWS for that day (an ISO date literal, so that it mixes with any
    parameter style)."""
    if not changed_after(db, day):
        return "suggestions"
    return "(" + AS_OF_ROWS.replace(":day", f"'{dt.date.fromisoformat(day.isoformat()).isoformat()}'") + ")"


def open_referred_as_of(db, day, due_from, due_before, due_until, county_id, station_id, department_id):
    named: dict = {"day": day.isoformat()}
    sql = ""
    for op, key, value in ((">=", "due_from", due_from), ("<", "due_before", due_before), ("<=", "due_until", due_until)):
        if value:
            sql += f" AND s.due_on {op} :{key}"
            named[key] = value.isoformat()
    from shuanglian_cli.store.suggestion_filters import suggestion_filters

    scope, args = suggestion_filters(county_id, station_id, department_id)
    for i, value in enumerate(args):
        named[f"p{i}"] = value
        scope = scope.replace("?", f":p{i}", 1)
    query = f"""
        SELECT s.id, s.content, c.name AS county, st.name AS station, d.name AS deputy, dep.name AS department,
               s.category, s.referred_on, s.due_on, s.due_confirmed, s.limit_workdays, s.extended, s.chases,
               s.round
        FROM ({AS_OF_ROWS}) s
        JOIN counties c ON c.id = s.county_id
        LEFT JOIN stations st ON st.id = s.station_id
        LEFT JOIN deputies d ON d.id = s.deputy_id
        LEFT JOIN departments dep ON dep.id = s.department_id
        WHERE s.state = 'referred' AND s.due_on IS NOT NULL{sql}{scope}
        ORDER BY s.due_on, s.id"""
    return db.execute(query, named).fetchall()
