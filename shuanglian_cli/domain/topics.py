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
SURE = 0.8  # a candidate this alike is taken without scoring the rest
LABEL_SAMPLE = 60  # distinct texts of a group a label is taken from, the most frequent first


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
                if value >= SURE:
                    break
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
    """A short label from a group's own words (as read: synonyms in their group's first word): the
    phrase found in most of its texts, longer ones preferred, one naming a key word when most texts
    name one; and a second phrase naming another key word when most texts have it too (苹果销售、电商)."""
    counted = Counter(read.words(t) for t in texts).most_common(LABEL_SAMPLE)  # enough for a phrase most share
    seen: Counter = Counter()
    keyed: Counter = Counter()
    for w, times in counted:
        seen.update(dict.fromkeys({w[i:i + n] for n in range(2, longest + 1) for i in range(len(w) - n + 1)}, times))
        keyed.update(dict.fromkeys(read.keys.findall(w) if read.keys is not None else (), times))
    if not seen:
        return texts[0][:longest] if texts else ""
    total = sum(times for _, times in counted)
    common_keys = [k for k, n in keyed.items() if n * 2 >= total]

    def names_key(phrase: str) -> bool:
        return any(k in phrase for k in common_keys)

    ranked = sorted(seen, key=lambda p: (-seen[p] * min(len(p), 6) ** 0.3, -len(p), p))
    first = next((p for p in ranked if names_key(p)), ranked[0]) if common_keys else ranked[0]
    second = next((p for p in ranked if names_key(p) and not _overlaps(p, first) and seen[p] * 2 >= total), None)
    return first if second is None else f"{first}、{second}"


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a or bool(set(a) & set(b))
