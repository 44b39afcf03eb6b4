"""The everyday development set (tests/data/requests/dev.toml, written by a helper who never
read the search code) judged by tests/search/evaluate.py: the figures are printed, and the
test fails under the issue's bar (top-1 fit 0.9; every impossible request answered honestly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.ingest import ingest
from bot.search.engine import Engine
from tests.search.evaluate import STORIES, evaluate

DEV = Path(__file__).resolve().parents[1] / "data" / "requests" / "dev.toml"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    catalog = tmp_path_factory.mktemp("everyday") / "catalog.db"
    ingest([str(STORIES)], catalog, workers=1)
    engine = Engine.open(catalog)
    yield engine
    engine.close()


def test_everyday_requests_are_understood_and_answered_honestly(sample):
    figures = evaluate(DEV, sample)
    print("\n" + "\n".join(figures.lines() + figures.misses))
    assert figures.requests >= 110
    assert figures.top1 >= 0.9, figures.misses
    assert figures.honest == figures.impossible
    assert figures.named == figures.impossible


# The held-out sets, each by another helper who never read the search code, measured once at
# the end of a round, then kept as regression tests a notch below (figures: top-1 fit, MRR,
# impossible requests that may fall short of all honest / of the first naming the labelled part).
# final.toml: 0.776 / 0.901 held out; then development data for issue 14d: 0.971 / 0.982,
# 27 of 28 honest and naming. final2.toml, held out after 14d: 0.876 (the issue asks 0.9) /
# 0.901, P@1 0.877, 22 of 24 honest, 21 naming; then development data for issue 14e: final2
# 0.924 / 0.942, 23 and 22 of 24; final 0.976 / 0.982, 28 of 28 ("smut" now reads the content).
# final3.toml (another helper, never read the code), held out after 14e and 14s: 0.871 / 0.894,
# P@1 0.868, 25 of 26 honest, 23 naming the labelled part; then development data for issue
# 14f: final3 0.935 / 0.961, final2 0.935 / 0.946 (24 of 24 honest, 23 naming). With the 163
# fandoms of 13kb final2 loses one ("space monkey and teal'c": "monkey" is the nickname of a
# Hawaii Five-0 character the catalog does not hold): 0.929 / 0.939.
# final4.toml (another helper, never read the code), held out after 14f, 14s2 and 17e: 0.882 /
# 0.913, P@1 0.884, 24 of 24 honest, 21 naming the labelled part (main before them: 0.865 / 0.886);
# then development data for issue 14g: 0.935 / 0.953, 24 and 23 of 24; final2 0.935 / 0.946 again.
# final5.toml (another helper, never read the code), held out after 14g: 0.853 / 0.889, P@1
# 0.855, 25 of 25 honest, 21 naming the labelled part (the tree before 14g: 0.853 / 0.888).
# Development data for issue 14q (plot words): 0.882 / 0.913, P@1 0.890, 25 and 21 of 25;
# final 0.976 -> 0.982, final2 0.935 -> 0.941, final3 0.935 -> 0.941, final4 0.935 there.
# Issue 14p (a grammar of quantities, ratings and negated lists; final5's shapes, never its
# phrases): final5 0.900 / 0.937, P@1 0.910; final2 0.947 / 0.960; final3 0.941 / 0.966; final4
# 0.935 / 0.955 (as before: "not in the mood for romance" read, "dark wip i can follow" lost to
# a near tie of "follow" once horror stories are dark too); dev and final unchanged. final5's
# "nsfw channel so mature is fine…" is lost: a channel is where the fan asks, not an explicit
# part (its label wants M/E stories).
# 14p and 14q merged: final 0.982 / 0.983, final2 0.953 / 0.963, final3 0.947 / 0.968, final4
# 0.941 / 0.957, final5 0.912 / 0.944 (honesty as above).
# final6.toml (another helper, never read the code; quantities, ratings by any name, exclusions
# of several things), held out and measured once on that merged tree: 0.929 / 0.956, P@1 0.938,
# 24 of 25 honest, 22 naming the labelled part (the tree before 14p and 14q: 0.894 / 0.930, 24
# and 22). The dishonest one, "anything with 4 or more chapters", was a comparator between the
# number and its unit, read since: 0.935 / 0.956, 25 and 23 of 25. A pairing typed as a romance
# or a friendship keeps its kind where the catalog holds the pair only the other way (its two
# people asked too, so their story is a near miss naming the pairing unmet): final3 0.953,
# 26 of 26 honest ("kirk/mccoy" over Kirk & McCoy as friends), 24 naming; final4 0.947, 24 of 24.
# final7.toml (another helper, never read the code; paraphrased plots, epithets, ratings the
# catalog cannot meet, two fandoms at once), measured once on the seventh round's merged tree
# (37bc668; no search work that round, 17d's changes answer identically): 0.800 / 0.858, P@1
# 0.811, 21 of 22 honest, 16 naming the labelled part. The 0.9 of final6 did not carry.
# Issue 14r (final7's misses read as general shapes, every set as development data): final7
# 0.906 / 0.919, P@1 0.892, 22 and 22 of 22 (a labelled unmet "rating" where the channel hides
# nothing is named by the unmet rating part); final6 0.959 / 0.966, 25 and 25; final5 0.924 /
# 0.955; final4 0.953 / 0.965; final3 0.959 / 0.971; final and final2 unchanged.
# final8.toml (a helper who never read the code, 170 requests), measured once at the end of the
# eighth round: merged tree 0e09e18 0.906 / 0.929, P@1 0.899, 21 of 22 honest, 21 naming; the
# tree before the round (f4768ee) 0.894 / 0.920, P@1 0.885, 21 and 21.
FINALS = {"final.toml": (0.97, 0.97, 0, 0), "final2.toml": (0.94, 0.95, 0, 1),
          "final3.toml": (0.95, 0.96, 0, 2), "final4.toml": (0.94, 0.96, 0, 0),
          "final5.toml": (0.91, 0.94, 0, 4), "final6.toml": (0.95, 0.96, 0, 0),
          "final7.toml": (0.89, 0.91, 0, 0), "final8.toml": (0.89, 0.91, 1, 1)}


@pytest.mark.parametrize("name", sorted(FINALS))
def test_the_final_requests_keep_their_level(sample, name):
    top1, mrr, dishonest, unnamed = FINALS[name]
    figures = evaluate(DEV.with_name(name), sample)
    print("\n" + "\n".join(figures.lines() + figures.misses))
    assert figures.requests == 170
    assert figures.top1 >= top1 and figures.mrr >= mrr, figures.misses
    assert figures.honest >= figures.impossible - dishonest
    assert figures.named >= figures.impossible - unnamed


def _result(matches, hidden=()):
    from bot.search.model import SearchResult, Understood
    return SearchResult("request", Understood(), tuple(matches), (), 0.0, hidden=hidden)


def _match(path, met, unmet):
    from bot.search.model import Match
    from tests.support.cards import card
    return Match(card(path=path), 1.0, tuple(met), "", tuple(met), tuple(unmet))


@pytest.mark.parametrize("relevant", [[], ["near-miss.txt"]])
def test_an_impossible_request_is_judged_alike_under_both_labelling_conventions(sample,
                                                                               relevant):
    """dev lists the near misses of an impossible request as relevant, final lists none: in
    both, no card or an honest first result naming the labelled unmet part is right, a
    result that names another part (or none) is wrong, and near misses are no answers."""
    from tests.search.evaluate import Figures, judge
    request = {"text": "sherlock wip", "relevant": relevant, "impossible": True,
               "unmet": ["work in progress"]}
    cases = [(_result([]), True),
             (_result([_match("other.txt", ["sherlock"], ["wip"])]), True),
             (_result([_match("near-miss.txt", ["wip"], ["sherlock"])]), False),
             (_result([_match("near-miss.txt", ["sherlock", "wip"], [])]), False)]
    for result, right in cases:
        figures = Figures()
        assert judge(sample, request, result, figures) is right
        assert figures.ranked == []
    rated = {"text": "sad supernatural", "relevant": relevant, "impossible": True,
             "unmet": ["rating"]}
    closest = [_match("other.txt", ["supernatural"], ["sad"])]
    assert judge(sample, rated, _result(closest, hidden=(("mature", 1),)), Figures())
    assert not judge(sample, rated, _result(closest), Figures())


def test_a_rating_no_story_has_is_named_by_its_unmet_part_where_nothing_is_hidden(sample):
    """Where the channel hides nothing (any rating shows), "rating" as the labelled unmet part
    is named by the first result's unmet rating part ("nsfw" over a teen story), not only by
    the note of hidden stories; another unmet part does not name it."""
    from tests.search.evaluate import Figures, judge
    rated = {"text": "nsfw jack/sam", "relevant": [], "impossible": True, "unmet": ["rating"]}
    assert judge(sample, rated, _result([_match("a.txt", ["jack/sam"], ["nsfw"])]), Figures())
    assert not judge(sample, rated, _result([_match("a.txt", ["nsfw"], ["jack/sam"])]),
                     Figures())


def test_the_stories_of_an_everyday_part_are_looked_at_when_nothing_meets_everything(sample):
    """No story of the sample is both wholesome and gen; the mood's stories alone held no gen
    story, so every answer missed "gen" (the weightier part). The category's own stories are
    candidates too once nothing meets the whole request."""
    result = sample.recommend("wholesome gen stuff", seed=7)
    assert result.matches and all(m.unmet for m in result.matches)
    assert "gen" in result.matches[0].met


def test_smut_asks_for_sexual_content_not_only_an_explicit_rating(sample):
    """The sample's explicit stories are rated so for violence or a series: "smut" finds no
    story meeting it (no card presented as smut), while "explicit" still asks for the rating;
    in a teen channel nothing is counted as hidden smut either."""
    from bot.search.model import Filters
    smut = sample.recommend("smut pls", seed=7)
    assert all("smut" in m.unmet for m in smut.matches)
    explicit = sample.recommend("explicit fics", seed=7)
    assert explicit.matches and not explicit.matches[0].unmet
    assert {m.card.rating for m in explicit.matches} == {"explicit"}
    teen = sample.recommend("smut pls", filters=Filters(rating_max="teen"), seed=7)
    assert not teen.matches and not teen.hidden


def test_a_rating_left_out_keeps_the_not_rated_stories_that_read_within_it(sample):
    """ "not rated M" leaves a rating out: a Supernatural story that states no rating and reads
    as teen or lower is still an answer (it used to vanish under the request's ceiling, so
    "destiel that isn't rated M" found nothing). "rated teen or lower" asks for a stated
    rating: no not-rated story answers it."""
    left_out = sample.recommend("supernatural that isnt rated M", limit=10, seed=7)
    ratings = {m.card.rating for m in left_out.matches}
    assert "not-rated" in ratings and not ratings & {"mature", "explicit"}
    asked = sample.recommend("supernatural rated teen or lower", limit=10, seed=7)
    assert asked.matches and {m.card.rating for m in asked.matches} <= {"general", "teen"}


def test_a_rating_named_by_its_letter_is_that_rating(sample):
    """ "fics rated T" asks for teen-rated stories: a general one does not meet it (the
    ceiling alone ranked general stories first)."""
    result = sample.recommend("fics rated T", limit=10, seed=7)
    assert result.matches and {m.card.rating for m in result.matches if not m.unmet} == {"teen"}
    assert result.matches[0].card.rating == "teen"


def test_stories_with_one_chapter_posted_are_found_by_that_alone(sample):
    result = sample.recommend("one chapter posted so far", limit=5, seed=7)
    assert result.matches and not any(m.unmet for m in result.matches)


def test_a_kind_of_being_is_who_is_one_not_the_fandoms_name(sample):
    """Every BtVS story holds "vampire" in its fandom's name, so "no vamps" was unmet by all of
    them; now a vampire character (knowledge: Spike, Drusilla…) or the word in the text is
    what counts, and "werewolf fic" finds the werewolves' stories."""
    result = sample.recommend("buffy the vampire slayer but no vamps", limit=5, seed=7)
    assert result.matches and not any(m.unmet for m in result.matches)
    assert not any({"Spike", "Drusilla", "Angel"} & set(m.card.characters)
                   for m in result.matches)
    wolves = sample.recommend("werewolf fic", limit=3, seed=7)
    assert wolves.matches and not wolves.matches[0].unmet


def test_one_pairing_only_finds_stories_by_that_alone(sample):
    result = sample.recommend("just the one pairing", limit=5, seed=7)
    assert result.matches and not any(m.unmet for m in result.matches)


@pytest.mark.parametrize("shape", ["anything but fandoms with {w} in them", "no shows with {w}",
                                   "fandoms with {w}"])
@pytest.mark.parametrize("being", ["vampires", "witches", "hobbits", "werewolves", "demons"])
def test_fandoms_with_a_kind_of_being(sample, shape, being):
    """ "fandoms with vampires" are the fandoms whose stories hold one (BtVS and Angel here,
    not Supernatural, whose stories hold none): left out after a negation, asked otherwise."""
    text = shape.format(w=being)
    (part,) = [p for p in sample.parts_of(text) if p.kind == "fandom"]
    held = set(part.forms) or {part.value}
    assert held and part.negated == (not text.startswith("fandoms"))
    result = sample.recommend(text, limit=10, seed=7)
    assert result.matches and not result.matches[0].unmet
    for match in result.matches:
        if not match.unmet:
            assert bool(held & set(match.card.fandoms)) != part.negated, (text, match.card)
    if being == "vampires":
        assert held == {"Buffy the Vampire Slayer", "Angel: the Series"}
