"""A shelf's new engine takes over the last one's vocabulary and completes it with only the
uploads that changed (16w): after any series of uploads added and removed, the carried
vocabulary is the one a whole load of the same file makes (a removed upload's names and words
leave it, or count as the stories left give them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.analyse import init_worker
from bot.catalog.export import open_readonly
from bot.catalog.shelf import build_shelf
from bot.catalog.uploads import analyse_upload
from bot.knowledge import Knowledge
from bot.parsers import Limits
from bot.search import vocab_carry
from bot.search.engine import Engine
from bot.search.vocab import Vocabulary, known_names

TEXTS = Path(__file__).resolve().parents[1] / "fixtures/formats/text"
NAMES = ("fanficfare.txt", "ao3_inline_new.txt", "ao3_indented_old.txt", "ffnet_meta.txt",
         "tumblr_for.txt", "the_long_road.txt", "ao3_webcopy.txt", "plain_titled.txt")


def state(vocab: Vocabulary) -> dict:
    """Every table a search reads (each phrase's entities in order; the phrases themselves in
    any: a carried layer's new ones come last, and nothing reads them in order)."""
    return {
        "phrases": sorted((k, list(v)) for k, v in vocab.phrases.items()),
        "own phrases": sorted(vocab.phrases.own()),  # type: ignore[attr-defined]
        "named": sorted((k, list(v)) for k, v in vocab._named.items()),
        "counts": [(kind, list(named.items())) for kind, named in vocab.counts.items()],
        "titles": (sorted(vocab.title_words), list(vocab._title_counts.items())),
        "weights": sorted(vocab._word_weight.items()),
        "known words": sorted(vocab.known_words), "buckets": sorted(vocab._buckets.items()),
        "title buckets": sorted(vocab._title_buckets.items()),
        "by member": sorted((k, v) for k, v in vocab.by_member.items() if v),
        "by initials": sorted((k, v) for k, v in vocab.by_initials.items() if v),
        "characters": vocab.character_fandom, "ships": dict(vocab.ship_names),
        "longest": vocab.max_phrase_words}


@pytest.fixture(scope="module")
def uploads():
    init_worker(None, Limits())
    return [(f"up-{i}", analyse_upload((TEXTS / name).read_bytes(), name, Limits()))
            for i, name in enumerate(NAMES)]


def _load(path: Path, known: Vocabulary, previous: Vocabulary | None = None) -> Vocabulary:
    conn = open_readonly(path)
    try:
        return Vocabulary.load(conn, known, previous)
    finally:
        conn.close()


# each change: (uploads added, uploads removed), by place in NAMES; the same one added twice
# over (its names counted twice), then each copy removed, and uploads sharing names removed
CHANGES = [([1], []), ([2, 3], []), ([], [0]), ([4], [1]), ([5, 0], []), ([], [2, 3]),
           ([6, 7], [4]), ([], [5]), ([1, 2], [6]), ([], [0, 1, 7]), ([3], [2])]


def test_carried_vocabulary_is_a_whole_load(uploads, tmp_path) -> None:
    known = known_names(Knowledge.default())
    path = build_shelf(tmp_path / "0.sqlite", [uploads[0]])
    previous = _load(path, known)
    held = {0}
    for i, (added, removed) in enumerate(CHANGES, 1):
        nxt = build_shelf(tmp_path / f"{i}.sqlite", [uploads[n] for n in added], base=path,
                          remove=[uploads[n][0] for n in removed])
        held = (held | set(added)) - set(removed)
        carried = _load(nxt, known, previous)
        assert carried is not None and carried._carrying is not None  # carried, not loaded
        assert state(carried) == state(_load(nxt, known)), (i, added, removed)
        previous, path = carried, nxt


def test_a_carry_hands_its_tracking_on(uploads, tmp_path) -> None:
    known = known_names(Knowledge.default())
    first = build_shelf(tmp_path / "a.sqlite", uploads[:2])
    second = build_shelf(tmp_path / "b.sqlite", uploads[2:3], base=first, remove=[])
    previous = _load(first, known)
    carried = _load(second, known, previous)
    assert previous._carrying is None and carried._carrying is not None
    # the old one carried again (its tracking made anew): still a whole load's vocabulary
    assert state(_load(second, known, previous)) == state(carried)


def test_learned_rows_mean_a_whole_load(uploads, tmp_path, monkeypatch) -> None:
    known = known_names(Knowledge.default())
    path = build_shelf(tmp_path / "a.sqlite", uploads[:1])
    previous = _load(path, known)
    previous._learned = [("ship", "x", "a/b")]
    monkeypatch.setattr(vocab_carry, "track", lambda v: pytest.fail("carried"))
    assert state(_load(path, known, previous)) == state(_load(path, known))


def test_engine_open_takes_the_previous_engines_vocabulary(uploads, tmp_path) -> None:
    knowledge = Knowledge.default()
    first = build_shelf(tmp_path / "a.sqlite", uploads[:3])
    second = build_shelf(tmp_path / "b.sqlite", uploads[3:4], base=first,
                         remove=[uploads[1][0]])
    old = Engine.open(first, knowledge, suggestions=False, one_connection=True, freeze=False)
    new = Engine.open(second, knowledge, suggestions=False, one_connection=True,
                      freeze=False, previous=old)
    whole = Engine.open(second, knowledge, suggestions=False, one_connection=True,
                        freeze=False)
    try:
        assert new.vocab._carrying is not None
        assert state(new.vocab) == state(whole.vocab)
        for request in ("fluff", "angst", "the long road", "something sad"):
            assert ([m.card.id for m in new.recommend(request).matches]
                    == [m.card.id for m in whole.recommend(request).matches])
    finally:
        for engine in (old, new, whole):
            engine.close()


def test_the_writers_change_spares_reading_the_vocabulary(uploads, tmp_path,
                                                          monkeypatch) -> None:
    """A shelf's writer (the upload worker) hands on the vocabulary rows its build changed
    from the base file's: the new engine's open then reads none of the file's names to find
    them (16y), and its vocabulary is still a whole load's after every change."""
    from bot.catalog.shelf import write_shelf
    known = known_names(Knowledge.default())
    path = build_shelf(tmp_path / "0.sqlite", [uploads[0]])
    previous = _load(path, known)
    whole_read = vocab_carry._read_whole
    monkeypatch.setattr(vocab_carry, "_read_whole",
                        lambda *a: pytest.fail("the file's names read to compare"))
    for i, (added, removed) in enumerate(CHANGES, 1):
        nxt = tmp_path / f"{i}.sqlite"
        change = write_shelf(nxt, [(uploads[n][0], uploads[n][1].record) for n in added],
                             path, [uploads[n][0] for n in removed])
        assert change is not None
        conn = open_readonly(nxt)
        try:
            carried = Vocabulary.load(conn, known, previous, change)
        finally:
            conn.close()
        assert carried._carrying is not None  # carried, not loaded
        with monkeypatch.context() as m:
            m.setattr(vocab_carry, "_read_whole", whole_read)
            assert state(carried) == state(_load(nxt, known)), (i, added, removed)
        previous, path = carried, nxt
    assert write_shelf(tmp_path / "whole.sqlite", [(uploads[0][0], uploads[0][1].record)],
                       None, ()) is None  # no base: nothing to compare with
