"""Bad input, hostile sizes and the shared helpers the text families lean on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.parsers import ParseError, common, header, markdown, parse_bytes, text_fields, tumblr
from bot.story import Story
from tests.support.cost import calls

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "text"
PROSE = ("Willow read the spell twice before she said it aloud, and the candles leaned toward "
         "her as if they wanted to hear. ")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n\n  \n", "no text"),
    (bytes(range(256)) * 40, "invalid encoding"),
    (b"\x00\x01\x02story\x00" * 500, "binary"),
])
def test_bad_input_is_a_parse_error_with_a_reason(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_bytes(data, "bad.txt")


def test_markdown_bad_yaml_names_the_line():
    path = FIXTURES / "markdown_bad_yaml.md"
    with pytest.raises(ParseError, match=r"bad YAML front matter at line 4"):
        parse_bytes(path.read_bytes(), path.name)


def test_markdown_front_matter_must_be_a_mapping():
    path = FIXTURES / "markdown_not_mapping.md"
    with pytest.raises(ParseError, match="key: value pairs, not a list"):
        parse_bytes(path.read_bytes(), path.name)


def test_markdown_front_matter_size_limit_and_unclosed():
    huge = "---\ntitle: Big\n" + "".join(f"k{i}: {'x' * 60}\n" for i in range(1500)) + "---\nBody."
    with pytest.raises(ParseError, match="larger than 64 KB"):
        parse_bytes(huge.encode(), "huge.md")
    with pytest.raises(ParseError, match="not closed"):
        markdown.parse("---\ntitle: Open\nstory text\n", "open.md")


def test_markdown_nested_and_odd_values_are_ignored_not_fatal():
    text = ("---\ntitle: 1984\ntags: [[nested], ok]\ncomplete: false\nwords: 12\n"
            "meta: {a: 1}\n---\n# Another Heading\n\n" + PROSE * 3)
    s = markdown.parse(text, "x.md")
    assert s.title == "1984" and s.tags == ["ok"] and s.status == "in-progress"
    assert s.body.startswith("# Another Heading")  # not the title: kept


def test_one_huge_line_body_is_linear():
    head = ("Title: The Long Night\nAuthor: Someone\nPairing: Tara/Willow\n"
            "Rating: PG\n\n")

    def story(copies: int) -> bytes:
        return (head + PROSE * copies + "\n\nThe End\n").encode()

    s = parse_bytes(story(40000), "big.txt")  # about 4.5 MB on a single line
    assert s.format == "header-text" and s.status == "complete"
    assert s.words == len((PROSE * 40000).split())
    # ten times the line costs about ten times the work (calls counted, not timed)
    small = calls(parse_bytes, story(400), "big.txt")
    big = calls(parse_bytes, story(4000), "big.txt")
    assert big <= 12 * small, (small, big)


@pytest.mark.parametrize("name", ["the_long_road.txt", "ffnet_notes.txt", "tumblr_for.txt"])
def test_huge_single_line_story_without_header(name):
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("\n\n", " ")
    one_line = text.replace("\n", " ") * 200
    s = parse_bytes(one_line.encode(), name)
    assert s.words == len(s.body.split()) > 1000


def test_detectors_only_read_the_head_and_tail():
    middle = "\n\n".join(["Title: Not a header, this is the middle"] * 10)
    text = PROSE * 200 + "\n\n" + middle + "\n\n" + PROSE * 200
    assert header.detect(text) == 0.0
    assert tumblr.detect(text) == 0.0
    assert parse_bytes(text.encode(), "middle.txt").format == "plain"


def test_relationship_parsing_keeps_modifiers_and_kinds():
    rels = common.parse_relationships("Spike/Buffy, past Angel/Buffy, Dawn & Xander (platonic)")
    assert [(r.key.label, r.kind, r.modifier) for r in rels] == [
        ("Buffy/Spike", "romantic", None), ("Angel/Buffy", "romantic", "past"),
        ("Dawn & Xander", "platonic", None)]
    rels = common.parse_relationships("Sam/Dean (past, implied), Bobby")
    assert [(r.key.label, r.modifier) for r in rels] == [("Dean/Sam", "past")]
    assert common.lone_characters("Sam/Dean (past, implied), Bobby") == ["Bobby"]


@pytest.mark.parametrize(("line", "expected"), [
    ("**Title**: Foo", ("title", "Foo")),
    ("<b>Title</b>: Foo", ("title", "Foo")),
    ("Author’s Note: hi", ("notes", "hi")),
    ("For:feliciacraft", ("recipient", "feliciacraft")),
])
def test_label_line_variants(line, expected):
    assert common.label_line(line) == expected


def test_split_end_matter_reads_only_the_tail():
    body = "\n".join(["story line"] * 1000 + ["---"] * 200 + ["TBC"])
    text, status, cut = common.split_end_matter(body)
    assert status == "in-progress" and text.endswith("story line") and cut.endswith("TBC")


@pytest.mark.parametrize(("value", "expected"), [
    ("Buffy the Vampire Slayer/Angel", ["Buffy the Vampire Slayer", "Angel"]),
    ("BtVS/AtS", ["BtVS", "AtS"]),
    ("Fate/stay night", ["Fate/stay night"]),
    ("Crossover: Supernatural x Buffy", ["Supernatural", "Buffy"]),
])
def test_split_fandoms(value, expected):
    assert text_fields.split_fandoms(value) == expected


def test_untitled_story_takes_its_prompt_or_opening_words():
    story = Story(format="tumblr", prompt='"you kept the coat" (hurt/comfort, rated T)',
                  body="She found it in the closet.")
    assert text_fields.untitled(story) == "you kept the coat"
    story.prompt = 'Dean/Cas + "is that my shirt?"'
    assert text_fields.untitled(story) == "is that my shirt?"
    story = Story(format="plain", body="Willow opened the door and the rain came in with her.")
    assert text_fields.untitled(story) == "Willow opened the door and the rain…"
