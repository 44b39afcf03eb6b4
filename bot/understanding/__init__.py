"""What a reader sees in a story that the file may not state: who is in it, which pairings,
which moods, and passages worth quoting. Runs at ingest, after fandom knowledge is applied.

`understand(story, knowledge)` fills story.characters (mentions, prominence; unstated ones are
added with stated=False), story.relationships (inferred ones appended with stated=False and a
confidence < 1), story.moods (all ten moods, 0..1) and story.passages.

Cost: one tokenising pass over the body (bytes split per block, one capitalised-token regex
per block) plus dict and set lookups; name tables are built once per fandom set.
"""

from __future__ import annotations

from bot.story import Story
from bot.understanding import characters, excerpts, moods, relationships
from bot.understanding.blocks import split_blocks
from bot.understanding.lexicon import MOODS

__all__ = ["MOODS", "understand"]

_TABLES: dict[tuple[int, tuple[str, ...]], characters.NameTable] = {}
_TABLE_CACHE_SIZE = 64


class _StatedName:
    """A stated character the knowledge files do not know: matched by its own name."""

    __slots__ = ("aliases", "gender", "name", "nicknames")

    def __init__(self, name: str) -> None:
        self.name, self.aliases, self.nicknames, self.gender = name, (), (), None


def _table(story: Story, knowledge) -> characters.NameTable:
    fandoms = tuple(story.fandoms)
    key = (id(knowledge), fandoms)
    base = _TABLES.get(key)
    if base is None:
        if len(_TABLES) >= _TABLE_CACHE_SIZE:
            _TABLES.clear()
        base = characters.build_table(knowledge.characters_in(list(fandoms)) if fandoms else [])
        _TABLES[key] = base
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


def understand(story: Story, knowledge) -> None:
    """Fill characters, inferred relationships, moods and passages from the story text."""
    blocks = split_blocks(story.body)
    table = _table(story, knowledge)
    totals = characters.count_names(blocks, table)
    characters.apply_characters(story, totals)
    relationships.infer(story, blocks, table.genders, _resolver(table))
    vectors = [moods.block_vector(b) if b.narrative else [0.0] * len(MOODS) for b in blocks]
    words = sum(len(b.words) for b in blocks)
    story.moods = moods.score(story, vectors, words)
    mains = characters.main_characters(story)
    story.passages = excerpts.choose(blocks, vectors, story.moods, mains)
