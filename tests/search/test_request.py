"""Reading requests: pairings in every spelling, nicknames, moods, typos, exclusions."""

from __future__ import annotations

import pytest

from bot.search.engine import Engine
from bot.search.request import MAX_REQUEST_CHARS, parse
from tests.support.small_catalog import _story, build_catalog


@pytest.fixture(scope="module")
def vocab(engine):
    return engine.vocab


@pytest.mark.parametrize("text", ["Spike/Buffy", "buffy/spike", "Buffy x Spike", "spuffy",
                                  "Spkie/Bufy", "B/S", "spike and buffy"])
def test_every_spelling_of_a_pairing(vocab, text):
    parsed = parse(text, vocab)
    assert [k for k, _c, _kind in parsed.relationships] == ["Buffy Summers/Spike"]


def test_typos_cost_confidence(vocab):
    exact = parse("spike/buffy", vocab).relationships[0][1]
    typo = parse("Spkie/Bufy", vocab).relationships[0][1]
    assert typo < exact


def test_ampersand_is_platonic(vocab):
    assert parse("sam & dean", vocab).relationships[0][0] == "Dean Winchester & Sam Winchester"


@pytest.mark.parametrize("text", ["sam/dean", "dean x sam", "Dean Winchester/Sam Winchester"])
def test_a_romance_asked_of_a_pair_held_only_as_friends_stays_a_romance(engine, text):
    """The catalog holds Dean & Sam as brothers only: "sam/dean" asks for what no story has,
    so the brothers' story comes as a near miss that meets the two of them and names the
    pairing unmet, with the reply's first line saying no story holds it; never a match. "sam
    and dean", which says no kind, takes the reading the catalog holds and meets it."""
    assert parse(text, engine.vocab).relationships[0][0] == "Dean Winchester/Sam Winchester"
    result = engine.recommend(text, limit=3, seed=1)
    first = result.matches[0]
    assert [str(r.key) for r in first.card.relationships] == ["Dean Winchester & Sam Winchester"]
    assert first.unmet and all("Winchester" in part for part in first.met)
    assert all(m.unmet for m in result.matches)
    assert result.alternatives[0].startswith("no Dean Winchester/Sam Winchester in the catalog")
    for said in ("sam & dean", "sam and dean"):
        found = engine.recommend(said, limit=3, seed=1).matches[0]
        assert found.met and not found.unmet, said


def test_nickname_and_exact_character_beats_fuzzy_ship(vocab):
    assert parse("Red", vocab).characters[0][0] == "Willow Rosenberg"
    parsed = parse("Willow", vocab)
    assert parsed.characters[0][0] == "Willow Rosenberg" and not parsed.relationships


def test_everyday_mood_words_and_short_words_stay_exact(vocab):
    assert parse("something sad", vocab).moods[0][0] == "angst"
    assert parse("make me cry", vocab).moods[0][0] == "angst"
    assert parse("h/c", vocab).moods[0][0] == "hurt-comfort"
    assert parse("cozy", vocab).moods[0][0] == "fluff"
    said = parse("said", vocab)
    assert not said.moods and said.free_words == ["said"]


def test_fandom_abbreviation_and_cue(vocab):
    parsed = parse("something funny in SPN", vocab)
    assert parsed.fandoms[0][0] == "Supernatural"
    assert parsed.moods[0][0] == "humor"
    assert parse("funny in angel", vocab).fandoms[0][0] == "Angel: the Series"


def test_exclusions(vocab):
    parsed = parse("spike no major character death not buffy", vocab)
    assert [(p.kind, p.value, p.negated, p.shown()) for p in parsed.parts()] == [
        ("character", "Spike", False, "spike"),
        ("tag", "major character death", True, "no major character death"),
        ("character", "Buffy Summers", True, "not buffy")]
    assert parsed.exclude_characters == ["Buffy Summers"]
    assert parsed.characters[0][0] == "Spike"


def test_outside_of_and_other_than_leave_out(vocab):
    """ "outside of btvs" leaves out the fandom, "other than destiel" the pairing; "locked
    outside of the house" is the plot."""
    assert parse("femslash outside of buffy", vocab).exclude_fandoms == [
        "Buffy the Vampire Slayer"]
    assert parse("spn other than destiel", vocab).exclude_relationships == [
        "Castiel/Dean Winchester"]
    plot = parse("they get locked outside of the house", vocab)
    assert "outside" in plot.free_words and not plot.exclusions


def test_a_nickname_counts_where_the_catalog_holds_its_fandom(vocab):
    """ "Monkey" is Grace Williams's nickname in Hawaii Five-0, which the sample catalog holds
    no story of: "space monkey and teal'c" asks for Teal'c, "monkey" is a word. Naming the
    fandom brings the nickname back; a held fandom's nickname ("red") always counts."""
    parsed = parse("space monkey and teal'c", vocab)
    assert [c for c, *_ in parsed.characters] == ["Teal'c"] and not parsed.relationships
    assert "monkey" in parsed.free_words
    named = parse("monkey in hawaii five-0", vocab)
    assert [c for c, *_ in named.characters] == ["Grace Williams"]
    assert [c for c, *_ in parse("any red fics", vocab).characters] == ["Willow Rosenberg"]


def test_with_as_w_and_already_are_no_story_words(vocab):
    parsed = parse("something scary w vampires, already finished", vocab)
    assert "w" not in parsed.free_words and "already" not in parsed.free_words


def test_an_ordering_before_a_title_name_orders_the_fandom(vocab):
    """ "the longest buffy fic" orders Buffy the Vampire Slayer's stories; "longest spike"
    keeps Spike, who is no fandom."""
    assert [f for f, *_ in parse("the longest buffy fic", vocab).fandoms] == [
        "Buffy the Vampire Slayer"]
    assert [c for c, *_ in parse("longest spike", vocab).characters] == ["Spike"]


def test_a_character_named_beyond_doubt_sets_the_fandom_of_the_next(tmp_path):
    """Beside "frodo", "sam" is Samwise Gamgee, though Supernatural's Sam is held too."""
    lotr, spn = "The Lord of the Rings", "Supernatural"
    stories = [_story("Potatoes", ["a1"], lotr, [], [("Frodo Baggins", 1.0),
                                                    ("Samwise Gamgee", 1.0)], {},
                      "Sam and Frodo plant the last row of potatoes."),
               _story("Motel", ["a2"], spn, [], [("Sam Winchester", 1.0)], {},
                      "Sam reads in the motel."),
               _story("Roadside", ["a3"], spn, [], [("Sam Winchester", 1.0)], {},
                      "Sam waits by the road.")]
    engine = Engine.open(build_catalog(tmp_path / "catalog.db", stories))
    try:
        parsed = parse("frodo n sam gardning", engine.vocab)
        assert [c for c, *_ in parsed.characters] == ["Frodo Baggins", "Samwise Gamgee"]
        assert [c for c, *_ in parse("sam", engine.vocab).characters] == ["Sam Winchester"]
    finally:
        engine.close()


@pytest.mark.parametrize("text", ['NEAR(', '"', "*", "AND", "-", "🙂🙂", "x" * 10_000,
                                  "spike/", "/", "& & &", "", "   "])
def test_odd_requests_parse(vocab, text):
    parsed = parse(text, vocab)
    assert len(parsed.text) <= MAX_REQUEST_CHARS


def _parts(vocab, text):
    return [(p.kind, p.value, p.negated) for p in parse(text, vocab).parts()]


def test_shorthand_without_and_with(vocab):
    assert _parts(vocab, "destiel w/o major character death") == [
        ("pairing", "Castiel/Dean Winchester", False),
        ("tag", "major character death", True)]
    assert _parts(vocab, "angst w/ spike") == [("mood", "angst", False),
                                                ("character", "Spike", False)]


def test_a_negation_covers_a_list_of_names_of_its_kind(vocab):
    assert _parts(vocab, "anything except btvs & spn") == [
        ("fandom", "Buffy the Vampire Slayer", True), ("fandom", "Supernatural", True)]
    assert _parts(vocab, "no angst or horror") == [("mood", "angst", True),
                                                   ("mood", "horror", True)]
    # "and" leaves a mood after it asked for ("no angst and fluff" may want the fluff)
    assert ("mood", "fluff", False) in _parts(vocab, "no angst and fluff")


def test_names_joined_by_or_are_one_part_either_meets(vocab):
    parsed = parse("complete fics only - atla or star trek", vocab)
    (fandom,) = [p for p in parsed.parts() if p.kind == "fandom"]
    assert fandom.forms == ("Avatar: The Last Airbender", "Star Trek: The Original Series")
    assert fandom.label == "atla or star trek"
    assert [p.kind for p in parsed.parts()] == ["status", "fandom"]  # "only", "or": filler


def test_a_crossover_reads_its_names_as_fandoms(vocab):
    assert _parts(vocab, "buffy x supernatural crossover") == [
        ("fandom", "Buffy the Vampire Slayer", False), ("fandom", "Supernatural", False),
        ("crossover", "crossover", False)]


@pytest.mark.parametrize("text", ["make me laugh, buffy edition", "funny buffy fandom"])
def test_a_word_after_a_name_can_make_it_the_show(vocab, text):
    assert _parts(vocab, text) == [("mood", "humor", False),
                                   ("fandom", "Buffy the Vampire Slayer", False)]


def test_dont_is_an_exclusion_only_where_it_asks(vocab):
    plot = _parts(vocab, "where they write names on their hands so they don't forget")
    assert ("word", "forget", False) in plot
    assert _parts(vocab, "i don't want angst") == [("mood", "angst", True)]
    assert _parts(vocab, "don't want angst") == [("mood", "angst", True)]


def test_plot_words_are_searched_and_filler_is_not_a_part(vocab):
    assert _parts(vocab, "sterek where they actually kiss") == [
        ("pairing", "Derek Hale/Stiles Stilinski", False), ("word", "kiss", False)]
    (dies,) = [p for p in parse("the one where tara dies", vocab).parts() if p.kind == "word"]
    assert {"died", "death"} <= set(dies.forms)
    assert _parts(vocab, "something that hurts") == [("mood", "angst", False)]
    assert _parts(vocab, "something that ends happy") == [("mood", "fluff", False)]


def test_a_place_suggests_its_fandom_softly_and_is_searched_too(vocab):
    parsed = parse("something funny on the enterprise", vocab)
    assert parsed.fandoms == [("Star Trek: The Original Series", 0.8)]  # under the hard 0.85
    assert {"the", "enterprise"} <= parsed.hint_words
    assert _parts(vocab, "letters to someone in azkaban") == [
        ("tag", "letters", False), ("fandom", "Harry Potter", False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("fics that are still being updated", [("status", "in-progress", False)]),
    # the story's own reading time, about an hour ("when i have an hour" is a budget)
    ("something that'll take an hour", [("length", "7500:22500", False)]),
    ("something for when i have an hour", [("length", ":15000", False)]),
    ("het pairings", [("category", "f/m", False)]),
    ("comfort fic after a bad day", [("mood", "fluff", False)]),
    ("the one where they get stuck somewhere", [("word", "stuck", False)]),
])
def test_everyday_filler_is_read_as_nothing(vocab, text, expected):
    assert _parts(vocab, text) == expected


def test_irregular_verbs_find_their_other_forms(vocab):
    (write,) = parse("where they write names", vocab).parts()[:1]
    assert {"wrote", "written"} <= set(write.forms)
    (teach,) = [p for p in parse("spike teaching dawn", vocab).parts() if p.kind == "word"]
    assert "taught" in teach.forms


@pytest.mark.parametrize(("text", "expected"), [
    ("tooth-rotting fluff pls", [("mood", "fluff", False)]),
    ("something that'll make me feel warm inside", [("mood", "fluff", False)]),
    ("i want to be emotionally destroyed", [("mood", "angst", False)]),
    ("something unhinged", [("mood", "humor", False)]),
    ("idiots in love", [("mood", "romance", False)]),
    ("slowburn", [("tag", "slow burn", False)]),
    ("hurt/no comfort", [("tag", "hurt no comfort", False)]),
    ("father daughter", [("tag", "father-daughter", False)]),
    ("quick read for the bus", [("length", ":4999", False)]),
    ("the winchesters", [("pairing", "Dean Winchester & Sam Winchester", False)]),
])
def test_fandom_slang_and_group_names(vocab, text, expected):
    assert _parts(vocab, text) == expected


def test_part_of_a_name_no_story_holds_is_a_plain_word(vocab):
    """ "the one with the song": River Song is in no story here, "song" is a word; a full
    name no story holds is still the name ("lotr with aragorn" reports Aragorn unmet)."""
    assert _parts(vocab, "the one with the song") == [("word", "song", False)]
    assert ("character", "Aragorn", False) in _parts(vocab, "lotr with aragorn")


@pytest.mark.parametrize("text", ["spn where nobody dies", "destiel where cas doesn't die",
                                  "a story where no one dies"])
def test_nobody_dies_asks_for_no_death(vocab, text):
    assert ("tag", "death", True) in _parts(vocab, text)
    assert not any(kind == "word" for kind, _v, _n in _parts(vocab, text))


def test_everyday_nouns_are_not_typos_of_names(vocab):
    assert _parts(vocab, "something with cats") == [("word", "cats", False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("compelte spuffy", [("status", "complete", False),
                         ("pairing", "Buffy Summers/Spike", False)]),
    ("somthing fluffy", [("mood", "fluff", False)]),
    ("drable", [("length", ":500", False)]),
    ("oneshto", [("status", "one-shot", False)]),
    ("unfinshed fics", [("status", "in-progress", False)]),
    ("crosover", [("crossover", "crossover", False)]),
    ("explict drarry", [("rating", "explicit", False),
                        ("pairing", "Draco Malfoy/Harry Potter", False)]),
    ("sad af", [("mood", "angst", False)]),
    ("short n sweet", [("length", ":4999", False), ("mood", "fluff", False)]),
])
def test_typos_of_everyday_words_and_chat_filler(vocab, text, expected):
    parsed = parse(text, vocab)
    assert [(p.kind, p.value, p.negated) for p in parsed.parts()] == expected


def test_a_name_typo_is_not_taken_for_an_everyday_word(vocab):
    assert _parts(vocab, "spiek teaching dawn")[0] == ("character", "Spike", False)
    assert parse("compelte spuffy", vocab).corrections == {"compelte": "complete"}


@pytest.mark.parametrize(("text", "expected"), [
    ("neither spn nor btvs", [("fandom", "Supernatural", True),
                              ("fandom", "Buffy the Vampire Slayer", True)]),
    ("skip the angst", [("mood", "angst", True)]),
    ("i hate angst", [("mood", "angst", True)]),
    ("no unhappy endings", [("mood", "angst", True)]),
    ("they hate each other", [("word", "hate", False)]),  # the plot, no dislike
    ("fluff -spike", [("mood", "fluff", False), ("character", "Spike", True)]),  # a minus
    ("x-men fluff", [("fandom", "X-Men - All Media Types", False), ("mood", "fluff", False)]),
])
def test_dislikes_and_neither_nor_exclude(vocab, text, expected):
    assert _parts(vocab, text) == expected


def test_keeping_it_clean_sets_a_ceiling(vocab):
    for text, ceiling in [("keep it clean", "teen"), ("something for kids", "general")]:
        parsed = parse(text, vocab)
        assert (parsed.parts(), parsed.ceiling) == ([], ceiling)


@pytest.mark.parametrize("text", ["btvs where buffy doesn't show up at all",
                                  "buffy isn't in it", "a buffy-free fic",
                                  "without buffy in it", "no buffy at all"])
def test_a_name_said_to_be_absent_is_left_out_wholly(vocab, text):
    """ "buffy doesn't show up" asked for Buffy; now it leaves her out, and out of every
    story she appears in (not only the ones about her)."""
    (part,) = [p for p in parse(text, vocab).parts() if p.kind == "character"]
    assert (part.value, part.negated, part.wholly) == ("Buffy Summers", True, True)
    (plain,) = parse("not buffy", vocab).parts()
    assert plain.negated and not plain.wholly  # stories not about her
    (asked,) = parse("a fic with spike in it", vocab).parts()
    assert (asked.value, asked.negated) == ("Spike", False)


def test_a_word_said_to_be_absent_is_left_out(vocab):
    parts = parse("the cat doesn't show up", vocab).parts()
    assert [(p.kind, p.value, p.negated) for p in parts] == [("word", "cat", True)]


def test_a_typo_that_is_a_word_is_corrected_inside_a_longer_name(vocab):
    """ "angle" is a word the catalog's text holds, so alone it stays "angle"; "angle the
    series" is no phrase, and "angel the series" is the show. ("roof" is in any catalog's text
    too: a text word is never corrected, here not into Dragon Age's Rook.)"""
    def text_word(word):
        return word in {"angle", "roof"}
    parts = parse("angle the series", vocab, text_word).parts()
    assert [(p.kind, p.value) for p in parts] == [("fandom", "Angel: the Series")]
    assert [(p.kind, p.value) for p in parse("the angle of the roof", vocab,
                                             text_word).parts()] == [("word", "angle"),
                                                                     ("word", "roof")]


@pytest.mark.parametrize(("text", "modifier", "label"), [
    ("past spike/buffy", "past", "past spike/buffy"),
    ("ex-spuffy", "past", "ex spuffy"),
    ("background willow/tara", "background", "background willow/tara"),
])
def test_a_modifier_before_a_pairing_asks_for_it_so(vocab, text, modifier, label):
    (part,) = parse(text, vocab).parts()
    assert (part.kind, part.modifier, part.label) == ("pairing", modifier, label)


def test_unrequited_and_one_sided_are_read_as_what_tags_say():
    from bot.search.everyday import read
    from bot.search.text import fold
    for text, value in (("unrequited spuffy", "unrequited"), ("one-sided pining", "one-sided")):
        (part,) = [p for _i, p in read(fold(text).split()).parts]
        assert (part.kind, part.value) == ("tag", value)


def test_a_fan_word_is_no_typo_of_an_everyday_one(vocab):
    """ "songfic" was corrected to "longfic" (a length over 30,000 words)."""
    assert [(p.kind, p.value) for p in parse("songfic", vocab).parts()] == [("tag", "songfic")]


@pytest.mark.parametrize("text", ["spike pov", "pov: spike", "spike-centric",
                                  "told from spike's point of view", "through the eyes of spike"])
def test_a_character_beside_pov_leads_the_story(vocab, text):
    (part,) = parse(text, vocab).parts()
    assert (part.kind, part.value, part.lead, part.label) == ("character", "Spike", True,
                                                              "spike (lead)")
    assert not parse("spike", vocab).parts()[0].lead


def test_phrases_like_absence_that_are_not(vocab):
    """ "goes missing" is a plot, "feel free" no exclusion."""
    missing = parse("a fic where spike goes missing", vocab).parts()
    assert (missing[0].kind, missing[0].value, missing[0].negated) == ("character", "Spike", False)
    assert not any(p.negated for p in parse("feel free to suggest anything", vocab).parts())


@pytest.mark.parametrize(("text", "pairing"), [("spike and sam", None), ("sam + spike", None),
                                                ("spike and buffy", "Buffy Summers/Spike"),
                                                ("dean and cas", "Castiel/Dean Winchester")])
def test_and_makes_a_pairing_only_where_the_catalog_holds_one(vocab, text, pairing):
    """ "spike and sam" is two people when no story pairs them (it read a Sam Carter/Spike
    pairing the catalog does not hold); "spike/sam" still asks for the pairing."""
    parsed = parse(text, vocab)
    assert [k for k, _c, _kind in parsed.relationships] == ([pairing] if pairing else [])
    if pairing is None:
        assert {"Spike", "Sam Winchester"} <= {n for n, _c in parsed.characters}
    assert parse(text.replace(" and ", "/").replace(" + ", "/"), vocab).relationships


@pytest.mark.parametrize("kind_said", ["one-shot", "wip", "m/m", "under 2k words", "smut",
                                       "rated T", "a two-parter", "crossover"])
@pytest.mark.parametrize("shape", ["{k} {n}", "{n} {k}"])
def test_a_shows_full_name_beside_a_kind_of_story_is_the_show(vocab, kind_said, shape):
    """ "one-shot harry potter": the show, not its title character (a story of Harry's was
    first, though not a one-shot); "harry potter and draco" still names him."""
    parsed = parse(shape.format(k=kind_said, n="harry potter"), vocab)
    assert [f for f, _c in parsed.fandoms] == ["Harry Potter"]
    assert not parsed.characters
    assert parse("harry potter pov", vocab).characters


def test_after_a_possessive_a_name_is_what_someone_is_to_another(tmp_path):
    """ "crowley and his angel": Aziraphale as Crowley calls him, the word "angel" searched,
    not Angel of Angel: the Series; "for my gf" is a girlfriend, not Gravity Falls. The same
    words alone are still the names."""
    stories = [_story("Flatpack", ["a1"], "Good Omens", [], [("Crowley (Good Omens)", 1.0)], {},
                      "Crowley read the instructions. Angel, he said, hand me the screws."),
               _story("Hotel", ["a2"], "Angel: the Series", [], [("Angel", 1.0)], {},
                      "Angel paced the lobby of the hotel.")]
    engine = Engine.open(build_catalog(tmp_path / "catalog.db", stories))
    try:
        parsed = parse("crowley and his angel", engine.vocab)
        assert [c for c, *_ in parsed.characters] == ["Crowley (Good Omens)"]
        assert ("word", "angel", False) in [(p.kind, p.value, p.negated) for p in parsed.parts()]
        assert [c for c, *_ in parse("angel and cordy", engine.vocab).characters] == ["Angel"]
        assert parse("something sweet for my gf", engine.vocab).fandoms == []
        assert parse("something sweet for my wlw gf", engine.vocab).fandoms == []
        assert [f for f, _c in parse("gf fics", engine.vocab).fandoms] == ["Gravity Falls"]
        # one word between: a name no story holds is the noun, a held one stays the name
        assert parse("thinking about his late gf", engine.vocab).fandoms == []
        assert [c for c, *_ in parse("my fave angel fic", engine.vocab).characters] == ["Angel"]
    finally:
        engine.close()


@pytest.mark.parametrize(("first", "second"), [("horror", "angst"), ("dark", "sad"),
                                               ("angst", "creepy")])
@pytest.mark.parametrize("negation", ["anything except", "no", "nothing with"])
def test_and_carries_a_negation_to_a_mood_one_story_can_share(vocab, negation, first, second):
    """ "anything except horror and angst" leaves both out; an opposed mood after "and" is
    asked for ("no angst and fluff", "not sad and funny")."""
    asked = _parts(vocab, f"{negation} {first} and {second}")
    assert [(kind, negated) for kind, _v, negated in asked] == [("mood", True), ("mood", True)]
    opposed = _parts(vocab, f"{negation} {first} and funny")
    assert [negated for _k, _v, negated in opposed] == [True, False]


@pytest.mark.parametrize("text", ["not buffy and not supernatural", "no spn or buffy",
                                  "nothing with buffy and also no stargate"])
def test_a_name_left_out_beside_a_fandom_is_the_fandom(vocab, text):
    """ "not buffy and not sg1" leaves out two shows, not Buffy the person and a show; alone,
    or beside a person, "not buffy" is still the person."""
    asked = _parts(vocab, text)
    assert ("fandom", "Buffy the Vampire Slayer", True) in asked
    assert all(kind == "fandom" and negated for kind, _v, negated in asked), asked
    assert _parts(vocab, "not buffy") == [("character", "Buffy Summers", True)]
    assert ("character", "Buffy Summers", True) in _parts(vocab, "no spike or buffy")


@pytest.mark.parametrize(("text", "mood"), [("someone being looked after", "hurt-comfort"),
                                            ("this wrecked me", "angst"),
                                            ("it ripped my heart out", "angst")])
def test_a_mood_phrase_in_its_verbs_other_forms(vocab, text, mood):
    """ "look after" is also "looked after", "wreck me" also "wrecked me": the phrase's first
    word in its regular forms reads as the mood, not as plot words."""
    assert _parts(vocab, text) == [("mood", mood, False)]


@pytest.mark.parametrize(("text", "mood"), [("heart-warming", "fluff"),
                                            ("bitter sweet", "bittersweet"),
                                            ("something heart warming", "fluff")])
def test_a_mood_word_typed_in_two_is_the_word(vocab, text, mood):
    """ "heart-warming" folds to two words: together they are "heartwarming" (the typo
    reader had made "warming" into "warnings")."""
    assert _parts(vocab, text) == [("mood", mood, False)]


@pytest.mark.parametrize("said", ["don't kiss yet", "dont actually kiss yet",
                                  "haven't kissed yet", "didn't even kiss yet"])
def test_what_has_not_happened_yet_is_left_out(vocab, said):
    """ "sterek where they don't kiss yet": a kiss the story must not hold yet, left out;
    without "yet", "so they don't forget" stays the plot."""
    asked = _parts(vocab, f"sterek where they {said}")
    assert [(kind, negated) for kind, _v, negated in asked] == [("pairing", False),
                                                                ("word", True)]
    assert ("word", "forget", False) in _parts(vocab, "so they don't forget")


@pytest.mark.parametrize(("text", "expected"), [
    ("the single most heartbreaking one", [("mood", "angst", False)]),
    ("the absolute most hilarious thing", [("mood", "humor", False)]),
    ("creepy but still cute", [("mood", "horror", False), ("mood", "fluff", False)]),
    ("that good kind of hurt", [("mood", "bittersweet", False)]),
])
def test_intensifiers_are_no_plot_words(vocab, text, expected):
    """ "the single most", "but still": how strongly a fan asks, never a word a story must
    hold ("single" met by any story about a single dad); "the good kind of hurt" is the
    bittersweet mood, not the word "hurt"."""
    assert _parts(vocab, text) == expected


def test_feels_like_compares_and_a_warm_hug_is_comfort(vocab):
    """ "something that feels like a warm hug": a comparison (not "feels", the angst word)
    whose thing is the comfort mood; "all the feels" is still angst."""
    assert _parts(vocab, "something that feels like a warm hug") == [
        ("mood", "hurt-comfort", False)]
    assert _parts(vocab, "all the feels") == [("mood", "angst", False)]


@pytest.mark.parametrize("said", ["isn't really around", "isnt really in it",
                                  "doesn't really show up"])
def test_a_name_barely_around_is_left_out_as_a_name_is(vocab, said):
    """ "sam fic where dean isn't really around": Dean left out as "not dean" is (a voice on
    the phone may stay), not wholly, and never "around" searched as a word left out."""
    parsed = parse(f"sam winchester fic where dean {said}", vocab)
    (dean,) = [p for p in parsed.parts() if p.value == "Dean Winchester"]
    assert dean.negated and not dean.wholly
    assert [p for p in parsed.parts() if p.kind == "word"] == []
    (gone,) = [p for p in parse("sam fic where dean doesn't show up", vocab).parts()
               if p.value == "Dean Winchester"]
    assert gone.negated and gone.wholly


def test_spooky_season_is_the_horror_mood(vocab):
    """ "spooky season recs": Halloween reading, not a story tagged "Season 3"."""
    assert _parts(vocab, "spooky season recs") == [("mood", "horror", False)]


@pytest.mark.parametrize("said", ["anything outside the buffyverse", "stuff outside the mcu",
                                  "fics outside of the buffyverse"])
def test_outside_a_fandom_leaves_it_out(engine, said):
    """ "anything outside the buffyverse" leaves the show out (a place stays a place: "set
    outside the hellmouth" searches "outside", as does "the" before a word stories use)."""
    def asked(text):
        return [(p.kind, p.value, p.negated) for p in engine.parts_of(text)]
    assert [(kind, negated) for kind, _v, negated in asked(said)] == [("fandom", True)]
    assert ("word", "outside", False) in asked("a fic set outside the hellmouth")
