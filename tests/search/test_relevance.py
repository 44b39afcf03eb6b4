"""Relevance of the search over the sample catalog: MRR and precision@1 of tests/search/
relevance.toml, printed, and failing if any request's answer is not first (MRR and P@1 1.000)."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from bot.catalog.ingest import ingest
from bot.search.engine import Engine

REPO = Path(__file__).resolve().parents[2]
STORIES = REPO / "data" / "stories"
SEEDS = REPO.parent / "shared" / "seeds"  # the two real stories; CI has them beside the repo
SEED_NAMES = {"000_249ac26c44cd4879.txt", "003_2d0561438f38f227.txt"}
REQUESTS = [r for r in
            tomllib.loads((Path(__file__).with_name("relevance.toml")).read_text())["request"]
            if SEEDS.is_dir() or not r.get("needs_seeds")]
MIN_MRR, MIN_P1, DEPTH = 1.0, 1.0, 10  # the set stays whole: every request first


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory):
    if not any(STORIES.glob("*")):
        pytest.skip("data/stories is empty")
    catalog = tmp_path_factory.mktemp("relevance") / "catalog.db"
    ingest([str(STORIES), *([str(SEEDS)] if SEEDS.is_dir() else [])], catalog, workers=1)
    engine = Engine.open(catalog)
    yield engine
    engine.close()


def test_relevance_set_is_well_formed():
    names = {p.name for p in STORIES.glob("*")} | SEED_NAMES
    kinds = {r["kind"] for r in REQUESTS}
    assert len(REQUESTS) >= 60
    assert {"pairing", "ship", "nickname", "character", "mood", "fandom", "title", "author",
            "about", "combo", "exclusion", "typo"} <= kinds
    for request in REQUESTS:
        missing = [f for f in request["relevant"] if names and f not in names]
        assert not missing, f"{request['text']!r} lists unknown files {missing}"


def test_mrr_and_precision_at_1(sample_engine):
    reciprocal, hits, misses = [], 0, []
    by_kind = defaultdict(list)
    for request in REQUESTS:
        result = sample_engine.recommend(request["text"], limit=DEPTH, seed=7)
        files = [Path(m.card.path or "").name for m in result.matches]
        rank = next((i for i, f in enumerate(files, 1) if f in request["relevant"]), None)
        rr = 1 / rank if rank else 0.0
        reciprocal.append(rr)
        by_kind[request["kind"]].append(rr)
        hits += rank == 1
        if rank != 1:
            misses.append(f"  {request['text']!r}: rank {rank}, got {files[:3]}")
    mrr = sum(reciprocal) / len(reciprocal)
    p1 = hits / len(REQUESTS)
    print(f"\nrelevance over {len(REQUESTS)} requests: MRR {mrr:.3f}, P@1 {p1:.3f}")
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:10s} n={len(values):2d} MRR {sum(values) / len(values):.3f}")
    if misses:
        print("not first:\n" + "\n".join(misses))
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} < {MIN_MRR}"
    assert p1 >= MIN_P1, f"P@1 {p1:.3f} < {MIN_P1}"
