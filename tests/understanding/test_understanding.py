"""Understanding on crafted stories and the two seeds, with fandom data read from data/fandoms.

A small stand-in exposes the one knowledge call `understand` makes (`characters_in`) plus
`ships_of`, read straight from the TOML files, so these tests do not depend on how
bot.knowledge indexes them.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.parsers import parse_bytes
from bot.story import Character, Relationship, Story
from bot.understanding import MOODS, understand
from bot.understanding.blocks import read, split_blocks, token_count, tokenise
from bot.understanding.moods import tag_moods

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
BTVS = "Buffy the Vampire Slayer"


@dataclass(frozen=True)
class Info:
    name: str
    fandom: str
    aliases: tuple[str, ...]
    nicknames: tuple[str, ...]
    gender: str | None


@dataclass(frozen=True)
class Cast:
    """A character as build_table reads one, for a table made by hand."""
    name: str
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    gender: str = "m"


class FandomFiles:
    def __init__(self) -> None:
        self.fandoms = {}
        for path in (ROOT / "data" / "fandoms").glob("*.toml"):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            self.fandoms[data["name"]] = data

    def characters_in(self, fandoms):
        return [Info(c["name"], f, tuple(c.get("aliases", ())), tuple(c.get("nicknames", ())),
                     c.get("gender"))
                for f in fandoms for c in self.fandoms.get(f, {}).get("characters", [])
                if not c.get("guest")]

    def ships_of(self, members, fandoms=()):
        return [Relationship(tuple(s["members"]), s.get("kind", "romantic"))
                for d in self.fandoms.values() for s in d.get("ships", [])
                if sorted(s["members"]) == sorted(members)]


@pytest.fixture(scope="module")
def knowledge():
    files = FandomFiles()
    if BTVS not in files.fandoms:
        pytest.skip("Buffy fandom file not present")
    return files


def _story(body: str, **fields) -> Story:
    story = Story(format="plain", body=body, fandoms=[BTVS], **fields)
    story.count_words()
    return story


def _seed(name: str, knowledge) -> Story:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip("seed stories not available")
    story = parse_bytes(path.read_bytes(), name)
    story.fandoms = [BTVS] if not story.fandoms else [BTVS, "Angel: the Series"]
    understand(story, knowledge)
    return story


def test_names_nicknames_and_possessives_are_counted(knowledge):
    story = _story("Spike's coat hung on the door. Willow looked up.\n\n"
                   '"How are you holding up, Red?" Spike asked. Dru was not there.')
    understand(story, knowledge)
    counts = {c.name: c.mentions for c in story.characters}
    assert counts["Spike"] == 2
    assert counts["Willow Rosenberg"] == 2  # "Willow" and ", Red?"
    assert counts["Drusilla"] == 1
    assert all(not c.stated for c in story.characters)
    assert max(c.prominence for c in story.characters) == 1.0


def test_nickname_that_is_an_ordinary_word_needs_a_mid_sentence_place(knowledge):
    story = _story("Red paint covered the wall. Will you help? Buffy sighed and picked up "
                   "a brush, and the brush was red.")
    understand(story, knowledge)
    assert "Willow Rosenberg" not in story.character_names
    assert "Buffy Summers" in story.character_names


def test_stated_characters_keep_their_place_and_get_counts(knowledge):
    story = _story("Giles cleaned his glasses. Giles sighed. Xander laughed.",
                   characters=[Character("Xander Harris")])
    understand(story, knowledge)
    assert story.characters[0].name == "Xander Harris" and story.characters[0].stated
    assert story.characters[0].mentions == 1
    assert {"Rupert Giles", "Xander Harris"} <= set(story.character_names)


def test_romance_inferred_from_a_kiss_with_pronoun_agreement(knowledge):
    body = ("Tara came home late with rain in her hair. Willow was waiting on the couch, "
            "a blanket over her knees and a book she had not read a page of.\n\n"
            "Tara sat down beside her and took her hand. Willow leaned in and kissed her, "
            "slow and sure, and Tara laughed against her mouth. They sat like that for a "
            "long while, listening to the rain on the roof of the little house.")
    story = _story(body)
    understand(story, knowledge)
    inferred = [r for r in story.relationships if not r.stated]
    assert [r.key.label for r in inferred] == ["Tara Maclay/Willow Rosenberg"]
    assert 0 < inferred[0].confidence < 1


def test_stated_relationship_stays_first_and_is_not_outranked(knowledge):
    stated = Relationship(("Buffy Summers", "Spike"))
    story = _story("Buffy kissed Spike in the rain outside the Bronze. Xander watched them "
                   "and grinned, and Buffy kissed him again.", relationships=[stated])
    understand(story, knowledge)
    assert story.relationships[0] is stated
    assert all(r.confidence < 1 for r in story.relationships[1:])


def test_platonic_pair_of_leads_without_romance(knowledge):
    scene = ("Dawn gripped the wheel. Spike, in the passenger seat, told her to mind the "
             "mailbox. Dawn missed it by an inch and Spike swore, and then they both laughed "
             "so hard that the car stalled in the middle of the empty parking lot.\n\n")
    story = _story(scene * 3)
    understand(story, knowledge)
    assert [r.key.label for r in story.relationships] == ["Dawn Summers & Spike"]


def test_all_moods_scored_and_stated_tags_win():
    assert set(tag_moods(["Sad Ending"])) == {"angst"}
    assert tag_moods(["Hurt/Comfort"]) == {"hurt-comfort": 1.0}
    assert tag_moods(["crack treated seriously"])["humor"] > 0.8
    story = _story("They laughed and joked all night.", tags=["Angst"])
    understand(story, FandomFiles())
    assert set(story.moods) == set(MOODS)
    assert all(0 <= v <= 1 for v in story.moods.values())
    assert max(story.moods, key=story.moods.get) == "angst"


def test_a_names_uses_in_a_block_are_counted_as_whole_tokens_side_by_side_too():
    """token_count counts in C; uses side by side ("Harry Harry") share a space there."""
    [block] = split_blocks('"Harry Harry!" Harry\'s owl. Harrying Harry, then Harry Harry Harry.')
    assert token_count(block, b"Harry") == block.tokens.count(b"Harry") == 6
    [block] = split_blocks("Ron and Harry met Ron's sister; Ron left, Ron.")
    assert token_count(block, b"Ron") == 3 and token_count(block, b"Harry") == 1


def test_blocks_skip_notes_and_scene_breaks():
    blocks = split_blocks("A/N: thanks for reading!\n\n---\n\nIt was late. " * 1 + "x " * 200)
    assert all("A/N" not in b.text for b in blocks)
    assert all(b.text.strip() != "---" for b in blocks)


def test_seed_000_pairings_leads_and_mood(knowledge):
    story = _seed("000_249ac26c44cd4879.txt", knowledge)
    rels = {r.key.label: r for r in story.relationships}
    assert rels["Tara Maclay/Willow Rosenberg"].modifier is None
    assert rels["Buffy Summers/Spike"].modifier == "one-sided"
    assert all(not r.stated and r.confidence < 1 for r in rels.values())
    leads = {c.name for c in story.characters if c.prominence >= 0.5}
    assert {"Spike", "Willow Rosenberg", "Tara Maclay", "Buffy Summers"} <= leads
    assert max(story.moods, key=story.moods.get) == "angst"
    assert 4 <= len(story.passages) <= 8
    for passage in story.passages:
        assert 200 <= len(" ".join(passage.text.split())) <= 600, passage.text
        assert "Disclaimer" not in passage.text and passage.text.strip() != "---"
        assert passage.text.rstrip("…") == story.body[passage.start:passage.end]
    assert any(p.mood == "angst" for p in story.passages)
    assert any("Willow Rosenberg" in p.characters for p in story.passages)


def test_seed_003_keeps_stated_pairings_and_is_angst(knowledge):
    story = _seed("003_2d0561438f38f227.txt", knowledge)
    assert all(r.stated for r in story.relationships[:2])
    assert max(story.moods, key=story.moods.get) == "angst"
    assert any("through" in p.text and "wall" in p.text for p in story.passages)


def test_cost_per_3000_word_story(knowledge):
    """A bounded sample of the text, one tokenising pass and lookups (CPU time printed)."""
    paragraph = ("Spike watched Willow across the crowded room of the Bronze. She laughed at "
                 "something Xander said, and he loved her for it, though she would never love "
                 "him. \"How you holding up, Red?\" he asked. Tara kissed her cheek and Buffy "
                 "rolled her eyes, tired and sad and alone in the noise. ")
    body = "\n\n".join([paragraph] * 60 + ["---"] + [paragraph] * 20)
    body = " ".join(body.split(" ")[:3000])
    understand(_story(body), knowledge)  # warm the name table cache
    runs = 30
    start = time.process_time()  # CPU time: other load on the machine barely moves it
    for _ in range(runs):
        understand(_story(body), knowledge)
    micros = (time.process_time() - start) / runs * 1e6
    print(f"\nunderstand: {micros:.0f} µs CPU per 3,000-word story ({len(body)} chars)")
    assert micros < 10000


def test_long_story_is_read_through_a_bounded_sample_with_scenes_counted():
    from bot.understanding.blocks import SAMPLE_CHARS, read
    paragraph = "It rained on the roof of the old house and nobody said a word. " * 5
    scenes = [f"Scene {n} begins here. " + paragraph for n in range(12)]
    body = "\n\n* * *\n\n".join("\n\n".join([s] * 3) for s in scenes)
    blocks, factor = read(body)
    read_chars = sum(len(b.text) for b in blocks)
    assert SAMPLE_CHARS * 0.8 <= read_chars <= SAMPLE_CHARS * 1.4
    assert factor > len(body) / (SAMPLE_CHARS * 1.5)
    assert "Scene 0 " in blocks[0].text and "Scene 11 " in blocks[-1].text
    # scene numbers follow the breaks, also those in the text skipped between stretches:
    # blocks of one scene share a number, blocks of two scenes never do, in story order
    pairs = {(b.scene, b.text.split("Scene ")[1].split()[0]) for b in blocks
             if "Scene " in b.text}
    assert len(pairs) == len({s for s, _ in pairs}) == len({n for _, n in pairs}) >= 3
    assert blocks[0].scene == 0 and (blocks[-1].scene, "11") in pairs
    assert [b.scene for b in blocks] == sorted(b.scene for b in blocks)
    assert len({b.part for b in blocks}) >= 3


def test_a_word_spelled_twice_in_a_block_counts_once(knowledge):
    once = _story("Alone in the house, she sat by the window.")
    twice = _story("Alone in the house, she sat by the window, alone.")
    understand(once, knowledge)
    understand(twice, knowledge)
    assert once.moods == twice.moods


def test_names_against_single_quotes_and_possessives(knowledge):
    story = _story("'Spike, wait,' Willow said. Spike's coat was wet. 'Come here, Willow'")
    understand(story, knowledge)
    counts = {c.name: c.mentions for c in story.characters}
    assert counts == {"Spike": 2, "Willow Rosenberg": 2}


def test_fandom_guessed_from_bare_text():
    from bot.knowledge import Knowledge
    story = Story(format="plain", body="Dean parked the Impala. Sam slept in the back while "
                  "Dean drove. Castiel appeared in the passenger seat and Sam woke up.")
    understand(story, Knowledge.default())
    assert story.fandoms == ["Supernatural"]
    assert {"Dean Winchester", "Sam Winchester", "Castiel"} <= set(story.character_names)


def test_first_names_several_fandoms_share_do_not_outvote_the_cast_they_belong_to():
    # "Jonathan" and "Robin" are Buffy's Jonathan Levinson and Robin Wood too; "Steve",
    # "Nancy" and "Jonathan" together are Stranger Things' cast
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Steve stacked the returns. Nancy came in with Jonathan, and Steve ducked behind the "
        "counter.\n\nRobin looked at Steve. \"Nancy is here,\" said Robin. \"With "
        "Jonathan.\"\n\nSteve groaned. Nancy waved, and Jonathan picked a film, and Robin "
        "laughed at Steve.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Stranger Things"] and story.fandoms_inferred
    assert "Robin Buckley" in story.character_names


def test_a_crossovers_second_cast_named_in_full_twice_adds_its_fandom():
    # one character of the second fandom, "The Doctor" twice: a crossover, not a name dropped
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Sherlock looked at the blue box. John looked at Sherlock.\n\n"
        "The Doctor stepped out of it and straightened his bow tie. Sherlock sniffed.\n\n"
        "The Doctor grinned at John. John did not grin back, and Sherlock deduced the rest.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Sherlock", "Doctor Who"] and story.fandoms_inferred


def test_first_names_each_used_once_tell_their_fandom_and_become_full_names():
    # a first-person story: "Ron" is the lead, "Hermione", "Neville" and "Luna" once each;
    # the opening vote wants a name used twice, the people the text names tell Harry Potter
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "I found the letter under my pillow. Ron had written it in purple ink, and Ron never "
        "wrote anything.\n\n\"It's from him,\" said Hermione, reading over my shoulder.\n\n"
        "Neville laughed at breakfast when I showed him. Ron went red, and Luna said it was "
        "sweet. I kept it anyway.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Harry Potter"] and story.fandoms_inferred
    assert {"Ron Weasley", "Hermione Granger"} <= set(story.character_names)


def test_a_possessive_place_names_the_place_only_standing_alone():
    # "Luke's" is Gilmore Girls' diner "at Luke's", but "Luke's camera" is anyone's Luke's
    from bot.knowledge import Knowledge
    owned = Story(format="plain", body=(
        "Priya had filmed Luke's camping trip for a month. Luke's camera was broken again.\n\n"
        "Luke waved at her from the tent, and Priya sighed and kept filming Luke.\n"))
    understand(owned, Knowledge.default())
    assert owned.fandoms == []
    alone = Story(format="plain", body=(
        "Priya had coffee at Luke's before work. The coffee was too hot again.\n\n"
        "Luke waved at her from the counter, and Priya sighed and kept smiling at Luke.\n"))
    understand(alone, Knowledge.default())
    assert alone.fandoms == ["Gilmore Girls"]


def test_a_fandom_is_told_by_a_character_and_one_of_its_places():
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "The lights over Night Vale came on at seven. Carlos was already on the roof, and "
        "Carlos had brought two mugs.\n\nI climbed the ladder. Carlos waved.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Welcome to Night Vale"] and story.fandoms_inferred


def test_a_crossovers_second_cast_named_once_each_adds_its_fandom():
    # Sherlock and John carry the opening; Willow, Xander and Giles come once each
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Sherlock looked at the body. John looked at Sherlock.\n\n"
        "\"Vampire,\" said Willow from the doorway. Sherlock sniffed, and John wrote it down."
        "\n\nXander laughed at John's face. Giles cleaned his glasses and said nothing.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Sherlock", "Buffy the Vampire Slayer"] and story.fandoms_inferred


def test_a_crossovers_two_casts_named_as_much_as_each_other_are_both_its_fandoms():
    # two bards and their two warriors, each cast named as often as the other: a tie between
    # the two fandoms is a crossover of both, not a reason to guess none
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "The tavern was loud, and Jaskier tuned his lute and glared across the room.\n\n"
        "\"That is my table,\" said Gabrielle, and she put her scrolls down on it.\n\n"
        "\"Let them sing,\" said Geralt. Beside him, Xena did not look up from her ale.\n"))
    understand(story, Knowledge.default())
    assert sorted(story.fandoms) == ["The Witcher", "Xena: Warrior Princess"]
    assert story.fandoms_inferred


def test_a_place_is_known_without_the_word_for_its_kind_but_not_by_a_common_word():
    from bot.knowledge import Knowledge
    from bot.understanding import _guessing, _place_index

    places = _place_index(Knowledge.default())
    fandom = "The Legend of Zelda & Related Fandoms"
    assert (fandom, "Kakariko") in places[b"Kakariko"]  # "Kakariko Village"
    assert (fandom, "Death") not in places.get(b"Death", ())  # "Death Mountain"
    assert not any(place == "Baker" for _f, place in places.get(b"Baker", ()))  # Baker Street
    assert b"Kakariko" in _guessing(Knowledge.default()).wanted


def test_a_lead_of_a_family_the_cast_has_leads_its_story_and_middle_names_are_no_ones():
    # "Molly" is also the middle name of Ginny's "Ginevra Molly Weasley": the Molly the text
    # names is Molly Weasley (the knowledge's, since 17known), never Ginny
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "In the shed at the Burrow, Arthur Weasley took the rubber duck apart, and Arthur "
        "was happy.\n\n\"Arthur,\" said Molly from the door. George laughed behind her, and "
        "Harry came out to see.\n\nThen Arthur Weasley held up the duck, said Arthur. Molly "
        "kissed him anyway, and Arthur laughed.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Harry Potter"] and story.fandoms_inferred
    assert "Molly Weasley" in story.character_names
    assert "Ginny Weasley" not in story.character_names


def test_a_lead_no_cast_knows_keeps_a_story_out_of_a_fandom_its_walk_ons_share_names_with():
    # "William Laurence" is no one's; "Riley" and "Spike" in passing do not make it Buffy
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "William Laurence read the letter twice. Laurence folded it. Captain Riley had "
        "written from the coast, said Laurence, and Spike the cook had added a line.\n\n"
        "Laurence sighed and put it away.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == []


def test_a_nickname_of_one_whose_given_name_the_text_gives_another_surname_tells_no_fandom():
    # "Theodore Orme" is not Little Women's Theodore Laurence: his "Teddy" is no sign of it
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "I shouted into the fog. \"Teddy! Theodore Orme!\" Nobody answered.\n\n"
        "Teddy had sent me a card from the lake. Teddy wrote that it was quiet here, and "
        "Teddy never wrote anything.\n\nA man stood on the jetty. \"My name is James,\" "
        "he said. \"James Hallam.\" James looked at the water.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == [], story.fandoms
    assert "Teddy" in story.character_names, story.character_names


def test_a_title_names_its_character_only_as_a_title():
    # "the Count" is Dracula; "Count on me" is a verb and "Professor Moriarty" someone else
    from bot.understanding import characters

    table = characters.build_table([Cast("Count Dracula", ("Dracula",), ("the Count",)),
                                    Cast("Abraham Van Helsing", ("Van Helsing",),
                                         ("the Professor",))])
    story = Story(format="plain", body=(
        "The Count smiled. \"Count on me,\" said Jonathan, and the Count bowed.\n\n"
        "Professor Moriarty wrote. The Professor frowned at Van Helsing's notes. Count "
        "the hours, Mina said.\n"))
    blocks, _ = read(story.body)
    tokenise(blocks, characters.wanted_tokens(table))
    totals = characters.count_names(blocks, table)
    assert totals == {"Count Dracula": 2, "Abraham Van Helsing": 2}


def test_the_words_of_a_full_name_are_not_first_names_of_other_casts():
    # "Diana Barry" is one person of a fandom the knowledge lacks, not Diana Prince and
    # Barry Allen of the DCU
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Anne ran up the lane to Diana Barry's door. Diana Barry opened it, laughing.\n\n"
        "Anne and Diana sat on the step. Diana braided her hair while Anne talked.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == []


def test_a_fandom_is_voted_for_by_its_own_cast_not_its_related_fandoms():
    # Garak and Julian are Deep Space Nine's; The Next Generation is related to it and to
    # Voyager (Seven of Nine) but explains neither by its own cast
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Garak set down the tea. Julian frowned at it. Seven hours, Garak said.\n\n"
        "Julian laughed. Seven more, said Garak, and Julian drank.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["Star Trek: Deep Space Nine"]


def test_a_block_is_one_span_of_the_body_never_across_a_header_line():
    from bot.understanding.blocks import cut_blocks

    body = ("Willow sat by the window for a long time, watching the rain on the street below, "
            "thinking about nothing in particular and everything at once.\n"
            "She counted the drops.\n\nChapter 2\n\nTara came in.")
    spans = [body[b.start:b.end] for b in cut_blocks(body)]
    assert spans == [body.split("\n\nChapter 2")[0], "Tara came in."]


def test_a_name_written_with_an_honorific_is_the_character():
    # "Tanaka-senpai" is one token (hyphens stay inside words): Tanaka Ryuunosuke, as "Tanaka"
    from bot.knowledge import Knowledge
    story = Story(format="plain", fandoms=["Haikyuu!!"], body=(
        "Tanaka-senpai asks, at lunch, whether they are a thing. Nishinoya-senpai laughs so "
        "hard he falls off the bench.\n\n\"Leave them alone,\" says Sugawara-san, and "
        "Tanaka-senpai does, mostly.\n"))
    understand(story, Knowledge.default())
    counts = {c.name: c.mentions for c in story.characters}
    assert counts.get("Tanaka Ryuunosuke") == 2
    assert "Nishinoya Yuu" in counts and "Sugawara Koushi" in counts


def test_a_name_the_chosen_fandom_explains_is_no_sign_of_a_crossover():
    # "Hinata" and "Tanaka" are first names in Haikyuu!! and in Dangan Ronpa: once the story's
    # lead, "Kageyama", has made it Haikyuu!!, the two are Haikyuu!!'s, not a second cast
    from bot.knowledge import Knowledge
    from bot.understanding import _guessing, _vote_by_people
    from bot.understanding.people import Person
    knowledge = Knowledge.default()
    found = [Person("Kageyama", mentions=6), Person("Hinata", mentions=5),
             Person("Tanaka", mentions=2)]
    assert _vote_by_people(found, [], _guessing(knowledge), knowledge, []) == ["Haikyuu!!"]


def test_a_one_word_alias_is_its_owners_not_the_first_word_of_a_relatives_name():
    # two of one family, the son known by the family name alone: "Harune" is his, though it
    # is also the first word of his father's name (family name first)
    from bot.understanding import characters

    table = characters.build_table([Cast("Harune Kaito", ("Kaito",)),
                                    Cast("Harune Sora", ("Harune", "Sora"))])
    story = Story(format="plain", body=(
        "\"Pass the rice,\" said Harune. Kaito passed it, and Harune ate.\n"))
    blocks, _ = read(story.body)
    tokenise(blocks, characters.wanted_tokens(table))
    assert characters.count_names(blocks, table) == {"Harune Sora": 2, "Harune Kaito": 1}


def test_a_titled_family_name_is_the_whole_form_when_others_of_the_cast_carry_it():
    # "Mrs Penhale" is the mother; her daughter's full name ends in the same word, so a bare
    # "Penhale" (the daughter's full name, a teacher calling the daughter) is not the mother
    from bot.understanding import characters

    table = characters.build_table([Cast("Elowen Penhale", ("Elowen",), gender="f"),
                                    Cast("Morwenna Penhale", ("Morwenna", "Mrs Penhale"),
                                         gender="f"),
                                    Cast("Tobias Quill", ("Tobias", "Mr Quill"))])
    story = Story(format="plain", body=(
        "\"Elowen Penhale, sit down,\" said the teacher, and Penhale sat. Mrs Penhale waved "
        "from the gate. Mr Quill nodded, and later Quill went home.\n"))
    blocks, _ = read(story.body)
    tokenise(blocks, characters.wanted_tokens(table))
    assert characters.count_names(blocks, table) == {"Elowen Penhale": 1,
                                                     "Morwenna Penhale": 1,
                                                     "Tobias Quill": 2}


def test_a_name_that_is_a_word_counts_opening_a_sentence_its_doer_goes_on():
    # "Hope" is an ordinary word at a sentence start ("Hope springs"), but a sentence that
    # goes on with what she did ("Hope was waiting", "Hope said") names her
    from bot.understanding import characters

    table = characters.build_table([Cast("Hope Marlowe", ("Marlowe",), gender="f")])
    story = Story(format="plain", body=(
        "The rain had stopped. Hope was waiting by the gate with the dog. Hope springs "
        "eternal, the vicar liked to say. Hope said nothing.\n"))
    blocks, _ = read(story.body)
    tokenise(blocks, characters.wanted_tokens(table))
    assert characters.count_names(blocks, table) == {"Hope Marlowe": 2}


def test_an_alias_with_a_bracketed_fandom_is_the_bare_word_in_the_text():
    # a tag list writes "Wren (Skyhold)" because other fandoms have a Wren; the story writes
    # "Wren". A bare word that is an ordinary one ("Storm") still needs a mid-sentence
    # place, and an oath ("God") is never the character.
    from bot.understanding import characters

    table = characters.build_table([
        Cast("Corvina 'Wren' Hale", ("Corvina Hale", "Wren (Skyhold)")),
        Cast("Odile Marsh", ("Storm (Skyhold)",), gender="f"),
        Cast("Abbot Tarn", ("God (Skyhold)",))])
    story = Story(format="plain", body=(
        "Storm clouds sat on the pass. \"Move,\" said Wren, and Wren's horse moved. God, it "
        "was cold. Behind them, Storm laughed.\n"))
    blocks, _ = read(story.body)
    tokenise(blocks, characters.wanted_tokens(table))
    assert characters.count_names(blocks, table) == {"Corvina 'Wren' Hale": 2,
                                                     "Odile Marsh": 1}


def test_given_names_a_cast_shares_with_strangers_named_more_tell_no_fandom():
    # "Jim", "Naomi" and "Alex" are The Sentinel's given names, but this story's people are
    # Corwin and Pell, whom no cast knows: a reader sees no Sentinel story
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Corwin checked the seal on the cargo hatch. Pell handed him the torch. \"Naomi "
        "wants it done by shift change,\" said Pell.\n\n"
        "Corwin grunted. \"Naomi always wants it done by shift change.\" Pell laughed and "
        "Corwin worked the panel loose.\n\n"
        "Alex called from the cockpit. Jim was asleep, Alex said, and Corwin should keep "
        "it down. Pell rolled his eyes at Corwin.\n\n"
        "Corwin finished the seal. Pell packed the tools, and Corwin wiped his hands.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == [] and not story.fandoms_inferred
    assert not {"Naomi Sandburg", "Jim Ellison", "Alex Barnes"} & set(story.character_names)


def test_a_given_name_written_with_a_family_name_the_cast_lacks_is_someone_else():
    # "Edith" and "Sybil" are Downton Abbey's, but Edith Marlowe and Sybil Greaves are not
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Edith Marlowe came up the hill in the rain. Sybil Greaves met her at the gate.\n\n"
        "\"You're late,\" said Sybil. Edith shook out her umbrella. \"The train was late,\" "
        "Edith said.\n\n"
        "Sybil took her coat. Edith followed Sybil into the kitchen, and Sybil put the "
        "kettle on while Edith warmed her hands.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == []


def test_a_family_name_that_is_a_city_tells_no_fandom():
    # "Paris" is Star Trek: Voyager's Tom Paris and "Harry" its Harry Kim, but here Paris is
    # where Harry Dunmore flies to: a reader sees no Voyager story
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Harry Dunmore packed the last of the records into a crate. Odile watched from the "
        "stairs. \"You'll like Paris,\" said Odile.\n\n"
        "Harry laughed. \"Nobody likes Paris in February.\" Odile threw him the tape and "
        "Harry sealed the crate.\n\n"
        "The flight to Paris left at six. Harry slept through most of it, and Odile read.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == [] and not story.fandoms_inferred
    assert not {"Tom Paris", "Harry Kim"} & set(story.character_names)


def test_one_given_name_is_one_person_not_two_of_a_casts():
    # "John" is two of The X-Files' Johns (Doggett, Byers) and many others': one name
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "John set the tray down. Ferris looked up from the ledger. \"John, sit,\" said "
        "Ferris.\n\nJohn sat. Ferris pushed the ledger across, and John read it twice. "
        "Ferris waited.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == []


def test_two_of_a_casts_people_or_a_full_name_still_tell_the_fandom():
    from bot.knowledge import Knowledge
    knowledge = Knowledge.default()
    pair = Story(format="plain", body=(
        "Dipper pushed the door of the shack open. Mabel was already inside, holding a "
        "jar.\n\n\"Look,\" said Mabel. Dipper looked. The jar glowed.\n\n"
        "Dipper took notes while Mabel named the thing in the jar.\n"))
    understand(pair, knowledge)
    assert pair.fandoms == ["Gravity Falls"] and pair.fandoms_inferred
    full = Story(format="plain", body=(
        "Rook leaned on the railing beside Willow Rosenberg. \"Another one,\" said Rook."
        "\n\nWillow shrugged. Rook closed the book and Willow followed him to the car. "
        "Rook drove.\n"))
    understand(full, knowledge)
    assert full.fandoms == ["Buffy the Vampire Slayer"] and full.fandoms_inferred


def test_figures_of_myth_alone_tell_no_fandom_a_casts_own_names_still_do():
    # "Hades" (a game's and Percy Jackson's) and "Persephone" (only the game's file lists
    # her) are any retelling of the myth's; the game's "Zagreus" and "Thanatos" together, or
    # two figures several casts share that one cast holds both of, still name their fandom
    from bot.knowledge import Knowledge
    knowledge = Knowledge.default()
    myth = Story(format="plain", body=(
        "Persephone left the greenhouse at dusk. Hades was waiting at the gate with a coat "
        "over his arm.\n\n\"You're late,\" said Hades. Persephone laughed and took the coat."
        "\n\nThey walked down to the river together, and Hades let her choose the way.\n"))
    understand(myth, knowledge)
    assert myth.fandoms == [], myth.fandoms
    game = Story(format="plain", body=(
        "Zagreus came back through the pool again, dripping. Thanatos was by the lounge "
        "door.\n\n\"Again?\" said Thanatos. Zagreus grinned and shook the water off.\n\n"
        "Thanatos sighed and handed him a towel, and Zagreus took it.\n"))
    understand(game, knowledge)
    assert game.fandoms == ["Hades (Video Game 2018)"] and game.fandoms_inferred
    war = Story(format="plain", body=(
        "Chiron set the bowls out on the rock. Patroclus carried the water up from the "
        "stream.\n\n\"Slowly,\" said Chiron. Patroclus slowed.\n\nThe fire was low when "
        "Chiron began the lesson, and Patroclus listened.\n"))
    understand(war, knowledge)
    assert war.fandoms == ["The Song of Achilles - Madeline Miller"]


def test_a_rank_in_a_characters_alias_is_no_name_of_theirs():
    # "General O'Neill" is an alias of Stargate's Jack O'Neill: "General" alone (a shop's
    # name here) names nobody, and a "Jack" and a "Daniel" named once beside the story's
    # own people are anyone's
    from bot.knowledge import Knowledge
    story = Story(format="plain", body=(
        "Marisol and Jack biked to the Dollar General after school. Jack bought gum and "
        "Marisol bought nothing, and Teo said they were both cheap.\n\nOutside, Teo was "
        "waiting by the rack. \"You're late,\" said Teo. Jack shrugged. Marisol laughed.\n\n"
        "They rode to the creek, Marisol first and Teo last, past the house Daniel had sold. "
        "Jack sang the whole way, and Marisol let him, and Jack sang louder.\n"))
    understand(story, Knowledge.default())
    assert "Stargate SG-1" not in story.fandoms, story.fandoms
    assert "Jack O'Neill" not in story.character_names


def test_a_tagged_romance_leaves_the_married_couple_around_it_readable(knowledge):
    # the tags name the story's pairing; "his wife" still shows the couple beside it
    stated = Relationship(("Tara Maclay", "Willow Rosenberg"))
    story = _story("Willow and Tara had the porch swing to themselves until Xander came out "
                   "with a jug of lemonade.\n\nAnya was arguing about the price of ice when "
                   "Xander set the jug down and rested a hand on his wife's shoulder.\n\n"
                   "Tara laughed at something Willow said, and the evening went on.",
                   relationships=[stated])
    understand(story, knowledge)
    assert [r.key.label for r in story.relationships] == [
        "Tara Maclay/Willow Rosenberg", "Anya Jenkins/Xander Harris"]
    assert not story.relationships[1].stated


def test_an_adaptations_own_people_tell_it_from_the_source_its_guests_come_from():
    # Clark Kent and Lex Luthor are DCU's (Smallville lists them as guests); Chloe Sullivan
    # and Lana Lang are Smallville's own: the story is Smallville's.
    from bot.knowledge import Knowledge
    # (the opening, which the first guess reads, names only the guests)
    opening = ("Clark Kent carried the crate into the barn. Lex Luthor watched from the fence "
               "and said nothing about the weather, the harvest or the long road in.\n\n") * 40
    body = (opening + "\"You're late,\" said Chloe Sullivan. Clark Kent shrugged, and Lex "
            "Luthor laughed.\n\nLana Lang came up the path with the lemonade. Chloe waved, "
            "and Lana sat on the hay beside Clark. \"Lex again?\" Lana asked.\n")
    story = Story(format="plain", body=body)
    understand(story, Knowledge.default())
    assert story.fandoms == ["Smallville"] and story.fandoms_inferred
    # only the guests (Lois Lane too is one): nothing of Smallville's own, the source's story
    story = Story(format="plain", body=(
        "Clark Kent carried the crate into the newsroom. Lex Luthor watched from the door.\n\n"
        "\"You're late,\" said Lois Lane. Clark Kent shrugged, and Lex Luthor laughed.\n\n"
        "Lois Lane sat on the desk beside Clark. \"Lex again?\" Lois asked.\n"))
    understand(story, Knowledge.default())
    assert story.fandoms == ["DCU"]


def test_a_fandom_guessed_from_the_header_goes_to_the_source_its_own_person_tells():
    # fanfiction.net's header named only Mrs. Hudson, whom BBC Sherlock keeps and the Conan
    # Doyle stories list as a guest; the text's Wiggins is the stories' own
    from bot.knowledge import Knowledge
    body = ("Mrs. Hudson opened the kitchen door. Wiggins stood on the step in the rain.\n\n"
            "\"Come in,\" said Mrs. Hudson, and Wiggins came in. Watson was away, and "
            "Wiggins ate the bread and said nothing of him.\n")
    story = Story(format="plain", body=body, fandoms=["Sherlock"], fandoms_inferred=True)
    understand(story, Knowledge.default())
    assert story.fandoms == ["Sherlock Holmes - Arthur Conan Doyle"] and story.fandoms_inferred
    # Molly Hooper is BBC Sherlock's own: the guess stands
    story = Story(format="plain", body=body.replace("Wiggins", "Molly Hooper"),
                  fandoms=["Sherlock"], fandoms_inferred=True)
    understand(story, Knowledge.default())
    assert story.fandoms == ["Sherlock"]
    # the source's guests (Mrs. Hudson, Watson) are no sign of the adaptation they come from
    story = Story(format="plain", body=body.replace("Wiggins", "the boy"),
                  fandoms=["Sherlock Holmes - Arthur Conan Doyle"], fandoms_inferred=True)
    understand(story, Knowledge.default())
    assert story.fandoms == ["Sherlock Holmes - Arthur Conan Doyle"]
    # a fandom the file states is never changed
    story = Story(format="plain", body=body, fandoms=["Sherlock"])
    understand(story, Knowledge.default())
    assert story.fandoms == ["Sherlock"]


@pytest.mark.parametrize("body, stated, form, person", [
    # a shortening of a known character's first name
    ("Rupert Giles cleaned his glasses. \"Tea, Rupe?\" asked Joyce. Rupe nodded and Joyce "
     "poured. Rupe said nothing at all later, and Rupert Giles went home.", [], "Rupe",
     "Rupert Giles"),
    # a pet form of a known character's surname
    ("Rupert Giles cleaned his glasses. \"Tea, Gilesy?\" asked Joyce. Gilesy nodded and Joyce "
     "poured. Gilesy said nothing at all later, and Rupert Giles went home.", [], "Gilesy",
     "Rupert Giles"),
    # a pet form of a stated character's first name the text never writes
    ("\"Tea, Peggy?\" asked Joyce. Peggy nodded and Joyce poured. Peggy said nothing at all "
     "later, and Joyce went home.", ["Margaret Olsen", "Joyce Summers"], "Peggy",
     "Margaret Olsen"),
], ids=["shortened-first-name", "pet-form-of-surname", "pet-form-of-stated-name"])
def test_a_lone_short_or_pet_form_is_the_character_it_comes_from(knowledge, body, stated, form,
                                                                  person):
    story = _story(body, characters=[Character(name) for name in stated])
    understand(story, knowledge)
    assert form not in story.character_names and person in story.character_names


def test_conan_doyles_holmes_is_named_by_the_landladys_mr_holmes():
    # the canon's form: clients and Mrs Hudson call him "Mr. Holmes"; his brother's full
    # name ("Mycroft Holmes") is still his brother's alone
    from bot.knowledge import Knowledge
    story = Story(format="plain", fandoms=["Sherlock Holmes - Arthur Conan Doyle"], body=(
        "Mrs. Hudson set the tray down by the fire. \"Mr. Holmes is out,\" she told the "
        "inspector, \"and will not say when he returns.\"\n\n"
        "The inspector sighed and looked at the clock. Mrs. Hudson poured, and did not sit.\n"))
    understand(story, Knowledge.default())
    assert "Sherlock Holmes" in story.character_names, story.character_names
    other = Story(format="plain", fandoms=["Sherlock Holmes - Arthur Conan Doyle"], body=(
        "Mycroft Holmes did not rise when the door opened. Mrs. Hudson set the tray down "
        "and left him to the fire.\n"))
    understand(other, Knowledge.default())
    assert "Sherlock Holmes" not in other.character_names, other.character_names
