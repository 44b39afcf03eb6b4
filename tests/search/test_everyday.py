"""Everyday words read before names: categories, status, lengths and reading times, rating
words, orderings, tropes, and the negations in front of them."""

from __future__ import annotations

import pytest

from bot.search.everyday import WORDS_PER_MINUTE, numbers, read
from bot.search.text import fold


def parts(text):
    found = read(fold(numbers(text)).split())
    return [(p.kind, p.value, p.negated) for _i, p in found.parts], found.ceiling


@pytest.mark.parametrize(("text", "expected"), [
    ("m/m", [("category", "m/m", False)]),
    ("any femslash?", [("category", "f/f", False)]),
    ("gen, no romance", [("category", "gen", False)] * 2),
    ("wips i can follow", [("status", "in-progress", False)]),
    ("sg1 but nothing unfinished", [("status", "complete", False)]),
    ("btvs oneshot", [("status", "one-shot", False)]),
    ("under 1,000 words", [("length", ":1000", False)]),
    ("something over 650 words", [("length", "650:", False)]),
    ("long sterek fic, 3k+", [("length", "30001:", False), ("length", "3000:", False)]),
    ("in 5 minutes", [("length", f":{5 * WORDS_PER_MINUTE}", False)]),
    ("funny and short", [("length", ":4999", False)]),
    ("whats the longest fic", [("order", "longest", False)]),
    ("fake dating au", [("tag", "fake dating", False), ("tag", "alternate universe", False)]),
    ("nothing with character death", [("tag", "character death", True)]),
    ("crossover fic", [("crossover", "crossover", False)]),
    ("hp smut", [("sex", "sexual content", False)]),
    ("explicit drarry", [("rating", "explicit", False)]),
])
def test_everyday_parts(text, expected):
    assert parts(text)[0] == expected


def test_rating_words_that_narrow_set_a_ceiling():
    assert parts("harry potter but nothing explicit") == ([], "mature")
    assert parts("teen rated please") == ([("rating", "teen", False)], "teen")


@pytest.mark.parametrize("text", ["fics rated T", "T rated", "teen rated"])
def test_a_rating_by_its_letter_is_that_rating(text):
    """ "rated T" is a ceiling and a part (a general story does not meet it); "or lower" makes
    it the ceiling only."""
    assert parts(text) == ([("rating", "teen", False)], "teen")
    assert parts(f"{text} or lower") == ([], "teen")
    assert read(fold("isnt rated m").split()).avoids  # leaves a rating out: asks for none
    assert not read(fold("rated t or lower").split()).avoids


def test_a_longer_name_wins():
    found = read("teen wolf".split(), names=lambda i, j: True)
    assert not found.parts and not found.consumed


@pytest.mark.parametrize(("text", "expected"), [
    ("under 550ish", [("length", ":550", False)]),
    ("2k-ish words", [("length", "1000:3000", False)]),
    ("nothing too long", [("length", ":30000", False)]),
    ("no drabbles", [("length", "501:", False)]),
    ("wips with a couple of chapters up", [("status", "in-progress", False),
                                           ("status", "multi-chapter", False)]),
])
def test_a_loose_number_a_negated_length_and_a_few_chapters(text, expected):
    """ "550ish" is the number; "nothing too long" is at most the length below long; "a
    couple chapters" is more than one."""
    assert parts(text)[0] == expected


def test_where_it_is_asked_is_no_part():
    """ "ok for this channel", "this is the main chat": the channel's ceiling applies anyway;
    "m/m ok for this channel?" still asks for m/m, and "in the chat" may be the plot."""
    found = read(fold("any m/m ok for this channel?").split())
    assert [(p.kind, p.value) for _i, p in found.parts] == [("category", "m/m")]
    assert found.consumed >= {2, 3, 4, 5, 6}
    assert read(fold("het, this is the main chat").split()).consumed >= {1, 2, 3, 4, 5}
    assert not read(fold("they meet in the chat").split()).consumed


def test_a_rating_named_in_words():
    """ "rated general audiences" is the rating, "rated" no story word; "which ones don't have
    a rating" asks for the not-rated ones."""
    assert parts("teen-friendly pls") == ([], "teen")
    for text, ceiling in (("something rated general audiences", "general"),
                          ("rated pg", "teen")):
        found = read(fold(text).split())
        assert (found.parts, found.ceiling) == ([], ceiling)
        assert fold(text).split().index("rated") in found.consumed  # no story word
    for text in ("which ones don't have a rating on them", "stories that dont have ratings"):
        assert parts(text) == ([("rating", "not-rated", False)], None)


@pytest.mark.parametrize(("text", "expected"), [
    ("unrated fics", [("rating", "not-rated", False)]),
    ("stuff with no rating", [("rating", "not-rated", False)]),
    ("mature or explicit stuff", [("rating", "mature", False)]),  # the lower one meets it
    ("drabbles? like 100 words", [("length", ":500", False), ("length", "50:150", False)]),
    ("about 2k words", [("length", "1000:3000", False)]),
    ("something 5k+ to sink my teeth into", [("length", "5000:", False)] * 2),
    ("something meaty", [("length", "5000:", False)]),
])
def test_not_rated_either_ratings_approximate_lengths_and_idioms(text, expected):
    assert parts(text)[0] == expected


@pytest.mark.parametrize("text", ["finished f/f, unrated is fine", "angst is ok",
                                  "explicit welcome", "something cozy for a rainy night",
                                  "a comfort read before bed"])
def test_what_is_allowed_or_when_it_is_read_asks_for_nothing(text):
    """ "unrated is fine" widens nothing and narrows nothing; "for a rainy night" is when
    the fan reads, not what the story holds: both are read (consumed), neither is a part."""
    words = fold(text).split()
    found = read(words)
    allowed = {"unrated", "angst", "explicit", "rainy", "night", "bed", "fine", "ok",
               "welcome"}
    assert all(i in found.consumed for i, w in enumerate(words) if w in allowed)
    assert all(p.kind in {"status", "category"} for _i, p in found.parts)


@pytest.mark.parametrize(("text", "expected"), [
    ("a few hundred words", [("length", "200:999", False)]),
    ("a few minutes", [("length", f":{3 * WORDS_PER_MINUTE}", False)]),
    ("just a couple minutes", [("length", f":{2 * WORDS_PER_MINUTE}", False)]),
    ("something i can finish in one sitting", [("length", f":{60 * WORDS_PER_MINUTE}", False)]),
    ("600 words max", [("length", ":600", False)]),
    ("no longer than 500 words", [("length", ":500", False)]),
    ("no less than 500 words", [("length", "500:", False)]),
    ("low angst", [("mood-cap", "angst", True)]),
    ("angst free", [("mood", "angst", True)]),
    ("fluff-free", [("mood", "fluff", True)]),
])
def test_more_lengths_softened_and_free_of_moods(text, expected):
    assert parts(text)[0] == expected


def test_free_of_smut_is_a_ceiling_and_the_readers_mood_is_no_part():
    assert parts("smut free please") == ([], "mature")
    # how the reader feels asks nothing; what would cheer them up is either mood
    assert parts("i'm sad, cheer me up")[0] == [("mood", "fluff or humor", False)]
    assert {0, 1} <= read(fold("i'm sad").split()).consumed


@pytest.mark.parametrize("text", ["something that hurts but ends happy",
                                  "sad with a happy ending", "angsty but with a happy ending",
                                  "angsty but it has to turn out okay",
                                  "break my heart but things need to end well"])
def test_angst_then_a_happy_ending_is_the_fans_tag(text):
    """Angst and fluff never describe one story: a happy ending after angst is "Angst with a
    Happy Ending", not the fluff mood (a happy ending alone still reads as fluff)."""
    assert parts(text)[0] == [("tag", "angst with a happy ending", False)]
    assert parts("romance with a happy ending")[0] == []  # moods: read with the names


def test_a_word_for_either_category():
    found = read(fold("something gay").split())
    (part,) = [p for _i, p in found.parts]
    assert (part.kind, part.forms, part.label) == ("category", ("m/m", "f/f"), "gay")
    assert parts("two girls in love")[0] == [("category", "f/f", False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("something light", [("mood", "fluff or humor", False)]),
    ("i'm sad and need cheering up", [("mood", "fluff or humor", False)]),
    ("something to make me smile", [("mood", "fluff or humor", False)]),
    ("nothing light", [("mood", "fluff or humor", True)]),
])
def test_plain_words_for_either_of_two_moods(text, expected):
    """ "light" is funny or fluffy: one part either mood meets (and "cheering" is no typo of
    "cheating")."""
    assert parts(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("something that takes like 10+ minutes to read", [("length", "2500:", False)]),
    ("more than an hour read", [("length", f"{60 * WORDS_PER_MINUTE}:", False)]),
    ("30 minutes or more", [("length", f"{30 * WORDS_PER_MINUTE}:", False)]),
    ("fics with more than one chapter up", [("status", "multi-chapter", False)]),
    ("finished, multiple chapters", [("status", "complete", False),
                                     ("status", "multi-chapter", False)]),
    ("just one chapter", [("status", "one-shot", False)]),
    ("a long one for the weekend", [("length", "30001:", False)]),
])
def test_reading_times_at_least_and_chapter_counts(text, expected):
    assert parts(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("good omens that isn't shippy", [("category", "gen", False)]),
    ("zero romance", [("category", "gen", False)]),
    ("sad but no death or grief stuff", [("tag", "death", True), ("tag", "grief", True)]),
    ("no crossovers or wips", [("crossover", "crossover", True), ("status", "complete", False)]),
    ("no romance or smut", [("category", "gen", False)]),
])
def test_a_negation_covers_the_list_after_it(text, expected):
    """ "no death or grief": both left out; across "or" a negation reaches a part of any kind
    ("no crossovers or wips" leaves out the wips too: finished ones; tests/search/
    test_negation.py holds the cross product)."""
    assert parts(text)[0] == expected
    assert parts("no romance or smut")[1] == "mature"


@pytest.mark.parametrize(("text", "expected"), [
    ("sub 500 word oneshot", [("length", ":500", False), ("status", "one-shot", False)]),
    ("sub-1k", [("length", ":1000", False)]),
    ("<1k words", [("length", ":1000", False)]),
    (">5k", [("length", "5000:", False)]),
    ("1k-5k", [("length", "1000:5000", False)]),
    ("2-3k words", [("length", "2000:3000", False)]),
    ("500-1000", [("length", "500:1000", False)]),
    ("whats the quickest read you've got", [("order", "shortest", False)]),
    ("the lengthiest one", [("order", "longest", False)]),
])
def test_length_shorthands_and_superlatives(text, expected):
    """ "sub 500", "<1k", "1k-5k", "2-3k" (the k counts for both) and "the quickest read"."""
    assert parts(text)[0] == expected
    assert parts("set in 1990 to 2005")[0] == []  # not round: no range of words


def test_chapters_posted_so_far():
    """ "one chapter up so far" counts the chapters posted (a wip can have one), where "one
    chapter" alone is a one-shot."""
    assert parts("wips with just the first chapter out")[0] == [
        ("status", "in-progress", False), ("status", "one-chapter", False)]
    assert parts("just one chapter")[0] == [("status", "one-shot", False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("any songfics?", [("tag", "songfic", False)]),  # no typo of "longfic"
    ("time loop", [("tag", "time loop", False)]),
    ("modern au", [("tag", "modern au", False)]),
    ("x reader", [("tag", "reader", False)]),
    ("AUs", [("tag", "alternate universe", False)]),
    ("no archive warnings", [("tag", "no archive warnings apply", False)]),
    ("nothing canon compliant", [("tag", "canon-compliant", True)]),
])
def test_kinds_of_fic_fans_name_are_one_phrase(text, expected):
    assert parts(text)[0] == expected


def test_sex_is_the_content_smut_is():
    assert parts("no sex please") == ([], "mature")
    assert parts("spuffy sex")[0] == [("sex", "sexual content", False)]


@pytest.mark.parametrize("text", ["spuffy with no other ships", "just the one pairing",
                                  "no side pairings at all", "single ship only"])
def test_one_pairing_only(text):
    """AO3's one-relationship filter in a fan's words; "no other ships" is not "no ships"."""
    assert parts(text)[0] == [("otp", "one pairing", False)]
    assert parts("no ships")[0] == [("category", "gen", False)]


@pytest.mark.parametrize("who", ["nobody", "no one", "noone"])
@pytest.mark.parametrize("what", ["dies", "dead", "is dead", "ends up dead", "dying",
                                  "gets killed"])
def test_nobody_dying_leaves_out_death_in_every_shape(who, what):
    """ "with nobody dead" is "where nobody dies": no death (it searched "dead" alone)."""
    assert parts(f"angel with {who} {what}")[0] == [("tag", "death", True)]
    assert parts("no deaths please")[0] == [("tag", "death", True)]


@pytest.mark.parametrize("said", ["that's done", "thats actually done", "it's already done",
                                  "that has an ending", "with a proper ending", "got an end",
                                  "that's all wrapped up"])
def test_a_story_said_to_be_over_is_complete(said):
    """ "sterek that's actually done", "one with a proper ending": finished, in the fan's words
    (they searched "done" and "ending" as plot words); "done with" and a happy ending are not."""
    assert parts(f"teen wolf {said} pls")[0] == [("status", "complete", False)]
    assert parts("im done with angst")[0] == []
    assert parts("sterek with a happy ending")[0] == []


@pytest.mark.parametrize("ship", ["a ship", "any pairing", "some ship", "a romantic pairing",
                                  "shipfic"])
def test_a_ship_of_any_kind_is_every_romantic_category(ship):
    """ "finished, and a ship" asks for a romance of any category, not the word "ship" (the
    hobbits' story met it by the elves' ship); a ship one is on is a place, "no ships" gen."""
    either = ("category", "m/m or f/f or f/m or multi", False)
    assert parts(f"complete, and {ship}")[0] == [("status", "complete", False), either]
    assert parts("the one set on a ship")[0] == []
    assert parts("anything in gen")[0] == [("category", "gen", False)]  # a place only for ships
    assert parts("no ships")[0] == [("category", "gen", False)]


@pytest.mark.parametrize("said", ["bro fic", "brofic", "bro fics"])
def test_brofic_is_gen(said):
    """Fandom's "brofic" (brothers or friends, no romance) is gen, not the word "bro" that a
    romance between brothers' friends also holds."""
    assert parts(f"a {said} with the winchesters")[0] == [("category", "gen", False)]
