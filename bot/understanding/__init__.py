"""What a reader sees in a story that the file may not state: who is in it, which pairings,
which moods, and passages worth quoting. Runs at ingest, after fandom knowledge is applied.

`understand(story, knowledge)` fills story.fandoms when neither the file nor the knowledge's
normalisation found one (guessed from the names the body uses), story.characters (mentions,
prominence; unstated ones are added with stated=False), story.relationships (inferred ones
appended with stated=False and a confidence < 1), story.moods (all ten moods, 0..1) and
story.passages.

Cost: one tokenising pass over the body (bytes split per block, one capitalised-token regex
per block) plus dict and set lookups; name tables are built once per fandom set.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.story import Story
from bot.understanding import characters, excerpts, moods, relationships
from bot.understanding.blocks import split_blocks
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


def guess_fandoms_from_text(story: Story, knowledge) -> list[str]:
    """Fandoms for a story that states none and names nobody in its header (bare text,
    fanfiction.net copies): the capitalised names its body uses, voted by the knowledge."""
    guess = getattr(knowledge, "guess_fandoms", None)
    if guess is None or not story.body:
        return []
    counts = Counter(_NAME_LIKE.findall(story.body))
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


def understand(story: Story, knowledge) -> None:
    """Fill characters, inferred relationships, moods and passages from the story text."""
    if not story.fandoms:
        story.fandoms = guess_fandoms_from_text(story, knowledge)
    blocks = split_blocks(story.body)
    table = _table(story, knowledge)
    totals = characters.count_names(blocks, table)
    characters.apply_characters(story, totals)
    relationships.infer(story, blocks, table.genders, _resolver(table),
                        getattr(knowledge, "ships_of", None))
    _leads_of_pairings(story)
    vectors = [moods.block_vector(b) if b.narrative else [0.0] * len(MOODS) for b in blocks]
    words = sum(len(b.words) for b in blocks)
    story.moods = moods.score(story, vectors, words)
    mains = characters.main_characters(story)
    story.passages = excerpts.choose(blocks, vectors, story.moods, mains)
