"""The matters raised most: a period's opinions put into groups of the same matter, and each group's
short label taken from its own words.

Greedy grouping with blocking: texts read alike (domain/similarity.Reader.words) count as one; the
others, most frequent first, each join the group of the most similar text already placed, or start
their own. A text is compared only with the placed texts that share one of its rarer pairs or key
words (an inverted index), never with every other text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from shuanglian_cli.domain.similarity import THRESHOLD, Reader, score_read

BLOCK_TOKENS = 8  # the rarest pairs (and key words) of a text that find its candidates
COMPARED = 40  # candidates scored per text, those sharing the most tokens first


def group_texts(texts: Sequence[str], read: Reader, threshold: float = THRESHOLD) -> list[list[int]]:
    """Groups of indices into `texts`, the largest first (ties: the earliest text first)."""
    by_words: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        by_words.setdefault(read.words(text), []).append(i)
    distinct = sorted(by_words.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
    reads = [read.read(texts[idx[0]]) for _, idx in distinct]
    tokens = [r.pairs | {"#" + k for k in r.keys} for r in reads]
    frequency = Counter(t for ts in tokens for t in ts)
    postings: dict[str, list[int]] = {}
    group_of: list[int] = []
    groups: list[list[int]] = []
    for d, mine in enumerate(tokens):
        rare = sorted(mine, key=lambda t: (not t.startswith("#"), frequency[t], t))[:BLOCK_TOKENS]
        shared: Counter = Counter()
        for t in rare:
            shared.update(postings.get(t, ()))
        best, best_score = -1, threshold
        for other, _ in shared.most_common(COMPARED):
            value = score_read(reads[d], reads[other])
            if value >= best_score:
                best, best_score = other, value
        if best < 0:
            group_of.append(len(groups))
            groups.append([d])
        else:
            group_of.append(group_of[best])
            groups[group_of[best]].append(d)
        for t in mine:
            postings.setdefault(t, []).append(d)
    out = [sorted(i for d in g for i in distinct[d][1]) for g in groups]
    return sorted(out, key=lambda g: (-len(g), g[0]))


def label(texts: Sequence[str], read: Reader, longest: int = 8) -> str:
    """A short label from a group's own words: the phrase found in most of its texts (as read: synonyms
    in their group's first word), longer ones preferred, and a second such phrase when most texts have
    it too (路灯损坏、晚上不便)."""
    words = [read.words(t) for t in texts[:200]]  # a sample is enough for a phrase most of them share
    keys = [read.read(t).keys for t in texts[:200]]
    seen: Counter = Counter()
    for w in words:
        seen.update({w[i:i + n] for n in range(2, longest + 1) for i in range(len(w) - n + 1)})
    if not seen:
        return texts[0][:longest] if texts else ""
    key_count = Counter(k for ks in keys for k in ks)

    def weight(phrase: str) -> float:
        has_key = any(k in phrase for k in key_count)
        return seen[phrase] * min(len(phrase), 6) ** 0.5 * (1.5 if has_key else 1)

    ranked = sorted(seen, key=lambda p: (-weight(p), -len(p), p))
    first = ranked[0]
    second = next((p for p in ranked[1:] if not _overlaps(p, first) and seen[p] * 2 >= len(words)), None)
    return first if second is None else f"{first}、{second}"


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a or bool(set(a) & set(b))
