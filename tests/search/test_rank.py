"""Scoring: only candidates that can reach the top are scored, each as a full scoring would."""

from __future__ import annotations

from bot.search.engine import ANY, Engine
from bot.search.rank import Ranker
from bot.search.wordsearch import WordHits


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

