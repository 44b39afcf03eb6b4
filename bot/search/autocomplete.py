"""Autocomplete from memory: up to 25 suggestions for a partial pairing, character, mood,
fandom or title, by word prefix first and typo-corrected prefix second.

Entries are indexed by each word of their label (sorted word list + bisect), so "spi" finds
"Buffy Summers/Spike" as well as "Spike". Short, common prefixes walk a most-popular-first list
instead of a huge prefix range, which keeps every call far under a millisecond or two.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bot.search.text import MOODS, fold
from bot.search.vocab import Vocabulary

LABEL_MAX = 100
_SCAN = 3000


@dataclass(slots=True)
class _Index:
    labels: list[str]  # label shown
    values: list[str]  # value sent back
    counts: list[int]
    words: list[tuple[str, int]]  # (word, entry), sorted
    popular: list[int]  # entries, most stories first
    folded: list[str]

    @classmethod
    def build(cls, entries: list[tuple[str, str, int]]) -> _Index:
        entries.sort(key=lambda e: (-e[2], e[0]))
        labels = [e[0][:LABEL_MAX] for e in entries]
        folded = [fold(e[0]) for e in entries]
        words = sorted({(w, i) for i, f in enumerate(folded) for w in f.split()
                        if w not in {"/", "&"}})
        return cls(labels, [e[1][:LABEL_MAX] for e in entries], [e[2] for e in entries],
                   words, list(range(len(entries))), folded)

    def search(self, partial: str, limit: int) -> list[int]:
        terms = [w for w in fold(partial).split() if w not in {"/", "&"}]
        if not terms:
            return self.popular[:limit]
        first, rest = terms[-1], terms[:-1]

        def ok(i: int) -> bool:
            words = self.folded[i].split()
            return all(any(w.startswith(t) for w in words) for t in rest)

        lo = bisect.bisect_left(self.words, (first, -1))
        hi = bisect.bisect_left(self.words, (first + "\uffff", -1))
        if hi - lo <= _SCAN:
            found = sorted({i for _w, i in self.words[lo:hi] if ok(i)})
            return found[:limit]  # entry numbers are popularity order
        out = []
        for i in self.popular:
            if any(w.startswith(first) for w in self.folded[i].split()) and ok(i):
                out.append(i)
                if len(out) >= limit:
                    break
        return out


class Autocomplete:
    def __init__(self, vocab: Vocabulary, titles: list[tuple[str, str, int]] | None) -> None:
        self.vocab = vocab
        pairings = {k: c for k, c in vocab.counts.get("relationship", {}).items()}
        entries = [(f"{k} ({c})", k, c) for k, c in pairings.items()]
        for key, names in vocab.ship_names.items():
            for name in dict.fromkeys(names):
                if "/" not in name and "&" not in name:
                    entries.append((f"{name} — {key}", key, pairings.get(key, 0)))
        self.indexes = {
            "pairing": _Index.build(entries),
            "character": _Index.build(
                [(f"{n} ({c})", n, c) for n, c in vocab.counts.get("character", {}).items()]),
            "fandom": _Index.build(
                [(f"{n} ({c})", n, c) for n, c in vocab.counts.get("fandom", {}).items()]),
            "mood": _Index.build([(m, m, vocab.counts.get("mood", {}).get(m, 0))
                                  for m in MOODS]),
        }
        if titles is not None:
            self.indexes["title"] = _Index.build(titles)

    def suggest(self, kind: str, partial: str, limit: int = 25) -> list[tuple[str, str]]:
        index = self.indexes.get(kind)
        if index is None:
            return []
        limit = max(1, min(limit, 25))
        partial = (partial or "")[:100]
        found = index.search(partial, limit)
        if len(found) < limit:
            words = fold(partial).split()
            if words and len(words[-1]) >= 4:
                fixed = self.vocab.correct(words[-1])
                if fixed:
                    again = index.search(" ".join([*words[:-1], fixed[0]]), limit)
                    found += [i for i in again if i not in found]
        return [(index.labels[i], index.values[i]) for i in found[:limit]]
