"""Word families and where a word was found."""

from __future__ import annotations

import pytest

from bot.search.engine import Engine
from bot.search.parts import Part
from bot.search.wordsearch import (
    MAX_PARTS,
    Probes,
    WordHits,
    best_stories,
    family,
    fts_phrase,
    porter_stem,
    searched,
    stem_prefix,
    word_matches,
)
from tests.support.small_catalog import _story, build_catalog


def test_a_word_finds_its_family():
    assert {"driving", "drive", "drives"} <= set(family("driving"))
    assert {"vampire", "vampires"} <= set(family("vampire"))
    assert {"party", "parties"} <= set(family("parties"))
    assert family("ok") == ("ok",)  # short words stay as typed


def test_queries_never_carry_operators():
    assert fts_phrase(['NEAR(', 'a"b']) == '"NEAR(" "a""b"'
    assert stem_prefix("AND").startswith('("AND"')
    assert porter_stem("stitches") == "stitch"


def test_the_best_word_holders_keep_the_stable_order_of_a_full_sort():
    """best_stories takes the top few without sorting every holder: ties keep the order the
    stories were found in, as a full stable sort would."""
    hits = WordHits(weights={"word:tea": 1.0, "word:rain": 0.5})
    found = {1: {"word:tea": "body"}, 2: {"word:tea": "meta"}, 3: {"word:rain": "meta"},
             4: {"word:tea": "body"}, 5: {"word:tea": "meta", "word:rain": "body"},
             6: {"word:rain": "meta"}}
    for n, where in found.items():
        hits.where[n].update(where)
    full = sorted(hits.where, key=lambda n: -hits.score(n))
    assert best_stories(hits, {"word:tea", "word:rain"}, 4) == full[:4] == [5, 2, 1, 3]
    assert best_stories(hits, {"word:rain"}, 10) == [5, 3, 6]
    assert hits.score(2) == 1.0 / 1.5 and hits.score(99) == 0.0



def test_the_best_word_holders_are_ranked_once_a_request():
    """The count of stories a ceiling hides gathers from the same hits as the answer: the
    ranking is made once, and a shorter list is the front of the longer one."""
    hits = WordHits(weights={"word:tea": 1.0, "word:rain": 0.5})
    for n in range(1, 301):
        hits.where[n]["word:tea" if n % 3 else "word:rain"] = "meta" if n % 7 else "body"
    wanted = {"word:tea", "word:rain"}
    first = best_stories(hits, wanted)
    assert len(first) == 150 and list(hits.best) == [frozenset(wanted)]
    hits.where.clear()  # a second ranking would find nothing now
    assert best_stories(hits, wanted, 40) == first[:40]

def test_a_word_probed_before_is_answered_from_memory(small_catalog):
    """An engine keeps its word probes' answers: the same word again reads no index, and
    finds what a fresh probe finds."""
    engine = Engine.open(small_catalog)
    try:
        conn = engine.conn()
        parts = [p for p in engine.parts_of("the one with the coffee shop and the rain")
                 if searched(p)]
        assert parts
        probes = Probes(limit=len(parts))
        first = word_matches(conn, parts, engine.total, probes)
        reads: list[str] = []
        conn.set_trace_callback(reads.append)
        again = word_matches(conn, parts, engine.total, probes)
        conn.set_trace_callback(None)
        fresh = word_matches(conn, parts, engine.total)
        assert reads == []
        for hits in (again, fresh):
            assert (hits.where, hits.chunks, hits.weights, hits.common, hits.absent) == (
                first.where, first.chunks, first.weights, first.common, first.absent)
        word_matches(conn, [Part("word", "spike", "spike", forms=("spike",))], engine.total,
                     probes)
        assert len(probes) == 1  # full: cleared before the new probe was kept
    finally:
        engine.close()


def test_the_weights_found_are_summed_while_probing_as_scoring_sums_them(small_catalog):
    """Scoring every story a probe found (to pick the candidates) summed each one's found
    parts again; they are summed as the probes are read, in the same order, so the scores
    are the same numbers. Two parts of one key leave the sum to scoring."""
    engine = Engine.open(small_catalog)
    try:
        conn = engine.conn()
        parts = [p for p in engine.parts_of("spike walked in the rain and laughed")
                 if searched(p)]
        assert len(parts) >= 3
        hits = word_matches(conn, parts, engine.total)
        assert set(hits.sums) == set(hits.where)
        summed = dict(hits.score_many(list(hits.where)))
        hits.sums.clear()
        hits.scores.clear()
        assert hits.score_many(list(hits.where)) == summed  # summed afresh from `where`
        twice = word_matches(conn, [parts[0], parts[0]], engine.total)
        assert not twice.sums and twice.score_many(list(twice.where))
    finally:
        engine.close()


def test_a_story_excerpt_comes_from_the_chunk_holding_most_weight_first_of_equals():
    """Each hit is coded chunk * MAX_PARTS + the place of its part (weights 1.0, 0.5, 3.0)."""
    def hits_in(*pairs):
        return [chunk * MAX_PARTS + place for chunk, place in pairs]

    hits = WordHits(chunks={1: hits_in((3, 0), (1, 0), (3, 1), (1, 1), (2, 1)),
                            2: hits_in((4, 1), (2, 1)), 3: hits_in((5, 0)),
                            4: hits_in((7, 0), (7, 1), (8, 2))},
                    placed=[1.0, 0.5, 3.0])
    assert [hits.best_chunk(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 5, 8, None]


def test_a_candidates_body_hits_are_grouped_by_passage_once():
    """Scoring a candidate reads its passages (`passages`) and then its best one for the
    excerpt (`best_chunk`), both from its body hits grouped by passage: grouped once (the
    heaviest requests score ~200 candidates with body hits, 16aa), the same answers."""
    class ReadOnce(dict):
        def __init__(self, hits: dict[int, list[int]]) -> None:
            super().__init__(hits)
            self.reads: list[int] = []

        def get(self, n, default=None):
            self.reads.append(n)
            return super().get(n, default)

    chunks = ReadOnce({1: [3 * MAX_PARTS, 1 * MAX_PARTS + 1, 3 * MAX_PARTS + 1],
                       2: [4 * MAX_PARTS + 1]})
    hits = WordHits(chunks=chunks, placed=[1.0, 0.5], weights={"a": 1.0, "b": 0.5})
    fresh = WordHits(chunks=dict(chunks), placed=[1.0, 0.5], weights={"a": 1.0, "b": 0.5})
    for n in (1, 2):
        assert (hits.passages(n), hits.best_chunk(n)) == (fresh.passages(n), fresh.best_chunk(n))
    assert sorted(chunks.reads) == [1, 2]


def _scene(*sentences: str) -> str:
    """One passage (body chunk) of about 1,300 characters: the sentences, then filler."""
    filler = " ".join(f"Filler{i} went on." for i in range(100))
    return " ".join(sentences) + " " + filler[:1300 - sum(len(s) for s in sentences)]


def _plain(title: str, body: str):
    return _story(title, ["a"], "Stargate SG-1", [], [("Daniel Jackson", 1.0)], {}, body)


PLOTS = [
    # the words of "someone sings to open a door", each in a passage of its own
    _plain("Scattered", "\n\n".join([_scene("She would sing in the bath."),
                                     _scene("The market was open late."),
                                     _scene("A door banged somewhere.")])),
    # the same words in one scene
    _plain("Together", "\n\n".join([_scene("Nothing happened for a long time."),
                                    _scene("He had to sing before the door would open."),
                                    _scene("They went home.")])),
    # the rarest word in three passages, the others once
    _plain("Refrain", "\n\n".join([_scene("They sing at dawn.", "The door is old."),
                                   _scene("They sing at noon.", "It will open."),
                                   _scene("They sing at dusk.")])),
    _plain("Garden", _scene("A potted plant on the sill and a window open.")),
    _plain("Bakery", _scene("A warm house and a loaf of bread.")),
]


@pytest.fixture(scope="module")
def plots(tmp_path_factory):
    engine = Engine.open(build_catalog(tmp_path_factory.mktemp("plots") / "catalog.db", PLOTS))
    yield engine
    engine.close()


def _word_scores(engine, request):
    conn = engine.conn()
    hits = word_matches(conn, [p for p in engine.parts_of(request) if searched(p)],
                        engine.total)
    titles = dict(conn.execute("SELECT n, title FROM stories"))
    return {titles[n]: hits.score(n) + hits.passages(n) for n in hits.where}, hits


def test_words_met_in_one_passage_and_in_more_passages_count_more(plots):
    """BM25 in small over the body's passages: each passage holding a word adds less than the
    one before, and words found together in one passage (one scene) count more than the same
    words scattered over the story."""
    scores, hits = _word_scores(plots, "someone sings to open a door")
    assert scores["Together"] > scores["Scattered"]
    assert scores["Refrain"] > scores["Together"]
    one = hits.weights["word:sings"] * 0.5  # a mention: half a summary/tag hit
    assert scores["Refrain"] * hits.whole < 3 * one + sum(hits.weights.values())
    top = plots.recommend("someone sings to open a door", seed=7).matches
    assert [m.card.title for m in top[:3]] == ["Refrain", "Together", "Scattered"]


def test_a_compound_no_story_holds_finds_its_head(plots):
    """'houseplant' in no story: a story with a 'plant' meets it (house + plant, both words of
    the catalog); a word that splits into no two catalog words stays unmet."""
    scores, hits = _word_scores(plots, "a stolen houseplant")
    assert "word:houseplant" not in hits.absent and "Garden" in scores
    scores, hits = _word_scores(plots, "a greenhouseplantzz")
    assert hits.absent == {"word:greenhouseplantzz"}
