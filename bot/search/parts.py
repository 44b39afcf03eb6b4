"""The parts of a request and whether a story meets each one.

A request is read into parts ("Spike/Buffy", "sad", "under 1,000 words", "not BtVS"), each with
the fan's own words as its label. Every candidate story is checked against every part from its
`Facts` (what the catalog holds about it), so each result can say which asked parts it meets
and which it does not, and a near miss is never presented as a match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from bot.vocabulary import MODIFIER_WORDS, RelationshipKey, rating_level

# How much a part counts when results are ordered by what they meet: the names a request
# gives decide before moods, lengths and words (a Spuffy story that is not horror is closer
# to "spuffy horror" than a horror story without Spuffy).
WEIGHTS = {"pairing": 3.0, "title": 3.0, "character": 2.0, "fandom": 2.0, "author": 2.0,
           "category": 1.5, "tag": 1.2, "mood": 1.0, "mood-cap": 0.8, "status": 1.0,
           "length": 1.0, "chapters": 1.0, "rating": 1.0, "sex": 1.0, "word": 1.0,
           "crossover": 1.5, "order": 0.0, "otp": 1.0}
# A mood scoring at least this is one the story has. Just above the mood index's floor (0.3):
# scores at the floor are the understanding's faint hints, not what a reader would call it.
MOOD_HAS = 0.35
LEAD = 0.75  # a character this prominent leads the story ("spike pov")
MOOD_EXCLUDED = 0.5  # "no angst": a story is angst enough to fail it from this score on
TOO_MUCH = 0.8  # "not too dark": a score from here is too much
TITLE_MET = 0.8  # a title this similar to the one asked for is it
# A romantic pairing counts for the story's category when it is more than a passing mention.
_PASSING = {"mentioned", "background", "past", "implied"}
_NEGATING = {"no", "not", "nothing", "without", "zero", "never", "non", "isnt", "arent",
             "minus", "except", "excluding", "avoid", "anything", "everything", "but", "just",
             "nobody", "noone", "doesnt", "dont", "didnt", "wont", "neither", "nor"}
EITHER_KINDS = {"pairing", "character", "fandom", "mood", "category"}  # met by either
CATEGORY_TAGS = {"m/m": "m/m", "f/f": "f/f", "f/m": "f/m", "m/f": "f/m", "gen": "gen",
                 "multi": "multi", "other": "other"}


@dataclass(frozen=True, slots=True)
class Part:
    """One condition of a request.

    kind: pairing, character, fandom, author, title, mood, mood-cap ("not too dark"), category
    (m/m, f/f, f/m, gen, multi), status (complete, in-progress, one-shot, multi-chapter,
    one-chapter: one posted so far),
    length (value "min:max" in words), chapters (value "min:max": chapters posted), rating
    (value: the lowest rating that meets it), sex
    (sexual content on the page: "smut"; met only by an explicit or not-rated story), tag (a
    trope or tag phrase), word (a plain word, with `forms` it may appear as), crossover, otp
    ("no other ships": one romantic pairing at most), order
    (longest, shortest, newest: always met, it orders the results). A name, mood or category
    part with `forms` asks for either of them ("atla or star trek", "gay"): its value joins
    them with " or ".
    """

    kind: str
    value: str
    label: str  # in the request's words: "spuffy", "funny", "under 1,000 words"
    negated: bool = False
    forms: tuple[str, ...] = ()  # a word and its synonyms (folded); names: either of them
    wholly: bool = False  # negated: not in the story at all ("buffy doesn't show up")
    beings: tuple[str, ...] = ()  # a word for what characters are ("vampires"): who is it
    modifier: str = ""  # a pairing's: "past", "one-sided" ("unrequited spuffy")
    lead: bool = False  # a character who leads the story ("spike pov", "dawn-centric")

    @property
    def key(self) -> str:
        """What the part means, whatever words asked for it ("wip" = "work in progress")."""
        return f"{'not ' if self.negated else ''}{self.kind}:{self.value}"

    @property
    def weight(self) -> float:
        return WEIGHTS.get(self.kind, 1.0)

    def shown(self) -> str:
        """The label as a result reports it: "not BtVS" for an excluded fandom ("low angst"
        and "not too dark" say it already)."""
        if self.negated and self.kind != "mood-cap" \
                and self.label.split(" ", 1)[0] not in _NEGATING:
            return f"not {self.label}"
        return self.label


@dataclass(slots=True)
class Facts:
    """What one candidate story is, as far as the parts ask (loaded for all candidates at
    once by the ranker)."""

    rating: str = "not-rated"
    status: str = "unknown"
    words: int = 0
    chapters_posted: int | None = None
    chapters_total: int | None = None
    title: str = ""
    # the rating its text reads as (bot/understanding/rating_estimate.py; every story of a
    # catalog built since issue 14e, only not-rated ones before)
    estimate: str | None = None
    richness: int = 0  # how much metadata its file stated
    has_summary: bool = False
    # A story's tags, fandoms and authors (and the moods its tags name) are read-only and
    # the same whatever the request: made once per story and shared (bot/search/facts.py).
    tags: AbstractSet[str] = frozenset()  # tags and warnings, casefolded
    fandoms: AbstractSet[str] = frozenset()
    authors: AbstractSet[str] = frozenset()  # casefolded
    characters: dict[str, float] = field(default_factory=dict)  # name -> prominence
    stated_characters: set[str] = field(default_factory=set)
    relationships: dict[str, tuple[bool, float, str | None]] = field(default_factory=dict)
    relationship_order: dict[str, int] = field(default_factory=dict)
    tag_moods: AbstractSet[str] = frozenset()  # moods its tags name ("Humor")
    moods: dict[str, float] = field(default_factory=dict)
    title_similarity: float = 0.0
    words_found: dict[str, str] = field(default_factory=dict)  # part key -> "meta" | "body"
    categories: set[str] = field(default_factory=set)

    def romantic(self) -> list[RelationshipKey]:
        """The romantic pairings that are more than a passing mention."""
        out = []
        for label, (stated, confidence, modifier) in self.relationships.items():
            key = RelationshipKey.parse(label)
            if key.kind == "romantic" and (stated or confidence >= 0.6) \
                    and modifier not in _PASSING:
                out.append(key)
        return out


def either_values(part: Part) -> tuple[str, ...]:
    """The names or moods a part asks for: either of its forms ("atla or star trek"), or
    its value."""
    return part.forms if part.forms and part.kind in EITHER_KINDS else (part.value,)


def categories_of(facts: Facts, gender: dict[str, str]) -> set[str]:
    """m/m, f/f, f/m, gen, multi: as the story's category tags state them, else from its
    romantic pairings and its characters' genders (unknown genders decide nothing)."""
    stated = {CATEGORY_TAGS[t] for t in facts.tags if t in CATEGORY_TAGS}
    if stated:
        return stated
    found: set[str] = set()
    romantic = facts.romantic()
    for key in romantic:
        genders = sorted(gender.get(m, "n") for m in key.members)
        if "n" in genders or len(genders) != 2:
            continue
        found.add({("m", "m"): "m/m", ("f", "f"): "f/f"}.get((genders[0], genders[1]), "f/m"))
    if not romantic:
        found.add("gen")
    if len(romantic) > 1 and len(found) > 1:
        found.add("multi")
    return found


def _status(part: Part, facts: Facts) -> bool:
    if part.value == "one-shot":
        return facts.status == "complete" and (facts.chapters_total in (None, 1)
                                               and facts.chapters_posted in (None, 1))
    if part.value == "one-chapter":  # posted so far (a story of one part states none)
        return (facts.chapters_posted or 1) == 1
    if part.value == "multi-chapter":
        return max(facts.chapters_total or 0, facts.chapters_posted or 0) > 1
    return facts.status == part.value


def _length(part: Part, facts: Facts) -> bool:
    low, _, high = part.value.partition(":")
    return (not low or facts.words >= int(low)) and (not high or facts.words <= int(high))


def _chapters(part: Part, facts: Facts) -> bool:
    """Chapters there to read: those posted (a story that states none is one chapter)."""
    low, _, high = part.value.partition(":")
    count = chapter_count(facts.chapters_posted, facts.chapters_total)
    return (not low or count >= int(low)) and (not high or count <= int(high))


def chapter_count(posted: int | None, total: int | None) -> int:
    return posted if posted is not None else total if total is not None else 1


def _rating(part: Part, facts: Facts) -> bool:
    """At least the rating asked for; "unrated" asks for the stories that state none; "smut"
    for sexual content (`_sex`)."""
    if part.kind == "sex":
        return _sex(facts)
    if part.value == "not-rated" or facts.rating == "not-rated":
        return facts.rating == part.value
    return rating_level(facts.rating) >= rating_level(part.value)


def _sex(facts: Facts) -> bool:
    """Sexual content on the page ("smut"): an explicit story whose text reads as explicit.
    The rating alone does not say it (an author rates violence or a series E), and a story
    the estimate calls explicit but that is rated lower is not offered as smut. A catalog built
    before every story had an estimate takes an explicit rating's word for it."""
    if facts.rating == "explicit":
        return facts.estimate in (None, "explicit")
    return facts.rating == "not-rated" and facts.estimate == "explicit"


# Tags that say what a tag asked for has happened: a story tagged "Grief" turns on a death.
IMPLIED_BY_TAGS = {"death": ("death", "grief", "grieving", "mourning", "bereavement",
                             "funeral")}


def holds_tag(part: Part, facts: Facts) -> bool:
    """Whether the story's own tags or warnings name the part ("Major Character Death"), or
    say it happened ("Grief" for "nobody dies")."""
    names = IMPLIED_BY_TAGS.get(part.value, (part.value,))
    return any(name in t for t in facts.tags for name in names)


def _tag(part: Part, facts: Facts) -> bool:
    """In the story's tags or text; a modifier's word ("unrequited") also in how its
    relationship tags state a pairing ("Unrequited Spike/Buffy")."""
    if holds_tag(part, facts) or part.key in facts.words_found:
        return True
    modifier = modifier_of(part.value)
    return modifier is not None and any(found[2] == modifier
                                        for found in facts.relationships.values())


@functools.lru_cache(maxsize=256)
def modifier_of(words: str) -> str | None:
    """The relationship modifier some words name ("unrequited" -> one-sided), or None."""
    return next((name for name, pattern in MODIFIER_WORDS
                 if re.fullmatch(pattern, words)), None)


def _mood(part: Part, facts: Facts) -> bool:
    if facts.moods.get(part.value, 0.0) >= (MOOD_EXCLUDED if part.negated else MOOD_HAS):
        return True
    return part.value in facts.tag_moods  # "Humor", "Angst" tags: the author said so


def holds(part: Part, facts: Facts) -> bool:
    """Whether the story has what the part names (before any negation)."""
    if part.forms and part.kind in EITHER_KINDS:
        return any(_holds(replace(part, value=value, forms=()), facts)
                   for value in part.forms)
    return _holds(part, facts)


def _pairing(part: Part, facts: Facts) -> bool:
    found = facts.relationships.get(part.value)
    return found is not None and (not part.modifier or found[2] == part.modifier)


def _character(part: Part, facts: Facts) -> bool:
    """ "not spike" leaves out stories about him; "spike isn't in it", any he is in; "spike
    pov" asks for a story he leads."""
    least = LEAD if part.lead else 0.4 if part.negated and not part.wholly else 0.0
    return facts.characters.get(part.value, -1.0) >= least


def _word(part: Part, facts: Facts) -> bool:
    """Said in the text; for a kind of being ("vampires"), one of them is in the story."""
    return part.key in facts.words_found or any(
        facts.characters.get(name, -1.0) >= 0.0 for name in part.beings)


_HOLDS = {
    "pairing": _pairing, "character": _character,
    "fandom": lambda part, facts: part.value in facts.fandoms,
    "author": lambda part, facts: part.value.casefold() in facts.authors,
    "title": lambda part, facts: facts.title_similarity >= TITLE_MET,
    "mood": _mood,
    # "too dark": the mood is there in full
    "mood-cap": lambda part, facts: facts.moods.get(part.value, 0.0) >= TOO_MUCH,
    "category": lambda part, facts: part.value in facts.categories,
    "status": _status, "length": _length, "chapters": _chapters, "rating": _rating,
    "sex": _rating, "tag": _tag,
    "word": _word,
    "crossover": lambda part, facts: len(facts.fandoms) > 1 or "crossover" in facts.tags,
    # "no other ships": one romantic pairing at most
    "otp": lambda part, facts: len(facts.romantic()) <= 1,
    "order": lambda part, facts: True,
}


def _holds(part: Part, facts: Facts) -> bool:
    check = _HOLDS.get(part.kind)
    return check is not None and check(part, facts)


def meets(part: Part, facts: Facts) -> bool:
    return holds(part, facts) != part.negated


def meeting(part: Part) -> Callable[[Facts], bool]:
    """`meets` for one part, with what it works out per part (its key, its either-forms as
    parts) done once: a request judges hundreds of candidates. The same answer as `meets`
    for every story."""
    negated = part.negated
    if part.kind == "mood":  # as `_mood` of each form: judged for hundreds of a mood's stories
        least = MOOD_EXCLUDED if negated else MOOD_HAS
        values = part.forms or (part.value,)
        if len(values) == 1:
            mood = values[0]
            return lambda facts: (facts.moods.get(mood, 0.0) >= least
                                  or mood in facts.tag_moods) != negated
        return lambda facts: any(facts.moods.get(mood, 0.0) >= least or mood in facts.tag_moods
                                 for mood in values) != negated
    if part.forms and part.kind in EITHER_KINDS:
        either = [replace(part, value=value, forms=()) for value in part.forms]
        return lambda facts: any(_holds(one, facts) for one in either) != negated
    if part.kind == "word":
        key, beings = part.key, part.beings
        if not beings:
            return lambda facts: (key in facts.words_found) != negated
        return lambda facts: (key in facts.words_found or any(
            facts.characters.get(name, -1.0) >= 0.0 for name in beings)) != negated
    check = _HOLDS.get(part.kind)
    if check is None:
        missing = bool(negated)  # as `meets`: nothing holds, so met only when negated
        return lambda facts: missing
    return lambda facts: check(part, facts) != negated


def only_in_body(part: Part, facts: Facts) -> bool:
    """A word met only somewhere in the body: true, but never a headline reason."""
    return part.kind in {"word", "tag"} and not part.negated \
        and facts.words_found.get(part.key) == "body" and not any(
            part.value in t for t in facts.tags)


def reasons(parts: list[Part], facts: Facts, met: list[Part]) -> list[str]:
    """The met parts in a fan's words, strongest first; a word only the body holds comes last
    as "mentions …"."""
    strong = [p for p in met if not only_in_body(p, facts) and p.kind != "order"]
    strong.sort(key=lambda p: -p.weight)
    weak = [f"mentions “{p.label}”" for p in met if only_in_body(p, facts)]
    return [_reason(p, facts) for p in strong] + weak


def _reason(part: Part, facts: Facts) -> str:
    """A met part as a reason: a pairing the text only implies says so."""
    if part.kind == "pairing" and not part.negated and not any(
            facts.relationships[key][0] for key in either_values(part)
            if key in facts.relationships):
        return f"{part.shown()} (inferred)"
    return part.shown()
