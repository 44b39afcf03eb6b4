"""Readings that must hold on stories nobody tuned on (issue 13): names with accented
capitals, a romance shown by one clear scene."""

from __future__ import annotations

import pytest

from bot.catalog.stored import MOOD_INDEX_FLOOR
from bot.knowledge import Knowledge
from bot.story import Story
from bot.understanding import moods, understand

LOTR = "The Lord of the Rings"
UNKNOWN = "Some Fandom Nobody Knows"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge.default()


def _read(knowledge: Knowledge, body: str, fandom: str, **fields) -> Story:
    """A plain story of `body` in `fandom`, understood."""
    story = Story(format="plain", body=body, fandoms=[fandom], **fields)
    understand(story, knowledge)
    return story


def _romances(story: Story) -> list:
    return [r for r in story.relationships if r.kind == "romantic"]


def test_a_name_with_an_accented_capital_is_counted(knowledge):
    body = ("Éowyn stood on the wall and watched the east.\n\n"
            "\"There is no news,\" said Éowyn. Faramir came to stand beside her.\n\n"
            "Faramir looked at Éowyn's hands on the cold stone and said nothing.\n")
    story = _read(knowledge, body, LOTR)
    assert "Éowyn" in story.character_names


WALL = """Faramir walked the wall each morning, and each morning Éowyn was there before him, \
her good hand on the parapet and her eyes on the east, where the darkness had been.

Faramir did not remember, afterward, which of them moved first. Only that one moment they \
were standing side by side, and the next Éowyn was laughing, her face wet, her hair blowing \
wild, and he had his arm around her and the blue mantle was fluttering about them both.

"They live," she said. "They live. Faramir -"

It was the first time she had used his name without a title before it.

He kissed her then. There on the wall, in the sun, with all the bells ringing. Her mouth \
was cold from the wind and then it was not cold at all.
"""


def test_a_kiss_told_by_pronouns_after_the_pair_was_named_is_theirs(knowledge):
    story = _read(knowledge, WALL, LOTR)
    romance = _romances(story)
    assert [set(r.members) for r in romance] == [{"Faramir", "Éowyn"}]
    assert "kissed her" in (romance[0].evidence or "")
    assert not any(r.kind == "platonic" for r in story.relationships)


def test_a_full_name_is_one_person_when_only_its_last_word_shows_a_person():
    # "Marta" never speaks or acts alone; the run "Marta Kessling" does, twice
    body = ("Downstairs someone banged pots. That was Marta Kessling, who owned the inn and "
            "had the lungs of a drill sergeant.\n\n"
            "\"Two plates,\" called Yennefer. \"Upstairs, Mistress Kessling.\"\n\n"
            "When Marta Kessling came up with the eggs she knocked three times and left the "
            "tray outside. Kessling knew when to leave people alone.\n\n"
            "\"Four parts,\" said Edmund Hale, and Mr Hale left at twenty to nine.\n")
    story = _read(Knowledge.default(), body, UNKNOWN)
    assert {"Marta Kessling", "Edmund Hale"} <= set(story.character_names)


def _found_people(text: str):
    from bot.understanding.blocks import VOCABULARY_FORMS, read, tokenise
    from bot.understanding.people import discover

    blocks, _factor = read(text)
    tokenise(blocks, frozenset(VOCABULARY_FORMS))
    return {p.name: p for p in discover(blocks)}


def test_a_gesture_of_ones_own_body_tells_a_found_names_gender():
    text = ("Orrin shook his head at the map. \"Not that way,\" said Dara.\n\n"
            "Orrin cleared his throat and pointed north. Dara bit her lip.\n\n"
            "\"North, then,\" said Orrin. Dara rolled her eyes.\n")
    people = _found_people(text)
    assert people["Orrin"].gender == "m" and people["Dara"].gender == "f"


PARTING = """Ise came up the stair at dawn. Ise had not slept, and Solas was waiting on the \
battlements, as she had known he would be. Solas shook his head when she tried to speak. \
Solas cleared his throat.

"You weren't going to tell me," Ise said.

"No."

"I knew when you kissed me last night." She folded her arms against the cold. "You kissed \
me like it was the last time."
"""


def test_a_line_that_says_you_kissed_me_is_between_speaker_and_listener(knowledge):
    story = _read(knowledge, PARTING, "Dragon Age: Inquisition")
    romance = _romances(story)
    # Solas is the knowledge's "Solas (Dragon Age)" since Dragon Age has a file
    assert [set(r.members) for r in romance] == [{"Ise", "Solas (Dragon Age)"}]
    assert "kissed me" in (romance[0].evidence or "")


def test_a_couple_who_broke_up_is_a_past_romance(knowledge):
    body = ("Nancy came into the shop at six. Steve dropped a stack of tapes on his foot.\n\n"
            "Steve watched Nancy by the door. He didn't think about her, not anymore, not the "
            "way Steve had in the winter after they broke up.\n\n"
            "Nancy waved. Steve waved back and went to count the returns.\n")
    story = _read(knowledge, body, UNKNOWN)
    romance = _romances(story)
    assert [(set(r.members), r.modifier) for r in romance] == [({"Nancy", "Steve"}, "past")]
    assert "broke up" in (romance[0].evidence or "")


def test_an_author_who_says_no_romance_gets_a_friendship_not_a_couple(knowledge):
    body = ("Ino found Sakura on the roof after the wedding. Sakura handed her a bottle.\n\n"
            "\"I love you, you know,\" said Ino. \"You big-foreheaded idiot.\"\n\n"
            "\"I love you too, Pig,\" said Sakura, and Ino leaned her head on her best "
            "friend's shoulder. Ino stayed there until the lanterns went out.\n\n"
            "Sakura laughed. Ino laughed too, and they went down together.\n")
    story = _read(knowledge, body, UNKNOWN,
                  notes="for Ino's birthday! no romance, just girls being best friends")
    kinds = {r.kind for r in story.relationships if set(r.members) == {"Ino", "Sakura"}}
    assert kinds == {"platonic"}


def test_passing_dark_words_do_not_make_a_quiet_story_horror(knowledge):
    body = ("It was dark and cold when Mira got home, and the flat was silent. Something was "
            "wrong with the heating again; the thing never worked in winter.\n\n"
            "She left her boots by the door, made cocoa, and curled up under a blanket with "
            "the crossword. The dark window, the cold tea, the silent street: she smiled.\n\n"
            "Her cat found her there and purred, warm and sleepy, until the wrong answer in "
            "seven down stopped mattering at all. She never finished it. She left it there.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert max(story.moods, key=story.moods.get) == "fluff"
    # not listed under /mood horror (the search's floor for a story having a mood)
    assert story.moods["horror"] < MOOD_INDEX_FLOOR, story.moods


# A goldfish's funeral between two friends: the words lean sad, the telling is banter.
_FUNERAL = [
    ("Pip is dead,", "Tomas said. It was a sad morning, and he was crying into the cereal."),
    ("He was a goldfish,", "Jun said. She was his best friend and she was laughing."),
    ("He was family. We are holding a funeral.", "Tomas blew his nose, a picture of despair."),
    ("In the bathroom?", "Jun asked, and he nodded, heartbroken and alone with his grief."),
    ("I will say a few words,", "she said, grinning. Tomas glared at her with wet tears."),
    ("He was a good fish. He swam. He was orange. Mostly he swam.", "She snorted."),
    ("That's it?", "he cried. The loss was painful; his friend was a ridiculous person."),
    ("He was also bad at hide and seek,", "she said, and they both laughed, sad and silly."),
]


def test_a_story_told_in_banter_reads_light_and_the_same_words_narrated_do_not(knowledge):
    banter = _read(knowledge, "\n\n".join(f'"{line}" {rest}' for line, rest in _FUNERAL),
                   UNKNOWN)
    narrated = _read(knowledge, "\n\n".join(f"{line} {rest}" for line, rest in _FUNERAL),
                     UNKNOWN)
    assert max(banter.moods, key=banter.moods.get) in ("humor", "friendship"), banter.moods
    assert banter.moods["angst"] < narrated.moods["angst"]
    # less dialogue than usual says nothing: the narrated telling keeps what its words say
    assert max(narrated.moods, key=narrated.moods.get) == "angst", narrated.moods


def test_less_dialogue_than_usual_changes_no_mood():
    story = Story(format="plain", body="")
    vectors = [sum(7 << (moods.FIELD_BITS * i) for i in range(len(moods.MOODS)))] * 3
    quiet = moods.score(story, vectors, 300, 0.0)
    assert moods.score(story, vectors, 300, moods.BANTER_MARKS) == quiet
    lively = moods.score(story, vectors, 300, 2 * moods.BANTER_MARKS)
    assert lively["humor"] > quiet["humor"] and lively["angst"] < quiet["angst"]
    assert lively["romance"] == quiet["romance"]


# A loss told over four scenes, then one of three endings.
_LOSS = [
    "Nell heard on a Sunday, by telephone, standing in the hall with one shoe on. Her brother "
    "had gone out on the boat that morning and the boat had come back without him. She put the "
    "phone down and stood there a long while, numb, before she thought to take the shoe off.",
    "The funeral was on a Tuesday. Nell stood at the back of the chapel in her brother's coat, "
    "which was too big, and did not cry, because she had done all her crying in the car on the "
    "way there, and there was nothing left in her but a dull ache where the grief had been.",
    "Afterwards the house was empty. She sat alone at the kitchen table with his mug in front "
    "of her and the tears came back after all, quiet at first and then in great ugly sobs, the "
    "kind that left her shaking and sore and sorry for every unkind word she had ever said.",
    "Days went by like that. She did not answer the phone. She did not open the curtains. The "
    "loss sat in every room of the house, in his boots by the door and his books on the stairs, "
    "and the sorrow of it was so heavy that some mornings she could not get out of bed at all.",
]
_ENDINGS = {
    "hurt-comfort": "On the seventh day Ada let herself in with the spare key, took one look at "
    "her, and held her for a long time on the kitchen floor. She made tea, soothed her with "
    "nonsense about the neighbours' cat, and stayed the night. Nell slept, and felt safe.",
    "bittersweet": "Years later Nell still kept the coat. On his birthday she took it out and "
    "remembered the boat, the summers, the way he whistled, and the memories came easy now, "
    "like letters from someone far away; she hung it up again and went out into the sun.",
    "angst": "On the seventh day nobody came. The phone had stopped ringing. Nell sat alone on "
    "the kitchen floor with his coat around her and wept until the light went, heartbroken, "
    "and the grief was still there in the morning, as if it would never leave her again.",
}


@pytest.mark.parametrize("mood", sorted(_ENDINGS))
def test_a_sadness_the_ending_leaves_behind_is_not_angst(knowledge, mood):
    story = _read(knowledge, "\n\n".join([*_LOSS, _ENDINGS[mood]]), UNKNOWN)
    assert max(story.moods, key=story.moods.get) == mood, story.moods


def test_a_title_is_kept_as_the_text_writes_it():
    text = ("\"Is it right, Miss Orrery?\" said old Mr Pennywhistle, who had come in out of the "
            "rain.\n\nIn the window Mr Pennywhistle's cuckoo clock struck nine.\n\n"
            "\"Good evening,\" said Mrs. Bellweather to nobody.\n")
    people = _found_people(text)
    assert "Mr Pennywhistle" in people and "Mrs. Bellweather" in people


def test_lips_pressed_to_a_wrist_are_a_kiss(knowledge):
    body = ("Geralt woke before dawn. Yennefer was asleep against his shoulder, and Geralt did "
            "not move.\n\n"
            "\"Come to Aretuza with me,\" said Yennefer. \"A week.\"\n\n"
            "Geralt caught her hand and held it. He turned his head and pressed his mouth to "
            "the inside of her wrist, and felt her breath catch.\n")
    story = _read(knowledge, body, "The Witcher")
    romance = _romances(story)
    assert len(romance) == 1 and "wrist" in (romance[0].evidence or "")


def test_mr_and_mrs_of_one_surname_are_two_people(knowledge):
    body = ("Emma watched Mr. Darcy across the table. Mr. Darcy said very little.\n\n"
            "When Mrs. Darcy laughed at the vicar's sermon, Mr. Darcy looked at his wife as "
            "if nobody else were in the room. Emma took note.\n\n"
            "\"He adores her,\" said Emma later. Mrs. Darcy only smiled, and Emma sighed.\n")
    story = _read(knowledge, body, UNKNOWN)
    mentions = {c.name: c.mentions for c in story.characters}
    assert mentions["Mr. Darcy"] == 3 and mentions["Mrs. Darcy"] == 2
    romance = {frozenset(r.members) for r in story.relationships if r.kind == "romantic"}
    assert romance == {frozenset({"Mr. Darcy", "Mrs. Darcy"})}


def test_a_mother_called_mrs_beside_her_daughters_full_name_is_another_person(knowledge):
    # "Mrs Varley" and "Miss Varley" cannot be one woman: the full-named daughter is one,
    # her mother the other (undotted titles, as British prose writes them)
    body = ("All morning Hetty Varley had waited. When the knock came, Mrs Varley answered "
            "it and showed the curate in.\n\n\"Miss Varley,\" he said, and bowed, and Hetty "
            "Varley went pink to the ears.\n\nMrs Varley left them to the tea and went to "
            "see about the hens. Hetty poured.\n")
    story = _read(knowledge, body, UNKNOWN)
    mentions = {c.name: c.mentions for c in story.characters}
    assert "Hetty Varley" in mentions and mentions.get("Mrs Varley") == 2


BATH = """Sophie marched into the bathroom with a towel and rolled her eyes. Howl sat on the \
edge of the bath, dripping orange dye, and Calcifer crackled in the hearth next door. Howl \
shook his head. He looked tragic. Sophie said nothing. She folded her arms.

"I can fix it." She rubbed the towel over his head, harder than she needed to. "And anyway, \
I'd love you if you were bald."
"""


def test_a_line_goes_to_the_one_its_speakers_paragraph_acts_on(knowledge):
    story = _read(knowledge, BATH, UNKNOWN)
    romance = _romances(story)
    assert [set(r.members) for r in romance] == [{"Howl", "Sophie"}]
    assert "love you if" in (romance[0].evidence or "")


ORCHARD = """Mara sat on the stile with Ellis. Tobin came up the lane with the post, left \
it on the wall by Mara and went off whistling toward the mill.

Ellis stood very still, turning his cap in his hands. Mara held out her hands and Ellis took \
them both.

"I've loved you since the winter of the flood," he said. "I thought you knew."
"""


def test_a_confession_in_the_perfect_is_for_the_one_narrated_last(knowledge):
    # the walk-on who left the scene is not whom the confession is for
    story = _read(knowledge, ORCHARD, UNKNOWN)
    romance = _romances(story)
    assert [set(r.members) for r in romance] == [{"Ellis", "Mara"}]
    assert "loved you since" in (romance[0].evidence or "")


def test_married_said_between_two_with_a_pet_name_is_a_couple(knowledge):
    body = ("Dorit came in late. Anselm had kept the soup warm on the stove.\n\n"
            "\"You've got your winning face on,\" said Anselm. \"I've been married to that "
            "face for nine years.\"\n\n"
            "\"It's the same as my losing face,\" said Dorit.\n\n"
            "\"Eat the soup, love,\" said Anselm.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Anselm", "Dorit"}]


def test_lips_that_meet_are_a_kiss_and_lips_on_a_forehead_are_not(knowledge):
    body = ("Wren waited at the harbour wall. Ilya came down the steps two at a time.\n\n"
            "Wren caught Ilya's coat. Her lips found his before either of them could say a "
            "word.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Ilya", "Wren"}]
    chaste = body.replace("Her lips found his", "Her lips on his forehead")
    assert _romances(_read(knowledge, chaste, UNKNOWN)) == []


def test_the_third_lead_beside_a_couple_is_not_made_their_friend(knowledge):
    # the couple are the two leads; the third is friendly with both, in passing
    body = ("Sophie swept the hearth while Howl sulked on the stairs. Calcifer crackled.\n\n"
            "\"Be a friend and hand me the log,\" Calcifer said to Sophie. Sophie fed him the "
            "log. Howl watched Sophie.\n\n"
            "\"You're a good friend,\" said Calcifer to Howl. Howl rolled his eyes at "
            "Calcifer.\n\n"
            "Sophie crossed the room and kissed Howl on the mouth. Howl laughed, and Sophie "
            "laughed, and Calcifer sank into his logs.\n")
    story = _read(knowledge, body, UNKNOWN)
    pairs = {(frozenset(r.members), r.kind) for r in story.relationships}
    assert (frozenset({"Howl", "Sophie"}), "romantic") in pairs
    assert not any("Calcifer" in members and kind == "platonic" for members, kind in pairs), pairs


KITCHEN = ("Lena came home late. Marcus was in the kitchen. Lena dropped her bag. Marcus looked "
           "up from the stove.\n\n")


@pytest.mark.parametrize("scene", [
    "Their first date had been a disaster. Lena still laughed about it. Marcus did not.\n",
    "\"Morning, sweetheart,\" said Marcus, and handed Lena a coffee. Lena kissed his cheek.\n",
    "\"We should get married,\" Marcus said to Lena.\n",
    "Marcus pulled Lena close and their mouths met.\n",
    "It was their tenth anniversary. Marcus had forgotten. Lena had not.\n",
    "Lena had a crush on Marcus. Marcus had no idea.\n",
    "Marcus knelt in the flour and asked Lena to marry him.\n",
    "By spring Lena and Marcus were engaged.\n",
])
def test_one_clear_romantic_scene_in_a_short_story_is_a_couple(knowledge, scene):
    # a date, a pet name with a kiss on the cheek, a proposal, an anniversary, a crush: once
    story = _read(knowledge, KITCHEN + scene, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Lena", "Marcus"}]
    assert _romances(story)[0].evidence


def test_he_loved_me_said_of_someone_is_the_speaker_and_the_one_spoken_of(knowledge):
    body = ("Ada turned the ring over in her fingers. Petra waited. Tomas had bought it at a "
            "market in the south, and Tomas had never said why.\n\n"
            "\"Tomas gave it to me,\" Ada said. \"Before the war. I think he loved me.\"\n\n"
            "Petra said nothing, and Ada put the ring back in its box.\n")
    story = _read(knowledge, body, UNKNOWN)
    romance = _romances(story)
    assert [set(r.members) for r in romance] == [{"Ada", "Tomas"}]
    assert "he loved me" in (romance[0].evidence or "")


def test_a_trios_third_needs_friend_words_in_more_than_one_scene_to_be_a_friend():
    # leads Ola, Bram (the story's pair) and Cato: Cato's scenes with Ola hold one friend word
    # with Cato there only by a pronoun (0.6), with Bram two narrated ones (2.0)
    from bot.understanding import relationships

    ev = relationships._Evidence()
    ev.shared = {("Bram", "Cato"): 3, ("Bram", "Ola"): 4, ("Cato", "Ola"): 3}
    ev.friendly = {("Bram", "Cato"): 2.0, ("Bram", "Ola"): 0.0, ("Cato", "Ola"): 0.6}
    found = relationships._platonic(ev, ("Ola", "Bram", "Cato"), set(), [])
    assert {r.members for r in found} == {("Bram", "Ola"), ("Bram", "Cato")}


def test_one_held_hand_between_friends_leaves_them_friends(knowledge):
    body = ("Buffy sat on the steps of the library with Giles. \"Best friend I ever had,\" "
            "said Buffy. \"My friend.\"\n\n"
            "Giles cleaned his glasses. \"Your friend,\" said Giles.\n\n"
            "Buffy held his hand for a moment, and then they went in together.\n\n"
            "Giles made tea for Buffy in the back room, as a friend does. Buffy drank it.\n")
    story = _read(knowledge, body, UNKNOWN)
    pairs = {(frozenset(r.members), r.kind) for r in story.relationships}
    assert (frozenset({"Buffy", "Giles"}), "platonic") in pairs, pairs


MEETING = ("The rain came down on the market road and the carts went by, one after another, "
           "and nobody looked up from the mud for a long while.\n\n")


def test_two_leads_who_only_meet_once_in_a_longer_story_are_not_made_friends(knowledge):
    body = ("Geralt rode into Lancre at dusk. Geralt was tired.\n\n" + MEETING +
            "Geralt fed the horse. Geralt slept in the barn.\n\n" + MEETING +
            "Nanny Ogg poured the tea. Nanny Ogg sang.\n\n" + MEETING +
            "Nanny Ogg knitted by the fire. Nanny Ogg laughed.\n\n" + MEETING +
            "Geralt met Nanny Ogg at the gate. Geralt paid Nanny Ogg for the room.\n\n" + MEETING +
            "Geralt rode on in the morning. Geralt did not look back.\n\n" + MEETING +
            "Nanny Ogg swept the step. Nanny Ogg sang again.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert not [r for r in story.relationships if r.kind == "platonic"], story.relationships


def test_two_leads_of_one_surname_are_family_whose_bond_shows(knowledge):
    body = ("Dean Winchester drove. Dean Winchester was tired.\n\n" + MEETING +
            "Dean Winchester fed the car. Dean Winchester slept in the back.\n\n" + MEETING +
            "Sam Winchester read the map. Sam Winchester sighed.\n\n" + MEETING +
            "Sam Winchester bought coffee. Sam Winchester paid.\n\n" + MEETING +
            "Dean Winchester met Sam Winchester at the motel. Dean Winchester handed Sam "
            "Winchester the keys.\n\n" + MEETING +
            "Dean Winchester drove on in the morning. Dean Winchester sang.\n\n" + MEETING +
            "Sam Winchester read again. Sam Winchester slept.\n")
    story = _read(knowledge, body, "Supernatural")
    pairs = {(frozenset(r.members), r.kind) for r in story.relationships}
    assert (frozenset({"Dean Winchester", "Sam Winchester"}), "platonic") in pairs, pairs


def test_mr_and_mrs_of_one_surname_are_not_made_family_friends():
    from bot.understanding.relationships import _one_surname

    assert _one_surname(("Dean Winchester", "Sam Winchester"))
    assert not _one_surname(("Mr. Bennet", "Mrs. Bennet"))
    assert not _one_surname(("Dean Winchester", "Sam Wesson"))


def _spoken_of(line: str) -> str:
    return ("Sherlock stood at the window of the flat. Sherlock played three bars and stopped."
            f"\n\n\"{line},\" Sherlock said to the empty room.\n\n"
            "Sherlock put the violin down and went to find his coat.\n")


def test_a_canonical_partner_only_spoken_of_needs_a_word_of_love_to_be_a_mentioned_couple(
        knowledge):
    # the knowledge ships them; the text has to show it too
    plain = _read(knowledge, _spoken_of("Lestrade would have it thrown out of court"),
                  "Sherlock")
    assert _romances(plain) == []
    fond = _read(knowledge, _spoken_of("I miss Lestrade, I love him still"), "Sherlock")
    assert [(set(r.members), r.modifier) for r in _romances(fond)] == [
        ({"Sherlock Holmes", "Greg Lestrade"}, "mentioned")]


def test_a_partner_noun_owned_through_anothers_possessive_is_not_the_first_owners(knowledge):
    # the knowledge makes Geralt a man: the one man around for "her husband" to be
    body = ("Geralt waded out of the bog. Marta ran along the causeway after him, and she "
            "shouted at him to wait.\n\n"
            "\"Go home, Marta,\" Geralt said.\n\n"
            "When it was over, the mist was gone. Marta was on her knees holding her sister's "
            "husband by the collar, and the man was coughing up water.\n\n"
            "Geralt wiped his blade. Marta thanked Geralt and went back to the village.\n")
    story = _read(knowledge, body, "The Witcher")
    assert _romances(story) == []


@pytest.mark.parametrize("parting", ["The meeting broke up near midnight.",
                                     "Enjolras broke up the quarrel at midnight."])
def test_a_meeting_or_a_quarrel_that_breaks_up_is_no_couples_parting(knowledge, parting):
    body = ("Enjolras read the pamphlet aloud. Joly coughed into his scarf.\n\n"
            f"Enjolras put the pamphlet down and Joly looked at the clock. {parting}\n\n"
            "Enjolras went out into the rain. Joly went home to bed.\n")
    assert _romances(_read(knowledge, body, UNKNOWN)) == []


def test_a_named_one_who_broke_up_is_a_couples_parting(knowledge):
    body = ("Rose came into the shop at six. The Doctor dropped a stack of tapes.\n\n"
            "Rose watched the Doctor by the door. The Doctor broke up with Rose last winter.\n\n"
            "Rose waved. The Doctor waved back and went to count the returns.\n")
    assert [r.modifier for r in _romances(_read(knowledge, body, "Doctor Who"))] == ["past"]


def test_a_name_owning_the_kissed_face_is_not_the_one_who_kisses(knowledge):
    body = ("Percy set the gun on the bench. Vax leaned in the doorway and watched.\n\n"
            "\"I made it for you,\" Percy said. Vax rolled his eyes.\n\n"
            "Vex looked at the gun. Then at Percy. Then she put the gun down on the bench, very "
            "carefully, and took Percy's face in both hands and kissed him.\n")
    story = _read(knowledge, body, "Critical Role (Web Series)")
    assert [set(r.members) for r in _romances(story)] == [{"Percival de Rolo", "Vex'ahlia"}]


def test_a_kiss_or_a_hand_that_lands_on_her_is_not_between_two_men(knowledge):
    # "her" is a woman the name table does not hold; Corypheus is only ever named
    body = ("Cullen climbed the tower stairs with the letter. Corypheus was dead, the letter "
            "said. Corypheus had fallen at the Temple.\n\n"
            "\"To love you,\" he said simply, and Cullen held her hands.\n\n"
            "Cullen didn't move for a moment. Corypheus was dead. "
            "Then he pressed one last kiss to her forehead, stood, and picked up his mantle.\n")
    assert _romances(_read(knowledge, body, "Dragon Age (Video Games)")) == []


def test_a_long_storys_sample_reads_the_paragraph_of_a_partner_noun_it_would_skip():
    # "her husband" or "I married him" may be all that shows a long story's married couple,
    # as one kiss may
    from bot.understanding.blocks import read
    filler = ("The ledgers were checked, the stock counted and the shutters closed, and the "
              "evening went on much as the one before it had. ") * 3
    paragraphs = [filler] * 120
    paragraphs[70] = "Across the counter Hesketh watched her husband fold the last of the maps."
    blocks, factor = read("\n\n".join(paragraphs))
    assert factor > 1  # a sample, not the whole story
    assert any("her husband" in block.text for block in blocks)
    paragraphs[70] = "\"He was impossible,\" said Hesketh. \"I married him anyway.\""
    blocks, _factor = read("\n\n".join(paragraphs))
    assert any("married him" in block.text for block in blocks)


POV_STORY = (
    "Tam had the late shift again. He stacked the returns and thought about nothing much, "
    "which was how he liked it.\n\n"
    "Tam noticed the bell before he noticed who it was. He wondered, later, if he had known "
    "anyway. Anna came in with her coat buttoned wrong, and Bram came in behind, his foot "
    "holding the door.\n\n"
    "Tam stayed in the back room. He could hear them at the counter. Anna asked for a "
    "comedy; she always did. Bram laughed. He had a low laugh.\n\n"
    "It wasn't that he wanted her back. He didn't lie awake thinking about Anna, not anymore, "
    "not the way he had in the winter after they broke up. He knew that much.\n\n"
    "Tam counted the tapes twice. He thought it was going fine. Tam locked up at ten.\n")


def test_a_paragraph_carrying_the_viewpoint_characters_thoughts_is_theirs(knowledge):
    # "he" after a paragraph ending on another man's laugh: the one whose head the story is in
    story = _read(knowledge, POV_STORY, UNKNOWN)
    romance = _romances(story)
    assert [(set(r.members), r.modifier) for r in romance] == [({"Anna", "Tam"}, "past")]


def test_a_he_right_after_another_man_named_in_his_paragraph_stays_his(knowledge):
    # the close case: "Bram ... He ..." in one paragraph is Bram, viewpoint or not
    body = POV_STORY.replace(
        "It wasn't that he wanted her back. He didn't lie awake thinking about Anna",
        "Bram leaned on the counter. He didn't think about Anna")
    story = _read(knowledge, body, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Bram", "Anna"}]


def test_they_beside_one_person_of_its_clause_is_that_one_and_the_one_named_before_it():
    # "He didn't lie awake thinking about Anna, not the way he had after they broke up": he and
    # Anna, not he and Robin, narrated last before the block
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    text = ("He didn't lie awake thinking about Anna, not anymore, not the way he had in the "
            "winter after they broke up.")
    block = Block(text, 0, 0, len(text))
    block.written = {"Anna": "Anna"}
    last = Recent()
    for name, gender in (("Robin", "f"), ("Tam", "m")):
        last.take(name, gender)
    local = Local(block, {"Anna": "f", "Tam": "m", "Robin": "f"}, last, None)
    assert local.couples_at(text.index("broke up")) == [("Anna", "Tam")]


def test_her_husband_of_a_mrs_is_no_mr_of_another_name(knowledge):
    # a titled wife's husband shares her surname: "her husband" of Mrs Pole, read beside
    # Mr Ashby, the one man of the scene, is an absent Mr Pole, not him
    body = ("Mr Ashby read the letter twice at the window. Mrs Pole had written it herself.\n\n"
            "Mrs Pole was well, she said. She wrote that her husband had found work at the "
            "mill and that the children were growing.\n\n"
            "Mr Ashby folded the letter. Mrs Pole had kept his house once, and he missed "
            "the sound of her on the stairs. Mr Ashby put the letter in the drawer.\n\n"
            "Mrs Pole would not come back. Mr Ashby knew it.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert _romances(story) == []


def test_a_verb_with_its_own_subject_is_not_the_far_pronouns(knowledge):
    # "He ..., and the first-years worship him": the first-years do, not a "he" before
    body = ("Corin Vale walked into the hall. Dace Ilmar was already at the long table.\n\n"
            "Dace Ilmar watched Corin Vale cross to the table. He is good at fencing and at "
            "riding, and at smiling for the portraits, "
            "and the first-years worship him with the dazed worship of small children.\n\n"
            "Dace Ilmar rolled his eyes. Corin Vale sat down beside Dace Ilmar and took "
            "the bread.\n\n"
            "\"Good morning,\" said Corin Vale. Dace Ilmar did not answer.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert _romances(story) == []


def test_a_name_only_said_aloud_takes_no_gender_from_the_other_of_two(knowledge):
    # "Aurelian" is only ever said to Crane (his given name, spoken by his sergeant): no
    # woman of the cast whom "he had loved her" is about
    body = ("Crane went up the stairs with the folders under his arm. He knocked twice.\n\n"
            "The kitchen was warm. Crane put the folders down and looked at the letter on "
            "the dresser, the one in the neat blue hand he knew. She wrote every week. She "
            "wrote to her father, not to him.\n\n"
            "He had loved her for years, he supposed, and he had never said so. She had "
            "gone north in the spring. He had not written.\n\n"
            "\"You look tired,\" the sergeant said. \"Go home, Aurelian.\"\n\n"
            "Crane went home. He did not sleep. She was still in the north, and he was "
            "still here, and he thought of her all night.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert _romances(story) == []


def test_a_name_written_two_ways_in_a_block_is_read_by_both():
    # the talk calls him "Bones", the tag after the line names him "McCoy": the line is his,
    # not the first other name of the paragraph's narration
    from bot.understanding.blocks import Block
    from bot.understanding.characters import _count
    from bot.understanding.local import Local, Recent

    text = ('"You look terrible, Bones," Pell said.\n'
            '"I feel worse," McCoy said to Pell, and sat down. "My ex-wife would laugh."')
    block = Block(text, 0, 0, len(text))
    for name, token in (("Pell", "Pell"), ("Leonard McCoy", "Bones"),
                        ("Leonard McCoy", "McCoy")):
        _count(block, name, 1, token)
    assert block.written == {"Pell": "Pell", "Leonard McCoy": "Bones"}
    assert block.also == {"Leonard McCoy": {"McCoy"}}
    local = Local(block, {"Pell": "m", "Leonard McCoy": "m"}, Recent(), None)
    assert local.speaker(text.index("My ex-wife")) == "Leonard McCoy"
    assert local.speaker(text.index("You look")) == "Pell"


def test_a_voice_named_in_the_tag_is_the_speaker():
    # 'In Juno's ear, Rita's voice crackled': Rita speaks, though Juno is named first
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    text = 'In Juno\'s ear, Rita\'s voice crackled. "He\'s coming back round. Ninety seconds."'
    block = Block(text, 0, 0, len(text))
    block.written = {"Juno": "Juno", "Rita": "Rita"}
    local = Local(block, {"Juno": "m", "Rita": "f"}, Recent(), None)
    assert local.speaker(text.index("Ninety")) == "Rita"


def test_a_name_that_is_also_a_word_counts_in_a_tag_after_a_comma_and_a_quote():
    # '"I kissed him the day he left," Raven says': the tag runs on from the line's sentence,
    # so "Raven" there is a name, not a capitalised word opening a sentence
    from bot.understanding.characters import _mid_sentence_count

    assert _mid_sentence_count('"I kissed him the day he left," Raven says.', "Raven") == 1
    assert _mid_sentence_count('"Look up." Raven wings went over the roof.', "Raven") == 0


def test_nobody_in_love_is_no_couple(knowledge):
    # told by an "I" at the end of a scene of two women: a place where love is not
    body = ("Odile and Renata ate cake in the break room.\n\n"
            "\"It is perfect,\" Renata said, and Odile laughed.\n\n"
            "I get my next placement on Monday. It is a dental practice in Leeds and nobody "
            "there is in love with anybody.\n")
    assert _romances(_read(knowledge, body, UNKNOWN)) == []


def test_a_kiss_of_a_nameless_i_is_nobodys_in_the_cast(knowledge):
    # "I" is never named; the two women named are not the kiss's pair
    body = ("I remember the lab. Petra sat on the stool and Gwen read the printout.\n\n"
            "\"You are late,\" Gwen said to Petra.\n\n"
            "I remember, at the very end, that she said it was a bad idea and kissed me, and "
            "that it was the best thing that ever happened to me.\n")
    assert _romances(_read(knowledge, body, UNKNOWN)) == []



def test_a_leads_pronoun_past_its_paragraph_means_the_top_pairs_other_lead():
    # a trio of leads holding two women: a "her" of the first lead that reached back to a
    # side character is the other of the top pair, not the trio's third
    from bot.understanding.relationships import _other_lead
    leads = ("Lucien", "Noor", "Zara")
    genders: dict[str, str | None] = {"Lucien": "m", "Noor": "f", "Zara": "f"}
    assert _other_lead(leads, "Lucien", "f", genders) == "Noor"
    assert _other_lead(("Zara", "Lucien", "Noor"), "Noor", "m", genders) == "Lucien"


def test_her_husband_of_a_mrs_is_the_mr_of_her_name_wherever_he_is(knowledge):
    # a letter of Mrs Ashby's tells of "her husband": Mr Ashby, named pages before, not the
    # butler who reads it (a married woman titled so bears her husband's name)
    body = ("Mr Ashby came to the house once, in the spring, and spoke with Mr Pell about the "
            "roof. Mr Ashby had a cough even then.\n\n"
            "Many years later Mr Pell had a letter from Mrs Ashby.\n\n"
            "It was a short letter, in her small neat hand. She writes that her husband's "
            "cough is better and that the roses are out. She writes that the sea is cold.\n\n"
            "Mr Pell folded the letter and put it in the drawer. Mrs Ashby always wrote "
            "kindly.\n")
    story = _read(knowledge, body, UNKNOWN)
    romance = {frozenset(r.members) for r in _romances(story)}
    assert romance == {frozenset({"Mr Ashby", "Mrs Ashby"})}


def test_a_name_that_had_been_an_owners_partner_is_the_partner(knowledge):
    # "Wren had been Tobin's girlfriend": the copula's subject is the girlfriend, not the
    # other woman the scene holds
    body = ("Mara sat by the stove with the map, and she did not look up when Tobin came in "
            "with the wood.\n\n"
            "Mara watched the door. Wren had gone out to the barn an hour ago. "
            "Wren had been Tobin's girlfriend once; Mara did not ask about it.\n\n"
            "Tobin stacked the wood and sat down. He was cold. Mara folded the map and she "
            "smiled.\n\n"
            "\"Snow tonight,\" said Tobin. Mara nodded.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Wren", "Tobin"}]


def test_a_love_told_as_was_of_one_talked_of_is_past_not_the_called_name(knowledge):
    # '"I was in love with him," she said' is the speaker's love of the man the talk is of,
    # told as over; a name the talk only calls out ("Can't sleep, Wren?") is the one spoken
    # to, never him
    body = ("Éowyn sat late by the window of the Houses of Healing, and she did not turn when "
            "the door opened.\n\n"
            "\"Can't sleep, Wren?\"\n\n"
            "Merry came in and took the stool beside her. Aragorn had ridden south at dawn "
            "with the host, and his banner was gone from the wall.\n\n"
            "\"He said he'd come back,\" Merry said.\n\n"
            "\"You think he meant it?\" Éowyn looked at the empty wall for a long time.\n\n"
            "\"I think,\" Éowyn said, \"that I was in love with him all that winter and never "
            "once knew what he meant.\"\n\n"
            "Merry said nothing. He passed her the bread, and she smiled.\n")
    story = _read(knowledge, body, LOTR)
    romance = _romances(story)
    assert [(set(r.members), r.modifier) for r in romance] == [({"Aragorn", "Éowyn"}, "past")]


def test_a_pronoun_takes_one_of_its_gender_named_in_its_paragraph_before_one_of_no_told_gender():
    # "Tam ... the Ferrier. ... his coat": one the text made a man, named in the paragraph, is a
    # better fit for "his" than one named after him whose gender the text never told; one of
    # no told gender stays the pronoun's when nobody of its gender is named in the paragraph
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    text = ("Tam was at the bar, telling a story about the Ferrier to anyone who would listen. "
            "Behind him, his coat slid off the hook.\n"
            "The Ferrier came in from the rain. His boots were soaked through.")
    block = Block(text, 0, 0, len(text))
    block.written = {"Tam": "Tam", "The Ferrier": "Ferrier"}
    local = Local(block, {"Tam": "m", "The Ferrier": None}, Recent(), None)
    assert local.referent("m", text.index("his coat")) == "Tam"
    assert local.referent("m", text.index("His boots")) == "The Ferrier"


def test_her_husband_is_the_one_of_her_surname_whose_gender_the_text_never_told():
    # "his wife" of Odran Vell is the cast's other Vell, of no told gender (a weaker fit than
    # one the text made a woman, not none), not the one woman named beside him
    from bot.understanding.relationships import _spouse_by_name

    cast = {"Odran Vell", "Ysolde Vell", "Mrs Harrow"}
    genders = {"Odran Vell": "m", "Ysolde Vell": None, "Mrs Harrow": "f"}
    assert _spouse_by_name("Odran Vell", "wife", "f", cast, genders) == "Ysolde Vell"
    # one the text made a woman goes first; two of no told gender are no answer
    assert _spouse_by_name("Odran Vell", "wife", "f", {*cast, "Brenna Vell"},
                           {**genders, "Brenna Vell": "f"}) == "Brenna Vell"
    assert _spouse_by_name("Odran Vell", "wife", "f", {*cast, "Cael Vell"},
                           {**genders, "Cael Vell": None}) is None



def test_a_name_asked_back_then_spoken_of_is_no_call():
    # '"Wren? Wren can't ..."' answers a question about him: the name is asked back and then
    # talked of, not called; the one spoken to is the one the line calls later ("Tobin.")
    # '"Wren? You awake?"', '"Wren? Wren, are you awake?"' call him
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    genders = {"Wren": "m", "Tobin": "m", "Mara": "f", "Ivy": "f"}
    for line, called in (
            ('"Wren? Wren can\'t find his own boots. He wrote her a song, Tobin."', "Tobin"),
            ('"Wren? He\'s been in love with her since spring. Honestly, Tobin."', "Tobin"),
            ('"Wren? You awake? Tobin says the fire\'s out."', "Wren"),
            ('"Wren? Wren, are you awake? Tobin says the fire\'s out."', "Wren"),
            ('"Did you see that, Wren? She flew!"', "Wren")):
        text = 'Mara poked the embers. "Does he know she likes him?"\n' + line
        block = Block(text, 0, 0, len(text))
        block.written = {name: name for name in genders if name in text}
        local = Local(block, genders, Recent(), None)
        assert local.addressee(text.index("Wren?"), "Mara", set(genders)) == called


def test_a_friend_word_in_a_group_scene_makes_no_friends_of_a_third_lead_seldom_beside_them(
        knowledge):
    # Ola and Bram share their scenes; Cato has scenes of his own and meets them in one, where
    # "friends" is said: a friend word in a group scene is not every pair's
    rain = MEETING.strip() * 2  # one paragraph long enough to be a block of its own
    together = f"Ola and Bram walked the sea wall. Ola talked, Bram listened, Ola smiled. {rain}"
    together += "\n\n"
    alone = f"Cato mended nets on the far quay. Cato whistled. {rain}\n\n"
    body = (together * 3 + alone * 4 +
            "Ola, Bram and Cato met at the inn. \"To old friends,\" said Ola, and Bram and "
            f"Cato drank. {rain}\n\n" + together)
    story = _read(knowledge, body, UNKNOWN)
    friends = {frozenset(r.members) for r in story.relationships if r.kind == "platonic"}
    assert friends == {frozenset({"Bram", "Ola"})}, story.relationships


def test_a_trios_third_with_friend_words_is_a_friend_where_they_share_most_scenes():
    from bot.understanding import relationships

    ev = relationships._Evidence()
    ev.shared = {("Bram", "Cato"): 2, ("Bram", "Ola"): 6, ("Cato", "Ola"): 5}
    ev.friendly = {("Bram", "Cato"): 1.0, ("Bram", "Ola"): 0.0, ("Cato", "Ola"): 1.0}
    ev.apart = {("Bram", "Cato"): 9, ("Bram", "Ola"): 8, ("Cato", "Ola"): 9}
    found = relationships._platonic(ev, ("Ola", "Bram", "Cato"), set(), [])
    assert {r.members for r in found} == {("Bram", "Ola"), ("Cato", "Ola")}


def test_her_husband_is_not_the_one_man_around_when_the_fandom_knows_hers(knowledge):
    # Hermione's canonical partners are known, and Neville is none of them: "her husband"
    # asleep at home is not the one man in the greenhouse
    body = ("Hermione found Neville in the greenhouse after the meeting.\n\n"
            "Neville showed her the new seedlings, and Hermione wrote their names down. She "
            "was tired, and her husband would be asleep on the sofa by now.\n\n"
            "Neville walked Hermione to the gate and waved her off.\n")
    story = _read(knowledge, body, "Harry Potter")
    assert _romances(story) == []


def test_her_husband_is_the_one_man_around_when_the_fandom_knows_no_other(knowledge):
    body = ("Brannagh came in out of the rain. Toller was already at the stove.\n\n"
            "Brannagh hung up her coat and kissed nobody, and then she sat down beside her "
            "husband and stole his tea.\n\n"
            "Toller laughed and made another pot.\n")
    story = _read(knowledge, body, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Brannagh", "Toller"}]


def _friends(story: Story) -> list[set[str]]:
    return [set(r.members) for r in story.relationships if r.kind == "platonic"]


def test_shared_scenes_alone_make_no_friend_of_one_called_mister(knowledge):
    scene = ("Dana carried the boxes in. Mr. Okoro counted them at the desk and frowned, and "
             "Dana waited while Mr. Okoro signed the sheet.\n\n")
    story = _read(knowledge, scene * 4, UNKNOWN)
    assert _friends(story) == []
    plain = _read(knowledge, scene.replace("Mr. Okoro", "Okoro") * 4, UNKNOWN)
    assert _friends(plain) == [{"Dana", "Okoro"}]



_HALL = ("Quillon set his cups on the bench. Quillon took his stool by the fire.\n\n"
         "Marro brought the bread and said the road was flooded. Marro cut it and laughed.\n\n"
         "{}\n\n"
         "Marro and Quillon and Orrin ate the bread, and Marro told the story of the flood.\n")


def test_her_husband_is_not_placed_on_two_guessed_genders(knowledge):
    # "her" is taken for Orrin, whose gender the text never told, named only in an earlier
    # sentence; Quillon is a man only by the pronouns after his name: the husband of "her
    # husband" may be anyone (a man the cast lacks, of a woman who is another)
    body = _HALL.format("Orrin came in with an armful of wood and dropped it by the hearth. "
                        "The fire took it at once. Then she went back up the hall to her "
                        "husband and sat down at his side.")
    story = _read(knowledge, body, UNKNOWN)
    assert _romances(story) == []


def test_her_husband_is_the_one_guessed_man_when_she_is_named_with_him(knowledge):
    body = _HALL.format("The fire took the wood at once. Then Orrin went back up the hall to "
                        "her husband and sat down at his side.")
    story = _read(knowledge, body, UNKNOWN)
    assert [set(r.members) for r in _romances(story)] == [{"Orrin", "Quillon"}]
