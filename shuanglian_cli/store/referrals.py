"""The referral desk's writes and reads (issue 14): co-handling bodies and their opinions, returns,
reply classes and follow-ups, chase kinds. Each write checks domain/referral.py and lifecycle.py
and records a `suggestion_events` row; none opens a transaction (callers wrap them in
`transaction(db)`, as with store/suggestions.py)."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.clock import today
from shuanglian_cli.domain import figures, lifecycle, referral
from shuanglian_cli.domain.text import clean_text
from shuanglian_cli.errors import UserError
from shuanglian_cli.store import suggestions as store


def _last_event(db, suggestion_id: int) -> int:
    return db.execute("SELECT max(id) FROM suggestion_events WHERE suggestion_id = ?", [suggestion_id]).fetchone()[0]


def refer(db, suggestion_id: int, *, department_id: int, co_ids: list[int], on: dt.date, calendar,
          limit_workdays: int, names: dict[int, str], actor: str = "", note: str = "") -> dict:
    """Refer (first time, or again after a return) to a lead body with co-handlers; the due date
    binds all. Returns the suggestion row after it."""
    co = referral.check_co_handlers(department_id, co_ids, names)
    before = store.get(db, suggestion_id)
    store.refer(db, before["id"], department_id=department_id, on=on, calendar=calendar,
                limit_workdays=limit_workdays, actor=actor, note=note)
    db.execute("UPDATE suggestions SET first_referred_on = coalesce(first_referred_on, ?) WHERE id = ?",
               [on.isoformat(), before["id"]])
    if before["state"] == "returned":  # a new body: its own chases and extensions
        db.execute("UPDATE suggestions SET chases = 0, extended = 0 WHERE id = ?", [before["id"]])
    for cid in co:
        db.execute(
            """INSERT INTO suggestion_co_handlers (suggestion_id, round, department_id, referred_on)
               VALUES (?, ?, ?, ?) ON CONFLICT (suggestion_id, round, department_id) DO NOTHING""",
            [before["id"], before["round"], cid, on.isoformat()])
    return store.get(db, before["id"])


def co_reply(db, suggestion_id: int, *, department_id: int, on: dt.date, text: str, actor: str = "",
             department_name: str = "") -> bool | None:
    """A co-handler's opinion (会签), judged against the due date the lead's reply is; returns on time."""
    row = store.get(db, suggestion_id)
    text = clean_text(text or "")
    if not text:
        raise UserError("会签意见不能为空（--text）")
    hit = db.execute(
        "SELECT id, replied_on FROM suggestion_co_handlers WHERE suggestion_id = ? AND round = ? AND department_id = ?",
        [row["id"], row["round"], department_id]).fetchone()
    if hit is None:
        raise UserError(f"{department_name or department_id} 不是第 {row['id']} 条本轮的协办单位",
                        ["协办单位在交办时用 --co 指定：sl suggestions refer ID --department 主办 --co 协办"])
    if hit[1]:
        raise UserError(f"{department_name} 已于 {hit[1]} 登记过第 {row['id']} 条的会签意见")
    if row["state"] not in ("referred", "replied", "fed_back", "closed"):
        raise UserError(f"第 {row['id']} 条当前状态为“{lifecycle.STATE_LABELS[row['state']]}”，不能登记会签意见")
    store.check_on(db, row, "co_reply", on)  # the one date rule: not before the round's latest step
    db.execute("UPDATE suggestion_co_handlers SET replied_on = ?, opinion = ? WHERE id = ?",
               [on.isoformat(), text, hit[0]])
    store._event(db, row, "co_reply", on, actor, text, department_id=department_id)
    return lifecycle.answered_on_time(on.isoformat(), lifecycle.judged_due(store.events(db, row["id"])))


def return_(db, suggestion_id: int, *, department_id: int, on: dt.date, reason: str, calendar, window: int,
            approved_by: str | None = None, actor: str = "", department_name: str = "") -> tuple[bool, int]:
    """The holding body returns the suggestion (退办); returns (inside the window, working days held)."""
    row = store.get(db, suggestion_id)
    reason = clean_text(reason or "")
    if not reason:
        raise UserError("退办须写明理由：--reason")
    if row["state"] == "referred" and row["department_id"] != department_id:
        holder = store.department_name(db, row["department_id"])
        raise UserError(f"第 {row['id']} 条现由 {holder} 承办，{department_name or department_id} 不能退办",
                        ["只有持有该件的承办单位才能退办"])
    lifecycle.check(row, "return")
    store.check_on(db, row, "return", on)
    held = calendar.workdays_between(dt.date.fromisoformat(row["referred_on"]), on)
    inside = referral.return_terms(held, window, approved_by)
    db.execute("UPDATE suggestions SET state = 'returned' WHERE id = ?", [row["id"]])
    db.execute(
        """INSERT INTO suggestion_returns (suggestion_id, round, department_id, referred_on, returned_on, reason,
           in_window, approved_by, workdays_held) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [row["id"], row["round"], department_id, row["referred_on"], on.isoformat(), reason, int(inside),
         (approved_by or "").strip(), held])
    note = reason if inside else f"超过退办时限，{approved_by.strip()}批准：{reason}"
    store._event(db, row, "return", on, actor, note, department_id=department_id)
    return inside, held


def classify_reply(db, suggestion_id: int, *, reply_class: str | None, promise: dt.date | None) -> None:
    """Give the reply just recorded its class (and a B reply its promise date)."""
    if reply_class is None:
        return
    row = store.get(db, suggestion_id)
    db.execute("UPDATE suggestions SET reply_class = ?, promise_on = ? WHERE id = ?",
               [reply_class, promise.isoformat() if promise else None, row["id"]])
    db.execute("UPDATE suggestion_events SET reply_class = ?, promise_on = ? WHERE id = ?",
               [reply_class, promise.isoformat() if promise else None, _last_event(db, row["id"])])


def follow_up(db, suggestion_id: int, *, on: dt.date, reply_class: str, promise: dt.date | None, text: str,
              actor: str = "") -> None:
    """A follow-up (续报) of a B reply, with its own class: the latest class and promise are its."""
    row = store.get(db, suggestion_id)
    lifecycle.check(row, "follow_up")
    referral.check_promise(reply_class, promise, on)
    store.check_on(db, row, "follow_up", on)
    text = clean_text(text or "")
    if not text:
        raise UserError("续报内容不能为空（--text）")
    db.execute("UPDATE suggestions SET reply_class = ?, promise_on = ? WHERE id = ?",
               [reply_class, promise.isoformat() if promise else None, row["id"]])
    store._event(db, row, "follow_up", on, actor, text, reply_class=reply_class,
                 promise_on=promise.isoformat() if promise else None)


def mark_chase_kind(db, suggestion_id: int, kind: str | None) -> None:
    """The chase just recorded was of this kind (escalation.kinds)."""
    if kind:
        row = store.get(db, suggestion_id)
        db.execute("UPDATE suggestion_events SET chase_kind = ? WHERE id = ?", [kind, _last_event(db, row["id"])])


# -- reads ---------------------------------------------------------------------------------------

def co_handlers(db, suggestion_id: int) -> list[dict]:
    return list(db.query(
        """SELECT c.round, d.name AS department, c.referred_on, c.replied_on, c.opinion
           FROM suggestion_co_handlers c JOIN departments d ON d.id = c.department_id
           WHERE c.suggestion_id = ? ORDER BY c.round, c.id""", [suggestion_id]))


def returns(db, suggestion_id: int) -> list[dict]:
    return list(db.query(
        """SELECT r.round, d.name AS department, r.referred_on, r.returned_on, r.reason, r.in_window,
                  r.approved_by, r.workdays_held
           FROM suggestion_returns r JOIN departments d ON d.id = r.department_id
           WHERE r.suggestion_id = ? ORDER BY r.id""", [suggestion_id]))


def recorded_chase_kinds(db, ids: list[int]) -> dict[int, set[str]]:
    """suggestion id -> the chase kinds recorded in its current round."""
    out: dict[int, set[str]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for sid, kind in db.execute(
                f"""SELECT e.suggestion_id, e.chase_kind FROM suggestion_events e JOIN suggestions s ON s.id = e.suggestion_id
                    WHERE e.suggestion_id IN ({', '.join('?' * len(part))}) AND e.kind = 'chase'
                      AND e.chase_kind IS NOT NULL AND e.round = s.round""", part):
            out.setdefault(sid, set()).add(kind)
    return out


def department_desk_figures(db, *, start: dt.date, end: dt.date, county_id=None, as_of: dt.date | None = None) -> dict:
    """(county, department) -> figures of the referral desk for referrals dated in [start, end], as
    of `as_of`: returns (退办), co-handling (协办, 会签, 会签按期) and the lead's answers by latest class
    (a follow-up's class replaces the reply's)."""
    from shuanglian_cli.domain import lifecycle

    day = (as_of or today()).isoformat()
    span = [start.isoformat(), end.isoformat()]
    county = " AND s.county_id = ?" if county_id is not None else ""
    extra = [county_id] if county_id is not None else []
    out: dict[tuple[str, str], dict] = {}

    def slot(cty: str, dept: str) -> dict:
        return out.setdefault((cty, dept), {"returned": 0, "returned_workdays": 0, "co_handled": 0, "co_replied": 0, "co_on_time": 0,
                                            "class_a": 0, "class_b": 0, "class_c": 0})

    for cty, dept, n, held in db.execute(
            f"""SELECT c.name, d.name, count(*), sum(r.workdays_held) FROM suggestion_returns r
                JOIN suggestions s ON s.id = r.suggestion_id
                JOIN departments d ON d.id = r.department_id JOIN counties c ON c.id = s.county_id
                WHERE r.referred_on BETWEEN ? AND ? AND r.returned_on <= ?{county} GROUP BY c.name, d.name""",
            [*span, day, *extra]):
        slot(cty, dept).update(returned=n, returned_workdays=held or 0)
    for cty, dept, n, replied, on_time in db.execute(
            f"""SELECT c.name, d.name, count(*), sum(h.replied_on <= ?),
                       sum(h.replied_on <= ? AND h.replied_on <= {lifecycle.judged_due_sql('s')})
                FROM suggestion_co_handlers h JOIN suggestions s ON s.id = h.suggestion_id
                JOIN departments d ON d.id = h.department_id JOIN counties c ON c.id = s.county_id
                WHERE h.referred_on BETWEEN ? AND ? AND h.referred_on <= ?{county} GROUP BY c.name, d.name""",
            [day, day, *span, day, *extra]):
        f = slot(cty, dept)
        f.update(co_handled=n, co_replied=replied or 0, co_on_time=on_time or 0)
    for cty, dept, cls, n in db.execute(
            f"""SELECT c.name, d.name, x.cls, count(*) FROM (
                    SELECT s.county_id, s.department_id, (
                        SELECT e.reply_class FROM suggestion_events e WHERE e.suggestion_id = s.id
                          AND e.kind IN ('reply', 'follow_up') AND e.reply_class IS NOT NULL AND e.on_date <= ?
                          AND e.round = s.round ORDER BY e.id DESC LIMIT 1) AS cls
                    FROM suggestions s WHERE s.reply_class IS NOT NULL AND s.handling = 'referred'
                      AND s.referred_on BETWEEN ? AND ? AND s.referred_on <= ?{county}) x
                JOIN departments d ON d.id = x.department_id JOIN counties c ON c.id = x.county_id
                WHERE x.cls IS NOT NULL GROUP BY c.name, d.name, x.cls""",
            [day, *span, day, *extra]):
        slot(cty, dept)[f"class_{cls.lower()}"] = n
    return out


# the desk's period figures (stats, the 统计汇总 sheet), labelled by the glossary (domain/figures.py)
DESK_KEYS = ("replies_class_a", "replies_class_b", "replies_class_c", "returned", "co_handled", "co_replied_on_time")
DESK_LABELS = {key: label for key, label in figures.labels(figures.STATS).items() if key in DESK_KEYS}


def desk_period_counts(db, start: dt.date, end: dt.date, county_id=None, as_of: dt.date | None = None,
                       station_ids: list[int] | None = None) -> dict:
    """The period's answers by latest class (suggestions collected in it, as with every suggestion
    figure), returns and co-handlers' opinions, as of `as_of`."""
    from shuanglian_cli.domain import lifecycle

    day = (as_of or today()).isoformat()
    args = [start.isoformat(), min(end.isoformat(), day)]
    county = ""
    if county_id is not None:
        county = " AND s.county_id = ?"
        args.append(county_id)
    if station_ids is not None:  # a station form: the station and its points
        county += f" AND s.station_id IN ({', '.join('?' * len(station_ids)) or 'NULL'})"
        args += list(station_ids)
    out = dict.fromkeys(DESK_LABELS, 0)
    for cls, n in db.execute(
            f"""SELECT x.cls, count(*) FROM (SELECT (
                    SELECT e.reply_class FROM suggestion_events e WHERE e.suggestion_id = s.id
                      AND e.kind IN ('reply', 'follow_up') AND e.reply_class IS NOT NULL AND e.on_date <= ?
                      AND e.round = s.round ORDER BY e.id DESC LIMIT 1) AS cls
                FROM suggestions s WHERE s.reply_class IS NOT NULL AND s.collected_on BETWEEN ? AND ?{county}) x
                WHERE x.cls IS NOT NULL GROUP BY x.cls""", [day, *args]):
        out[f"replies_class_{cls.lower()}"] = n
    out["returned"] = db.execute(
        f"""SELECT count(*) FROM suggestion_returns r JOIN suggestions s ON s.id = r.suggestion_id
            WHERE r.returned_on <= ? AND s.collected_on BETWEEN ? AND ?{county}""", [day, *args]).fetchone()[0]
    co, on_time = db.execute(
        f"""SELECT count(*), coalesce(sum(h.replied_on <= ? AND h.replied_on <= {lifecycle.judged_due_sql('s')}), 0)
            FROM suggestion_co_handlers h JOIN suggestions s ON s.id = h.suggestion_id
            WHERE h.referred_on <= ? AND s.collected_on BETWEEN ? AND ?{county}""", [day, day, *args]).fetchone()
    out.update(co_handled=co, co_replied_on_time=on_time)
    return out


def ledger_notes(db) -> dict[int, dict[str, str]]:
    """suggestion id -> {"department": what the referral ledger adds to the body (协办, 退办),
    "reply": what it adds before the answer (its class and promise)}; only suggestions that have any."""
    out: dict[int, dict[str, str]] = {}
    co: dict[int, list[str]] = {}
    for sid, name, replied in db.execute(
            """SELECT h.suggestion_id, d.name, h.replied_on FROM suggestion_co_handlers h
               JOIN suggestions s ON s.id = h.suggestion_id AND s.round = h.round
               JOIN departments d ON d.id = h.department_id ORDER BY h.id"""):
        co.setdefault(sid, []).append(f"{name}{'（已会签）' if replied else ''}")
    for sid, names in co.items():
        out.setdefault(sid, {})["department"] = f"（协办：{'、'.join(names)}）"
    for sid, name, on, held in db.execute(
            """SELECT r.suggestion_id, d.name, r.returned_on, r.workdays_held FROM suggestion_returns r
               JOIN departments d ON d.id = r.department_id ORDER BY r.id"""):
        slot = out.setdefault(sid, {})
        slot["department"] = slot.get("department", "") + f"（{name} {on} 退办，持有 {held} 个工作日）"
    for sid, cls, promise in db.execute(
            "SELECT id, reply_class, promise_on FROM suggestions WHERE reply_class IS NOT NULL"):
        out.setdefault(sid, {})["reply"] = f"【{cls} 类{'，承诺 ' + promise + ' 前' if promise else ''}】"
    return out


def uncontacted(db, year: int, start: dt.date, end: dt.date, county_id=None) -> tuple[list[str], list[str]]:
    """(members who have contacted none of their linked deputies, deputies no linking member has
    contacted, those with no linking member included) in [start, end]: the same rule as
    store/coverage.py and the glossary's deputies_unreached (both at one activity), only the two lists
    `sl today` needs, in a few set-based queries."""
    p = {"a": start.isoformat(), "b": end.isoformat(), "year": year, "county": county_id}
    county = " AND county_id = :county" if county_id is not None else ""
    met = f"""WITH qa AS (SELECT id FROM activities WHERE date BETWEEN :a AND :b{county}),
        met AS (SELECT DISTINCT md.member_id, md.deputy_id FROM qa
                JOIN activity_members am ON am.activity_id = qa.id
                JOIN activity_deputies ad ON ad.activity_id = qa.id
                JOIN member_deputies md ON md.year = :year AND md.member_id = am.member_id
                     AND md.deputy_id = ad.deputy_id)"""
    members = [name for (name,) in db.execute(
        f"""{met} SELECT m.name FROM members m
            WHERE m.active = 1{county.replace('county_id', 'm.county_id')}
              AND EXISTS (SELECT 1 FROM member_deputies md JOIN deputies d ON d.id = md.deputy_id
                          WHERE md.member_id = m.id AND md.year = :year AND d.active = 1)
              AND m.id NOT IN (SELECT member_id FROM met) ORDER BY m.county_id, m.id""", p)]
    deputies = [name for (name,) in db.execute(
        f"""{met} SELECT d.name FROM deputies d
            WHERE d.active = 1{county.replace('county_id', 'd.county_id')}
              AND d.id NOT IN (SELECT deputy_id FROM met) ORDER BY d.id""", p)]
    return members, deputies


def promises_sql(source: str, day: dt.date, county: str, args: list) -> tuple[str, list]:
    """B answers whose promise date has passed without a follow-up: from the current class and
    promise (a partial index), or, as of a day with later steps, from the latest classified reply
    or follow-up dated on or before it."""
    if source == "suggestions":
        return ("SELECT s.id, s.promise_on FROM suggestions s INDEXED BY idx_suggestions_promise "
                f"WHERE s.reply_class = 'B' AND s.promise_on < ? AND s.state IN ('replied', 'fed_back', 'closed'){county} "
                "ORDER BY s.promise_on, s.id", [day.isoformat(), *args])
    return (f"""SELECT s.id, e.promise_on FROM {source} s JOIN suggestion_events e ON e.id = (
                    SELECT x.id FROM suggestion_events x WHERE x.suggestion_id = s.id AND x.round = s.round
                      AND x.kind IN ('reply', 'follow_up') AND x.reply_class IS NOT NULL AND x.on_date <= ?
                    ORDER BY x.id DESC LIMIT 1)
                WHERE s.id IN (SELECT suggestion_id FROM suggestion_events WHERE reply_class = 'B')
                  AND e.reply_class = 'B' AND e.promise_on < ? AND s.state IN ('replied', 'fed_back', 'closed'){county}
                ORDER BY e.promise_on, s.id""", [day.isoformat(), day.isoformat(), *args])


def promise_passed_rows(db, day: dt.date, county_id=None, station_id=None, department_id=None) -> list[dict]:
    """The B answers whose promise date passed by `day` without a follow-up (promises_sql), with the
    columns of `sl suggestions due`, earliest promise first."""
    from shuanglian_cli.store.as_of import suggestions_source
    from shuanglian_cli.store.suggestion_filters import suggestion_filters

    source = suggestions_source(db, day)
    county = " AND s.county_id = ?" if county_id is not None else ""
    promised = dict(db.execute(*promises_sql(source, day, county, [county_id] if county_id is not None else [])))
    if not promised:
        return []
    scope, args = suggestion_filters(county_id, station_id, department_id)
    rows = db.query(
        f"""SELECT s.id, s.content, c.name AS county, st.name AS station, d.name AS deputy,
                   dep.name AS department, s.category, s.referred_on, s.due_on, s.due_confirmed, s.extended, s.chases
            FROM {source} s
            JOIN counties c ON c.id = s.county_id
            LEFT JOIN stations st ON st.id = s.station_id
            LEFT JOIN deputies d ON d.id = s.deputy_id
            LEFT JOIN departments dep ON dep.id = s.department_id
            WHERE s.id IN ({", ".join("?" * len(promised))}){scope}""", [*promised, *args])
    out = [{**r, "promise_on": promised[r["id"]]} for r in rows]
    return sorted(out, key=lambda r: (r["promise_on"], r["id"]))
