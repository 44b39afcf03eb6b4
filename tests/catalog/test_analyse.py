from __future__ import annotations

from bot.catalog.analyse import FORMAT_PREFERENCE, richness
from bot.story import Story
from bot.vocabulary import FORMATS


def test_every_format_a_parser_gives_has_a_place_in_the_preference() -> None:
    assert sorted(FORMAT_PREFERENCE) == sorted(FORMATS)


def test_of_two_copies_stating_as_much_the_better_structured_one_supplies_the_fields() -> None:
    def copy(fmt: str) -> Story:
        return Story(format=fmt, title="Porch Lights", authors=["someone"])

    assert richness(copy("ao3-pdf")) > richness(copy("epub")) > richness(copy("plain"))
    assert richness(copy("web-page")) > richness(copy("plain"))
