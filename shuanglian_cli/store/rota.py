"""The duty rota and deputies' absences in SQLite (tables of the step `duty_rota`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlite_utils


def _marks(items) -> str:
    return ", ".join("?" for _ in items)


def on_duty(db: sqlite_utils.Database, station_id: int, date: dt.date | str) -> list[dict]:
    """The deputies planned for that station and day, after swaps (id, name, levels, note), by name."""
    day = date.isoformat() if isinstance(date, dt.date) else str(date)
    return list(db.query(
        """SELECT d.id, d.name, d.levels, r.note FROM duty_rota r JOIN deputies d ON d.id = r.deputy_id
           WHERE r.station_id = ? AND r.day = ? ORDER BY d.name, d.id""", [station_id, day]))


def on_duty_between(db, station_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[tuple[int, str], list[str]]:
    """(station id, ISO day) -> names on duty, for the days in [start, end]."""
    ids = list(station_ids)
    out: dict[tuple[int, str], list[str]] = {}
    if not ids:
        return out
    for sid, day, name in db.execute(
            f"""SELECT r.station_id, r.day, d.name FROM duty_rota r JOIN deputies d ON d.id = r.deputy_id
                WHERE r.day BETWEEN ? AND ? AND r.station_id IN ({_marks(ids)}) ORDER BY r.day, d.name, d.id""",
            [start.isoformat(), end.isoformat(), *ids]):
        out.setdefault((sid, day), []).append(name)
    return out


def rota_stations(db, county_id: int | None) -> list[dict]:
    """Active stations and points, with their parent, rule and county."""
    where, args = "s.active = 1", []
    if county_id is not None:
        where += " AND s.county_id = ?"
        args.append(county_id)
    return list(db.query(
        f"""SELECT s.id, s.name, s.kind, s.parent_id, s.schedule, s.county_id, c.short_name AS county
            FROM stations s JOIN counties c ON c.id = s.county_id WHERE {where} ORDER BY s.county_id, s.id""", args))


def home_deputies(db, station_ids: list[int]) -> list[dict]:
    """Active deputies whose home station is one of `station_ids`."""
    if not station_ids:
        return []
    return list(db.query(
        f"""SELECT id, name, levels, station_id FROM deputies
            WHERE active = 1 AND station_id IN ({_marks(station_ids)}) ORDER BY id""", station_ids))


def absences_between(db, deputy_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    out: dict[int, list[tuple[dt.date, dt.date]]] = {}
    if not deputy_ids:
        return out
    for did, s, e in db.execute(
            f"""SELECT deputy_id, start_on, end_on FROM deputy_absences
                WHERE end_on >= ? AND start_on <= ? AND deputy_id IN ({_marks(deputy_ids)})""",
            [start.isoformat(), end.isoformat(), *deputy_ids]):
        out.setdefault(did, []).append((dt.date.fromisoformat(s), dt.date.fromisoformat(e)))
    return out


def planned(db, station_ids: list[int], start: dt.date, end: dt.date) -> list[tuple[int, str, int]]:
    """(station id, ISO day, deputy id) stored for those stations in [start, end]."""
    if not station_ids:
        return []
    return db.execute(
        f"""SELECT station_id, day, deputy_id FROM duty_rota WHERE day BETWEEN ? AND ?
            AND station_id IN ({_marks(station_ids)}) ORDER BY day, station_id, deputy_id""",
        [start.isoformat(), end.isoformat(), *station_ids]).fetchall()


def replace_planned(db, station_ids: list[int], start: dt.date, end: dt.date,
                    rows: list[tuple[int, str, int]], keep: Iterable[int] = ()) -> int:
    """Replace the stored days of those stations in [start, end] by `rows`, but for the rows whose
    ids are in `keep` (swaps kept); inside a transaction."""
    kept = list(keep)
    db.execute(f"""DELETE FROM duty_rota WHERE day BETWEEN ? AND ? AND station_id IN ({_marks(station_ids)})
                   AND id NOT IN ({_marks(kept)})""", [start.isoformat(), end.isoformat(), *station_ids, *kept])
    db.conn.executemany("INSERT INTO duty_rota (station_id, day, deputy_id) VALUES (?, ?, ?)", rows)
    return len(rows)


def duty_of(db, deputy_id: int, day: str, station_id: int | None = None) -> list[dict]:
    """The rota rows of a deputy on a day (at one station when given)."""
    sql = "SELECT id, station_id, day, deputy_id, note FROM duty_rota WHERE deputy_id = ? AND day = ?"
    args: list = [deputy_id, day]
    if station_id is not None:
        sql += " AND station_id = ?"
        args.append(station_id)
    return list(db.query(sql, args))


def station_days(db, station_id: int, start: str) -> list[str]:
    """The planned days of a station from `start` on."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT day FROM duty_rota WHERE station_id = ? AND day >= ? ORDER BY day", [station_id, start])]


def move_duty(db, row_id: int, deputy_id: int, day: str, note: str) -> None:
    db.execute("UPDATE duty_rota SET deputy_id = ?, day = ?, note = ? WHERE id = ?", [deputy_id, day, note, row_id])


def days_of(db, deputy_id: int, start: str, end: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT day FROM duty_rota WHERE deputy_id = ? AND day BETWEEN ? AND ? ORDER BY day", [deputy_id, start, end])]


def add_absence(db, deputy_id: int, start: dt.date, end: dt.date, reason: str) -> int:
    cur = db.execute("INSERT INTO deputy_absences (deputy_id, start_on, end_on, reason) VALUES (?, ?, ?, ?)",
                     [deputy_id, start.isoformat(), end.isoformat(), reason])
    return cur.lastrowid


def absence(db, absence_id: int) -> dict | None:
    found = list(db.query(
        """SELECT a.id, a.deputy_id, d.name AS deputy, a.start_on, a.end_on, a.reason FROM deputy_absences a
           JOIN deputies d ON d.id = a.deputy_id WHERE a.id = ?""", [absence_id]))
    return found[0] if found else None


def remove_absence(db, absence_id: int) -> None:
    db.execute("DELETE FROM deputy_absences WHERE id = ?", [absence_id])


def absences(db, county_id: int | None, deputy_id: int | None, start: dt.date | None, end: dt.date | None) -> list[dict]:
    where, args = ["1 = 1"], []
    if county_id is not None:
        where.append("d.county_id = ?")
        args.append(county_id)
    if deputy_id is not None:
        where.append("a.deputy_id = ?")
        args.append(deputy_id)
    if start is not None:
        where.append("a.end_on >= ?")
        args.append(start.isoformat())
    if end is not None:
        where.append("a.start_on <= ?")
        args.append(end.isoformat())
    return list(db.query(
        f"""SELECT a.id, d.name AS deputy, s.name AS station, a.start_on, a.end_on, a.reason
            FROM deputy_absences a JOIN deputies d ON d.id = a.deputy_id LEFT JOIN stations s ON s.id = d.station_id
            WHERE {' AND '.join(where)} ORDER BY a.start_on, a.id""", args))


def planned_without_attendance(db, station_ids: list[int], start: dt.date, end: dt.date) -> list[dict]:
    """Rota rows in [start, end] whose deputy has no activity recorded that day (at any station:
    a deputy sent to a point or a visit that day still came)."""
    if not station_ids:
        return []
    return list(db.query(
        f"""SELECT r.day AS date, c.short_name AS county, s.name AS station, d.name AS deputy, r.station_id,
                   r.deputy_id, r.note
            FROM duty_rota r JOIN stations s ON s.id = r.station_id JOIN counties c ON c.id = s.county_id
            JOIN deputies d ON d.id = r.deputy_id
            WHERE r.day BETWEEN ? AND ? AND r.station_id IN ({_marks(station_ids)})
              AND NOT EXISTS (SELECT 1 FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
                              WHERE ad.deputy_id = r.deputy_id AND a.date = r.day)
            ORDER BY r.day, r.station_id, d.name""", [start.isoformat(), end.isoformat(), *station_ids]))


def future_duties(db, deputy_ids: list[int], after: str) -> list[dict]:
    """The rota rows of those deputies on days after `after` (id, day, station, deputy)."""
    if not deputy_ids:
        return []
    return list(db.query(
        f"""SELECT r.id, r.day, r.station_id, s.name AS station, r.deputy_id, d.name AS deputy
            FROM duty_rota r JOIN stations s ON s.id = r.station_id JOIN deputies d ON d.id = r.deputy_id
            WHERE r.day > ? AND r.deputy_id IN ({_marks(deputy_ids)}) ORDER BY r.day, r.station_id, d.name""",
        [after, *deputy_ids]))


def remove_duties(db, row_ids: list[int]) -> None:
    """Delete rota rows (audited by the table's triggers); inside a transaction."""
    if row_ids:
        db.execute(f"DELETE FROM duty_rota WHERE id IN ({_marks(row_ids)})", row_ids)


def duty_count(db, station_id: int, day: str) -> int:
    return db.execute("SELECT count(*) FROM duty_rota WHERE station_id = ? AND day = ?", [station_id, day]).fetchone()[0]


def seated_after(db, deputy_ids: list[int], day: str) -> set[int]:
    """Those deputies holding a seat (any congress) that still runs after `day` (a seat with no end
    of its own runs to its term's)."""
    if not deputy_ids:
        return set()
    return {r[0] for r in db.execute(
        f"""SELECT DISTINCT s.deputy_id FROM seats s JOIN terms t ON t.id = s.term_id
            WHERE (s.ends_on IS NULL OR s.ends_on > ?1) AND (t.ends_on IS NULL OR t.ends_on > ?1)
            AND s.deputy_id IN ({', '.join(f'?{i + 2}' for i in range(len(deputy_ids)))})""",
        [day, *deputy_ids])}


def swapped(db, station_ids: list[int], start: dt.date, end: dt.date) -> list[dict]:
    """The rota rows in [start, end] a swap has written (`sl schedule swap` leaves a note), with names."""
    if not station_ids:
        return []
    return list(db.query(
        f"""SELECT r.id, r.station_id, s.name AS station, r.day, r.deputy_id, d.name AS deputy, r.note
            FROM duty_rota r JOIN stations s ON s.id = r.station_id JOIN deputies d ON d.id = r.deputy_id
            WHERE r.note != '' AND r.day BETWEEN ? AND ? AND r.station_id IN ({_marks(station_ids)})
            ORDER BY r.day, r.station_id, r.id""", [start.isoformat(), end.isoformat(), *station_ids]))
