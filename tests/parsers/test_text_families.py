"""Each text fixture goes to its own family through `parse_bytes` and reads back as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.parsers import parse_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "text"


def parse(name: str):
    path = FIXTURES / name
    return parse_bytes(path.read_bytes(), path.name)


def keys(story) -> dict[str, str | None]:
    return {r.key.label: r.modifier for r in story.relationships}


@pytest.mark.parametrize(("name", "fmt"), [
    ("ao3_inline_new.txt", "ao3-text"),
    ("ao3_indented_old.txt", "ao3-text"),
    ("ao3_webcopy.txt", "ao3-text"),
    ("fanficfare.txt", "fanficfare-txt"),
    ("ffnet_meta.txt", "ffnet-text"),
    ("ffnet_notes.txt", "ffnet-text"),
    ("header_bold_crlf.txt", "header-text"),
    ("header_cr.txt", "header-text"),
    ("header_utf16.txt", "header-text"),
    ("header_cp1252.txt", "header-text"),
    ("tumblr_for.txt", "tumblr"),
    ("tumblr_prompt.txt", "tumblr"),
    ("markdown_story.md", "markdown"),
    ("the_long_road.txt", "plain"),
    ("plain_titled.txt", "plain"),
])
def test_each_fixture_goes_to_its_family(name, fmt):
    story = parse(name)
    assert story.format == fmt
    assert story.words == len(story.body.split()) > 20
    assert story.title


# --- AO3 text ------------------------------------------------------------------------------

def test_ao3_inline_layout_with_plural_labels_and_new_stats():
    s = parse("ao3_inline_new.txt")
    assert (s.title, s.authors) == ("The Lantern Keeper", ["moth_and_ember"])
    assert s.url == "https://archiveofourown.org/works/4815162"
    assert s.rating == "teen" and s.warnings == []
    assert s.fandoms == ["Buffy the Vampire Slayer (TV)", "Angel: the Series"]
    assert keys(s) == {"Buffy Summers/Spike": None, "Dawn Summers & Xander Harris": None}
    assert "Ben Solo | Kylo Ren" in s.character_names
    assert "Spike (Buffy the Vampire Slayer)" in s.character_names
    assert s.tags == ["F/M", "Gen", "Fluff", "Hurt/Comfort", "Angst with a Happy Ending"]
    assert (s.language, s.series) == ("English", "Lights in Sunnydale")
    assert (s.published, s.updated) == (date(2023, 5, 2), date(2023, 6, 11))
    assert (s.stated_words, s.chapters_posted, s.chapters_total) == (1234, 2, 2)
    assert s.status == "complete"
    assert s.summary == "Someone has to keep the lights on in Sunnydale after dark."
    assert s.body.startswith("The lantern on the porch")
    assert s.body.endswith('"You could come in," she said. He came in.')
    for moved in ("Written for a prompt", "mostly quiet", "Thank you for reading"):
        assert moved in s.notes and moved not in s.body
    assert "Chapter 2" not in s.body and "A Lamp in the Window" not in s.body


def test_ao3_indented_layout_with_singular_labels_and_old_stats():
    s = parse("ao3_indented_old.txt")
    assert (s.title, s.authors) == ("Paper Boats", ["rainlily"])
    assert s.rating == "general"
    assert s.warnings == ["Creator Chose Not To Use Archive Warnings"]  # kept: excludable
    assert keys(s) == {"Tara Maclay/Willow Rosenberg": None}
    assert s.character_names == ["Willow Rosenberg", "Tara Maclay"]
    assert "Angst with a Happy Ending" in s.tags  # a tag wrapped over two lines stays one tag
    assert s.language is None  # no Language line before 2022
    assert (s.stated_words, s.chapters_posted, s.chapters_total) == (812, 1, None)
    assert s.status == "in-progress"
    assert s.published == date(2015, 1, 10)
    assert s.summary.startswith("Willow folds a boat")
    assert s.body.startswith("Rain came down")


def test_ao3_browser_copy_without_posted_line():
    s = parse("ao3_webcopy.txt")
    assert (s.title, s.authors) == ("Gate Address Unknown", ["quietcartographer"])
    assert s.rating == "mature"
    assert s.warnings == ["Graphic Depictions Of Violence", "Major Character Death"]
    assert keys(s) == {"Jack O'Neill/Samantha Carter": None, "Daniel Jackson & Teal'c": None}
    assert s.summary == "The dialling computer picks an address nobody entered."
    assert s.status == "complete"
    assert s.body.startswith("Sam ran the diagnostic") and "Chapter Text" not in s.body


# --- FanFicFare ------------------------------------------------------------------------------

def test_fanficfare_title_page_contents_and_end_file():
    s = parse("fanficfare.txt")
    assert (s.title, s.authors) == ("The Quiet Orbit", ["Selene Marsh"])
    assert s.fandoms == ["Star Trek: The Original Series"]  # Category is the fandom
    assert s.tags == ["Friendship", "Drama"]
    assert keys(s) == {"James T. Kirk & Spock": None, "Leonard McCoy/Nyota Uhura": None}
    assert s.status == "in-progress"  # the label wins; "End file." ends the download only
    assert (s.published, s.updated) == (date(2016, 8, 1), date(2016, 9, 14))
    assert (s.stated_words, s.chapters_posted) == (2345, 2)
    assert s.url == "https://archiveofourown.org/works/7654321"
    assert s.summary.endswith("about what the silence means.")  # wrapped lines joined
    assert s.body.startswith("The planet below had no lights")
    assert s.body.endswith("they had not asked for.")
    assert "Two: Signal" not in s.body and "TABLE OF CONTENTS" not in s.body


# --- fanfiction.net ------------------------------------------------------------------------

def test_ffnet_metadata_line():
    s = parse("ffnet_meta.txt")
    assert s.rating == "teen" and s.language == "English"
    assert s.tags == ["Romance", "Hurt/Comfort"]  # genres split without breaking Hurt/Comfort
    assert keys(s) == {"Buffy S./Spike": None}
    assert set(s.character_names) == {"Spike", "Buffy S.", "Angel"}
    assert (s.chapters_posted, s.chapters_total, s.stated_words) == (3, 3, 5000)
    assert s.published == date(2010, 7, 12)
    assert s.status == "complete"
    assert s.url == "https://www.fanfiction.net/s/6011223"
    assert s.body.startswith("The crypt was cold")
    assert s.body.endswith("instead of a threat.")
    assert "I don't own Buffy" in s.notes and "review" not in s.body.lower()


def test_ffnet_notes_separator_title_and_tbc():
    s = parse("ffnet_notes.txt")
    assert (s.title, s.authors) == ("Ashes on the Floor", ["lanternmoth"])
    assert s.status == "in-progress"
    assert s.body.startswith("Xander swept the same square")
    assert s.body.endswith('"They always do."')
    assert "oOo" in s.body  # scene breaks inside the story stay
    for note in ("Author's Note", "Joss Whedon", "my beta"):
        assert note in s.notes and note not in s.body
    assert s.fandoms == []


# --- headers ---------------------------------------------------------------------------------

def test_header_bold_labels_and_crlf():
    s = parse("header_bold_crlf.txt")
    assert (s.title, s.authors) == ("Night Shift at the Magic Box", ["Wren Holloway"])
    assert s.rating == "teen"
    assert keys(s) == {"Tara/Willow": None, "Anya/Xander": "implied"}
    assert s.character_names == ["Giles", "Dawn"]
    assert s.summary.startswith("Inventory night")
    assert s.stated_words == 2000 and s.status == "in-progress"
    assert "\r" not in s.body and s.body.startswith("The jar on the third shelf")
    assert "Spoilers: Season five" in s.notes and "A/N:" in s.notes and "Beta:" in s.notes


def test_header_label_variants_and_cr_endings():
    s = parse("header_cr.txt")
    assert (s.title, s.authors) == ("Salt and Iron", ["Corvid Lane"])
    assert keys(s) == {"Dean & Sam": None}  # "(platonic, really)" makes it platonic
    assert s.rating == "mature" and s.warnings == ["blood", "motel carpets"]
    assert s.summary == "The brothers argue about a ward."
    assert (s.stated_words, s.published) == (85, date(2012, 3, 3))
    assert s.status == "in-progress"  # "Part 1/3"
    assert s.body.endswith("and he had.")


def test_header_utf16_accented_names_and_crossover_initials():
    s = parse("header_utf16.txt")
    assert s.authors == ["Anaïs Roussel"]
    assert s.fandoms == ["BtVS", "AtS"]
    assert keys(s) == {"Faith/Zoë": None, "Buffy & Faith": None}
    assert s.body.startswith("Zoë wrote the first letter in a café")
    assert s.status == "complete" and s.warnings == []


def test_header_cp1252_quotes_and_entities():
    s = parse("header_cp1252.txt")
    assert s.recipient == "tea_and_stakes" and s.rating == "general"
    assert "“with the little heart”" in s.body and "didn’t" in s.body
    assert "Fish & chips" in s.body and "nine…" in s.body and "&#" not in s.body


# --- tumblr, markdown, plain -----------------------------------------------------------------

def test_tumblr_for_line_pairing_and_tags():
    s = parse("tumblr_for.txt")
    assert s.recipient == "@stakeandsparkle"
    assert s.prompt == 'Spike/Buffy + "you stayed"'
    assert keys(s) == {"Buffy/Spike": None}
    assert s.tags == ["spuffy", "btvs", "fluff", "buffy summers", "spike"]
    assert s.body.startswith("She woke up at four") and "#" not in s.body
    assert s.body.endswith("they both knew it.")


def test_tumblr_prompt_and_url():
    s = parse("tumblr_prompt.txt")
    assert s.prompt == "Giles teaching Dawn to drive" and s.relationships == []
    assert s.url == "https://wordsbythesea.tumblr.com/post/123456789/giles-teaching-dawn-to-drive"
    assert s.tags == ["giles", "dawn summers", "btvs", "ficlet", "family"]
    assert "tumblr.com" not in s.body and s.body.endswith("somehow worse.")


def test_tumblr_prompt_pairings_in_lower_case_are_stated_relationships():
    # tumblr writes a prompt's pair in lower case; each name takes the story's own spelling,
    # a surname it writes after it included; "and/or" and "hurt/comfort" are no names
    text = ("prompt: mira & the warden + \"you came back\" (and/or a nap)\n\n"
            "The Warden came back at dusk. Mira Holt was waiting on the wall; Mira waved.\n")
    s = parse_bytes(text.encode(), "prompt.txt")
    assert keys(s) == {"Mira Holt & The Warden": None}, keys(s)
    s = parse_bytes(b"for @someone: tam/odile + hurt/comfort\n\nTam sat with Odile until "
                    b"the fever broke.\n\n#fluff #sickfic\n", "prompt.txt")
    assert keys(s) == {"Odile/Tam": None}, keys(s)


def test_tumblr_prompt_names_the_story_never_capitalises_are_capitalised_not_shouted():
    text = ("prompt: bram & wren, \"the long way home\"\n\n"
            "\"WREN IS LATE,\" said Bram. The bell rang twice.\n\n#gen #walking\n")
    s = parse_bytes(text.encode(), "prompt.txt")
    assert keys(s) == {"Bram & Wren": None}, keys(s)


def test_tumblr_tags_joining_names_state_the_pairing():
    # AO3's marks in a tag: "/" and " x " lovers, " & " friends; a prompt's "&" is its "and"
    # and gives way when a tag states the same two as lovers
    text = ("prompt: nell & corin + breakfast in bed\n\n"
            "Nell brought Corin tea before the sun was up. Ash & Pip slept on.\n\n"
            "#my fic #nell x corin #ash & pip #blood/gore #fluff\n")
    s = parse_bytes(text.encode(), "post.txt")
    assert s.format == "tumblr"
    # "blood/gore" are no names: the story never writes them capitalised
    assert keys(s) == {"Corin/Nell": None, "Ash & Pip": None}, keys(s)


def test_header_names_in_lower_case_take_the_story_spelling():
    text = ("Title: Ferry\nAuthor: someone\nPairing: ilka/dov\nCharacters: ilka, dov, "
            "old sefa\nRating: G\n\nIlka Varga paid the ferryman. Dov laughed at her hat.\n")
    s = parse_bytes(text.encode(), "ferry.txt")
    assert keys(s) == {"Dov/Ilka Varga": None}, keys(s)
    assert s.character_names == ["Ilka Varga", "Dov", "Old Sefa"]


def test_markdown_front_matter():
    s = parse("markdown_story.md")
    assert (s.title, s.authors) == ("Seventeen Lanterns", ["Ivy Okafor", "Jun Park"])
    assert s.fandoms == ["Avatar: The Last Airbender"]
    assert keys(s) == {"Katara/Zuko": None, "Aang/Katara": "past"}
    assert s.character_names == ["Iroh", "Toph Beifong"]
    assert (s.rating, s.warnings, s.status) == ("teen", [], "complete")
    assert s.tags == ["fluff", "tea shop", "festival"]
    assert (s.chapters_posted, s.chapters_total, s.stated_words) == (1, 1, 86)
    assert (s.published, s.language, s.series) == (date(2021, 4, 9), "English",
                                                    "Ba Sing Se Evenings")
    assert s.url == "https://example.org/stories/seventeen-lanterns"
    assert s.body.startswith("Zuko lit the first lantern")  # "# Seventeen Lanterns" dropped
    assert "**Exactly** seventeen" in s.body  # Markdown kept as written


def test_untitled_plain_story_is_titled_by_its_opening_words_not_its_file_name():
    s = parse("the_long_road.txt")
    assert s.title == "The road out of Sunnydale ran straight…"
    assert s.status == "complete"
    assert s.body.startswith("The road out of Sunnydale")
    assert s.body.endswith("So he didn't.")


def test_plain_title_line_and_tbc():
    s = parse("plain_titled.txt")
    assert s.title == "Small Hours"
    assert s.status == "in-progress"
    assert s.body.startswith("The kettle clicked off") and "TBC" not in s.body
