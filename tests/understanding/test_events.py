"""Romance read from what happens, once, where it happens; never from a negation, a simile, a
pet name alone or a family's affection."""

from __future__ import annotations

import pytest

from bot.knowledge import Knowledge
from bot.parsers import parse_bytes
from bot.story import Relationship, Story
from bot.understanding import relationships, understand


class NoFiles:
    """A knowledge that knows no fandom: every name comes from the text."""

    def characters_in(self, fandoms):
        return []


FILLER = ("The rain kept on against the window while the kettle worked itself up to a "
          "whistle, and for a while nobody in the small kitchen said anything at all. ")


def _pairs(body: str) -> dict[str, object]:
    story = Story(format="plain", body=body, fandoms=["A Fandom Nobody Knows"])
    story.count_words()
    understand(story, NoFiles())
    return {r.key.label: r for r in story.relationships}


def test_one_kiss_in_a_short_story_is_enough_and_comes_with_its_sentence():
    body = (f"Maren found Oskar on the pier at dusk. {FILLER}\n\n"
            f"\"You came back,\" Oskar said. {FILLER}\n\n"
            "Maren kissed him, quick and warm, and Oskar laughed against her mouth.\n")
    pairs = _pairs(body)
    rel = pairs["Maren/Oskar"]
    assert rel.kind == "romantic" and not rel.stated
    assert rel.evidence is not None and "kissed him" in rel.evidence


def test_a_spouse_in_dialogue_is_placed_on_who_speaks_and_who_is_spoken_to():
    body = (f"Wash sat at the console with a plastic dinosaur. {FILLER}\n\n"
            "\"I'm not saying it,\" said Zoe.\n\n"
            "\"You have to say it,\" said Wash. \"It's her big moment.\"\n\n"
            "\"I'm not saying it, husband.\"\n\n"
            f"Mal watched them from the ladder and said nothing. {FILLER}\n")
    pairs = _pairs(body)
    assert "Wash/Zoe" in pairs and pairs["Wash/Zoe"].kind == "romantic"
    assert "husband" in pairs["Wash/Zoe"].evidence
    assert not any(key.startswith("Mal/") or "/Mal" in key for key in pairs
                   if pairs[key].kind == "romantic")


def test_no_romance_from_a_negation_a_simile_or_a_pet_name_alone():
    body = (f"Donna marched Vasc through the bazaar. {FILLER}\n\n"
            "\"We are NOT married,\" Donna told Vasc. \"He's my mate. Mate like friend.\"\n\n"
            f"Vasc bowed to Donna as if she were a bride at a wedding. {FILLER}\n\n"
            "\"Thanks, sweetheart,\" Vasc said to Donna, who rolled her eyes.\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def test_a_family_kiss_is_not_romance():
    body = (f"Iruka set the bowl down in front of Naruto. {FILLER}\n\n"
            "Iruka kissed the top of Naruto's head, the way his father used to, and Naruto "
            "grumbled about it.\n\n"
            f"\"Eat, kiddo,\" said Iruka, and Naruto ate. {FILLER}\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def test_the_protagonists_wife_named_before_she_walks_in_is_the_other_lead():
    body = ("Tomas sat on the back step in his coat and a pair of his wife's gardening "
            f"gloves, watching the frost. {FILLER}\n\n"
            f"Tomas said nothing for a while. {FILLER}\n\n"
            "\"Come inside,\" said Ilka, from the door.\n\n"
            "\"In a minute,\" said Tomas. \"The hedgehog hasn't come yet.\"\n\n"
            f"Ilka sat down beside Tomas and waited with him. {FILLER}\n\n"
            "\"There,\" said Ilka at last, and Tomas grinned.\n")
    pairs = _pairs(body)
    assert pairs["Ilka/Tomas"].kind == "romantic"
    assert "his wife's gardening gloves" in pairs["Ilka/Tomas"].evidence


def test_a_partner_word_of_a_side_character_is_not_given_to_a_lead():
    body = (f"Tomas and Ilka walked down to the harbour. {FILLER}\n\n"
            "\"Bern's late,\" said Ilka. \"His wife's ill again.\"\n\n"
            f"Bern came up the steps at last; his wife had sent a basket. {FILLER}\n\n"
            "\"About time,\" said Tomas, and Ilka laughed at both of them.\n\n"
            f"Tomas said to Ilka that they were friends for life. {FILLER}\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def test_a_kiss_after_an_aside_with_a_hedge_is_still_a_kiss():
    body = (f"Kravitz came in from the rain. {FILLER}\n\n"
            f"Taako was at the oven, flour to the elbows. {FILLER}\n\n"
            "Kravitz crossed the kitchen and then - quite naturally, as if it were a thing he "
            "did a lot - leaned in and kissed the flour off the end of Taako's nose.\n")
    pairs = _pairs(body)
    assert "Kravitz/Taako" in pairs and pairs["Kravitz/Taako"].kind == "romantic"


def test_a_kiss_far_after_its_subject_pronoun_belongs_to_who_the_pronoun_is():
    body = (f"Howl stood by the hearth with a cake box. {FILLER}\n\n"
            f"\"Happy birthday,\" said Howl. {FILLER}\n\n"
            f"\"You remembered,\" said Sophie. {FILLER}\n\n"
            "Sophie put the basket down on the floor. She crossed the little room in three "
            "steps and kissed him, right there, in front of the fire.\n")
    pairs = _pairs(body)
    assert "Howl/Sophie" in pairs and pairs["Howl/Sophie"].kind == "romantic"
    assert "kissed him" in pairs["Howl/Sophie"].evidence


def test_a_far_pronoun_whose_name_is_not_in_the_paragraph_places_no_kiss():
    body = (f"Neville came by the shop on Tuesday. {FILLER}\n\n"
            f"Marigold watered the plant on the sill. {FILLER}\n\n"
            "She remembered a morning, years ago, Tobias in his shirtsleeves reading the "
            "scores aloud. And then he'd come round the counter and kissed her, quite "
            "seriously, and gone back to the scores.\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Neville" in k]


def test_a_pair_who_call_each_other_gran_are_family_not_a_couple():
    body = (f"Teddy found the old wireless on a Tuesday. {FILLER}\n\n"
            "\"What's it for?\" said Teddy.\n\n"
            f"\"Music,\" said Andromeda. {FILLER}\n\n"
            "\"But what's it *do*, Gran?\"\n\n"
            f"Andromeda turned the dial for him. {FILLER}\n\n"
            "Teddy watched Andromeda. They were married the summer she bought it, she told "
            "him, and they danced to it in the kitchen.\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def test_genders_read_from_the_pronouns_after_names_place_a_kiss_on_the_right_pair():
    body = (f"Karlach sat by the fire. She had her knees drawn up. {FILLER}\n\n"
            "\"Cold,\" said Karlach. She laughed at herself.\n\n"
            f"Gale read by the tent. He turned a page. {FILLER}\n\n"
            "\"Quiet, please,\" said Gale. He did not look up.\n\n"
            f"Pim came back from the forge. He had a parcel. {FILLER}\n\n"
            "\"For you,\" said Pim.\n\n"
            "Pim sat down between Karlach and Gale. Pim looked at the fire for a long "
            "moment, and then he leaned in and kissed her.\n")
    pairs = _pairs(body)
    assert "Karlach/Pim" in pairs and pairs["Karlach/Pim"].kind == "romantic"
    assert "Gale/Pim" not in pairs


def test_a_pronoun_stands_for_the_nearer_person_of_unknown_gender_in_its_paragraph():
    body = (f"Jon sat at the desk with the recorder running. He frowned at it. {FILLER}\n\n"
            "\"Go on,\" said Jon. He waited.\n\n"
            f"\"It was a house that isn't,\" said Cecil. {FILLER}\n\n"
            "\"Sorry,\" said Carlos at the door. \"Lunch.\" He set the bag down on the desk "
            "and bent to kiss the top of Cecil's head.\n")
    pairs = _pairs(body)
    assert "Carlos/Cecil" in pairs and pairs["Carlos/Cecil"].kind == "romantic"
    assert "Cecil/Jon" not in pairs


def test_my_husband_followed_by_a_name_names_the_husband_not_the_one_spoken_to():
    body = (f"Jon sat at the desk with the recorder running. {FILLER}\n\n"
            "\"Go on,\" said Jon.\n\n"
            f"\"It was a house that isn't,\" said Cecil. {FILLER}\n\n"
            "\"Sorry,\" said Carlos at the door. \"I brought lunch.\"\n\n"
            "\"Jon, this is my husband, Carlos,\" said Cecil.\n")
    pairs = _pairs(body)
    assert "Carlos/Cecil" in pairs and pairs["Carlos/Cecil"].kind == "romantic"
    assert "Cecil/Jon" not in pairs or pairs["Cecil/Jon"].kind != "romantic"


def test_her_husband_is_the_man_the_records_know_before_one_only_read_as_he():
    body = (f"Amy spread the blanket on the grass. She laughed. {FILLER}\n\n"
            "\"Sandwiches,\" said Amy. She held one up.\n\n"
            f"The Doctor poked at a tendril with a stick. He frowned at it. {FILLER}\n\n"
            "\"Don't,\" said the Doctor. He stepped back.\n\n"
            f"\"Amy!\" Rory shouted. {FILLER}\n\n"
            "She didn't think. She grabbed her husband by both arms and pulled, and Rory "
            "went flying.\n")
    story = Story(format="plain", body=body, fandoms=["Doctor Who"])
    story.count_words()
    understand(story, Knowledge.default())
    pairs = {r.key.label: r for r in story.relationships}
    assert any(r.kind == "romantic" and {"Amy", "Rory"} <= set(" ".join(r.members).split())
               for r in pairs.values()), pairs


def test_a_dead_wife_named_once_after_my_wife_is_the_speakers_partner():
    body = (f"Bobby sat on the porch with a beer. {FILLER}\n\n"
            "\"You okay?\" said Sam.\n\n"
            f"\"Fine,\" said Bobby. {FILLER}\n\n"
            "\"My wife,\" he said. \"Karen. Before all this.\"\n\n"
            f"Sam said nothing for a long while. {FILLER}\n")
    pairs = _pairs(body)
    assert "Bobby/Karen" in pairs and pairs["Bobby/Karen"].kind == "romantic"
    assert "Karen" in pairs["Bobby/Karen"].evidence
    assert "Bobby/Sam" not in pairs or pairs["Bobby/Sam"].kind != "romantic"


def test_a_partner_named_once_before_the_love_told_of_her_is_the_speakers_past():
    """'"Marguerite," he said. "She moved to Lyon. I asked her to marry me twice."': a name the
    cast lacks opening the speaker's line, taken up by "she", is the one the love is told of
    (remembered: past); so is one a "my ex-husband" follows ("Dov ... He ... my ex-husband")."""
    for speaker, line, pair in (
            ("Tomas", "\"Marguerite,\" Tomas said. \"She moved to Lyon. I asked her to marry me "
             "twice.\"", "Marguerite/Tomas"),
            ("Ilka", "\"Dov kept bees,\" Ilka said. \"He was always stung. My ex-husband, I "
             "mean.\"", "Dov/Ilka")):
        body = (f"{speaker} and Wren sat on the steps of the old mill. {FILLER}\n\n"
                f"\"Who was it?\" Wren asked. {FILLER}\n\n{line}\n\n"
                f"Wren nodded and said nothing. {FILLER}\n")
        pairs = _pairs(body)
        assert pair in pairs and pairs[pair].kind == "romantic", (line, pairs)
        assert pairs[pair].modifier == "past", (line, pairs[pair].modifier)
        assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Wren" in k], pairs


def test_a_name_before_my_wife_not_taken_up_by_her_pronoun_is_nobodys_partner():
    """'"Pell broke the window. My wife was furious."': a name opening the line before the
    noun, with no "she" taking it up, is not the wife (a child, a friend)."""
    body = (f"Oren and Wren sat on the steps of the old mill. {FILLER}\n\n"
            f"\"What happened?\" Wren asked. {FILLER}\n\n"
            "\"Pell broke the window,\" Oren said. \"My wife was furious.\"\n\n"
            f"Wren nodded and said nothing. {FILLER}\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs


def test_his_wife_followed_by_her_name_in_narration_is_his_partner():
    body = (f"Graham cast the line out over the water. He sat back. {FILLER}\n\n"
            "\"Like that,\" said Graham.\n\n"
            f"\"Like that,\" said Ryan. {FILLER}\n\n"
            "Graham had fished here for forty years with his wife, Grace, beside him.\n")
    pairs = _pairs(body)
    assert "Grace/Graham" in pairs and pairs["Grace/Graham"].kind == "romantic"


def test_a_held_hand_and_a_kiss_on_the_knuckles_together_are_a_couple():
    body = (f"Karlach sat by the fire. She had her knees drawn up. {FILLER}\n\n"
            "\"Cold,\" said Karlach. She laughed at herself.\n\n"
            f"Pim came back from the forge. He had a parcel. {FILLER}\n\n"
            "\"For you,\" said Pim. He held it out.\n\n"
            "Pim sat down beside Karlach. He was holding her one big hand in his two, and he "
            "lifted it and kissed her knuckles.\n")
    pairs = _pairs(body)
    assert "Karlach/Pim" in pairs and pairs["Karlach/Pim"].kind == "romantic"


def test_a_cue_word_inside_a_name_is_no_cue():
    body = (f"Mrs Lynde sat at the frame with her needle. {FILLER}\n\n"
            "\"Wedding Ring,\" said Mrs Lynde. \"The pattern. Wedding Ring took me a winter.\"\n\n"
            f"Wedding Ring lay folded on the chest. {FILLER}\n\n"
            "Anne thanked Mrs Lynde for the quilt in the pattern called Wedding Ring.\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs


def test_a_second_romance_placed_by_pronouns_alone_is_not_taken():
    body = (f"Anne fed the stove another stick. She frowned at it. {FILLER}\n\n"
            "\"It hates me,\" said Anne. She sat back on her heels.\n\n"
            f"Gilbert came down the stairs. He laughed at the smoke. {FILLER}\n\n"
            "\"It hates everyone,\" said Gilbert. Anne loved him so much at that moment that "
            "she nearly dropped the poker.\n\n"
            "They went back to bed under the quilt that Mrs Lynde had made, grudgingly, the "
            "winter before. Mrs Lynde had opinions about quilts.\n\n"
            "There was flour on her nose. He kissed it off anyway. She let him.\n")
    pairs = _pairs(body)
    assert "Anne/Gilbert" in pairs and pairs["Anne/Gilbert"].kind == "romantic"
    assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Lynde" in k], pairs


def test_a_widow_is_the_partner_of_the_one_she_outlived():
    body = (f"Andromeda kept the wireless on the shelf. She dusted it on Sundays. {FILLER}\n\n"
            "\"It still works,\" said Andromeda. She smiled at it.\n\n"
            f"Ted had bought it the summer before the war. He sang along to it. {FILLER}\n\n"
            "\"Dance with me,\" Ted had said, once.\n\n"
            "Everyone in the village knew Andromeda as Ted's widow now.\n")
    pairs = _pairs(body)
    assert "Andromeda/Ted" in pairs and pairs["Andromeda/Ted"].kind == "romantic", pairs


def test_small_moments_of_two_kinds_add_up_where_no_single_one_is_enough():
    body = (f"Sophie was at the hearth when Howl came down. She stirred the pot. {FILLER}\n\n"
            f"Howl took her hand on the stairs and did not let go. {FILLER}\n\n"
            f"Sophie went quite pink and told Howl the porridge was burning. {FILLER}\n")
    pairs = _pairs(body)
    assert "Howl/Sophie" in pairs and pairs["Howl/Sophie"].kind == "romantic"
    # one small moment alone is what friends share too
    alone = _pairs(body.replace("Sophie went quite pink and told", "Sophie told"))
    assert "Howl/Sophie" not in alone or alone["Howl/Sophie"].kind != "romantic"


def test_a_kiss_written_with_an_aside_and_a_confession_in_the_past_tense():
    aside = _pairs(f"Zagreus sat by Thanatos on the wall. {FILLER}\n\n"
                   "Zagreus leaned over and pressed his mouth, very lightly, to the corner of "
                   "Thanatos's, and pulled back.\n")
    assert aside["Thanatos/Zagreus"].kind == "romantic"
    past = _pairs(f"Maren found Oskar on the pier at dusk. {FILLER}\n\n"
                  f"\"You came back,\" Oskar said. {FILLER}\n\n"
                  "\"I loved you, you know,\" Maren said.\n")
    assert past["Maren/Oskar"].kind == "romantic"
    date = _pairs(f"Maren found Oskar on the pier at dusk. {FILLER}\n\n"
                  f"\"Come to the dance with me,\" Oskar said. {FILLER}\n\n"
                  "\"You're asking me on a date,\" Maren said.\n")
    assert date["Maren/Oskar"].kind == "romantic"


GREENHOUSE = (
    "Marguerite found Tomas in the greenhouse, where he always went when the house got too "
    "loud.\n\n"
    "He had mud to the elbows. He did not look up when she came in, but he moved the seed trays "
    "along the bench to make room for her, which was the same thing.\n\n"
    "They worked for an hour without talking. She potted the geraniums; he did the careful "
    "business with the orchids that she was not allowed to touch.\n\n"
    "\"You're quiet,\" she said at last.\n\n"
    "Marguerite pulled off her gloves. \"Is it your father?\"\n\n"
    "He shrugged. She waited. She was good at waiting; it was the first thing he had ever "
    "noticed about her.\n\n"
    "\"He doesn't know me anymore,\" Tomas said.\n\n"
    "She came around the bench. She rested her cheek against his back, and after a while he put "
    "his dirty hand over hers and held it there.\n\n"
    "Later he made her tea the way she liked it, too strong, and she stayed the night.\n")


def test_a_pronoun_heavy_couple_of_two_is_a_man_and_a_woman_and_their_small_moments_add_up():
    # neither name is in any table, and only one pronoun follows a name: "he" and "she" on
    # every line of a two-person story tell the rest
    pairs = _pairs(GREENHOUSE)
    assert pairs["Marguerite/Tomas"].kind == "romantic"
    assert "hand over hers" in pairs["Marguerite/Tomas"].evidence


def test_a_romance_no_sentence_shows_is_not_inferred():
    """A cue only weighed over a block ("his wedding ring" with nobody placed: a first-person
    narrator the cast lacks, a side character named beside) shows no sentence for the pair:
    it adds to a couple the text places, and makes none alone."""
    ev = relationships._Evidence()
    ev.cue(("Carlos", "Secret Police"), 1.0, True, "")
    assert relationships._romantic(ev, {}, set()) == []
    ev.cue(("Carlos", "Secret Police"), 0.5, False, "Carlos took his hand.", "hands")
    [rel] = relationships._romantic(ev, {}, set())
    assert rel.evidence == "Carlos took his hand."



def test_her_husband_is_the_man_who_shares_her_surname_not_the_one_beside_her():
    body = ("Mina sat up late with Van Helsing while Jonathan slept in the chair by the fire. "
            f"{FILLER}\n\n"
            f"Van Helsing read the letter twice, and then he read it again. {FILLER}\n\n"
            "Mina wrote in the margin of her husband's book, and Van Helsing watched the "
            "door.\n\n"
            f"Jonathan woke at dawn and asked for tea. {FILLER}\n")
    story = Story(format="plain", body=body, fandoms=["Dracula - Bram Stoker"])
    story.count_words()
    understand(story, Knowledge.default())
    [rel] = [r for r in story.relationships if r.kind == "romantic"]
    assert rel.key.label == "Jonathan Harker/Mina Harker"
    assert "her husband's book" in rel.evidence


def test_a_kiss_written_on_an_apron_is_no_kiss():
    body = (f"Undine was already in the kitchen when Petra came down. {FILLER}\n\n"
            "Undine tied an apron on Petra. It said KISS THE CHEF in faded letters, except "
            "someone had crossed out KISS and written SUPLEX above it.\n\n"
            f"\"You ever cook before?\" said Undine. Petra shook her head. {FILLER}\n")
    assert not [key for key, rel in _pairs(body).items() if rel.kind == "romantic"]


def test_a_leads_love_him_past_a_side_character_of_the_last_paragraph_is_the_other_lead():
    body = (f"Anders sat at the back of the hall. He watched Teodor speak. {FILLER}\n\n"
            f"Teodor spoke of bread and of the harbour strike. He spoke well. {FILLER}\n\n"
            f"Teodor left with the others. Anders stayed. He was always the last. {FILLER}\n\n"
            "\"Go home,\" said Brannick, and put a hand on his shoulder, and went out.\n\n"
            "Anders sat alone until the candles guttered. Then he got up and went home, and "
            "would come back in the morning, and watch, and say nothing, and love him.\n")
    pairs = _pairs(body)
    romantic = [key for key, rel in pairs.items() if rel.kind == "romantic"]
    assert romantic == ["Anders/Teodor"], pairs
    assert "love him" in pairs["Anders/Teodor"].evidence


def test_a_kin_word_called_out_in_a_crowd_makes_no_one_family_by_a_guess():
    """"Brother," said to a room of three: whom it is for is a guess (the one narrated last),
    and a guess must not make the two who just kissed family, which would undo their kiss."""
    body = (f"Perrin was in the workshop. He was oiling a gun. {FILLER}\n\n"
            f"Vesna came in. She was tired. {FILLER}\n\n"
            f"\"I made it for you,\" said Perrin. He held it out. {FILLER}\n\n"
            "Vesna put the gun down on the bench, and took Perrin's face in both hands and "
            "kissed him.\n\n"
            "\"Ahem,\" said Vaskel, from behind the crossbow stocks.\n\n"
            "They broke apart. Perrin went red. Vesna turned round with her hand still resting "
            "on Perrin's chest and gave her twin a long, level look.\n"
            "\"Brother,\" she said. \"How long have you been standing back there?\"\n")
    pairs = _pairs(body)
    assert "Perrin/Vesna" in pairs and pairs["Perrin/Vesna"].kind == "romantic", pairs


def _known_pairs(body: str, fandom: str) -> dict[str, object]:
    """The pairings of a story of a fandom the knowledge files know (their genders)."""
    story = Story(format="plain", body=body, fandoms=[fandom])
    story.count_words()
    understand(story, Knowledge.default())
    return {r.key.label: r for r in story.relationships}


def test_a_kiss_told_by_pronouns_alone_in_a_scene_of_two_men_is_theirs():
    scene = (f"\"Why do you keep coming?\" Zagreus asked him, at last. {FILLER}\n"
             f"Thanatos thought about the garden and the note he did not keep.\n\n")
    kiss = "He crossed the room and took his face in both his cold hands, and kissed him, slow.\n"
    pairs = _known_pairs(f"{scene}So he didn't say it. {kiss}", "Hades (Video Game 2018)")
    rel = pairs.get("Thanatos (Hades)/Zagreus (Hades)")
    assert rel is not None and rel.kind == "romantic", pairs
    assert "kissed him" in rel.evidence
    # a name the cast lacks in the kiss's paragraph: "he" may be that one
    aside = "So he remembered the old days, Brannoch at the gate with his lyre. "
    pairs = _known_pairs(f"{scene}{aside}{kiss}", "Hades (Video Game 2018)")
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def test_we_got_married_in_narration_is_the_narrators_not_the_others_of_its_sentence():
    body = (f"Ginny, I said to myself, you can do this. {FILLER}\n\n"
            "We got married in June, in the orchard, under a marquee that Bill and Charlie "
            f"put up with more swearing than spells. {FILLER}\n\n"
            f"Bill said the ropes would hold. Charlie said they would not. {FILLER}\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def test_i_love_you_said_by_a_narrator_the_cast_lacks_is_given_to_no_one_else():
    body = (f"Magnus waved from the doorway and Lup laughed at him. {FILLER}\n\n"
            f"Lup went out to the porch, and Magnus followed her with the cake tin. {FILLER}\n\n"
            f"Magnus set the tin down and Lup lifted the lid. {FILLER}\n\n"
            "\"Happy anniversary,\" he says, muffled.\n\n"
            "\"You remembered,\" I say.\n\n"
            "\"Course I did. Also Lup put it in my calendar with eleven alarms.\" He yawns.\n\n"
            "\"I love you,\" I say.\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs


def test_her_late_husband_is_none_of_the_people_in_the_scene():
    body = (f"Eiffel sat by the radio with the headphones round his neck. {FILLER}\n\n"
            f"\"You still there?\" said Ruth. {FILLER}\n\n"
            "Ruth told him about the rain and the cheese factory, and her late husband who'd "
            "built the antenna on their roof out of parts from a ruined tower. Eiffel "
            f"listened and said nothing. {FILLER}\n")
    pairs = _known_pairs(body, "Wolf 359 (Radio)")  # Eiffel is a man
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs


def test_a_kiss_on_the_cheek_and_then_on_the_mouth_is_a_lovers_kiss():
    body = (f"Maren found Oskar on the pier at dusk. She was laughing. {FILLER}\n\n"
            f"\"You came back,\" Oskar said. He grinned. {FILLER}\n\n"
            "Oskar kissed her on the cheek, and then on the mouth, quick, and Maren did not "
            "mind at all.\n")
    pairs = _pairs(body)
    assert "Maren/Oskar" in pairs and pairs["Maren/Oskar"].kind == "romantic", pairs
    # on the cheek alone: what friends and family give
    pairs = _pairs(body.replace(", and then on the mouth, quick,", ""))
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs


def test_speaking_of_my_father_to_someone_does_not_make_them_family():
    """"My father" said to someone is a third person, the speaker's father: it is no sign
    that the one spoken to is kin, so the small moments between the two still add up."""
    body = (f"Sophie was at the hearth when Howl came down. She stirred the pot. {FILLER}\n\n"
            "\"My father burned porridge every morning of his life,\" Sophie told Howl.\n\n"
            f"Howl took her hand on the stairs and did not let go. {FILLER}\n\n"
            f"Sophie went quite pink and told Howl the porridge was burning. {FILLER}\n")
    pairs = _pairs(body)
    assert "Howl/Sophie" in pairs and pairs["Howl/Sophie"].kind == "romantic"


def test_my_wife_spoken_of_to_someone_is_not_the_one_spoken_to():
    """"My wife" said to someone is the one spoken to only when the line says so ("you're my
    wife"); spoken of ("I'll have to ask my wife") she is most often not in the room."""
    body = (f"Petra stood at the stall with a jar of honey in each hand. {FILLER}\n\n"
            "\"Two for the price of one,\" said Petra.\n\n"
            "\"I'll have to ask my wife,\" said Anselm to Petra. \"She keeps the purse.\"\n\n"
            f"Petra shrugged and put one jar back. {FILLER}\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs
    told = body.replace("I'll have to ask my wife", "You're my wife, and I'll ask you")
    assert _pairs(told)["Anselm/Petra"].kind == "romantic"


def test_my_wife_spoken_of_is_the_one_other_person_the_paragraph_narrates():
    """'"Mrs. O," he said, beside Ingrid. "You've met my wife."': he speaks (not Ingrid, the
    name his paragraph narrates first), to Mrs. O, of Ingrid."""
    body = (f"Tobiah came late to the school fair. He had promised to bring the punch. {FILLER}\n\n"
            f"Ingrid stood by the cake table with a paper plate. {FILLER}\n\n"
            "\"What a lovely cake,\" said Mrs. Oyelaran to Ingrid.\n\n"
            f"Tobiah found the punch bowl and filled two cups. {FILLER}\n\n"
            "\"Mrs. Oyelaran,\" he said, stepping in beside Ingrid with the cups. \"I see "
            "you've met my wife.\"\n")
    pairs = _pairs(body)
    assert "Ingrid/Tobiah" in pairs and pairs["Ingrid/Tobiah"].kind == "romantic", pairs
    assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Oyelaran" in k]


def test_acts_told_in_the_present_are_read():
    body = (f"Liesel keeps the lamp burning in the tower room. She trims the wick at dusk. "
            f"{FILLER}\n\n"
            f"Corvin comes up the stairs at midnight with the post. He is soaked through. "
            f"{FILLER}\n\n"
            "In the morning Liesel wakes up beside Corvin, and the lamp is out.\n")
    pairs = _pairs(body)
    assert "Corvin/Liesel" in pairs and pairs["Corvin/Liesel"].kind == "romantic", pairs
    assert "wakes up beside" in pairs["Corvin/Liesel"].evidence


def test_he_says_before_a_name_in_its_paragraph_names_the_speaker():
    """'"...," she says, and Rasmus drops the lantern': the line is hers, told in the present
    or the past, not the one of the name her paragraph goes on to narrate."""
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    for says in ("says", "said"):
        text = (f"Tilde came down the lane with a basket.\n"
                f"\"I love you,\" she {says}, and Rasmus dropped the lantern.")
        block = Block(text, 0, 0, len(text))
        block.written = {"Tilde": "Tilde", "Rasmus": "Rasmus"}
        local = Local(block, {"Tilde": "f", "Rasmus": "m"}, Recent(), {"Tilde", "Rasmus"})
        assert local.speaker(text.index("I love")) == "Tilde", says


def test_a_file_that_states_only_friendships_is_read_for_its_romance():
    header = ("Title: Harbour Lights\nFandom: A Fandom Nobody Knows\n"
              "Relationship: Edda & Mikkel\n\n")
    body = (f"Edda and Mikkel mended nets on the harbour wall. {FILLER}\n\n"
            f"Sunniva came down at dusk with the lamp. {FILLER}\n\n"
            "Sunniva kissed Mikkel on the mouth, and Edda whistled.\n")
    story = parse_bytes((header + body).encode(), "harbour.txt")
    understand(story, NoFiles())
    pairs = {r.key.label: r for r in story.relationships}
    assert pairs["Edda & Mikkel"].stated
    assert "Mikkel/Sunniva" in pairs and pairs["Mikkel/Sunniva"].kind == "romantic", pairs
    assert not pairs["Mikkel/Sunniva"].stated
    assert "Edda/Mikkel" not in pairs  # a pair the author states friends is no couple


def test_a_couple_named_only_in_dialogue_takes_the_pronouns_that_follow():
    """A story may name its leads once, in dialogue, and then say "he" and "she" for pages:
    its pronouns stand for its leads from the start, as after a skip."""
    body = ("\"Éowyn. Wait,\" Faramir said.\n\n"
            f"The field was grey with frost and the crows had gone. {FILLER}\n\n"
            "He did not say anything else for a long time, and neither did she. He looked at "
            f"his boots. She looked at the sky. {FILLER}\n\n"
            "She kissed him then, quickly, before she could think better of it.\n")
    pairs = _known_pairs(body, "The Lord of the Rings")
    assert [k for k, r in pairs.items() if r.kind == "romantic"] == ["Faramir/Éowyn"], pairs


def test_a_speakers_kiss_in_their_own_line_is_for_the_one_they_answer():
    """'"...," said Fenn, and kissed him': when the paragraph names nobody else, "him" is the
    one Fenn answers, not the last name narrated (here one Osric was imitating)."""
    body = ("Osric and Fenn walked home along the canal. Lorcan had gone the other way, as "
            f"Lorcan always did, whistling. {FILLER}\n\n"
            "Fenn said Lorcan would be insufferable about it tomorrow. Osric agreed that "
            f"Lorcan would. {FILLER}\n\n"
            "\"It was not a date,\" Osric said, in his best impression of Lorcan.\n\n"
            "\"Obviously not,\" said Fenn, and kissed him under the bridge.\n")
    pairs = _pairs(body)
    assert "Fenn/Osric" in pairs and pairs["Fenn/Osric"].kind == "romantic", pairs
    assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Lorcan" in k]


def test_a_kiss_in_a_sentence_naming_a_third_person_is_the_kissers_and_the_kissed():
    """"Bren came across and kissed Talia ..., and Odo groaned": three people in the sentence,
    but the kiss is its subject's and the one named right after the verb."""
    body = (f"\"Morning,\" said Talia. \"Morning,\" said Bren. Odo counted the crates. {FILLER}\n\n"
            f"\"That's the last,\" Odo said. \"Good,\" said Talia. {FILLER}\n\n"
            "Bren came across and kissed Talia on the cheek, and then again, properly, on the "
            "mouth, and Odo groaned.\n")
    pairs = _pairs(body)
    romances = [k for k, r in pairs.items() if r.kind == "romantic"]
    assert romances == ["Bren/Talia"], pairs
    assert "properly" in (pairs["Bren/Talia"].evidence or "")


def test_a_confession_placed_by_pronouns_in_a_scene_of_two_comes_with_its_sentence():
    """"He told her he was in love with her" in a scene that holds only Ines and Corwin: the
    pronouns cannot be read to names (the text never says who is "he"), but the two people
    there are the couple, and the sentence is the evidence."""
    body = (f"\"Morning,\" said Ines. \"Morning,\" said Corwin. {FILLER}\n\n"
            "\"Sleep well?\" asked Corwin. \"Badly,\" said Ines. "
            f"{FILLER}\n\n"
            "He told her he was in love with her, and had been for a year.\n")
    pairs = _pairs(body)
    assert "Corwin/Ines" in pairs and pairs["Corwin/Ines"].kind == "romantic", pairs
    assert "in love" in (pairs["Corwin/Ines"].evidence or "")


def test_his_wife_in_a_story_of_two_each_told_once_by_their_own_pronoun_is_the_other():
    """Two people, one followed once by "she", the other once by "he", and no pronoun saying
    otherwise: a man and a woman, so "his wife" of the one is the other, though the story is
    too short for the counts that settle a gender alone (two uses at least)."""
    body = ("The clerk had a face like a shut drawer. Ardal put the papers on the counter and "
            f"waited. {FILLER}\n\n"
            "\"One room,\" Ardal said. \"Two nights.\" \"Please,\" said Wenna.\n\n"
            "Wenna did not look round. She was reading the list of breakfast times on the "
            f"wall. {FILLER}\n\n"
            "Ardal signed the book. He wrote slowly, in capitals.\n\n"
            "She had been his wife for eleven days and still went pink when anyone said it.\n")
    pairs = _pairs(body)
    assert "Ardal/Wenna" in pairs and pairs["Ardal/Wenna"].kind == "romantic", pairs
    assert "his wife" in (pairs["Ardal/Wenna"].evidence or "")


def test_someone_said_to_be_her_ex_is_her_past_partner_not_her_own():
    """"Tamsin was her ex": the "her" of a clause whose subject is Tamsin is someone else
    (Yusra, named before), and an ex is a past romance."""
    body = (f"Yusra saw Tamsin across the market. She bought apples she did not need. {FILLER}\n\n"
            "\"Hi,\" said Tamsin. \"Hi,\" said Yusra. "
            f"{FILLER}\n\n"
            "Yusra counted her change twice. Tamsin was her ex, and still the sound of that "
            "voice turned her stomach over.\n")
    pairs = _pairs(body)
    assert "Tamsin/Yusra" in pairs and pairs["Tamsin/Yusra"].kind == "romantic", pairs
    assert pairs["Tamsin/Yusra"].modifier == "past"
    girlfriend = _pairs(body.replace("her ex, and still", "her girlfriend, and still"))
    assert "Tamsin/Yusra" in girlfriend and girlfriend["Tamsin/Yusra"].modifier is None
    named = _pairs(body.replace("Tamsin was her ex, and still", "She thought of her ex, Dmitri, "
                                                                  "and still"))
    assert named["Dmitri/Yusra"].kind == "romantic" and named["Dmitri/Yusra"].modifier == "past"


def _two_at_table(act: str) -> str:
    """Oren and Dalia, each told by their pronouns, then one sentence: the act read."""
    return (f"Oren came in from the yard. He was cold. Oren stamped the snow off. {FILLER}\n\n"
            f"Dalia was at the table. She looked up. Dalia smiled. She pushed the pot across. "
            f"{FILLER}\n\n\"Cold?\" asked Dalia. \"Freezing,\" said Oren. {FILLER}\n\n{act}\n")


def test_their_wedding_and_having_been_engaged_are_a_couples():
    """"Their wedding" is the pair's own, as "their anniversary" is ("the wedding" alone may
    be anyone's); "they had been engaged" tells an engagement as "they got engaged" does."""
    for act in ("Their wedding had been small and loud and in the rain.",
                "They had been engaged since the spring.",
                "She had been engaged to him for a month."):
        pairs = _pairs(_two_at_table(act))
        assert "Dalia/Oren" in pairs and pairs["Dalia/Oren"].kind == "romantic", (act, pairs)
    other = _pairs(_two_at_table("They talked about the wedding of the miller's son."))
    assert "Dalia/Oren" not in other
    # "their" is the two named before it, not one of them and a name after it
    three = _pairs(_two_at_table("\"Soup,\" said Wim. \"Thanks,\" said Oren. Wim sat down. "
                                 f"{FILLER}\n\nDalia and Oren talked about their wedding "
                                 "over Wim's soup."))
    assert [k for k, r in three.items() if r.kind == "romantic"] == ["Dalia/Oren"], three


def test_a_confession_of_falling_for_or_feelings_for_the_one_spoken_to_is_romance():
    """"I think I'm falling for you", "I have feelings for you", "I married you": said to
    someone, a confession as "I love you" is; denied, none. (Read where the block holds a
    word that makes it worth the romance reading, here a held hand, itself too small alone:
    "falling" and "feelings" alone would send many blocks of rain and moods through it.)"""
    held = _pairs(_two_at_table("He took her hand."))
    assert "Dalia/Oren" not in held or held["Dalia/Oren"].kind != "romantic"
    for line in ("\"I think I'm falling for you,\" he said.",
                 "\"I have feelings for you,\" Dalia told him.",
                 "\"I married you for your soup,\" Oren said."):
        pairs = _pairs(_two_at_table(f"{line} He took her hand."))
        assert "Dalia/Oren" in pairs and pairs["Dalia/Oren"].kind == "romantic", (line, pairs)
    for line in ("\"I don't have feelings for you,\" Dalia told him.",
                 "\"I have no feelings for you,\" Dalia told him."):
        denied = _pairs(_two_at_table(f"{line} He took her hand."))
        assert "Dalia/Oren" not in denied or denied["Dalia/Oren"].kind != "romantic", line


def test_she_had_been_his_wife_makes_her_and_him_a_couple_though_he_is_only_written_owning():
    """"She had been his wife for forty years": the subject and the owner of "his" are the
    couple (a past one when he is gone); the owner may be a man the story only ever writes
    owning something ("Harlan's coat"), whom the cast does not hold."""
    body = ("Esme kept Harlan's coat on the hook by the door. Esme did not move it. "
            f"She dusted round it. {FILLER}\n\n"
            "\"Gran?\" said the girl at the door. Esme smiled at her. "
            f"{FILLER}\n\n"
            "She had been his wife for forty-one years, and she still set out two cups.\n")
    pairs = _pairs(body)
    assert "Esme/Harlan" in pairs and pairs["Esme/Harlan"].kind == "romantic", pairs
    assert "his wife" in (pairs["Esme/Harlan"].evidence or "")


def test_dating_sleeping_with_and_marrying_someone_named_are_a_couples_acts():
    """One act is enough: "had been dating", "went on a date with him", "slept with him",
    "Oren had married Dalia"; their look-alikes ("a carving dating back to the war", "slept
    with the light on", "a date for the hearing") are none."""
    for act in ("Oren and Dalia had been dating for a month.",
                "She had gone on a date with him once, years ago.",
                "She had slept with him once, after the harvest dance.",
                "Oren had married Dalia in the spring."):
        pairs = _pairs(_two_at_table(act))
        assert "Dalia/Oren" in pairs and pairs["Dalia/Oren"].kind == "romantic", (act, pairs)
    for act in ("She showed him a carving dating back to the war.",
                "She slept with the light on.",
                "They had a date for the hearing."):
        pairs = _pairs(_two_at_table(act))
        assert "Dalia/Oren" not in pairs or pairs["Dalia/Oren"].kind != "romantic", (act, pairs)


def test_i_married_him_said_of_someone_named_in_the_line_is_the_speakers_romance():
    """'"When I met Corwin he was impossible," Hesper said. "I married him anyway."': the
    speaker and the man her line speaks of are a couple, as "he kissed me" makes them;
    "I married them" (an officiant) or "my sister married him" are no one's romance with
    the speaker."""
    body = (f"Hesper and Liesl sat at the bar. Corwin was arguing with the barman. {FILLER}\n\n"
            "\"When I met Corwin,\" Hesper said, \"I thought he was the most impossible man "
            "in Lisbon.\" She turned her glass. \"I married him anyway.\"\n\n"
            f"Liesl laughed into her drink. {FILLER}\n")
    pairs = _pairs(body)
    rel = pairs.get("Corwin/Hesper")
    assert rel is not None and rel.kind == "romantic", pairs
    assert "married him" in (rel.evidence or "")
    for line in ("\"I married them anyway,\" Hesper said, \"in the chapel by the sea.\"",
                 "\"My sister married him anyway,\" Hesper said."):
        other = _pairs(body.replace("\"I married him anyway.\"", "").replace(
            "Liesl laughed", f"{line} Liesl laughed"))
        assert "Corwin/Hesper" not in other or other["Corwin/Hesper"].kind != "romantic", \
            (line, other)


def test_a_kiss_someone_saw_is_the_kissers_not_the_one_who_saw_it():
    """"Ines had seen him kiss her goodnight": the one who saw is no party to the kiss; "him"
    kissed "her", the woman named before other than Ines."""
    body = (f"Ines sat at the window of the dormitory with a book she was not reading. {FILLER}"
            f"Ines turned a page. She did not look up.\n\n"
            "Lotte came in humming, and went pink when Tomas leaned round the door to wave. "
            "Ines had seen him kiss her goodnight at the gate last week, a quick, clumsy kiss "
            "that had made Lotte walk into the hedge.\n\n"
            f"Ines turned another page. {FILLER}\n")
    pairs = _pairs(body)
    assert "Lotte/Tomas" in pairs and pairs["Lotte/Tomas"].kind == "romantic", pairs
    assert "Ines/Tomas" not in pairs or pairs["Ines/Tomas"].kind != "romantic", pairs


def test_a_hand_on_the_small_of_anothers_back_is_a_couple_shown_not_said():
    """A hand on the small of another's back, even with words between ("his hand settled
    for a moment on the small of her back"), is a touch fans' prose gives couples (over the
    eleven dev folders: all of its placements on labelled couples, none on friends or kin):
    enough alone, and the romance is implied when nothing else tells it."""
    for touch in ("Dalia put a hand at the small of his back and steered him to the stove.",
                  "Oren's hand settled for a moment on the small of her back, warm, then "
                  "lifted.",
                  "His hand found the small of her back on the icy step, the way it always "
                  "did.",
                  "He put a hand on the small of Dalia's back."):
        alone = _pairs(_two_at_table(touch))
        assert "Dalia/Oren" in alone and alone["Dalia/Oren"].kind == "romantic", (touch, alone)
        assert alone["Dalia/Oren"].modifier == "implied", (touch, alone)
    said = _pairs(_two_at_table("Dalia put a hand at the small of his back. \"I love you,\" "
                                "she said to Oren."))
    assert said["Dalia/Oren"].kind == "romantic" and said["Dalia/Oren"].modifier is None, said
    pet = _pairs(_two_at_table("\"Sit down, darling,\" Dalia said to Oren."))
    assert "Dalia/Oren" not in pet or pet["Dalia/Oren"].kind != "romantic", pet


def test_her_own_back_or_a_simile_is_no_touch():
    """"She straightened, one hand on the small of her back" is her own back; "like a hand on
    the small of his back" is a simile; neither is a touch between the two."""
    for act in ("Dalia straightened beside Oren, one hand on the small of her back.",
                "Oren felt Dalia there all evening, like a hand on the small of his back.",
                "Dalia rubbed the small of her back and glared at Oren."):
        pairs = _pairs(_two_at_table(act))
        assert "Dalia/Oren" not in pairs or pairs["Dalia/Oren"].kind != "romantic", (act, pairs)


def test_a_straightened_collar_needs_a_second_sign():
    """A collar straightened, an arm along the back of her chair, a cheek against his hair:
    friends and colleagues do these too, so each counts only beside another kind of sign."""
    for touch in ("Dalia reached up and straightened his collar.",
                  "Oren had his arm along the back of her chair.",
                  "Dalia rested her cheek against his hair."):
        alone = _pairs(_two_at_table(touch))
        assert "Dalia/Oren" not in alone or alone["Dalia/Oren"].kind != "romantic", alone
        both = _pairs(_two_at_table(f"{touch} \"Sit down, darling,\" Dalia said to Oren."))
        assert "Dalia/Oren" in both and both["Dalia/Oren"].kind == "romantic", (touch, both)


def test_a_touch_or_look_held_longer_than_it_needed_is_a_couple_shown_not_said():
    """A touch or a look held "a moment longer than it needed to", "a beat too long": the
    idiom tells a feeling the two do not say (over the sixteen dev folders, every one placed
    on two people was a labelled couple). Enough alone, implied; only where the sentence
    names or takes up one of the two by "he"/"she" ("neither of them let go ... longer than
    they should have" says not which two), or of one and the sentence before it ("He looked
    at her. It was a long look, and ..."); held by one alone, or on a thing, nothing."""
    for touch in ("He handed her the lantern, and his thumb rested against her knuckles a "
                  "moment longer than it needed to.",
                  "Dalia tucked a loose thread back into his cuff and left her hand there a "
                  "second longer than it took.",
                  "She looked at Oren across the stove, and the look went on a beat too long.",
                  "Oren held her gaze for a breath longer than he should have.",
                  "Oren looked at her. The look was long, and it held a beat longer than it "
                  "needed to, and then he turned back to the window."):
        alone = _pairs(_two_at_table(touch))
        assert "Dalia/Oren" in alone and alone["Dalia/Oren"].kind == "romantic", (touch, alone)
        assert alone["Dalia/Oren"].modifier == "implied", (touch, alone)
    for other in ("Oren kept his hands on the cards a second too long.",
                  "Dalia stood there a moment longer than she needed to.",
                  "Oren looked at the kettle a second longer than he meant to.",
                  "Oren looked at her.\n\nIt went on a beat too long, the rain, and he "
                  "counted it.",
                  "Neither of them took a hand off the oar a moment longer than they should have.",
                  "\"You held his hand a moment longer than you needed to,\" Oren said."):
        pairs = _pairs(_two_at_table(other))
        assert "Dalia/Oren" not in pairs or pairs["Dalia/Oren"].kind != "romantic", (other,
                                                                                    pairs)


def test_the_small_of_his_back_is_another_mans_than_the_one_whose_hand_it_is():
    """Between two men, "Anselm put a hand at the small of his back" is on the other man's
    back (as "kissed his cheek" is the other's cheek), not on Anselm's own."""
    body = (f"Anselm came in from the yard. He was cold. Anselm stamped the snow off. {FILLER}\n\n"
            f"Pietro was at the stove. He looked up. Pietro grinned. He stirred the pot. "
            f"{FILLER}\n\n\"Cold?\" asked Pietro. \"Freezing,\" said Anselm. {FILLER}\n\n"
            "Anselm put a hand at the small of his back and steered him to the table. "
            "\"Sit down, darling.\"\n")
    pairs = _pairs(body)
    assert "Anselm/Pietro" in pairs and pairs["Anselm/Pietro"].kind == "romantic", pairs


def _roof(act: str) -> str:
    """Wren and Ash, whose genders no pronoun after their names tells, a third person named in
    passing, then `act` told by pronouns alone."""
    return ("Wren found him on the roof at dawn, in his coat, with the telescope across his "
            f"knees. {FILLER}\n\n\"Ash?\"\n\n\"I know what time it is, Wren.\"\n\n"
            "\"Mossop says you've been up here all night.\"\n\n"
            "\"Never mind Mossop, Wren. The sky's clear.\"\n\n\"Come down, Ash.\"\n\n"
            f"{FILLER}\n\n\"I saw it,\" Ash said. \"The comet. Eleven years I've waited, Wren, "
            f"and I saw it.\"\n\n{act}\n")


def test_a_kiss_told_by_pronouns_alone_between_two_leads_of_untold_genders_is_theirs():
    """"She took his face in both her hands and kissed him", a story's only two leads there
    and neither's gender told by the text: "she" and "he" are the two of them (which is which
    does not matter to the pair); a kiss on the forehead stays a small sign only."""
    pairs = _pairs(_roof("She took his face in both her hands and kissed him."))
    assert "Ash/Wren" in pairs and pairs["Ash/Wren"].kind == "romantic", pairs
    assert "kissed him" in (pairs["Ash/Wren"].evidence or "")
    chaste = _pairs(_roof("She took his face in both her hands and kissed his forehead."))
    assert "Ash/Wren" not in chaste or chaste["Ash/Wren"].kind != "romantic", chaste


def test_married_beside_her_husband_is_her_marriage_to_him_not_to_the_one_beside_her():
    """"She was married by then, and her husband was a brute": the marriage is to the husband
    the sentence names by the noun, not to the other woman the sentence's pronouns reach
    (the old woman she was telling it to)."""
    body = (f"Miss Thorne sat by the cold grate. Miss Thorne did not get up. {FILLER}\n\n"
            f"Ada came in without knocking. Ada sat down across from her. {FILLER}\n\n"
            "She was married by then, and her husband was a brute, and she had chosen him "
            "with her eyes open, and had told Miss Thorne so.\n")
    pairs = _pairs(body)
    assert "Ada/Miss Thorne" not in pairs or pairs["Ada/Miss Thorne"].kind != "romantic", pairs


def test_asking_her_to_marry_me_is_about_her_not_the_one_spoken_to():
    """'"I asked her to marry me more times than I can count," Ned told Colm': the proposal
    was to a woman spoken of, not to Colm."""
    body = (f"Ned wiped the bar down. Colm sat at the end with his pint. {FILLER}\n\n"
            "\"She was the one,\" Ned told Colm. \"I asked her to marry me more times than "
            "I can count.\"\n\n"
            f"Colm nodded into his pint. {FILLER}\n")
    pairs = _pairs(body)
    assert "Colm/Ned" not in pairs or pairs["Colm/Ned"].kind != "romantic", pairs
    asked = _pairs(body.replace("I asked her to marry me", "Marry me, Colm, I said,"))
    assert "Colm/Ned" in asked and asked["Colm/Ned"].kind == "romantic", asked


# --- love nobody returns: one-sided where the text says it is never told (task 13past) ----

def _pining(secret: str) -> str:
    return (f"Tobin mended nets on the quay every morning, and every morning Ilse walked past "
            f"with her basket. {FILLER}\n\n"
            f"Tobin watched Ilse go. He had loved her for three summers. {secret}\n\n"
            f"Ilse waved to Tobin from the harbour steps and went on to the market. {FILLER}\n")


def test_a_love_never_told_is_one_sided():
    for secret in ("He never told her.", "She would never know.",
                   "He had never said so, not once.", "It was unrequited, and he knew it."):
        rel = _pining(secret)
        pairs = _pairs(rel)
        assert "Ilse/Tobin" in pairs, secret
        assert pairs["Ilse/Tobin"].modifier == "one-sided", secret


def test_a_love_told_and_returned_is_not_one_sided():
    # the same couple, a secret about something else and love both ways: no modifier
    body = (f"Tobin mended nets on the quay every morning, and every morning Ilse walked past "
            f"with her basket. {FILLER}\n\n"
            f"Tobin watched Ilse go. He loved her, and she loved him. He never told her about "
            f"the debt.\n\n"
            f"Ilse waved to Tobin from the harbour steps and went on to the market. {FILLER}\n")
    assert _pairs(body)["Ilse/Tobin"].modifier is None
    # and a pining with nothing said about its secrecy stays a plain romance
    assert _pairs(_pining("The gulls were loud."))["Ilse/Tobin"].modifier is None


# --- romance told in hindsight: past (task 13past) --------------------------------------

def _cafe(middle: str) -> str:
    return (f"Noor sat across from Alek in the cafe. She ordered tea; he ordered coffee. "
            f"{FILLER}\n\n{middle} {FILLER}\n\n"
            f"Later Noor walked home by the river, and Alek went the other way. {FILLER}\n\n"
            f"Noor slept badly. Alek did not sleep at all.\n")


def test_a_romance_its_couple_tell_as_over_is_past():
    for middle in ('"Back when we were married you never once made the coffee," Noor said.',
                   "The year they were together, Alek had kissed her on every bridge in town.",
                   "Her ex-husband had not changed at all. Alek still took sugar.",
                   # the couple's own habits told as gone: "we used to walk to the lake"
                   '"We used to walk to the lake when we were married," Noor said.',
                   "Once they had kissed on the ferry, and they used to walk home the long "
                   "way."):
        pairs = _pairs(_cafe(middle))
        assert "Alek/Noor" in pairs, middle
        assert pairs["Alek/Noor"].modifier == "past", middle


def test_a_romance_told_now_is_not_past():
    # the same couple, "together" and "married" of the present, their wedding's summer and a
    # third person's divorce: no modifier
    for middle in ("They were married now, and Alek kissed her over the cups.",
                   "He had bought her the ring the summer they were married, and Alek kissed "
                   "her over the cups.",
                   "Her parents divorced when she was ten. Alek kissed her over the cups.",
                   # someone else's habit, not the couple's
                   "Her parents used to dance in the kitchen. Alek kissed her over the cups."):
        assert _pairs(_cafe(middle))["Alek/Noor"].modifier is None, middle


def test_a_love_told_only_in_the_past_perfect_is_past():
    # a love before the story's now (task 17past): "had loved her", "had been his wife",
    # with nothing told of it in the story's own time
    for middle in ("Alek had loved her, years ago, before the war took the bridges.",
                   "Alek had once kissed her on the ferry; neither of them spoke of it.",
                   "Noor had been Alek's wife; the flat above the cafe had been theirs.",
                   "Noor thought of the kiss he had given her on the ferry, and of nothing "
                   "after it."):
        pairs = _pairs(_cafe(middle))
        assert "Alek/Noor" in pairs, middle
        assert pairs["Alek/Noor"].modifier == "past", middle


def test_a_love_lasting_or_told_now_beside_the_past_perfect_is_not_past():
    # a past perfect lasting up to now ("for years", "since"), or beside a love told now
    for middle in ("Alek had loved her for years, and he still did.",
                   "Alek had loved her since school. The cups went cold between them.",
                   "Alek had kissed her on the ferry, and he kissed her again over the cups.",
                   "Alek had been married to Noor for thirty years.",
                   "Noor had been his wife for thirty years.",
                   "Alek kissed her, and it was more than any kiss she had ever imagined."):
        pairs = _pairs(_cafe(middle))
        assert "Alek/Noor" in pairs, middle
        assert pairs["Alek/Noor"].modifier is None, middle


def test_a_secret_said_aloud_is_not_one_sided():
    body = _pining('"You never said," Ilse told him later, and kissed him.')
    assert _pairs(body)["Ilse/Tobin"].modifier is None


def test_a_dead_husband_is_nobody_beside_his_widow():
    body = (f"Greta poured tea for Lotte. {FILLER}\n\n"
            f"Greta's husband had died in the spring, and she still set out his cup. Lotte "
            f"said nothing and held her hand. {FILLER}\n\n"
            f"Greta washed the cups, and Lotte dried them. {FILLER}\n")
    assert not [k for k, r in _pairs(body).items() if r.kind == "romantic"]


def test_a_late_husband_named_is_her_past_romance():
    """"her late husband, Tobias": a widow's romance, told as over, and nobody's beside her."""
    body = (f"Marit swept the shop floor while Halvard sorted the post. {FILLER}\n\n"
            f"Marit kept the cactus on the sill because her late husband, Tobias, had "
            f"loved it. Halvard watered it for her. {FILLER}\n\n"
            f"Marit locked up, and Halvard walked her home. {FILLER}\n")
    pairs = _pairs(body)
    assert "Marit/Tobias" in pairs and pairs["Marit/Tobias"].kind == "romantic", pairs
    assert pairs["Marit/Tobias"].modifier == "past"
    assert "Halvard/Marit" not in pairs or pairs["Halvard/Marit"].kind != "romantic"


def test_spouses_keeping_a_secret_are_not_one_sided():
    # a married couple (a partner cue) and "he never told her" of something else in the same
    # block: a marriage is returned love, so the secret is no one-sided romance
    body = (f"Tobin mended nets on the quay every morning, and every morning Ilse walked past "
            f"with her basket. {FILLER}\n\n"
            f"Tobin watched his wife Ilse go down to the harbour. What the doctor had said, he "
            f"never told her.\n\n"
            f"Ilse waved to Tobin from the harbour steps and went on to the market. {FILLER}\n")
    pairs = _pairs(body)
    assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].kind == "romantic", pairs
    assert pairs["Ilse/Tobin"].modifier is None


def test_my_husband_you_know_is_not_said_to_the_one_spoken_to():
    """"My husband, you see" and "my wife, you know" are fillers: the "you" is no one called,
    and the partner is someone else ("you are my husband" is the one spoken to)."""
    body = (f"Petra poured two glasses and pushed one across the bar. {FILLER}\n\n"
            "\"Good wine,\" said Anselm, and Petra smiled.\n\n"
            "\"He grew these vines,\" said Petra to Anselm. \"My husband, you know. Every one of "
            "them.\"\n\n"
            f"After a while Anselm drank again and said nothing. {FILLER}\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs
    told = body.replace("My husband, you know.", "You are my husband.")
    assert _pairs(told)["Anselm/Petra"].kind == "romantic"


# --- a gaze told as feeling: one-way love, one-sided when unseen (task 14pining) ------------

def _harbour(middle: str) -> str:
    return (f"Tobin mended nets on the quay. He sang as he worked. Tobin laughed. He waved. "
            f"Ilse walked past. She smiled. Ilse stopped. She read. {FILLER}\n\n{middle}\n\n"
            f"Ilse waved to Tobin from the harbour steps and went on to the market. {FILLER}\n")


def test_a_gaze_nobody_sees_is_a_one_sided_love():
    for gaze in ("Tobin watched Ilse go. She never noticed the way he looked at her.",
                 "Tobin watched Ilse go. One day she would look at him the way he looked at "
                 "her."):
        pairs = _pairs(_harbour(gaze))
        assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].kind == "romantic", gaze
        assert pairs["Ilse/Tobin"].modifier == "one-sided", gaze


def test_a_gaze_at_one_who_looks_so_at_another_is_one_sided():
    body = (f"Tobin mended nets on the quay. He sang as he worked. Tobin laughed. He waved. "
            f"Greta sat with a sail. She hummed. Greta smiled. She sewed. Ilse came down. "
            f"She sat. Ilse waited. She read. {FILLER}\n\n"
            f"Ilse sat on the harbour wall and saw Tobin watch Greta mend the sail: it was "
            f"the way he looked at her, every day.\n\n"
            f"Greta went home first. Ilse sat on with Tobin until dark. {FILLER}\n\n"
            f"Tobin talked about the boats. Ilse watched him talk. It was the same way she "
            f"looked at him, every day, and he never saw it either.\n\n"
            f"Greta waved to them both from the harbour steps. {FILLER}\n")
    pairs = _pairs(body)
    assert pairs["Greta/Tobin"].kind == "romantic", pairs
    assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].kind == "romantic", pairs
    assert pairs["Ilse/Tobin"].modifier == "one-sided", pairs


def test_a_mothers_gaze_is_no_romance():
    body = _harbour("Tobin watched Ilse go. His mother loved the way he looked at her "
                    "boat, and the way she looked at him when he came home.")
    assert not [k for k, r in _pairs(body).items() if r.kind == "romantic"]
    for dislike in ("hated", "did not like", "feared"):
        body = _harbour(f"Tobin watched Ilse go. She {dislike} the way he looked at her.")
        assert not [k for k, r in _pairs(body).items() if r.kind == "romantic"], dislike


# --- a name said as feeling: one-way love, as a gaze is (task 19romance) -------------------

@pytest.mark.parametrize("said", [
    "Tobin watched Ilse go. It was the first time he had said her name since the storm.",
    "Tobin watched Ilse go. She had never said his name before.",
    "Tobin watched Ilse go. He said her name like a question he already knew the answer to.",
    "Tobin watched Ilse go. He thought of the particular way Ilse said his name, slow and "
    "certain.",
    "Tobin watched Ilse go. It was the kindest she had ever said his name.",
    "Tobin watched Ilse go. He kept the sound of Ilse's voice saying his name.",
    "Greta mended a sail. She thought of the way Ilse said Tobin's name, lightly, as though "
    "it were a shell she meant to keep."])
def test_a_name_said_as_feeling_is_a_love(said):
    """How one says the other's name, told with a manner or framed ("the first time he had
    said her name", "the way Ilse said his name", "said her name like a question"), is a
    love the sayer holds, as "the way she looked at him" is: known only so, one-sided."""
    pairs = _pairs(_harbour(said))
    assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].kind == "romantic", said
    assert pairs["Ilse/Tobin"].modifier == "one-sided", said


def test_a_name_said_as_feeling_beside_a_kiss_is_no_one_sided_love():
    pairs = _pairs(_harbour("Tobin watched Ilse go. He said her name like a question, and "
                            "she came back up the steps and kissed him on the mouth."))
    assert pairs["Ilse/Tobin"].kind == "romantic" and pairs["Ilse/Tobin"].modifier is None


@pytest.mark.parametrize("said", [
    "Tobin watched Ilse go. He said her name and she turned round at the steps.",
    "Tobin watched Ilse go. His mother said his name softly from the door.",
    "Tobin watched Ilse go. She hated the way he said her name.",
    "Tobin watched Ilse go. \"You never say my name like that,\" she said."])
def test_a_name_said_plainly_or_by_family_is_no_romance(said):
    """A name said to call someone, a mother's voice, a way disliked, a line of dialogue:
    no love told."""
    assert not [k for k, r in _pairs(_harbour(said)).items() if r.kind == "romantic"], said


def test_a_name_said_tenderly_between_one_family_name_is_no_romance():
    body = (f"Tobin Vell mended nets on the quay. He sang as he worked. Tobin laughed. He "
            f"waved. Ilse Vell walked past. She smiled. Ilse stopped. She read. {FILLER}\n\n"
            "Tobin watched Ilse go. She said his name very softly, and he stopped.\n\n"
            f"Ilse waved to Tobin from the harbour steps and went on to the market. {FILLER}\n")
    assert not [k for k, r in _pairs(body).items() if r.kind == "romantic"]


def test_a_full_name_written_is_one_mention_not_also_a_surnames_other_owner():
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    block = Block("Once he said, You will go far, Bellatrix Black. She built her life on it.",
                  0, 0, 0)
    block.written = {"Bellatrix Lestrange": "Bellatrix", "Walburga Black": "Black"}
    local = Local(block, {"Bellatrix Lestrange": "f", "Walburga Black": "f"}, Recent(),
                  {"Bellatrix Lestrange", "Walburga Black"})
    assert [name for _at, name in local.mentions] == ["Bellatrix Lestrange"]
    assert local.referent("f", block.text.index("She")) == "Bellatrix Lestrange"


def _remembered_scene(line: str) -> str:
    """Marta telling Ines of Tobiah, whom the scene only talks of, then `line`."""
    return (f"Ines found Marta on the back step with the old tin box. {FILLER}\n\n"
            "\"Tobiah built this step,\" Marta said. \"Tobiah built half the village. "
            f"Tobiah never finished anything he started, either.\" {FILLER}\n\n"
            "\"Tobiah said the sea would have him one day,\" Marta said. \"Tobiah was "
            "right about that.\"\n\n"
            f"Ines sat down beside her and said nothing for a long time. {FILLER}\n\n"
            f"{line}\n\n"
            f"Ines took her hand, and the two of them watched the gulls. {FILLER}\n")


def test_a_love_told_aloud_of_someone_the_scene_only_talks_of_is_the_speakers_past():
    """'"I think," Marta said, "that he loved me."', two paragraphs after her talk named
    Tobiah, whom the scene never shows: her romance with him, remembered (past). "I kissed
    him the day he left" is theirs too, not told as over (couples together say it)."""
    for line, modifier in (
            ("\"I think,\" Marta said, \"that he loved me. I was too proud to see it.\"", "past"),
            ("\"I kissed him the day he left,\" Marta said. \"On the harbour wall.\"", None)):
        pairs = _pairs(_remembered_scene(line))
        rel = pairs.get("Marta/Tobiah")
        assert rel is not None and rel.kind == "romantic", (line, pairs)
        assert rel.modifier == modifier, (line, rel.modifier)


def test_a_kiss_told_in_lines_all_of_the_past_of_someone_the_scene_only_talks_of_is_past():
    """"I kissed him the day he left" in lines that tell only the past ("he never wrote, then
    he was gone") is a romance over, as of a partner the cast lacks; the same kiss with the
    man told in the present ("he's home on Friday") is theirs still."""
    for line, modifier in (
            ("\"I kissed him the day he left,\" Marta said. \"He never wrote. I waited "
             "all winter, and then the boat came back without him. That was the end of "
             "it.\"", "past"),
            ("\"I kissed him the day he left,\" Marta said. \"He's home on Friday, and I "
             "still have not told anyone.\"", None)):
        rel = _pairs(_remembered_scene(line)).get("Marta/Tobiah")
        assert rel is not None and rel.kind == "romantic", line
        assert rel.modifier == modifier, (line, rel.modifier)


def _present_tense(memory: str, now: str) -> str:
    """A story told in the present (Pell and Oriane at a station), a paragraph of it told in
    the past (`memory`), then `now`."""
    return ("Pell stands on the platform and watches the trains come in. The board says the "
            "last one is late. Oriane is beside him, and she says nothing. He does not mind. "
            f"The wind is cold and the lamps are coming on. {FILLER}\n\n"
            "A porter says the line is flooded. Pell says he has time. Oriane has a paper "
            "and she does the crossword, and he is glad of the quiet. The clock says six.\n\n"
            f"{memory}\n\n{now}\n\n"
            f"The train comes in at last, and he gets on it. {FILLER}\n")


def test_a_kiss_a_present_tense_story_tells_only_in_the_past_is_a_past_romance():
    """In a story told in the present, a paragraph told in the past ("I remember the
    winter she kissed me") is a memory: a romance cued only there is over; the same couple
    kissing in the story's present is theirs now, whatever they remember."""
    memory = ("There was a winter when Oriane kept a room above the bakery, and Pell came "
              "every night. She kissed him on the stairs once and called him hopeless. That "
              "was long ago.")
    rel = _pairs(_present_tense(memory, "Oriane says the trains were better then. Pell "
                                        "agrees.")).get("Oriane/Pell")
    assert rel is not None and rel.kind == "romantic" and rel.modifier == "past", rel
    rel = _pairs(_present_tense(memory, "Oriane takes his hand, and he kisses her, here on "
                                        "the platform, and she kisses him back.")).get(
        "Oriane/Pell")
    assert rel is not None and rel.kind == "romantic" and rel.modifier is None, rel


def test_a_love_only_supposed_or_of_a_stranger_is_no_remembered_romance():
    """"If he loved me" is no love told, nor a song's words; a line whose paragraph names
    someone the cast lacks ("Her name was Queenie") speaks of that one, not of the one the
    talk named before."""
    for line in ("\"If he loved me, he would have stayed,\" Marta said.",
                 "\"There was a sailor, Oskar Quill, in the spring,\" Marta said. \"I kissed "
                 "him the day he left.\"",
                 "\"Oh, I think that he loved me, the fisherman's lad,\" Marta sang to the "
                 "gulls, an old song of the harbour."):
        pairs = _pairs(_remembered_scene(line))
        assert "Marta/Tobiah" not in pairs or pairs["Marta/Tobiah"].kind != "romantic", \
            (line, pairs)


def test_she_was_my_wife_is_a_past_romance_with_the_one_spoken_of():
    body = _remembered_scene("\"She was my wife,\" Marta said. \"For a while.\"").replace(
        "Tobiah never finished anything he started", "Tobiah never finished anything she "
        "started")
    rel = _pairs(body).get("Marta/Tobiah")
    assert rel is not None and rel.kind == "romantic" and rel.modifier == "past", rel


def test_a_tagged_lovers_former_marriage_told_aloud_is_read_as_past():
    """'"I was married to Maris," he said', in a file tagging Niles/Daphne: the tags name
    the story's pairing, not the marriage its lover tells of; read, past."""
    body = (f"Niles and Daphne sat with Ross at the café. {FILLER}\n\n"
            "\"Divorced?\" Ross asked, and Niles straightened his cuffs.\n\n"
            "\"I was married to Maris,\" he said, \"for fifteen years.\"\n\n"
            f"Daphne patted his hand. {FILLER} Maris, Daphne thought, had a lot to answer "
            "for.\n")
    story = Story(format="plain", body=body, fandoms=["A Fandom Nobody Knows"],
                  relationships=[Relationship(("Daphne", "Niles"))])
    story.count_words()
    understand(story, NoFiles())
    found = {r.key.label: r for r in story.relationships if not r.stated}
    assert "Maris/Niles" in found and found["Maris/Niles"].modifier == "past", found




def test_a_love_told_of_one_of_two_men_the_talk_named_as_often_is_nobodys():
    """Two absent men the talk names as often: "he loved me" may be either; no couple."""
    jory = (f"\"Jory Vance mended nets,\" Marta said. \"Jory Vance mended everything.\" {FILLER}"
            f"\n\n\"Jory Vance said the sea would have him,\" Marta said. {FILLER}\n\n")
    body = _remembered_scene("\"I think,\" Marta said, \"that he loved me.\"").replace(
        "Ines sat down beside her", f"{jory}Ines sat down beside her")
    pairs = _pairs(body)
    assert not [key for key, rel in pairs.items() if rel.kind == "romantic"], pairs


def test_waking_with_a_friends_hair_in_her_mouth_is_no_couple():
    body = (f"Dessa and Rue built a fort of sofa cushions for the sleepover. {FILLER}\n\n"
            f"Rue fell asleep first, halfway through the film, her head on Dessa's arm. "
            f"Dessa pulled the blanket up over them both. {FILLER}\n\n"
            "She woke at six with Rue's hair in her mouth and a crisp packet under her arm.\n")
    pairs = _pairs(body)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"]


def _story(body: str) -> Story:
    story = Story(format="plain", body=body, fandoms=["A Fandom Nobody Knows"])
    story.count_words()
    understand(story, NoFiles())
    return story


def test_a_name_given_in_the_lines_of_she_was_my_wife_is_that_partner_and_a_person():
    body = (f"Orrin sat on the floor of the tent. He was sorting buttons. {FILLER}\n\n"
            "\"What are those for?\" said Pell.\n\n"
            f"\"Keeping,\" said Orrin. {FILLER}\n\n"
            "\"Her name was Wenna,\" he said after a while. \"We came here together. She was "
            "my wife, I think. I remember her hands.\"\n\n"
            f"Pell said nothing for a long while. {FILLER}\n")
    story = _story(body)
    pairs = {r.key.label: r for r in story.relationships}
    assert "Orrin/Wenna" in pairs and pairs["Orrin/Wenna"].kind == "romantic"
    assert "Wenna" in {c.name for c in story.characters}


def test_the_name_a_partner_noun_is_given_is_that_partner():
    body = (f"Tobin mended the net on the jetty. He worked slowly. {FILLER}\n\n"
            "\"Tide's turning,\" said Tobin.\n\n"
            f"\"Let it,\" said Ferris. {FILLER}\n\n"
            "Tobin had mended nets on this jetty for thirty years, and his wife's name was "
            "Marit, and she had sat beside him every one of them.\n")
    story = _story(body)
    pairs = {r.key.label: r for r in story.relationships}
    assert "Marit/Tobin" in pairs and pairs["Marit/Tobin"].kind == "romantic"
    assert "Marit" in {c.name for c in story.characters}


def test_her_name_was_without_a_partner_word_names_no_partner():
    body = (f"Orrin sat on the floor of the tent. He was sorting buttons. {FILLER}\n\n"
            "\"What are those for?\" said Pell.\n\n"
            f"\"Keeping,\" said Orrin. {FILLER}\n\n"
            "\"Her name was Wenna,\" he said after a while. \"She was my dog, I think. I "
            "remember her ears.\"\n\n"
            f"Pell said nothing for a long while. {FILLER}\n")
    story = _story(body)
    assert not any(r.kind == "romantic" for r in story.relationships)
    assert "Wenna" not in {c.name for c in story.characters}


def test_my_husband_then_a_name_the_cast_lacks_told_as_he_is_that_partner():
    body = (f"Vera wiped down the counter. She took her time. {FILLER}\n\n"
            "\"Long drive?\" said Vera.\n\n"
            f"\"Long enough,\" said Colm. {FILLER}\n\n"
            "\"That road did for my husband, you know,\" Vera said. \"The first winter he "
            "drove it. Years back now. Anselm came home frozen and swore he would never go "
            "again.\"\n\n"
            f"Colm said nothing for a long while. {FILLER}\n")
    story = _story(body)
    pairs = {r.key.label: r for r in story.relationships}
    assert "Anselm/Vera" in pairs and pairs["Anselm/Vera"].kind == "romantic"
    assert "Anselm" in {c.name for c in story.characters}


def test_a_verb_opening_a_line_after_my_wife_is_no_partner():
    body = (f"Vera wiped down the counter. She took her time. {FILLER}\n\n"
            "\"Long drive?\" said Vera.\n\n"
            f"\"Long enough,\" said Colm. {FILLER}\n\n"
            "\"My wife left,\" Colm said. \"In March. Took the dog and her sister's car.\"\n\n"
            f"Vera said nothing for a long while. {FILLER}\n")
    story = _story(body)
    assert not any(r.kind == "romantic" for r in story.relationships)
    assert "Took" not in {c.name for c in story.characters}


def _porch(line: str) -> str:
    """Ansel and Pim on a porch; Ansel speaks of a wife the story never shows."""
    return (f"Ansel sat on the porch steps with Pim. {FILLER}\n\n"
            f"{line} {FILLER}\n\n"
            f"Pim looked at him. Ansel looked out at the field. {FILLER}\n")


def test_a_partner_only_spoken_of_in_the_past_is_a_past_romance():
    """'"My wife," he said. "Ilka."' of one the story never shows, the speaker's lines telling
    her in the past ("She got sick"): a partner gone; told in the present, still theirs."""
    for line in ('"My wife," Ansel said. "Ilka. She got sick the winter the well froze. I '
                 'thought it was a cold. It wasn\'t, and I was the one who had to tell her."',
                 '"The dog did that to my wife, you know," Ansel said. "The first time she went '
                 'out there. Ilka came home muddy and said she had met the worst dog in the '
                 'county."'):
        pairs = _pairs(_porch(line))
        assert "Ansel/Ilka" in pairs and pairs["Ansel/Ilka"].kind == "romantic", (line, pairs)
        assert pairs["Ansel/Ilka"].modifier == "past", line
    now = _pairs(_porch('"My wife," Ansel said. "Ilka. She\'s at her sister\'s till Sunday, '
                        'and she said the goats were mine to feed. I did them twice already."'))
    assert "Ansel/Ilka" in now and now["Ansel/Ilka"].modifier is None


def _bar(line: str) -> str:
    """Wes and Orrin at a bar; Wes tells of someone the story never shows."""
    return (f"Wes wiped the bar while Orrin nursed a beer. {FILLER}\n\n{line} {FILLER}\n\n"
            f"Orrin finished the beer. Wes took the glass. {FILLER}\n")


def test_a_love_told_of_a_name_said_alone_in_the_speakers_lines_is_theirs():
    """'"Marta," he said. "She went off ... I asked her to marry me"': the one the speaker
    names alone and goes on to tell of, though the story never shows her; past when the lines
    tell of the past, not a "Well," nor a name with no "she" after it."""
    gone = _pairs(_bar('"Marta," Wes said. "She went off to the coast to paint. I asked her to '
                       'marry me more times than I could count. She told me once I was a '
                       'kinder man than I let on."'))
    assert "Marta/Wes" in gone and gone["Marta/Wes"].modifier == "past", gone
    now = _pairs(_bar('"Marta," Wes said. "She lives upstairs now. I asked her to marry me '
                      'last week, and she is thinking it over."'))
    assert "Marta/Wes" in now and now["Marta/Wes"].modifier is None, now
    for line in ('"Well," Wes said. "She went off to the coast. I asked her to marry me."',
                 '"Marta," Wes said, "I asked her to marry me."'):
        assert not [k for k, r in _pairs(_bar(line)).items() if r.kind == "romantic"], line


def test_a_couple_asked_about_by_a_third_is_implied():
    """'"Is that your girlfriend?" he said' to one of two others: the one asked and the one
    meant are a couple the text implies (others see it; the two neither act nor say it); a
    couple who also kiss is a plain one."""
    body = (f"Corvin had never seen the harbour so full. He leaned on the rail. {FILLER}\n\n"
            f"Marisol came up the gangway with a crate. Odalys came after her with two more, "
            f"and set them down beside her. {FILLER}\n\n"
            "Corvin looked at the two of them, and at how close they stood.\n\n"
            "\"Is that your girlfriend?\" he said to Marisol.\n\n"
            f"Marisol went red. Odalys laughed and picked up a crate. {FILLER}\n")
    pairs = _pairs(body)
    assert pairs["Marisol/Odalys"].kind == "romantic", pairs
    assert pairs["Marisol/Odalys"].modifier == "implied"
    assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Corvin" in k], pairs
    kissed = _pairs(body.replace("Odalys laughed", "Odalys laughed and kissed Marisol, and"))
    assert kissed["Marisol/Odalys"].modifier is None, kissed


def test_two_asked_whether_they_are_together_are_an_implied_couple():
    """'"Are you two, like, a thing?" Pilar asked': the two others of the scene, implied; a
    question that asks nothing of the kind ("are you two done yet?") is nobody's romance."""
    body = (f"Tomasz and Ilse were late to the rehearsal again, and Tomasz carried the "
            f"music for both. {FILLER}\n\n"
            f"Pilar was already on the stage, tuning. She watched Tomasz and Ilse come in. "
            f"{FILLER}\n\n\"Are you two, like, a thing?\" Pilar asked.\n\n"
            f"Tomasz dropped his music. Ilse looked at the ceiling. {FILLER}\n")
    pairs = _pairs(body)
    assert pairs["Ilse/Tomasz"].kind == "romantic", pairs
    assert pairs["Ilse/Tomasz"].modifier == "implied"
    done = _pairs(body.replace("Are you two, like, a thing?", "Are you two done yet?"))
    assert not [k for k, r in done.items() if r.kind == "romantic"], done


def test_two_teased_as_a_couple_by_a_third_are_an_implied_couple():
    """'"If you two start being gross, I'm leaving," Pilar said': a third who finds two
    others' closeness gross, disgusting, embarrassing or sickening sees a couple (implied);
    "you two are the worst" or "you two are late" teases no couple."""
    body = (f"Tomasz and Ilse were on the sofa, sharing one blanket and a bowl of crisps. "
            f"{FILLER}\n\nPilar came in from the hall with her coat on. She watched Tomasz "
            f"and Ilse for a moment. {FILLER}\n\n\"If you two start being gross, I'm "
            f"leaving,\" Pilar said.\n\nTomasz threw a crisp at her. Ilse laughed. {FILLER}\n")
    for word in ("gross", "disgusting", "sickening"):
        pairs = _pairs(body.replace("gross", word))
        assert pairs["Ilse/Tomasz"].kind == "romantic", (word, pairs)
        assert pairs["Ilse/Tomasz"].modifier == "implied", (word, pairs)
    for line in ("If you two are the worst, I'm leaving", "If you two are late, I'm leaving"):
        other = _pairs(body.replace("If you two start being gross, I'm leaving", line))
        assert not [k for k, r in other.items() if r.kind == "romantic"], (line, other)


def test_a_love_a_third_tells_of_two_others_is_an_implied_couple():
    """'"Bartek? He's been in love with her since school," Pilar said': a line telling the
    love of two others (he and her, neither the speaker nor the one spoken to) is what
    others say of them: an implied couple; "I'm in love with her" stays the speaker's."""
    body = (f"Bartek came in with the milk, put it down and went out again. He forgot his "
            f"scarf. {FILLER}\n\nIlse watched him go. She sighed. Ilse went back to her book, "
            f"and she read the same page twice. {FILLER}\n\nTomasz looked up from the "
            f"stove. \"Does he know?\" he asked.\n\n"
            f"\"Bartek? He's been in love with her since school,\" Pilar said. \"Everyone "
            f"can see it.\"\n\nTomasz laughed and stirred the soup. {FILLER}\n")
    pairs = _pairs(body)
    assert pairs["Bartek/Ilse"].kind == "romantic", pairs
    assert pairs["Bartek/Ilse"].modifier == "implied", pairs
    assert not [k for k, r in pairs.items() if r.kind == "romantic" and "Pilar" in k], pairs


def test_a_kiss_told_by_the_kissers_name_and_the_others_pronoun_is_a_kiss():
    """"Tomasz's mouth on his": fans write the kiss with one of the two named by a possessive
    as often as by a pronoun; a possessive mouth on another's hand is no kiss on the mouth."""
    body = (f"Bartek waited by the bus shelter in the snow. {FILLER}\n\n"
            f"\"You're late,\" Bartek said, and Tomasz shrugged. {FILLER}\n\n"
            "Then Tomasz stepped in close, and there was Tomasz's mouth on his, cold and "
            "quick, and Bartek forgot the bus entirely.\n")
    rel = _pairs(body).get("Bartek/Tomasz")
    assert rel is not None and rel.kind == "romantic" and "mouth on his" in (rel.evidence or "")
    body = (f"Bartek waited by the bus shelter in the snow. {FILLER}\n\n"
            f"\"You're late,\" Bartek said, and Tomasz shrugged. {FILLER}\n\n"
            "Then Tomasz bowed, and Tomasz's mouth on his sleeve was a joke, nothing more, "
            "and Bartek forgot the bus entirely.\n")
    assert "Bartek/Tomasz" not in _pairs(body)


# --- who a love is for (task 15onesided) -------------------------------------------------

def test_she_loved_her_is_for_no_man_of_unknown_gender_named_elsewhere():
    """"She had loved her." of a housekeeper: the "her" is the dead mistress the scene lacks,
    not the master of no told gender named in another paragraph."""
    body = (f"Hesper kept the keys of the east wing. She kept them on a ring at her belt. "
            f"{FILLER}\n\n"
            f"Corvin was in town until Friday. {FILLER}\n\n"
            f"Hesper stood at the window of the locked room. She had loved her. Not as a "
            f"servant loves a mistress. {FILLER}\n\n"
            f"Corvin came home on Friday. {FILLER}\n")
    assert not [k for k, r in _pairs(body).items() if r.kind == "romantic"]


def test_she_kissed_her_of_a_woman_named_in_the_paragraph_is_theirs():
    # the one of unknown gender named in the kiss's own paragraph is still the one kissed
    body = (f"Brisa sat on the dock. She had her feet in the lake. {FILLER}\n\n"
            "\"Cold,\" said Brisa. She laughed at herself.\n\n"
            f"\"Not very,\" said Wren. {FILLER}\n\n"
            "Wren tried to let go of her hand. Brisa didn't let her. Instead she leaned in "
            "and kissed her, quick and soft, right on the mouth.\n")
    pairs = _pairs(body)
    assert "Brisa/Wren" in pairs and pairs["Brisa/Wren"].kind == "romantic", pairs


class _Person:
    """A character as the knowledge lists one."""

    def __init__(self, name: str, gender: str) -> None:
        self.name, self.fandom, self.gender = name, "A Small Fandom", gender
        self.aliases: tuple[str, ...] = ()
        self.nicknames: tuple[str, ...] = ()


class _ShipFiles:
    """A knowledge holding three people and one canonical couple, Mara Vell/Ilse Orn."""

    def characters_in(self, fandoms):
        return [_Person("Mara Vell", "f"), _Person("Ilse Orn", "f"), _Person("Tobin Reed", "m")]

    def ships_of(self, members, fandoms=()):
        couple = ["Ilse Orn", "Mara Vell"]
        return [Relationship(("Ilse Orn", "Mara Vell"), "romantic")] \
            if sorted(members) == couple else []


def _shipped_pairs(remembered: str) -> dict[str, object]:
    body = (f"Mara Vell opened the shop at seven, as she always did. {FILLER}\n\n"
            f"Tobin Reed came in with the post. \"Cold out,\" he said. Mara nodded. {FILLER}\n\n"
            f"{remembered}\n\n"
            f"Mara drank her tea while Tobin read the paper aloud. {FILLER}\n")
    return _pairs_read(body, _ShipFiles())


def _pairs_read(body: str, files) -> dict[str, object]:
    """The relationships a plain story of "A Small Fandom" is read to hold, by label, with
    `files` standing in for the knowledge."""
    story = Story(format="plain", body=body, fandoms=["A Small Fandom"])
    story.count_words()
    understand(story, files)
    return {r.key.label: r for r in story.relationships}


def test_a_canonical_partner_only_remembered_with_love_is_a_past_romance():
    """A partner the text names only in grief ("had died two winters ago") where love or a
    bed is told is the knowledge's couple, over; the same grief with no love told (a friend
    or a parent is grieved too) is no couple."""
    pairs = _shipped_pairs("The blue mug had been Ilse Orn's. Mara still slept on her own side "
                         "of the bed, and some nights she reached for the woman who had died "
                         "two winters ago.")
    assert pairs["Ilse Orn/Mara Vell"].kind == "romantic"
    assert pairs["Ilse Orn/Mara Vell"].modifier == "past"
    friend = _shipped_pairs("The blue mug had been Ilse Orn's. Some mornings Mara still set it "
                          "out for the woman who had died two winters ago.")
    assert "Ilse Orn/Mara Vell" not in friend


class _WedFiles(_ShipFiles):
    """The same knowledge, its couple of one surname: Mara and Ilse Vell (a marriage)."""

    def characters_in(self, fandoms):
        return [_Person("Mara Vell", "f"), _Person("Ilse Vell", "f"), _Person("Tobin Reed", "m")]

    def ships_of(self, members, fandoms=()):
        return [Relationship(("Ilse Vell", "Mara Vell"), "romantic")] \
            if sorted(members) == ["Ilse Vell", "Mara Vell"] else []


def test_a_canonical_spouse_of_one_surname_only_remembered_is_a_past_romance():
    """Grief with no love told ("the woman who had died two winters ago") for a canonical
    partner who shares the griever's surname is their marriage, over (task 17past); the same
    grief for one of another surname stays no couple (the test above)."""
    body = (f"Mara Vell opened the shop at seven, as she always did. {FILLER}\n\n"
            f"Tobin Reed came in with the post. \"Cold out,\" he said. Mara nodded. {FILLER}\n\n"
            "The blue mug had been Ilse Vell's. Some mornings Mara still set it out for the "
            "woman who had died two winters ago.\n\n"
            f"Mara drank her tea while Tobin read the paper aloud. {FILLER}\n")
    story = Story(format="plain", body=body, fandoms=["A Small Fandom"])
    story.count_words()
    understand(story, _WedFiles())
    pairs = {r.key.label: r for r in story.relationships}
    assert pairs["Ilse Vell/Mara Vell"].kind == "romantic"
    assert pairs["Ilse Vell/Mara Vell"].modifier == "past"


def test_a_kin_word_owned_by_a_pronoun_names_a_third_person_not_the_other_of_the_two():
    """'her daughter ... teased by his uncle' in narration: the pronoun owning a kin word may
    be the kin's own (the daughter's uncle), so it shows no one of the pair; a sentence of
    'her son' beside someone named still does."""
    from bot.understanding import events
    from bot.understanding.blocks import Block
    from bot.understanding.local import Local, Recent

    def family(text: str) -> list[tuple[str, str]]:
        block = Block(text, 0, 0, len(text))
        block.written = {"Ilse": "Ilse", "Konrad": "Konrad"}
        local = Local(block, {"Ilse": "f", "Konrad": "m"}, Recent(), {"Ilse", "Konrad"})
        found: list[tuple[str, str]] = []
        events.read_family(local, {"Ilse", "Konrad"}, lambda pair, said: found.append(pair))
        return found

    assert family("Konrad poured the wine and talked of the harvest. Ilse listened. She "
                  "thought of the orchard, and her daughter at the farm being teased by his "
                  "uncle, and the long road home.") == []
    assert family("Ilse looked up at Konrad, her son, and smiled.") \
        == [("Ilse", "Konrad")]


def test_a_kiss_on_a_named_ones_head_is_the_kissers_and_theirs_not_a_later_name():
    """"He kissed the top of Pip's head in passing, and then he came and stood behind Dalia":
    the kiss lands on Pip (the name owning the kissed head, cheek or hand), so it is no
    couple of Pip and Dalia, named later in the sentence; Oren's own touch of Dalia stays
    his."""
    body = (f"Pip was at the table with his porridge. He was nine. Pip kicked the chair. "
            f"{FILLER}\n\nDalia was at the stove. She stirred the pot. Dalia hummed. {FILLER}"
            f"\n\n\"Late again,\" said Dalia. \"Always,\" said Pip. {FILLER}\n\n"
            "Oren came down last, as he always did, yawning. He was wearing a shirt Dalia "
            "had mended. He kissed the top of Pip's head in passing, which made Pip squirm, "
            "and then he came and stood behind Dalia at the stove and rested his chin on her "
            "shoulder. Oren's hand settled for a moment on the small of her back, warm, then "
            "lifted.\n")
    pairs = _pairs(body)
    assert "Dalia/Pip" not in pairs or pairs["Dalia/Pip"].kind != "romantic", pairs
    assert "Dalia/Oren" in pairs and pairs["Dalia/Oren"].kind == "romantic", pairs
    assert pairs["Dalia/Oren"].modifier == "implied", pairs
    later = _pairs(_two_at_table("He turned his head and kissed Dalia's temple, and then, "
                                 "because he was Oren, he stole her toast."))
    assert "Dalia/Oren" in later and later["Dalia/Oren"].modifier is None, later


# --- a love kept secret in a scene of two: one-sided (task 16onesided) ----------------------

def _quay(middle: str) -> str:
    return (f"Tobin mended nets on the quay. Tobin laughed. Ilse walked past. Ilse stopped. "
            f"{FILLER}\n\n{middle}\n\n"
            f"Ilse waved to Tobin from the harbour steps and went on to the market. {FILLER}\n")


def test_a_love_kept_secret_in_a_scene_of_two_is_one_sided():
    for secret in ("Tobin listened to Ilse read the harbour notices aloud. He would never say "
                   "so.",
                   "Ilse sat beside Tobin on the wall until the lamps came on. She never told "
                   "him."):
        pairs = _pairs(_quay(secret))
        assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].kind == "romantic", secret
        assert pairs["Ilse/Tobin"].modifier == "one-sided", secret


def test_a_love_kept_secret_beside_someone_not_the_other_lead_is_no_couple():
    # the leads are Tobin and Ilse; the ferryman shares one scene of two with Tobin: a love
    # kept secret is a lead's for the other lead, not for whoever the scene holds
    leads = ("Tobin and Ilse mended nets on the quay. Ilse laughed at Tobin. Tobin laughed at "
             f"Ilse. Ilse tied her scarf and Tobin lit his pipe. {FILLER * 2}\n\n")
    ferry = ("Tobin rowed Pell the ferryman home across the bay. Pell sang to Tobin the whole "
             "way, and Pell lifted his oar in his two hands and paid in apples. He would never "
             f"say so. {FILLER * 2}\n\n")
    pairs = _pairs(leads * 3 + ferry + leads)
    assert not [k for k, r in pairs.items() if r.kind == "romantic"], pairs


def test_a_secret_said_aloud_of_anyone_or_before_a_comma_is_no_couple():
    for line in ("Tobin listened to Ilse read the notices. \"You would never say so,\" he said.",
                 "Tobin listened to Ilse read the notices. She never told anyone.",
                 "Tobin listened to Ilse read the notices. He would never say so, but he was "
                 "glad of the company.",
                 "Tobin listened to Ilse read the notices, because you never knew."):
        pairs = _pairs(_quay(line))
        assert not [k for k, r in pairs.items() if r.kind == "romantic"], line


def test_a_love_kept_secret_reads_the_one_table_of_its_phrasing():
    """`_SECRET` and `_NEVER` share one table: a phrasing either read knew is read by both."""
    for line in ("Ilse sat beside Tobin on the wall until the lamps came on. She never "
                 "actually told him how she felt.",
                 "Tobin listened to Ilse read the harbour notices aloud. He never actually "
                 "found out."):
        pairs = _pairs(_quay(line))
        assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].modifier == "one-sided", line
    assert relationships._NEVER.match("never ever told her.") is not None


def test_a_love_told_unreturned_in_a_scene_of_two_is_one_sided():
    for line in ("Ilse sat beside Tobin on the wall until the lamps came on. She never told "
                 "him how she felt.",
                 "Ilse sat beside Tobin on the wall until the lamps came on. He didn't love "
                 "her back."):
        pairs = _pairs(_quay(line))
        assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].modifier == "one-sided", line


def test_a_marriage_told_in_passing_is_a_couple_of_its_subject_and_object():
    body = (f"Tamsin ran the ferry office on the quay. {FILLER}\n\n"
            f"Corrie brought the tide tables in at noon. {FILLER}\n\n"
            "Corrie had come to the island for one summer, and Tamsin had married her in "
            "the autumn, in the chapel on the hill.\n\n"
            f"The bell rang for the four o'clock crossing. {FILLER}\n")
    pairs = _pairs(body)
    assert "Corrie/Tamsin" in pairs and pairs["Corrie/Tamsin"].kind == "romantic"


def test_a_marriage_wished_for_or_supposed_is_no_couple():
    for told in ("Tamsin should have married her", "if Tamsin had married her",
                 "Tamsin wished she had married her", "Tamsin nearly married her"):
        body = (f"Tamsin ran the ferry office on the quay. {FILLER}\n\n"
                f"Corrie brought the tide tables in at noon. {FILLER}\n\n"
                f"Corrie had come to the island for one summer, and {told} in "
                "the autumn, the island said.\n\n"
                f"The bell rang for the four o'clock crossing. {FILLER}\n")
        pairs = _pairs(body)
        assert "Corrie/Tamsin" not in pairs or pairs["Corrie/Tamsin"].kind != "romantic", told


def test_a_marriage_a_line_tells_of_two_others_is_their_couple():
    body = (f"Wren sat with Ilsa on the harbour wall. Bram and Tobin were down at the boats, "
            f"mending nets. {FILLER}\n\n"
            f"Bram waved up at them from the slipway. Tobin did not look up. {FILLER}\n\n"
            "\"Bram keeps looking at the boats,\" Wren said. \"He thinks I don't see.\"\n\n"
            "\"He worries,\" said Ilsa.\n\n"
            "\"He worried about Tobin for ten years, and then he married him, and then he "
            "worried about him more,\" Wren said.\n\n"
            f"Later Bram and Tobin came up from the boats with the nets. {FILLER}\n")
    pairs = _pairs(body)
    assert "Bram/Tobin" in pairs and pairs["Bram/Tobin"].kind == "romantic"
    assert "Ilsa/Wren" not in pairs or pairs["Ilsa/Wren"].kind != "romantic"


def test_a_marriage_a_line_only_supposes_is_no_couple():
    body = (f"Wren sat with Ilsa on the harbour wall. Bram and Tobin were down at the boats, "
            f"mending nets. {FILLER}\n\n"
            f"Bram waved up at them from the slipway. Tobin did not look up. {FILLER}\n\n"
            "\"Bram keeps looking at the boats,\" Wren said. \"He thinks I don't see.\"\n\n"
            "\"He worries,\" said Ilsa.\n\n"
            "\"He worried about Tobin for ten years. If he married him, he'd only worry "
            "more,\" Wren said.\n\n"
            f"Later Bram and Tobin came up from the boats with the nets. {FILLER}\n")
    pairs = _pairs(body)
    assert "Bram/Tobin" not in pairs or pairs["Bram/Tobin"].kind != "romantic"


# --- a confession never made: one-sided (task 17onesided) ----------------------------------

def test_a_confession_never_made_is_a_one_sided_love_for_the_other_lead():
    """The beloved need not be in the block: the holder is the pronoun's, the beloved the
    story's other lead."""
    for line in ("That night Tobin sat alone by the stove, writing a song he was never going "
                 "to sing.",
                 "That night Tobin sat alone by the stove and thought of the words he could "
                 "never say.",
                 "That night Tobin sat alone by the stove and burned the letter he had never "
                 "sent."):
        pairs = _pairs(_quay(line))
        assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].kind == "romantic", line
        assert pairs["Ilse/Tobin"].modifier == "one-sided", line


def test_a_confession_never_made_said_aloud_or_any_secret_is_no_couple():
    for line in ("\"A song he was never going to sing,\" Ilse said to the gulls.",
                 "That night Tobin sat alone by the stove and thought of the debt he had never "
                 "told anyone about.",
                 "That night Tobin sat alone by the stove and read over the speech he never "
                 "gave at the council."):
        pairs = _pairs(_quay(line))
        assert not [k for k, r in pairs.items() if r.kind == "romantic"], line


def test_a_confession_never_made_does_not_make_a_mutual_couple_one_sided():
    line = ("Tobin kissed Ilse on the harbour steps, and Ilse kissed him back. That night "
            "Tobin sat alone by the stove and thought of the song he was never going to sing.")
    pairs = _pairs(_quay(line))
    assert "Ilse/Tobin" in pairs and pairs["Ilse/Tobin"].modifier is None, pairs


def test_married_to_a_name_the_cast_lacks_is_nobody_of_the_scene():
    """"She had been married to Hugo a year by then": a marriage told with a name is that
    one's; a Hugo never on stage makes no couple of the two women around the sentence
    (task 17fwrong)."""
    body = (f"Wren kept the accounts at the mill. Wren counted. Wren sighed. {FILLER}\n\n"
            f"Odile came up from the river lodgings. Odile sat by the fire. {FILLER}\n\n"
            "Wren looked at Odile across the table. She had been married to Hugo a year by "
            "then, and she came to the mill with her hands cold and never once complained.\n\n"
            f"\"Tea,\" said Wren, and Odile smiled at Wren. {FILLER}\n")
    pairs = _pairs(body)
    assert "Odile/Wren" not in pairs or pairs["Odile/Wren"].kind != "romantic", pairs
    named = _pairs(body.replace("Hugo", "Wren"))
    assert "Odile/Wren" in named and named["Odile/Wren"].kind == "romantic", named


@pytest.mark.parametrize("told", [
    "She had been married to the finest boatwright on the coast for nine years",
    "She had been engaged to a sailor once, long ago",
    "She was in love with a fisherman from the north shore",
])
def test_married_to_a_description_is_nobody_of_the_scene(told):
    """"married to the most observant man in the military", "engaged to a sailor", "in love
    with my father": a partner told by a description, not a name, is someone the scene does
    not show (a late husband), never the one man standing by (task 17married)."""
    body = (f"Wren kept the accounts at the mill. Wren counted. Wren sighed. {FILLER}\n\n"
            f"Tobias came up from the river lodgings. Tobias sat by the fire. {FILLER}\n\n"
            f"Wren looked at Tobias across the table. {told}, and she came to the mill with "
            "her hands cold and never once complained.\n\n"
            f"\"Tea,\" said Wren, and Tobias smiled at Wren. {FILLER}\n")
    pairs = _pairs(body)
    assert "Tobias/Wren" not in pairs or pairs["Tobias/Wren"].kind != "romantic", pairs


def test_married_to_a_description_is_the_canonical_spouse_the_scene_lacks():
    """"She had been married to the kindest man in Britain": a description, not the man
    standing by, tells a spouse the scene never names: the speaker's canonical partner (the
    knowledge's ships), in the past perfect one gone (task 17married)."""
    body = (f"Andromeda Tonks opened the door to Kingsley Shacklebolt. {FILLER}\n\n"
            f"Kingsley sat in the kitchen and Andromeda made the tea. {FILLER}\n\n"
            "Andromeda looked at Kingsley across the table. She had been married to the kindest "
            "man in Britain for twenty years, and she knew when someone was lying to her.\n\n"
            f"\"Milk?\" said Andromeda, and Kingsley nodded. {FILLER}\n")
    pairs = _known_pairs(body, "Harry Potter - J. K. Rowling")
    assert "Andromeda Tonks/Kingsley Shacklebolt" not in pairs or \
        pairs["Andromeda Tonks/Kingsley Shacklebolt"].kind != "romantic", pairs
    rel = pairs.get("Andromeda Tonks/Ted Tonks")
    assert rel is not None and rel.kind == "romantic" and rel.modifier == "past", pairs


class _CoupleFiles(_ShipFiles):
    """A knowledge of three men, one of them the canonical partner of another: Oren Vale/Cass
    Dunmore (Tobin Reed is nobody's)."""

    def characters_in(self, fandoms):
        return [_Person("Oren Vale", "m"), _Person("Cass Dunmore", "m"),
                _Person("Tobin Reed", "m")]

    def partners_of(self, name, fandoms=()):
        return {"Oren Vale": ["Cass Dunmore"], "Cass Dunmore": ["Oren Vale"]}.get(name, [])


def _unnamed_beloved(act: str) -> dict[str, object]:
    body = ("Old Tobin Reed taught the two of us to mend nets on this shingle, years back, "
            f"and he still walks down at noon to see that we remember. {FILLER}\n\n"
            "\"Oren,\" Tobin Reed says to me, \"mind the tide.\" "
            f"Then Tobin goes home. {FILLER}\n\n"
            "The water is far too cold and he wades in anyway, laughing at me from the "
            f"shallows until I follow him. {FILLER}\n\n"
            f"\"You're turning blue,\" I tell him.\n\n{act}\n")
    return _pairs_read(body, _CoupleFiles())


def test_a_kiss_from_a_he_the_story_never_names_is_the_narrators_canonical_partners():
    """"He kisses me." in a story that never names the beloved: the "he" is the narrator's
    one canonical partner (the knowledge's ships), whom the story never names, not the one
    man of the cast the pronoun fell to; the partner joins the story's people (task 18cast)."""
    pairs = _unnamed_beloved("He kisses me, and his mouth is cold and tastes of salt.")
    assert "Oren Vale/Tobin Reed" not in pairs, pairs
    rel = pairs.get("Cass Dunmore/Oren Vale")
    assert rel is not None and rel.kind == "romantic" and "kisses me" in (rel.evidence or ""), pairs


def test_a_canonical_partner_stands_only_for_one_of_their_gender():
    """The canonical partner takes the place of a pronoun's one only when of their gender, or
    of one whose gender is not told (task 18cast): a "she" placed on the cast's one woman is
    hers, not the narrator's canonical husband's."""
    from bot.understanding.relationships import _unnamed_partners

    def placed(gender):
        inferred = [Relationship(("Oren Vale", "Wenna"), "romantic", stated=False,
                                 evidence="She kisses me, and her mouth is cold.")]
        partners = {"Oren Vale": ["Cass Dunmore"]}
        moved = _unnamed_partners(inferred, {"Oren Vale", "Wenna"},
                                  lambda name: partners.get(name, []), set(),
                                  {"Oren Vale", "Cass Dunmore"},
                                  {"Oren Vale": "m", "Cass Dunmore": "m", "Wenna": gender})
        return moved, inferred[0].members

    assert placed("f") == ([], ("Oren Vale", "Wenna"))
    assert placed(None) == (["Cass Dunmore"], ("Cass Dunmore", "Oren Vale"))


def test_a_kiss_whose_sentence_names_the_one_kissed_stays_theirs():
    """A kiss whose sentence names its two is theirs, whatever partner the knowledge gives
    one of them (task 18cast): the canonical partner stands only for a pronoun."""
    pairs = _unnamed_beloved("Tobin Reed comes back down the shingle and kisses me, once, "
                             "on the mouth.")
    assert "Cass Dunmore/Oren Vale" not in pairs, pairs


class _OneWordFiles(_ShipFiles):
    """The same couple, Mara Vell/Ilse Orn, whose Ilse a story may call by her given name
    alone: the knowledge takes "Ilse" for Ilse Orn only within her fandom, as it does a
    one-word name (`Knowledge.canonical_character`)."""

    def characters_in(self, fandoms):
        return [_Person("Mara Vell", "f"), _Person("Tobin Reed", "m")]

    def ships_of(self, members, fandoms=()):
        names = sorted("Ilse Orn" if m == "Ilse" and "A Small Fandom" in fandoms else m
                       for m in members)
        return [Relationship(("Ilse Orn", "Mara Vell"), "romantic")] \
            if names == ["Ilse Orn", "Mara Vell"] else []


@pytest.mark.parametrize("fandoms, found", [(["A Small Fandom"], True),
                                            (["Another Fandom"], False), ([], False)])
def test_a_one_word_name_finds_its_known_ship_only_in_a_story_of_its_fandom(fandoms, found):
    """The knowledge's ships are looked up with the story's fandoms: a partner remembered
    with love as "Ilse" is the couple's Ilse Orn in a story of their fandom, and nobody's
    in a story of another fandom or of none."""
    body = (f"Mara Vell opened the shop at seven, as she always did. {FILLER}\n\n"
            f"Tobin Reed came in with the post. \"Cold out,\" he said. Mara nodded. {FILLER}\n\n"
            "The blue mug had been Ilse's. Mara still slept on her own side of the bed, and "
            "some nights she reached for Ilse, who had died two winters ago.\n\n"
            f"Mara drank her tea while Tobin read the paper aloud. {FILLER}\n")
    story = Story(format="plain", body=body, fandoms=fandoms)
    story.count_words()
    understand(story, _OneWordFiles())
    romances = [r for r in story.relationships if r.kind == "romantic"]
    assert bool(romances) == found, romances
    if found:
        assert set(romances[0].members) == {"Ilse", "Mara Vell"}
        assert romances[0].modifier == "past"


# --- past loves (task 20past) -----------------------------------------------------------------

class _QuayFiles(_ShipFiles):
    """Three people of "A Small Fandom" and no ships."""

    def characters_in(self, fandoms):
        return [_Person("Ilse Maren", "f"), _Person("Otto Brandt", "m"),
                _Person("Tobin Reed", "m")]

    def ships_of(self, members, fandoms=()):
        return []


def test_a_woman_told_to_bear_a_mans_surname_as_mrs_is_his_wife():
    """"Ilse, who was Mrs. Brandt now", "she was Mrs Brandt": a married name tells whose wife
    she is, the one man of the cast of that surname; "it was Mrs Brandt at the door" names
    a woman, not a marriage of anyone the text names."""
    def read(line: str) -> dict[str, object]:
        body = (f"Ilse Maren ran the ferry office on the quay. Ilse laughed at the gulls. "
                f"{FILLER}\n\nOtto Brandt mended the engine. Otto swore at it. Tobin Reed "
                f"watched him. {FILLER}\n\n{line}\n\n"
                f"Tobin and Otto carried the crates up the ramp. {FILLER}\n")
        return _pairs_read(body, _QuayFiles())

    named = read("Nobody on the quay could believe that Ilse, who was Mrs. Brandt now, still "
                 "sold the tickets herself.")
    assert named["Ilse Maren/Otto Brandt"].kind == "romantic", named
    told = read("Ilse came back in the spring. By then she was Mrs Brandt, and the quay had "
                "to get used to it.")
    assert told["Ilse Maren/Otto Brandt"].kind == "romantic", told
    door = read("Ilse heard a knock. It was Mrs Brandt at the door, asking after the "
                "timetable.")
    assert "Ilse Maren/Otto Brandt" not in door, door


def test_one_bed_shared_by_its_sides_or_its_covers_is_a_couples():
    covers = _pairs(f"Tamsin came up the attic stairs after Corwen. {FILLER}\n\n"
                    "\"Five more minutes,\" Corwen said, and Tamsin drew the quilt up over both "
                    "their heads.\n")
    assert covers["Corwen/Tamsin"].kind == "romantic"
    sides = _pairs(f"Ilka woke before the gulls, and Bram did not. {FILLER}\n\n"
                   "\"Tea,\" Bram said, and Ilka laughed at him from her side of the bed.\n")
    assert sides["Bram/Ilka"].kind == "romantic"
    # a bed in other words is what friends and kin share too
    friends = _pairs(f"Tamsin came up the attic stairs after Corwen. {FILLER}\n\n"
                     "\"Five more minutes,\" Corwen said, and Tamsin sat down on the edge of the "
                     "bed beside him.\n")
    assert "Corwen/Tamsin" not in friends or friends["Corwen/Tamsin"].kind != "romantic"


def test_an_act_word_in_a_things_capitalised_name_is_no_act():
    body = (f"Maren and Oskar unpacked the cart. {FILLER}\n\n"
            f"Maren sewed a quilt in the pattern called Wedding Ring for Oskar. {FILLER}\n\n"
            "Oskar laid it on the bench and Maren smiled at him.\n")
    pairs = _pairs(body)
    assert "Maren/Oskar" not in pairs or pairs["Maren/Oskar"].kind != "romantic"
    # the same words as an act are one
    act = _pairs(body.replace("in the pattern called Wedding Ring for Oskar", "for Oskar on "
                              "their wedding day"))
    assert act["Maren/Oskar"].kind == "romantic"


def test_a_bed_alone_makes_no_block_worth_the_romance_checks():
    """A bed's words are read for the bed act only (20cpu3): a block with no other cue is read
    when it may tell one ("side of the bed", covers " over "), and skipped otherwise."""
    from bot.understanding.blocks import Block

    def read(text: str) -> bool:
        return relationships._bed_shared(Block(text, 0, 0, len(text)))
    assert read("Tamsin curled up on her side of the bed.")
    assert read("Corwen pulled the duvet over both of them.")
    assert not read("Tamsin sat on the bed and laced her boots.")
    assert not relationships._BED.isdisjoint({b"Sheets"})
    assert relationships._CUE_READ.isdisjoint(relationships._BED)
