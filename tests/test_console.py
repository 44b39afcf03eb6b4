"""`storybot console` over piped input: each line answered by the cog that answers the slash
command."""

from __future__ import annotations

import io

from bot.console import run_console


def test_console_answers_with_the_commands_own_code(small_catalog):
    """Each console line is answered by the cog that answers the slash command."""
    stdin = io.StringIO("/rec sad spuffy\n/pairing spike/buffy\n/character red\n/mood fluff\n"
                        "/random\n/story quarters\n/stats\n/help\n/shelf\n/bogus\nwinnebago\n"
                        "/quit\n/rec never reached\n")
    out = io.StringIO()
    assert run_console(small_catalog, stdin, out) == 0
    text = out.getvalue()
    assert "Ashes in the Garden" in text and "Ship names: Spuffy" in text
    assert "Willow Rosenberg — 1 story" in text and "6 stories" in text
    assert "[Another] [Read] [Save]" in text
    assert "/pairing TEXT" in text and "Your shelf is empty" in text
    assert "unknown command /bogus" in text and "never reached" not in text
