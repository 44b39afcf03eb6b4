"""Fakes for the daily core: a catalog, a Discord-like channel set, and a scheduler factory.

Every test runs on both state backends (a real SQLite file under tmp_path, a real PostgreSQL
database) with a ManualClock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from bot.daily.clock import ManualClock
from bot.daily.pick import PickRules, StoryMeta
from bot.daily.ratelimit import TokenBucket
from bot.daily.scheduler import (
    ChannelInfo,
    ChannelUnavailable,
    DailyScheduler,
    Delivery,
)
from bot.state import State
from bot.vocabulary import RelationshipKey, allowed


class Crash(BaseException):
    """Raised by a fake to stop the scheduler dead, as a killed process would."""


@dataclass
class FakeStory:
    id: str
    fandom: str
    pairing: str = ""
    rating: str = "teen"
    tags: tuple[str, ...] = ()
    moods: tuple[tuple[str, float], ...] = ()


class FakeCatalog:
    def __init__(self, stories: list[FakeStory]) -> None:
        self.stories = {s.id: s for s in stories}
        self.eligible_calls = 0

    async def eligible(self, rules: PickRules) -> list[str]:
        self.eligible_calls += 1
        banned = {t.casefold() for t in rules.exclude_tags}
        return [s.id for s in self.stories.values()
                if allowed(s.rating, rules.rating_max)
                and not banned & {t.casefold() for t in s.tags}
                and (rules.fandom is None or s.fandom == rules.fandom)]

    async def recommended(self, rules: PickRules) -> list[str]:
        return []  # no server here has uploads of its own

    async def metas(self, ids) -> dict[str, StoryMeta]:
        return {i: StoryMeta(i, (self.stories[i].fandom,),
                             (RelationshipKey.parse(self.stories[i].pairing),)
                             if self.stories[i].pairing else (),
                             self.stories[i].moods) for i in ids if i in self.stories}


@dataclass
class FakeChannel:
    id: int
    guild_id: int
    nsfw: bool = False
    deleted: bool = False
    may_send: bool = True


@dataclass
class Sent:
    guild_id: int
    channel_id: int
    story_id: str
    post_date: object
    nonce: str
    message_id: int
    at: datetime


@dataclass
class FakeDiscord:
    """Channels and messages, with Discord's nonce check (same nonce within a window: the
    first message is returned, nothing new is created)."""

    clock: ManualClock
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    messages: list[Sent] = field(default_factory=list)
    nonce_window: timedelta = timedelta(minutes=5)
    before_send: dict[int, Callable[[Delivery], None]] = field(default_factory=dict)
    after_send: dict[int, Callable[[Delivery], None]] = field(default_factory=dict)
    before_find: dict[int, Callable[[Delivery], None]] = field(default_factory=dict)
    looked: list[Delivery] = field(default_factory=list)
    info_calls: int = 0
    _next_id: int = 1000

    def add(self, guild_id: int, **kw) -> FakeChannel:
        channel = FakeChannel(guild_id * 10, guild_id, **kw)
        self.channels[channel.id] = channel
        return channel

    def _check(self, channel_id: int) -> FakeChannel:
        channel = self.channels.get(channel_id)
        if channel is None or channel.deleted:
            raise ChannelUnavailable("the channel was deleted")
        if not channel.may_send:
            raise ChannelUnavailable("I lost the Send Messages permission")
        return channel

    async def channel_info(self, guild_id: int, channel_id: int) -> ChannelInfo:
        self.info_calls += 1
        return ChannelInfo(nsfw=self._check(channel_id).nsfw)

    async def send(self, delivery: Delivery) -> int:
        hook = self.before_send.get(delivery.guild_id)
        if hook:
            hook(delivery)
        self._check(delivery.channel_id)
        now = self.clock.now()
        for sent in self.messages:
            if sent.nonce == delivery.nonce and now - sent.at <= self.nonce_window:
                return sent.message_id
        self._next_id += 1
        self.messages.append(Sent(delivery.guild_id, delivery.channel_id, delivery.story_id,
                                  delivery.post_date, delivery.nonce, self._next_id, now))
        hook = self.after_send.get(delivery.guild_id)
        if hook:
            hook(delivery)
        return self._next_id

    async def find_sent(self, delivery: Delivery) -> int | None:
        """Channel history from `delivery.since` on, as the cog reads it."""
        self.looked.append(delivery)
        hook = self.before_find.get(delivery.guild_id)
        if hook:
            hook(delivery)
        for sent in self.messages:
            if sent.guild_id == delivery.guild_id and sent.post_date == delivery.post_date \
                    and (delivery.since is None or sent.at >= delivery.since):
                return sent.message_id
        return None

    def posts(self, guild_id: int) -> list[Sent]:
        return [m for m in self.messages if m.guild_id == guild_id]


def unlimited() -> TokenBucket:
    return TokenBucket(rate=1e9, capacity=1e9)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime.fromisoformat("2024-01-01T00:00:00+00:00"))


@pytest.fixture
def discord_fake(clock) -> FakeDiscord:
    return FakeDiscord(clock)


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog([
        FakeStory("bt1", "Buffy the Vampire Slayer", "Buffy Summers/Spike"),
        FakeStory("bt2", "Buffy the Vampire Slayer", "Tara Maclay/Willow Rosenberg"),
        FakeStory("bt3", "Buffy the Vampire Slayer", "Buffy Summers/Spike", rating="explicit"),
        FakeStory("sh1", "Sherlock", "John Watson/Sherlock Holmes"),
        FakeStory("sh2", "Sherlock", "", tags=("Major Character Death",)),
        FakeStory("go1", "Good Omens", "Aziraphale/Crowley (Good Omens)",
                  moods=(("fluff", 0.9),)),
    ])


@pytest.fixture
async def opened(state_location):
    """Open the test's state, once per backend (a SQLite file, a PostgreSQL database), closed
    at the end; a "restart" (or a second process) opens it again at the same place."""
    states: list[State] = []

    async def open_state() -> State:
        state = await State.open(state_location)
        states.append(state)
        return state

    yield open_state
    for state in states:
        await state.close()  # harmless when the test's "crash" closed it already


@pytest.fixture
def make_scheduler(clock, discord_fake, catalog):
    def make(state: State, **kw) -> DailyScheduler:
        kw.setdefault("find_sent", discord_fake.find_sent)
        kw.setdefault("bucket", unlimited())
        return DailyScheduler(state, kw.pop("catalog", catalog), send=discord_fake.send,
                              channel_info=discord_fake.channel_info, clock=clock, **kw)
    return make
