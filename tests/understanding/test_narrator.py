"""A first-person narrator's couple: "I" is the one the others call by name (or the header
lists), so "my husband", "he kissed me" and "I kissed her" land on that person."""

from __future__ import annotations

from bot.story import Character, Story
from bot.understanding import understand
from tests.understanding.test_events import FILLER, NoFiles


def _romances(body: str, stated: tuple[str, ...] = ()) -> dict[str, object]:
    story = Story(format="plain", body=body, fandoms=["A Fandom Nobody Knows"],
                  characters=[Character(name) for name in stated])
    story.count_words()
    understand(story, NoFiles())
    return {r.key.label: r for r in story.relationships if r.kind == "romantic"}


# Told by Maren, whom nobody narrates by name: Oskar calls her "Maren" twice.
MAREN = (
    f"I found the lighthouse door open when I came up from the harbour, and I climbed, and "
    f"I stopped halfway to breathe. {FILLER}\n\n"
    f"Oskar was at the top of the stairs with the lamp in pieces around him. {FILLER}\n\n"
    "\"Maren,\" Oskar said, without looking up. \"Hand me the small spanner.\"\n\n"
    f"I handed him the small spanner. I know better than to talk to him when he is like this. "
    f"{FILLER}\n\n"
    "\"It's late, Maren.\"\n\n"
    f"\"It is,\" I said. Then he put the spanner down, and stood, and kissed me. {FILLER}\n")


def test_he_kissed_me_is_the_narrator_called_by_name_and_the_one_narrated():
    pairs = _romances(MAREN)
    assert "Maren/Oskar" in pairs
    assert "kissed me" in pairs["Maren/Oskar"].evidence


def test_my_husband_in_narration_is_the_narrator_named_only_by_the_header():
    body = (f"I have been at the station since six, and I will be here until I am told I "
            f"can go. {FILLER}\n\n"
            f"My husband came in at noon with soup, and Tobias set it on the desk. {FILLER}\n\n"
            f"Tobias stayed until the news, and then he went home, and so did I. {FILLER}\n")
    pairs = _romances(body, stated=("Cecily", "Tobias"))
    assert "Cecily/Tobias" in pairs
    assert "My husband" in pairs["Cecily/Tobias"].evidence


def test_no_narrator_no_couple_for_i_when_nobody_names_them():
    # the same story with every "Maren" cut: "I" is nobody the text names, and "he kissed
    # me" is no pair of the cast (Oskar alone)
    pairs = _romances(MAREN.replace("Maren,\" Oskar said", "Hey,\" Oskar said")
                      .replace(", Maren.", "."))
    assert not pairs


def test_a_letter_in_a_third_person_story_gives_no_narrator():
    body = (f"Ilse read the letter by the window. {FILLER}\n\n"
            "It said: I am well. I miss the sea. My husband sends his love.\n\n"
            f"Ilse folded it and gave it to Oskar, who read it twice. {FILLER}\n\n"
            f"Oskar put it in the drawer with the others, and Ilse went out. {FILLER}\n")
    assert not _romances(body)


def test_a_greeting_names_the_narrator_and_we_married_is_theirs():
    # both are in the header: only "You're Lena" and "Hey Lena" tell which one "I" is
    body = (f"I met Jonah on the stairs the night the power went out, and I was glad of the "
            f"torch he carried. {FILLER}\n\n"
            "\"You're Lena, right?\" Jonah said. \"From 4B.\"\n\n"
            f"\"That's me.\" I held up the dead matches, and I laughed. {FILLER}\n\n"
            "\"Hey Lena. Take the torch.\"\n\n"
            f"Three years later Jonah and I married at the courthouse on a Tuesday. {FILLER}\n")
    pairs = _romances(body, stated=("Jonah", "Lena"))
    assert "Jonah/Lena" in pairs
    assert "married" in pairs["Jonah/Lena"].evidence


def test_the_header_names_the_narrator_the_others_only_speak_of():
    body = (f"I sat in the car for a long time before I went in, and I watched the doors. "
            f"{FILLER}\n\n"
            "\"Ruth's driving me home,\" Ana told the nurse, and the nurse waved.\n\n"
            f"Ana got in, and at home she kissed me, and went to bed. {FILLER}\n\n"
            f"Ana found me in the kitchen an hour later, and I went up. {FILLER}\n")
    pairs = _romances(body, stated=("Ana", "Ruth"))
    assert "Ana/Ruth" in pairs


def test_a_narrator_the_cast_lacks_is_named_by_the_one_line_calling_them():
    # Wren is called once, opening Iris's line, and never narrated: "I" is Wren, and "my
    # wife" is Iris    # (the narrator's own line calling "Iris" names someone else)
    body = (f"I came home late, the way I always do in March, and I left my boots by the "
            f"door. {FILLER}\n\n"
            f"Iris was at the stove with her back to me. My wife never turns round when she "
            f"is cross. {FILLER}\n\n"
            "\"Wren, you're late,\" Iris said, though she had waited up.\n\n"
            f"\"I'm sorry, Iris,\" I said, and I kissed her on the back of the neck. {FILLER}\n")
    story = Story(format="plain", body=body, fandoms=["A Fandom Nobody Knows"])
    story.count_words()
    understand(story, NoFiles())
    assert "Wren" in [c.name for c in story.characters]
    pairs = {r.key.label: r for r in story.relationships if r.kind == "romantic"}
    assert "Iris/Wren" in pairs


def test_a_short_form_called_is_the_narrated_one_not_the_narrator():
    # "Laur" is called by the narrator, "Laura" narrated: the one called "Clint" tells it
    body = (f"I sat on the milk crate by the rain barrel, and I did not go in. {FILLER}\n\n"
            f"Laura came down the steps with a bowl of water. {FILLER}\n\n"
            "\"You're kneeling in mud, Laur.\"\n\n"
            f"\"Clint,\" she said, and I let her take my hand. {FILLER}\n")
    story = Story(format="plain", body=body, fandoms=["A Fandom Nobody Knows"])
    story.count_words()
    understand(story, NoFiles())
    assert "Clint" in [c.name for c in story.characters]


def test_my_wife_before_anyone_is_named_is_the_one_of_the_cast_who_can_be_a_wife():
    # Jory tells it and is named once by a call; "My wife" opens the story before any name,
    # and of the cast only Tamsin can be a wife (Aunt Bea is kin)
    body = (f"My wife has a rule about the porch, which is that I'm not allowed to sit on it "
            f"and bleed. I sit on the crate by the barrel instead. {FILLER}{FILLER}{FILLER}\n\n"
            "\"Hold still,\" said Tamsin, kneeling in the dirt with a bowl of water.\n\n"
            f"\"Jory,\" she said after a while, and I let her take my hand. {FILLER}\n\n"
            f"{FILLER}\n\n* * *\n\nAunt Bea phoned at ten the next day, and I did not pick up.\n")
    pairs = _romances(body)
    assert "Jory/Tamsin" in pairs
    assert "My wife" in pairs["Jory/Tamsin"].evidence


def test_my_husband_is_the_one_of_the_cast_the_text_tells_is_a_man():
    # "my husband" in a block naming no one: Mr Hale is a man, Cass is not told to be
    # either, so the husband is Mr Hale
    body = (f"The bells ring six, and my husband does not hear them, because he is already up "
            f"and in the workshop with the door shut. I lie and listen, and I count, and I do "
            f"not get up. {FILLER}{FILLER}"
            f"{FILLER}\n\n"
            f"Mr Hale came up at seven with two cups and set one by the bed. {FILLER}\n\n"
            "\"Morning, Mara,\" said Mr Hale, and I took the cup.\n\n"
            f"\"The workshop is mine today,\" said Cass from the door, and went. {FILLER}\n")
    pairs = _romances(body)
    assert "Hale/Mara" in pairs or "Mara/Mr Hale" in pairs


def test_a_name_the_narrator_calls_is_not_the_narrators_and_a_call_may_be_two_words():
    from bot.understanding.blocks import Block
    from bot.understanding.narrator import calls

    block = Block('"Taako," I say.\n"Krav," says the lump.\n"Wei Ying."', 0, 0, 0)
    assert calls(block, "Taako") == 1 and calls(block, "Taako", by_others=True) == 0
    assert calls(block, "Krav", by_others=True) == 1
    assert calls(block, "Wei", by_others=True) == 1  # "Wei Ying." calls Wei Ying


# Told by Wei Ying, whom Lan Zhan calls by both his names; the narrator's own line calls Lan
# Zhan by a title, which is not a call of the narrator.
RADISHES = (
    f"I planted the radishes myself, and Lan Zhan watched me do it. I knelt in the mud all "
    f"afternoon, and I put forty seeds in forty holes, and I was proud of them. {FILLER}\n\n"
    "\"Wei Ying.\"\n\n"
    f"\"Don't. I'm grieving.\" {FILLER}\n\n"
    "I rolled my head to look at him. \"Chief Cultivator, surely you can put a rabbit on "
    "trial.\"\n\n"
    f"\"No,\" said Lan Zhan. {FILLER}\n\n"
    "\"Mn,\" said my husband, and kissed the top of my head, and went back to his work.\n")


def test_my_husband_of_a_narrator_called_by_two_names_is_the_one_who_calls_him():
    from bot.knowledge import Knowledge

    story = Story(format="plain", body=RADISHES, fandoms=["Mo Dao Zu Shi - Mo Xiang Tong Xiu"])
    story.count_words()
    understand(story, Knowledge.default())
    pairs = {r.key.label for r in story.relationships if r.kind == "romantic"}
    assert "Lan Zhan | Lan Wangji/Wei Ying | Wei Wuxian" in pairs


# Told in the present by Zoe, whose husband is "the lump" and "he", called "Wash" by her; a
# memory told in the past names a wedding guest, Mal.
NOW = ("The rain keeps on against the window while the kettle works itself up to a whistle, "
       "and for a while nobody in the small room says anything at all. ")
ANNIVERSARY = (
    f"My husband is asleep at noon, and I am not. I say this with love. {NOW}\n\n"
    "\"Wash,\" I say.\n\n"
    f"The lump says something that might be a swear. {NOW}\n\n"
    "When we got married it was June, and it rained on half the guests, and he said he had "
    "done that on purpose. Mal cried. Mal was a great one for crying at weddings.\n\n"
    "\"Zoe,\" says the lump, smaller.\n\n"
    f"\"Happy anniversary,\" he says, muffled. {NOW}\n\n"
    "\"I love you,\" I say.\n")


def test_a_present_tense_scene_keeps_its_he_past_a_memory_of_someone_else():
    from bot.knowledge import Knowledge

    story = Story(format="plain", body=ANNIVERSARY, fandoms=["Firefly"])
    story.count_words()
    understand(story, Knowledge.default())
    pairs = {r.key.label: r for r in story.relationships if r.kind == "romantic"}
    assert "Hoban Washburne/Zoe Washburne" in pairs
    assert "I love you" in pairs["Hoban Washburne/Zoe Washburne"].evidence
    assert not [label for label in pairs if "Malcolm" in label]
    # the memory a block of its own: its people do not take the next block's "he"
    me = ("I sit on the edge of the bed and I unlace my boots, and I listen to him breathe, "
          "and I do not hurry. ")
    apart = ANNIVERSARY.replace("weddings.\n\n", f"weddings.\n\n{me}{me}{me}\n\n")
    story = Story(format="plain", body=apart, fandoms=["Firefly"])
    story.count_words()
    understand(story, Knowledge.default())
    pairs = {r.key.label: r for r in story.relationships if r.kind == "romantic"}
    assert list(pairs) == ["Hoban Washburne/Zoe Washburne"]


def test_my_name_is_names_the_narrator_though_it_writes_the_name_in_narration():
    # "My name is Noor Haddad." is the only place the narration writes Noor: that is "I"
    # naming themselves, not Noor narrated, so "Idris kissed me" is Idris and Noor
    body = (f"My name is Noor Haddad. I keep the light on the north pier, and I have kept it "
            f"for eleven winters. {FILLER}\n\n"
            f"Idris came up the stairs at midnight with the oil, and I let him in. {FILLER}\n\n"
            "\"It's cold,\" Idris said.\n\n"
            f"Then Idris kissed me, and I let the lamp burn down. {FILLER}\n")
    pairs = _romances(body)
    assert "Idris/Noor" in pairs


def test_call_me_in_the_narrators_own_line_names_the_narrator():
    # Sela is spoken of by Jonah and calls herself "Sela" in a line no one else's "said"
    # follows; "Please, call me Bram," he said names Bram, who is narrated: not the narrator
    body = (f"I met Jonah's brother at the door, and I was glad of the fire behind him. "
            f"{FILLER}\n\n"
            "\"Please, call me Bram,\" he said. \"Jonah talks about Sela all the time.\"\n\n"
            "\"You can call me Sela, you know. Everyone does.\"\n\n"
            f"Bram laughed and went in. {FILLER}\n\n"
            f"Jonah found me on the stairs and kissed me, and I laughed. {FILLER}\n")
    pairs = _romances(body)
    assert "Jonah/Sela" in pairs


def test_a_call_closing_a_paragraph_is_not_the_narrators_though_the_next_opens_with_i():
    # Aksel calls "Tove" at the end of his paragraph; the next paragraph's "I play" is no
    # speech tag of "I" (which would make the call the narrator's own, of someone else)
    body = (f"I came in late, and I set up my board by the window, and I did not look over. "
            f"{FILLER}\n\n"
            "\"Tove always plays it here,\" Aksel tells the room. \"Tove never sees it.\"\n\n"
            "Aksel plays a stone, and then he looks up at me and he says, \"Your move, Tove.\"\n"
            f"I play. My hands are steady. {FILLER}\n\n"
            f"Afterwards Aksel walked me to the station and kissed me under the clock. {FILLER}\n")
    pairs = _romances(body)
    assert "Aksel/Tove" in pairs


def test_an_untagged_reply_to_her_line_is_the_narrators_and_calls_her():
    # "I" answers a line she speaks, calling her by a nickname: the nickname is hers; the
    # one who calls "I" by name ("Rook") is another
    body = ("I remember her in this room, on that stool, with a printout. I remember that I "
            "talked and I paced and I got it wrong.\n\n"
            "\"Your theory,\" she said, \"is a mess.\"\n\n"
            "\"It's your theory, Tina.\"\n\n"
            "Petra laughed at that, once, and I remember the laugh. I think I will always "
            "remember it.\n\n"
            "\"Come on, Rook,\" Petra said. \"Dinner.\" I went, because I always went.\n\n"
            "I remember, at the very end, that she kissed me, and that it was the best thing "
            "that ever happened to me.\n")
    pairs = _romances(body)
    assert "Petra/Tina" not in pairs, pairs
    assert "Petra/Rook" in pairs, pairs


def test_the_teller_never_pairs_with_the_one_she_calls_mom():
    """"Mom says the house is only damp ... and I love her, I do": "Mom" named by a kin word
    alone is the teller's mother, never her couple (task 17fwrong)."""
    body = (f"I came down the stairs in my socks and the kitchen was cold. {FILLER}\n\n"
            "Mom says the cellar is only damp and old houses creak and that is all. She says "
            "it in her tired voice, and I love her, I do, but she did not hear it. "
            f"{FILLER}\n\n"
            "\"Petra,\" Mom said from the sink. \"Shoes.\"\n\n"
            f"I went back up for my shoes. {FILLER}\n")
    pairs = _romances(body)
    assert "Mom/Petra" not in pairs, pairs


def test_a_word_that_opens_sentences_is_not_the_name_the_narrator_is_called():
    from bot.understanding.blocks import read
    from bot.understanding.narrator import addressed

    body = ("I sat on the step while Teodor smoked. \"Anyway,\" he says. \"It's late.\"\n\n"
            "\"Anyway,\" I say back, and he laughs at me.\n\n"
            "\"Anyway,\" says Teodor again, and goes in.\n")
    blocks, _factor = read(body)
    assert addressed(blocks, ["Teodor"], body) is None
