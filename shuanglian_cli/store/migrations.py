"""Schema migrations: a list of named steps, applied in order, each in one transaction.

What a file has had:
- `PRAGMA user_version` counts the steps of MIGRATIONS the file has had, so an older `sl` refuses
  a file a newer one has changed. The first three steps (m001..m003) are known by that number alone:
  files made before steps had names are at version 3 at most.
- From the fourth step on, the runner records each step's name in `_migrations`, and that is what
  it trusts. New steps are named for what they do, never numbered, and appended at the end of
  MIGRATIONS: two branches that each add one produce two names, never two "migration 4"s, and a
  file that has a name this code does not know is refused as newer.

A shipped step never changes: its SQL is literal text (migrations 1 and 2 in store/migrations_sql.py),
never built from constants or functions that live code may change. A step that must change a CHECK
constraint or a column rebuilds the table with `rebuild_table` and is marked `rebuild=True`: the
runner then turns foreign keys off around its transaction and runs `PRAGMA foreign_key_check`
before committing. store/db.py takes a copy of the file before any step runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

import sqlite_utils

from shuanglian_cli.errors import UserError

# still imported by store/stats.py until one vocabulary module holds it; migration 1 does not use it
ACTIVITY_KINDS = ("接待日", "议题式接待", "季度双联", "走访", "接听日", "座谈", "述职", "其他")


class Migration(NamedTuple):
    name: str
    apply: Callable[[sqlite_utils.Database], None]
    rebuild: bool = False  # rebuilds a table (rebuild_table): foreign keys off around it


def m001_initial(db: sqlite_utils.Database) -> None:
    """Tables, indexes and the eight Zibo counties."""
    from shuanglian_cli.store.migrations_sql import M001_INITIAL

    for sql in M001_INITIAL:
        db.execute(sql)


def m002_audit(db: sqlite_utils.Database) -> None:
    """The audit trail (store/audit.py): audit_log, audit_context and the triggers of every table
    migration 1 made."""
    from shuanglian_cli.store.migrations_sql import M002_AUDIT

    for sql in M002_AUDIT:
        db.execute(sql)


def m003_stats_index(db: sqlite_utils.Database) -> None:
    """A covering index for period figures: a city's year of suggestions is read from the index
    alone instead of one table lookup per row."""
    db.execute(
        """CREATE INDEX IF NOT EXISTS idx_suggestions_period ON suggestions(collected_on, county_id, handling,
           state, referred_on, due_on, replied_on, closed_on, fed_back_on, satisfaction)"""
    )


def meta_not_audited(db: sqlite_utils.Database) -> None:
    """`meta` is bookkeeping (the calendar's fingerprint), not a record: the trail leaves it out
    (store/audit.py: audited_tables), so the triggers migration 2 gave it go."""
    for sql in (
        'DROP TRIGGER IF EXISTS "audit_meta_insert"',
        'DROP TRIGGER IF EXISTS "audit_meta_update"',
        'DROP TRIGGER IF EXISTS "audit_meta_delete"',
    ):
        db.execute(sql)


def on_time_index(db: sqlite_utils.Database) -> None:
    """The period index also covers `extended` and `round`, which the on-time rule reads
    (domain/lifecycle.py: on_time_sql): without them a city's year is read row by row again."""
    db.execute("DROP INDEX IF EXISTS idx_suggestions_period")
    db.execute(
        """CREATE INDEX idx_suggestions_period ON suggestions(collected_on, county_id, handling, state,
           referred_on, due_on, replied_on, closed_on, fed_back_on, satisfaction, extended, round)"""
    )


def referral_desk(db: sqlite_utils.Database) -> None:
    """The referral desk (issue 14): `suggestions` rebuilt for the state `returned` and the columns
    first_referred_on, reply_class, promise_on; events gain reply_class, promise_on, chase_kind;
    new tables for co-handling bodies and returns; their audit triggers (frozen SQL)."""
    from shuanglian_cli.store.migrations_sql import AFTER_REBUILD, AUDIT_TRIGGERS, SUGGESTIONS_V2

    rebuild_table(db, "suggestions", SUGGESTIONS_V2)
    for sql in (*AFTER_REBUILD, *AUDIT_TRIGGERS):
        db.execute(sql)


def exchange_identity(db: sqlite_utils.Database) -> None:
    """Sites, peers, global ids, the change table and its triggers (store/exchange_schema.py)."""
    from shuanglian_cli.store.migrations_sql import exchange_identity as step

    step(db)


def deputies_unique_with_phone(db: sqlite_utils.Database) -> None:
    """Two deputies with the same name in one county (told apart by phone) can exist."""
    from shuanglian_cli.store.migrations_sql import DEPUTIES_WITH_PHONE

    rebuild_table(db, "deputies", DEPUTIES_WITH_PHONE)


def referral_desk_exchange(db: sqlite_utils.Database) -> None:
    """The referral desk's co-handlers and returns travel in bundles: global ids and change capture."""
    from shuanglian_cli.store.migrations_sql import referral_desk_exchange as step

    step(db)


def terms_of_office(db: sqlite_utils.Database) -> None:
    """Terms of office (届次) of a county's or a town's congress and the seats deputies hold in them.
    Existing deputies get no seat: which congress and term they sit in is not recorded anywhere yet
    (`sl term add --seat-active` seats a roster at once)."""
    from shuanglian_cli.store.migrations_sql import TERMS_AUDIT_TRIGGERS, TERMS_TABLES

    for sql in (*TERMS_TABLES, *TERMS_AUDIT_TRIGGERS):
        db.execute(sql)


def duty_rota(db: sqlite_utils.Database) -> None:
    """Deputies' absences and the duty rota (issue 16 item 1), with their audit triggers (frozen SQL)."""
    from shuanglian_cli.store.migrations_sql import DUTY_ROTA_TABLES, DUTY_ROTA_TRIGGERS

    for sql in (*DUTY_ROTA_TABLES, *DUTY_ROTA_TRIGGERS):
        db.execute(sql)


def referral_slips(db: sqlite_utils.Database) -> None:
    """Numbered referral slips (交办单, issue 15): a slip's number, allocated per county and year when it is
    first written, and the suggestions it carries (one slip per suggestion, round and body); audited."""
    from shuanglian_cli.store.migrations_sql import REFERRAL_SLIPS

    for sql in REFERRAL_SLIPS:
        db.execute(sql)


def search_index(db: sqlite_utils.Database) -> None:
    """The full-text index of suggestions and activities (issue 17): its tables, the triggers that
    mark changed records, and every record marked (frozen SQL in store/migrations_search.py). The
    pairs are made by live code: store/db.open_db fills the index right after migrating."""
    from shuanglian_cli.store.migrations_search import SEARCH_INDEX

    for sql in SEARCH_INDEX:
        db.execute(sql)


MIGRATIONS: list[Migration] = [
    Migration("m001_initial", m001_initial),
    Migration("m002_audit", m002_audit),
    Migration("m003_stats_index", m003_stats_index),
    # from here on: named steps, appended in the order they land on main
    Migration("meta_not_audited", meta_not_audited),
    Migration("on_time_index", on_time_index),
    Migration("referral_desk", referral_desk, rebuild=True),
    Migration("exchange_identity", exchange_identity),
    Migration("deputies_unique_with_phone", deputies_unique_with_phone, rebuild=True),
    Migration("referral_desk_exchange", referral_desk_exchange),
    Migration("terms_of_office", terms_of_office),
    Migration("duty_rota", duty_rota),
    Migration("referral_slips", referral_slips),
    Migration("search_index", search_index),
]
LATEST_VERSION = len(MIGRATIONS)

# the steps a file's user_version alone says it has had (files from before steps had names)
NUMBERED = ("m001_initial", "m002_audit", "m003_stats_index")
APPLIED_TABLE = "_migrations"


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of the steps the file has had, in the order it had them."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    names = list(NUMBERED[: min(version, len(NUMBERED))])
    if version > len(NUMBERED) and db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [APPLIED_TABLE]
    ).fetchone():
        names += [n for (n,) in db.execute(f"SELECT name FROM {APPLIED_TABLE} ORDER BY rowid") if n not in names]
    return names


def pending_migrations(
    db: sqlite_utils.Database, migrations: Sequence[Migration] | None = None
) -> list[Migration]:
    """The steps still to run; a file that has had a step this code does not know is refused."""
    migrations = MIGRATIONS if migrations is None else migrations
    applied = applied_migrations(db)
    known = {m.name for m in migrations}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise UserError(
            f"数据库的结构含有本工具不认识的变更（{'、'.join(unknown)}），由更新版本的 sl 写入；请升级 sl 后再使用"
        )
    return [m for m in migrations if m.name not in applied]


def apply_migrations(
    db: sqlite_utils.Database, migrations: Sequence[Migration] | None = None
) -> list[str]:
    """Run each pending step in its own transaction together with its record; returns their names."""
    done = []
    for step in pending_migrations(db, migrations):
        # PRAGMA foreign_keys is a no-op inside a transaction: a rebuild turns it off before BEGIN
        restore_fk = step.rebuild and db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        if step.rebuild:
            db.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            if _run_step(db, step):
                done.append(step.name)
        finally:
            if restore_fk:
                db.conn.execute("PRAGMA foreign_keys = ON")
    return done


def _run_step(db: sqlite_utils.Database, step: Migration) -> bool:
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        # read again under the write lock: another process may have migrated while we waited
        if step.name in applied_migrations(db):
            conn.execute("ROLLBACK")
            return False
        step.apply(db)
        if step.rebuild:
            _check_foreign_keys(db, step.name)
        _record(db, step.name)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True


def _record(db: sqlite_utils.Database, name: str) -> None:
    applied = applied_migrations(db)
    if name in NUMBERED and applied == list(NUMBERED[: NUMBERED.index(name)]):
        db.execute(f"PRAGMA user_version = {NUMBERED.index(name) + 1}")
        return
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {APPLIED_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    # the numbered steps the file had are listed too (applied_at unknown), so the table is its whole history
    db.conn.executemany(f"INSERT OR IGNORE INTO {APPLIED_TABLE} (name) VALUES (?)", [(n,) for n in applied])
    db.execute(  # OR REPLACE: a file whose user_version was set back by hand may list the step already
        f"INSERT OR REPLACE INTO {APPLIED_TABLE} (name, applied_at) "
        "VALUES (?, strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'))",
        [name],
    )
    count = db.execute(f"SELECT count(*) FROM {APPLIED_TABLE}").fetchone()[0]
    db.execute(f"PRAGMA user_version = {count}")


def _check_foreign_keys(db: sqlite_utils.Database, name: str) -> None:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    if rows:
        raise UserError(
            f"数据库结构升级（{name}）后外键检查未通过，已撤销，数据库未改动",
            [f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在" for table, rowid, parent, _ in rows[:20]],
        )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rebuild_table(db: sqlite_utils.Database, table: str, create_sql: str) -> None:
    """Give `table` the definition `create_sql` (its CREATE TABLE, literal text, e.g. with a wider
    CHECK), keeping its rows, indexes and triggers: SQLite's way, as ALTER TABLE cannot change a
    constraint. Only inside a step marked rebuild=True (foreign keys are off, so dropping the old
    table neither cascades nor fails; the runner checks the keys before committing).

    Create the new table under a scratch name, copy the columns both have (a new column takes its
    default), drop the old one (its indexes and triggers go with it), rename the new one, and create
    the old indexes and triggers again from their stored SQL. The rename runs with
    legacy_alter_table on, so SQLite neither rewrites other tables' references nor re-checks
    triggers and views that name the table while it is briefly missing. A step that changes columns
    also replaces the table's audit triggers (frozen SQL) after calling this."""
    conn = db.conn
    if not conn.in_transaction or conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("rebuild_table() runs only inside a migration marked rebuild=True")
    scratch = f"_rebuild_{table}"
    pattern = r"^\s*CREATE\s+TABLE\s+(?:" + re.escape(_q(table)) + "|" + re.escape(table) + r")(?=[\s(])"
    new_sql, found = re.subn(pattern, f"CREATE TABLE {_q(scratch)}", create_sql, count=1, flags=re.IGNORECASE)
    if not found:
        raise ValueError(f"rebuild_table(): create_sql does not create {table}")
    dependents = conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
        "ORDER BY rowid", [table]).fetchall()
    old_columns = [r[1] for r in conn.execute(f"PRAGMA table_info({_q(table)})")]
    conn.execute(new_sql)
    new_columns = {r[1] for r in conn.execute(f"PRAGMA table_info({_q(scratch)})")}
    columns = ", ".join(_q(c) for c in old_columns if c in new_columns)
    conn.execute(f"INSERT INTO {_q(scratch)} ({columns}) SELECT {columns} FROM {_q(table)}")
    conn.execute(f"DROP TABLE {_q(table)}")
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute(f"ALTER TABLE {_q(scratch)} RENAME TO {_q(table)}")
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
    for (sql,) in dependents:
        conn.execute(sql)
