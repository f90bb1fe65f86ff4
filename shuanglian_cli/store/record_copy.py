"""Copying records from one sl file into another (the city demo's stand-in for bundles until
services/bundles.py exists, and how it carves a town station's file out of a county's records).

Rosters (towns, stations, deputies, members, constituents, departments) are matched by natural key
(county + name; constituents county + name + phone) and inserted when missing; activities,
suggestions and their events are appended under new ids; link rows follow their ends. The source is
ATTACHed as `src`; `keep` limits each table to the ids a scope selects (a temporary table `keep_T`).
Nothing here knows sites or acknowledgements: sending the same file twice appends its records twice.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

ROSTERS = (  # table, natural key, columns pointing at other copied tables
    ("towns", ("county_id", "name"), {}),
    ("stations", ("county_id", "name"), {"town_id": "towns", "parent_id": "stations"}),
    ("deputies", ("county_id", "name"), {"town_id": "towns", "station_id": "stations"}),
    ("members", ("county_id", "name"), {}),
    ("constituents", ("county_id", "name", "phone"), {"town_id": "towns"}),
    ("departments", ("county_id", "name"), {}),
)
RECORDS = (
    ("activities", {"station_id": "stations"}),
    ("suggestions", {"activity_id": "activities", "station_id": "stations", "deputy_id": "deputies",
                     "constituent_id": "constituents", "department_id": "departments"}),
    ("suggestion_events", {"suggestion_id": "suggestions", "department_id": "departments"}),
)
LINKS = (
    ("member_deputies", {"member_id": "members", "deputy_id": "deputies"}),
    ("deputy_constituents", {"deputy_id": "deputies", "constituent_id": "constituents"}),
    ("activity_deputies", {"activity_id": "activities", "deputy_id": "deputies"}),
    ("activity_members", {"activity_id": "activities", "member_id": "members"}),
    ("activity_constituents", {"activity_id": "activities", "constituent_id": "constituents"}),
)
ID_TABLES = tuple(t for t, *_ in ROSTERS) + tuple(t for t, _ in RECORDS)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    main = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
    src = {r[1] for r in conn.execute(f"PRAGMA src.table_info({table})")}
    return [c for c in main if c in src and c != "id"]


def _expr(col: str, remap: dict) -> str:
    if col in remap:
        return f"(SELECT dst FROM temp.map_{remap[col]} WHERE src = s.{col})"
    return f"s.{col}"


def _kept(table: str, keep: set[str]) -> str:
    return f" AND s.id IN (SELECT id FROM temp.keep_{table})" if table in keep else ""


def copy_records(db: sqlite_utils.Database, keep: set[str] = frozenset()) -> dict:
    """Copy from the attached `src` into main (inside the caller's transaction); `keep` names the
    tables limited by temp.keep_<table>. Returns the rows added per table."""
    conn = db.conn
    before = {t: conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0] for t in ID_TABLES + tuple(t for t, _ in LINKS)}
    for table in ID_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.map_{table}")
        conn.execute(f"CREATE TEMP TABLE map_{table} (src INTEGER PRIMARY KEY, dst INTEGER NOT NULL)")
    for table, key, remap in ROSTERS:
        cols = _columns(conn, table)
        match = " AND ".join(f"t.{k} = s.{k}" for k in key)
        mapping = (f"INSERT OR IGNORE INTO temp.map_{table} SELECT s.id, t.id FROM src.{table} s "
                   f"JOIN main.{table} t ON {match} WHERE 1{_kept(table, keep)}")
        conn.execute(mapping)
        # a station's points after the stations they belong to
        passes = ["s.parent_id IS NULL", "s.parent_id IS NOT NULL"] if table == "stations" else ["1"]
        for cond in passes:
            conn.execute(
                f"""INSERT INTO main.{table} ({', '.join(cols)})
                    SELECT {', '.join(_expr(c, remap) for c in cols)} FROM src.{table} s
                    WHERE {cond}{_kept(table, keep)} AND s.id NOT IN (SELECT src FROM temp.map_{table})
                    ORDER BY s.id""")
            conn.execute(mapping)
    for table, remap in RECORDS:
        cols = _columns(conn, table)
        offset = conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{table}").fetchone()[0]
        where = _kept(table, keep)
        if table == "suggestion_events" and "suggestions" in keep:
            where = " AND s.suggestion_id IN (SELECT id FROM temp.keep_suggestions)"
        conn.execute(f"INSERT INTO temp.map_{table} SELECT s.id, s.id + {offset} FROM src.{table} s WHERE 1{where}")
        conn.execute(
            f"""INSERT INTO main.{table} (id, {', '.join(cols)})
                SELECT s.id + {offset}, {', '.join(_expr(c, remap) for c in cols)} FROM src.{table} s
                WHERE 1{where} ORDER BY s.id""")
    for table, remap in LINKS:
        cols = _columns(conn, table)
        joins = " ".join(f"JOIN temp.map_{target} m_{col} ON m_{col}.src = s.{col}" for col, target in remap.items())
        values = ", ".join(f"m_{c}.dst" if c in remap else f"s.{c}" for c in cols)
        conn.execute(f"INSERT OR IGNORE INTO main.{table} ({', '.join(cols)}) SELECT {values} FROM src.{table} s {joins}")
    for table in ID_TABLES:
        conn.execute(f"DROP TABLE temp.map_{table}")
    return {t: conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0] - n for t, n in before.items()}


def station_scope(db: sqlite_utils.Database, station_id: int) -> set[str]:
    """temp.keep_* for one town station's file: its and its points' activities and suggestions, its
    own deputies, and every roster row those records point at. A deputy or member in the file comes
    with all their links (a member's deputies, a deputy's constituents): copies of one person in two
    offices' files then agree, whichever a bundle's field-by-field merge takes."""
    here = "SELECT id FROM src.stations WHERE id = ? OR parent_id = ?"
    _keep(db.conn, "here", here, [station_id, station_id])
    scope = {
        "activities": "SELECT id FROM src.activities WHERE station_id IN (SELECT id FROM temp.keep_here)",
        "suggestions": "SELECT id FROM src.suggestions WHERE station_id IN (SELECT id FROM temp.keep_here)",
        "members": "SELECT member_id FROM src.activity_members WHERE activity_id IN (SELECT id FROM temp.keep_activities)",
        "deputies": """SELECT id FROM src.deputies WHERE station_id IN (SELECT id FROM temp.keep_here)
            UNION SELECT deputy_id FROM src.activity_deputies WHERE activity_id IN (SELECT id FROM temp.keep_activities)
            UNION SELECT deputy_id FROM src.suggestions WHERE id IN (SELECT id FROM temp.keep_suggestions)
              AND deputy_id IS NOT NULL
            UNION SELECT deputy_id FROM src.member_deputies WHERE member_id IN (SELECT id FROM temp.keep_members)""",
        "constituents": """SELECT constituent_id FROM src.deputy_constituents
              WHERE deputy_id IN (SELECT id FROM temp.keep_deputies)
            UNION SELECT constituent_id FROM src.activity_constituents
              WHERE activity_id IN (SELECT id FROM temp.keep_activities)
            UNION SELECT constituent_id FROM src.suggestions WHERE id IN (SELECT id FROM temp.keep_suggestions)
              AND constituent_id IS NOT NULL""",
        "departments": """SELECT department_id FROM src.suggestions WHERE id IN (SELECT id FROM temp.keep_suggestions)
              AND department_id IS NOT NULL
            UNION SELECT department_id FROM src.suggestion_events
              WHERE suggestion_id IN (SELECT id FROM temp.keep_suggestions) AND department_id IS NOT NULL""",
    }
    return _with_places(db.conn, scope)


def county_scope(db: sqlite_utils.Database) -> set[str]:
    """temp.keep_* for the county office's own records: members, their links to deputies, the
    departments, the deputies with their constituents, and the stations and towns those point at;
    no activity or suggestion."""
    _keep(db.conn, "here", "SELECT id FROM src.stations WHERE 0")
    scope = {
        "activities": "SELECT id FROM src.activities WHERE 0",
        "suggestions": "SELECT id FROM src.suggestions WHERE 0",
        "members": "SELECT id FROM src.members",
        "deputies": "SELECT deputy_id FROM src.member_deputies",
        "constituents": """SELECT constituent_id FROM src.deputy_constituents
              WHERE deputy_id IN (SELECT id FROM temp.keep_deputies)""",
        "departments": "SELECT id FROM src.departments",
    }
    return _with_places(db.conn, scope)


def _keep(conn: sqlite3.Connection, table: str, sql: str, args: list | None = None) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.keep_{table}")
    conn.execute(f"CREATE TEMP TABLE keep_{table} (id INTEGER PRIMARY KEY)")
    conn.execute(f"INSERT OR IGNORE INTO temp.keep_{table} {sql}", args or [])


def _with_places(conn: sqlite3.Connection, scope: dict[str, str]) -> set[str]:
    """The scope's tables (in order: later selections read earlier ones), then the stations (with the
    stations their points belong to) and towns its rows point at."""
    for table, sql in scope.items():
        _keep(conn, table, sql)
    _keep(conn, "stations", """SELECT id FROM temp.keep_here
        UNION SELECT station_id FROM src.deputies WHERE id IN (SELECT id FROM temp.keep_deputies)
          AND station_id IS NOT NULL
        UNION SELECT station_id FROM src.activities WHERE id IN (SELECT id FROM temp.keep_activities)
          AND station_id IS NOT NULL
        UNION SELECT station_id FROM src.suggestions WHERE id IN (SELECT id FROM temp.keep_suggestions)
          AND station_id IS NOT NULL""")
    conn.execute("""INSERT OR IGNORE INTO temp.keep_stations SELECT parent_id FROM src.stations
                    WHERE id IN (SELECT id FROM temp.keep_stations) AND parent_id IS NOT NULL""")
    _keep(conn, "towns", """SELECT town_id FROM src.stations WHERE id IN (SELECT id FROM temp.keep_stations)
          AND town_id IS NOT NULL
        UNION SELECT town_id FROM src.deputies WHERE id IN (SELECT id FROM temp.keep_deputies) AND town_id IS NOT NULL
        UNION SELECT town_id FROM src.constituents WHERE id IN (SELECT id FROM temp.keep_constituents)
          AND town_id IS NOT NULL""")
    return {"stations", "towns", *scope}
