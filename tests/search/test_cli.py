"""`storybot query` (JSON Lines contract) and `storybot console` over piped input."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main
from bot.console import run_console


@pytest.fixture(scope="module")
def catalog(engine):
    return engine.catalog


def test_query_json_lines_contract(catalog, tmp_path, capsys):
    requests = tmp_path / "q.txt"
    requests.write_text("sad spuffy\n\nspike/xander\nNEAR( \" *\n", encoding="utf-8")
    assert main(["query", "--db", str(catalog), "--json", "--queries-file", str(requests),
                 "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert set(first) == {"query", "elapsed_ms", "understood", "results", "alternatives"}
    assert set(first["understood"]) == {"relationships", "characters", "moods", "fandoms",
                                        "titles", "authors", "free_text"}
    assert first["understood"]["relationships"] == ["Buffy Summers/Spike"]
    result = first["results"][0]
    assert set(result) == {"id", "path", "title", "authors", "score", "reasons", "excerpt",
                           "url"}
    assert result["path"].startswith("data/") and result["title"] == "Ashes in the Garden"
    assert json.loads(lines[1])["alternatives"][0].startswith("no Spike/Xander Harris")


def test_query_rating_max_and_text(catalog, capsys):
    assert main(["query", "--db", str(catalog), "--rating-max", "teen", "spuffy"]) == 0
    out = capsys.readouterr().out
    assert "understood: pairing Buffy Summers/Spike" in out and "Ashes" not in out


def test_query_errors_are_one_line(tmp_path, capsys):
    assert main(["query", "--db", str(tmp_path / "none.db"), "x"]) == 1
    assert "no catalog" in capsys.readouterr().err
    assert main(["query", "--db", str(tmp_path / "none.db"), "--queries-file",
                 str(tmp_path / "missing.txt")]) == 2


def test_console_answers_with_the_commands_own_code(catalog):
    """Each console line is answered by the cog that answers the slash command."""
    stdin = io.StringIO("/rec sad spuffy\n/pairing spike/buffy\n/character red\n/mood fluff\n"
                        "/random\n/story quarters\n/stats\n/help\n/shelf\n/bogus\nwinnebago\n"
                        "/quit\n/rec never reached\n")
    out = io.StringIO()
    assert run_console(catalog, stdin, out) == 0
    text = out.getvalue()
    assert "Ashes in the Garden" in text and "Ship names: Spuffy" in text
    assert "Willow Rosenberg — 1 story" in text and "6 stories" in text
    assert "[Another] [Read] [Save]" in text
    assert "/pairing TEXT" in text and "Your shelf is empty" in text
    assert "unknown command /bogus" in text and "never reached" not in text
