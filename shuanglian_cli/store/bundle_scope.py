"""Which records of a county's bundle to a town lie outside what the county may send it: the rule
`changes.collect` uses on create (that town's stations, points and people, its suggestions and their
rows), read back on apply, with the records those refer to (a suggestion's deputy, an event's
department), which go along on create too."""

from __future__ import annotations

from collections import Counter

from shuanglian_cli.store.bundle_rows import OF_SUGGESTION, ORDER, REFS

TOWN_TABLES = ("stations", "deputies", "constituents")  # in scope by their town


def is_own_town(db, site: dict, town: str) -> bool:
    """Whether `town` (the name the county registered this site under) is this town site's: its own
    name says so (南麻街道, 南麻街道人大工委), or, when its name names no town of its county, a station
    that originated here lies in it."""
    name = site["name"] or ""
    if town and town in name:
        return True
    if any(t in name for (t,) in db.execute(
            "SELECT w.name FROM towns w JOIN counties c ON c.id = w.county_id WHERE c.name = ?", [site["county"]])):
        return False
    return db.execute(
        "SELECT 1 FROM _identity i JOIN stations s ON s.id = i.row_id JOIN towns w ON w.id = s.town_id "
        "JOIN counties c ON c.id = w.county_id WHERE i.tbl = 'stations' AND i.origin = ? AND w.name = ? "
        "AND c.name = ? LIMIT 1", [site["code"], town, site["county"]]).fetchone() is not None


def own_towns(db, site: dict) -> list[int]:
    """The towns a town site speaks for: those of its county its name names (南麻街道人大工委), else
    those of the stations that began here."""
    named = [i for i, name in db.execute(
        "SELECT w.id, w.name FROM towns w JOIN counties c ON c.id = w.county_id WHERE c.name = ?", [site["county"]])
        if name and name in (site["name"] or "")]
    if named:
        return named
    return [i for (i,) in db.execute(
        "SELECT DISTINCT s.town_id FROM _identity x JOIN stations s ON s.id = x.row_id "
        "WHERE x.tbl = 'stations' AND x.origin = ? AND s.town_id IS NOT NULL", [site["code"]])]


def outside_town(db, site: dict, payload: dict, town: str) -> Counter:
    """Per table, how many rows of a county's bundle to this site, the town `town`, are outside its scope."""
    rows: dict[str, list[dict]] = payload.get("rows") or {}
    county = site["county"]
    by_gid = {t: {r["gid"]: r for r in rows.get(t) or ()} for t in ORDER}

    def station_is_mine(gid: str | None) -> bool:
        if not gid:
            return False
        row = by_gid["stations"].get(gid)
        if row is not None:
            return row.get("town_id") == town and row.get("county_id") == county
        return db.execute(
            "SELECT 1 FROM _identity i JOIN stations s ON s.id = i.row_id JOIN towns w ON w.id = s.town_id "
            "JOIN counties c ON c.id = w.county_id WHERE i.tbl = 'stations' AND i.gid = ? AND w.name = ? "
            "AND c.name = ?", [gid, town, county]).fetchone() is not None

    def suggestion_is_mine(gid: str | None) -> bool:
        if not gid:
            return False
        row = by_gid["suggestions"].get(gid)
        if row is not None:
            return row.get("origin") == site["code"] or station_is_mine(row.get("station_id"))
        here = db.execute("SELECT i.origin, (SELECT si.gid FROM suggestions s JOIN _identity si ON "
                          "si.tbl = 'stations' AND si.row_id = s.station_id WHERE s.id = i.row_id) "
                          "FROM _identity i WHERE i.tbl = 'suggestions' AND i.gid = ?", [gid]).fetchone()
        return here is not None and (here[0] == site["code"] or station_is_mine(here[1]))

    accepted: dict[str, set[str]] = {t: set() for t in ORDER}
    for table in TOWN_TABLES:
        accepted[table] |= {g for g, r in by_gid[table].items()
                            if r.get("town_id") == town and r.get("county_id") == county}
    accepted["suggestions"] |= {g for g in by_gid["suggestions"] if suggestion_is_mine(g)}
    for table in OF_SUGGESTION:
        accepted[table] |= {g for g, r in by_gid[table].items() if suggestion_is_mine(r.get("suggestion_id"))}
    # what the accepted rows refer to goes along: walk back from the rows that refer to others
    for table in reversed(ORDER):
        todo = list(accepted[table])
        while todo:
            row = by_gid[table].get(todo.pop())
            for col, ref in (REFS[table].items() if row else ()):
                target = row.get(col)
                if target and target not in accepted[ref]:
                    accepted[ref].add(target)
                    if ref == table:  # a point's station
                        todo.append(target)
    return Counter({t: n for t in ORDER if (n := len(set(by_gid[t]) - accepted[t]))})


def outside_county(db, payload: dict, county: str) -> Counter:
    """Per table, how many of a bundle's events, co-handlers and returns belong to a suggestion of
    another county than `county` (the sender's): the suggestion in the bundle, else the one here. A
    suggestion found in neither is left to the merge (a missing reference, listed)."""
    rows: dict[str, list[dict]] = payload.get("rows") or {}
    counties = {r["gid"]: r.get("county_id") for r in rows.get("suggestions") or ()}
    unknown = {r.get("suggestion_id") for t in OF_SUGGESTION for r in rows.get(t) or ()} - set(counties) - {None}
    if unknown:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS _scope_gids (gid TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute("DELETE FROM _scope_gids")
        db.conn.executemany("INSERT INTO _scope_gids VALUES (?)", [(g,) for g in unknown])
        counties.update(db.execute(
            "SELECT g.gid, c.name FROM _scope_gids g JOIN _identity i ON i.tbl = 'suggestions' AND i.gid = g.gid "
            "JOIN suggestions s ON s.id = i.row_id JOIN counties c ON c.id = s.county_id"))
    return Counter({t: n for t in OF_SUGGESTION
                    if (n := sum(1 for r in rows.get(t) or () if counties.get(r.get("suggestion_id"), county) != county))})
