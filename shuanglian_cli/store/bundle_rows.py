"""How a travelling record is written into a bundle and read back: local ids become global ids
(counties and towns by name), and the columns each table carries."""

from __future__ import annotations

from shuanglian_cli.store.exchange_schema import CLOCKED, LINKS

# table -> {column: referenced table} (counties and towns travel by name)
REFS: dict[str, dict[str, str]] = {
    "stations": {"parent_id": "stations"},
    "departments": {},
    "deputies": {"station_id": "stations"},
    "members": {},
    "constituents": {},
    "activities": {"station_id": "stations"},
    "suggestions": {"activity_id": "activities", "station_id": "stations", "deputy_id": "deputies",
                    "constituent_id": "constituents"},
    "suggestion_events": {"suggestion_id": "suggestions", "department_id": "departments"},
    "suggestion_co_handlers": {"suggestion_id": "suggestions", "department_id": "departments"},
    "suggestion_returns": {"suggestion_id": "suggestions", "department_id": "departments"},
}
# the order records are applied in: what is referred to first
ORDER = ("stations", "departments", "deputies", "members", "constituents", "activities", "suggestions",
         "suggestion_events", "suggestion_co_handlers", "suggestion_returns")
EVENT_COLUMNS = ("suggestion_id", "round", "kind", "on_date", "actor", "department_id", "limit_workdays", "due_on",
                 "satisfaction", "note", "reply_class", "promise_on", "chase_kind")
# the referral desk's rows (issue 14): a co-handler's opinion is edited later, a return never is
DESK_COLUMNS = {
    "suggestion_co_handlers": ("suggestion_id", "round", "department_id", "referred_on", "replied_on", "opinion"),
    "suggestion_returns": ("suggestion_id", "round", "department_id", "referred_on", "returned_on", "reason",
                           "in_window", "approved_by", "workdays_held"),
}
# rows of a suggestion's life: in scope with their suggestion
OF_SUGGESTION = ("suggestion_events", "suggestion_co_handlers", "suggestion_returns")
# rows never edited once written: one already here is done
INSERT_ONLY = {"suggestion_events", "suggestion_returns"}
NAMED = {"stations", "departments", "deputies", "members", "constituents"}  # carry pinyin/initials


def columns(table: str) -> tuple[str, ...]:
    cols = EVENT_COLUMNS if table == "suggestion_events" else DESK_COLUMNS.get(table) or CLOCKED[table]
    return cols + (("pinyin", "initials") if table in NAMED else ())


def links_of(owner: str) -> list[tuple[str, str, str, str]]:
    """(link table, owner column, other column, pseudo-field) for an owner table."""
    out = []
    for link, (own, col, pseudo) in LINKS.items():
        if own == owner:
            other = {"activity_deputies": "deputy_id", "activity_members": "member_id",
                     "activity_constituents": "constituent_id", "member_deputies": "deputy_id",
                     "deputy_constituents": "constituent_id"}[link]
            out.append((link, col, other, pseudo))
    return out


LINK_TARGET = {"deputy_id": "deputies", "member_id": "members", "constituent_id": "constituents"}
YEARLY = {"member_deputies", "deputy_constituents"}


def export_rows(db, table: str, gids: list[str]) -> list[dict]:
    """The records of `table` with these global ids, ready for a bundle."""
    if not gids:
        return []
    cols = columns(table)
    refs = REFS[table]
    select = ["i.gid AS gid", "i.origin AS origin", "i.ref AS ref"]
    joins = [f"JOIN _identity i ON i.tbl = '{table}' AND i.row_id = t.id"]
    for c in cols:
        if c in refs:
            select.append(f"r_{c}.gid AS {c}")
            joins.append(f"LEFT JOIN _identity r_{c} ON r_{c}.tbl = '{refs[c]}' AND r_{c}.row_id = t.{c}")
        elif c == "county_id":
            select.append("co.name AS county_id")
            joins.append("LEFT JOIN counties co ON co.id = t.county_id")
        elif c == "town_id":
            select.append("tw.name AS town_id")
            joins.append("LEFT JOIN towns tw ON tw.id = t.town_id")
        else:
            select.append(f"t.\"{c}\" AS \"{c}\"")
    select.append("t.id AS _local")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _want (gid TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute("DELETE FROM _want")
    db.conn.executemany("INSERT OR IGNORE INTO _want VALUES (?)", [(g,) for g in gids])
    sql = (f"SELECT {', '.join(select)} FROM _want w JOIN _identity i0 ON i0.gid = w.gid AND i0.tbl = '{table}' "
           f"JOIN {table} t ON t.id = i0.row_id {' '.join(joins)}")
    cur = db.execute(sql)
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur]
    clocks: dict[str, dict] = {}
    for gid, field, hlc, site in db.execute(
            "SELECT f.gid, f.field, f.hlc, f.site FROM _want w JOIN _field_clocks f ON f.tbl = ? AND f.gid = w.gid",
            [table]):
        clocks.setdefault(gid, {})[field] = [hlc, site]
    link_sets: dict[int, dict] = {}
    for link, own_col, other, pseudo in links_of(table):
        year = "l.year, " if link in YEARLY else ""
        for row in db.execute(
                f"SELECT l.{own_col}, {year}o.gid FROM _want w JOIN _identity i ON i.tbl = ? AND i.gid = w.gid "
                f"JOIN {link} l ON l.{own_col} = i.row_id "
                f"JOIN _identity o ON o.tbl = '{LINK_TARGET[other]}' AND o.row_id = l.{other}", [table]):
            value = [row[1], row[2]] if year else row[1]
            link_sets.setdefault(row[0], {}).setdefault(pseudo, []).append(value)
    pseudos = [p for *_, p in links_of(table)]
    for r in rows:
        local = r.pop("_local")
        if clocks.get(r["gid"]):
            r["clocks"] = clocks[r["gid"]]
        if pseudos:
            sets = link_sets.get(local, {})
            r["links"] = {p: sorted(sets.get(p, [])) for p in pseudos}
    return rows
