"""Autocomplete from memory: up to 25 suggestions for a partial pairing, character, mood,
fandom or title, by word prefix first and typo-corrected prefix second.

Entries are indexed by each word of their label (sorted word list + bisect), so "spi" finds
"Buffy Summers/Spike" as well as "Spike". Short, common prefixes walk a most-popular-first list
instead of a huge prefix range, which keeps every call far under a millisecond or two.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bot.search.text import fold
from bot.search.vocab import Vocabulary
from bot.vocabulary import MOODS

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
            if rest:
                found = sorted({i for _w, i in self.words[lo:hi] if ok(i)})
            else:  # one word: every entry in the range fits (no label split thousands of times)
                found = sorted({i for _w, i in self.words[lo:hi]})
            return found[:limit]  # entry numbers are popularity order
        out = []
        for i in self.popular:
            if any(w.startswith(first) for w in self.folded[i].split()) and ok(i):
                out.append(i)
                if len(out) >= limit:
                    break
        return out


@dataclass(slots=True)
class _Aliases:
    """Other names of the catalog's characters and fandoms ("red", "dawnie", "btvs", "hp"),
    sorted for prefix search: (folded name, kind, canonical value)."""

    names: list[tuple[str, str, str]]

    @classmethod
    def build(cls, vocab: Vocabulary) -> _Aliases:
        """From the fandom knowledge's names only (small, whatever the catalog's size), for
        the names the catalog holds."""
        names = {(phrase, kind, value) for phrase, kind, value in vocab.other_names
                 if phrase and vocab.counts.get(kind, {}).get(value, 0)
                 and phrase != fold(value)}
        return cls(sorted(names))

    def canonical(self, partial: str, kinds: set[str], limit: int = 12
                  ) -> list[tuple[str, str]]:
        """(alias, canonical) for the names starting with `partial`, exact ones first."""
        lo = bisect.bisect_left(self.names, (partial, "", ""))
        out: list[tuple[str, str]] = []
        for phrase, kind, value in self.names[lo:lo + _ALIAS_SCAN]:
            if not phrase.startswith(partial):
                break
            if kind in kinds and value not in [v for _p, v in out]:
                out.append((phrase, value))
        out.sort(key=lambda item: (item[0] != partial, len(item[0])))
        return out[:limit]


_ALIAS_SCAN = 200
_ALIAS_KINDS = {"character": {"character"}, "fandom": {"fandom"}, "pairing": {"character"}}


class Autocomplete:
    """Name indexes over the whole catalog, and (`safe`) over the stories that are not
    explicit: outside age-restricted channels no suggestion names what only explicit stories
    hold, and the counts shown are those a channel can see. Both are built here, with the
    engine: a suggestion is answered on the event loop, which must never wait for a build."""

    def __init__(self, vocab: Vocabulary, titles: list[tuple[str, str, int]] | None) -> None:
        self.vocab = vocab
        self.indexes = self._names("")
        self.indexes["mood"] = _Index.build([(m, m, vocab.counts.get("mood", {}).get(m, 0))
                                             for m in MOODS])
        if titles is not None:
            self.indexes["title"] = _Index.build(titles)
        self.safe = self._names("sfw:")
        self.aliases = _Aliases.build(vocab)

    def _names(self, prefix: str) -> dict[str, _Index]:
        """Pairing, character and fandom indexes from the `prefix`ed vocabulary counts."""
        counts = self.vocab.counts
        pairings = dict(counts.get(prefix + "relationship", {}))
        entries = [(f"{k} ({c})", k, c) for k, c in pairings.items()]
        for key, names in self.vocab.ship_names.items():
            if prefix and key not in pairings and counts.get("relationship", {}).get(key):
                continue  # only stories this channel cannot see hold it
            for name in dict.fromkeys(names):
                if "/" not in name and "&" not in name:
                    entries.append((f"{name} — {key}", key, pairings.get(key, 0)))
        return {
            "pairing": _Index.build(entries),
            "character": _Index.build(
                [(f"{n} ({c})", n, c) for n, c in counts.get(prefix + "character", {}).items()]),
            "fandom": _Index.build(
                [(f"{n} ({c})", n, c) for n, c in counts.get(prefix + "fandom", {}).items()]),
        }

    def suggest(self, kind: str, partial: str, limit: int = 25,
                safe: bool = False) -> list[tuple[str, str]]:
        index = (self.safe if safe and kind in self.safe else self.indexes).get(kind)
        if index is None:
            return []
        limit = max(1, min(limit, 25))
        partial = (partial or "")[:100]
        found = index.search(partial, limit)
        words = fold(partial).split()
        if len(found) < limit and words and len(words[-1]) >= 4:
            fixed = self.vocab.correct(words[-1])
            if fixed:
                again = index.search(" ".join([*words[:-1], fixed[0]]), limit)
                found += [i for i in again if i not in found]
                words = [*words[:-1], fixed[0]]
        labels = {i: index.labels[i] for i in found}
        if len(found) < limit and words and kind in _ALIAS_KINDS:
            # a nickname or abbreviation: the names it stands for ("red" -> Willow Rosenberg)
            for alias, value in self.aliases.canonical(" ".join(words), _ALIAS_KINDS[kind]):
                for i in index.search(value, limit):
                    if i not in labels:
                        found.append(i)
                        labels[i] = f"{alias} → {index.labels[i]}"
        return [(labels[i][:LABEL_MAX], index.values[i]) for i in found[:limit]]
