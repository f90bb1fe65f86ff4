"""The search index equals a plain substring scan (issue 17): random texts and queries of one to four
characters - Chinese, digits, Latin in both widths and cases, punctuation, characters whose folding
changes their length (ß → ss, ﬁ → fi, ① → 1) - and several terms; the texts are replaced, edited and
deleted between queries through the store's own write transaction, so the index's upkeep is tested too."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian_cli.domain.search_text import fold, index_tokens, parse_terms, spans
from shuanglian_cli.store.connection import transaction
from shuanglian_cli.store.db import open_db
from shuanglian_cli.store.search_index import Filters, matching_ids, scanned_ids

ALPHABET = "路灯坏了村口路路灯灯水压低学校门口１２3４aAｂＢß①ﬁ，。 　-é𠀋"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(lambda t: t.strip())
queries = st.lists(st.text(alphabet=ALPHABET.replace(" ", "").replace("　", ""), min_size=1, max_size=4),
                   min_size=1, max_size=3)


def reference_fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch).casefold() for ch in text)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "p.db"
    d = open_db(path, create=True)
    d.execute("INSERT INTO stations (county_id, name) VALUES (8, '站')")
    return d


def _replace_all(db, contents: list[str]) -> dict[int, str]:
    with transaction(db):
        db.execute("DELETE FROM suggestion_events")
        db.execute("DELETE FROM suggestions")
        for i, text in enumerate(contents, start=1):
            db.execute("INSERT INTO suggestions (id, county_id, station_id, collected_on, content) "
                       "VALUES (?, 8, 1, '2026-01-05', ?)", [i, text])
    return dict(enumerate(contents, start=1))


def _scan(docs: dict[int, str], query: list[str]) -> set[int]:
    terms = reference_fold(" ".join(query)).split()
    return {i for i, text in docs.items() if all(t in reference_fold(text) for t in terms)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(texts, min_size=1, max_size=8), query=queries,
       edit=st.tuples(st.integers(0, 7), texts))
def test_index_equals_substring_scan(db, contents, query, edit):
    docs = _replace_all(db, contents)
    terms = parse_terms(query)
    if not terms:
        return
    expected = _scan(docs, query)
    got = {i for i, _ in matching_ids(db.conn, "suggestions", terms, Filters(), None)}
    assert got == expected
    assert {i for i, _ in scanned_ids(db.conn, "suggestions", terms, Filters(), None)} == expected
    # an edit (the answer field) and a deletion, then the same query again
    which, answer = edit
    target = which % len(docs) + 1
    with transaction(db):
        db.execute("UPDATE suggestions SET answer = ? WHERE id = ?", [answer, target])
        if len(docs) > 1:
            db.execute("DELETE FROM suggestions WHERE id = ?", [len(docs)])
    docs = {i: t + ("\n" + answer if i == target else "") for i, t in docs.items() if len(docs) == 1 or i < len(docs)}
    got = {i for i, _ in matching_ids(db.conn, "suggestions", terms, Filters(), None)}
    assert got == _scan(docs, query)


@given(text=st.text(min_size=0, max_size=40))
def test_tokens_are_pairs_and_run_ends_of_indexed_characters(text):
    tokens = index_tokens(fold(text)).split()
    assert all(1 <= len(t) <= 2 for t in tokens)
    assert sum(len(t) == 1 for t in tokens) == len([t for t in tokens if len(t) == 1])


@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=30), query=queries)
def test_spans_cover_exactly_the_typed_characters_of_each_hit(text, query):
    terms = [t.text for t in parse_terms(query)]
    for start, end in spans(text, terms):
        assert 0 <= start < end <= len(text)
        assert any(t in reference_fold(text[start:end]) for t in terms)


@given(text=st.text(min_size=0, max_size=40))
def test_runs_are_the_maximal_runs_of_indexed_characters(text):
    from shuanglian_cli.domain.search_text import is_indexed, run_tokens, runs

    folded = fold(text)
    expected, run = [], ""
    for ch in folded + "\x00":
        if is_indexed(ch):
            run += ch
        elif run:
            expected.append(run)
            run = ""
    assert runs(folded) == expected
    assert index_tokens(folded) == " ".join(t for r in expected for t in run_tokens(r))
    assert fold(text) == "".join(reference_fold(ch) for ch in text)
