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


FINAL = DEV.with_name("final.toml")


def test_the_final_held_out_requests_keep_their_measured_level(sample):
    """170 requests by a second helper who never read the search code, measured once at the
    end of the issue-14 work (top-1 fit 0.776, MRR 0.901, 27 of 28 impossible ones honest):
    under the issue's 0.9, so guarded a notch below what was measured, not at the target."""
    figures = evaluate(FINAL, sample)
    print("\n" + "\n".join(figures.lines() + figures.misses))
    assert figures.requests == 170
    assert figures.top1 >= 0.75 and figures.mrr >= 0.88, figures.misses
    assert figures.honest >= figures.impossible - 1
