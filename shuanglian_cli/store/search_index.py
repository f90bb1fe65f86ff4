"""The full-text index of suggestions and activities (issue 17), kept in step with the tables.

What is indexed (one document per record; fields joined by a line break, so no term spans two):
- a suggestion: its content, on-the-spot answer, the body's reply, the clerk's note, the notes of the
  events that carry people's words (reply, follow-up, feedback, extension, chase: earlier rounds'
  replies, why a delay, what the person said back), co-handlers' opinions and the reasons of
  returns. Boilerplate event notes (登记, 办结, 交办，限 7 个工作日) are left out: every suggestion
  would match them.
- an activity: its topic and summary.

The tables (names start with "_": bookkeeping, left out of the audit trail, bundles and `sl publish`):
- `_search_suggestions`, `_search_activities`: contentless FTS5 tables (unicode61, no diacritics
  folding) over the derived column of character pairs (domain/search_text.py), rowid = record id;
- `_search_suggestion_text`, `_search_activity_text`: the folded text of each document, which the
  index needs to remove a document's old tokens (a contentless table cannot) and which checks
  the terms the index alone cannot decide, in SQL;
- `_search_dirty`: the documents to refresh. SQL-only triggers on the base tables (`search_*`) add
  to it, so every write path - `sl record`, imports, bundle apply, `constituent forget`, the demo,
  another SQLite client - marks what it changed; `flush` (called by store/connection.transaction
  before every COMMIT) recomputes those documents in Python in the same transaction. A search
  flushes first too, for writes made outside `transaction()`.

A contentless FTS5 table forgets a document only when given the very tokens it was indexed with, which
`index_tokens` recomputes from the kept text: a change to how domain/search_text.py makes tokens
therefore needs a new migration step that empties the index and marks every record (as `rebuild`
does), never a silent change.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from shuanglian_cli.domain.search_text import Term, fold, fts_query, index_tokens
from shuanglian_cli.store.triggers import triggers_dropped


class Corpus(NamedTuple):
    kind: str  # in _search_dirty
    fts: str
    text: str
    base: str  # alias s (suggestions) or a (activities)
    fields_sql: str  # id and the fields of each document, for the rows {where} picks


SUGGESTION_EVENT_KINDS = ("reply", "follow_up", "feedback", "extend", "chase")

SUGGESTIONS = Corpus(
    "s", "_search_suggestions", "_search_suggestion_text", "suggestions",
    "SELECT s.id, s.content, s.answer, s.reply, s.note, "
    "(SELECT group_concat(e.note, char(10)) FROM suggestion_events e WHERE e.suggestion_id = s.id AND e.note <> '' "
    f"AND e.kind IN ({', '.join(repr(k) for k in SUGGESTION_EVENT_KINDS)})), "
    "(SELECT group_concat(c.opinion, char(10)) FROM suggestion_co_handlers c WHERE c.suggestion_id = s.id), "
    "(SELECT group_concat(r.reason, char(10)) FROM suggestion_returns r WHERE r.suggestion_id = s.id) "
    "FROM main.suggestions s WHERE {where}",
)
ACTIVITIES = Corpus(
    "a", "_search_activities", "_search_activity_text", "activities",
    "SELECT a.id, a.topic, a.summary FROM main.activities a WHERE {where}",
)
CORPORA = {"suggestions": SUGGESTIONS, "activities": ACTIVITIES}


def document(fields: Sequence[str | None]) -> str:
    """The folded text of a document: its non-empty fields, each once, one per line."""
    seen: dict[str, None] = {}  # in order, each once
    for field in fields:
        if field:
            for line in fold(field).split("\n"):
                if line := line.strip():
                    seen[line] = None
    return "\n".join(seen)


def has_index(conn: sqlite3.Connection) -> bool:
    """False for a file from before the index, or a published copy (which leaves it out)."""
    return conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_search_dirty', '_search_suggestions', "
        "'_search_activities', '_search_suggestion_text', '_search_activity_text')").fetchone()[0] == 5


def pending(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM _search_dirty)").fetchone()[0] == 1
    except sqlite3.OperationalError as exc:  # a file from before the index (or during its migration)
        if "no such table" not in str(exc):
            raise
        return False


def flush(conn: sqlite3.Connection) -> int:
    """Bring the documents marked dirty up to date; inside the caller's write transaction. Returns how many."""
    if not pending(conn):
        return 0
    done = 0
    for corpus in CORPORA.values():
        done += _refresh(conn, corpus)
    conn.execute("DELETE FROM _search_dirty")
    return done


def _refresh(conn: sqlite3.Connection, corpus: Corpus) -> int:
    dirty = f"SELECT id FROM _search_dirty WHERE kind = '{corpus.kind}'"
    old = conn.execute(f"SELECT id, text FROM {corpus.text} WHERE id IN ({dirty})").fetchall()
    conn.executemany(f"INSERT INTO {corpus.fts} ({corpus.fts}, rowid, tokens) VALUES ('delete', ?, ?)",
                     [(i, index_tokens(text)) for i, text in old])
    conn.execute(f"DELETE FROM {corpus.text} WHERE id IN ({dirty})")
    where = f"{corpus.base[0]}.id IN ({dirty})"
    docs = [(row[0], document(row[1:])) for row in conn.execute(corpus.fields_sql.format(where=where))]
    docs = [(i, text) for i, text in docs if text]
    conn.executemany(f"INSERT INTO {corpus.text} (id, text) VALUES (?, ?)", docs)
    conn.executemany(f"INSERT INTO {corpus.fts} (rowid, tokens) VALUES (?, ?)",
                     [(i, index_tokens(text)) for i, text in docs])
    return len(docs)


# a marking insert trigger of the step search_index: AFTER INSERT ON t [WHEN cond] BEGIN mark (kind, NEW.col) END
_INSERT_MARK = re.compile(
    r"AFTER INSERT ON (\w+)\s+(?:WHEN (.*?)\s+)?BEGIN\s+INSERT OR IGNORE INTO _search_dirty \(kind, id\) "
    r"VALUES \(('\w'), NEW\.(\w+)\);\s*END$", re.S)


@contextmanager
def bulk_marked(conn: sqlite3.Connection, tables: Sequence[str]) -> Iterator[None]:
    """Inside a write transaction, for a bulk insert (an import, a bundle): the marking insert triggers of
    `tables` are dropped for the block, and the rows added in it are marked at its end in one statement
    per trigger, read from the trigger's own SQL (its WHEN over the table aliased NEW), so the two cannot
    disagree. A trigger costs time on every row even when its WHEN skips it (audit.bulk_inserts says
    why); at a city's scale these cost more than the indexing itself. Dropping is DDL in the
    transaction: a rollback restores them."""
    if not tables:
        yield
        return
    found = conn.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\' "
        f"AND tbl_name IN ({', '.join('?' for _ in tables)})", list(tables)).fetchall()
    marks = [(name, table, sql, m) for name, table, sql in found if (m := _INSERT_MARK.search(sql))]
    starts = {table: conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
              for table in {t for _, t, _, _ in marks}}
    with triggers_dropped(conn, {name: sql for name, _, sql, _ in marks}):
        yield
        for _, table, _, m in marks:
            kind, column, when = m.group(3), m.group(4), m.group(2)
            conn.execute(f'INSERT OR IGNORE INTO _search_dirty (kind, id) SELECT {kind}, "NEW"."{column}" '
                         f'FROM "{table}" AS "NEW" WHERE "NEW".id > ?' + (f" AND ({when})" if when else ""),
                         [starts[table]])


def stale_documents(conn: sqlite3.Connection) -> int:
    """How many records the index holds other than their fields make them now (a missed change, an index
    from an older sl): records not yet indexed because they wait in _search_dirty do not count. One pass
    over each corpus, as `sl check` reads the whole file anyway."""
    waiting = {(k, i) for k, i in conn.execute("SELECT kind, id FROM _search_dirty")}
    wrong = 0
    for corpus in CORPORA.values():
        stored = dict(conn.execute(f"SELECT id, text FROM {corpus.text}"))
        for row in conn.execute(corpus.fields_sql.format(where="1")):
            text = document(row[1:])
            if stored.pop(row[0], "") != text and (corpus.kind, row[0]) not in waiting:
                wrong += 1
        wrong += sum((corpus.kind, i) not in waiting for i in stored)  # indexed, but the record is gone
    return wrong


def flush_now(conn: sqlite3.Connection) -> None:
    """Bring the index up to date in a transaction of its own (a search after writes made outside
    `transaction()`, by another SQLite client say)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        flush(conn)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def rebuild(conn: sqlite3.Connection) -> int:
    """Index every record again (a repair; a changed tokenizer), inside the caller's transaction."""
    for corpus in CORPORA.values():
        conn.execute(f"INSERT INTO {corpus.fts} ({corpus.fts}) VALUES ('delete-all')")
        conn.execute(f"DELETE FROM {corpus.text}")
    conn.execute("DELETE FROM _search_dirty")
    conn.execute("INSERT INTO _search_dirty (kind, id) SELECT 's', id FROM suggestions")
    conn.execute("INSERT INTO _search_dirty (kind, id) SELECT 'a', id FROM activities")
    return flush(conn)


class Filters(NamedTuple):
    """SQL narrowing the base table (alias s or a) and its parameters; '' for none."""
    sql: str = ""
    params: Sequence = ()


def matching_ids(
    conn: sqlite3.Connection, corpus: str, terms: list[Term], filters: Filters = Filters(), limit: int | None = 20,
) -> list[tuple[int, float]]:
    """(id, score) of the records whose text holds every term as a substring (folded), best first.

    The score is FTS5's bm25 (lower is better; 0.0 when no term has an indexed character and the text
    is scanned). Exactly the records a plain substring scan of the folded texts finds: the FTS5 query
    is exact for terms of indexed characters, and any other term is checked with instr() in SQL, so
    ordering and limit stay in SQL even for a frequent single character."""
    c = CORPORA[corpus]
    alias = c.base[0]
    checks = [t.text for t in terms if t.needs_check]
    check_sql = "".join(" AND instr(d.text, ?) > 0" for _ in checks)
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    match = fts_query(terms)
    if match:
        join_text = f" JOIN {c.text} d ON d.id = f.rowid" if checks else ""
        if filters.sql:  # only then: a lookup per candidate
            join_text += f" JOIN {c.base} {alias} ON {alias}.id = f.rowid"
        sql = (f"SELECT f.rowid, f.rank FROM {c.fts} f{join_text} "
               f"WHERE {c.fts} MATCH ?{check_sql}{filters.sql} ORDER BY f.rank, f.rowid DESC{tail}")
        params = [match, *checks, *filters.params]
    else:  # no indexed character in any term (“，” or “№”): a scan of the folded texts
        sql = (f"SELECT d.id, 0.0 FROM {c.text} d JOIN {c.base} {alias} ON {alias}.id = d.id "
               f"WHERE 1{check_sql}{filters.sql} ORDER BY d.id DESC{tail}")
        params = [*checks, *filters.params]
    return [(i, score) for i, score in conn.execute(sql, params)]


def scanned_ids(
    conn: sqlite3.Connection, corpus: str, terms: list[Term], filters: Filters = Filters(), limit: int | None = 20,
) -> list[tuple[int, float]]:
    """The same answer as `matching_ids` without the index (a published copy leaves it out; a read-only
    file with changes not yet indexed): every document folded and scanned here, newest first, score 0."""
    c = CORPORA[corpus]
    alias = c.base[0]
    found: list[tuple[int, float]] = []
    for row in conn.execute(c.fields_sql.format(where=f"1{filters.sql}") + f" ORDER BY {alias}.id DESC",
                            list(filters.params)):
        text = document(row[1:])
        if all(t.text in text for t in terms):
            found.append((row[0], 0.0))
            if limit is not None and len(found) >= limit:
                break
    return found


def index_size(conn: sqlite3.Connection) -> dict:
    """Bytes of the index's tables (dbstat), for the benchmark."""
    rows = conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE '\\_search\\_%' ESCAPE '\\' GROUP BY name").fetchall()
    return dict(rows)


def found_rows(conn: sqlite3.Connection, corpus: str, ids: Sequence[int]) -> dict[int, dict]:
    """What a search shows of each record found, with its indexed fields as typed (`fields`, named)."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    c = CORPORA[corpus]
    if corpus == "suggestions":
        shown = conn.execute(
            "SELECT s.id, s.collected_on, co.short_name, st.name, s.state, s.content FROM suggestions s "
            "JOIN counties co ON co.id = s.county_id LEFT JOIN stations st ON st.id = s.station_id "
            f"WHERE s.id IN ({marks})", list(ids)).fetchall()
        keys = ("id", "collected_on", "county", "station", "state", "content")
        names = ("content", "answer", "reply", "note", "event", "co_handler", "return")
    else:
        shown = conn.execute(
            "SELECT a.id, a.date, co.short_name, st.name, a.kind, a.topic FROM activities a "
            "JOIN counties co ON co.id = a.county_id LEFT JOIN stations st ON st.id = a.station_id "
            f"WHERE a.id IN ({marks})", list(ids)).fetchall()
        keys = ("id", "date", "county", "station", "kind", "topic")
        names = ("topic", "summary")
    rows = {r[0]: dict(zip(keys, r, strict=True)) for r in shown}
    where = f"{c.base[0]}.id IN ({marks})"
    for row in conn.execute(c.fields_sql.format(where=where), list(ids)):
        if row[0] in rows:
            rows[row[0]]["fields"] = [(n, v) for n, v in zip(names, row[1:], strict=True) if v]
    return rows


def sharing_ids(
    conn: sqlite3.Connection, corpus: str, text: str, filters: Filters = Filters(), limit: int = 50,
) -> list[tuple[int, float]]:
    """(id, bm25 rank) of the records sharing the most character pairs with `text`, best first: the
    candidates for a likely-duplicate check (issue 17 item 2), which then scores them its own way.
    A record sharing no pair is never a candidate."""
    c = CORPORA[corpus]
    pairs = {t for t in index_tokens(fold(text)).split() if len(t) == 2}
    if not pairs:
        return []
    join = f" JOIN {c.base} {c.base[0]} ON {c.base[0]}.id = f.rowid" if filters.sql else ""
    sql = (f"SELECT f.rowid, f.rank FROM {c.fts} f{join} WHERE {c.fts} MATCH ?{filters.sql} "
           f"ORDER BY f.rank, f.rowid DESC LIMIT {int(limit)}")
    return conn.execute(sql, [" OR ".join(f'"{p}"' for p in sorted(pairs)), *filters.params]).fetchall()
