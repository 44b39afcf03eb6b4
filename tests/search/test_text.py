"""Folding text for matching: accents, case and punctuation."""

from __future__ import annotations

import re
import unicodedata

from bot.search.text import MOOD_WORDS, alternation, fold, strip_accents


def test_accents_go_and_plain_text_is_kept_as_it_is():
    assert fold("Café Noël") == "cafe noel"
    assert strip_accents("Zoë Washburne") == "Zoe Washburne"
    plain = "Spike/Buffy & the Scooby's road-trip, 1999"
    assert strip_accents(plain) is plain  # plain ASCII skips the decomposition
    assert fold(plain) == "spike / buffy & the scooby road trip 1999"


def test_folding_ascii_matches_the_full_decomposition():
    for text in ("Angst", "hurt/comfort", "Mr. Pointy", "don't", "x" * 50):
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", text)
                             if not unicodedata.combining(c))
        assert strip_accents(text) == decomposed


def test_plain_titles_fold_as_punctuated_text_does():
    """Letters, digits and spaces take a short path (most titles): the same answer as the
    full rewrite gives for the same words with punctuation around them."""
    cases = {"What She Has": "what she has", "  Tea  for Two 2 ": "tea for two 2", "": "",
             "   ": "", "ANGEL": "angel", "Chapter 12": "chapter 12"}
    for text, folded in cases.items():
        assert fold(text) == folded
        assert fold(text + "!") == folded  # punctuation: the full path, the same words


def test_a_second_engine_folds_no_name_again(tmp_path, monkeypatch):
    """Each server's shelf opens an engine on every change: the fandom names and aliases it
    folds are the same each time, and folding them again held the GIL for tens of ms."""
    import sqlite3

    from bot.catalog.schema import migrate
    from bot.knowledge import Knowledge
    from bot.search import text
    from bot.search.engine import Engine

    catalog = tmp_path / "shelf.sqlite"
    with sqlite3.connect(catalog) as conn:
        migrate(conn)
    knowledge = Knowledge.default()
    Engine.open(catalog, knowledge).close()

    folded: list[str] = []
    pattern = text._NON_WORD

    class Counting:
        def sub(self, repl, string):
            folded.append(string)
            return pattern.sub(repl, string)

    monkeypatch.setattr(text, "_NON_WORD", Counting())
    Engine.open(catalog, knowledge).close()
    assert folded == []
    long = "Bjørn's road-trip, " * 20  # a story's text is folded afresh, never kept
    assert fold(long) == fold(long) and len(folded) == 2


def test_a_story_text_folds_without_the_rewrites_when_its_letters_are_plain(monkeypatch):
    """A story's body is folded whenever the search settles a common word from it: text
    whose letters are ASCII once accents are gone (curly quotes and dashes allowed) takes
    one table instead of the regular expressions, with the same answer."""
    from bot.search import text

    cases = {
        "“Don’t,” Buffy’s voice said — the stake's _tip_ / Spike & Dru + 2²": (
            "dont buffy voice said the stake tip / spike & dru + 22"),
        "Zoë's café:\tnaïve\x1cré-sumé…": "zoe cafe naive re sume",
        "rock'n'roll 'quoted' ‘single’ it’s": "rocknroll quoted single it",
        "a//b&&c++d": "a / / b & & c + + d",
    }
    pattern, rewrites = text._NON_WORD, []

    class Counting:
        def sub(self, repl, string):
            rewrites.append(string)
            return pattern.sub(repl, string)

    monkeypatch.setattr(text, "_NON_WORD", Counting())
    for raw, folded in cases.items():
        for times in (1, 20):  # short text (remembered) and a story's length
            assert fold(" ".join([raw] * times)) == " ".join([folded] * times)
    assert rewrites == []
    # letters that stay non-ASCII (and "×") still take the regular expressions
    assert fold("Bjørn × Åsa’s “døg”") == "bjørn × asa døg" and rewrites


def test_contractions_typed_without_the_apostrophe_are_no_story_words(engine):
    """ "hes in a diner": "he's" folds to "hes", which no story's text holds as a word (the
    index splits "he's"), so it weighed as the rarest word of the request."""
    parsed = engine.understand("hes in a diner and shes sure youre lost, weve theyve")
    assert parsed.free_words == ["diner", "sure", "lost"]

def _inflections(word: str) -> list[str]:
    """Its forms as comparatives and participles (a past tense only of an adjective's verb:
    "scared", "terrified"; "laughed" is the plot)."""
    if word.endswith("y"):
        return [f"{word[:-1]}ied", f"{word[:-1]}ier", f"{word[:-1]}iest", f"{word[:-1]}ed"]
    if word.endswith("ing"):  # "terrified", "cackled": a feeling or the plot, as the verb is
        return []
    if word.endswith("e"):
        return [f"{word[:-1]}ing", f"{word}r", f"{word}st"]
    return [f"{word}ing", f"{word}er", f"{word}est"]


def test_every_mood_word_is_read_in_its_other_forms():
    """Each mood word's forms ending like a feeling ("scared", "terrified", "spooked",
    "happier") read as that mood: the whole vocabulary, not one example."""
    from bot.search.text import MOOD_STEMS, MOOD_WORDS, _stem, mood_form

    checked = 0
    for word in {w for w in MOOD_STEMS.values() if _stem(w) in MOOD_STEMS and w[-2:] != "ie"}:
        for form in _inflections(word):
            if form not in MOOD_WORDS:
                assert MOOD_WORDS[mood_form(form) or word] == MOOD_WORDS[word], form
                assert mood_form(form), form
                checked += 1
    assert checked > 200
    for said, mood in (("scared", "horror"), ("terrified", "horror"), ("happier", "fluff"),
                       ("frightened", "horror"), ("spooked", "horror"),
                       ("thrilled", "adventure"), ("sadder", "angst")):
        assert MOOD_WORDS[mood_form(said) or ""] == mood, said
    for plot in ("scarred", "twists", "sweets", "cuts", "chills", "wanted", "finished",
                 "laughed", "cried", "hugged"):
        assert mood_form(plot) is None, plot


def _plain(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def test_alternation_matches_what_the_phrases_listed_longest_first_match() -> None:
    """The trie takes the same phrase the plain alternation does, wherever it is, with the
    rest of the pattern free to make it back off to a shorter one ("heart" before "s")."""
    phrases = [*MOOD_WORDS, "heart", "heartbreak", "heartbreaking", "k +", "a.b", "x"]
    texts = ["so heartbreaking it hurts", "heartbreaks", "heartbreakings", "k + teen",
             "a.b axb", "not too sad or angsty", "fluffy fluff", "x", ""]
    for tail in (r"\b", "s", r"(?:ing)?\b", ""):
        trie = re.compile(rf"\b(?P<p>{alternation(phrases)}){tail}")
        plain = re.compile(rf"\b(?P<p>{_plain(phrases)}){tail}")
        for text in texts:
            assert [m.span("p") + m.span() for m in trie.finditer(text)] == \
                [m.span("p") + m.span() for m in plain.finditer(text)], (tail, text)
    assert alternation(["heartbreak", "heartache", "heartbreaking"]) == \
        "heart(?:break(?:ing)?|ache)"
    assert alternation([]) == ""
