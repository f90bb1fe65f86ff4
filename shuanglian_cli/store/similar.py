"""The stored suggestions that may be on the same matter as a text: the one place that looks them up.

Today a plain scan of the county's suggestions with instr() on the text's look-up terms
(domain/similarity.Reader.terms: its synonym words in any spelling, the pairs between). When the full-text index (issue 17 item 1) lands, this
function alone changes to ask it (an OR of the same terms ranked by bm25); its callers score what it
returns with domain/similarity and do not care how it was found."""

from __future__ import annotations

from shuanglian_cli.domain.lifecycle import OPEN_STATES

MAX_TERMS = 24  # a long opinion's terms beyond these add cost, not candidates
BLOCK_TERMS = 3  # the rarest terms: a stored text must hold one of them to be counted at all
SAMPLE = 400  # rows whose terms are counted to tell the rare terms from the common ones
SUGGESTION_COLUMNS = ("id", "content", "collected_on", "state")


def candidates(db, text: str, county_id: int, open_only: bool = True, limit: int = 200, *, read=None,
               before_id: int | None = None, exclude_id: int | None = None) -> list[dict]:
    """Up to `limit` suggestions of the county holding one of the rarest look-up terms of `text` (read:
    a domain/similarity.Reader, the default one if None), those sharing the most terms first: dicts of
    SUGGESTION_COLUMNS plus `shared`. open_only: only suggestions still being handled; before_id: only
    ones registered before it.

    Two queries, no per-row Python: the terms are counted on a sample of the county's rows to find the
    BLOCK_TERMS rarest (a duplicate shares most terms, so it shares a rare one too), then the rows
    holding any of those are ranked by how many terms they share (instr() costs about the same per
    call, so a few terms over every row and all terms over the few rows that pass)."""
    from shuanglian_cli.domain.similarity import reader

    terms = [t for t in (read or reader()).terms(text) if t][:MAX_TERMS]
    if not terms:
        return []
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
    holds = [_holds(t) for t in terms]
    spelt = [w for t in terms for w in t]
    if len(terms) > BLOCK_TERMS:
        *counts, sampled = db.execute(
            f"""SELECT {', '.join(f'coalesce(sum({h}), 0)' for h in holds)}, count(*) FROM
                (SELECT content FROM suggestions WHERE {' AND '.join(where)} LIMIT {SAMPLE})""",
            [*spelt, *extra]).fetchone()
        if sampled == SAMPLE:  # fewer: the sample was every row, and all of them are ranked below anyway
            # the rarest held by some sampled row first (one held by none finds little), then the cheaper
            rarest = sorted(range(len(terms)), key=lambda i: (counts[i] == 0, counts[i], len(terms[i]), i))
            where.append("(" + " OR ".join(holds[i] for i in rarest[:BLOCK_TERMS]) + ")")
            extra.extend(w for i in rarest[:BLOCK_TERMS] for w in terms[i])
    cur = db.execute(f"""SELECT {', '.join(SUGGESTION_COLUMNS)}, {' + '.join(holds)} AS shared FROM suggestions
                         WHERE {' AND '.join(where)} ORDER BY shared DESC, id DESC LIMIT ?""",
                     [*spelt, *extra, limit])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _holds(spellings: tuple[str, ...]) -> str:
    """SQL: 1 when content holds any of the spellings, else 0."""
    return "(" + " OR ".join("instr(content, ?) > 0" for _ in spellings) + ")"


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


def period_suggestions(db, start, end, county_id: int | None, as_of=None) -> list[dict]:
    """The suggestions collected in [start, end] (of one county or all), oldest first, with their
    station, town (a point's own, else its station's) and department: what `sl topics` groups. With
    `as_of`, only those collected by then, as they stood that day (store/as_of.py)."""
    from shuanglian_cli.store.as_of import suggestions_source

    source = "suggestions"
    if as_of is not None:
        end, source = min(end, as_of), suggestions_source(db, as_of)
    where, params = ["s.collected_on BETWEEN ? AND ?"], [start.isoformat(), end.isoformat()]
    if county_id is not None:
        where.append("s.county_id = ?")
        params.append(county_id)
    cur = db.execute(
        f"""SELECT s.id, s.content, s.collected_on, s.handling, s.state, st.name AS station,
                   t.name AS town, d.name AS department
            FROM {source} s LEFT JOIN stations st ON st.id = s.station_id
            LEFT JOIN stations up ON up.id = st.parent_id
            LEFT JOIN towns t ON t.id = coalesce(st.town_id, up.town_id)
            LEFT JOIN departments d ON d.id = s.department_id
            WHERE {' AND '.join(where)} ORDER BY s.collected_on, s.id""", params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
