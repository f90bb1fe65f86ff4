"""Listing the rosters with the names of their county, town and station, for the list/show commands."""

from __future__ import annotations

import sqlite_utils


class _Where:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.args: list = []

    def add(self, sql: str, *args) -> None:
        self.parts.append(sql)
        self.args.extend(args)

    def maybe(self, sql: str, value) -> None:
        if value is not None:
            self.add(sql, value)

    @property
    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""


def _active(where: _Where, alias: str, active: bool | None) -> None:
    if active is not None:
        where.add(f"{alias}.active = ?", int(active))


def _bools(rows: list[dict], *keys: str) -> list[dict]:
    for row in rows:
        for key in keys:
            if key in row and row[key] is not None:
                row[key] = bool(row[key])
    return rows


def _by_county(db: sqlite_utils.Database, table: str, county_id: int | None, active: bool | None,
               where: _Where) -> list[dict]:
    """The rows of a person or department roster in the county (all when None), on the roster or not
    (`active`, None for both), that also pass `where`; by county and then id."""
    select, alias = _SELECTS[table]
    where.maybe(f"{alias}.county_id = ?", county_id)
    _active(where, alias, active)
    order = f" ORDER BY {alias}.county_id, {alias}.id"
    return _bools(list(db.query(select + where.sql + order, where.args)), "active")


STATION_SELECT = """SELECT s.id, s.name, s.kind, c.short_name AS county, t.name AS town, p.name AS parent,
    s.address, s.has_premises, s.has_equipment, s.has_rules, s.has_funds, s.schedule, s.active,
    (SELECT count(*) FROM deputies d WHERE d.station_id = s.id AND d.active) AS deputies,
    (SELECT count(*) FROM stations x WHERE x.parent_id = s.id) AS points
  FROM stations s JOIN counties c ON c.id = s.county_id
  LEFT JOIN towns t ON t.id = s.town_id LEFT JOIN stations p ON p.id = s.parent_id"""


def list_stations(db: sqlite_utils.Database, county_id=None, town_id=None, kind=None, parent_id=None,
                  active: bool | None = True) -> list[dict]:
    w = _Where()
    w.maybe("s.county_id = ?", county_id)
    w.maybe("s.town_id = ?", town_id)
    w.maybe("s.kind = ?", kind)
    w.maybe("s.parent_id = ?", parent_id)
    _active(w, "s", active)
    # a station followed by its points
    order = " ORDER BY s.county_id, coalesce(s.parent_id, s.id), s.parent_id IS NOT NULL, s.id"
    rows = list(db.query(STATION_SELECT + w.sql + order, w.args))
    return _bools(rows, "has_premises", "has_equipment", "has_rules", "has_funds", "active")


DEPUTY_SELECT = """SELECT d.id, d.name, d.sex, d.phone, d.work_unit, d.levels, c.short_name AS county,
    t.name AS town, s.name AS station, d.active
  FROM deputies d JOIN counties c ON c.id = d.county_id
  LEFT JOIN towns t ON t.id = d.town_id LEFT JOIN stations s ON s.id = d.station_id"""


def list_deputies(db: sqlite_utils.Database, county_id=None, town_id=None, station_id=None,
                  levels: list[str] | None = None, active: bool | None = True, term_id=None) -> list[dict]:
    w = _Where()
    w.maybe("d.id IN (SELECT deputy_id FROM seats WHERE term_id = ?)", term_id)  # a term's roster (届次)
    w.maybe("d.town_id = ?", town_id)
    w.maybe("d.station_id = ?", station_id)
    for level in levels or []:
        w.add("(',' || d.levels || ',') LIKE ?", f"%,{level},%")
    return _by_county(db, "deputies", county_id, active, w)


MEMBER_SELECT = """SELECT m.id, m.name, m.post, m.group_name, m.phone, c.short_name AS county, m.active
  FROM members m JOIN counties c ON c.id = m.county_id"""


def list_members(db: sqlite_utils.Database, county_id=None, group=None, active: bool | None = True) -> list[dict]:
    w = _Where()
    w.maybe("m.group_name = ?", group)
    return _by_county(db, "members", county_id, active, w)


CONSTITUENT_SELECT = """SELECT p.id, p.name, p.phone, p.address, c.short_name AS county, t.name AS town,
    p.active FROM constituents p JOIN counties c ON c.id = p.county_id
  LEFT JOIN towns t ON t.id = p.town_id"""


def list_constituents(db: sqlite_utils.Database, county_id=None, town_id=None, deputy_id=None, year=None,
                      active: bool | None = True) -> list[dict]:
    w = _Where()
    w.maybe("p.town_id = ?", town_id)
    if deputy_id is not None:
        sub = "SELECT constituent_id FROM deputy_constituents WHERE deputy_id = ?"
        if year is not None:
            w.add(f"p.id IN ({sub} AND year = ?)", deputy_id, year)
        else:
            w.add(f"p.id IN ({sub})", deputy_id)
    w.add("p.erased = 0")
    return _by_county(db, "constituents", county_id, active, w)


DEPARTMENT_SELECT = """SELECT g.id, g.name, g.kind, g.contact, c.short_name AS county, g.active
  FROM departments g JOIN counties c ON c.id = g.county_id"""


def list_departments(db: sqlite_utils.Database, county_id=None, kind=None, active: bool | None = True) -> list[dict]:
    w = _Where()
    w.maybe("g.kind = ?", kind)
    return _by_county(db, "departments", county_id, active, w)


_SELECTS = {
    "stations": (STATION_SELECT, "s"), "deputies": (DEPUTY_SELECT, "d"), "members": (MEMBER_SELECT, "m"),
    "constituents": (CONSTITUENT_SELECT, "p"), "departments": (DEPARTMENT_SELECT, "g"),
}


def get_row(db: sqlite_utils.Database, table: str, row_id: int) -> dict:
    """One roster row with the names of its county, town, station."""
    select, alias = _SELECTS[table]
    rows = list(db.query(f"{select} WHERE {alias}.id = ?", [row_id]))
    return _bools(rows, "has_premises", "has_equipment", "has_rules", "has_funds", "active")[0]


def links_of(db: sqlite_utils.Database, table: str, row_id: int) -> list[dict]:
    """A person's yearly links, newest year first: [{year, kind, name}]."""
    if table == "members":
        sql = """SELECT l.year, '联系代表' AS kind, d.name FROM member_deputies l JOIN deputies d ON d.id = l.deputy_id
                 WHERE l.member_id = ? ORDER BY l.year DESC, d.id"""
        return list(db.query(sql, [row_id]))
    if table == "deputies":
        sql = """SELECT l.year, '联系人(常委会组成人员)' AS kind, m.name FROM member_deputies l
                   JOIN members m ON m.id = l.member_id WHERE l.deputy_id = ?
                 UNION ALL
                 SELECT l.year, '联系群众' AS kind, p.name FROM deputy_constituents l
                   JOIN constituents p ON p.id = l.constituent_id WHERE l.deputy_id = ?
                 ORDER BY 1 DESC, 2"""
        return list(db.query(sql, [row_id, row_id]))
    if table == "constituents":
        sql = """SELECT l.year, '联系代表' AS kind, d.name FROM deputy_constituents l
                   JOIN deputies d ON d.id = l.deputy_id WHERE l.constituent_id = ? ORDER BY l.year DESC, d.id"""
        return list(db.query(sql, [row_id]))
    return []


def active_filter(inactive: bool, all_: bool) -> bool | None:
    """--inactive: only those no longer on the roster; --all: everyone; default: those on it."""
    if all_:
        return None
    return not inactive
