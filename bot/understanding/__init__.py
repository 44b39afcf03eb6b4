"""What a reader sees in a story that the file may not state: who is in it, which pairings,
which moods, and passages worth quoting. Runs at ingest, after fandom knowledge is applied.

`understand(story, knowledge)` fills story.fandoms when neither the file nor the knowledge's
normalisation found one (guessed from the names the body uses), story.characters (mentions,
prominence; unstated ones are added with stated=False), story.relationships (inferred ones
appended with stated=False and a confidence < 1), story.moods (all ten moods, 0..1) and
story.passages.

Bounded analysis: the body is cut into blocks (cheap), and a long story is then read through
a fixed budget of text, about 6 KB (blocks.SAMPLE_CHARS): its first blocks, evenly spaced
blocks across the middle and its last blocks. Why: this runs in the ingest workers, whose
speed budget allows understanding a fraction of what parsing costs, and a 3,000-word story's
mood, leads and pairings are clear from a third of it. Everything is read from that sample:
the fandom guess, name counts (scaled to the whole story, so mentions stay comparable across
lengths), relationship evidence (among the RELATIONSHIP_CAST most named characters only),
moods and excerpt candidates. A character named only outside the sample is not found; one named
once inside it counts as a few mentions. Stories within the budget are read whole.

Cost: one tokenising pass over the sample (bytes split per block, one name regex per block)
plus dict and set lookups; name tables are built once per fandom set.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.story import Story
from bot.understanding import characters, excerpts, moods, relationships
from bot.understanding.blocks import cut_blocks, sample, tokenise
from bot.understanding.lexicon import MOODS

__all__ = ["MOODS", "understand"]

# Name tables by fandom set. The key holds the ids of the CharacterInfo records, and the value
# keeps those records alive, so a cast the knowledge learns later gets a fresh table.
_TABLES: dict[tuple, tuple[list, characters.NameTable]] = {}
_TABLE_CACHE_SIZE = 64


class _StatedName:
    """A stated character the knowledge files do not know: matched by its own name."""

    __slots__ = ("aliases", "gender", "name", "nicknames")

    def __init__(self, name: str) -> None:
        self.name, self.aliases, self.nicknames, self.gender = name, (), (), None


def _table(story: Story, knowledge) -> characters.NameTable:
    infos = knowledge.characters_in(list(story.fandoms)) if story.fandoms else []
    key = (tuple(story.fandoms), tuple(map(id, infos)))
    cached = _TABLES.get(key)
    if cached is None:
        if len(_TABLES) >= _TABLE_CACHE_SIZE:
            _TABLES.clear()
        cached = _TABLES[key] = (infos, characters.build_table(infos))
    base = cached[1]
    unknown = [c.name for c in story.characters if c.name not in base.genders]
    if not unknown:
        return base
    extra = characters.build_table(_StatedName(n) for n in unknown)
    entries = dict(base.entries)
    for token, found in extra.entries.items():
        entries[token] = entries.get(token, ()) + found
    return characters.NameTable(entries, {**base.genders, **extra.genders})


def _resolver(table: characters.NameTable):
    def resolve(name: str) -> str | None:
        name = name.strip()
        if name in table.genders:
            return name
        for token in (name, name.split()[0] if name.split() else ""):
            found = table.entries.get(token, ())
            if len({e.character for e in found}) == 1:
                return found[0].character
        return None
    return resolve


def _leads_of_pairings(story: Story) -> None:
    """A member of the story's pairing is one of its leads even when rarely named."""
    members = {m for r in story.relationships
               if r.confidence >= 0.4 and r.modifier not in ("past", "mentioned")
               for m in r.members}
    for character in story.characters:
        if character.name in members and character.mentions:
            character.prominence = max(character.prominence, 0.5)
    stated = [c for c in story.characters if c.stated]
    story.characters[:] = stated + sorted((c for c in story.characters if not c.stated),
                                          key=lambda c: (-c.prominence, -c.mentions))


_NAME_LIKE = re.compile(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)?")


def guess_fandoms_from_text(story: Story, knowledge, text: str | None = None) -> list[str]:
    """Fandoms for a story that states none and names nobody in its header (bare text,
    fanfiction.net copies): the capitalised names its text uses (the body, or the sampled
    text `understand` reads), voted by the knowledge."""
    guess = getattr(knowledge, "guess_fandoms", None)
    text = story.body if text is None else text
    if guess is None or not text:
        return []
    counts = Counter(_NAME_LIKE.findall(text))
    names: set[str] = set()
    for text, n in counts.items():
        words = text.split()
        if len(words) == 2 or n >= 2:
            names.add(text.removesuffix("'s"))
        if len(words) == 2:  # "Buffy Summers" and also "Buffy" alone
            names.update(w.removesuffix("'s") for w in words)
    return guess(sorted(names)) or _vote_by_first_names(names, knowledge)


_FIRST_NAMES: dict[int, tuple[object, dict[str, set[tuple[str, str]]]]] = {}


def _vote_by_first_names(names: set[str], knowledge) -> list[str]:
    """Fallback when only short names appear ("Sam", "Dean"): the fandom whose cast explains
    the most different characters, if it clearly beats every other fandom and explains two."""
    fandoms = getattr(knowledge, "fandoms", None)
    if not fandoms:
        return []
    cached = _FIRST_NAMES.get(id(knowledge))
    if cached is None or cached[0] is not fandoms:
        index: dict[str, set[tuple[str, str]]] = {}
        for fandom in fandoms:
            table = characters.build_table(knowledge.characters_in([fandom]))
            for token, entries in table.entries.items():
                for entry in entries:
                    if not entry.ambiguous and entry.phrase is None:
                        index.setdefault(token, set()).add((fandom, entry.character))
        cached = _FIRST_NAMES[id(knowledge)] = (fandoms, index)
    index = cached[1]
    cast: dict[str, set[str]] = {}
    for name in names:
        for fandom, character in index.get(name, ()):
            cast.setdefault(fandom, set()).add(character)
    ranked = sorted(cast, key=lambda f: -len(cast[f]))
    if not ranked or len(cast[ranked[0]]) < 2:
        return []
    if len(ranked) > 1 and len(cast[ranked[1]]) >= len(cast[ranked[0]]):
        return []
    return [ranked[0]]


# Relationship evidence is gathered among this many of the most named characters (and any
# named as often as the last of them): pairings between walk-ons are not what a reader would
# call the story's, and the pair search is quadratic in the cast.
RELATIONSHIP_CAST = 5


def _cast(totals: dict[str, int]) -> set[str]:
    if len(totals) <= RELATIONSHIP_CAST:
        return set(totals)
    floor = sorted(totals.values(), reverse=True)[RELATIONSHIP_CAST - 1]
    return {name for name, n in totals.items() if n >= floor}


# The fandom of a story that states none is guessed from this much of the sampled text (its
# opening first): the cast shows itself early, and the capitalised-word pass is costly.
GUESS_CHARS = 4000


def _opening(read: list) -> str:
    parts, size = [], 0
    for block in read:
        if size >= GUESS_CHARS:
            break
        parts.append(block.text)
        size += len(block.text) + 1
    return "\n".join(parts)[:GUESS_CHARS]


def _scaled(totals: dict[str, int], factor: float) -> dict[str, int]:
    """Mentions counted in the sample, scaled to the whole story."""
    if factor <= 1.0:
        return totals
    return {name: max(1, round(n * factor)) for name, n in totals.items()}


def understand(story: Story, knowledge) -> None:
    """Fill characters, inferred relationships, moods and passages from the story text."""
    blocks = cut_blocks(story.body)
    read = sample(blocks)
    tokenise(read)
    if not story.fandoms:
        story.fandoms = guess_fandoms_from_text(story, knowledge, _opening(read))
    table = _table(story, knowledge)
    totals = characters.count_names(read, table)
    whole = sum(len(b.text) for b in blocks)
    totals = _scaled(totals, whole / max(1, sum(len(b.text) for b in read)))
    characters.apply_characters(story, totals)
    relationships.infer(story, read, table.genders, _resolver(table),
                        getattr(knowledge, "ships_of", None), _cast(totals))
    _leads_of_pairings(story)
    vectors = [moods.block_vector(b) if b.narrative else [0.0] * len(MOODS) for b in read]
    words = sum(len(b.words) for b in read)
    story.moods = moods.score(story, vectors, words)
    mains = characters.main_characters(story)
    story.passages = excerpts.choose(read, vectors, story.moods, mains)
