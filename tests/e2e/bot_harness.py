"""Running the real StoryBot against the Discord stand-in, for tests/e2e/test_bot_*.py.

The catalog is ingested once per test session from data/stories plus one hostile story
(mentions and markdown in every field), into a temporary folder; each bot gets its own
state database unless a test shares one to simulate a restart.

The bot's clock is the stand-in's, stopped (`bot_clock`): time moves only when a test moves
it (`discord_double.clock.advance`), for Discord and the bot alike. An interaction is answered
directly unless the test lets the answer window pass, and is never late, nor its callback
past Discord's 3 s, because the machine is slow.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog.ingest import ingest
from bot.config import Secret, Settings
from bot.discord_app.bot import StoryBot, find_extensions
from bot.discord_app.clock import Clock
from bot.resources import SAMPLE_STORIES_DIR
from tests.discord_double import DiscordDouble
from tests.discord_double.model import Member, User
from tests.discord_double.testing import connected

STORIES = SAMPLE_STORIES_DIR
PING_TITLE = "Ping @everyone at the Bronze"
PING_USER = "<@123456789012345678>"

# A header-format story (the family bot/parsers/header.py reads) that tries to ping people.
HOSTILE_STORY = f"""Title: {PING_TITLE}
Author: @here
Fandom: Buffy the Vampire Slayer
Pairing: Spike/Buffy
Rating: PG
Summary: Everyone gets pinged {PING_USER} and @everyone, or so the **bold** plan goes.

Spike leaned on the Bronze bar. "Oi, @everyone," he said, "{PING_USER} owes me a drink."

Buffy rolled her eyes and kept dancing. The band played something sad about a porch light.

"Nobody's coming, Spike," she said, and he laughed and bought his own.
"""

# The extensions these tests cover (cogs.daily has its own tests; it loads here as in
# production, but its failures are not this suite's to report).
MINE = tuple(e for e in find_extensions() if e != "cogs.daily")


def hostile_story_dir(root: Path) -> Path:
    folder = root / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "header-ping-bronze.txt").write_text(HOSTILE_STORY, encoding="utf-8")
    return folder


def build_catalog(root: Path) -> Path:
    """The session's catalog: the 36 sample stories and the hostile one."""
    catalog = root / "catalog.db"
    ingest([str(STORIES), str(hostile_story_dir(root))], catalog, workers=1)
    return catalog


def copy_catalog(catalog: Path, folder: Path) -> Path:
    """A private copy a test may rebuild without disturbing the others."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "catalog.db"
    shutil.copy2(catalog, target)
    return target


def bot_settings(catalog: Path, state: Path | str,
                 owner_ids: tuple[int, ...] = ()) -> Settings:
    """Test-only differences: no file watcher (tests reload by hand), no sample ingest.
    `state` is a SQLite file or a postgresql:// URL (as STORYBOT_DATABASE_URL would give)."""
    where = ({"database_url": Secret(state)} if isinstance(state, str)
             else {"state_path": state})
    # the data home (kept uploads, built shelves): the test's own folder, never the checkout's
    home = catalog.parent if isinstance(state, str) else state.parent
    return Settings(catalog_path=catalog, owner_ids=owner_ids, home=home,
                    stories_path=catalog.parent / "no-stories-here", watch_catalog=False,
                    **where)


def bot_clock(double: DiscordDouble) -> Clock:
    """The clock the e2e bot reads: the stand-in's, stopped from now on."""
    double.clock.stop()
    return double.clock


@contextlib.asynccontextmanager
async def running_bot(double: DiscordDouble, catalog: Path, state: Path | str, *,
                      owner: bool = True, heartbeat: Path | None = None
                      ) -> AsyncIterator[StoryBot]:
    """A StoryBot with its production extensions, connected and with commands synced."""
    owners = (double.world.user("buffy").id,) if owner else ()
    bot = StoryBot(bot_settings(catalog, state, owners), heartbeat=heartbeat,
                   clock=bot_clock(double))
    async with connected(double, bot):
        failed = {e: why for e, why in bot.failed_extensions.items() if e in MINE}
        assert not failed, failed
        await bot.tree.sync()
        yield bot
    risks = ping_risks(r.json for r in double.requests)
    assert not risks, "\n".join(risks)


class HeldSearch:
    """The bot's searches for /rec and Another wait until `release` is set; `begun` lists the
    requests of those begun (by then the answer window's timer is running)."""

    def __init__(self, bot: StoryBot) -> None:
        self.release = asyncio.Event()
        self.begun: list[str] = []
        self._changed = asyncio.Event()
        self._recommend = bot.search.recommend
        bot.search.recommend = self._held  # type: ignore[method-assign]

    async def _held(self, *args: Any, **kwargs: Any) -> Any:
        self.begun.append(args[0] if args else "")
        self._changed.set()
        await self.release.wait()
        return await self._recommend(*args, **kwargs)

    async def until_begun(self, count: int = 1, within: float = 10.0) -> None:
        """Wait until `count` searches have begun (a generous deadline only a hang reaches)."""
        async with asyncio.timeout(within):
            while len(self.begun) < count:
                self._changed.clear()
                await self._changed.wait()


def add_readers(double: DiscordDouble, count: int) -> list[str]:
    """Extra members of the default guild (per-user cooldowns make one user too few)."""
    guild = double.guild
    names = []
    for i in range(count):
        user = User(double.ids.next(), f"reader{i}")
        double.world.users.append(user)
        guild.members.append(Member(user, []))
        names.append(user.name)
    return names


# Each story button's label, emoji and style as the bot sent them before the buttons shared
# StoryButton (copied from a message of that version): clicks on old messages stay pinned.
SENT_BEFORE = {"read": ("Read", "📖", 2), "save": ("Save", "🔖", 3),
               "hide": ("Not for me", "🚫", 2), "unhide": ("Undo", "↩️", 2),
               "unrec": ("Remove recommendation", None, 2)}


def sent_before(action: str, story: str) -> dict[str, Any]:
    """The `sb:<action>:<story>` button exactly as an old message carries it."""
    label, emoji, style = SENT_BEFORE[action]
    button: dict[str, Any] = {"type": 2, "style": style, "label": label, "disabled": False,
                              "custom_id": f"sb:{action}:{story}"}
    if emoji is not None:
        button["emoji"] = {"name": emoji, "id": None}
    return button


def story_buttons(message: Any) -> list[dict[str, Any]]:
    """The `sb:<action>:<story>` buttons on a message, as sent."""
    return [c for row in message.components for c in row.get("components", [])
            if c.get("custom_id", "").startswith(tuple(f"sb:{a}:" for a in SENT_BEFORE))]


def shown_data(bodies: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """What the bot asked Discord to show, from request bodies: interaction callbacks' data
    (messages, autocomplete choices, modals), webhook and channel messages, edits."""
    for body in bodies:
        data = body.get("data") if isinstance(body, dict) and "type" in body else body
        if isinstance(data, dict):
            yield data


def ping_risks(bodies: Iterable[Any]) -> list[str]:
    """Messages (content or embeds) that could ping: each must send allowed_mentions with
    nothing to parse. (The bot's own mentions of members and channels, a recommender's credit,
    the daily post's channel, are meant to render, never to ping.)"""
    return [f"allowed_mentions {data.get('allowed_mentions')!r} on {data!r:.200}"
            for data in shown_data(bodies) if ("content" in data or "embeds" in data)
            and data.get("allowed_mentions") != {"parse": []}]


def walk_strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON body, for "no raw mention anywhere" checks."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_strings(item)


# --- fixtures (imported by each test_bot_*.py) ---------------------------------------------


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalog(tmp_path_factory.mktemp("storybot-catalog"))


@pytest.fixture
async def storybot(discord_double: DiscordDouble, catalog: Path,
                   tmp_path: Path) -> AsyncIterator[StoryBot]:
    async with running_bot(discord_double, catalog, tmp_path / "state.db") as bot:
        yield bot
    # The stand-in rejects callbacks after 3 s; none of ours may be late.
    assert not discord_double.expired, discord_double.expired
