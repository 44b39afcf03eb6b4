"""A name's gender read from the pronouns that take it up ("Ise crossed to him. She
stopped"), for the names neither the fandom's records nor a title tell."""

from __future__ import annotations

from bot.understanding import _StatedName, _with_people, characters, genders
from bot.understanding.blocks import read, tokenise


def _counts(body: str, open_names: set[str], known: tuple[str, ...] = ()) -> dict[str, list[int]]:
    """The pronoun counts of `open_names`, the cast being the `known` names (a fandom's, of
    no gender) and the people the text names."""
    blocks, _factor = read(body)
    base = characters.build_table([_StatedName(name) for name in known])
    tokenise(blocks, characters.wanted_tokens(base))
    table = _with_people(blocks, base)
    totals = characters.count_names(blocks, table)
    return genders.counts(blocks, open_names, set(totals))


def test_a_she_after_him_is_the_one_named_not_the_him():
    body = ("Ise crossed the cold battlement to him. She stopped an arm's length away.\n\n"
            "\"Ise,\" said Corin. He did not turn round.\n\n"
            "Ise looked at him for a long time. She said nothing at all.\n\n"
            "Corin waited. He always waited.\n")
    assert genders.decide(_counts(body, {"Ise"})) == {"Ise": "f"}


def test_a_he_after_him_is_the_him_and_tells_nothing():
    body = ("Ise crossed the cold battlement to him. He stopped her with a look.\n\n"
            "\"Ise,\" said Corin. He did not turn round.\n\n"
            "Ise looked at him for a long time. He said nothing at all.\n")
    assert _counts(body, {"Ise"})["Ise"] == [0, 0]


def test_a_name_spoken_of_in_dialogue_takes_the_pronoun_of_its_sentence():
    body = ("\"Himmel said he wanted to buy me a present,\" said Frieren. \"Himmel said he "
            "would find one himself.\"\n\n"
            "Frieren turned the ring over. She did not put it on.\n")
    assert genders.decide(_counts(body, {"Himmel"})) == {"Himmel": "m"}


def test_a_first_name_and_a_surname_of_two_entries_share_the_pronoun_after_them():
    body = ("Ise Lavellan had not slept. She had lain awake in the cold bed.\n\n"
            "Ise Lavellan stood at the top of the stair. She said the only thing left.\n\n"
            "\"Lavellan,\" said Corin. He bowed.\n\n"
            "\"Corin,\" said Ise, and that was all.\n")
    counted = _counts(body, {"Ise", "Lavellan"}, known=("Lavellan",))
    assert counted["Ise"][1] >= 2 and counted["Lavellan"][1] >= 2
