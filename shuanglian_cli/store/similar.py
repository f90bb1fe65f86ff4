"""The stored suggestions that may be on the same matter as a text: the one place that looks them up.

Today a plain scan of the county's suggestions, counting for each how many of the text's look-up terms
(domain/similarity.Reader.terms: its synonym words in any spelling, the pairs between) it contains,
with instr(): one query, no per-row Python. When the full-text index (issue 17 item 1) lands, this
function alone changes to ask it (an OR of the same terms ranked by bm25); its callers score what it
returns with domain/similarity and do not care how it was found."""

from __future__ import annotations

from shuanglian_cli.domain.lifecycle import OPEN_STATES

MAX_TERMS = 24  # a long opinion's terms beyond these add cost, not candidates
SUGGESTION_COLUMNS = ("id", "content", "collected_on", "state")


def candidates(db, text: str, county_id: int, open_only: bool = True, limit: int = 200, *, read=None,
               min_shared: int = 1, before_id: int | None = None, exclude_id: int | None = None) -> list[dict]:
    """Up to `limit` suggestions of the county sharing at least `min_shared` of the look-up terms of
    `text` (read: a domain/similarity.Reader, the default one if None), most shared first: dicts of
    SUGGESTION_COLUMNS plus `shared`. open_only: only suggestions still being handled; before_id: only
    ones registered before it."""
    from shuanglian_cli.domain.similarity import reader

    terms = [t for t in (read or reader()).terms(text) if t][:MAX_TERMS]
    if not terms:
        return []
    parts, params = [], []
    for spellings in terms:
        parts.append("(" + " OR ".join("instr(content, ?) > 0" for _ in spellings) + ")")
        params.extend(spellings)
    where, extra = ["county_id = ?"], [county_id]
    if open_only:
        where.append(f"state IN ({', '.join('?' for _ in OPEN_STATES)})")
        extra.extend(sorted(OPEN_STATES))
    if before_id is not None:
        where.append("id < ?")
        extra.append(before_id)
    if exclude_id is not None:
        where.append("id != ?")
        extra.append(exclude_id)
    sql = f"""SELECT * FROM (SELECT {', '.join(SUGGESTION_COLUMNS)}, {' + '.join(parts)} AS shared
              FROM suggestions WHERE {' AND '.join(where)}) WHERE shared >= ?
              ORDER BY shared DESC, id DESC LIMIT ?"""
    cur = db.execute(sql, [*params, *extra, max(1, min_shared), limit])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def open_texts(db, county_id: int) -> list[tuple[int, str]]:
    """(id, content) of the county's open suggestions: a batch (an import) scores against all of them
    once, in memory, instead of one scan per row."""
    return db.execute(
        f"SELECT id, content FROM suggestions WHERE county_id = ? AND state IN ({', '.join('?' for _ in OPEN_STATES)})",
        [county_id, *sorted(OPEN_STATES)]).fetchall()


def outcomes(db, ids: list[int]) -> dict[int, dict]:
    """How each of these suggestions stands or ended: station, state, handling, department, reply date
    and class, satisfaction; by id."""
    if not ids:
        return {}
    cur = db.execute(
        f"""SELECT s.id, s.collected_on, s.content, st.name AS station, s.state, s.handling,
                   d.name AS department, s.replied_on, s.reply_class, s.satisfaction, s.closed_on
            FROM suggestions s LEFT JOIN stations st ON st.id = s.station_id
            LEFT JOIN departments d ON d.id = s.department_id
            WHERE s.id IN ({', '.join('?' for _ in ids)})""", list(ids))
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def period_suggestions(db, start, end, county_id: int | None) -> list[dict]:
    """The suggestions collected in [start, end] (of one county or all), oldest first, with their
    station, town (a point's own, else its station's) and department: what `sl topics` groups."""
    where, params = ["s.collected_on BETWEEN ? AND ?"], [start.isoformat(), end.isoformat()]
    if county_id is not None:
        where.append("s.county_id = ?")
        params.append(county_id)
    cur = db.execute(
        f"""SELECT s.id, s.content, s.collected_on, s.handling, s.state, st.name AS station,
                   t.name AS town, d.name AS department
            FROM suggestions s LEFT JOIN stations st ON st.id = s.station_id
            LEFT JOIN stations up ON up.id = st.parent_id
            LEFT JOIN towns t ON t.id = coalesce(st.town_id, up.town_id)
            LEFT JOIN departments d ON d.id = s.department_id
            WHERE {' AND '.join(where)} ORDER BY s.collected_on, s.id""", params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
