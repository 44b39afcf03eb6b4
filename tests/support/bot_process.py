"""`storybot` as a real process, pointed at a Discord stand-in that runs elsewhere.

    STORYBOT_TEST_DISCORD_PORT=PORT [STORYBOT_TEST_CLOCK=FILE] \\
        [STORYBOT_TEST_DISCORD_HTTPS=localhost SSL_CERT_FILE=CA.pem] \\
        python -m tests.support.bot_process run --shards 0-1 --shard-count 4

It also runs as a script with another checkout first on PYTHONPATH (the bot of that checkout:
how the benchmarks compare before and after), so it uses nothing of the stand-in but
`pointed_at`.

Everything the production command does runs unchanged (`bot.cli.main`); only what cannot run
here is replaced, as the in-process e2e tests do: discord.py talks to the stand-in instead of
Discord, it does not idle 2 s for more guilds nor 5 s between its shards' IDENTIFYs, and the
catalog watcher looks every 0.2 s instead of 5 s. With STORYBOT_TEST_DISCORD_HTTPS it reaches
the stand-in over HTTPS by that host name (and trusts the stand-in's certificate authority only
as OpenSSL's SSL_CERT_FILE tells any program to). With STORYBOT_TEST_CLOCK the story of the day
reads the time from that file (`FileClock`), so a test moves several processes' clocks at once
and knows when each has finished the tick that followed (its `.naps` file).
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

PORT_VARIABLE = "STORYBOT_TEST_DISCORD_PORT"
CLOCK_VARIABLE = "STORYBOT_TEST_CLOCK"
HTTPS_VARIABLE = "STORYBOT_TEST_DISCORD_HTTPS"


class FileClock:
    """The daily scheduler's clock, read from a file a test writes (an ISO-8601 instant).

    `sleep` returns once the file's time has passed the deadline; each nap is appended to
    `<file>.naps` as `pid instant`, so a test can wait until a process has gone back to sleep
    after the time it set, which means its tick for that time is done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.naps = path.with_name(path.name + ".naps")

    def now(self) -> datetime:
        return datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip()).astimezone(
            UTC)

    async def sleep(self, seconds: float) -> None:
        now = self.now()
        with self.naps.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {now.isoformat()}\n")
        deadline = now + timedelta(seconds=max(0.0, seconds))
        while self.now() < deadline:  # noqa: ASYNC110 - the time is another process's file
            await asyncio.sleep(0.02)


def write_time(path: Path, moment: datetime) -> None:
    """Set every FileClock reading `path` (atomically: a reader never sees half a time)."""
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(moment.astimezone(UTC).isoformat(), encoding="utf-8")
    os.replace(temporary, path)


def napped_since(path: Path, pid: int, moment: datetime) -> bool:
    """Whether process `pid` has gone to sleep at `moment` or later (its tick is over)."""
    naps = path.with_name(path.name + ".naps")
    if not naps.exists():
        return False
    for line in naps.read_text(encoding="utf-8").splitlines():
        who, _, when = line.partition(" ")
        if who == str(pid) and datetime.fromisoformat(when) >= moment:
            return True
    return False


@dataclass(frozen=True)
class StandInAt:
    """A stand-in running in another process, known by its port."""

    port: int
    https_host: str | None = None  # reached over HTTPS by this name, else plain HTTP

    @property
    def base_url(self) -> str:
        if self.https_host:
            return f"https://{self.https_host}:{self.port}/api/v10"
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        if self.https_host:
            return f"wss://{self.https_host}:{self.port}/"
        return f"ws://127.0.0.1:{self.port}/"


def _patch() -> None:
    import bot.daily.scheduler
    from bot.discord_app.bot import StoryBot
    from tests.discord_double.testing import GUILD_READY_TIMEOUT

    original_init = StoryBot.__init__
    original_watch = StoryBot._watch_catalog

    def init(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        self._connection.guild_ready_timeout = GUILD_READY_TIMEOUT

    async def identify_now(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None

    async def watch_often(self, interval: float = 0.2) -> None:
        await original_watch(self, 0.2)

    StoryBot.__init__ = init
    StoryBot.before_identify_hook = identify_now
    StoryBot._watch_catalog = watch_often
    clock = os.environ.get(CLOCK_VARIABLE)
    if clock:
        bot.daily.scheduler.SystemClock = lambda: FileClock(Path(clock))


def main(argv: list[str]) -> int:
    from bot.cli import main as storybot
    from tests.discord_double.testing import pointed_at

    _patch()
    with pointed_at(StandInAt(int(os.environ[PORT_VARIABLE]), os.environ.get(HTTPS_VARIABLE))):
        return storybot(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
