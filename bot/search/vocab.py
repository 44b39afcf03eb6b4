"""In-memory vocabularies: every name a request can mean, and typo correction for its words.

Loaded once per Engine from the catalog's `vocabulary` table (names with story counts, filled at
ingest) and fandom knowledge (aliases, nicknames, ship names). The knowledge's part, with the
mood phrases every catalog has, and its word index are made once (`known_names`) and shared, a
list copied only where a catalog adds to it: a server's shelf opens an engine on every change,
and it should cost the shelf's names, not the knowledge's. Nothing here is per story, so it
stays small at a million stories. Fuzzy matching is word-level: a word the vocabulary does not
know is compared, with an edit distance and a score cutoff, only against known words with the
same first letter and a similar length; short words must match exactly.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, MutableMapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge import Knowledge
from bot.knowledge.learn import short_forms
from bot.knowledge.view import KnowledgeView, from_knowledge
from bot.search import vocab_carry as _carry
from bot.search.blends import Blends
from bot.search.synonyms import SYNONYMS, forms
from bot.search.text import MOOD_WORDS, STOP_WORDS, fold, fold_name
from bot.vocabulary import MOODS, RelationshipKey

K = TypeVar("K")
V = TypeVar("V")
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
MAX_PHRASE_WORDS = 6

# Confidence of each surface form. A place ("the Enterprise") suggests its fandom, too weakly
# to narrow a search to it (the engine's hard fandom filter starts at 0.85).
W_CANONICAL, W_ALIAS, W_NICKNAME, W_PART, W_TAG, W_PLACE = 1.0, 0.95, 0.85, 0.75, 0.7, 0.8


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # character, fandom, relationship, mood, author, tag
    value: str  # canonical name / relationship key / mood
    weight: float  # how surely this surface form means it
    fandom: str | None = None
    place: bool = False  # a fandom named by a place in it ("the Enterprise")


def _phrase_key(surface: str, keep_separators: bool = False) -> str:
    """The phrase a surface form is known by ("" when it cannot be one)."""
    key = fold(surface) if keep_separators else fold_name(surface)
    return key if key and len(key.split()) <= MAX_PHRASE_WORDS else ""


@functools.cache
def _mood_phrases() -> tuple[tuple[str, Entity], ...]:
    """Every catalog's mood words, folded once; a phrase also in its first word's other
    forms ("looked after", "being looked after" for "look after"; "ruined me")."""
    out = {}
    for inflected in (False, True):  # the phrases as listed first: no form replaces one
        for phrase, mood in MOOD_WORDS.items():
            entity = Entity("mood", mood,
                            W_CANONICAL if phrase.replace(" ", "-") in MOODS else 0.9)
            for said in _verb_forms(phrase) if inflected else (phrase,):
                if (key := _phrase_key(said, keep_separators=True)) and key not in out:
                    out[key] = entity
    return tuple(out.items())


def _verb_forms(phrase: str) -> list[str]:
    """A phrase with its first word's regular forms ("look after": "looks", "looked",
    "looking after"); a form no one types ("sads ending") is never asked for, so harmless."""
    first, _, rest = phrase.partition(" ")
    if not rest or not first.isalpha() or len(first) < 3:
        return []
    base = first
    for ending in ("ing", "ed", "s"):
        if first.endswith(ending) and len(first) - len(ending) >= 3:
            base = first[: -len(ending)]
            break
    stem = base[:-1] if base.endswith("e") else base
    return [f"{form} {rest}" for form in {base, f"{base}s", f"{stem}ed", f"{stem}ing"}
            if form != first]


KNOWN_KEPT = 4  # loaded knowledges whose names are kept (a bot has one)
_known: dict[int, tuple[object, Vocabulary]] = {}
_known_lock = threading.Lock()


def known_names(knowledge: Knowledge) -> Vocabulary:
    """The knowledge's names as `Vocabulary.load` starts from, made once per loaded knowledge
    (its fandom records never change once loaded): a server's shelf opens an engine on each
    change, and making them again was most of its cost."""
    records = knowledge.fandoms
    with _known_lock:
        found = _known.get(id(records))
        if found is None or found[0] is not records:
            found = (records, Vocabulary.of_knowledge(from_knowledge(knowledge), moods=True))
            while len(_known) >= KNOWN_KEPT:  # the oldest knowledge goes (tests load many)
                del _known[next(iter(_known))]
            _known[id(records)] = found
        return found[1]


def being_forms(being: str) -> set[str]:
    """The words a request may ask for a kind of being by: "elf" -> elves, elfs; "vampire" ->
    vampires, vamp, vamps (synonyms)."""
    word = fold(being)
    found = {word + "s", word + "es", *forms(word)}
    if word.endswith("f"):
        found.add(word[:-1] + "ves")
    return found


class LayeredWords(AbstractSet[str]):
    """A layer's known words: its base's, shared, and the few it adds. A copy of the base's
    (thousands of words) on each shelf engine's open was most of what the collector's passes
    walked of each new engine until it aged out of the young generations."""

    __slots__ = ("_base", "_own")

    def __init__(self, base: AbstractSet[str], added: list[str]) -> None:
        self._base = base
        self._own = frozenset(w for w in added if w not in base)

    @classmethod
    def of(cls, base: AbstractSet[str], own: frozenset[str]) -> LayeredWords:
        """`own`: words `base` lacks, made already (a carried vocabulary's)."""
        words = cls.__new__(cls)
        words._base, words._own = base, own
        return words

    def __contains__(self, word: object) -> bool:
        return word in self._own or word in self._base

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(self._base, self._own)

    def __len__(self) -> int:
        return len(self._base) + len(self._own)


class Layered(MutableMapping[K, V]):
    """A layer's table: its base's, shared (never changed through the layer), and the keys
    it adds or changes, in a dict of its own; iterated in the order a copy of the base
    updated with them would be. A copy of the knowledge's phrases (thousands of lists) on
    each shelf engine's open was what the collector's young passes then walked, inside the
    searches, until it aged out of the young generations."""

    __slots__ = ("_base", "_own")

    def __init__(self, base: Mapping[K, V]) -> None:
        self._base = base
        self._own: dict[K, V] = {}

    def __getitem__(self, key: K) -> V:
        found = self._own.get(key, _ABSENT)
        if found is _ABSENT:
            found = self._base.get(key, _ABSENT)
            if found is _ABSENT:
                raise KeyError(key)
        return found  # type: ignore[return-value]

    def get(self, key: K, default: Any = None) -> Any:
        found = self._own.get(key, _ABSENT)
        return self._base.get(key, default) if found is _ABSENT else found

    def __contains__(self, key: object) -> bool:
        return key in self._own or key in self._base

    def __setitem__(self, key: K, value: V) -> None:
        self._own[key] = value

    def __delitem__(self, key: K) -> None:
        raise TypeError("a layer's table never loses a key")

    def own(self) -> dict[K, V]:
        """The keys this layer adds or changes (a carried vocabulary's layer edits a copy)."""
        return self._own

    def taking(self, own: dict[K, V]) -> None:
        """Use `own` (a copy of another layer's, over the same base) as this layer's."""
        self._own = own

    def __iter__(self) -> Iterator[K]:
        own = self._own
        yield from self._base
        yield from (key for key in own if key not in self._base)

    def __len__(self) -> int:
        return len(self._base) + sum(1 for key in self._own if key not in self._base)


_ABSENT = object()


def _initial_key(members: list[str]) -> tuple[str, ...]:
    return tuple(sorted(fold_name(m)[:1] for m in members))


NAMED_KINDS = ("character", "fandom", "author", "tag", "relationship")  # in the order added


def _character_puts(name: str, fandom: str | None) -> list[tuple[str, Entity]]:
    """The phrases (folded) and entities a character's name adds: the name, without its
    parenthesis, its first and last word."""
    out = [(name, Entity("character", name, W_CANONICAL, fandom))]
    bare = _PAREN.sub("", name)
    if bare != name:
        out.append((bare, Entity("character", name, W_ALIAS, fandom)))
    parts = fold_name(bare).split()
    if len(parts) > 1:
        for part in (parts[0], parts[-1]):
            if len(part) > 2 and part not in STOP_WORDS:
                out.append((part, Entity("character", name, W_PART, fandom)))
    return [(key, entity) for surface, entity in out if (key := _phrase_key(surface))]


class Vocabulary:
    """Names, counts and the word index; read-only after construction (thread-safe)."""

    def __init__(self) -> None:
        self.phrases: MutableMapping[str, list[Entity]] = defaultdict(list)
        self.counts: dict[str, dict[str, int]] = defaultdict(dict)
        self.character_fandom: dict[str, str] = {}
        self.gender: dict[str, str] = {}  # character -> f, m or n (from fandom knowledge)
        # other names fans type (nicknames, aliases, abbreviations): (folded, kind, canonical)
        self.other_names: list[tuple[str, str, str]] = []
        self.ship_names: dict[str, list[str]] = defaultdict(list)
        self.by_member: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.by_initials: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self.title_words: set[str] = set()
        self._title_counts: dict[str, int] = {}
        self._word_weight: dict[str, int] = {}
        self._new_words: list[str] = []  # words _word_weight lacked (a layer: its base lacks)
        self._buckets: dict[str, list[str]] = {}
        self._title_buckets: dict[str, list[str]] = {}
        self.known_words: AbstractSet[str] = set()
        self.blends = Blends()  # ship and fandom names blended from the knowledge's names
        # what characters are ("vampire", "vampires", "vamps") -> the characters who are it
        self.beings: dict[str, tuple[str, ...]] = {}
        self.max_phrase_words = 1
        # the phrases naming each (kind, value): the words their counts weigh
        self._named: MutableMapping[tuple[str, str], list[str]] = defaultdict(list)
        self._base: Vocabulary | None = None  # the vocabulary this one shares lists with
        self._moods = False  # holds every catalog's mood phrases (a shared base does)
        self._learned: list[tuple[str, str, str]] | None = None  # a catalog's learned rows
        self._carrying: _carry.Tracked | None = None  # what carrying it needs (made on use)

    # -- building -------------------------------------------------------------------------
    @classmethod
    def load(cls, conn: sqlite3.Connection, known: Vocabulary,
             previous: Vocabulary | None = None,
             change: Mapping[str, Mapping[str, int | None]] | None = None) -> Vocabulary:
        """A catalog's vocabulary: `known` (the knowledge's names, `known_names`) shared, plus
        the catalog's. With `previous` (the vocabulary of an earlier file of the same
        catalog, loaded on `known`: a server's shelf before its change), `previous`'s tables
        taken over and completed with only the names whose rows changed (`carried`): the
        same vocabulary as a whole load, for the change's work, not the shelf's; `change`, the
        rows that differ from `previous`'s file's (its writer's), spares reading them all."""
        if previous is not None:
            carried = _carry.carried(conn, known, previous, change)
            if carried is not None:
                return carried
        vocab = known._layer()
        vocab._add_catalog(conn)
        return vocab

    def _add_catalog(self, conn: sqlite3.Connection) -> None:
        for kind, name, stories in conn.execute("SELECT kind, name, stories FROM vocabulary"):
            if kind == "title-word":
                self.title_words.add(name)
                self._title_counts[name] = stories
                self._note_word(name, stories)
            else:
                self.counts[kind][name] = stories
        self._learned = conn.execute("SELECT kind, name, target FROM learned "
                                     "ORDER BY kind, name, target").fetchall()
        self._add_learned(conn)
        self._add_catalog_names()
        if not self._moods:
            self._add_moods()
        self._index_words()

    def _add_moods(self) -> None:
        for key, entity in _mood_phrases():
            self._put(key, entity)
        self._moods = True

    @classmethod
    def of_knowledge(cls, knowledge: KnowledgeView, *, moods: bool = False) -> Vocabulary:
        """The names fandom knowledge gives, the part every catalog's vocabulary shares (its
        word index made once too); `moods`: with the mood phrases every catalog adds (after
        its own names: `_put` keeps that order)."""
        vocab = cls()
        vocab._add_knowledge(knowledge)
        if moods:
            vocab._add_moods()
        vocab._index_words()
        vocab.blends = Blends.of(
            ((n, c.fandom, (*c.aliases, *c.nicknames)) for n, c in knowledge.characters.items()),
            knowledge.fandoms.items())
        return vocab

    def _layer(self) -> Vocabulary:
        """Another vocabulary to add to, sharing this one's lists until it changes one (copy
        on write: `_own`) and its word index where it adds no word: a server's shelf opens
        an engine on each change, and copying every list of the knowledge's names was most
        of what that cost. This one is never changed again (entities are frozen)."""
        vocab = Vocabulary()
        vocab._base = self
        vocab._moods = self._moods
        vocab.phrases = Layered(self.phrases)
        vocab._named = Layered(self._named)
        vocab.ship_names.update(self.ship_names)
        vocab.character_fandom = dict(self.character_fandom)
        vocab.gender = self.gender  # shared: only the knowledge's names add to these two
        vocab.other_names = self.other_names
        vocab._word_weight = dict(self._word_weight)
        vocab.max_phrase_words = self.max_phrase_words
        vocab.blends = self.blends
        vocab.beings = self.beings
        return vocab

    def _own(self, table: str, key: Any) -> list[Any]:
        """`self.<table>[key]`, a list this vocabulary may change (a new one where it has
        none): the base's copied first."""
        mine: MutableMapping[Any, list[Any]] = getattr(self, table)
        found = mine.get(key)
        if found is None:
            found = mine[key] = []
        elif self._base is not None and found is getattr(self._base, table).get(key):
            found = mine[key] = list(found)
        return found

    def _add(self, surface: str, entity: Entity, *, keep_separators: bool = False) -> None:
        if key := _phrase_key(surface, keep_separators):
            self._put(key, entity)

    def _put(self, key: str, entity: Entity) -> None:
        """Add a surface form (folded); a new phrase's words are known words (weight 1 until
        `_index_words` weighs them by the stories naming what they mean)."""
        for i, known in enumerate(self.phrases.get(key, ())):
            if known.kind == entity.kind and known.value == entity.value:
                if entity.weight > known.weight:
                    self._own("phrases", key)[i] = entity
                return
        bucket = self._own("phrases", key)
        at = len(bucket)
        if self._moods and entity.kind != "mood":  # a name goes before the moods, as when
            while at and bucket[at - 1].kind == "mood":  # the moods are added after it
                at -= 1
        bucket.insert(at, entity)
        self._own("_named", (entity.kind, entity.value)).append(key)
        if len(bucket) == 1:
            words = key.split()
            self.max_phrase_words = max(self.max_phrase_words, len(words))
            for word in words:
                if word not in {"/", "&"}:
                    self._note_word(word, 1)

    def _add_knowledge(self, view: KnowledgeView) -> None:
        assert self._base is None, "a layer shares its base's knowledge names (_layer)"
        for fandom, aliases in view.fandoms.items():
            self._add(fandom, Entity("fandom", fandom, W_CANONICAL))
            for alias in aliases:
                self._add(_PAREN.sub("", alias) or alias, Entity("fandom", fandom, W_ALIAS))
                self.other_names.append((fold_name(alias), "fandom", fandom))
        for fandom, places in view.places.items():
            for place in places:
                self._add(place, Entity("fandom", fandom, W_PLACE, place=True))
        for name, names in view.characters.items():
            self.character_fandom[name] = names.fandom
            self.gender[name] = names.gender
            self._add_character(name, names.fandom)
            for alias in names.aliases:
                self._add(alias, Entity("character", name, W_ALIAS, names.fandom))
                self.other_names.append((fold_name(alias), "character", name))
            for nickname in names.nicknames:
                if len(fold_name(nickname)) > 1:  # "B" is an initial, not a name
                    self._add(nickname, Entity("character", name, W_NICKNAME, names.fandom))
                    self.other_names.append((fold_name(nickname), "character", name))
        beings: dict[str, list[str]] = defaultdict(list)
        for name, names in view.characters.items():
            for being in names.beings:
                for form in being_forms(being):
                    beings[form].append(name)
        self.beings = {form: tuple(names) for form, names in beings.items()}
        for key, ship_names in view.ships.items():
            for ship in ship_names:
                self.ship_names[key].append(ship)
                self._add(ship, Entity("relationship", key, W_CANONICAL),
                          keep_separators=True)

    def _add_learned(self, conn: sqlite3.Connection) -> None:
        """What the catalog learned at ingest (bot.catalog.learning): ship-name tags as names
        of their pairing, and short forms of an unknown fandom's characters ("Ilsa")."""
        for kind, name, target in conn.execute(
                "SELECT kind, name, target FROM learned ORDER BY kind, name, target"):
            if kind == "ship":
                self._own("ship_names", target).append(name)
                self._add(name, Entity("relationship", target, W_CANONICAL),
                          keep_separators=True)
            elif kind == "character" and name not in self.character_fandom:
                self.character_fandom[name] = target
                self._add_character(name, target)
                for form in short_forms(name):
                    self._add(form, Entity("character", name, W_ALIAS, target))

    def _add_character(self, name: str, fandom: str | None) -> None:
        for key, entity in _character_puts(name, fandom):
            self._put(key, entity)

    def _add_catalog_names(self) -> None:
        for kind in NAMED_KINDS:
            named = self.counts[kind]
            if kind == "relationship":
                for key, stories in named.items():
                    members = list(RelationshipKey.parse(key).members)
                    for member in members:
                        self.by_member[member].append((key, stories))
                    self.by_initials[_initial_key(members)].append(key)
            for name in named:
                for key, entity in self.catalog_puts(kind, name):
                    self._put(key, entity)
        for pairs in self.by_member.values():
            pairs.sort(key=lambda p: (-p[1], p[0]))
        rel_counts = self.counts["relationship"]
        for keys in self.by_initials.values():
            keys.sort(key=lambda k: -rel_counts.get(k, 0))

    def catalog_puts(self, kind: str, name: str) -> list[tuple[str, Entity]]:
        """The phrases (folded) and entities a catalog name of `kind` adds, in order."""
        if kind == "character":
            return [] if name in self.character_fandom else _character_puts(name, None)
        out = []
        if kind == "fandom":
            out.append((name, Entity("fandom", name, W_CANONICAL), False))
            bare = _PAREN.sub("", name)
            if bare != name:
                out.append((bare, Entity("fandom", name, W_ALIAS), False))
        elif kind == "author":
            out.append((name, Entity("author", name, 0.9), False))
        elif kind == "tag":
            out.append((name, Entity("tag", name, W_TAG), False))
        elif kind == "relationship":
            out.append((name, Entity("relationship", name, W_CANONICAL), True))
        return [(key, entity) for surface, entity, keep in out
                if (key := _phrase_key(surface, keep))]

    def _note_word(self, word: str, weight: int) -> None:
        known = self._word_weight.get(word, -1)
        if weight > known:
            if known < 0:
                self._new_words.append(word)
            self._word_weight[word] = weight

    def _index_words(self) -> None:
        # a phrase's words weigh as much as the stories naming what it means (+1): only the
        # names this catalog counts weigh more than the 1 every phrase's words start with
        for kind, named in self.counts.items():
            for value, stories in named.items():
                for phrase in self._named.get((kind, value), ()):
                    for word in phrase.split():
                        if word not in {"/", "&"}:
                            self._note_word(word, stories + 1)
        # everyday words the search has synonyms for are words, never typos of names
        # ("stuck" is not "stucky")
        base = self._base
        words: AbstractSet[str] | list[str] = self._word_weight.keys()
        if base is not None:  # the base's words are indexed: only the words it lacks, noted
            words = self._new_words  # as they came (not the base's thousands compared)
            self.known_words = LayeredWords(base.known_words, words)
        else:
            self.known_words = set(words) | STOP_WORDS | set(SYNONYMS)
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in words:
            if len(word) >= 4 and not word.isdigit():
                buckets[word[0]].append(word)
        self._buckets = dict(base._buckets) if base is not None else {}
        for k, v in buckets.items():
            self._buckets[k] = sorted((*self._buckets.get(k, ()), *v))
        titles: dict[str, list[str]] = defaultdict(list)
        for word in self.title_words:
            if len(word) >= 3 and not word.isdigit():
                titles[word[0]].append(word)
        self._title_buckets = {k: sorted(v) for k, v in titles.items()}

    # -- queries --------------------------------------------------------------------------
    def count_of(self, entity: Entity) -> int:
        return self.counts.get(entity.kind, {}).get(entity.value, 0)

    def correct(self, word: str) -> tuple[str, float] | None:
        """The known word a typo most likely meant, with a similarity 0..1, or None.

        Words under four letters are never corrected, and never corrected into ("said" is not
        "sad"); one edit is allowed up to six letters, two beyond.
        """
        if len(word) < 4 or word in self.known_words or word.isdigit():
            return None
        bucket = self._buckets.get(word[0])
        if not bucket:
            return None
        limit = 1 if len(word) <= 6 else 2
        found = process.extract(word, bucket, scorer=OSA.distance, score_cutoff=limit,
                                limit=8)
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], -self._word_weight.get(f[0], 0)))
        similarity = 1.0 - best[1] / max(len(word), len(best[0]))
        return best[0], similarity

    def correct_title_word(self, stem: str) -> str | None:
        """The title word (a stem, as the title index holds them) a typed stem most likely
        meant: one edit up to five letters, two beyond ("evri" -> "everi", "stich" ->
        "stitch"), the most used first."""
        if len(stem) < 3 or stem in self.title_words:
            return None
        bucket = self._title_buckets.get(stem[0])
        if not bucket:
            return None
        limit = 1 if len(stem) <= 5 else 2
        found = process.extract(stem, bucket, scorer=OSA.distance, score_cutoff=limit,
                                limit=8)
        if not found:
            return None
        return min(found, key=lambda f: (f[1], -self._title_counts.get(f[0], 0)))[0]

    def title_word_stories(self, word: str) -> int:
        """How many titles hold a word (0 when unknown)."""
        return self._title_counts.get(word, 0)

    def prefix_words(self, prefix: str, limit: int = 50) -> list[str]:
        """Known words starting with a prefix, most used first (for autocomplete)."""
        bucket = self._buckets.get(prefix[:1], [])
        lo = bisect.bisect_left(bucket, prefix)
        hi = bisect.bisect_left(bucket, prefix + "\uffff")
        found = bucket[lo:hi] if hi - lo <= 5000 else bucket[lo:lo + 5000]
        found.sort(key=lambda w: -self._word_weight.get(w, 0))
        return found[:limit]

    def relationships_with(self, character: str) -> list[tuple[str, int]]:
        return self.by_member.get(character, [])

    def relationships_by_initials(self, initials: tuple[str, ...]) -> list[str]:
        return self.by_initials.get(tuple(sorted(initials)), [])

    def ships_of(self, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.ship_names.get(key, ())))
