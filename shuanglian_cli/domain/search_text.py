"""Full-text search over Chinese: the text a search compares, the tokens the index keeps, and the
FTS5 query that finds a term. Pure text functions, no I/O.

Chinese has no spaces, so the index (store/search_index.py) keeps overlapping character pairs: within
each run of indexed characters, every pair (路灯 灯坏 坏了) and the run's last character on its own
(了), all separated by spaces for FTS5's standard unicode61 tokenizer. Then
- a term of one character c is the prefix query "c"*: a pair starting with c, or c ending a run;
- a longer run is the phrase of its pairs ("路灯 灯坏"), which can only match where the characters
  stand together (a run's lone last character stands between it and the next run's pairs);
- a term with characters the index leaves out (punctuation, symbols, rare scripts) is found by its
  indexed runs and then checked as a substring of the folded text (`needs_check`).
Both sides are folded alike: NFKC then casefold, one character at a time (`fold`), so a hit maps
back to the typed characters for highlighting; the stored text is never changed.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from typing import NamedTuple


def fold_char(ch: str) -> str:
    """One character as search compares it: NFKC (full-width ＡＢ１ → ab1, ㈠ → (一)) then casefold."""
    if ch < "\x80":
        return ch.lower()
    return unicodedata.normalize("NFKC", ch).casefold()


_folded: dict[str, str] = {}  # character -> its fold, filled as characters are met (a city's texts use a few thousand)


def fold(text: str) -> str:
    """The text search compares (character by character, see `fold_char`)."""
    if text.isascii():
        return text.lower()
    try:
        return "".join([_folded[ch] for ch in text])
    except KeyError:
        for ch in set(text).difference(_folded):
            _folded[ch] = fold_char(ch)
        return "".join([_folded[ch] for ch in text])


def fold_with_starts(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the typed character it came from."""
    out: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        out.append(folded)
        starts.extend([i] * len(folded))
    return "".join(out), starts


def is_indexed(ch: str) -> bool:
    """Characters the index keeps: ASCII letters and digits and the CJK ideographs that SQLite's unicode61
    tokenizer (Unicode 6.1 tables) surely treats as token characters. Anything else splits runs."""
    if ch < "\x80":
        return ch.isalnum()
    return "\u4e00" <= ch <= "\u9fcb" or "\u3400" <= ch <= "\u4db5"


# the same set as is_indexed, for finding runs at C speed
_RUN = re.compile("[0-9A-Za-z\u3400-\u4db5\u4e00-\u9fcb]+")


def runs(folded: str) -> list[str]:
    """The maximal runs of indexed characters in folded text."""
    return _RUN.findall(folded)


def run_tokens(run: str) -> list[str]:
    """A run's pairs and its last character: 路灯坏 → 路灯 灯坏 坏."""
    return [*map(operator.add, run[:-1], run[1:]), run[-1]]


def index_tokens(folded: str) -> str:
    """The derived column the index keeps for a folded text: space-separated pairs and run ends."""
    return " ".join([" ".join(map(operator.add, run[:-1], run[1:])) + " " + run[-1] if len(run) > 1 else run
                     for run in _RUN.findall(folded)])


class Term(NamedTuple):
    text: str  # folded
    match: str  # its FTS5 query ('' when it has no indexed character: found by scanning)
    needs_check: bool  # the FTS5 query may find texts without the term: check the substring


def parse_terms(words: list[str] | tuple[str, ...]) -> list[Term]:
    """The query's terms: each word split at spaces (full-width ones too, by folding), folded, kept
    once; every term must be a substring of the text (AND)."""
    seen: list[str] = []
    for word in words:
        for part in fold(word).split():
            if part not in seen:
                seen.append(part)
    return [term_of(part) for part in seen]


def term_of(text: str) -> Term:
    parts = runs(text)
    queries = [f'"{part}"*' if len(part) == 1 else '"' + " ".join(run_tokens(part)[:-1]) + '"' for part in parts]
    exact = len(parts) == 1 and parts[0] == text
    return Term(text, " AND ".join(queries), not exact)


def fts_query(terms: list[Term]) -> str:
    """The FTS5 MATCH expression for all terms with an indexed character ('' when none has one)."""
    return " AND ".join(t.match for t in terms if t.match)


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the folded terms occur in `text` (typed), as merged (start, end) indexes of the typed text."""
    folded, starts = fold_with_starts(text)
    marks: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        at = folded.find(term)
        while at >= 0:  # a typed character that folds to several (ß → ss) is marked whole
            marks.append((starts[at], starts[at + len(term) - 1] + 1))
            at = folded.find(term, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(marks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
