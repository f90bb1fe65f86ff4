"""Finding earlier records by their words (issue 17): `sl suggestions search`, `sl record search`.

Every term must be a substring of the record's text (domain/search_text.py folds both sides); the
index (store/search_index.py) finds them, best first by FTS5's bm25 (shown as `score`, higher is
better; ties newest first). Station, town, year and state are filters, never text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from shuanglian_cli.domain.search_text import Term, fold_with_starts, parse_terms
from shuanglian_cli.errors import UserError
from shuanglian_cli.store.search_index import (
    Filters,
    flush_now,
    found_rows,
    has_index,
    matching_ids,
    pending,
    scanned_ids,
)

EXCERPT_BEFORE = 6  # characters kept before the first hit, so a cut table cell still shows it
EXCERPT_MAX = 80
FIELD_LABELS = {"content": "内容", "answer": "现场解答", "reply": "答复", "note": "备注", "event": "办理说明",
                "co_handler": "协办意见", "return": "退办理由", "topic": "主题", "summary": "情况摘要"}


def index_state(db) -> int | None:
    """Records the full-text index holds wrongly (0: in step); None when the file has no index (a
    published copy, a file from before it)."""
    from shuanglian_cli.store.search_index import stale_documents

    return stale_documents(db.conn) if has_index(db.conn) else None


def reindex(db) -> int:
    """Build the index again from the records (`sl check --reindex`), in one write transaction; returns
    how many records it holds."""
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.search_index import rebuild

    if not has_index(db.conn):
        raise UserError("此数据库没有全文索引（公开副本或旧版文件），无需重建")
    with transaction(db):
        return rebuild(db.conn)


def terms_of(words: Sequence[str]) -> list[Term]:
    terms = parse_terms(list(words))
    if not terms:
        raise UserError("请给出要查找的文字", ["例如：sl suggestions search 路灯；多个词用空格隔开，须同时出现"])
    return terms


def filters(alias: str, *, county_id=None, station_id=None, town_id=None, year=None, states=None,
            date_column: str) -> Filters:
    sql, params = "", []
    if town_id is not None:  # the stations and points of a town
        sql += f" AND {alias}.station_id IN (SELECT id FROM stations WHERE town_id = ?)"
        params.append(town_id)
    if county_id is not None:
        sql += f" AND {alias}.county_id = ?"
        params.append(county_id)
    if station_id is not None:  # a station covers its points
        sql += f" AND {alias}.station_id IN (SELECT id FROM stations WHERE id = ? OR parent_id = ?)"
        params += [station_id, station_id]
    if year is not None:
        sql += f" AND {alias}.{date_column} BETWEEN ? AND ?"
        params += [dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()]
    if states:
        sql += f" AND {alias}.state IN ({', '.join('?' for _ in states)})"
        params += list(states)
    return Filters(sql, params)


def search(db, corpus: str, words: Sequence[str], where: Filters, limit: int) -> list[dict]:
    """The records found, best first: their shown fields, `score`, and where the first term was found
    (`matched_in`, `excerpt`: the field's line from a little before the hit, as typed)."""
    if limit < 1:
        raise UserError("--limit 须为正整数")
    terms = terms_of(words)
    conn = db.conn
    # a published copy leaves the index out; a read-only file may hold changes not indexed yet
    if not has_index(conn) or (db.read_only and pending(conn)):
        found = scanned_ids(conn, corpus, terms, where, limit)
    else:
        if pending(conn):
            flush_now(conn)
        found = matching_ids(conn, corpus, terms, where, limit)
    rows = found_rows(conn, corpus, [i for i, _ in found])
    out = []
    for record_id, rank in found:
        row = rows[record_id]
        field, excerpt = excerpt_of(row.pop("fields", []), [t.text for t in terms])
        out.append({**row, "matched_in": field, "excerpt": excerpt, "score": round(-rank, 4) + 0.0})
    return out


def excerpt_of(fields: list[tuple[str, str]], terms: list[str]) -> tuple[str | None, str]:
    """The first line of the first field holding a term, from shortly before its first hit."""
    for name, text in fields:
        for line in text.split("\n"):
            folded, starts = fold_with_starts(line)
            hits = [folded.find(t) for t in terms if t in folded]
            if hits:
                start = starts[min(hits)] if folded else 0
                cut = max(0, start - EXCERPT_BEFORE)
                shown = ("…" if cut else "") + line[cut:].strip()
                return name, shown[:EXCERPT_MAX]
    return None, ""
