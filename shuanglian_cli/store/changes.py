"""What a bundle for a peer holds: the records in scope whose latest change the peer has not
acknowledged (tombstones included), with the records they refer to, so a bundle always applies."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.store.bundle_rows import OF_SUGGESTION, ORDER, REFS, export_rows


def pending(db, acked_seq: int) -> tuple[dict[str, list[str]], list[list]]:
    """({table: [gid]} changed, [[table, gid, hlc, site]] deleted) after `acked_seq`."""
    changed: dict[str, list[str]] = {}
    deleted = []
    for tbl, gid, is_deleted, hlc, site in db.execute(
            "SELECT tbl, gid, deleted, hlc, site FROM _changes WHERE seq > ? ORDER BY seq", [acked_seq]):
        if is_deleted:
            deleted.append([tbl, gid, hlc, site])
        else:
            changed.setdefault(tbl, []).append(gid)
    return changed, deleted


def _scope_sql(db, site: dict, peer: dict, since: dt.date | None) -> dict[str, str]:
    """Per table, a condition on `t` (the row) and `i` (its identity) saying it is in scope for the peer."""
    county = "(SELECT id FROM counties WHERE name = :county)"
    date_cond = {"activities": "t.date >= :since", "suggestions": "t.collected_on >= :since",
                 "suggestion_events": "t.on_date >= :since",
                 "suggestion_co_handlers": "t.referred_on >= :since",
                 "suggestion_returns": "t.returned_on >= :since"} if since else {}
    if site["kind"] == "city":
        return {}
    if peer["kind"] == "town":
        town = "(SELECT id FROM towns WHERE name = :peer_name AND county_id = " + county + ")"
        mine = ("(EXISTS (SELECT 1 FROM _identity x WHERE x.tbl = 'suggestions' AND x.row_id = {sid} "
                "AND x.origin = :peer) OR EXISTS (SELECT 1 FROM stations st WHERE st.id = (SELECT station_id "
                "FROM suggestions WHERE id = {sid}) AND st.town_id = " + town + "))")
        scope = {
            "stations": f"t.town_id = {town}",
            "deputies": f"t.town_id = {town}",
            "constituents": f"t.town_id = {town}",
            "suggestions": mine.format(sid="t.id"),
            **{t: mine.format(sid="t.suggestion_id") for t in OF_SUGGESTION},
        }
    elif site["kind"] == "town":  # up to the county: this town's records, and what was made here
        from shuanglian_cli.store.bundle_scope import own_towns

        towns = "(" + (", ".join(str(int(i)) for i in own_towns(db, site)) or "NULL") + ")"
        mine = ("(EXISTS (SELECT 1 FROM _identity x WHERE x.tbl = 'suggestions' AND x.row_id = {sid} "
                "AND x.origin = :site) OR EXISTS (SELECT 1 FROM suggestions s JOIN stations st ON st.id = s.station_id "
                "WHERE s.id = {sid} AND st.town_id IN " + towns + "))")
        scope = {
            "stations": f"(t.town_id IN {towns} OR i.origin = :site)",
            "deputies": f"(t.town_id IN {towns} OR i.origin = :site)",
            "constituents": f"(t.town_id IN {towns} OR i.origin = :site)",
            "members": "i.origin = :site", "departments": "i.origin = :site",
            "activities": f"(i.origin = :site OR (SELECT town_id FROM stations WHERE id = t.station_id) IN {towns})",
            "suggestions": mine.format(sid="t.id"),
            **{t: mine.format(sid="t.suggestion_id") for t in OF_SUGGESTION},
        }
        scope = {t: f"t.county_id = {county} AND {c}" if t not in OF_SUGGESTION else c for t, c in scope.items()}
    else:  # up to the city: everything of this site's county
        scope = {t: f"t.county_id = {county}" for t in ORDER if t not in OF_SUGGESTION}
        for t in OF_SUGGESTION:
            scope[t] = f"(SELECT county_id FROM suggestions WHERE id = t.suggestion_id) = {county}"
    for t, cond in date_cond.items():
        if t in scope:
            scope[t] = f"({scope[t]}) AND {cond}"
    return scope


def collect(db, site: dict, peer: dict, since: dt.date | None) -> tuple[dict[str, list[dict]], list[list], int]:
    """(rows by table, tombstones, the highest change sequence covered)."""
    upto = db.execute("SELECT coalesce(max(seq), 0) FROM _changes").fetchone()[0]
    changed, deleted = pending(db, peer["acked_seq"])
    scope = _scope_sql(db, site, peer, since)
    params = {"county": site["county"], "peer": peer["code"], "peer_name": peer["name"], "site": site["code"],
              "since": since.isoformat() if since else None}
    wanted: dict[str, set[str]] = {}
    for table in ORDER:
        gids = changed.get(table, [])
        if not gids or table not in scope:
            continue
        db.execute("CREATE TEMP TABLE IF NOT EXISTS _cand (gid TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute("DELETE FROM _cand")
        db.conn.executemany("INSERT OR IGNORE INTO _cand VALUES (?)", [(g,) for g in gids])
        keep = db.execute(
            f"SELECT c.gid FROM _cand c JOIN _identity i ON i.tbl = '{table}' AND i.gid = c.gid "
            f"JOIN {table} t ON t.id = i.row_id WHERE {scope[table]}", params).fetchall()
        wanted[table] = {g for (g,) in keep}
    if site["kind"] == "city":
        deleted = []
    rows: dict[str, list[dict]] = {}
    # the records referred to go along (a suggestion's deputy, an event's department): walk back
    for table in reversed(ORDER):
        exported = export_rows(db, table, sorted(wanted.get(table, ())))
        for row in exported:
            for col, ref in REFS[table].items():
                if row.get(col):
                    wanted.setdefault(ref, set())
                    if row[col] not in wanted[ref]:
                        wanted[ref].add(row[col])
        rows[table] = exported
    # stations refer to stations (a point's station): export again what was added on the way
    for table in ORDER:
        have = {r["gid"] for r in rows.get(table, [])}
        extra = sorted(wanted.get(table, set()) - have)
        while extra:
            more = export_rows(db, table, extra)
            rows.setdefault(table, []).extend(more)
            have |= {r["gid"] for r in more}
            extra = sorted({r[c] for r in more for c, ref in REFS[table].items() if ref == table and r.get(c)} - have)
    return {t: r for t, r in rows.items() if r}, deleted, upto
