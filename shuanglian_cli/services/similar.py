"""Likely duplicates: the earlier suggestions on the same matter as one (`sl suggestions similar`), and
the warning when a new opinion is very like an open one in its county (record visit, suggestions add,
import register; it never blocks). Candidates come from store/similar.candidates, scores from
domain/similarity with the config's synonyms and key words."""

from __future__ import annotations

from collections.abc import Sequence

from shuanglian_cli.errors import UserError

CANDIDATES = 200  # scored per text by `similar`: the best-sharing ones; a duplicate shares most of its terms
WARN_CANDIDATES = 40  # scored per new opinion while recording: its top few are all a warning names


def reader_of(config):
    """The Reader for the shipped synonyms and key words with config similar.synonyms (read before the
    shipped groups: a local group wins a word both name) and similar.key_words added."""
    from shuanglian_cli.domain.similarity import DEFAULT_KEY_WORDS, DEFAULT_SYNONYMS, reader

    synonyms = config.get("similar", "synonyms") if config is not None else None
    key_words = config.get("similar", "key_words") if config is not None else None
    for name, value in (("synonyms", synonyms), ("key_words", key_words)):
        if value is not None and not isinstance(value, list):
            raise UserError(f"配置 similar.{name} 应为列表")
    groups = [g if isinstance(g, list) else [g] for g in synonyms or []]
    return _cached_reader(tuple(tuple(map(str, g)) for g in groups) + DEFAULT_SYNONYMS,
                          DEFAULT_KEY_WORDS + tuple(map(str, key_words or [])), reader)


_READERS: dict = {}


def _cached_reader(synonyms, key_words, make):
    """One Reader per word lists in a process (compiling its patterns is most of its cost)."""
    key = (synonyms, key_words)
    if key not in _READERS:
        _READERS[key] = make(synonyms, key_words)
    return _READERS[key]


def threshold_of(config) -> float:
    from shuanglian_cli.domain.similarity import THRESHOLD

    value = config.get("similar", "threshold") if config is not None else None
    if value is None:
        return THRESHOLD
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise UserError(f"配置 similar.threshold 应为 0 到 1 之间的数（不含 0），现为 {value!r}")
    return float(value)


def _scored(read, text: str, rows: Sequence[dict], threshold: float) -> list[dict]:
    from shuanglian_cli.domain.similarity import score_read

    mine = read.read(text)
    out = [{**r, "score": score_read(mine, read.read(r["content"]))} for r in rows]
    return sorted((r for r in out if r["score"] >= threshold), key=lambda r: (-r["score"], -r["id"]))


def similar_to(db, config, suggestion_id, limit: int = 10) -> tuple[dict, list[dict]]:
    """(the suggestion, the earlier ones of its county on the same matter, best first, each with its
    score and how it stands or ended: state, handling, department, reply class, satisfaction)."""
    from shuanglian_cli.store.similar import candidates, outcomes
    from shuanglian_cli.store.suggestions import get

    if limit < 1:
        raise UserError(f"--limit 应为正整数，收到 {limit}")
    row = get(db, suggestion_id)
    read = reader_of(config)
    found = candidates(db, row["content"], row["county_id"], open_only=False, limit=CANDIDATES, read=read,
                       before_id=row["id"])
    hits = _scored(read, row["content"], found, threshold_of(config))[:limit]
    ended = outcomes(db, [h["id"] for h in hits])
    return row, [{**ended[h["id"]], "score": h["score"]} for h in hits]


def open_like(db, config, county_id: int, texts: Sequence[str], *, limit: int = 3,
              exclude_ids: Sequence[int] = ()) -> list[list[dict]]:
    """For each text, the county's open suggestions very like it (id, content, collected_on, state,
    score; best first, at most `limit`). One look-up per text; a batch (import register) reads the
    county's open texts once and scores in memory instead."""
    from shuanglian_cli.store.similar import candidates, open_texts

    read, threshold = reader_of(config), threshold_of(config)
    skip = set(exclude_ids)
    if len(texts) > BATCH:
        return _batch(read, threshold, open_texts(db, county_id), texts, limit, skip)
    out = []
    for text in texts:
        found = [r for r in candidates(db, text, county_id, open_only=True, limit=WARN_CANDIDATES, read=read)
                 if r["id"] not in skip]
        out.append([_warning_row(r) for r in _scored(read, text, found, threshold)[:limit]])
    return out


BATCH = 20  # more texts than this are checked against the county's open texts read once


def _batch(read, threshold: float, stored: list[tuple[int, str]], texts: Sequence[str], limit: int,
           skip: set[int]) -> list[list[dict]]:
    """Every text against the open suggestions of the county through an inverted index of pairs and key
    words: a text is scored only against the WARN_CANDIDATES sharing most of its BLOCK_TOKENS rarest
    ones, and each distinct text once (a register repeats itself)."""
    from collections import Counter

    from shuanglian_cli.domain.similarity import score_read

    reads = {sid: read.read(content) for sid, content in stored if sid not in skip}
    if not reads:  # nothing open in the county (a first import): nothing to be like
        return [[] for _ in texts]
    contents = dict(stored)
    postings: dict[str, list[int]] = {}
    for sid, r in reads.items():
        for token in r.pairs | {f"#{k}" for k in r.keys}:
            postings.setdefault(token, []).append(sid)
    done: dict[str, list[dict]] = {}
    for text in dict.fromkeys(texts):
        mine = read.read(text)
        tokens = sorted(mine.pairs | {f"#{k}" for k in mine.keys}, key=lambda t: (len(postings.get(t, ())), t))
        shared: Counter = Counter()
        for token in [t for t in tokens if t in postings][:BLOCK_TOKENS]:
            shared.update(postings[token])
        hits = []
        for sid, _ in shared.most_common(WARN_CANDIDATES):
            value = score_read(mine, reads[sid])
            if value >= threshold:
                hits.append({"id": sid, "content": contents[sid], "score": value})
        hits.sort(key=lambda h: (-h["score"], -h["id"]))
        done[text] = hits[:limit]
    return [done[text] for text in texts]


BLOCK_TOKENS = 6  # the rarest pairs and key words of a text that pick its candidates in a batch


def _warning_row(row: dict) -> dict:
    return {"id": row["id"], "content": row["content"], "score": row["score"]}


def warning_text(content: str, hits: Sequence[dict], refs: dict[int, str] | None = None) -> str:
    """The Chinese warning line for one new opinion and the open suggestions it is like."""
    named = "、".join(f"#{h['id']}" + (f"（{refs[h['id']]}）" if refs and refs.get(h["id"]) else "")
                     + f"“{_cut(h['content'])}”（相似度 {h['score']:.2f}）" for h in hits)
    return f"“{_cut(content)}”与在办的意见建议 {named} 很相似，可能重复（仍照常登记；可用 sl suggestions similar 查看）"


def _cut(text: str, width: int = 16) -> str:
    return text if len(text) <= width else text[:width] + "…"


def like_open(db, config, county_id: int, texts: Sequence[str], exclude_ids: Sequence[int] = ()) -> list[dict]:
    """The new opinions (by their place in `texts`, from 1) very like an open suggestion of the county:
    [{"opinion", "content", "like": [{"id", "content", "score"}]}], only those with any: what record
    visit, suggestions add and import register warn of and carry in their json as `similar`."""
    found = open_like(db, config, county_id, texts, exclude_ids=exclude_ids)
    return [{"opinion": i, "content": text, "like": hits}
            for i, (text, hits) in enumerate(zip(texts, found, strict=True), 1) if hits]
