"""Understanding a request: pairings, characters, moods, fandoms, authors, exclusions, free text.

The request is folded into words; unknown words are typo-corrected against the vocabulary; the
longest known phrases are then read left to right, each with every meaning it can have; pairings
are assembled from character phrases around a separator ("/", "x", "&", "and", "+") or from
initials ("B/S"); finally each phrase keeps its strongest meaning in context (a fandom named in
the request decides between two "Sam"s, "in Angel" is the show). Titles need the catalog and are
matched by the engine on what is left.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.everyday import LEXICON, numbers, read
from bot.search.parts import Part
from bot.search.synonyms import forms
from bot.search.text import MOOD_WORDS, NEGATIONS, STOP_WORDS, fold, fold_name, mood_form
from bot.search.vocab import W_CANONICAL, W_NICKNAME, W_PART, Entity, Vocabulary
from bot.vocabulary import MODIFIER_WORDS, MOOD_CONTRADICTIONS, MOOD_FAMILY, RelationshipKey

MAX_REQUEST_CHARS = 300
_SEPARATORS = {"/": "romantic", "x": "romantic", "×": "romantic", "+": "any", "&": "platonic",
               "and": "any"}
_FANDOM_CUES = {"in", "from", "fandom"}
# Words after a name that make it the show: "buffy edition", "spn fandom", "the buffyverse".
_FANDOM_AFTER = {"edition", "fandom", "verse", "universe", "canon", "series", "show"}
# Between two names of one kind, these make a list that a negation in front covers ("except
# btvs & spn") or, for "or", either of them ("atla or star trek").
_LIST_JOINERS = {"&", "or", "nor", "and"}
# "don't" asks to leave something out only before a verb of asking ("don't want angst");
# elsewhere it is the story's plot ("so they don't forget").
_ASKING = {"want", "wanna", "need", "like", "include", "give", "show", "recommend", "rec",
           "care", "mind", "do", "send", "suggest"}
_KIND_ORDER = {"relationship": 0, "character": 1, "mood": 2, "fandom": 3, "author": 4, "tag": 5}
_PRE = ((re.compile(r"\bhurt\s*/\s*no\s+comfort\b", re.I), " hurt no comfort "),
        (re.compile(r"\bh\s*/\s*c\b", re.I), " hurt comfort "),
        (re.compile(r"\bhurt\s*/\s*comfort\b", re.I), " hurt comfort "),
        # a dislike is an exclusion: "i hate angst", "skip the smut", "not a fan of crack"
        (re.compile(r"\b(?:i (?:really |just )?(?:hate|dislike|can'?t stand|don'?t do)"
                    r"|(?:please )?skip(?: the| any)|not a fan of|not into"
                    r"|(?:i'?m |i am )?not in the mood for(?: any(?:thing)?)?"
                    r"|(?:i )?can'?t (?:handle|deal with|do|take)(?: any(?:thing)?)?)\b", re.I),
         " no "),
        # a search box's minus: "fluff -spike" leaves Spike out (a word's own hyphen stays)
        (re.compile(r"(?:^|(?<=\s))-(?=[^\W\d_])"), "no "),
        # "something that feels like a hug": a comparison, not "feels" (emotional, angst)
        (re.compile(r"\b(?:feels|feel|feeling)\s+(?=like\b)", re.I), ""),
        # "the single most devastating", "the very most": the superlative alone
        (re.compile(r"\b(?:single|very|absolute|actual)\s+(?=most\b)", re.I), ""),
        (re.compile(r"\bw\s*/\s*o\b", re.I), " without "),  # "w/o", "w/": shorthand
        (re.compile(r"\bw\s*/(?=\s|$)", re.I), " with "))
MIN_SIMILARITY = 0.74
_ALL_BUT = {"anything", "everything", "all", "something", "whatever"}
# "outside of btvs" leaves out the fandom ("from" is a fandom cue), "other than destiel" a name
_LEAVING_OUT = {"outside": ("of", "from"), "other": ("than", "than"),
                "apart": ("from", "from"), "aside": ("from", "from")}
_OR = {"or", "nor"}  # after something left out, the next is left out too
_A_PLACE = {"the", "a", "an", "my", "his", "her", "their", "our", "your", "its", "this", "that"}
GONE = "\x00"  # a word the everyday reader took ("gen", "short"): no name, no search word


@dataclass(slots=True)
class Span:
    start: int
    end: int
    entities: list[Entity]
    confidence: float  # typo penalty of the words (1.0 when typed exactly)
    negated: bool = False
    chosen: Entity | None = None
    consumed: bool = False  # part of a pairing
    wholly: bool = False  # negated, and not in the story at all ("buffy doesn't show up")
    lead: bool = False  # beside "pov" / "centric": a character who leads the story


@dataclass(slots=True)
class Parsed:
    text: str
    relationships: list[tuple[str, float, str]] = field(default_factory=list)  # key, conf, kind
    characters: list[tuple[str, float]] = field(default_factory=list)
    moods: list[tuple[str, float]] = field(default_factory=list)
    fandoms: list[tuple[str, float]] = field(default_factory=list)
    authors: list[tuple[str, float]] = field(default_factory=list)
    tags: list[tuple[str, float]] = field(default_factory=list)
    free_words: list[str] = field(default_factory=list)  # as typed (folded)
    title_words: list[str] = field(default_factory=list)  # content words, typo-corrected
    exclude_characters: list[str] = field(default_factory=list)
    exclude_tags: list[str] = field(default_factory=list)
    exclude_moods: list[str] = field(default_factory=list)
    exclude_relationships: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    exclude_fandoms: list[str] = field(default_factory=list)
    hint_words: set[str] = field(default_factory=set)  # searched to rank, not asked for
    corrections: dict[str, str] = field(default_factory=dict)
    missing_members: list[tuple[str, str]] = field(default_factory=list)  # pairings not held
    everyday: list[tuple[int, Part]] = field(default_factory=list)  # (position, part)
    ceiling: str | None = None  # "nothing explicit", "teen rated": never above this
    ceiling_avoids: bool = False  # the ceiling only leaves ratings out ("isn't rated M")
    # (kind, value, negated) -> (word position, the request's words for it)
    said: dict[tuple[str, str, bool], tuple[int, str]] = field(default_factory=dict)
    # names of one kind joined by "or" ("atla or star trek"): one part met by either
    either: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # (kind, value) of names asked absent ("buffy doesn't show up"): no appearance at all
    wholly: set[tuple[str, str]] = field(default_factory=set)
    beings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word -> who is it
    modifiers: dict[str, str] = field(default_factory=dict)  # pairing -> "past", "one-sided"
    leads: set[str] = field(default_factory=set)  # characters asked to lead ("spike pov")
    # "fandoms with vampires": (the word for the beings, left out?, word position, words),
    # resolved by the engine to the catalog's fandoms whose stories hold one of them
    being_fandoms: list[tuple[str, bool, int, str]] = field(default_factory=list)
    grouped: list[tuple[int, Part]] = field(default_factory=list)  # parts made whole elsewhere

    @property
    def free_text(self) -> str:
        return " ".join(self.free_words)

    def note(self, kind: str, value: str, negated: bool, position: int, words: str) -> None:
        self.said.setdefault((kind, value, negated), (position, words))

    def parts(self) -> list[Part]:
        """Every part of the request in the order it was asked, each once."""
        found: list[tuple[int, Part]] = [*self.everyday, *self.grouped]
        grouped = {(kind, value, False) for kind, values in self.either for value in values}
        for kind, values in self.either:
            said = [self.said.get((kind, v, False), (999, v)) for v in values]
            found.append((min(said)[0], Part(kind, " or ".join(values),
                                             " or ".join(dict.fromkeys(w for _p, w in said)),
                                             False, values)))
        for kind, value, negated in [*self._asked(), *self._avoided()]:
            if (kind, value, negated) in grouped:
                continue
            position, label = self.said.get((kind, value, negated), (999, value))
            more = forms(value) if kind == "word" else _family(value) \
                if kind == "mood" and not negated else ()
            found.append((position, Part(kind, value, label, negated, more,
                                         negated and (kind, value) in self.wholly,
                                         self.beings.get(value, ()) if kind == "word" else (),
                                         self.modifiers.get(value, "") if kind == "pairing"
                                         else "",
                                         kind == "character" and value in self.leads)))
        unique: dict[str, tuple[int, Part]] = {}
        for position, part in found:
            unique.setdefault(part.key, (position, part))
        return [part for _p, part in sorted(unique.values(), key=lambda item: item[0])]

    def has_parts(self) -> bool:
        """Whether `parts()` would name any part, without making them (a title lookup asks
        before the parts are made)."""
        return bool(self.everyday or self.grouped or self.either or self._asked()
                    or self._avoided())

    def named_characters(self) -> set[str]:
        """Every character the request names, alone or in a pairing."""
        return {n for n, _c in self.characters} | {
            m for label, _c, _k in self.relationships
            for m in RelationshipKey.parse(label).members}

    def _asked(self) -> list[tuple[str, str, bool]]:
        return [*(("pairing", key, False) for key, _c, _k in self.relationships),
                *(("character", name, False) for name, _c in self.characters),
                *(("mood", mood, False) for mood, _c in self.moods),
                *(("fandom", fandom, False) for fandom, _c in self.fandoms),
                *(("author", author, False) for author, _c in self.authors),
                *(("tag", tag.casefold(), False) for tag, _c in self.tags),
                *(("word", word, False) for word in self.free_words
                  if word not in self.hint_words)]

    def _avoided(self) -> list[tuple[str, str, bool]]:
        words = [("word", tag, True) if ("word", tag, True) in self.said
                 else ("tag", tag.casefold(), True) for tag in self.exclude_tags]
        return [*(("pairing", key, True) for key in self.exclude_relationships),
                *(("character", name, True) for name in self.exclude_characters),
                *(("mood", mood, True) for mood in self.exclude_moods),
                *(("fandom", fandom, True) for fandom in self.exclude_fandoms), *words]


def _family(mood: str) -> tuple[str, ...]:
    """A mood asked, met by its family too ("dark": a horror story), as either of them."""
    family = MOOD_FAMILY.get(mood, ())
    return (mood, *family) if family else ()


def _add(items: list, value: str, confidence: float) -> None:
    for i, item in enumerate(items):
        if item[0] == value:
            if confidence > item[1]:
                items[i] = (value, confidence, *item[2:])
            return
    items.append((value, confidence))


def parse(text: str, vocab: Vocabulary,
          is_text_word: Callable[[str], bool] | None = None) -> Parsed:
    """Read a request. `is_text_word` tells whether a word occurs in the catalog's text: such
    a word is a real word, not a typo of a name ("tart" is not "Tara")."""
    text = (text or "")[:MAX_REQUEST_CHARS]
    parsed = Parsed(text=text)
    for pattern, replacement in _PRE:
        text = pattern.sub(replacement, text)
    raw = _compounds(fold(numbers(text)).split())
    raw = _everyday_typos(raw, vocab, is_text_word, parsed.corrections)
    for i in range(1, len(raw)):  # "anything but spuffy", "outside of btvs": a negation
        if raw[i] == "but" and raw[i - 1] in _ALL_BUT:
            raw[i] = "not"
        elif raw[i - 1] in _LEAVING_OUT and raw[i] == _LEAVING_OUT[raw[i - 1]][0] \
                and i + 1 < len(raw) and raw[i + 1] not in _A_PLACE:  # not "outside of the"
            raw[i - 1], raw[i] = "not", _LEAVING_OUT[raw[i - 1]][1]
        elif raw[i - 1] == "outside" and _a_fandom_after(raw, i, vocab, is_text_word):
            raw[i - 1] = "not"  # "anything outside the buffyverse": the show, no place
    everyday = read(raw, lambda i, j: _inside_name(raw, i, j, vocab))
    parsed.everyday, parsed.ceiling = everyday.parts, everyday.ceiling
    parsed.ceiling_avoids = everyday.avoids
    raw = [GONE if i in everyday.consumed else w for i, w in enumerate(raw)]
    _fandoms_with(parsed, raw, vocab)
    for i, word in enumerate(raw):  # "so they don't forget": the plot, no exclusion
        if word in _NOT_YET and _not_yet(raw, i):  # "not" just before the verb
            verb = next(j for j in range(i + 1, len(raw)) if raw[j] not in _SOFTENERS)
            raw[i:verb] = [GONE] * (verb - i - 1) + ["not"]
        elif word == "dont" and i > 0 and (i + 1 == len(raw) or raw[i + 1] not in _ASKING):
            raw[i] = GONE
    corrected, similarity, loose = _corrected(raw, vocab, is_text_word)
    for i, word in enumerate(raw):  # "scared": the mood "scary" is, as said
        if word != GONE and word not in vocab.phrases and (form := mood_form(word)):
            corrected[i], similarity[i] = form, 1.0
    blends = {i: found for i, word in enumerate(raw) if corrected[i] == word
              and (found := _blend(word, vocab, is_text_word)) is not None}
    spans = _held_names(_segment(raw, corrected, similarity, vocab, blends, loose,
                                 everyday.negative_ends), vocab)
    _comma_lists(spans, raw)
    _absent(spans, everyday.absent, everyday.wholly, everyday.barely)
    for span in spans:  # "spike pov", "pov: buffy"
        span.lead = any(first == span.end or end == span.start for first, end in everyday.lead)
    used: set[int] = set()  # word positions read as names, not searched as words
    _pairings(parsed, raw, spans, vocab, used)
    _read_spans(parsed, raw, spans, vocab, used)
    _either(parsed, raw, spans)
    _modified(parsed, raw, used)
    negative_ends = everyday.negative_ends | {span.end for span in spans if span.negated}
    _read_words(parsed, raw, corrected, vocab, used, everyday.absent, negative_ends)
    _settle_relationships(parsed, vocab)
    unique: dict[str, tuple[str, float, str]] = {}
    for key, confidence, kind in parsed.relationships:
        if key not in unique or confidence > unique[key][1]:
            unique[key] = (key, confidence, kind)
    parsed.relationships = list(unique.values())
    return parsed


def _a_fandom_after(raw: list[str], i: int, vocab: Vocabulary,
                    is_text_word: Callable[[str], bool] | None) -> bool:
    """Whether a fandom's name (not a place in it: "outside the enterprise" is a place)
    follows at i, over "of" and "the"; after "the", only a name no story's text uses as a
    word ("outside the buffyverse", not "locked outside the house")."""
    article = False
    while i < len(raw) and raw[i] in {"of", "the"}:
        article = article or raw[i] == "the"
        i += 1
    if i == len(raw) or (article and (is_text_word is None or is_text_word(raw[i]))):
        return False
    return any(e.kind == "fandom" and not e.place for e in vocab.phrases.get(raw[i]) or [])


def _not_yet(raw: list[str], i: int) -> bool:
    """ "where they don't kiss yet", "don't actually confess yet": what has not happened in
    the story, left out (a plain "so they don't forget" is the plot)."""
    after = [w for w in raw[i + 1:i + 5] if w not in _SOFTENERS]
    return len(after) >= 2 and after[1] == "yet"


_SOFTENERS = {"actually", "even", "really", "quite", "properly", "officially", "ever"}
_NOT_YET = {"dont", "doesnt", "didnt", "havent", "hasnt", "arent", "isnt", "not"}


def _compounds(raw: list[str]) -> list[str]:
    """A mood word typed in two ("heart-warming", "bitter sweet", "feel good" folds apart):
    one word again, where the two together are a mood word and no phrase of their own."""
    out: list[str] = []
    for word in raw:
        joined = f"{out[-1]}{word}" if out else ""
        if joined in MOOD_WORDS and f"{out[-1]} {word}" not in MOOD_WORDS:
            out[-1] = joined
        else:
            out.append(word)
    return out


# What an everyday word's typo is corrected to: the everyday reader's words and the longer
# filler words ("compelte" -> complete, "somthing" -> something, "crosover" -> crossover).
_EVERYDAY_WORDS = LEXICON | {w for w in STOP_WORDS if len(w) >= 5}
_EVERYDAY = sorted(_EVERYDAY_WORDS)


def _everyday_typos(raw: list[str], vocab: Vocabulary,
                    is_text_word: Callable[[str], bool] | None,
                    corrections: dict[str, str]) -> list[str]:
    """Words no name, story or list knows, corrected to the everyday word they misspell (one
    edit up to six letters, two beyond), before anything is read. A typo of a name is left
    to the name's correction ("spiek" is Spike)."""
    out = []
    for word in raw:
        found = None
        if len(word) >= 5 and word.isalpha() and word not in vocab.known_words \
                and word not in LEXICON:  # (the cheap checks first: most words stop here)
            found = process.extractOne(word, _EVERYDAY, scorer=OSA.distance,
                                       score_cutoff=1 if len(word) <= 6 else 2)
        if found and not _names_typo(word, vocab) and (is_text_word is None
                                                       or not is_text_word(word)) \
                and _blend(word, vocab, is_text_word) is None:
            corrections[word] = found[0]
            word = found[0]
        out.append(word)
    return out


def _blend(word: str, vocab: Vocabulary,
           is_text_word: Callable[[str], bool] | None) -> Entity | None:
    """A ship or fandom name blended from two names no list holds ("fredwes", "gomens"), for
    a word that is no known name, no word of the catalog's text and no chat word (the text is
    asked last: it costs a look-up, the blends only memory)."""
    if len(word) < 5 or not word.isalpha() or word in vocab.known_words \
            or word in vocab.phrases:
        return None
    counts = vocab.counts.get("relationship", {})

    def held(key: str) -> bool:
        return counts.get(key, 0) > 0 or counts.get(
            RelationshipKey.parse(key).other_kind().label, 0) > 0

    pairing = vocab.blends.pairing(word, held)
    fandom = vocab.blends.fandom(word) if pairing is None else None
    if (pairing is None and fandom is None) or (is_text_word is not None
                                                and is_text_word(word)):
        return None
    return Entity("relationship", pairing, W_NICKNAME) if pairing is not None \
        else Entity("fandom", str(fandom), W_NICKNAME)


def _names_typo(word: str, vocab: Vocabulary) -> bool:
    """Whether the word reads as a typo of a name (or a story's title word)."""
    fix = vocab.correct(word)
    return fix is not None and fix[1] >= MIN_SIMILARITY and fix[0] not in _EVERYDAY_WORDS


def _inside_name(raw: list[str], i: int, j: int, vocab: Vocabulary) -> bool:
    """Whether words i..j-1 lie inside a longer known name ("teen" in "teen wolf")."""
    longest = getattr(vocab, "max_phrase_words", 4)
    for start in range(max(0, j - longest), i + 1):
        for end in range(j, min(len(raw), start + longest) + 1):
            if end - start > j - i and any(
                    e.kind != "mood" for e in vocab.phrases.get(" ".join(raw[start:end]), ())):
                return True
    return False


def _corrected(raw: list[str], vocab: Vocabulary, is_text_word: Callable[[str], bool] | None
               ) -> tuple[list[str], list[float], list[tuple[str, float]]]:
    """Each word typo-corrected against the vocabulary (unless the catalog's text holds it as
    written), with the correction's similarity (1.0 for a word kept as typed); and each word's
    correction even where the text holds it, for names of several words ("angle the series":
    "angle" is a word, but no name is "angle the series")."""
    corrected: list[str] = []
    similarity: list[float] = []
    loose: list[tuple[str, float]] = []
    for word in raw:
        fix = vocab.correct(word) if word not in _SEPARATORS else None
        if fix and fix[1] >= MIN_SIMILARITY:
            loose.append(fix)
        else:
            loose.append((word, 1.0))
        if fix and fix[1] >= MIN_SIMILARITY and (
                is_text_word is None or not is_text_word(word)):
            corrected.append(fix[0])
            similarity.append(fix[1])
        else:
            corrected.append(word)
            similarity.append(1.0)
    return corrected, similarity, loose


def _read_spans(parsed: Parsed, raw: list[str], spans: list[Span], vocab: Vocabulary,
                used: set[int]) -> None:
    """Each phrase's meaning in context into `parsed`; the words of a phrase that is a known
    name (or negated, or part of a pairing) are marked used. In a request for a crossover,
    names are the fandoms crossed ("buffy x supernatural crossover")."""
    fandom_context = _fandoms_in(spans) | _their_fandoms(spans)
    crossover = any(p.kind == "crossover" and not p.negated for _i, p in parsed.everyday)
    orders = {i for i, p in parsed.everyday if p.kind == "order"}
    kinds = {i for i, p in parsed.everyday if p.kind in _STORY_KINDS}
    for span in spans:
        if span.chosen is None and span.entities:
            span.chosen = _choose(span, raw, fandom_context, vocab,
                                  crossover or _after(orders, raw, span.start)
                                  or _titled_beside(span, raw, kinds)
                                  or _left_out_with_a_fandom(span, spans, raw))
        if span.chosen is None:
            if span.consumed:
                used.update(range(span.start, span.end))
            continue
        _record(parsed, span, raw)
        if span.chosen.kind == "fandom":  # "buffy edition", "fandom: spn": the cue is read
            used.update(i for i in (span.start - 1, span.end) if 0 <= i < len(raw)
                        and raw[i] in _FANDOM_AFTER)
        # A tag, a place, or a name the catalog holds no story for, is also searched as
        # words (to rank by, not as parts of the request: the name is the part).
        chosen = span.chosen
        named = chosen.kind == "mood" or (not chosen.place and (
            chosen.kind == "fandom" or (chosen.kind != "tag" and vocab.count_of(chosen) > 0)))
        if span.negated or named:
            used.update(range(span.start, span.end))
        else:
            parsed.hint_words.update(raw[span.start:span.end])


_MODIFIED = [(name, re.compile(rf"(?:^|\s)(?:{words})$")) for name, words in MODIFIER_WORDS]


def _modified(parsed: Parsed, raw: list[str], used: set[int]) -> None:
    """A modifier just before a pairing ("past spike/buffy", "unrequited spuffy", "one-sided
    destiel") asks for the pairing so: as the story's relationship tags state it."""
    for (kind, key, negated), (position, label) in list(parsed.said.items()):
        if kind != "pairing" or negated or position >= len(raw) or position == 0:
            continue
        before = " ".join(w for w in raw[max(0, position - 2):position])
        for name, pattern in _MODIFIED:
            found = pattern.search(before)
            if found:
                words = found.group(0).strip()
                parsed.modifiers[key] = name
                parsed.said[(kind, key, negated)] = (position, f"{words} {label}")
                used.update(range(position - len(words.split()), position))
                break


_FANDOM_WORDS = {"fandom", "fandoms", "show", "shows", "series", "verse", "verses", "universe",
                 "universes", "canon", "canons", "franchise", "franchises", "media"}
_HOLDING = {"with", "about", "featuring", "having", "containing", "involving", "of", "that",
            "have", "has", "where", "there", "are", "is", "full", "any", "got"}


def _fandoms_with(parsed: Parsed, raw: list[str], vocab: Vocabulary) -> None:
    """ "fandoms with vampires", "anything but shows that have witches": the fandoms whose
    stories hold one of those beings (the engine asks the catalog), left out after a
    negation. The words are read here, never searched."""
    for i, word in enumerate(raw):
        if word not in _FANDOM_WORDS:
            continue
        j = i + 1
        while j < len(raw) and raw[j] in _HOLDING:
            j += 1
        if j == i + 1 or j >= len(raw) or raw[j] not in vocab.beings:
            continue
        before = [k for k in range(max(0, i - 3), i) if raw[k] in NEGATIONS]
        negated = bool(before)
        first = before[-1] if before else i
        end = j + 1
        while end < len(raw) and raw[end] in {"in", "them", "it", "at", "all"}:
            end += 1
        label = " ".join(w for w in raw[i:end] if w != GONE)
        parsed.being_fandoms.append((raw[j], negated, i, f"not {label}" if negated else label))
        for k in range(first, end):
            raw[k] = GONE


def _absent(spans: list[Span], absent: set[int], wholly: set[int],
            barely: Collection[int] = ()) -> None:
    """A name followed by "doesn't show up" is left out, wholly; a negated one followed by
    "in it" / "at all" is wholly absent too ("without angel in it"); one followed by "isn't
    really around" is left out as "not dean" is (a voice on the phone is no presence)."""
    for span in spans:
        if span.end in barely:
            span.negated = True
        elif span.end in absent:
            span.negated = span.wholly = True
        elif span.negated and span.end in wholly:
            span.wholly = True


def _read_words(parsed: Parsed, raw: list[str], corrected: list[str], vocab: Vocabulary,
                used: set[int], absent: Collection[int] = (),
                negative_ends: set[int] | None = None) -> None:
    """The words left: "complete", excluded tags ("no angst", "the cat doesn't show up"),
    and free words searched in the text and titles. An "or" just after something left out
    leaves out the word after it too ("no vampires or ghosts", "no smut or fluff")."""
    negate_next: str | None = None
    negative_ends = set(negative_ends or ())
    for i, word in enumerate(raw):
        if word in _OR and i in negative_ends:
            negate_next = negate_next or "no"
            continue
        if i + 1 in absent and word not in NEGATIONS and i not in used and word != GONE \
                and word not in STOP_WORDS and not word.isdigit():
            negate_next = negate_next or "no"
        if word in NEGATIONS:
            negate_next = word
            continue
        if i in used or word == GONE:
            negate_next = None
            continue
        if word in _SEPARATORS or word in STOP_WORDS or word.isdigit():
            continue
        if word in vocab.beings:  # "no vampires": who is one counts as much as the word
            parsed.beings[word] = vocab.beings[word]
        if negate_next:
            negative_ends.add(i + 1)
            parsed.exclude_tags.append(word)
            parsed.exclusions.append(f"no {word}")
            parsed.note("word", word, True, i, f"{negate_next} {word}")
            negate_next = None
            continue
        parsed.free_words.append(word)
        parsed.note("word", word, False, i, word)
        fixed = vocab.correct(word) if word not in vocab.title_words else None
        parsed.title_words.append(fixed[0] if fixed and fixed[0] in vocab.title_words
                                  else word)
        if corrected[i] != word:
            parsed.corrections[word] = corrected[i]


def _segment(raw: list[str], words: list[str], similarity: list[float],
             vocab: Vocabulary, blends: dict[int, Entity] | None = None,
             loose: list[tuple[str, float]] | None = None,
             negative_ends: Collection[int] = ()) -> list[Span]:
    spans: list[Span] = []
    negated = False
    i = 0
    longest = getattr(vocab, "max_phrase_words", 4)
    while i < len(words):
        if raw[i] == GONE:
            negated = False
            i += 1
            continue
        if raw[i] in _OR and i in negative_ends:  # "no smut or spike"
            negated = True
            i += 1
            continue
        if raw[i] in NEGATIONS:
            negated = True
            i += 1
            continue
        for length in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(words[i:i + length])
            entities = vocab.phrases.get(key)
            sure = similarity[i:i + length]
            if not entities and length > 1 and loose:
                entities, key, sure = _loosely(raw, loose, i, length, vocab)
            if not entities:
                continue
            if length == 1 and (not _worth_alone(i, raw, words[i], entities)
                                or _possessed(raw, i, entities, vocab)):
                continue
            exact = " ".join(raw[i:i + length]) == key
            confidence = 1.0 if exact else min(sure)
            negated = negated or _listed_after_negated(spans, raw, i, entities)
            spans.append(Span(i, i + length, list(entities), confidence, negated))
            negated = False
            i += length
            break
        else:
            if blends and i in blends:  # "fredwes": a ship no list names
                spans.append(Span(i, i + 1, [blends[i]], 1.0, negated))
            if raw[i] not in STOP_WORDS:  # a word left out: "or" carries on ("no vampires
                negated = negated and i + 1 < len(raw) and raw[i + 1] in _OR  # or spike")
            i += 1
    return spans


# "crowley and his angel", "for my gf": after a possessive a word is what someone is to
# another, a common noun ("angel", "gf"), not the name or fandom it also spells.
_POSSESSIVES = {"my", "his", "her", "their", "your", "our"}


def _possessed(raw: list[str], i: int, entities: list[Entity], vocab: Vocabulary) -> bool:
    """Whether the word at i follows a possessive (over words already read: "my wlw gf"),
    or one word after it where no story holds the name ("his dead gf"; "my fave buffy fic"
    stays Buffy)."""
    before = [w for w in raw[:i] if w != GONE][-2:]
    if before[-1:] and before[-1] in _POSSESSIVES:
        return True
    return len(before) == 2 and before[0] in _POSSESSIVES and before[1] not in STOP_WORDS \
        and all(vocab.count_of(e) == 0 for e in entities)


def _loosely(raw: list[str], loose: list[tuple[str, float]], i: int, length: int,
             vocab: Vocabulary) -> tuple[list[Entity] | None, str, list[float]]:
    """A name of several words one of which is a typo that happens to be a word ("angle the
    series"): taken when the rest is typed exactly and one content word stands as typed."""
    fixed = loose[i:i + length]
    kept = [w for w, (f, _s) in zip(raw[i:i + length], fixed, strict=True) if w == f]
    if len(kept) != length - 1 or all(w in STOP_WORDS for w in kept):
        return None, "", []
    key = " ".join(word for word, _s in fixed)
    return vocab.phrases.get(key), key, [s for _w, s in fixed]


def _listed_after_negated(spans: list[Span], raw: list[str], i: int,
                          entities: list[Entity]) -> bool:
    """Whether a name follows a negated name of its kind across a list word ("except btvs &
    spn", "no angst or horror", "not buffy or any spike"): the negation covers the list."""
    joiner = i - 2 if i >= 3 and raw[i - 1] in {"any", "even"} else i - 1
    if joiner < 1 or raw[joiner] not in _LIST_JOINERS or not spans:
        return False
    last = spans[-1]
    if not last.negated or last.end != joiner:
        return False
    if raw[joiner] in _OR:  # "not buffy or sg1", "no angst or spike": any kind
        return True
    kinds = {e.kind for e in entities} - {"tag"}
    if raw[joiner] == "and" and not _alike_moods(last.entities, entities):
        kinds -= {"mood"}  # "no angst and fluff" asks for the fluff; "no horror and angst" not
    return bool(kinds & {e.kind for e in last.entities})


def _alike_moods(left: list[Entity], right: list[Entity]) -> bool:
    """Two moods one story can have together ("horror and angst"), not opposed ones ("angst
    and fluff", MOOD_CONTRADICTIONS): after a negation "and" joins the first into one list."""
    moods = [{e.value for e in side if e.kind == "mood"} for side in (left, right)]
    return all(moods) and not any(MOOD_CONTRADICTIONS.get(a, frozenset()) & moods[1]
                                  for a in moods[0])


def _comma_lists(spans: list[Span], raw: list[str]) -> None:
    """ "not buffy, spike or angel": names side by side after a negated one (the commas are
    gone) and closed by "or" are a list the negation covers."""
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1].start == spans[j].end:
            j += 1
        last = spans[j]
        closed = (j + 1 < len(spans) and last.end < len(raw) and raw[last.end] in _OR
                  and spans[j + 1].start == last.end + 1)
        if spans[i].negated and j > i and closed:
            for span in spans[i:j + 2]:
                span.negated = True
        i = j + 1


def _either(parsed: Parsed, raw: list[str], spans: list[Span]) -> None:
    """Two names of one kind joined by "or" ("atla or star trek", "angst or hurt/comfort"):
    asked as one part that either meets."""
    kinds = {"fandom": "fandom", "character": "character", "mood": "mood",
             "relationship": "pairing"}
    for left, right in itertools.pairwise(spans):
        if (right.start != left.end + 1 or raw[left.end] != "or" or left.negated
                or right.negated or left.chosen is None or right.chosen is None):
            continue
        kind = kinds.get(left.chosen.kind)
        if kind is None or left.chosen.kind != right.chosen.kind \
                or left.chosen.value == right.chosen.value:
            continue
        values: tuple[str, ...] = (left.chosen.value, right.chosen.value)
        joined = [group for group in parsed.either if group[0] == kind
                  and group[1][-1] == values[0]]
        if joined:  # "a or b or c"
            parsed.either.remove(joined[0])
            values = (*joined[0][1], values[1])
        parsed.either.append((kind, values))


def _worth_alone(i: int, raw: list[str], word: str, entities: list[Entity]) -> bool:
    """A one-word phrase that is also a stop word ("will") counts only beside a separator."""
    if word not in STOP_WORDS:
        return not (word in _SEPARATORS and all(e.kind != "character" for e in entities))
    neighbours = raw[i - 1:i] + raw[i + 1:i + 2]
    return any(n in _SEPARATORS for n in neighbours)


def _their_fandoms(spans: list[Span]) -> set[str]:
    """The fandoms of the characters the request names beyond doubt: beside "frodo", "sam" is
    Samwise Gamgee, not Sam Winchester."""
    found: set[str] = set()
    for span in spans:
        fandoms = {e.fandom for e in span.entities}
        if len(fandoms) == 1 and all(e.kind == "character" for e in span.entities) \
                and not span.negated:
            found.update(f for f in fandoms if f)
    return found


def _held_names(spans: list[Span], vocab: Vocabulary) -> list[Span]:
    """Another name of a character (alias, nickname, part of the name) counts only where the
    catalog holds a story of their fandom or the request names it: "space monkey" is not Grace
    Williams (Hawaii Five-0's "Monkey") in a catalog without Hawaii Five-0. A span left with
    no name is a word again."""
    named = _fandoms_in(spans)

    def held(entity: Entity) -> bool:
        return (entity.kind != "character" or entity.weight >= W_CANONICAL
                or entity.fandom is None or entity.fandom in named
                or vocab.count_of(entity) > 0
                or vocab.count_of(Entity("fandom", entity.fandom, W_CANONICAL)) > 0)

    for span in spans:
        span.entities = [e for e in span.entities if held(e)]
    return [span for span in spans if span.entities]


def _fandoms_in(spans: list[Span]) -> set[str]:
    found: set[str] = set()
    for span in spans:
        fandoms = [e for e in span.entities if e.kind == "fandom"]
        if fandoms and all(e.kind in {"fandom", "tag"} for e in span.entities):
            found.update(e.value for e in fandoms)
    return found


def _after(positions: set[int], raw: list[str], start: int) -> bool:
    """Whether the words just before `start`, read as everyday words, began at one of
    `positions`: "the shortest harry potter one" orders the fandom's stories, so a name that
    is also a fandom is the fandom."""
    i = start - 1
    while i >= 0 and raw[i] == GONE:
        if i in positions:
            return True
        i -= 1
    return False


# Parts that say what kind of story is asked ("one-shot", "m/m", "under 1k"): beside them, a
# show's full name that is also its title character's is the show ("one-shot harry potter").
_STORY_KINDS = {"status", "chapters", "length", "category", "rating", "sex", "crossover"}


def _left_out_with_a_fandom(span: Span, spans: list[Span], raw: list[str]) -> bool:
    """ "not buffy and not sg1", "no spn or buffy": a name left out in one list whose other
    names are all fandoms is the fandom too (alone, or beside a person, "not buffy" leaves
    out the person)."""
    if not span.negated:
        return False
    i = spans.index(span)
    listed = [other for other in _list_around(spans, raw, i) if other is not span]
    return bool(listed) and all(other.entities and all(e.kind == "fandom" for e in other.entities)
                                for other in listed)


def _list_around(spans: list[Span], raw: list[str], i: int) -> list[Span]:
    """The negated spans joined to spans[i] by list words only (joiners, negations, commas)."""
    def joined(left: Span, right: Span) -> bool:
        return left.negated and right.negated and all(
            w in _LIST_WORDS for w in raw[left.end:right.start])
    first = last = i
    while first > 0 and joined(spans[first - 1], spans[first]):
        first -= 1
    while last + 1 < len(spans) and joined(spans[last], spans[last + 1]):
        last += 1
    return spans[first:last + 1]


# What may stand between two names of one list: joiners, negations, words already read.
_LIST_WORDS = {*_LIST_JOINERS, *NEGATIONS, GONE, "also", "even", "any"}


def _titled_beside(span: Span, raw: list[str], kinds: set[int]) -> bool:
    said = " ".join(raw[span.start:span.end])
    if not any(e.kind == "fandom" and fold_name(e.value) == said for e in span.entities):
        return False
    return _after(kinds, raw, span.start) or (span.end < len(raw) and span.end in kinds)


def _choose(span: Span, raw: list[str], fandoms: set[str], vocab: Vocabulary,
            crossover: bool = False) -> Entity | None:
    cue = crossover or (span.start > 0 and raw[span.start - 1] in _FANDOM_CUES) or (
        span.end < len(raw) and raw[span.end] in _FANDOM_AFTER)
    # a negated name that is also a fandom ("except btvs") leaves out the fandom, not a tag
    show = any(e.kind == "fandom" for e in span.entities)

    def rank(entity: Entity) -> tuple:
        weight = entity.weight
        if entity.kind == "fandom" and cue:
            weight += 0.5
        if span.negated and (entity.kind == "character" or (entity.kind == "tag" and not show)):
            weight += 0.3
        if fandoms and entity.kind == "character" and entity.fandom in fandoms:
            weight += 0.2
        if span.lead and entity.kind == "character":  # "buffy's pov": the person
            weight += 0.5
        held = vocab.count_of(entity) > 0 or entity.kind == "mood"
        return (held, round(weight, 3), -_KIND_ORDER.get(entity.kind, 9),
                vocab.count_of(entity))

    if not span.entities:
        return None
    best = max(span.entities, key=rank)
    if (span.end - span.start == 1 and best.kind == "character" and best.weight <= W_PART
            and vocab.count_of(best) == 0):
        return None  # "song" alone is a word, not River Song whom no story here holds
    return best


def _record(parsed: Parsed, span: Span, raw: list[str]) -> None:
    entity = span.chosen
    assert entity is not None
    confidence = round(entity.weight * span.confidence, 3)
    label = " ".join(raw[span.start:span.end])
    kind = "pairing" if entity.kind == "relationship" else entity.kind
    value = entity.value.casefold() if kind == "tag" else entity.value
    typed = "any"
    if kind == "pairing":
        value, typed = _as_typed(value, raw[span.start:span.end])
    negation = raw[span.start - 1] if span.negated and span.start > 0 else "not"
    shown = label.replace(" / ", "/")
    if span.wholly:
        parsed.wholly.add((kind, value))
    if span.lead and kind == "character" and not span.negated:
        parsed.leads.add(value)
        shown = f"{shown} (lead)"
    parsed.note(kind, value, span.negated, span.start,
                f"{'not' if negation not in {'no', 'without', 'zero'} else negation} {shown}"
                if span.negated else shown)
    if span.negated:
        if entity.kind == "character":
            parsed.exclude_characters.append(entity.value)
            parsed.exclusions.append(f"not {entity.value}")
        elif entity.kind == "mood":
            parsed.exclude_moods.append(entity.value)
            parsed.exclusions.append(f"no {entity.value}")
        elif entity.kind == "relationship":
            parsed.exclude_relationships.append(value)
            parsed.exclusions.append(f"no {value}")
        elif entity.kind == "fandom":
            parsed.exclude_fandoms.append(entity.value)
            parsed.exclusions.append(f"not {entity.value}")
        else:
            parsed.exclude_tags.append(entity.value if entity.kind == "tag" else label)
            parsed.exclusions.append(f"no {entity.value if entity.kind == 'tag' else label}")
        return
    if entity.kind == "relationship":
        parsed.relationships.append((value, confidence, typed))
    else:
        target = {"character": parsed.characters, "mood": parsed.moods,
                  "fandom": parsed.fandoms, "author": parsed.authors, "tag": parsed.tags}
        _add(target[entity.kind], entity.value, confidence)


def _characters_of(span: Span) -> list[Entity]:
    return [e for e in span.entities if e.kind == "character"]


def _pairings(parsed: Parsed, raw: list[str], spans: list[Span], vocab: Vocabulary,
              used: set[int]) -> None:
    """Character phrases joined by separators become relationships; so do initials."""
    by_start = {s.start: s for s in spans}
    by_end = {s.end: s for s in spans}
    counts = vocab.counts.get("relationship", {})
    for i, word in enumerate(raw):
        if word not in _SEPARATORS:
            continue
        left, right = by_end.get(i), by_start.get(i + 1)
        if left and right and _characters_of(left) and _characters_of(right):
            kind = _SEPARATORS[word]
            best = _best_pairing(left, right, kind, counts)
            if best and kind == "any" and not best[0][0]:
                continue  # "spike and sam": no such pairing held, two people asked for
            if best:
                _, key, a, b = best
                confidence = round(min(a.weight * left.confidence, b.weight * right.confidence)
                                   + (1 - min(a.weight, b.weight)) * 0.5, 3)
                negated = left.negated or right.negated
                words = " ".join(raw[left.start:right.end]).replace(" / ", "/")
                parsed.note("pairing", key, negated, left.start,
                            f"not {words}" if negated else words)
                if negated:
                    parsed.exclude_relationships.append(key)
                    parsed.exclusions.append(f"no {key}")
                else:
                    parsed.relationships.append((key, min(confidence, 1.0), kind))
                left.entities, right.entities = [], []  # consumed by the pairing
                left.consumed = right.consumed = True
                used.add(i)
                if counts.get(key, 0) == 0:  # no such pairing: look for the names as words
                    used.difference_update(range(left.start, right.end))
                    parsed.hint_words.update(raw[left.start:right.end])
        elif (len(word) == 1 and 0 < i < len(raw) - 1 and word == "/"
              and len(raw[i - 1]) == 1 and len(raw[i + 1]) == 1):
            keys = vocab.relationships_by_initials((raw[i - 1], raw[i + 1]))
            if keys:
                parsed.relationships.append((keys[0], 0.8, "romantic"))
                parsed.note("pairing", keys[0], False, i - 1, f"{raw[i - 1]}/{raw[i + 1]}")
                used.update({i - 1, i, i + 1})
    _adjacent_pairs(parsed, spans, counts)


def _best_pairing(left: Span, right: Span, kind: str, counts: dict[str, int]
                  ) -> tuple[tuple, str, Entity, Entity] | None:
    """The pairing two character phrases most likely name: one the catalog holds first, then
    the kind the separator says, the surer names, the more stories."""
    best = None
    for a in _characters_of(left):
        for b in _characters_of(right):
            if a.value == b.value:
                continue
            romantic = RelationshipKey.of([a.value, b.value]).label
            platonic = RelationshipKey.of([a.value, b.value], "platonic").label
            keys = {"romantic": [romantic], "platonic": [platonic],
                    "any": [romantic, platonic]}[kind]
            for key in keys:
                score = (counts.get(key, 0) > 0, key == keys[0], a.weight + b.weight
                         + 0.2 * ((a.fandom or "") == (b.fandom or "")), counts.get(key, 0))
                if best is None or score > best[0]:
                    best = (score, key, a, b)
    return best


def _as_typed(key: str, words: list[str]) -> tuple[str, str]:
    """A pairing phrase's key in the kind its separator says ("/" romantic, "&" platonic)
    and that kind; "any" when it says none (a ship name, "+")."""
    kinds = {_SEPARATORS[w] for w in words if w in _SEPARATORS} - {"any"}
    if len(kinds) != 1:
        return key, "any"
    (typed,) = kinds
    parsed = RelationshipKey.parse(key)
    return (key if parsed.kind == typed else parsed.other_kind().label), typed


def _adjacent_pairs(parsed: Parsed, spans: list[Span], counts: dict[str, int]) -> None:
    """Two character names side by side ("spike buffy") also suggest their pairing."""
    for left, right in itertools.pairwise(spans):
        if left.end != right.start or left.negated or right.negated:
            continue
        for a in _characters_of(left):
            for b in _characters_of(right):
                key = RelationshipKey.of([a.value, b.value]).label
                if a.value != b.value and counts.get(key, 0) > 0:
                    parsed.relationships.append((key, 0.7, "any"))
                    return


def _settle_relationships(parsed: Parsed, vocab: Vocabulary) -> None:
    """A pairing asked with no kind ("sam and dean") that the catalog holds only one way takes
    that reading. One asked as a romance or a friendship ("frodo/sam", "spock & kirk") keeps
    its kind, and where the catalog holds the pair only the other way its two people are asked
    for too: their stories come as near misses that say the pairing is unmet, never as a match.
    A pairing not held at all is kept for the alternatives, its members looked for as
    characters."""
    counts = vocab.counts.get("relationship", {})
    settled = []
    for key, confidence, kind in parsed.relationships:
        if counts.get(key, 0) == 0:
            parsed_key = RelationshipKey.parse(key)
            other = parsed_key.other_kind().label
            if counts.get(other, 0) > 0 and kind == "any":
                settled.append((other, round(confidence * 0.85, 3), kind))
                if ("pairing", key, False) in parsed.said:
                    parsed.said[("pairing", other, False)] = parsed.said[("pairing", key, False)]
                continue
            members = parsed_key.members
            if counts.get(other, 0) > 0:  # held the other way: the two people are asked
                position = parsed.said.get(("pairing", key, False), (999, ""))[0]
                for member in members:
                    _add(parsed.characters, member, round(confidence * 0.85, 3))
                    parsed.note("character", member, False, position, member)
            if len(members) == 2 and members not in parsed.missing_members:
                parsed.missing_members.append((members[0], members[1]))
        settled.append((key, confidence, kind))
    parsed.relationships = settled
