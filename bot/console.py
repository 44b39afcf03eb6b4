"""`storybot console`: the bot's commands in a terminal, answered by the same search core.

Reads one command per line from any text stream (a terminal or a pipe; no readline needed):
/rec sad spuffy, /pairing spike/buffy, /character red, /mood fluff, /random, /story <title>,
/stats, /help, /quit. A line without a slash is a /rec request.
"""

from __future__ import annotations

from typing import TextIO

from bot.search.engine import Engine
from bot.search.model import Filters
from bot.search.render import card_block, card_line, result_text

HELP = """commands:
  /rec TEXT          recommend: a pairing, character, mood, fandom, title or what it's about
                     (e.g. /rec sad spuffy, /rec willow bittersweet, /rec something funny in SPN)
  /pairing A/B       every story of a pairing, ship names and related pairings (spuffy, dean/cas)
  /character NAME    stories by how much a character is in them (red, dru, bones)
  /mood MOOD         stories by mood (fluff, angst, something sad, cozy)
  /random [MOOD]     a random story, optionally of a mood
  /story TITLE       one story's card, by title (typos are fine)
  /stats             what the catalog holds
  /help              this list
  /quit              leave (or end of input)"""


def _cards(title: str, cards, total: int | None = None) -> str:
    lines = [title if total is None else f"{title} — {total} stor{'y' if total == 1 else 'ies'}"]
    for i, card in enumerate(cards, 1):
        lines.append(f"{i}. {card_line(card)}")
        lines += card_block(card)
    return "\n".join(lines)


def answer(engine: Engine, line: str, filters: Filters = Filters()) -> str | None:  # noqa: B008
    """The console's reply to one line; None means quit."""
    line = line.strip()
    if not line:
        return ""
    command, _, rest = line.partition(" ") if line.startswith("/") else ("/rec", "", line)
    command, rest = command.lower(), rest.strip()
    if command in {"/quit", "/exit", "/q"}:
        return None
    if command == "/help":
        return HELP
    if command == "/rec":
        return result_text(engine.recommend(rest, filters=filters))
    if command == "/pairing":
        if not rest:
            return "usage: /pairing spike/buffy"
        report = engine.pairing(rest, filters)
        if report.pairing is None:
            return "\n".join(report.alternatives)
        head = report.pairing + (f" (ship names: {', '.join(report.ship_names)})"
                                 if report.ship_names else "")
        text = _cards(head, report.stories, report.total)
        if report.related:
            text += "\nrelated: " + ", ".join(f"{k} ({c})" for k, c in report.related)
        return "\n".join([text, *report.alternatives])
    if command == "/character":
        if not rest:
            return "usage: /character willow"
        report = engine.character(rest, filters)
        if report.character is None:
            return "\n".join(report.alternatives)
        return "\n".join([_cards(report.character, report.stories, report.total),
                          *report.alternatives])
    if command == "/mood":
        total, cards = engine.by_mood(rest or "fluff", filters)
        if not total:
            return f"no story with the mood “{rest}” (moods: angst, fluff, hurt-comfort, humor, " \
                   "romance, dark, horror, adventure, bittersweet, friendship)"
        return _cards(f"mood {rest or 'fluff'}", cards, total)
    if command == "/random":
        card = engine.random(filters, mood=rest or None)
        return _cards("a random story", [card]) if card else "nothing to pick from"
    if command == "/story":
        card = engine.find_title(rest, filters) if rest else None
        if card is None:
            return f"no story titled “{rest}”" if rest else "usage: /story <title>"
        text = _cards("story", [card])
        if card.summary:
            text += f"\n   summary: {card.summary}"
        return text
    if command == "/stats":
        s = engine.stats()
        return "\n".join([
            f"{s.stories} stories, {s.words:,} words (built {s.built_at or 'unknown'})",
            "fandoms: " + ", ".join(f"{n} ({c})" for n, c in s.fandoms),
            "pairings: " + ", ".join(f"{n} ({c})" for n, c in s.pairings),
            "moods: " + ", ".join(f"{n} ({c})" for n, c in s.moods)])
    return f"unknown command {command}: type /help"


def run_console(engine: Engine, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    if interactive:
        stdout.write("storybot console — type /help, /quit to leave\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        reply = answer(engine, line)
        if reply is None:
            break
        if reply:
            stdout.write(reply + "\n\n")
            stdout.flush()
    return 0
