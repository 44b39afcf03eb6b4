"""FanFicFare HTML output: title line, label table, chapters after the table of contents."""

from datetime import date
from pathlib import Path

import pytest

from bot.parsers import ParseError, fanficfare_html, parse_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "html"


def test_every_field():
    html = (FIXTURES / "fanficfare.html").read_text(encoding="utf-8")
    assert fanficfare_html.detect_html(html) >= 0.9
    story = fanficfare_html.parse_html(html, "lantern.html")
    assert story.format == "fanficfare-html"
    assert story.title == "A Lantern for Sunnydale"
    assert story.authors == ["marrowlight"]
    assert story.url == "https://www.fanfiction.net/s/9123456/1/A-Lantern-for-Sunnydale"
    assert story.fandoms == ["Buffy: The Vampire Slayer"]  # FanFicFare's Category is the fandom
    assert story.tags == ["Friendship", "Hurt/Comfort"]
    assert story.language == "English"
    assert story.character_names == ["Xander H.", "Dawn S.", "Anya"]
    assert [r.key.label for r in story.relationships] == ["Anya/Xander H.", "Dawn S. & Xander H."]
    assert story.status == "in-progress"
    assert story.published == date(2012, 7, 12)
    assert story.updated == date(2013, 1, 5)
    assert story.rating == "teen"
    assert story.warnings == ["Major Character Death"]
    assert (story.chapters_posted, story.chapters_total) == (2, None)
    assert story.stated_words == 3981
    assert story.series == "Hellmouth Lights"
    assert story.summary == "Xander builds Dawn a lantern. It is ugly.\nShe keeps it anyway."
    assert story.notes is None
    paragraphs = story.body.split("\n\n")
    # Chapter titles are not story text.
    assert paragraphs[0].startswith("The lantern started as a soup can")
    assert "Tin and Glass" not in story.body and "The Long Walk Home" not in story.body
    assert paragraphs[-1] == "The lantern threw crooked stars on the headstones the whole way."
    assert "a nail & a hammer" in story.body
    for stray in ("Table of Contents", "Packaged", "Story URL", "marrowlight", "by "):
        assert stray not in story.body
    assert story.words == len(story.body.split())


def test_dispatch_and_completed_status():
    html = (FIXTURES / "fanficfare.html").read_text(encoding="utf-8")
    html = html.replace("<td>In-Progress</td>", "<td>Completed</td>")
    story = parse_bytes(html.encode("utf-8"), "lantern.htm")
    assert story.format == "fanficfare-html"
    assert story.status == "complete"
    assert (story.chapters_posted, story.chapters_total) == (2, 2)


def test_detect_needs_chapter_anchors():
    assert fanficfare_html.detect_html("<h1><a href='x'>T</a> by A</h1><p>text</p>") == 0
    assert fanficfare_html.detect_html('<a name="section0001"><h2>One</h2></a><p>x</p>') == 0


def test_no_chapter_text_is_an_error():
    html = (FIXTURES / "fanficfare.html").read_text(encoding="utf-8")
    cut = html[: html.index('<a name="section0001">')] + '<a name="section0001"></a></body>'
    with pytest.raises(ParseError, match="no chapter text"):
        fanficfare_html.parse_html(cut, "empty.html")
