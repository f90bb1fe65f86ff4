"""The SQL of the exchange steps (issue 13), frozen as literal text: a shipped step never changes.

- `exchange_identity`: the site (`_site`), its peers (`_peers`), a global id and origin for every
  record that travels (`_identity`, beside the tables so the audited columns stay as they are), the
  change table (`_changes`: the latest change of each travelling record, deletions as tombstones,
  in a sequence that never reuses a number), per-field clocks (`_field_clocks`), conflicts, and the
  triggers that feed them. Inserts have no trigger: a row without an identity is new, and a sweep
  (store/sites.py: sweep_identity) gives it one and a change before any bundle is made, so bulk
  imports, which drop insert triggers, are covered too.
- `deputies_unique_with_phone`: two deputies with the same name in one county can exist.
"""

from __future__ import annotations

# global ids of the rows that exist when the step runs: origin NULL until `sl site set`
_UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
         "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")

_HLC = ("UPDATE _site SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000) "
        "WHERE id = 1;")

EXCHANGE_TABLES: tuple[str, ...] = (
    """CREATE TABLE _site (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('town', 'county', 'city')),
        county TEXT,
        incarnation TEXT NOT NULL,
        hlc INTEGER NOT NULL DEFAULT 0,
        applying INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE _peers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('town', 'county', 'city')),
        county TEXT,
        format INTEGER NOT NULL DEFAULT 1,
        salt TEXT,
        acked_seq INTEGER NOT NULL DEFAULT 0,
        sent_seq INTEGER NOT NULL DEFAULT 0,
        received_seq INTEGER NOT NULL DEFAULT 0,
        received_incarnation TEXT,
        bundles_sent INTEGER NOT NULL DEFAULT 0,
        bundles_received INTEGER NOT NULL DEFAULT 0,
        last_sent_at TEXT,
        last_received_at TEXT
    )""",
    """CREATE TABLE _identity (
        tbl TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        gid TEXT NOT NULL UNIQUE,
        origin TEXT,
        PRIMARY KEY (tbl, row_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE _gid_alias (alias TEXT PRIMARY KEY, gid TEXT NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE _changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        gid TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc INTEGER NOT NULL DEFAULT 0,
        site TEXT,
        UNIQUE (tbl, gid)
    )""",
    """CREATE TABLE _field_clocks (
        tbl TEXT NOT NULL,
        gid TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc INTEGER NOT NULL,
        site TEXT NOT NULL,
        PRIMARY KEY (tbl, gid, field)
    ) WITHOUT ROWID""",
    """CREATE TABLE _conflicts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
        peer TEXT NOT NULL,
        tbl TEXT NOT NULL,
        gid TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        UNIQUE (peer, tbl, gid, kind, detail)
    )""",
)

# table -> the columns whose edits are clocked field by field (frozen here, as the step ships them)
CLOCKED: dict[str, tuple[str, ...]] = {
    "stations": ("county_id", "town_id", "parent_id", "kind", "name", "address", "has_premises", "has_equipment",
                 "has_rules", "has_funds", "schedule", "active"),
    "departments": ("county_id", "name", "kind", "contact", "active"),
    "deputies": ("county_id", "town_id", "station_id", "name", "sex", "phone", "work_unit", "levels", "active"),
    "members": ("county_id", "name", "post", "group_name", "phone", "active"),
    "constituents": ("county_id", "town_id", "name", "phone", "address", "active", "erased"),
    "activities": ("county_id", "station_id", "date", "kind", "topic", "summary", "group_name",
                   "extra_constituents", "rating_total", "rating_satisfied"),
    "suggestions": ("county_id", "activity_id", "station_id", "deputy_id", "constituent_id", "raiser_name",
                    "collected_on", "content", "category", "note"),
    "suggestion_events": (),
}

# link table -> (owner table, the owner's column, the pseudo-field of the owner that holds the set)
LINKS: dict[str, tuple[str, str, str]] = {
    "activity_deputies": ("activities", "activity_id", "_deputies"),
    "activity_members": ("activities", "activity_id", "_members"),
    "activity_constituents": ("activities", "activity_id", "_constituents"),
    "member_deputies": ("members", "member_id", "_deputies"),
    "deputy_constituents": ("deputies", "deputy_id", "_constituents"),
}


def _change(table: str, ref: str, field_rows: str) -> str:
    owner = f"(SELECT gid FROM _identity WHERE tbl = '{table}' AND row_id = {ref})"
    sql = (f"{_HLC}\n"
           f"INSERT OR REPLACE INTO _changes (tbl, gid, hlc, site) SELECT '{table}', {owner}, hlc, code "
           f"FROM _site WHERE id = 1;\n")
    if field_rows:
        sql += (f"INSERT OR REPLACE INTO _field_clocks (tbl, gid, field, hlc, site) "
                f"SELECT '{table}', {owner}, f.name, s.hlc, s.code FROM _site s, ({field_rows}) f WHERE s.id = 1;\n")
    return sql


def trigger_sql() -> list[str]:
    out = []
    local = "(SELECT applying FROM _site WHERE id = 1) = 0"
    for table, cols in CLOCKED.items():
        known = f"EXISTS (SELECT 1 FROM _identity WHERE tbl = '{table}' AND row_id = NEW.id)"
        fields = " UNION ALL ".join(f"SELECT '{c}' AS name WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\"" for c in cols)
        if cols:
            out.append(f"CREATE TRIGGER xc_{table}_update AFTER UPDATE ON {table} WHEN {local} AND {known} BEGIN\n"
                       f"{_change(table, 'NEW.id', fields)}END")
        out.append(
            f"CREATE TRIGGER xc_{table}_delete AFTER DELETE ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM _identity WHERE tbl = '{table}' AND row_id = OLD.id) BEGIN\n"
            f"{_HLC}\n"
            f"INSERT OR REPLACE INTO _changes (tbl, gid, deleted, hlc, site) SELECT '{table}', i.gid, 1, s.hlc, s.code "
            f"FROM _identity i, _site s WHERE i.tbl = '{table}' AND i.row_id = OLD.id AND s.id = 1 AND s.applying = 0;\n"
            f"DELETE FROM _identity WHERE tbl = '{table}' AND row_id = OLD.id;\nEND")
    for link, (owner, column, pseudo) in LINKS.items():
        for action, ref in (("insert", "NEW"), ("delete", "OLD")):
            known = f"EXISTS (SELECT 1 FROM _identity WHERE tbl = '{owner}' AND row_id = {ref}.{column})"
            out.append(
                f"CREATE TRIGGER xc_{link}_{action} AFTER {action.upper()} ON {link} WHEN {local} AND {known} BEGIN\n"
                f"{_change(owner, f'{ref}.{column}', f'SELECT {pseudo!r} AS name')}END")
    return out


def exchange_identity(db) -> None:
    for sql in EXCHANGE_TABLES:
        db.execute(sql)
    db.execute("CREATE INDEX idx_changes_gid ON _changes(gid)")
    for table in CLOCKED:
        db.execute(f"INSERT INTO _identity (tbl, row_id, gid) SELECT '{table}', id, {_UUID} FROM {table}")
    for sql in trigger_sql():
        db.execute(sql)


DEPUTIES_WITH_PHONE = """CREATE TABLE deputies (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            station_id INTEGER REFERENCES stations(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            sex TEXT CHECK (sex IN ('男', '女')),
            phone TEXT NOT NULL DEFAULT '',
            work_unit TEXT NOT NULL DEFAULT '',
            levels TEXT NOT NULL DEFAULT '县',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name, phone)
        )"""
