"""The audit trail: who changed which record, when, with which command, before and after.

Triggers on every data table write a row to `audit_log` in the same transaction as the change,
so no command can forget it. The operator and command come from the one-row `audit_context`
table that `store/db.py: transaction()` fills at BEGIN. `audit_log` refuses UPDATE and DELETE
(the only exception: `sl constituent forget` and `remove` scrubbing a person's data, see
store/privacy.py). Constituents' phone numbers and addresses enter the trail already masked
(MASKED_COLUMNS), so it shows that they changed without keeping a second copy of them.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import sqlite_utils

from shuanglian_cli.store.triggers import triggers_dropped

# columns not worth keeping in the trail: derived from the name, rebuilt on every write
SKIPPED_COLUMNS = {"pinyin", "initials"}
# bookkeeping, not records: the trail itself, `meta` (the calendar's fingerprint) and the migrations'
# record; any table whose name starts with "_" is bookkeeping too (store/migrations.py: _migrations)
NOT_AUDITED = {"audit_log", "audit_context", "meta"}
# shadow tables SQLite keeps for a virtual table V, named V_<suffix> (FTS5, FTS3/4, R*Tree)
SHADOW_SUFFIXES = ("data", "idx", "content", "docsize", "config", "segments", "segdir", "stat",
                   "node", "parent", "rowid")

# child table -> (column naming the parent, parent table): `sl audit --record suggestion:5`
# also shows the suggestion's events, `--record activity:7` its participants and suggestions
PARENTS = {
    "suggestion_events": ("suggestion_id", "suggestions"),
    "suggestion_co_handlers": ("suggestion_id", "suggestions"),
    "suggestion_returns": ("suggestion_id", "suggestions"),
    "activity_deputies": ("activity_id", "activities"),
    "activity_members": ("activity_id", "activities"),
    "activity_constituents": ("activity_id", "activities"),
    "suggestions": ("activity_id", "activities"),
    "member_deputies": ("member_id", "members"),
    "deputy_constituents": ("deputy_id", "deputies"),
    "referral_slip_items": ("suggestion_id", "suggestions"),
}

# children with an integer id, which bulk imports add (found through a bulk entry's id range)
BULK_CHILDREN = {"suggestion_events", "suggestions"}

# what a clerk may type before the colon in --record
RECORD_KINDS = {
    "county": "counties", "town": "towns", "station": "stations", "deputy": "deputies",
    "member": "members", "constituent": "constituents", "department": "departments",
    "activity": "activities", "suggestion": "suggestions", "event": "suggestion_events",
    "rota": "duty_rota", "absence": "deputy_absences", "term": "terms", "seat": "seats", "slip": "referral_slips",
}

# tables whose frozen triggers record no parent (issues 15, 16): `--record KIND:N` of the record they
# name in a column finds them through the row's own json (the triggers stay as they shipped)
NAMED_IN = {
    "duty_rota": (("deputy_id", "deputies"), ("station_id", "stations")),
    "deputy_absences": (("deputy_id", "deputies"),),
    "seats": (("deputy_id", "deputies"), ("term_id", "terms")),
    "referral_slip_items": (("slip_id", "referral_slips"),),
}

ACTION_LABELS = {
    "insert": "新增", "update": "修改", "delete": "删除", "reveal": "显示明文",
    "forget": "删除个人信息", "restore": "恢复备份", "backup": "备份", "bulk_insert": "批量导入",
    "conflict": "交换冲突",
}

# personal data of constituents: masked by the triggers, scrubbed by `forget` and `remove`
PERSONAL_FIELDS = {"constituents": ("phone", "address"), "suggestions": ()}


def _stars(count: str) -> str:
    return f"replace(hex(zeroblob({count})), '00', '*')"  # `count` asterisks, none for 0


def _mask_phone_sql(v: str) -> str:
    """domain/text.py mask_phone in SQL: 139****1234 (first 3, last 4); short numbers keep their first digit."""
    return (f"CASE WHEN length({v}) = 11 THEN substr({v}, 1, 3) || '****' || substr({v}, -4) "  # the usual case
            f"WHEN {v} IS NULL OR {v} = '' THEN {v} "
            f"WHEN length({v}) >= 8 THEN substr({v}, 1, 3) || {_stars(f'length({v}) - 7')} || substr({v}, -4) "
            f"ELSE substr({v}, 1, 1) || {_stars(f'length({v}) - 1')} END")


def _mask_address_sql(v: str) -> str:
    """domain/text.py mask_address in SQL: the first 6 characters (at most half) and ****."""
    return f"CASE WHEN {v} IS NULL OR {v} = '' THEN {v} ELSE substr({v}, 1, min(6, max(1, length({v}) / 2))) || '****' END"


# table -> column -> SQL masking the column's value (given as an SQL expression) in the trail
MASKED_COLUMNS = {"constituents": {"phone": _mask_phone_sql, "address": _mask_address_sql}}


def audited_tables(db: sqlite_utils.Database) -> list[str]:
    """The data tables, which the trail covers: every table but SQLite's own, virtual tables
    (SQLite refuses triggers on them) and their shadow tables, and bookkeeping tables."""
    tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = {name for name, sql in tables if re.match(r"\s*CREATE\s+VIRTUAL\b", sql or "", re.IGNORECASE)}
    shadows = {f"{v}_{suffix}" for v in virtual for suffix in SHADOW_SUFFIXES}
    return [
        name for name, _ in tables
        if not name.startswith(("sqlite_", "_")) and name not in NOT_AUDITED
        and name not in virtual and name not in shadows
    ]


class AuditedColumns(NamedTuple):
    columns: list[str]  # the audited ones
    key: list[str]  # primary-key columns in key order


def _columns(db: sqlite_utils.Database, table: str) -> AuditedColumns:
    info = db.execute(f"PRAGMA table_info([{table}])").fetchall()
    cols = [row[1] for row in info if row[1] not in SKIPPED_COLUMNS]
    pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0]
    return AuditedColumns(cols, pk)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def trigger_sql(db: sqlite_utils.Database, table: str) -> list[str]:
    """CREATE TRIGGER statements (insert, update, delete) for one table, from its columns now."""
    cols, pk = _columns(db, table)
    pk = pk or ["rowid"]

    masked = MASKED_COLUMNS.get(table, {})

    def value(ref: str, column: str) -> str:
        plain = f"{ref}.{_q(column)}"
        return masked[column](plain) if column in masked else plain

    def row_json(ref: str) -> str:
        return "json_object(" + ", ".join(f"{_lit(c)}, {value(ref, c)}" for c in cols) + ")"

    def record_id(ref: str) -> str:
        return " || '/' || ".join(f"{ref}.{_q(c)}" for c in pk)

    def parent(ref: str) -> str:
        if table not in PARENTS:
            return "NULL"
        column, parent_table = PARENTS[table]
        return f"CASE WHEN {ref}.{_q(column)} IS NULL THEN NULL ELSE {_lit(parent_table + ':')} || {ref}.{_q(column)} END"

    context = (
        "(SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1)"
    )
    insert = "INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after)"
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in cols) or "0"
    name = f"audit_{table}"
    return [
        f"""CREATE TRIGGER {_q(name + '_insert')} AFTER INSERT ON {_q(table)} BEGIN
            {insert} VALUES ({context}, {_lit(table)}, {record_id('NEW')}, {parent('NEW')}, 'insert',
                NULL, {row_json('NEW')});
        END""",
        f"""CREATE TRIGGER {_q(name + '_update')} AFTER UPDATE ON {_q(table)} WHEN {changed} BEGIN
            {insert} VALUES ({context}, {_lit(table)}, {record_id('NEW')}, {parent('NEW')}, 'update',
                {row_json('OLD')}, {row_json('NEW')});
        END""",
        f"""CREATE TRIGGER {_q(name + '_delete')} AFTER DELETE ON {_q(table)} BEGIN
            {insert} VALUES ({context}, {_lit(table)}, {record_id('OLD')}, {parent('OLD')}, 'delete',
                {row_json('OLD')}, NULL);
        END""",
    ]


def install_triggers(db: sqlite_utils.Database, tables: list[str] | None = None) -> list[str]:
    """(Re)create the audit triggers of every data table from its current columns.

    A later migration that adds a table or a column calls this at its end so the trail keeps
    covering every column. Returns the tables covered.
    """
    tables = audited_tables(db) if tables is None else tables
    for table in tables:
        for action in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER IF EXISTS {_q(f'audit_{table}_{action}')}")
        for sql in trigger_sql(db, table):
            db.execute(sql)
    return tables


def drop_triggers(db: sqlite_utils.Database) -> None:
    """Only for benchmarks measuring the trail's overhead."""
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' ESCAPE '\\' "
        "AND name NOT IN ('audit_log_no_update', 'audit_log_no_delete', 'audit_context_keep')"
    ).fetchall():
        db.execute(f"DROP TRIGGER {_q(name)}")


def missing_triggers(db: sqlite_utils.Database) -> list[str]:
    """Tables (or table.column) the trail does not cover: for `sl check`."""
    if "audit_log" not in db.table_names():
        return ["audit_log（审计表不存在）"]
    triggers = {
        name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    problems = []
    for table in audited_tables(db):
        for action in ("insert", "update", "delete"):
            sql = triggers.get(f"audit_{table}_{action}")
            if sql is None:
                problems.append(f"{table}（缺少 {action} 触发器）")
                continue
            if action == "update":
                cols, _ = _columns(db, table)
                problems += [f"{table}.{c}" for c in cols if f"{_lit(c)}, " not in sql]
    return problems


# -- writing entries that are not row changes ------------------------------------------------

def _context(db: sqlite_utils.Database, command: str | None) -> tuple[str | None, str | None]:
    from shuanglian_cli.store.connection import actor_of

    actor = actor_of(db)
    return actor.operator, command or actor.command


def log_event(
    db: sqlite_utils.Database,
    action: str,
    table: str,
    record_id: Any = None,
    details: dict | None = None,
    command: str | None = None,
) -> None:
    from shuanglian_cli.store.connection import transaction

    operator, cmd = _context(db, command)
    with transaction(db):
        db.execute(
            "INSERT INTO audit_log (operator, command, table_name, record_id, action, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [operator, cmd, table, _record_value(record_id), action,
             json.dumps(details or {}, ensure_ascii=False)],
        )


@contextlib.contextmanager
def bulk_inserts(db: sqlite_utils.Database, tables: Sequence[str], note: str = "") -> Iterator[None]:
    """Inside an import's write transaction: the rows added to `tables` are logged as one
    'bulk_insert' entry per table (ids record_id .. record_last, after = {"count", "source": note})
    instead of one entry each; the rows themselves are the inserted state. Updates and deletes stay
    audited row by row with their before. `tables` need an integer id.

    The tables' insert triggers are dropped for the block and put back, the same SQL, at its end:
    a trigger costs time on every row even when a WHEN clause makes it skip (SQLite sets up the trigger
    program for every row). It is DDL inside the transaction: a rollback or a crash restores them,
    and no other connection ever sees the file without them. The write lock keeps the new ids above
    the max(id) noted here; an insert below it (an explicit old id) would not be covered, so it
    is refused."""
    from shuanglian_cli.store.search_index import bulk_marked

    conn = db.conn
    if not conn.in_transaction:
        raise RuntimeError("bulk_inserts() must run inside transaction()")
    with bulk_marked(conn, tables):  # the full-text index's marks, likewise once per table
        yield from _bulk_audited(conn, tables, note)


def _bulk_audited(conn, tables: Sequence[str], note: str) -> Iterator[None]:
    for table in tables:
        info = conn.execute(f"PRAGMA table_info({_q(table)})").fetchall()
        if [r[1] for r in info if r[5]] != ["id"]:
            raise ValueError(f"bulk_inserts(): {table} has no integer id")
    triggers = dict(conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
        f"({', '.join('?' for _ in tables)})", [f"audit_{t}_insert" for t in tables]).fetchall())
    tables = [t for t in tables if f"audit_{t}_insert" in triggers]  # none: a database without the trail
    starts = {t: conn.execute(f"SELECT coalesce(max(id), 0), count(*) FROM {_q(t)}").fetchone() for t in tables}
    mark = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    with triggers_dropped(conn, triggers):
        yield
        for table, (start, rows_before) in starts.items():
            first, last, count = conn.execute(
                f"SELECT min(id), max(id), count(*) FROM {_q(table)} WHERE id > ?", [start]).fetchone()
            deleted = conn.execute(  # rows of before the block deleted in it (logged by the delete trigger)
                "SELECT count(*) FROM audit_log WHERE id > ? AND table_name = ? AND action = 'delete' "
                "AND record_id <= ?", [mark, table, start]).fetchone()[0]
            below = conn.execute(f"SELECT count(*) FROM {_q(table)} WHERE id <= ?", [start]).fetchone()[0]
            if below != rows_before - deleted:
                raise RuntimeError(f"bulk_inserts(): a row was added to {table} below id {start}")
            if count:
                conn.execute(
                    "INSERT INTO audit_log (operator, command, table_name, record_id, record_last, action, after) "
                    "SELECT operator, command, ?, ?, ?, 'bulk_insert', ? FROM audit_context WHERE id = 1",
                    [table, first, last, json.dumps({"count": count, "source": note}, ensure_ascii=False)],
                )


def _record_value(record_id: Any) -> Any:
    if record_id is None or isinstance(record_id, int):
        return record_id
    text = str(record_id)
    return int(text) if text.isdigit() else text


def log_reveal(
    db: sqlite_utils.Database,
    what: str,
    command: str | None = None,
    rows: int | None = None,
    table: str = "constituents",
    record_id: Any = None,
) -> None:
    """Write one audit entry for a `--reveal`: call it in any command that shows or exports
    constituents' phone numbers or addresses unmasked. `what` says what was shown (e.g.
    "群众名单 沂源县" or "导出 季度表 2026Q3"), never the personal data itself."""
    details: dict[str, Any] = {"what": what}
    if rows is not None:
        details["rows"] = rows
    log_event(db, "reveal", table, record_id, details, command)


# -- reading -----------------------------------------------------------------------------------

class RecordRef(NamedTuple):
    table: str
    id: str


def parse_record(text: str) -> RecordRef:
    """'suggestion:123' -> ('suggestions', '123'); table names are accepted too."""
    from shuanglian_cli.domain.text import to_halfwidth
    from shuanglian_cli.errors import UserError

    kind, sep, ident = to_halfwidth(text).strip().partition(":")
    kind = kind.strip().lower()
    table = RECORD_KINDS.get(kind) or (kind if kind in RECORD_KINDS.values() else None)
    if not sep or not ident.strip() or table is None:
        raise UserError(
            f"--record “{text}”无法识别，请写成 种类:编号，例如 suggestion:123",
            ["可用种类：" + "、".join(RECORD_KINDS)],
        )
    return RecordRef(table, ident.strip())


def query(
    db: sqlite_utils.Database,
    record: tuple[str, str] | None = None,
    since: str | None = None,
    operator: str | None = None,
    limit: int | None = None,
) -> tuple[list[dict], int]:
    """Entries matching the filters, oldest first (the last `limit` of them), and the total."""
    where, args = [], []
    if record:
        table, ident = record
        terms = ["(table_name = ? AND record_id = ?)", "parent = ?"]
        args += [table, _record_value(ident), f"{table}:{ident}"]
        if ident.isascii() and ident.isdigit():  # a bulk import covering the record, or children it added to the record
            terms.append("(action = 'bulk_insert' AND table_name = ? AND record_last >= ? AND record_id <= ?)")
            args += [table, int(ident), int(ident)]
            for child, named in NAMED_IN.items():
                for column, parent_table in named:
                    if parent_table == table:
                        terms.append(f"(table_name = ? AND json_extract(coalesce(after, before), '$.{column}') = ?)")
                        args += [child, int(ident)]
            for child, (column, parent_table) in PARENTS.items():
                if parent_table == table and child in BULK_CHILDREN:
                    terms.append(
                        f"(action = 'bulk_insert' AND table_name = ? AND EXISTS (SELECT 1 FROM {_q(child)} AS c "
                        f"WHERE c.{_q(column)} = ? AND c.id BETWEEN audit_log.record_id AND audit_log.record_last))")
                    args += [child, int(ident)]
        where.append("(" + " OR ".join(terms) + ")")
    if since:
        where.append("at >= ?")
        args.append(since)
    if operator:
        where.append("operator = ?")
        args.append(operator)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM audit_log{sql_where}", args).fetchone()[0]
    tail = ""
    if limit:
        tail = " LIMIT ?"
        args = [*args, limit]
    rows = list(db.query(f"SELECT * FROM audit_log{sql_where} ORDER BY id DESC{tail}", args))
    rows.reverse()
    for row in rows:
        for key in ("before", "after"):
            row[key] = json.loads(row[key]) if row[key] else None
    return rows, total


def mask_entry(row: dict) -> dict:
    """A copy of an audit entry with constituents' phone numbers and addresses masked (the triggers
    store them masked already; this covers entries written before they did)."""
    from shuanglian_cli.domain.text import mask_address, mask_phone

    fields = PERSONAL_FIELDS.get(row["table_name"])
    if not fields:
        return row
    out = dict(row)
    for key in ("before", "after"):
        data = row.get(key)
        if isinstance(data, dict):
            data = dict(data)
            for field, mask in (("phone", mask_phone), ("address", mask_address)):
                if data.get(field) and "****" not in str(data[field]):
                    data[field] = mask(str(data[field]))
            out[key] = data
    return out


def describe_change(row: dict, width: int = 60, names: dict | None = None) -> str:
    """One line saying what changed: '状态: referred → replied；答复: …'; with `names` ((table, id) ->
    name, see readable_entries) ids are said as names: 县区=沂源县."""
    before, after = row.get("before"), row.get("after")
    _field = _label if names is not None else str  # noqa: N806 - plain keys unless asked for a clerk's words
    table = row.get("table_name") or ""
    if row["action"] == "update" and isinstance(before, dict) and isinstance(after, dict):
        parts = [
            f"{_field(k)}: {_short(_named(k, before.get(k), names, table))} → "
            f"{_short(_named(k, after.get(k), names, table))}"
            for k in after if before.get(k) != after.get(k)
        ]
        if not parts and row["table_name"] in MASKED_COLUMNS:  # only the masked middle of a value changed
            return "、".join(_field(c) for c in MASKED_COLUMNS[row["table_name"]]) + " 之一有改动（已脱敏）"
        return "；".join(parts)
    if row["action"] == "bulk_insert" and isinstance(after, dict):
        source = f"（{after['source']}）" if after.get("source") else ""
        return f"批量导入 {after.get('count', '')} 条{source}"
    data = after if after is not None else before
    if not isinstance(data, dict):
        return ""
    shown = {k: v for k, v in data.items() if v not in (None, "", 0) and k not in ("id", "created_at")}
    text = "，".join(f"{_field(k)}={_short(_named(k, v, names, table))}" for k, v in shown.items())
    return text if len(text) <= width * 2 else text[: width * 2] + "…"


def _short(value: Any, limit: int = 40) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


# -- said so a clerk can read it: 意见建议 #12，县区=沂源县 instead of suggestions:12, county_id=8 ----------

TABLE_LABELS = {
    "counties": "县区", "towns": "镇街", "stations": "联络站(点)", "deputies": "代表", "members": "组成人员",
    "constituents": "群众", "departments": "承办单位", "activities": "联系活动", "suggestions": "意见建议",
    "suggestion_events": "办理步骤", "activity_deputies": "活动参加代表", "activity_members": "活动参加组成人员",
    "activity_constituents": "活动接待群众", "member_deputies": "组成人员联系代表",
    "deputy_constituents": "代表联系群众", "meta": "设置", "audit_log": "审计记录",
    "suggestion_co_handlers": "协办单位", "suggestion_returns": "退办记录",
}

# id columns and the table whose row's name they stand for
NAMED_BY = {
    "county_id": "counties", "town_id": "towns", "station_id": "stations", "parent_id": "stations",
    "deputy_id": "deputies", "member_id": "members", "constituent_id": "constituents",
    "department_id": "departments",
}

FIELD_LABELS = {
    "county_id": "县区", "town_id": "镇街", "station_id": "联络站", "parent_id": "上级站", "deputy_id": "代表",
    "member_id": "组成人员", "constituent_id": "群众", "department_id": "承办单位", "activity_id": "活动",
    "suggestion_id": "意见建议", "name": "名称", "sex": "性别", "phone": "电话", "address": "住址",
    "work_unit": "工作单位", "levels": "层级", "active": "在册", "kind": "类型", "date": "日期", "topic": "议题",
    "summary": "摘要", "content": "内容", "category": "类别", "state": "状态", "handling": "办理方式",
    "answer": "现场解答", "referred_on": "交办日期", "limit_workdays": "时限", "due_on": "到期日",
    "due_confirmed": "到期日已确认", "round": "轮次", "extended": "延期", "chases": "督办", "replied_on": "答复日",
    "reply": "答复", "fed_back_on": "反馈日", "satisfaction": "满意度", "closed_on": "办结日", "note": "说明",
    "on_date": "日期", "actor": "经办", "collected_on": "登记日期", "raiser_name": "提出人", "year": "年度",
    "schedule": "接待日", "group_name": "活动小组", "extra_constituents": "名册外群众", "short_name": "简称",
    "contact": "联系人", "post": "职务", "what": "内容", "rows": "行数", "count": "条数", "source": "来源",
    "key": "项", "value": "值",
}


def readable_entries(db: sqlite_utils.Database, rows: list[dict]) -> list[dict]:
    """The entries as `sl audit` shows them: the record as 意见建议 #12, ids in the change as names."""
    wanted: dict[str, set] = {}
    for row in rows:
        for data in (row.get("before"), row.get("after")):
            if isinstance(data, dict):
                for key, value in data.items():
                    if key in NAMED_BY and isinstance(value, int):
                        wanted.setdefault(NAMED_BY[key], set()).add(value)
    names: dict[tuple[str, int], str] = {}
    for table, ids in wanted.items():
        if not db[table].exists():
            continue
        ids_list = sorted(ids)
        for start in range(0, len(ids_list), 500):
            chunk = ids_list[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for ident, name in db.execute(f"SELECT id, name FROM {_q(table)} WHERE id IN ({marks})", chunk):
                names[(table, ident)] = name
    return [
        {
            "id": r["id"], "at": r["at"], "operator": r["operator"] or "", "command": r["command"] or "",
            "record": record_label(r), "action": ACTION_LABELS.get(r["action"], r["action"]),
            "change": describe_change(r, names=names),
        }
        for r in rows
    ]


def record_label(row: dict) -> str:
    label = TABLE_LABELS.get(row["table_name"], row["table_name"])
    if not row["record_id"]:
        return label
    if row.get("record_last") is not None:  # a bulk import's id range
        return f"{label} #{row['record_id']}–{row['record_last']}"
    return f"{label} #{row['record_id']}"


def _label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def _named(key: str, value: Any, names: dict | None, table: str = "") -> Any:
    if names is None:
        return value
    if key in NAMED_BY and isinstance(value, int):
        name = names.get((NAMED_BY[key], value))
        return f"{name}" if name is not None else f"#{value}"
    if key in ("suggestion_id", "activity_id") and isinstance(value, int):
        return f"#{value}"
    if key == "state" and table == "suggestions" or key == "kind" and table == "suggestion_events":
        from shuanglian_cli.domain.lifecycle import EVENT_LABELS, STATE_LABELS

        return (STATE_LABELS if key == "state" else EVENT_LABELS).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value
