"""Names fans blend from two others that no list holds: a ship ("fredwes" = Fred + Wes,
"spirk" = Spock + Kirk) or a fandom ("gomens" = Good Omens).

A ship blend is the start of one character's name word and the end of another's (at least two
letters and three), both of one fandom. The guard against false splits: the pairing is one the
catalog holds, or both halves are whole names ("fred" + "wes"). A fandom blend is the start of
its name's first word and the end of its second ("go" + "mens"). The index is made once from
the fandom knowledge; a lookup tries each split of one word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from bot.search.text import fold_name
from bot.vocabulary import RelationshipKey

MIN_START, MIN_END = 2, 3
MIN_BLEND = 5  # shorter words are too easily two name pieces by chance
_SKIP = {"the", "of", "a", "an", "and"}
_PAREN = re.compile(r"\([^)]*\)")  # "Crowley (Good Omens)": the fandom is no name word


class Blends:
    def __init__(self) -> None:
        self.starts: dict[str, set[str]] = defaultdict(set)  # name word start -> characters
        self.ends: dict[str, set[str]] = defaultdict(set)  # name word end -> characters
        self.whole: dict[str, set[str]] = defaultdict(set)  # whole name word -> characters
        self.home: dict[str, str] = {}  # character -> fandom
        self.fandoms: dict[str, str] = {}  # a blend of a fandom name's words -> fandom

    @classmethod
    def of(cls, characters: Iterable[tuple[str, str, Iterable[str]]],
           fandoms: Iterable[tuple[str, Iterable[str]]]) -> Blends:
        """From (character, fandom, its names) and (fandom, its names)."""
        blends = cls()
        for name, fandom, names in characters:
            blends.home[name] = fandom
            for surface in (name, *names):
                for word in fold_name(_PAREN.sub(" ", surface)).split():
                    if len(word) < MIN_END or not word.isalpha():
                        continue
                    blends.whole[word].add(name)
                    for cut in range(MIN_START, len(word) + 1):
                        blends.starts[word[:cut]].add(name)
                    for cut in range(len(word) - MIN_END + 1):
                        blends.ends[word[cut:]].add(name)
        for fandom, names in fandoms:
            for surface in (fandom, *names):
                words = [w for w in fold_name(_PAREN.sub(" ", surface)).split() if w not in _SKIP]
                if len(words) < 2 or not all(w.isalpha() for w in words[:2]):
                    continue
                first, second = words[:2]
                for a in range(MIN_START, len(first) + 1):
                    for b in range(len(second) - MIN_END + 1):
                        blend = first[:a] + second[b:]
                        if len(blend) >= MIN_BLEND:
                            blends.fandoms.setdefault(blend, fandom)
        return blends

    def fandom(self, word: str) -> str | None:
        return self.fandoms.get(word) if len(word) >= MIN_BLEND else None

    def pairing(self, word: str, held: Callable[[str], bool]) -> str | None:
        """The pairing a blended word names (romantic key, as ship names are), or None when
        no split is sure. `held(key)`: whether the catalog holds that pairing."""
        if len(word) < MIN_BLEND or not word.isalpha():
            return None
        best: tuple[tuple, str] | None = None
        tied = False
        for cut in range(MIN_START, len(word) - MIN_END + 1):
            left, right = word[:cut], word[cut:]
            firsts, seconds = self.starts.get(left), self.ends.get(right)
            if not firsts or not seconds:
                continue
            for a in firsts:
                for b in seconds:
                    if a == b or self.home.get(a) != self.home.get(b):
                        continue
                    key = RelationshipKey.of([a, b]).label
                    whole = (a in self.whole.get(left, ())) + (b in self.whole.get(right, ()))
                    catalog = held(key)
                    if not catalog and whole < 2:
                        continue  # a chance split: "be" + "lief" is no ship
                    score = (catalog, whole, min(len(left), len(right)))
                    if best is None or score > best[0]:
                        best, tied = (score, key), False
                    elif score == best[0] and key != best[1]:
                        tied = True
        return None if best is None or tied else best[1]
