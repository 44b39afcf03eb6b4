"""One harvest of labels: every variant, wherever the lines come from."""

from bot.parsers import labels
from bot.story import Story


def harvest(lines: list[str]) -> Story:
    story = Story(format="epub")
    labels.harvest(story, lines, [])
    return story


def test_information_page_lines():
    s = harvest(["Hunted", "By: Bex-chan", "Status: complete", "Words: 191497", "Chapters: 36",
                 "Rated: Fiction M - Language: English - Genre: Romance/Mystery - "
                 "Characters: Draco M., Hermione G. - Reviews: 3,176",
                 "Original source:", "https://www.fanfiction.net/s/5853767/1/Hunted"])
    assert s.authors == ["Bex-chan"]
    assert (s.status, s.chapters_posted) == ("complete", 36)
    assert (s.rating, s.language, s.stated_words) == ("mature", "English", 191497)
    assert s.tags == ["Romance", "Mystery"]
    assert s.character_names == ["Draco M.", "Hermione G."]
    assert s.url == "https://www.fanfiction.net/s/5853767/1/Hunted"


def test_label_variants_and_a_value_below_its_label():
    s = harvest(["Ship: Arthur/Merlin", "Rated: R, mostly for blood", "Length: ~950",
                 "Spoilers: series two", "Genre: hurt/comfort", "Originally posted at: "
                 "https://ninthwave.dreamwidth.org/20417.html", "Summary:", "A river.",
                 "A boat."])
    assert [r.key.label for r in s.relationships] == ["Arthur/Merlin"]
    assert (s.rating, s.stated_words) == ("mature", 950)
    assert s.url == "https://ninthwave.dreamwidth.org/20417.html"
    assert s.summary == "A river.\nA boat."


def test_breadcrumb_and_ao3_posted_line():
    s = harvest(["Books > Harry Potter",
                 "Posted originally on the Archive of Our Own at https://archiveofourown.org/"
                 "works/123."])
    assert s.fandoms == ["Harry Potter"]
    assert s.url == "https://archiveofourown.org/works/123"


def test_several_labels_on_one_line():
    # an unknown label ("Read Count") stays with the value before it
    assert labels.split_labels("Chapters: 1 Completed: Yes Word count: 498 Read Count: 10") == [
        "Chapters: 1", "Completed: Yes", "Word count: 498 Read Count: 10"]
