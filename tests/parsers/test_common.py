"""The shared rules: status, the kept choice not to warn, pairing members named after the cast."""

import pytest

from bot.parsers import common, parse_bytes
from bot.parsers.common import finish, map_rating, parse_relationship
from bot.parsers.text_fields import clean_warnings
from bot.story import Character, Relationship, Story

BODY = "She closed the door.\n\nThe house was quiet after that."


def status(body: str = BODY, **fields) -> str:
    return finish(Story(format="plain", body=body, **fields)).status


@pytest.mark.parametrize("fields, expected", [
    ({"chapters_posted": 3, "chapters_total": 3}, "complete"),
    ({"chapters_posted": 2, "chapters_total": 3}, "in-progress"),
    # a known total wins over a converting tool's status line (1/1 is AO3's "complete")
    ({"chapters_posted": 1, "chapters_total": 1, "status": "in-progress"}, "complete"),
    ({"status": "in-progress"}, "in-progress"),
    ({"chapters_posted": 4}, "in-progress"),  # 4/?
    ({"notes": "Chapter two is half done, promise."}, "in-progress"),
    ({}, "complete"),  # one piece with no chapter count or continuation: a one-shot
])
def test_status_rule(fields, expected):
    assert status(**fields) == expected


@pytest.mark.parametrize("ending, expected", [
    ("TBC", "in-progress"), ("To be continued...", "in-progress"), ("The End", "complete"),
    ("Fin", "complete"), ("= End =", "complete"),
    ("(Part two: the actual dinner. Soon, I swear.)", "in-progress"),
])
def test_end_markers(ending, expected):
    assert status(f"{BODY}\n\n{ending}") == expected


def test_choice_not_to_warn_is_kept_under_its_current_name():
    assert clean_warnings("Choose Not To Use Archive Warnings") == [
        "Creator Chose Not To Use Archive Warnings"]
    assert clean_warnings("No Archive Warnings Apply, none") == []
    text = ("Title: Lanterns\nAuthor: ember\nFandom: Avatar\nWarnings: Creator Chose Not To Use "
            "Archive Warnings\n\n" + BODY)
    assert parse_bytes(text.encode(), "l.txt").warnings == [
        "Creator Chose Not To Use Archive Warnings"]


def test_pairing_members_named_after_the_stated_characters():
    story = Story(format="markdown", body=BODY,
                  relationships=[Relationship(("Lois", "Clark"))],
                  characters=[Character("Lois Lane"), Character("Clark Kent")])
    assert [r.key.label for r in finish(story).relationships] == ["Clark Kent/Lois Lane"]


def test_role_in_a_pairing_is_the_name_in_brackets():
    assert parse_relationship("Dean/Sister (Addie)").members == ("Addie", "Dean")
    assert parse_relationship("Castiel/Dean (past)").modifier == "past"
    rel = parse_relationship("Ten/Rose (if you squint)")
    assert (rel.members, rel.modifier) == (("Rose", "Ten"), "implied")


@pytest.mark.parametrize("label, expected", [
    # every explicit shorthand fans use (issue 18): none may pass for mature or not-rated
    *[(label, "explicit") for label in (
        "Explicit", "E", "Rated E", "Rating: E", "R18", "R-18", "R 18", "r18+", "FR18", "FR-18",
        "NSFW", "NC-17", "NC17", "NC-21", "18", "18+", "21+", "17+", "MA", "Fiction MA", "X",
        "XXX", "Adult", "smut", "Lemon", "lemons", "M/E", "Mature/Explicit", "R/NC-17",
        "Mature or Explicit", "Not Rated (explicit)")],
    # the rest of the rating map (docs/story-formats.md), and the higher of two
    ("General Audiences", "general"), ("G", "general"), ("K", "general"), ("FRC", "general"),
    ("Teen And Up Audiences", "teen"), ("PG", "teen"), ("K+", "teen"), ("Fiction T", "teen"),
    ("PG-13", "teen"), ("PG-15", "teen"), ("FR13", "teen"), ("13+", "teen"),
    ("Mature", "mature"), ("M", "mature"), ("R", "mature"), ("PG-13/R", "mature"),
    ("FR15", "mature"), ("R-15", "mature"), ("15+", "mature"), ("16+", "mature"),
    ("lime", "mature"), ("T/M", "mature"),
    ("Not Rated", "not-rated"), ("", "not-rated"), ("unrated", "not-rated"),
    ("see the notes", "not-rated"), ("E for Everyone", "general"),
])
def test_rating_map_reads_every_shorthand_and_takes_the_higher(label, expected):
    assert map_rating(label) == expected


@pytest.mark.parametrize("note, expected", [
    ("Rated T for language.", "teen"), ("(angst, rated R-18)", "explicit"),
    ("rated E for a reason", "explicit"), ("I rated it highly; rated NC-21.", "explicit"),
])
def test_a_rating_written_in_a_note_uses_the_same_map(note, expected):
    story = parse_bytes(f"Title: Notes\n\nNotes: {note}\n\n{BODY}".encode(), "notes.txt")
    assert story.rating == expected


@pytest.mark.parametrize(("value", "people"), [
    ("Ada Quill, Bram Hollis, a bit of Tomasz", ["Ada Quill", "Bram Hollis", "Tomasz"]),
    ("Ada Quill, mentions of Bram Hollis and Cora Vane", ["Ada Quill", "Bram Hollis", "Cora Vane"]),
    ("cameos by Bram and Cora", ["Bram", "Cora"]),
    ("Ada, brief appearance by Tomasz", ["Ada", "Tomasz"]),
    ("Ada, The Harbourmaster (mentioned)", ["Ada", "The Harbourmaster"]),
    ("Ada, minor Tomasz", ["Ada", "Tomasz"]),
    ("Minor Threat, Past Lives", ["Minor Threat", "Past Lives"]),  # capitalised: part of a name
])
def test_a_stated_person_is_read_without_a_qualifier(value, people):
    assert common.lone_characters(value) == people
    assert common.parse_relationships(value) == []


@pytest.mark.parametrize(("item", "modifier"), [
    ("past Ada/Bram", "past"), ("one-sided Ada/Bram", "one-sided"),
    ("unrequited Ada/Bram", "one-sided"), ("Implied Ada/Bram", "implied"),
    ("slight Ada/Bram", "background"), ("Background Ada/Bram", "background"),
    ("Ada/Bram (mentioned)", "mentioned"),
])
def test_a_pairing_qualifier_is_its_modifier(item, modifier):
    rel = common.parse_relationship(item)
    assert rel is not None and rel.members == ("Ada", "Bram") and rel.modifier == modifier


def test_an_archive_tag_qualifier_is_no_part_of_the_name():
    assert common.stated_people("Mentioned Tomasz", tag=True) == ["Tomasz"]
    assert common.stated_people("Mentioned Tomasz") == ["Mentioned Tomasz"]


def test_a_qualified_tag_states_a_person_the_story_names():
    story = Story(format="ao3-text", body="Ada set the kettle on. Bram Hollis was late again.",
                  tags=["Mentions of Bram Hollis", "Background Cora", "Implied Character Death"])
    finish(story)
    assert story.character_names == ["Bram Hollis"]
