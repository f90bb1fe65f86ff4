"""Referral slips (交办单, issue 15): the referred suggestions a slip lists, and the slips' numbers. A number is
allocated per county and year, the first time a slip is written, and stored with the suggestions it carries
(one slip per suggestion, round and body): writing the slip again finds it and reuses the number. None of
these open a transaction (services/documents/referral.py wraps the whole batch in one)."""

from __future__ import annotations

import datetime as dt

_REFERRED = """SELECT s.id, s.county_id, c.name AS county, c.short_name AS county_short, st.name AS station,
        s.collected_on, d.name AS deputy, s.raiser_name, k.phone, k.address, s.category, s.content,
        s.department_id, dep.name AS department, s.referred_on, s.limit_workdays, s.due_on, s.round, s.state
    FROM suggestions s
    JOIN counties c ON c.id = s.county_id
    JOIN departments dep ON dep.id = s.department_id
    LEFT JOIN stations st ON st.id = s.station_id
    LEFT JOIN deputies d ON d.id = s.deputy_id
    LEFT JOIN constituents k ON k.id = s.constituent_id"""

# the states in which a suggestion is with its body (or has been answered by it) in its current round
REFERRED_STATES = ("referred", "replied", "fed_back", "closed")


def referred_rows(db, *, ids: list[int] | None = None, on: dt.date | None = None, county_id=None) -> list[dict]:
    """Referred suggestions (current round, with their body): the given ones, or those referred on `on`."""
    where, args = ["s.referred_on IS NOT NULL"], []
    if ids is not None:
        where.append(f"s.id IN ({', '.join('?' * len(ids))})")
        args += ids
    if on is not None:
        where.append("s.referred_on = ?")
        args.append(on.isoformat())
    if county_id is not None:
        where.append("s.county_id = ?")
        args.append(county_id)
    return list(db.query(f"{_REFERRED} WHERE {' AND '.join(where)} ORDER BY s.id", args))


def co_handlers(db, rows: list[dict]) -> dict[int, list[dict]]:
    """suggestion id -> its co-handling bodies of the current round ({department_id, department})."""
    out: dict[int, list[dict]] = {}
    if not rows:
        return out
    rounds = {r["id"]: r["round"] for r in rows}
    for sid, rnd, did, name in db.execute(
            f"""SELECT h.suggestion_id, h.round, h.department_id, dep.name FROM suggestion_co_handlers h
                JOIN departments dep ON dep.id = h.department_id
                WHERE h.suggestion_id IN ({', '.join('?' * len(rounds))}) ORDER BY h.id""", list(rounds)):
        if rounds[sid] == rnd:
            out.setdefault(sid, []).append({"department_id": did, "department": name})
    return out


def slips_of(db, keys: list[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """(suggestion id, round, body) -> the slip that carries it, for those already on a slip."""
    out = {}
    wanted = set(keys)
    ids = sorted({k[0] for k in keys})
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for sid, rnd, did, slip in db.execute(
                f"""SELECT suggestion_id, round, department_id, slip_id FROM referral_slip_items
                    WHERE suggestion_id IN ({', '.join('?' * len(chunk))})""", chunk):
            if (sid, rnd, did) in wanted:
                out[(sid, rnd, did)] = slip
    return out


def slip(db, slip_id: int) -> dict:
    return db["referral_slips"].get(slip_id)


def slip_items(db, slip_id: int) -> list[tuple[int, int]]:
    """(suggestion id, round) of each suggestion the slip carries."""
    return [tuple(r) for r in db.execute(
        "SELECT suggestion_id, round FROM referral_slip_items WHERE slip_id = ? ORDER BY suggestion_id", [slip_id])]


def next_seq(db, county_id: int, year: int) -> int:
    """The next number of the county's series for the year: the series restarts at 1 each year."""
    last = db.execute("SELECT max(seq) FROM referral_slips WHERE county_id = ? AND year = ?",
                      [county_id, year]).fetchone()[0]
    return (last or 0) + 1


def add_slip(db, *, county_id: int, year: int, seq: int, number: str, department_id: int, role: str,
             written_on: dt.date, items: list[tuple[int, int]]) -> int:
    """A new numbered slip for the body, carrying the (suggestion id, round) items; returns its id."""
    cursor = db.execute(
        """INSERT INTO referral_slips (county_id, year, seq, number, department_id, role, written_on)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [county_id, year, seq, number, department_id, role, written_on.isoformat()])
    slip_id = cursor.lastrowid
    db.conn.executemany(
        "INSERT INTO referral_slip_items (slip_id, suggestion_id, round, department_id) VALUES (?, ?, ?, ?)",
        [(slip_id, sid, rnd, department_id) for sid, rnd in items])
    return slip_id
