"""Readings that must hold on stories nobody tuned on (issue 13): names with accented
capitals, a romance shown by one clear scene."""

from __future__ import annotations

import pytest

from bot.knowledge import Knowledge
from bot.story import Story
from bot.understanding import understand

LOTR = "The Lord of the Rings"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge.default()


def test_a_name_with_an_accented_capital_is_counted(knowledge):
    body = ("Éowyn stood on the wall and watched the east.\n\n"
            "\"There is no news,\" said Éowyn. Faramir came to stand beside her.\n\n"
            "Faramir looked at Éowyn's hands on the cold stone and said nothing.\n")
    story = Story(format="plain", body=body, fandoms=[LOTR])
    understand(story, knowledge)
    assert "Éowyn" in story.character_names
