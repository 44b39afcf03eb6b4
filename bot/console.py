"""`storybot console`: the bot's slash commands in a terminal, answered by the cogs' own code.

Each feature cog that has a `usage` answers one kind of line: "/pairing spike/buffy" calls the
pairing cog's `answer(place, text="spike/buffy")`, exactly what the slash command calls, and
the reply (its message, embeds and buttons) is printed as text. A line without a slash is a
/rec request. Shelves and history live in memory for the session; the console sees every
rating, as an age-restricted channel would.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from pathlib import Path
from typing import Any, TextIO

from bot.discord_app.bot import find_extensions
from bot.discord_app.errors import UserFacingError
from bot.search.engine import Engine
from bot.search.render import for_terminal
from bot.search.service import SearchService
from bot.state import State
from cogs.utils.lists import FeatureCog
from cogs.utils.replies import Place, Reply

QUIT = {"/quit", "/exit", "/q"}
PLACE = Place(guild_id=None, channel_id=None, settings=None, ceiling="explicit",
              age_restricted=True, ephemeral=False, user_id=1)
_ESCAPED = re.compile(r"\\([^\w\s])")


def feature_cogs(services: Any) -> dict[str, FeatureCog]:
    """The console's commands: each loaded feature cog with a usage, by command name."""
    found: dict[str, FeatureCog] = {}
    for name in find_extensions():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, FeatureCog)
                    and value.__module__ == name and value.usage is not None):
                found[value.usage.command] = value(services)
    return dict(sorted(found.items()))


def plain_text(text: str | None) -> str:
    """Discord markdown as a terminal shows it: escapes and bold markers dropped."""
    return _ESCAPED.sub(r"\1", (text or "").replace("**", "")).replace("\u200b", "")


def render(reply: Reply) -> str:
    """A reply as lines of text: the message, each embed's parts, then its buttons."""
    lines = [plain_text(reply.content)] if reply.content else []
    for embed in reply.embeds:
        lines.append(plain_text(embed.title) + (f"  <{embed.url}>" if embed.url else ""))
        if embed.author and embed.author.name:
            lines.append(plain_text(embed.author.name))
        if embed.description:
            lines.append(plain_text(embed.description))
        lines += [f"{plain_text(f.name)}: {plain_text(f.value)}" for f in embed.fields]
        if embed.footer and embed.footer.text:
            lines.append(plain_text(embed.footer.text))
    if reply.view is not None:  # the buttons' labels, as Discord gets them
        labels = [part.get("label") for row in reply.view.to_components()
                  for part in row.get("components", ())]
        lines.append(" ".join(f"[{label}]" for label in labels if label))
    return "\n".join(line for line in lines if line)


class Console:
    """The console's services: the same search service and state API the bot uses."""

    def __init__(self, search: SearchService, state: State) -> None:
        self.search = search
        self.state = state
        self.commands = feature_cogs(self)

    def help(self) -> str:
        lines = ["commands:"]
        for name, cog in self.commands.items():
            assert cog.usage is not None
            arg = f" {cog.usage.option.upper()}" if cog.usage.option else ""
            lines.append(f"  /{name + arg:<18} {cog.usage.help}")
        lines += [f"  {'/help':<19} this list", f"  {'/quit':<19} leave (or end of input)",
                  "A line without a slash is a /rec request."]
        return "\n".join(lines)

    async def answer(self, line: str) -> str | None:
        """The reply to one line; None means quit."""
        line = line.strip()
        if not line:
            return ""
        command, _, rest = line.partition(" ") if line.startswith("/") else ("/rec", "", line)
        command, rest = command.lower(), rest.strip()
        if command in QUIT:
            return None
        if command == "/help":
            return self.help()
        cog = self.commands.get(command[1:])
        if cog is None or cog.usage is None:
            return f"unknown command {command}: type /help"
        options = {cog.usage.option: rest} if cog.usage.option and rest else {}
        try:
            return render(await cog.answer(PLACE, **options))
        except UserFacingError as exc:
            return str(exc)


async def _session(catalog: Path, engine_opener: Any, stdin: TextIO, stdout: TextIO) -> int:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="console") as executor:
        search = await SearchService.open(catalog, engine_opener, executor)
        state = await State.open(Path(":memory:"))
        try:
            console = Console(search, state)
            interactive = stdin.isatty()
            if interactive:
                stdout.write("storybot console — type /help, /quit to leave\n")
            loop = asyncio.get_running_loop()
            while True:
                if interactive:
                    stdout.write("> ")
                    stdout.flush()
                line = await loop.run_in_executor(executor, stdin.readline)
                if not line:
                    break
                reply = await console.answer(line)
                if reply is None:
                    break
                if reply:
                    stdout.write(for_terminal(reply) + "\n\n")
                    stdout.flush()
        finally:
            await state.close()
            search.close()
    return 0


def run_console(catalog: Path, stdin: TextIO, stdout: TextIO, *,
                engine_opener: Any = Engine.open) -> int:
    """Answer lines from `stdin` (a terminal or a pipe) until it ends or says /quit."""
    return asyncio.run(_session(catalog, engine_opener, stdin, stdout))
