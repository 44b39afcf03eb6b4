"""A catalog's vocabulary starts from the knowledge's names, made once per loaded knowledge
(a server's shelf opens an engine on each change) and copied: what one catalog adds never
reaches another."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from bot.catalog.analyse import init_worker
from bot.catalog.export import open_readonly
from bot.catalog.shelf import build_shelf
from bot.catalog.uploads import analyse_upload
from bot.knowledge import DEFAULT_FOLDER, Knowledge
from bot.knowledge.view import from_knowledge
from bot.parsers import Limits
from bot.search import vocab as vocab_module
from bot.search.engine import Engine
from bot.search.text import fold_name
from bot.search.vocab import Vocabulary

TEXTS = Path(__file__).resolve().parents[1] / "fixtures/formats/text"


def _catalog(path: Path, name: str) -> Path:
    story = analyse_upload((TEXTS / name).read_bytes(), name, Limits())
    return build_shelf(path, [(story.story_id(1), story)])


def _names(vocab: Vocabulary) -> tuple:
    return ({key: list(found) for key, found in vocab.phrases.items()},
            {kind: dict(named) for kind, named in vocab.counts.items() if named},
            dict(vocab.ship_names), vocab.character_fandom, vocab.other_names,
            vocab._word_weight, vocab._buckets, vocab.known_words, vocab.max_phrase_words)


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory) -> tuple[Path, Path]:
    init_worker(None, Limits())
    folder = tmp_path_factory.mktemp("vocab")
    return (_catalog(folder / "a.sqlite", "fanficfare.txt"),
            _catalog(folder / "b.sqlite", "ao3_inline_new.txt"))


def test_knowledge_names_made_once(catalogs, monkeypatch) -> None:
    made = []
    add = Vocabulary._add_knowledge
    monkeypatch.setattr(Vocabulary, "_add_knowledge",
                        lambda self, view: (made.append(1), add(self, view))[1])
    knowledge = Knowledge.load(DEFAULT_FOLDER)  # its own: nothing made for it yet
    for path in (*catalogs, catalogs[0]):
        Engine.open(path, knowledge).close()
    assert len(made) == 1
    Engine.open(catalogs[0], knowledge.copy()).close()  # a copy has the same records
    assert len(made) == 1


def test_catalogs_do_not_share_names(catalogs) -> None:
    knowledge = Knowledge.load(DEFAULT_FOLDER)
    first_a = _names(Engine.open(catalogs[0], knowledge).vocab)
    b = Engine.open(catalogs[1], knowledge).vocab
    alone = Engine.open(catalogs[1], Knowledge.load(DEFAULT_FOLDER)).vocab
    assert _names(b) == _names(alone)
    only_a = {fold_name(a) for a in set(first_a[1]["author"]) - set(b.counts["author"])}
    assert only_a and only_a <= set(first_a[0]) and not only_a & set(b.phrases)
    assert _names(Engine.open(catalogs[0], knowledge).vocab) == first_a
    assert vocab_module.known_names(knowledge) is vocab_module.known_names(knowledge)


def test_catalog_vocabulary_shares_what_it_does_not_add_to(catalogs) -> None:
    """The knowledge's lists and word index are shared, not copied, where a catalog adds
    nothing to them (a shelf's engine opens on every change); what it adds is its own."""
    knowledge = Knowledge.load(DEFAULT_FOLDER)
    known = vocab_module.known_names(knowledge)
    before = _names(known)
    vocab = Engine.open(catalogs[0], knowledge).vocab
    untouched = [key for key, found in known.phrases.items() if vocab.phrases[key] == found]
    assert untouched and all(vocab.phrases[key] is known.phrases[key] for key in untouched)
    letters = [k for k, words in known._buckets.items() if vocab._buckets[k] == words]
    assert letters and all(vocab._buckets[k] is known._buckets[k] for k in letters)
    added = set(vocab.phrases) - set(known.phrases)
    assert added and all(vocab.phrases[key] is not known.phrases.get(key) for key in added)
    # what only the knowledge adds to, shared; its known words too, with the catalog's own
    assert vocab.gender is known.gender and vocab.other_names is known.other_names
    assert isinstance(vocab.known_words, vocab_module.LayeredWords)
    assert vocab.known_words._base is known.known_words
    own = set(vocab._new_words) - set(known.known_words)
    assert own and own <= vocab.known_words and known.known_words <= vocab.known_words
    assert not own & known.known_words
    assert _names(known) == before


def test_shared_vocabulary_is_the_one_made_whole(catalogs) -> None:
    """A catalog's vocabulary on the shared knowledge names is the one made from scratch."""
    knowledge = Knowledge.load(DEFAULT_FOLDER)
    for path in catalogs:
        shared = Engine.open(path, knowledge).vocab
        whole = Vocabulary.of_knowledge(from_knowledge(knowledge))
        with contextlib.closing(open_readonly(path)) as conn:
            whole._add_catalog(conn)
        assert whole._base is None and shared._base is not None
        assert _names(shared) == _names(whole)
        assert (shared._title_buckets, shared._named) == (whole._title_buckets, whole._named)


def test_mood_phrases_are_shared(catalogs) -> None:
    """Every catalog's mood phrases are in the shared names (a shelf's engine added its ~300
    again on every change); a catalog's name with a mood's phrase still comes before the
    mood, as in the vocabulary made whole (the test above: catalog b's tag 'Fluff')."""
    knowledge = Knowledge.load(DEFAULT_FOLDER)
    known = vocab_module.known_names(knowledge)
    moods = {key for key, _entity in vocab_module._mood_phrases()}
    assert moods <= set(known.phrases)
    vocab = Engine.open(catalogs[1], knowledge).vocab
    assert [e.kind for e in vocab.phrases["fluff"]][-2:] == ["tag", "mood"]
    untouched = [key for key in moods if vocab.phrases[key] == known.phrases[key]]
    assert len(untouched) > len(moods) - 10
    assert all(vocab.phrases[key] is known.phrases[key] for key in untouched)
