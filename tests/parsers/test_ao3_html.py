"""AO3 HTML downloads: both layouts, every field, body kept apart from notes."""

from datetime import date
from pathlib import Path

import pytest

from bot.parsers import ParseError, ao3_html, parse_bytes
from bot.story import Relationship

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "html"


def _load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def check_single_new(story):
    """Fields of ao3_single_new.html (shared with the EPUB tests)."""
    assert story.title == "Salt and Streetlights"
    assert story.authors == ["quietink", "nightjar_writes"]
    assert story.fandoms == ["Buffy the Vampire Slayer (TV)", "Angel: the Series"]
    assert [r.key.label for r in story.relationships] == ["Buffy Summers/Spike",
                                                          "Dawn Summers & Spike"]
    assert [r.kind for r in story.relationships] == ["romantic", "platonic"]
    assert story.character_names == ["Buffy Summers", "Spike (Buffy the Vampire Slayer)",
                                     "Dawn Summers"]
    assert all(c.stated for c in story.characters)
    assert story.rating == "teen"
    assert story.warnings == ["Graphic Depictions Of Violence"]
    assert story.tags == ["F/M", "Gen", "Hurt/Comfort", "Post-Season/Series 06", "Rain"]
    assert story.status == "complete"
    assert (story.chapters_posted, story.chapters_total) == (1, 1)
    assert story.stated_words == 1214
    assert story.published == date(2023, 11, 2)
    assert story.updated is None
    assert story.language == "English"
    assert story.summary == "The rain does not stop for three days. Neither does Spike’s talking."
    assert story.url == "https://archiveofourown.org/works/48213377"
    assert story.series == "Porch Light Nights"
    assert story.notes == ("Written for the autumn porch-light swap. "
                           "Thanks to M. for the read-through.")
    assert story.body.startswith("The rain had a way of finding the cracks")
    # <br> is a line break, <hr> a scene break, entities decoded, script dropped
    assert "“You’re dripping on my step,” she said.\n“It’s a public step,”" in story.body
    assert "\n\n* * *\n\n" in story.body
    assert "sharing a blanket & an argument about salt" in story.body
    assert "alert" not in story.body
    assert story.body.endswith("and neither of them moved.")
    for stray in ("Posted originally", "Preface", "Afterword", "drop by the Archive",
                  "Published:", "porch-light swap"):
        assert stray not in story.body
    assert story.words == len(story.body.split())


def check_multi_old(story):
    """Fields of ao3_multi_old.html (shared with the EPUB tests)."""
    assert story.title == "The Watcher's Ledger"
    assert story.authors == ["hollowquill"]
    assert story.fandoms == ["Buffy the Vampire Slayer"]
    assert [r.key.label for r in story.relationships] == ["Tara Maclay/Willow Rosenberg",
                                                    "Rupert Giles & Willow Rosenberg"]
    assert story.character_names == ["Willow Rosenberg", "Tara Maclay", "Rupert Giles"]
    assert story.rating == "mature"
    # the older "Choose Not To Use Archive Warnings" is kept under its current name
    assert story.warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert story.tags == ["F/F", "Angst", "Magic"]
    assert story.status == "in-progress"
    assert (story.chapters_posted, story.chapters_total) == (2, 3)
    assert story.stated_words == 2450
    assert story.published == date(2014, 2, 14)
    assert story.updated == date(2014, 3, 30)
    assert story.language is None
    assert story.summary == "Giles keeps a ledger of every spell Willow casts.\n\nWillow finds it."
    assert story.url == "http://archiveofourown.org/works/1190442"
    assert story.series is None
    assert story.notes.split("\n\n") == [
        "Set somewhere in season five.", "Willow opens the wrong drawer.", "Short one, sorry!",
        "Next time: Giles explains, badly.", "Come say hi on Dreamwidth."]
    paragraphs = story.body.split("\n\n")
    # Chapter titles are not story text (AO3 counts words without them).
    assert paragraphs[0].startswith("The ledger was green leather")
    assert "Chapter 1" not in story.body and "Chapter 2" not in story.body
    assert paragraphs[-1] == ("Willow did not believe him, and she could tell he did not "
                              "believe himself.")
    assert '"It\'s a measure," Giles said' in story.body
    for stray in ("Chapter Summary", "Chapter Notes", "wrong drawer", "Short one", "Next time",
                  "Dreamwidth", "See the end", "End Notes", "Preface"):
        assert stray not in story.body


def test_single_chapter_new_layout():
    html = _load("ao3_single_new.html")
    assert ao3_html.detect_html(html) >= 0.9
    story = ao3_html.parse_html(html, "salt.html")
    assert story.format == "ao3-html"
    check_single_new(story)


def test_multi_chapter_old_layout():
    html = _load("ao3_multi_old.html")
    assert ao3_html.detect_html(html) >= 0.9
    story = ao3_html.parse_html(html, "ledger.html")
    assert story.format == "ao3-html"
    check_multi_old(story)


def test_dispatch_through_parse_bytes():
    data = (FIXTURES / "ao3_multi_old.html").read_bytes()
    story = parse_bytes(data, "ledger.html")
    assert story.format == "ao3-html"
    check_multi_old(story)
    # the suffix is not needed: the doctype says HTML
    assert parse_bytes(data, "ledger.download").format == "ao3-html"


@pytest.mark.parametrize("stats, expected", [
    ("Published: 2020-01-01 Words: 900 Chapters: 1/?", ("in-progress", 1, None, 900)),
    ("Published: 2020-01-01 Updated: 2020-02-01 Words: 1,900 Chapters: 2/5",
     ("in-progress", 2, 5, 1900)),
    ("Published: 2020-01-01 Completed: 2020-03-01 Chapters: 3/3 Words: 12500",
     ("complete", 3, 3, 12500)),
    ("Published: 2020-01-01 Chapters: 1/1 Words: 12,500,001", ("complete", 1, 1, 12500001)),
])
def test_stats_line(stats, expected):
    from bot.story import Story
    story = Story(format="ao3-html")
    ao3_html.read_stats(stats, story)
    assert (story.status, story.chapters_posted, story.chapters_total,
            story.stated_words) == expected
    assert story.published == date(2020, 1, 1)


def test_series_name_takes_the_first_series():
    assert ao3_html.series_name("Part 2 of Porch Light Nights") == "Porch Light Nights"
    assert ao3_html.series_name("Part 1 of A, B and C, Part 4 of Other") == "A, B and C"


def test_title_falls_back_to_title_element_and_relationship_oddities_become_tags():
    html = _load("ao3_single_new.html").replace("<h1>Salt and Streetlights</h1>", "")
    html = html.replace(">Dawn Summers &amp; Spike<", ">Dawn Summers - Spike<")
    story = ao3_html.parse_html(html, "x.html")
    assert story.title == "Salt and Streetlights"
    assert [r.key.label for r in story.relationships] == ["Buffy Summers/Spike"]
    assert "Dawn Summers - Spike" in story.tags
    assert Relationship(("Spike", "Buffy Summers")).key == story.relationships[0].key


def test_detect_is_strict():
    assert ao3_html.detect_html("<html><body><p>I read it on archiveofourown.org</p></body>") == 0
    assert ao3_html.detect_html('<div id="preface"><p>no archive here</p></div>') == 0
    ffn = (FIXTURES / "fanficfare.html").read_text(encoding="utf-8")
    assert ao3_html.detect_html(ffn) == 0


def test_download_without_chapter_text_is_an_error():
    html = _load("ao3_single_new.html")
    start = html.index('<div id="chapters"')
    end = html.index('<div id="afterword"')
    with pytest.raises(ParseError, match="no chapter text"):
        ao3_html.parse_html(html[:start] + html[end:], "empty.html")
