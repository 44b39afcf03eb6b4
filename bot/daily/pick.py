"""Which story a guild gets on a given day: deterministic, balanced, no repeats within a cycle.

The pool is the eligible catalog under the guild's rules now (rating ceiling from the channel's
NSFW flag, excluded tags, optional fandom and mood) minus what this cycle already posted. When
the pool is empty the guild has seen everything eligible and a new cycle starts.

Balance: the fandom chosen is the one furthest behind in the cycle relative to its size, then the
pairing furthest behind within it (a large fandom shows up often, a small one regularly, none
is starved); ties and the story within the pairing are settled by a hash of guild, date and id,
so the same state always gives the same pick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from bot.daily.store import Rotation
from bot.vocabulary import MOOD_SHOWN, RelationshipKey

NO_FANDOM = ""
GEN = ""  # no pairing: a gen story


@dataclass(frozen=True, slots=True)
class PickRules:
    """What the guild allows at posting time; hashable so a tick can share catalog answers."""

    rating_max: str = "teen"
    exclude_tags: tuple[str, ...] = ()
    fandom: str | None = None
    mood: str | None = None
    # the server's other exclusions, (kind, text as typed): characters, ships, fandoms, works
    exclusions: tuple[tuple[str, str], ...] = ()
    guild_id: int | None = None  # whose members' recommendations may be picked too


@dataclass(frozen=True, slots=True)
class StoryMeta:
    """The few facts the rotation needs about a story."""

    id: str
    fandoms: tuple[str, ...] = ()
    relationships: tuple[RelationshipKey, ...] = ()  # the first is the story's main pairing
    moods: tuple[tuple[str, float], ...] = ()

    @property
    def fandom_key(self) -> str:
        return self.fandoms[0] if self.fandoms else NO_FANDOM

    @property
    def pairing_key(self) -> str:
        return self.relationships[0].label if self.relationships else GEN


@dataclass(frozen=True, slots=True)
class Pick:
    story_id: str
    cycle: int
    fandom: str
    pairing: str
    new_cycle: bool = False


class Catalog(Protocol):
    """What the picker asks of the catalog (the cog adapts the search Engine to this)."""

    async def eligible(self, rules: PickRules) -> list[str]:
        """Ids passing rating, excluded tags and fandom (mood is applied by the picker)."""
        ...

    async def recommended(self, rules: PickRules) -> list[str]:
        """The same, among the stories members uploaded to `rules.guild_id`."""
        ...

    async def metas(self, ids: Sequence[str]) -> dict[str, StoryMeta]: ...


def _rank(guild_id: int, day: date, cycle: int, key: str) -> str:
    return hashlib.sha256(f"{guild_id}|{day.isoformat()}|{cycle}|{key}".encode()).hexdigest()


class CachedCatalog:
    """Memoises catalog answers for one scheduler tick: 10,000 guilds mostly share rules."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._eligible: dict[PickRules, list[str]] = {}
        self._metas: dict[str, StoryMeta] = {}

    def clear(self) -> None:
        self._eligible.clear()
        self._metas.clear()

    async def eligible(self, rules: PickRules) -> list[str]:
        # the catalog's answer is shared by every guild with these rules; a guild's own
        # uploads are asked for apart (few, and only that guild's)
        key = replace(rules, mood=None, guild_id=None)
        found = self._eligible.get(key)
        if found is None:
            found = self._eligible[key] = list(await self.catalog.eligible(key))
        if rules.guild_id is None:
            return found
        own = await self.catalog.recommended(replace(rules, mood=None))
        return found + [i for i in own if i not in set(found)] if own else found

    async def metas(self, ids: Sequence[str]) -> dict[str, StoryMeta]:
        missing = [i for i in ids if i not in self._metas]
        if missing:
            self._metas.update(await self.catalog.metas(missing))
        return {i: self._metas[i] for i in ids if i in self._metas}


@dataclass
class _Tally:
    total: int = 0
    seen: int = 0
    pool: list[StoryMeta] = field(default_factory=list)

    def progress(self) -> float:
        return self.seen / self.total if self.total else 1.0


class Picker:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog if isinstance(catalog, CachedCatalog) else CachedCatalog(catalog)

    async def eligible(self, rules: PickRules) -> dict[str, StoryMeta]:
        ids = await self.catalog.eligible(rules)
        metas = await self.catalog.metas(ids)
        if rules.mood:
            mood = rules.mood.casefold()
            metas = {i: m for i, m in metas.items()
                     if any(name.casefold() == mood and score >= MOOD_SHOWN
                            for name, score in m.moods)}
        return metas

    async def pick(self, guild_id: int, day: date, rules: PickRules,
                   rotation: Rotation) -> Pick | None:
        """The story for `guild_id` on local `day`, or None when nothing is eligible."""
        eligible = await self.eligible(rules)
        return choose(guild_id, day, eligible.values(), rotation)


def choose(guild_id: int, day: date, eligible: Iterable[StoryMeta],
           rotation: Rotation) -> Pick | None:
    stories = sorted(eligible, key=lambda m: m.id)
    if not stories:
        return None
    cycle, seen = rotation.cycle, rotation.seen
    fandom_seen, pairing_seen = rotation.fandom_counts, rotation.pairing_counts
    pool = [m for m in stories if m.id not in seen]
    new_cycle = not pool
    if new_cycle:
        cycle, seen, fandom_seen, pairing_seen = cycle + 1, frozenset(), {}, {}
        # Start the new round with something other than yesterday's story when possible.
        pool = [m for m in stories if m.id != rotation.last_story] or stories
    fandoms: dict[str, _Tally] = {}
    for meta in stories:
        tally = fandoms.setdefault(meta.fandom_key, _Tally())
        tally.total += 1
    for meta in pool:
        fandoms[meta.fandom_key].pool.append(meta)
    for key, tally in fandoms.items():
        tally.seen = fandom_seen.get(key, 0)
    # Ties go to a fandom (then pairing) other than yesterday's, then to the hash.
    fandom = min((k for k, t in fandoms.items() if t.pool),
                 key=lambda k: (fandoms[k].progress(), k == rotation.last_fandom,
                                _rank(guild_id, day, cycle, "f:" + k)))
    pairings: dict[str, _Tally] = {}
    for meta in stories:
        if meta.fandom_key == fandom:
            pairings.setdefault(meta.pairing_key, _Tally()).total += 1
    for meta in fandoms[fandom].pool:
        pairings[meta.pairing_key].pool.append(meta)
    for key, tally in pairings.items():
        tally.seen = pairing_seen.get((fandom, key), 0)
    pairing = min((k for k, t in pairings.items() if t.pool),
                  key=lambda k: (pairings[k].progress(), k == rotation.last_pairing,
                                 _rank(guild_id, day, cycle, "p:" + k)))
    story = min(pairings[pairing].pool, key=lambda m: _rank(guild_id, day, cycle, m.id))
    return Pick(story.id, cycle, fandom, pairing, new_cycle)
