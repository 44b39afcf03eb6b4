"""`storybot query`: the JSON Lines contract, options and one-line errors."""

from __future__ import annotations

import json

from bot.cli import main


def test_query_json_lines_contract(small_catalog, tmp_path, capsys):
    requests = tmp_path / "q.txt"
    requests.write_text("sad spuffy\n\nspike/xander\nNEAR( \" *\n", encoding="utf-8")
    assert main(["query", "--db", str(small_catalog), "--json", "--queries-file", str(requests),
                 "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert set(first) == {"query", "elapsed_ms", "understood", "parts", "not_understood",
                          "complete", "hidden", "results", "alternatives"}
    assert set(first["understood"]) == {"relationships", "characters", "moods", "fandoms",
                                        "titles", "authors", "free_text"}
    assert first["understood"]["relationships"] == ["Buffy Summers/Spike"]
    result = first["results"][0]
    assert set(result) == {"id", "path", "title", "authors", "score", "reasons", "excerpt",
                           "url", "met", "unmet"}
    assert first["parts"] == ["sad", "spuffy"] and first["complete"]
    assert result["met"] == ["sad", "spuffy"] and result["unmet"] == []
    assert result["path"].startswith("data/") and result["title"] == "Ashes in the Garden"
    assert json.loads(lines[1])["alternatives"][0].startswith("no Spike/Xander Harris")


def test_query_rating_max_and_text(small_catalog, capsys):
    assert main(["query", "--db", str(small_catalog), "--rating-max", "teen", "spuffy"]) == 0
    out = capsys.readouterr().out
    assert "understood: pairing Buffy Summers/Spike" in out and "Ashes" not in out


def test_query_errors_are_one_line(tmp_path, capsys):
    assert main(["query", "--db", str(tmp_path / "none.db"), "x"]) == 3  # Exit.CATALOG
    assert "no catalog" in capsys.readouterr().err
    assert main(["query", "--db", str(tmp_path / "none.db"), "--queries-file",
                 str(tmp_path / "missing.txt")]) == 2


def test_search_reads_the_fandom_knowledge_ingest_was_given(small_catalog, tmp_path,
                                                             monkeypatch, capsys):
    """STORYBOT_FANDOMS is the knowledge of the search too: a nickname only the configured
    folder knows is understood by `storybot query` and by the bot's engine."""
    import shutil

    from bot.config import load_settings
    from bot.discord_app.bot import StoryBot
    from bot.resources import FANDOMS_DIR

    fandoms = tmp_path / "fandoms"
    shutil.copytree(FANDOMS_DIR, fandoms)
    buffy = fandoms / "buffy-the-vampire-slayer.toml"
    buffy.write_text(buffy.read_text(encoding="utf-8").replace(
        'nicknames = ["Red", "Will", "Wills"]', 'nicknames = ["Red", "Will", "Wills", "Zorbly"]'),
        encoding="utf-8")
    monkeypatch.setenv("STORYBOT_FANDOMS", str(fandoms))
    assert main(["query", "--db", str(small_catalog), "--json", "zorbly"]) == 0
    understood = json.loads(capsys.readouterr().out)["understood"]
    assert understood["characters"] == ["Willow Rosenberg"]
    bot = StoryBot(load_settings(env_file=None), catalog=small_catalog)
    engine = bot._open_engine(small_catalog)
    try:
        assert [name for name, _ in engine.understand("zorbly").characters] == [
            "Willow Rosenberg"]
    finally:
        engine.close()


def test_query_prints_a_requests_control_characters_as_escapes(small_catalog, capsys):
    """An escape sequence typed or pasted into a request (or carried by a story file) would
    recolour or retitle the operator's terminal: it is shown, never sent."""
    request = "spuffy \x1b]0;owned\x07\x1b[31mred\x9b"
    assert main(["query", "--db", str(small_catalog), request]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x9b")
    assert "spuffy \\x1b]0;owned\\x07\\x1b[31mred\\x9b" in out
