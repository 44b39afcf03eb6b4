"""Text folding and the fixed word lists the request parser needs (moods, stop words).

Every comparison in the search happens on folded text: no accents, casefolded, punctuation
turned into spaces except the pairing separators "/" and "&", so "Zoë" and "zoe" are one word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from bot.vocabulary import mood_words

# Everyday words and phrases for each mood (bot/vocabulary.py), folded: word or phrase -> mood.
# Matched exactly (after folding), never fuzzily: "said" must not become "sad".
MOOD_WORDS: dict[str, str] = mood_words()

# A mood word's other forms as fans type them ("scared" for scary, "terrified" for terrifying,
# "happier"): words ending like an adjective or a verb ("-ed", "-ing", "-y", "-ier",
# "-iest", "-er", "-est") whose stem is the stem of exactly one mood's word (of four letters at
# least: "cuter" is no "cut"). Plurals and adverbs are left alone ("plot twists", "sweets").
_FORMS = (("ying", "y"), ("ied", "y"), ("iest", "y"), ("ier", "y"), ("ing", ""), ("ed", ""),
          ("est", ""), ("er", ""))
_FEELING_ENDINGS = ("ed", "ing", "y", "ier", "iest", "er", "est")


def _stem(word: str) -> str:
    for ending, put in _FORMS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + put
            break
    if len(word) > 4 and word[-1] in "ye":
        word = word[:-1]
    return word


def _mood_stems() -> dict[str, str]:
    stems: dict[str, set[str]] = {}
    for word in MOOD_WORDS:
        if " " not in word:  # the word itself too: "angstfest" ends like no form
            for stem in {_stem(word), word}:
                stems.setdefault(stem, set()).add(word)
    out = {}
    for stem, found in stems.items():
        moods = {MOOD_WORDS[w] for w in found}
        if len(stem) >= 4 and len(moods) == 1:
            out[stem] = min(found, key=len)
    return out


MOOD_STEMS = _mood_stems()


def mood_form(word: str) -> str | None:
    """The mood word another form of which `word` is ("scared" -> "scary"), or None."""
    if word in MOOD_WORDS or not word.endswith(_FEELING_ENDINGS):
        return None
    found = None
    for ending, put in _FORMS:  # "spooked" -> spooky, "gored" -> gore
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)] + put
            found = next((w for w in (f"{base}y", base, f"{base}e") if w in MOOD_WORDS
                          and len(w) >= 4), None)
            break
    found = found or MOOD_STEMS.get(_stem(word))
    # a past tense is the plot ("spike laughed"), a participle of a feeling the reader's
    # ("scared" scary, "terrified" terrifying)
    if found and word.endswith("ed") and not found.endswith(("y", "ing")):
        return None
    return found


# Words that carry no search meaning in a request ("something sad with spike").
STOP_WORDS = frozenset("""
a an the some something anything any one ones story stories fic fics fanfic fanfics fanfiction
fiction i me my we us you want wanna need looking look find give show recommend rec recs please
pls plz like with about for of in on at to from by is are was were be been it its that this
these those where when who what which while there their them they he she his her him hers
get got gets can could would should will just really very so more most more another other
where then than into onto over under out up down off
but also too have has had having do does did doing go goes going make makes
thing things stuff vibes vibe kinda sorta maybe pls plz please tonight today now read
reading good great nice new set during involving where someone somebody anyone everyone
each other together all got gonna lol lmao omg ok okay hey hi hello thanks thank
bot know knows tell yes am im its ive id youve theres whats how why if as
thats theyre dont cant wont got gotta wanted needs kind sort type lots lot bit
everything nothing read
actually literally honestly basically ideally preferably or nor only being getting person
thatll itll theyll youll whos wouldnt couldnt shouldnt doesnt didnt wasnt werent havent hasnt
theyd youd take takes pairing pairings yet somewhere someplace anywhere both
n w already af lowkey highkey ngl tbh smth sth rn u ur idk imo srsly little
hes shes youre weve theyve still
""".split())

# Words that turn the next phrase into an exclusion ("no major character death", "not Angel").
NEGATIONS = frozenset({"no", "not", "without", "exclude", "excluding", "except", "minus",
                       "nothing", "zero", "never", "non", "isnt", "arent", "avoid", "dont",
                       "nobody", "noone", "neither"})  # "where nobody dies"

# Words that mean "complete only" in a request.
COMPLETE_WORDS = frozenset({"complete", "completed", "finished"})

_SEPARATORS = re.compile(r"\s*(/|&|×|\+)\s*")
_NON_WORD = re.compile(r"[^\w/&×+]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_PLAIN = re.compile(r"[A-Za-z0-9 ]*")


def strip_accents(text: str) -> str:
    if text.isascii():  # nothing to decompose (most text): skips a generator per character
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_REMEMBERED_CHARS = 200  # names and requests; longer text (a story's) is folded afresh


def _remembered(fold_text: Callable[[str], str]) -> Callable[[str], str]:
    """Remember the folds of short text: every engine (each server's shelf is one, opened
    anew as it changes) folds the same few thousand fandom names and aliases, tens of ms of
    held GIL each time. Bounded, and thread-safe like the engines that call it."""
    cached = functools.lru_cache(maxsize=1 << 16)(fold_text)

    @functools.wraps(fold_text)
    def fold_any(text: str) -> str:
        return cached(text) if len(text) <= _REMEMBERED_CHARS else fold_text(text)
    return fold_any


# Once accents are gone, the rewrites below on ASCII text are one table: every character but
# a letter or a digit is a space, the separators stand apart. Punctuation that folding turns
# into spaces anyway (quotes, dashes) is a space at once, so text with curly quotes (most
# stories) takes the table too.
_ASCII_FOLD = str.maketrans({**{chr(c): " " for c in range(128) if not chr(c).isalnum()},
                             "/": " / ", "&": " & ", "+": " + "})
_SPACED = str.maketrans(dict.fromkeys("“”‘„«»‹›—–‐‑", " "))


@_remembered
def fold(text: str) -> str:
    """Casefolded, accent-free, punctuation-free text with "/" and "&" kept as own tokens."""
    if _PLAIN.fullmatch(text):  # letters, digits and spaces only (most titles): the same
        return " ".join(text.lower().split())  # answer without the four rewrites
    text = strip_accents(text).casefold()
    if not text.isascii():
        text = text.replace("’", "'").translate(_SPACED)
    if "'" in text:
        text = _POSSESSIVE.sub("", text).replace("'", "")
    if text.isascii():  # (a story's body: the rewrites were most of the search's reading)
        return " ".join(text.translate(_ASCII_FOLD).split())
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = _SEPARATORS.sub(lambda m: f" {m.group(1)} ", text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return fold(text).split()


@_remembered
def fold_name(text: str) -> str:
    """A vocabulary name folded to a phrase key (separators dropped: "G-man" -> "g man")."""
    return " ".join(w for w in words(text) if w not in {"/", "&"})


def alternation(phrases: Iterable[str]) -> str:
    """Phrases as one regex alternation that, like "a|b" listed longest first, takes the
    longest phrase that lets the rest of its pattern match; laid out as a trie
    ("heart(?:break(?:ing)?|ache)"), so at each place of a request the regex engine reads
    each letter once instead of trying every phrase in turn (the parser's phrase lists run
    to hundreds: they were most of a request's reading). At each letter only one branch can
    go on, and it is tried before the phrase ending there: still the longest first."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _trie_pattern(trie)


_END = ""  # the trie key marking a phrase that ends at its node


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_pattern(rest) for char, rest in node.items()
                if char != _END]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    return f"(?:{'|'.join(branches)}){'?' if _END in node else ''}"
