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
    # (the text's Ise is shown as "Ise Lavellan", the fuller name it gives her)
    counted = _counts(body, {"Ise Lavellan", "Lavellan"}, known=("Lavellan",))
    assert counted["Ise Lavellan"][1] >= 2 and counted["Lavellan"][1] >= 2


def test_the_pronoun_after_a_line_in_the_speakers_own_paragraph_is_theirs():
    # a paragraph's action and words are one person's: "Wenna ... "line." She ..." is Wenna
    body = ("Wenna set the lamp on the sill. \"It won't hold till morning.\" She turned the "
            "wick down.\n\n"
            "\"Go to bed,\" said Wenna. \"I'll watch it.\" She pulled the chair closer.\n\n"
            "Tomas did not move.\n")
    assert genders.decide(_counts(body, {"Wenna"})) == {"Wenna": "f"}


def test_a_line_then_the_pronoun_of_someone_named_first_is_not_the_speakers():
    body = ("Wenna set the lamp on the sill. \"Tomas?\" Tomas said nothing. He slept.\n\n"
            "Wenna sat down. \"Fine.\" Tomas rolled over. He snored.\n")
    assert _counts(body, {"Wenna"})["Wenna"] == [0, 0]


def test_her_own_gesture_tells_her_gender():
    body = ("Wenna bit her lip and waited for the kettle.\n\n"
            "Wenna shook her head at the rain.\n\n"
            "Tomas laughed at that.\n")
    assert genders.decide(_counts(body, {"Wenna"}, known=("Wenna",))) == {"Wenna": "f"}


def test_her_gesture_after_someone_acted_on_is_not_theirs():
    body = ("Wenna sat down next to Tomas, and put her head on his shoulder.\n\n"
            "Wenna leaned against Tomas and shook her head.\n")
    assert _counts(body, {"Tomas"}, known=("Wenna", "Tomas"))["Tomas"] == [0, 0]


def test_a_hand_she_touches_or_watches_is_not_hers():
    body = ("Wenna could see his thumb moving on the latch.\n\n"
            "Wenna rapped his knuckles with the spoon.\n\n"
            "\"Tomas,\" said Wenna.\n")
    assert _counts(body, {"Wenna"}, known=("Wenna", "Tomas"))["Wenna"] == [0, 0]


def test_an_owner_in_mid_sentence_is_not_the_she_after_it():
    body = ("Wenna laughed, and Tomas put his face in Wenna's hair until she stopped.\n\n"
            "Tomas thought of Wenna's letters, the ones she never sent.\n\n"
            "Mara said Wenna's name the way she said everything.\n")
    assert _counts(body, {"Wenna"}, known=("Wenna", "Tomas"))["Wenna"] == [0, 0]


def test_a_name_called_out_in_a_line_takes_no_pronoun_after_it():
    # the one spoken to is "you": the "he" after the call is someone else
    body = ("\"Ysolt, you want me to hold the lamp while he fixes the latch?\" said Bran.\n\n"
            "\"Ysolt! He's climbing the roof again!\"\n\n"
            "Ysolt went out into the yard.\n")
    assert _counts(body, {"Ysolt"})["Ysolt"] == [0, 0]


def test_a_name_after_a_preposition_is_not_the_one_the_pronoun_after_takes_up():
    # "next to Idony ... his hair" is the subject's, not Idony's; "at Pell, who" is Pell again
    body = ("The tall one stood next to Idony at the bench, with his sleeves rolled up.\n\n"
            "Corm looked at Idony, and something in his face went soft.\n\n"
            "Corm looked at Pell, who had his hands in his pockets.\n\n"
            "Idony and Pell and Corm ate supper. Idony was quiet. Pell was quiet.\n")
    counted = _counts(body, {"Idony", "Pell"}, known=("Idony",))
    assert counted["Idony"] == [0, 0] and counted["Pell"] == [1, 0]


def test_hands_one_claps_folds_or_wrings_are_ones_own():
    body = ("\"They're in the well too!\" Ysolt clapped her hands together.\n\n"
            "Ysolt folded her hands on the table and waited for Bran.\n\n"
            "Bran came in late.\n")
    assert genders.decide(_counts(body, {"Ysolt"})) == {"Ysolt": "f"}


def test_of_two_a_name_told_by_the_counts_beside_one_told_before_is_taken():
    # a story of two full of "he" and "she": one already a man, the other told once by her
    # own pronoun is a woman, though only the counts tell it
    body = ("Tamm set the kettle on. He was humming.\n\n"
            + "He poured, and she drank, and he laughed, and she smiled.\n\n" * 4
            + "Orla looked up. She had the letter in her hand.\n")
    blocks, _factor = read(body)
    tokenise(blocks, set())
    found = genders.of_two(blocks, ("Tamm", "Orla"), {"Tamm": "m", "Orla": None},
                           {"Tamm": [0, 0], "Orla": [0, 1]})
    assert found == {"Orla": "f"}
