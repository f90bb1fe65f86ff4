"""Numbered schema migrations, tracked in PRAGMA user_version.

Each migration is a small function taking the database; it runs inside one transaction together
with the version bump, so a crash mid-migration leaves the previous version intact. To change the
schema, append a function `mNNN_what(db)` and register it in MIGRATIONS; never edit one that has
shipped.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

ZIBO_COUNTIES = [
    # (name, short name, pinyin slug)
    ("张店区", "张店", "zhangdian"),
    ("淄川区", "淄川", "zichuan"),
    ("博山区", "博山", "boshan"),
    ("临淄区", "临淄", "linzi"),
    ("周村区", "周村", "zhoucun"),
    ("桓台县", "桓台", "huantai"),
    ("高青县", "高青", "gaoqing"),
    ("沂源县", "沂源", "yiyuan"),
]

ACTIVITY_KINDS = ("接待日", "议题式接待", "季度双联", "走访", "接听日", "座谈", "述职", "其他")
SUGGESTION_STATES = (
    "collected", "on_spot", "referred", "replied", "fed_back", "closed", "inter_session", "withdrawn",
)
SATISFACTION = ("满意", "基本满意", "不满意")

_PERSON_SEARCH = "pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT ''"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def m001_initial(db: sqlite_utils.Database) -> None:
    statements = [
        """CREATE TABLE counties (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            short_name TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE,
            city TEXT NOT NULL DEFAULT '淄博市'
        )""",
        """CREATE TABLE towns (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '镇' CHECK (kind IN ('镇', '街道', '乡')),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name)
        )""",
        f"""CREATE TABLE stations (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            parent_id INTEGER REFERENCES stations(id),
            kind TEXT NOT NULL DEFAULT '站' CHECK (kind IN ('站', '点')),
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            has_premises INTEGER NOT NULL DEFAULT 0 CHECK (has_premises IN (0, 1)),
            has_equipment INTEGER NOT NULL DEFAULT 0 CHECK (has_equipment IN (0, 1)),
            has_rules INTEGER NOT NULL DEFAULT 0 CHECK (has_rules IN (0, 1)),
            has_funds INTEGER NOT NULL DEFAULT 0 CHECK (has_funds IN (0, 1)),
            schedule TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            {_PERSON_SEARCH},
            UNIQUE (county_id, name),
            CHECK ((kind = '点') = (parent_id IS NOT NULL))
        )""",
        f"""CREATE TABLE deputies (
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
            {_PERSON_SEARCH},
            UNIQUE (county_id, name)
        )""",
        f"""CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            post TEXT NOT NULL DEFAULT '',
            group_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            {_PERSON_SEARCH},
            UNIQUE (county_id, name)
        )""",
        f"""CREATE TABLE constituents (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
            {_PERSON_SEARCH},
            UNIQUE (county_id, name, phone)
        )""",
        f"""CREATE TABLE departments (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            kind TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            {_PERSON_SEARCH},
            UNIQUE (county_id, name)
        )""",
        """CREATE TABLE member_deputies (
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            member_id INTEGER NOT NULL REFERENCES members(id),
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            PRIMARY KEY (year, member_id, deputy_id)
        )""",
        """CREATE TABLE deputy_constituents (
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            constituent_id INTEGER NOT NULL REFERENCES constituents(id),
            PRIMARY KEY (year, deputy_id, constituent_id)
        )""",
        f"""CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            station_id INTEGER REFERENCES stations(id),
            date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({_quoted(ACTIVITY_KINDS)})),
            topic TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            group_name TEXT NOT NULL DEFAULT '',
            extra_constituents INTEGER NOT NULL DEFAULT 0 CHECK (extra_constituents >= 0),
            rating_total INTEGER,
            rating_satisfied INTEGER,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        )""",
        """CREATE TABLE activity_deputies (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            PRIMARY KEY (activity_id, deputy_id)
        )""",
        """CREATE TABLE activity_members (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id),
            PRIMARY KEY (activity_id, member_id)
        )""",
        """CREATE TABLE activity_constituents (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            constituent_id INTEGER NOT NULL REFERENCES constituents(id),
            PRIMARY KEY (activity_id, constituent_id)
        )""",
        f"""CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            activity_id INTEGER REFERENCES activities(id),
            station_id INTEGER REFERENCES stations(id),
            deputy_id INTEGER REFERENCES deputies(id),
            constituent_id INTEGER REFERENCES constituents(id),
            raiser_name TEXT NOT NULL DEFAULT '',
            collected_on TEXT NOT NULL,
            content TEXT NOT NULL CHECK (length(trim(content)) > 0),
            category TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'collected' CHECK (state IN ({_quoted(SUGGESTION_STATES)})),
            handling TEXT CHECK (handling IN ('on_spot', 'referred', 'inter_session')),
            answer TEXT NOT NULL DEFAULT '',
            department_id INTEGER REFERENCES departments(id),
            referred_on TEXT,
            limit_workdays INTEGER CHECK (limit_workdays > 0),
            due_on TEXT,
            due_confirmed INTEGER,
            round INTEGER NOT NULL DEFAULT 0,
            extended INTEGER NOT NULL DEFAULT 0,
            chases INTEGER NOT NULL DEFAULT 0,
            replied_on TEXT,
            reply TEXT NOT NULL DEFAULT '',
            fed_back_on TEXT,
            satisfaction TEXT CHECK (satisfaction IN ({_quoted(SATISFACTION)})),
            closed_on TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        )""",
        """CREATE TABLE suggestion_events (
            id INTEGER PRIMARY KEY,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
            round INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL,
            on_date TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            department_id INTEGER REFERENCES departments(id),
            limit_workdays INTEGER,
            due_on TEXT,
            satisfaction TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        )""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE INDEX idx_towns_county ON towns(county_id)",
        "CREATE INDEX idx_stations_parent ON stations(parent_id)",
        "CREATE INDEX idx_deputies_station ON deputies(station_id)",
        "CREATE INDEX idx_deputies_initials ON deputies(initials)",
        "CREATE INDEX idx_constituents_name ON constituents(name)",
        "CREATE INDEX idx_member_deputies_deputy ON member_deputies(deputy_id, year)",
        "CREATE INDEX idx_deputy_constituents_constituent ON deputy_constituents(constituent_id, year)",
        "CREATE INDEX idx_activities_county_date ON activities(county_id, date)",
        "CREATE INDEX idx_activities_station_date ON activities(station_id, date)",
        "CREATE INDEX idx_activity_deputies_deputy ON activity_deputies(deputy_id)",
        "CREATE INDEX idx_activity_members_member ON activity_members(member_id)",
        "CREATE INDEX idx_activity_constituents_constituent ON activity_constituents(constituent_id)",
        "CREATE INDEX idx_suggestions_open_due ON suggestions(state, due_on)",
        "CREATE INDEX idx_suggestions_county_collected ON suggestions(county_id, collected_on)",
        "CREATE INDEX idx_suggestions_department ON suggestions(department_id, state)",
        "CREATE INDEX idx_suggestions_deputy ON suggestions(deputy_id)",
        "CREATE INDEX idx_suggestions_activity ON suggestions(activity_id)",
        "CREATE INDEX idx_suggestion_events_suggestion ON suggestion_events(suggestion_id, id)",
    ]
    for sql in statements:
        db.execute(sql)
    db.conn.executemany(
        "INSERT INTO counties (name, short_name, slug) VALUES (?, ?, ?)", ZIBO_COUNTIES
    )


def m002_audit(db: sqlite_utils.Database) -> None:
    """The audit trail (store/audit.py): audit_log, audit_context and a trigger per data table.
    Idempotent, so two processes upgrading the same file at once do no harm."""
    from shuanglian_cli.store.audit import create_audit_tables, install_triggers

    create_audit_tables(db)
    install_triggers(db)


def m003_stats_index(db: sqlite_utils.Database) -> None:
    """A covering index for period figures: a city's year of suggestions is read from the index
    alone (80 ms) instead of one table lookup per row (600 ms)."""
    db.execute(
        """CREATE INDEX IF NOT EXISTS idx_suggestions_period ON suggestions(collected_on, county_id, handling,
           state, referred_on, due_on, replied_on, closed_on, fed_back_on, satisfaction)"""
    )


def m004_on_time_index(db: sqlite_utils.Database) -> None:
    """The period index also covers `extended` and `round`, which the on-time rule reads
    (domain/lifecycle.py: on_time_sql): without them a city's year is read row by row again."""
    db.execute("DROP INDEX IF EXISTS idx_suggestions_period")
    db.execute(
        """CREATE INDEX idx_suggestions_period ON suggestions(collected_on, county_id, handling, state,
           referred_on, due_on, replied_on, closed_on, fed_back_on, satisfaction, extended, round)"""
    )


MIGRATIONS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = [
    (1, m001_initial),
    (2, m002_audit),
    (3, m003_stats_index),
    (4, m004_on_time_index),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def apply_migrations(db: sqlite_utils.Database) -> list[int]:
    """Apply each pending migration in its own transaction with its user_version bump."""
    applied = []
    for number, migration in MIGRATIONS:
        if number <= db.execute("PRAGMA user_version").fetchone()[0]:
            continue
        db.conn.execute("BEGIN IMMEDIATE")
        # read again under the write lock: another process may have migrated while we waited
        if number <= db.execute("PRAGMA user_version").fetchone()[0]:
            db.conn.execute("ROLLBACK")
            continue
        try:
            migration(db)
            db.conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
        applied.append(number)
    return applied
