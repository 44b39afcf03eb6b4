"""A shelf's vocabulary carried over a change: the last file's, completed with what changed.

A server's shelf opens a new engine on each change (an upload added or removed), and loading
its vocabulary whole was most of that open's Python: every name of the shelf put again. Here
the last engine's vocabulary is copied (its tables, a copy in C each) and only the names whose
rows changed are put or taken out, each table kept as a whole load would leave it: a phrase's
entities in the order the names are added (`NAMED_KINDS`, each kind's names in the file's
order), a word's weight the largest of those its sources give it (so a source's leaving is
counted right), the relationship lists in their order. What that needs beyond the vocabulary
(which names put each phrase, each word's weights by how many sources give them) is `Tracked`,
made from the vocabulary on its first carry (as long as a whole load) and then handed on from
engine to engine: only the newest vocabulary holds it. A catalog with learned rows (a shelf
has none) is loaded whole.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.vocabulary import RelationshipKey

if TYPE_CHECKING:
    import sqlite3

    from bot.search.vocab import Entity, Vocabulary

SEPARATORS = frozenset({"/", "&"})  # in a phrase, never a word
_lock = threading.Lock()


@dataclass(slots=True)
class Tracked:
    """What a carry needs to know of a loaded vocabulary beyond its tables."""

    # each phrase the catalog's names add to: (place of its kind in NAMED_KINDS, name), in
    # the order a whole load puts them
    putters: dict[str, list[tuple[int, str]]]
    weights: dict[str, dict[int, int]]  # word -> weight -> how many sources give it
    lengths: dict[int, int]  # words in a phrase the catalog adds -> how many such phrases
    new_words: set[str]  # words weighed that the knowledge's names lack


def _step(table: dict, key: object, value: int, by: int) -> None:
    """`table[key][value]` counted up or down (entries at 0 dropped)."""
    found = table.setdefault(key, {})
    n = found.get(value, 0) + by
    if n:
        found[value] = n
    else:
        del found[value]
        if not found:
            del table[key]


def _count(table: dict[int, int], key: int, by: int) -> None:
    n = table.get(key, 0) + by
    if n:
        table[key] = n
    else:
        del table[key]


def track(vocab: Vocabulary) -> Tracked:
    """`Tracked` of a vocabulary `Vocabulary.load` made (a pass as long as its load)."""
    from bot.search.vocab import NAMED_KINDS
    base = vocab._base
    assert base is not None
    putters: dict[str, list[tuple[int, str]]] = {}
    for order, kind in enumerate(NAMED_KINDS):
        for name in vocab.counts.get(kind, ()):
            entry = (order, name)
            for key, _entity in vocab.catalog_puts(kind, name):
                found = putters.setdefault(key, [])
                if not found or found[-1] != entry:
                    found.append(entry)
    weights: dict[str, dict[int, int]] = {}
    lengths: dict[int, int] = {}
    for word, stories in vocab._title_counts.items():
        _step(weights, word, stories, 1)
    for key in vocab.phrases.own():  # type: ignore[attr-defined]
        if key not in base.phrases:
            _new_phrase(weights, lengths, key, 1)
    for kind, named in vocab.counts.items():
        for value, stories in named.items():
            _named_words(weights, vocab._named.get((kind, value), ()), stories, 1)
    return Tracked(putters, weights, lengths,
                   set(vocab._word_weight.keys() - base._word_weight.keys()))


def _new_phrase(weights: dict[str, dict[int, int]], lengths: dict[int, int], key: str,
                by: int) -> None:
    """A phrase the knowledge's names lack: its words weigh 1 at least."""
    words = key.split()
    _count(lengths, len(words), by)
    for word in words:
        if word not in SEPARATORS:
            _step(weights, word, 1, by)


def _named_words(weights: dict[str, dict[int, int]], phrases: object, stories: int,
                 by: int) -> None:
    """The words of the phrases naming a counted name weigh its stories + 1."""
    for phrase in phrases:  # type: ignore[attr-defined]
        for word in phrase.split():
            if word not in SEPARATORS:
                _step(weights, word, stories + 1, by)


def placed(bucket: list[Entity], entity: Entity, moods: bool) -> bool:
    """`entity` put in a phrase's entities as `Vocabulary._put` puts it (a stronger form of
    one there replaces it; a name goes before the moods); whether the list changed."""
    for i, known in enumerate(bucket):
        if known.kind == entity.kind and known.value == entity.value:
            if entity.weight > known.weight:
                bucket[i] = entity
                return True
            return False
    at = len(bucket)
    if moods and entity.kind != "mood":
        while at and bucket[at - 1].kind == "mood":
            at -= 1
    bucket.insert(at, entity)
    return True


def carried(conn: sqlite3.Connection, known: Vocabulary, previous: Vocabulary,
            written: Mapping[str, Mapping[str, int | None]] | None = None
            ) -> Vocabulary | None:
    """The vocabulary of the catalog at `conn` made from `previous` (see the module); None
    when it cannot be (then it is loaded whole). `written`: the vocabulary rows that differ
    from those of `previous`'s file, by kind (name -> stories now, None: gone), as the
    shelf's writer found them (bot.catalog.shelf); without it the file's names are read
    whole (a few thousand rows, in C) and compared with `previous`'s (SQLite comparing the
    two files, ATTACH and EXCEPT, cost more)."""
    from bot.search.vocab import Layered, LayeredWords, _initial_key
    if previous._base is not known or previous._learned != [] or not known._moods \
            or not isinstance(previous.phrases, Layered) \
            or not isinstance(previous._named, Layered):
        return None
    if conn.execute("SELECT 1 FROM learned LIMIT 1").fetchone():
        return None
    with _lock:  # handed on: only the newest vocabulary holds it
        tracked, previous._carrying = previous._carrying, None
    if tracked is None:
        tracked = track(previous)
    counts, titles, changed = (_read_whole(conn, previous) if written is None
                               else _patched(previous, written))
    title_changed = changed.pop("title-word", set())
    vocab = _copied(known, previous, counts, titles)
    change = _Change(vocab, known, previous, tracked)
    change.names(changed)
    change.counted(changed)
    old_titles = previous._title_counts
    for word in title_changed:
        if word in old_titles:
            change.weigh(word, old_titles[word], -1)
        if word in titles:
            change.weigh(word, titles[word], 1)
    _reweigh(vocab, known, tracked, change.touched)
    _rebucket(vocab._title_buckets,
              {w for w in title_changed if w in titles and w not in old_titles},
              {w for w in title_changed if w in old_titles and w not in titles}, 3)
    if "relationship" in changed:
        _relationships(vocab, previous, changed["relationship"], _initial_key)
    vocab.max_phrase_words = max(known.max_phrase_words, max(tracked.lengths, default=0))
    vocab.known_words = LayeredWords.of(known.known_words,
                                        frozenset(tracked.new_words - known.known_words))
    vocab._carrying = tracked
    return vocab


def _copied(known: Vocabulary, previous: Vocabulary, counts: Counts,
            titles: dict[str, int]) -> Vocabulary:
    """A new vocabulary on `known` holding copies of `previous`'s tables (each in C: the
    lists in them are shared, and replaced, never changed, where a change reaches them)."""
    from bot.search.vocab import Layered, Vocabulary
    vocab = Vocabulary()
    vocab._base = known
    vocab._moods = True
    vocab._learned = []
    phrases = Layered(known.phrases)  # over the knowledge's, as a whole load's
    phrases.taking(dict(previous.phrases.own()))  # type: ignore[attr-defined]
    named = Layered(known._named)
    named.taking(dict(previous._named.own()))  # type: ignore[attr-defined]
    vocab.phrases, vocab._named = phrases, named
    vocab.ship_names = defaultdict(list, previous.ship_names)
    vocab.character_fandom = previous.character_fandom  # only learned rows add to it
    vocab.gender, vocab.other_names = known.gender, known.other_names
    vocab.blends, vocab.beings = known.blends, known.beings
    vocab.counts = counts
    vocab._title_counts = titles
    vocab.title_words = set(titles)
    vocab._word_weight = dict(previous._word_weight)
    vocab.by_member = defaultdict(list, previous.by_member)
    vocab.by_initials = defaultdict(list, previous.by_initials)
    vocab._buckets = dict(previous._buckets)
    vocab._title_buckets = dict(previous._title_buckets)
    return vocab


class _Change:
    """One carry's work on the phrases and the words' weights."""

    def __init__(self, vocab: Vocabulary, known: Vocabulary, previous: Vocabulary,
                 tracked: Tracked) -> None:
        self.vocab, self.known, self.previous, self.tracked = vocab, known, previous, tracked
        self.touched: set[str] = set()  # words whose sources changed
        self._puts: dict[tuple[str, str], list[tuple[str, Entity]]] = {}

    def weigh(self, word: str, weight: int, by: int) -> None:
        _step(self.tracked.weights, word, weight, by)
        self.touched.add(word)

    def puts_of(self, kind: str, name: str) -> list[tuple[str, Entity]]:
        found = self._puts.get((kind, name))
        if found is None:
            found = self._puts[(kind, name)] = self.vocab.catalog_puts(kind, name)
        return found

    def names(self, changed: dict[str, set[str]]) -> None:
        """Names that came or left: the phrases they put, the phrases naming them."""
        from bot.search.vocab import NAMED_KINDS
        keys: set[str] = set()
        own_named = self.vocab._named.own()  # type: ignore[attr-defined]
        for order, kind in enumerate(NAMED_KINDS):
            old, new = self.previous.counts.get(kind, {}), self.vocab.counts[kind]
            for name in changed.get(kind, ()):
                now = name in new
                if (name in old) == now:
                    continue
                for key, _entity in self.puts_of(kind, name):
                    self._putter(key, (order, name), now)
                    keys.add(key)
                own_named.pop((kind, name), None)
                if now and (added := _inserted(self.known, self.puts_of(kind, name))):
                    own_named[(kind, name)] = [*self.known._named.get((kind, name), ()),
                                               *added]
        for key in keys:
            self._phrase(key)

    def _putter(self, key: str, entry: tuple[int, str], now: bool) -> None:
        putters = self.tracked.putters.setdefault(key, [])
        at = bisect.bisect_left(putters, entry)
        if now and (at == len(putters) or putters[at] != entry):
            putters.insert(at, entry)
        elif not now and at < len(putters) and putters[at] == entry:
            del putters[at]
        if not putters:
            del self.tracked.putters[key]

    def _phrase(self, key: str) -> None:
        """A phrase's entities made again from the knowledge's and its names' (in order)."""
        from bot.search.vocab import NAMED_KINDS
        bucket = list(self.known.phrases.get(key, ()))
        changed = False
        for order, name in self.tracked.putters.get(key, ()):
            for at_key, entity in self.puts_of(NAMED_KINDS[order], name):
                if at_key == key and placed(bucket, entity, moods=True):
                    changed = True
        own = self.vocab.phrases.own()  # type: ignore[attr-defined]
        was = key in own
        if changed:
            own[key] = bucket
        else:
            own.pop(key, None)
        if key not in self.known.phrases and was != changed:  # a phrase the catalog adds
            by = 1 if changed else -1
            _count(self.tracked.lengths, len(key.split()), by)
            for word in key.split():
                if word not in SEPARATORS:
                    self.weigh(word, 1, by)

    def counted(self, changed: dict[str, set[str]]) -> None:
        """Words weighed by the stories naming what they mean: the changed names'."""
        old_named, new_named = self.previous._named, self.vocab._named
        for kind, names in changed.items():
            old, new = self.previous.counts.get(kind, {}), self.vocab.counts.get(kind, {})
            for name in names:
                for table, stories, by in ((old_named, old.get(name), -1),
                                           (new_named, new.get(name), 1)):
                    if stories is not None:
                        for phrase in table.get((kind, name), ()):
                            for word in phrase.split():
                                if word not in SEPARATORS:
                                    self.weigh(word, stories + 1, by)


Counts = defaultdict[str, dict[str, int]]


def _read_whole(conn: sqlite3.Connection,
                previous: Vocabulary) -> tuple[Counts, dict[str, int], dict[str, set[str]]]:
    """The catalog's names with their counts, titles' words with theirs, and the names whose
    count changed from `previous`'s, appeared or left, by kind ('title-word': the titles')."""
    from bot.search.vocab import NAMED_KINDS
    counts: Counts = defaultdict(dict)
    titles: dict[str, int] = {}
    for kind, in conn.execute("SELECT DISTINCT kind FROM vocabulary ORDER BY kind").fetchall():
        rows = dict(conn.execute("SELECT name, stories FROM vocabulary WHERE kind = ? "
                                 "ORDER BY name", (kind,)))
        if kind == "title-word":
            titles = rows
        else:
            counts[kind] = rows
    for kind in NAMED_KINDS:  # present, as a whole load leaves them
        counts.setdefault(kind, {})
    changed = {}
    for kind in {*counts, *previous.counts}:
        diff = previous.counts.get(kind, {}).items() ^ counts.get(kind, {}).items()
        if diff:
            changed[kind] = {name for name, _stories in diff}
    diff = previous._title_counts.items() ^ titles.items()
    if diff:
        changed["title-word"] = {name for name, _stories in diff}
    return counts, titles, changed


def _patched(previous: Vocabulary, change: Mapping[str, Mapping[str, int | None]]
             ) -> tuple[Counts, dict[str, int], dict[str, set[str]]]:
    """`_read_whole`'s answer from `previous`'s tables and the rows that changed, with no
    read: each table copied (in C) and only a changed kind's made again, in the order a read
    gives (kinds, then names, by their bytes: code points, as UTF-8 sorts)."""
    from bot.search.vocab import NAMED_KINDS
    tables = {kind: named for kind, named in previous.counts.items() if named}
    tables["title-word"] = previous._title_counts
    changed: dict[str, set[str]] = {}
    for kind, rows in change.items():
        table = dict(tables.get(kind, ()))
        names, grew = set(), False
        for name, stories in rows.items():
            if table.get(name) == stories:
                continue
            names.add(name)
            if stories is None:
                del table[name]
            else:
                grew = grew or name not in table
                table[name] = stories
        if names:
            changed[kind] = names
            tables[kind] = dict(sorted(table.items())) if grew else table
    titles = tables.pop("title-word")
    counts: Counts = defaultdict(dict)
    for kind in sorted(kind for kind, named in tables.items() if named):
        counts[kind] = tables[kind] if kind in changed else dict(tables[kind])
    for kind in NAMED_KINDS:
        counts.setdefault(kind, {})
    return counts, titles if "title-word" in changed else dict(titles), changed


def _inserted(known: Vocabulary, puts: list[tuple[str, Entity]]) -> list[str]:
    """The phrases a name's entities are new in (`_named`'s own part): not where the
    knowledge's names already mean it."""
    seen: list[str] = []
    out = []
    for key, entity in puts:
        if key in seen:
            continue
        seen.append(key)
        if not any(e.kind == entity.kind and e.value == entity.value
                   for e in known.phrases.get(key, ())):
            out.append(key)
    return out


def _reweigh(vocab: Vocabulary, known: Vocabulary, tracked: Tracked,
             touched: set[str]) -> None:
    """The weights of the words whose sources changed, and the typo index's new words."""
    came, left = set(), set()
    for word in touched:
        base = known._word_weight.get(word, -1)
        found = tracked.weights.get(word)
        weight = max(base, max(found) if found else -1)
        if weight < 0:
            vocab._word_weight.pop(word, None)
        else:
            vocab._word_weight[word] = weight
        new = weight >= 0 and base < 0
        if new and word not in tracked.new_words:
            came.add(word)
        elif not new and word in tracked.new_words:
            left.add(word)
    tracked.new_words |= came
    tracked.new_words -= left
    _rebucket(vocab._buckets, came, left, 4)


def _rebucket(buckets: dict[str, list[str]], came: set[str], left: set[str],
              shortest: int) -> None:
    """Sorted word lists by first letter, with words added and taken out (each list copied
    before it changes: the last vocabulary's are shared)."""
    copied: set[str] = set()

    def bucket(letter: str) -> list[str]:
        if letter not in copied:
            copied.add(letter)
            buckets[letter] = list(buckets.get(letter, ()))
        return buckets[letter]

    for word in left:
        if len(word) >= shortest and not word.isdigit():
            found = bucket(word[0])
            at = bisect.bisect_left(found, word)
            if at < len(found) and found[at] == word:
                del found[at]
            if not found:
                del buckets[word[0]]
                copied.discard(word[0])
    for word in came:
        if len(word) >= shortest and not word.isdigit():
            bisect.insort(bucket(word[0]), word)


def _relationships(vocab: Vocabulary, previous: Vocabulary, keys: set[str],
                   initials: Callable[[list[str]], tuple[str, ...]]) -> None:
    """The relationship lists by member and by initials holding a changed relationship, as a
    whole load orders them (most stories first, then by key)."""
    counts = vocab.counts["relationship"]
    entries: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    by_initials: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in keys:
        members = list(RelationshipKey.parse(key).members)
        for member in members:
            entries[member]
        by_initials[initials(members)]
        if key in counts:
            for member in members:
                entries[member].append((key, counts[key]))
            by_initials[initials(members)].append(key)
    for member, new in entries.items():
        kept = [p for p in previous.by_member.get(member, ()) if p[0] not in keys] + new
        kept.sort(key=lambda p: (-p[1], p[0]))
        if kept:
            vocab.by_member[member] = kept
        else:
            vocab.by_member.pop(member, None)
    for letters, new_keys in by_initials.items():
        found = [k for k in previous.by_initials.get(letters, ()) if k not in keys] + new_keys
        found.sort(key=lambda k: (-counts.get(k, 0), k))
        if found:
            vocab.by_initials[letters] = found
        else:
            vocab.by_initials.pop(letters, None)
