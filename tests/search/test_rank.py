"""Scoring: only candidates that can reach the top are scored, each as a full scoring would."""

from __future__ import annotations

from dataclasses import replace

from bot.search import rank
from bot.search.engine import ANY, Engine, Filters
from bot.search.rank import Ranker, filter_sql
from bot.search.wordsearch import WordHits
from tests.support.small_catalog import _story, build_catalog


def _summarised(i: int, summary: str, moods: dict[str, float] | None = None):
    """A plain story of the small catalog's shape whose summary says `summary`."""
    return _story(f"Untitled {i}", [f"writer{i}"], "Original Work", [],
                  [(f"Person {i}", 1.0)], moods or {}, f"Plain body number {i}.",
                  summary=summary)


def _facts_read(monkeypatch) -> list[int]:
    """The story numbers whose facts the ranker loads from now on, in order."""
    read: list[int] = []
    load_facts = rank.load_facts

    def counting(conn, numbers, *args, **kwargs):
        read.extend(numbers)
        return load_facts(conn, numbers, *args, **kwargs)

    monkeypatch.setattr(rank, "load_facts", counting)
    return read


def _checked(engine: Engine, text: str, seed: int) -> Ranker:
    conn = engine.conn()
    parsed = engine.understand(text)
    ranker = engine._ranker(conn, parsed, parsed.parts(), ANY, seed)
    ranker.gather({}, WordHits())
    ranker.check()
    return ranker


def test_candidates_below_the_top_levels_are_not_scored(small_catalog):
    engine = Engine.open(small_catalog)
    try:
        lazy = _checked(engine, "spike/buffy fluff", seed=5)
        whole = _checked(engine, "spike/buffy fluff", seed=5)
        pool = list(lazy.candidates.values())
        levels = sorted({c.level for c in pool}, reverse=True)
        assert len(levels) > 1  # some candidates meet less than others
        lazy._score_contenders(pool, 1)  # the first level fills one place
        whole._score_contenders(list(whole.candidates.values()), len(pool))
        scored = {c.n for c in pool if c.scored}
        assert scored == {c.n for c in pool if c.level == levels[0]}
        # a candidate scores the same whichever others are scored (its jitter included)
        assert all(lazy.candidates[n].score == whole.candidates[n].score for n in scored)
        assert all(c.score > 0 for c in whole.candidates.values())
    finally:
        engine.close()



def test_excluded_pairings_are_checked_against_a_storys_own_rows(small_catalog):
    """A rule for every ship of a character is dozens of keys: each story's few pairings are
    read and checked against them, never a seek per excluded key (several per story)."""
    engine = Engine.open(small_catalog)
    try:
        conn = engine.conn()
        keys = sorted(engine.vocab.counts["relationship"])
        excluded = replace(ANY, exclude_pairings=tuple(keys),
                           exclude_fandoms=("Supernatural",))
        where, params = filter_sql(excluded)
        plan = " | ".join(row[3] for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT s.n FROM stories s WHERE {where}", params))
        assert "ex USING PRIMARY KEY (story=?)" in plan and "key=?" not in plan, plan
        assert "fandoms_name" not in plan, plan
        kept = {n for (n,) in conn.execute(f"SELECT s.n FROM stories s WHERE {where}", params)}
        holding = {n for (n,) in conn.execute(
            "SELECT story FROM relationships UNION "
            "SELECT story FROM fandoms WHERE name = 'Supernatural'")}
        assert kept == {n for (n,) in conn.execute("SELECT n FROM stories")} - holding
    finally:
        engine.close()


def test_a_request_of_words_reads_the_rows_of_the_stories_that_can_reach_the_top(
        tmp_path, monkeypatch):
    """ "the one where they …": words alone are judged from where the words were found, so a
    candidate's own row is read only when it can be among those ranked for the answer (a
    story holding one of two words cannot, when 40 hold both)."""
    both = [_summarised(i, "a lantern in the harbor") for i in range(40)]
    one = [_summarised(i, "a lantern in the attic") for i in range(40, 60)]
    engine = Engine.open(build_catalog(tmp_path / "words.db", both + one))
    read = _facts_read(monkeypatch)
    try:
        result = engine.recommend("lantern harbor", seed=2)
        holding_both = {n for n, in engine.conn().execute(
            "SELECT n FROM stories WHERE summary LIKE '%harbor%'")}
        assert len(result.matches) == 5 and not any(m.unmet for m in result.matches)
        assert read and set(read) <= holding_both  # no row of a one-word story was read
    finally:
        engine.close()


def test_a_plot_in_the_summary_outranks_a_body_that_merely_holds_more_of_its_words(tmp_path):
    """ "wants to buy the whole place": the story whose summary says Anya wants to buy the
    alley comes before one whose body holds 'buy', 'whole' and 'place' among other things. A
    word only the body holds counts half of what it counts in a summary, title or tags, and
    a word most stories hold ('wants', 'whole') half again; the body-only story still meets
    every word it holds."""

    def story(title, body, summary=None):
        return _story(title, ["a"], "Buffy the Vampire Slayer", [], [("Xander Harris", 1.0)],
                      {}, body, summary=summary)

    stories = [story("Lanes", "Bowling night at the alley, with shoes.",
                     summary="Anya wants to buy the bowling alley."),
               story("Streetlights", "She could buy the whole town. The place was dark.")]
    stories += [story(f"Filler {i}", f"Everyone wants the whole day off, {i} times.")
                for i in range(20)]
    engine = Engine.open(build_catalog(tmp_path / "catalog.db", stories))
    try:
        top = engine.recommend("she wants to buy the whole place", seed=3).matches
        assert [m.card.title for m in top[:2]] == ["Lanes", "Streetlights"]
        assert set(top[1].met) == {"buy", "whole", "place"}
    finally:
        engine.close()


def test_a_search_reads_its_request_once_even_when_it_counts_above_the_ceiling(
        small_catalog, monkeypatch):
    """A request's parts are made once per search ("sad spuffy": the title lookup, which
    looks a title of common words up only for a request of no parts, made them all to ask),
    and the count of the stories above the ceiling ("spuffy grave" at teen: the mature story
    is counted, never shown) reads the request from the search's own `Reading` instead of
    reading it again."""
    from bot.search import request

    made = {"parts": 0, "readings": 0}
    parts, reading = request.Parsed.parts, rank.Reading.__init__

    def counted_parts(self):
        made["parts"] += 1
        return parts(self)

    def counted_reading(self, *args):
        made["readings"] += 1
        reading(self, *args)

    monkeypatch.setattr(request.Parsed, "parts", counted_parts)
    monkeypatch.setattr(rank.Reading, "__init__", counted_reading)
    engine = Engine.open(small_catalog)
    teen = replace(ANY, rating_max="teen")
    try:
        assert engine.recommend("sad spuffy", filters=teen).matches
        assert made == {"parts": 1, "readings": 1}
        result = engine.recommend("spuffy grave", filters=teen)
        assert result.hidden == (("mature", 1),)
        assert made == {"parts": 2, "readings": 2}
    finally:
        engine.close()


def test_candidates_that_cannot_meet_as_much_as_the_top_are_never_read(tmp_path, monkeypatch):
    """ "the one where they … quiet …": a word that reads as a mood brings the mood's stories
    as candidates, most of them holding none of the other words. Where the stories holding
    the words fill the places the answer orders, a candidate whose most (the mood and the
    words it was found with) stays below what they meet is never judged, its facts unread;
    the answer is the one every candidate judged gives."""
    fluff = {"fluff": 0.9}
    both = [_summarised(i, "a lantern in the harbor", fluff) for i in range(40)]
    mood_only = [_summarised(i, "an afternoon at home", fluff) for i in range(40, 100)]
    engine = Engine.open(build_catalog(tmp_path / "moods.db", both + mood_only))

    def answer(text: str):
        result = engine.recommend(text, seed=3)
        return [(m.card.id, m.score, m.reasons, m.excerpt, m.met, m.unmet)
                for m in result.matches]

    read = _facts_read(monkeypatch)
    check = Ranker.check
    try:
        holding = {n for n, in engine.conn().execute(
            "SELECT n FROM stories WHERE summary LIKE '%harbor%'")}
        bounded = answer("cozy lantern harbor")
        assert len(bounded) == 5 and not any(m[5] for m in bounded)
        assert read and set(read) <= holding  # no mood-only story's facts were read
        monkeypatch.setattr(Ranker, "check", lambda self, places=None: check(self))
        read.clear()
        assert answer("cozy lantern harbor") == bounded  # every candidate judged
        assert set(read) > holding
    finally:
        engine.close()


def test_a_sources_stories_are_read_once_per_engine_and_answer_as_a_fresh_read(small_catalog):
    """A mood's best stories (and a pairing's, a character's) are read from the catalog once
    per engine and set of filters: the same request again, or another asking the same mood,
    reads them from memory, and answers as a fresh engine does."""
    first = Engine.open(small_catalog)
    fresh = Engine.open(small_catalog)
    try:
        statements: list[str] = []
        first.conn().set_trace_callback(statements.append)

        def mood_reads() -> int:
            return sum("FROM moods WHERE mood" in sql for sql in statements)

        def answer(engine: Engine, text: str, filters=ANY):
            result = engine.recommend(text, filters=filters, seed=7)
            return [(m.card.id, m.score, m.reasons, m.met, m.unmet) for m in result.matches]

        kept = answer(first, "spike/buffy fluff")
        assert mood_reads() == 1
        again = answer(first, "spike/buffy fluff")
        also = answer(first, "fluff willow")
        assert mood_reads() == 1  # fluff's stories (and the pairing's) read once
        assert again == kept == answer(fresh, "spike/buffy fluff")
        assert also == answer(fresh, "fluff willow")
        teen = Filters(rating_max="teen")  # other filters: another read
        assert answer(first, "spike/buffy fluff", teen) == answer(fresh, "spike/buffy fluff",
                                                                  teen)
        assert mood_reads() == 2
    finally:
        first.close()
        fresh.close()
