"""Everyday request words that are not names: categories (m/m, gen), status (wip, one-shot),
length and reading time ("under 1000 words", "a quick read", "in 5 minutes"), rating words
("teen rated", "nothing explicit", "smut"), orderings ("the longest"), tropes ("fake dating"),
crossovers and the negations fans put before them ("no romance", "nothing unfinished").

Read before names, on the folded request: each phrase found becomes a `Part` and its words
(with the negation in front of it) are consumed, so "gen" is never read as a character and
"short" is never searched for in story text. Lengths use the `/rec length` option's bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.search import quantity, ratingwords
from bot.search.parts import Part
from bot.search.quantity import WORDS_PER_MINUTE
from bot.search.text import MOOD_WORDS, alternation
from bot.vocabulary import MOOD_EITHER, rating_level

SHORT_MAX, MEDIUM_MAX = 4999, 30000  # as /rec's length option: short < 5,000 < medium < 30,000
NEGATION = (r"(?:no|not|without|nothing|zero|never|non|isnt|arent|minus|except|excluding|"
            r"avoid|anything but|everything but|but not|just not)")
_FILLER = r"(?:\s+(?:with|the|a|an|any|of|too much|that is|thats|is))*"

CATEGORIES = {
    "m / m": "m/m", "slash": "m/m", "mlm": "m/m", "yaoi": "m/m", "boys love": "m/m",
    "f / f": "f/f", "femslash": "f/f", "wlw": "f/f", "sapphic": "f/f", "yuri": "f/f",
    "lesbian": "f/f", "f / m": "f/m", "m / f": "f/m", "het": "f/m", "hetero": "f/m",
    "gen": "gen", "gen fic": "gen", "genfic": "gen", "platonic": "gen", "multi": "multi",
    # brothers or friends, no romance: fandom's "brofic" (a bromance is the friendship mood)
    "bro fic": "gen", "bro fics": "gen", "brofic": "gen", "brofics": "gen",
    "poly": "multi", "polyamory": "multi", "ot3": "multi", "threesome": "multi",
    "bxb": "m/m", "two guys": "m/m", "gxg": "f/f", "two girls": "f/f", "two women": "f/f",
    "bxg": "f/m", "gxb": "f/m", "straight": "f/m",
    "gay": "m/m|f/f", "queer": "m/m|f/f", "same sex": "m/m|f/f", "lgbt": "m/m|f/f",
}
# A ship of any kind ("finished, and a ship"): every romantic category, where the ship is no
# place ("on a ship", "off the ship": _SHIP_PLACE).
ANY_SHIP = {**dict.fromkeys((f"{a} {ship}" for a in ("a", "any", "some")
                             for ship in ("ship", "pairing", "romantic pairing")),
                            "m/m|f/f|f/m|multi"),
            "shipfic": "m/m|f/f|f/m|multi", "ship fic": "m/m|f/f|f/m|multi"}
CATEGORIES.update(ANY_SHIP)
_SHIP_PLACE = r"(?<!\bon )(?<!\bin )(?<!\baboard )(?<!\bonto )(?<!\boff )(?<!\bfrom )(?<!\bof )"
# Negated, these ask for gen: "no romance", "no ships".
NO_ROMANCE = ("romance", "romances", "romantic", "ships", "ship", "shipping", "shippy",
              "shipped", "pairing", "pairings", "couples", "relationships", "kissing",
              "love story", "love stories", "lovey dovey")
STATUSES = {
    "wip": "in-progress", "wips": "in-progress", "work in progress": "in-progress",
    "works in progress": "in-progress", "in progress": "in-progress",
    "ongoing": "in-progress", "unfinished": "in-progress", "incomplete": "in-progress",
    "still updating": "in-progress", "updating": "in-progress", "being updated": "in-progress",
    "still being updated": "in-progress", "still being written": "in-progress",
    "still going": "in-progress",
    "complete": "complete", "completed": "complete", "finished": "complete",
    # the story is over, said of it: "that's actually done", "one that has an ending"
    **{f"{cue}{adverb}{done}": "complete"
       for cue in ("that ", "thats ", "that is ", "its ", "it is ", "is ", "are ", "all ")
       for adverb in ("", "actually ", "already ", "fully ", "totally ", "completely ",
                      "properly ")
       for done in ("done", "ended", "wrapped up")},
    **{f"it {adverb}{done}": "complete"  # "it's already done" ("get it done" is a plot)
       for adverb in ("actually ", "already ", "fully ", "totally ", "completely ")
       for done in ("done", "ended", "wrapped up")},
    **{f"{verb}{a}{adjective}{end}": "complete"
       for verb in ("has ", "have ", "got ", "has got ", "with ", "that has ", "thats got ")
       for a in ("an ", "a ", "its ") for adjective in ("", "actual ", "real ", "proper ")
       for end in ("ending", "end")},
    "oneshot": "one-shot", "oneshots": "one-shot", "one shot": "one-shot",
    "one shots": "one-shot", "single chapter": "one-shot", "standalone": "one-shot",
    "multi chapter": "multi-chapter", "multichapter": "multi-chapter",
    "chaptered": "multi-chapter", "chapters": "multi-chapter",
    "multiple chapters": "multi-chapter", "several chapters": "multi-chapter",
    "many chapters": "multi-chapter", "more than one chapter": "multi-chapter",
    "more than 1 chapter": "multi-chapter", "over one chapter": "multi-chapter",
    # "wips that already have a couple chapters up"
    **{f"{a}{few}{of} chapters{up}": "multi-chapter"
       for a in ("", "a ") for few in ("couple", "few", "handful")
       for of in ("", " of") for up in ("", " up", " out", " posted")},
    **{f"{few} chapters{up}": "multi-chapter" for few in ("some", "two", "2", "a bunch of")
       for up in (" up", " out", " posted")},
    "one chapter": "one-shot", "1 chapter": "one-shot", "just one chapter": "one-shot",
    "only one chapter": "one-shot",
    # chapters posted so far, whatever the story's status: "wips with one chapter up so far"
    **{f"{only}{one} chapter{up}": "one-chapter"
       for only in ("", "only ", "just ") for one in ("one", "1", "the first")
       for up in (" up", " posted", " out", " so far", " up so far", " posted so far",
                  " out so far")},
}
LENGTH_WORDS: dict[str, tuple[int | None, int | None]] = {
    "short": (None, SHORT_MAX), "shortish": (None, SHORT_MAX), "quick read": (None, SHORT_MAX),
    "quick": (None, SHORT_MAX), "quick one": (None, SHORT_MAX), "ficlet": (None, 1500),
    "ficlets": (None, 1500), "drabble": (None, 500), "drabbles": (None, 500),
    "tiny": (None, 1500), "bite sized": (None, 1500), "medium": (SHORT_MAX + 1, MEDIUM_MAX),
    "medium length": (SHORT_MAX + 1, MEDIUM_MAX), "long": (MEDIUM_MAX + 1, None),
    "longfic": (MEDIUM_MAX + 1, None), "long fic": (MEDIUM_MAX + 1, None),
    "epic": (MEDIUM_MAX + 1, None), "novel length": (50000, None), "novel": (50000, None),
    "lunch break": (None, 30 * WORDS_PER_MINUTE), "coffee break": (None, 10 * WORDS_PER_MINUTE),
    "commute": (None, 30 * WORDS_PER_MINUTE), "bus ride": (None, 30 * WORDS_PER_MINUTE),
    # something long enough to get into
    "sink my teeth into": (SHORT_MAX + 1, None), "sink your teeth into": (SHORT_MAX + 1, None),
    "get lost in": (SHORT_MAX + 1, None), "meaty": (SHORT_MAX + 1, None),
    "substantial": (SHORT_MAX + 1, None), "lengthy": (MEDIUM_MAX + 1, None),
    "one sitting": (None, 60 * WORDS_PER_MINUTE),
    "finish in one sitting": (None, 60 * WORDS_PER_MINUTE),
}
# Stories that state no rating: asked for as such ("unrated fics").
NOT_RATED = ("unrated", "not rated", "no rating", "without a rating", "rating free",
             "no rating given", "no ratings", "without ratings", "without any rating",
             *(f"{verb} {have} {a}rating{s}" for verb in ("dont", "doesnt", "do not", "does not")
               for have in ("have", "carry", "show") for a in ("", "a ", "any ")
               for s in ("", "s")))
# Allowing something is no condition: "unrated is fine", "angst is ok", "explicit welcome".
# Where it is asked: the channel's own ceiling already applies ("m/m ok for this channel?").
_HERE = r"(?:for|in|on) (?:this|our) (?:channel|chat|server)"
_ALLOWING = (r"(?:fine|ok|okay|alright|welcome|allowed)(?: too| as well| with me| by me)?"
             rf"(?! {_HERE})")
# When a fan will read it, or how they feel: no part ("something cozy for a rainy night",
# "before bed", "i'm sad, cheer me up").
_OCCASIONS = re.compile(
    r"\b(?:(?:im|i am|i feel|i m|feeling|when im|when i am|im feeling|i feel so) (?:so |really |"
    r"very |kinda |a bit |pretty )?(?:sad|down|blue|low|tired|sick|stressed|anxious|lonely|"
    r"bored|exhausted|upset)"
    r"|(?:for|on) (?:a |the |this )?(?:rainy|cold|snowy|stormy|lazy|quiet|slow|sleepy|long|"
    r"late|sunday|winter|summer) (?:night|day|evening|afternoon|morning|weekend)s?"
    r"|before (?:bed|bedtime|sleep|sleeping)|at bedtime|for bedtime|to fall asleep to"
    r"|after (?:a |my |this )?(?:bad|long|rough|hard|tough|awful|terrible) (?:day|week|shift)"
    r"|(?:for|on) (?:the|my|a) (?:bus|train|plane|flight|subway|metro|tube)(?: ride)?"
    r"|(?:for|over|on) (?:the|a|this|my) (?:long )?weekend"
    rf"|(?:(?:ok|okay|safe|fine|good|appropriate|suitable) )?{_HERE}"
    r"|this is (?:the |a |our )?(?:main |general )?(?:channel|chat))\b")
# Rating words: asking for at least a rating (a soft part) or at most one (a hard ceiling).
# Words for sexual content ("smut"): the content, which an explicit rating alone does not say.
SEXUAL = ("smut", "smutty", "porn", "porny", "pwp", "lemon", "lemons", "sex scenes",
          "sex scene", "sexy times", "spicy", "sex", "sexual content", "on page sex")
RATING_AT_LEAST = {**dict.fromkeys(SEXUAL, "explicit"), "nsfw": "explicit"}
# Words that keep a story within a rating (the ratings' own names: bot/search/ratingwords.py).
RATING_AT_MOST = {
    "sfw": "mature", "safe for work": "mature", "clean": "teen", "kid friendly": "general",
    "family friendly": "general", "keep it clean": "teen", "keep it sfw": "mature",
    "keep it pg": "teen", "pg": "teen", "for kids": "general", "for children": "general",
    "teen friendly": "teen", "teen safe": "teen",
}
_OR_LOWER = r"(?: (?:or|and) (?:lower|less|below|under|younger)| max| at most| tops)"
ORDERS = {"longest": "longest", "shortest": "shortest", "newest": "newest",
          "latest": "newest", "most recent": "newest", "oldest": "oldest",
          # a length's superlatives as fans put them: "the quickest read you've got"
          "quickest": "shortest", "fastest read": "shortest", "briefest": "shortest",
          "fewest words": "shortest", "lengthiest": "longest",
          "most words": "longest",
          # a comparative with no number orders: "on the longer side", "shorter ones"
          "longer": "longest", "on the longer side": "longest", "longer side": "longest",
          "shorter": "shortest", "on the shorter side": "shortest", "shorter side": "shortest"}
# Tropes fans ask for by name: matched in tags and summaries (and, weakly, the text).
TROPES = (
    "fake dating", "fake relationship", "enemies to lovers", "friends to lovers",
    "strangers to lovers", "rivals to lovers", "slow burn", "found family", "fix it",
    "time travel", "soulmates", "soulmate", "soulmate au", "coffee shop au", "coffee shop",
    "alternate universe", "au", "canon divergence", "post canon", "missing scene",
    "first kiss", "mutual pining", "pining", "road trip", "case fic", "bed sharing",
    "only one bed", "there was only one bed", "amnesia", "hurt no comfort", "secret identity",
    "arranged marriage", "marriage of convenience", "domestic", "established relationship",
    "reunion", "reunions", "sick fic", "sickfic", "hospital", "holiday fic", "christmas",
    "halloween", "valentines day", "birthday", "wedding", "letters", "character death",
    "major character death", "mcd", "death", "grief", "self harm", "suicide", "abuse",
    "violence", "torture", "cheating", "infidelity", "crack treated seriously",
    "rare pair", "rarepair", "what if", "missing moments", "post war", "post series",
    "slowburn", "grumpy sunshine", "sunshine grumpy", "grumpy x sunshine", "sunshine x grumpy",
    "father daughter", "father son", "mother daughter", "mother son", "parent child",
    # (the "love" of "unrequited love" stays the romance mood)
    "unrequited", "one sided", "onesided", "one sided pining",
    # kinds of fic and AUs fans name (AO3's tags for them), read as one phrase, not words
    # ("songfic" is no typo of "longfic", "time loop" no search for "time")
    "songfic", "songfics", "chatfic", "chat fic", "texting fic", "text fic", "kidfic",
    "kid fic", "epistolary", "reader insert", "x reader", "self insert", "second person",
    "first person", "modern au", "college au", "high school au", "university au",
    "no powers au", "human au", "roommates", "roommate au", "time loop", "body swap",
    "bodyswap", "canon compliant", "dead dove", "open ending", "ambiguous ending", "aus",
    "no archive warnings apply", "no archive warnings",
)
TROPE_ALIASES = {"mcd": "major character death", "sickfic": "sick fic", "soulmate": "soulmates",
                 "rarepair": "rare pair", "au": "alternate universe", "fix it": "fix-it",
                 "slowburn": "slow burn", "sunshine grumpy": "grumpy sunshine",
                 "grumpy x sunshine": "grumpy sunshine", "sunshine x grumpy": "grumpy sunshine",
                 # as AO3 tags them: "Father-Daughter Relationship"
                 "father daughter": "father-daughter", "father son": "father-son",
                 "mother daughter": "mother-daughter", "mother son": "mother-son",
                 "parent child": "parent-child",
                 # as AO3 tags them: "Unrequited Love", "One-Sided Attraction"
                 "one sided": "one-sided", "onesided": "one-sided",
                 "one sided pining": "one-sided", "songfics": "songfic", "chat fic": "chatfic",
                 "texting fic": "chatfic", "text fic": "chatfic", "kid fic": "kidfic",
                 "x reader": "reader", "reader insert": "reader", "self insert": "self-insert",
                 "roommate au": "roommates", "bodyswap": "body swap", "aus": "alternate universe",
                 "university au": "college au", "human au": "no powers au",
                 "canon compliant": "canon-compliant",
                 "no archive warnings": "no archive warnings apply"}


@dataclass(slots=True)
class Found:
    start: int  # character offsets in the folded request
    end: int
    parts: list[Part]
    ceiling: str | None = None  # a rating the request will not go above
    avoids: bool = False  # the ceiling leaves a rating out ("not rated M"), asks for none
    # "absent": the name before is not in the story; "wholly": not at all; "barely": not much
    # ("dean isn't really around": left out as a name is, not wholly)
    absence: str = ""
    listed: bool = False  # read as if negated: taken only where a negation reaches it
    # "lead": the name beside it leads the story ("spike pov", "buffy-centric")


def _bounds(low: int | None, high: int | None) -> str:
    return f"{low or ''}:{high or ''}"


def _words(n: int) -> str:
    return f"{n:,} words"


def _length_label(low: int | None, high: int | None, said: str) -> Part:
    part = Part("length", _bounds(low, high), said)
    return Part("length", part.value, length_text(part))


def _few_hundred(m: re.Match[str]) -> Found:
    return Found(m.start(), m.end(), [Part("length", _bounds(200, 999), m.group(0))])


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Found]]] = [
    (re.compile(r"\b(?:a )?few hundred words\b"), _few_hundred),
]


def chapters_text(low: int | None, high: int | None) -> str:
    """ "3 chapters", "2–3 chapters", "over 2 chapters" for a chapter count's bounds."""
    if low is not None and high is not None:
        return f"{low} chapters" if low == high else f"{low}–{high} chapters"
    return f"over {low - 1} chapters" if low is not None else f"under {(high or 0) + 1} chapters"


def _quantity_part(amount: quantity.Quantity, said: str) -> Part:
    """A quantity as a part: words as a length; chapters as a count (more than one, or one
    finished chapter, are the statuses that say so already)."""
    if amount.unit == "words":
        return _length_label(amount.low, amount.high, said)
    if (amount.low, amount.high) == (2, None):
        return Part("status", "multi-chapter", said)
    if (amount.low, amount.high) == (1, 1):
        return Part("status", "one-shot", said)
    return Part("chapters", _bounds(amount.low, amount.high),
                chapters_text(amount.low, amount.high))


def _quantities(text: str, starts: list[int]) -> list[Found]:
    """Every quantity the grammar reads, from each word on (overlapping: the reader keeps
    the longest at each place)."""
    found = []
    for start in starts:
        for pattern, make in ((quantity.PATTERN, quantity.read),
                              (quantity.PARTER, quantity.parter)):
            m = pattern.match(text, start)
            if m is None or not m.group(0).strip():
                continue
            amount = make(m)
            if amount is not None:
                found.append(Found(m.start(), m.end(), [_quantity_part(amount, m.group(0))]))
    return found


def _phrase(kind: str, table: dict[str, str]) -> Callable[[re.Match[str]], Found]:
    def found(m: re.Match[str]) -> Found:
        said = m.group("p")
        negated = bool(m.group("neg"))
        label = m.group(0).replace(" / ", "/")
        if kind == "category":  # "gay": either m/m or f/f
            either = tuple(str(table[said]).split("|"))
            return Found(m.start(), m.end(), [Part("category", " or ".join(either), label,
                                                   negated, either if len(either) > 1 else ())])
        if kind == "status":
            value = str(table[said])
            if negated and value in {"in-progress", "complete"}:  # "nothing unfinished"
                value, negated = ("complete" if value == "in-progress" else "in-progress",
                                  False)
            return Found(m.start(), m.end(), [Part("status", value, label, negated)])
        if kind == "order":
            return Found(m.start(), m.end(), [Part("order", str(table[said]), label)])
        return Found(m.start(), m.end(), [])
    return found


def _length_word(m: re.Match[str]) -> Found:
    low, high = LENGTH_WORDS[m.group("p")]
    if m.group("neg"):  # "nothing too long": at most the length below; "not too short"
        if high is None and low is not None:
            high, low = low - 1, None
        elif low is None and high is not None:
            low, high = high + 1, None
        else:  # "not medium": neither side alone
            return Found(m.start(), m.end(), [])
    return Found(m.start(), m.end(), [Part("length", _bounds(low, high), m.group(0).strip())])


def _rating_high(m: re.Match[str]) -> Found:
    value = _rating_named(m.group("p"))
    if m.group("neg"):  # "nothing explicit", "no smut": never above the rating below it
        below = {"explicit": "mature", "mature": "teen"}[value]
        return Found(m.start(), m.end(), [], ceiling=below, avoids=True)
    if m.group("p") in SEXUAL:  # "smut": what is on the page, not only the rating
        return Found(m.start(), m.end(), [Part("sex", "sexual content", m.group(0))])
    return Found(m.start(), m.end(), [Part("rating", value, m.group(0))])


def _not_rated(m: re.Match[str]) -> Found:
    return Found(m.start(), m.end(), [Part("rating", "not-rated", m.group(0))])


def _asks_nothing(m: re.Match[str]) -> Found:
    """Read, and no condition: what is allowed, when one reads, how one feels."""
    return Found(m.start(), m.end(), [])


def _rating_free(m: re.Match[str]) -> Found:
    """ "smut free", "nsfw-free": never above the rating below it."""
    below = {"explicit": "mature", "mature": "teen"}[_rating_named(m.group("p"))]
    return Found(m.start(), m.end(), [], ceiling=below, avoids=True)


def _rating_named(said: str) -> str:
    return RATING_AT_LEAST.get(said) or ratingwords.NAMES[said]


def _rating_low(m: re.Match[str]) -> Found:
    return Found(m.start(), m.end(), [], ceiling=RATING_AT_MOST[m.group("p")])


def _rating_grammar(kind: str) -> Callable[[re.Match[str]], Found | None]:
    """A rating in any shape (bot/search/ratingwords.py): its part and its ceiling."""
    def found(m: re.Match[str]) -> Found | None:
        ask = ratingwords.read(kind, m)
        if ask is None:
            return None  # no rating: nothing read
        parts = [Part("rating", ask.part, m.group(0))] if ask.part else []
        return Found(m.start(), m.end(), parts, ceiling=ask.ceiling, avoids=ask.avoids)
    return found


def _no_romance(m: re.Match[str]) -> Found:
    """ "no romance": gen. "no other ships", "just the one pairing": AO3's one-relationship
    filter."""
    if m.group("otp"):
        return Found(m.start(), m.end(), [Part("otp", "one pairing", m.group(0))])
    return Found(m.start(), m.end(), [Part("category", "gen", m.group(0))])


def _romcom(m: re.Match[str]) -> Found:
    return Found(m.start(), m.end(), [Part("mood", "romance", f"{m.group(0)} (romance)"),
                                      Part("mood", "humor", f"{m.group(0)} (comedy)")])


def _angst_happy_ending(m: re.Match[str]) -> Found:
    """ "hurts but ends happy", "sad with a happy ending": angst and fluff never describe one
    story, so a happy ending after angst is the fans' own tag for it."""
    return Found(m.start(), m.end(), [Part("tag", "angst with a happy ending", m.group(0))])


def _mood_free(m: re.Match[str]) -> Found:
    """ "angst free", "fluff-free": none of that mood."""
    return Found(m.start(), m.end(), [Part("mood", MOOD_WORDS[m.group("p")], m.group(0), True)])


def _not_too(m: re.Match[str]) -> Found:
    label = m.group(0).removeprefix("but ")
    return Found(m.start(), m.end(), [Part("mood-cap", MOOD_WORDS[m.group("p")], label,
                                           True)])


def _mood_either(m: re.Match[str]) -> Found:
    """ "something light": either mood of MOOD_EITHER, one part."""
    moods = MOOD_EITHER[m.group("p")]
    return Found(m.start(), m.end(), [Part("mood", " or ".join(moods), m.group(0),
                                           bool(m.group("neg")), moods)])


def _trope(m: re.Match[str]) -> Found:
    said = m.group("p")
    value = TROPE_ALIASES.get(said, said)
    return Found(m.start(), m.end(), [Part("tag", value, m.group(0), bool(m.group("neg")))])


def _nobody_dies(m: re.Match[str]) -> Found:
    """ "where nobody dies", "cas doesn't die": no death, as tags warn of it and texts tell it."""
    return Found(m.start(), m.end(), [Part("tag", "death", m.group(0), True)])


def _absence(m: re.Match[str]) -> Found:
    """ "buffy doesn't show up", "no vampires in it at all": the name before (the request
    reader knows it) is wholly absent, not only left out as a lead. "spike pov", "pov: buffy",
    "dawn-centric": the character beside it leads the story."""
    how = "lead" if m.group("lead") else "barely" if m.group("barely") \
        else "absent" if m.group("verb") else "wholly"
    return Found(m.start(), m.end(), [], absence=how)


def _crossover(m: re.Match[str]) -> Found:
    return Found(m.start(), m.end(), [Part("crossover", "crossover", m.group(0),
                                           bool(m.group("neg")))])


def _negatable(phrases) -> re.Pattern[str]:
    return re.compile(rf"(?:(?P<neg>\b{NEGATION}){_FILLER}\s+)?\b(?P<p>{alternation(phrases)})"
                      r"(?![\w/])")


# After a name: it is not in the story ("buffy doesn't show up", "spike isn't in it",
# "angel-free"), or, after a negated one, not at all ("without angel in it").
_ABSENCE = re.compile(
    r"\b(?:(?P<verb>(?:(?:is|are|does|do|will|would) not|isnt|arent|doesnt|dont|wont|wouldnt"
    r"|never|not)(?: even| ever| once|(?P<barely> really| much))? "
    r"(?:show up|shows up|showing up|appear|appears|appearing"
    r"|turn up|turns up|feature|features|featured|make an appearance|makes an appearance"
    r"|in it|in this|in them|in the story|in the fic|around|present)|is absent|absent"
    # "spike-free", not "feel free to", "free time" ("goes missing" is a plot)
    r"|(?<!feel )(?<!for )free(?! (?:time|will|to|from|of|for|range)\b))"
    r"|in it|in them|in this one|in the story|in the fic)(?: at all| anywhere| ever)?"
    r"(?!\w)|\bat all\b"
    # beside a name: it leads the story ("spike pov", "told from buffy's point of view")
    r"|\b(?P<lead>pov|povs|centric|centered|centred|focused|point of view|perspective|"
    r"main character|protagonist|told (?:from|by)|narrated by|written from|"
    r"through (?:the )?eyes of)\b")
_HEAVY = [w for w, mood in MOOD_WORDS.items()
          if " " not in w and mood in {"angst", "dark", "horror"}]
_HIGH_NAMES = [n for n in ratingwords.STANDALONE if ratingwords.NAMES[n] in {"mature", "explicit"}]
_ALLOWED = alternation((*NOT_RATED, *RATING_AT_LEAST, *ratingwords.STANDALONE, *CATEGORIES,
                        *STATUSES))
_PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Found | None]]] = [
    (re.compile(rf"\b(?:(?:{_ALLOWED})"
                rf"(?: is| are)?|\w+ (?:is|are)) {_ALLOWING}(?!\w)"), _asks_nothing),
    (_OCCASIONS, _asks_nothing),
    (re.compile(rf"(?P<neg>)\b(?P<p>{alternation(NOT_RATED)})\b"), _not_rated),
    (re.compile(rf"\b(?:no|not|nothing|but not) (?:too|overly|very|super|that) "
                rf"(?P<p>{alternation(w for w in MOOD_WORDS if ' ' not in w)})\b"), _not_too),
    (re.compile(rf"\b(?:{alternation(w for w in _HEAVY if MOOD_WORDS[w] == 'angst')}|hurt|heart)"
                r"(?: \w+){0,2}? (?:with a|with an|but a|but|and a|and|then a|then|that) "
                # "but it has to end ok", "but they need to turn out fine"
                r"(?:(?:it|they|things|everything|the story|the ending) )?(?:(?:has|have|needs|"
                r"need|got|gotta|should|must|will|better|has got) (?:to )?)?"
                r"(?:happy ending|ends happy|ends happily|ending happy|ends well|happy end|"
                r"happily ever after|hea|(?:ends?|turns? out|works? out|ending) "
                r"(?:ok|okay|alright|all right|fine|well|happy|happily|good))\b"),
     _angst_happy_ending),
    # "low angst", "mild horror": some, not much, of a heavy mood
    (re.compile(r"\b(?:low|light|mild|minimal|slight|not much|a little|a bit of) "
                rf"(?P<p>{alternation(_HEAVY)})\b"), _not_too),
    (re.compile(rf"\b(?P<p>{alternation(w for w in MOOD_WORDS if ' ' not in w)}) ?free\b"),
     _mood_free),
    # "no other ships" (one pairing only) before "no ships" (no romance)
    (re.compile(r"\b(?P<otp>(?:(?:no|without|not any|nothing but|zero) (?:other|side|background|"
                r"secondary|minor|extra|additional) |(?:just|only) (?:the |a )?(?:one|1|single) |"
                r"(?:a )?single |one )(?:ships?|pairings?|relationships?|couples?|otps?)"
                r"(?: only| at all)?|otp only)\b"
                rf"|(?P<neg>\b{NEGATION}){_FILLER}\s+(?:\w+\s+)?(?P<p>{alternation(NO_ROMANCE)})"
                r"(?: at all)?\b"), _no_romance),
    (re.compile(rf"\b(?P<p>{alternation((*RATING_AT_LEAST, *_HIGH_NAMES))}) ?free\b"),
     _rating_free),
    (_negatable(RATING_AT_LEAST), _rating_high),
    *((pattern, _rating_grammar(kind)) for kind, pattern in ratingwords.PATTERNS.items()),
    (re.compile(rf"(?P<neg>)\b(?:rated )?(?P<p>{alternation(RATING_AT_MOST)})\b"
                rf"(?P<lower>{_OR_LOWER})?"),
     _rating_low),
    (_negatable([c for c in CATEGORIES if c not in ANY_SHIP]), _phrase("category", CATEGORIES)),
    (re.compile(rf"(?:(?P<neg>\b{NEGATION}){_FILLER}\s+)?{_SHIP_PLACE}\b"
                rf"(?P<p>{alternation(ANY_SHIP)})(?![\w/])"), _phrase("category", CATEGORIES)),
    (re.compile(r"(?P<neg>)\b(?P<p>rom ?com|romantic comedy)s?\b"), _romcom),
    (_negatable(STATUSES), _phrase("status", STATUSES)),
    (re.compile(rf"(?:(?P<neg>\b{NEGATION}) (?:(?:too|overly|very|super|that|a) )?)?"
                rf"\b(?:a |an |something |the )?(?P<p>{alternation(LENGTH_WORDS)})"
                r"(?: read| one| ones| fic| fics| story| stories)?\b"), _length_word),
    (re.compile(rf"(?P<neg>)\b(?:the )?(?P<p>{alternation(ORDERS)})\b"), _phrase("order",
                                                                                  ORDERS)),
    (_negatable(("crossover", "crossovers", "cross over", "fusion")), _crossover),
    (re.compile(r"\b(?:(?:nobody|noone|no one|no body) (?:ever )?(?:dies|die|dying|is killed|gets"
                r" killed|is dead|ends up dead|dead|killed)|no (?:deaths|dying|one dying)"
                r"|(?:doesnt|does not|dont|do not|didnt|did not|wont|will not|never) "
                r"(?:die|dies|get killed|gets killed))\b"), _nobody_dies),
    (_negatable(TROPES), _trope),
    (_ABSENCE, _absence),
    (_negatable(MOOD_EITHER), _mood_either),
]

# "1,000" (thousands), "<" / ">" before a number (folding drops them)
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?![\d,])|([<>≤≥~])=?\s*(?=\d)")
_COMPARED = {"<": " under ", "≤": " under ", ">": " over ", "≥": " over ", "~": " about "}
# "3k", and "2-3k" (the k counts for both)
_KILO = re.compile(r"(?<![\w.])(?:(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*)?(\d+(?:\.\d+)?)\s*k\b",
                   re.I)


def _kilo(m: re.Match[str]) -> str:
    high = str(int(float(m.group(2)) * 1000))
    return f"{int(float(m.group(1)) * 1000)} to {high}" if m.group(1) else high


# "550ish", "2k-ish", "3k ish": the number, which every length reading already takes loosely
_ISH = re.compile(r"(?<=\d)([kK]?)\s*-?\s*ish\b", re.I)


def numbers(text: str) -> str:
    """Numbers as digits before folding: "1,000" -> "1000", "3k" and "3K" -> "3000", "2-3k"
    -> "2000 to 3000", "<1k" -> "under 1000", "550ish" -> "550"."""
    text = _ISH.sub(r"\1", text)
    text = _THOUSANDS.sub(lambda m: m.group(1).replace(",", "") if m.group(1)
                          else _COMPARED[m.group(2)], text)
    return _KILO.sub(_kilo, text)


@dataclass(slots=True)
class Everyday:
    parts: list[tuple[int, Part]]  # (word position, part)
    consumed: set[int]  # word positions read here
    ceiling: str | None  # the lowest "at most" rating the request named
    avoids: bool = False  # every ceiling named leaves a rating out ("nothing explicit")
    # word positions where "doesn't show up" (absent) or "in it at all" (wholly) starts
    absent: set[int] = field(default_factory=set)
    wholly: set[int] = field(default_factory=set)
    barely: set[int] = field(default_factory=set)
    lead: set[tuple[int, int]] = field(default_factory=set)  # "pov": (first word, end)
    # the word positions just after a part read under a negation ("no romance", "nothing
    # explicit"): an "or" there carries the negation on ("no romance or smut")
    negative_ends: set[int] = field(default_factory=set)
    negative_ends_at: set[int] = field(default_factory=set)  # the same, as text offsets


def read(words: list[str], names: Callable[[int, int], bool] | None = None) -> Everyday:
    """The everyday parts of a folded request (its words). `names(i, j)` tells whether words
    i..j-1 are part of a longer known name ("teen wolf"), which then wins."""
    text = " ".join(words)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    out = Everyday([], set(), None)
    taken_until = -1
    for item in _candidates(text, starts):
        if item.start < taken_until:
            continue
        first = _word_at(starts, item.start)
        last = _word_at(starts, item.end - 1)
        if names is not None and names(first, last + 1):
            continue
        between = text[max(taken_until, 0):item.start]
        carried = _in_negated_list(between, taken_until in out.negative_ends_at)
        if item.listed and not carried:
            continue
        if carried and not item.listed:
            item = _negated(item, text) or item
        taken_until = item.end
        if carried or _negative(item, text):
            out.negative_ends.add(last + 1)
            out.negative_ends_at.add(item.end)
        _take(out, item, first, last, between)
    return out


def _candidates(text: str, starts: list[int]) -> list[Found]:
    """Every phrase, quantity and listed negation found, by place (the longest first)."""
    found: list[Found] = []
    for pattern, make in [*_PATTERNS, *_PHRASES]:
        for match in pattern.finditer(text):
            if (item := make(match)) is not None:
                found.append(item)
    found += _quantities(text, starts)
    if " or " in text or " nor " in text:
        found += _listed(text)
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    return found


def _take(out: Everyday, item: Found, first: int, last: int, between: str) -> None:
    """Record a phrase read at words first..last: its parts, its ceiling, what it says of
    the name beside it."""
    either = _either_rating(out.parts, item, between)
    item.parts = _listed_after_negation(out.parts, item.parts, between)
    out.consumed.update(range(first, last + 1))
    if item.absence == "lead":
        out.lead.add((first, last + 1))
    elif item.absence:
        {"absent": out.absent, "barely": out.barely, "wholly": out.wholly}[item.absence].add(first)
    if either:  # "mature or explicit": at least the lower of them
        out.parts[-1] = (out.parts[-1][0], either)
        return
    out.parts += [(first, part) for part in item.parts]
    if item.ceiling:
        out.avoids = item.avoids and (out.avoids or out.ceiling is None)
        out.ceiling = _lower(out.ceiling, item.ceiling)


_LISTED = {"or", "nor", "and", "or any", "and any", "or even", "and no", "or no"}
# Joiners that carry a negation to the next part of any kind ("no romance or smut", "nothing
# unfinished nor explicit"); "and" carries it only to a part of the same kind ("no angst and
# fluff" may ask for the fluff).
OR_LISTED = {"or", "nor", "or any", "nor any", "or even", "or no", "and no"}
# A negated name and "or" just before a part: "not spike or smut", "no buffy or crossovers".
_NEGATED_NAME_LIST = re.compile(rf"\b{NEGATION}(?: [\w/]+){{1,4}} (?:or|nor)(?: any| even)?\s*$")
_JOINED = re.compile(r"\b(?:or|nor)(?: any| even| no)? ")
_NEGATIVE_START = re.compile(rf"{NEGATION}\b")


def _in_negated_list(between: str, after_negative: bool) -> bool:
    """Whether a part stands in a list a negation covers: after a negated part across "or",
    or after a negated name ("not buffy or smut") with no part between."""
    return (after_negative and between.strip() in OR_LISTED) or bool(
        _NEGATED_NAME_LIST.search(between))


def _negative(item: Found, text: str) -> bool:
    """A part read under a negation: negated, leaving a rating out, or said after one ("no
    romance" asks for gen)."""
    return item.avoids or any(p.negated for p in item.parts) or bool(
        _NEGATIVE_START.match(text, item.start))


def _listed(text: str) -> list[Found]:
    """What follows each "or" read as if "no" stood before it ("romance" in "no smut or
    romance" is "no romance": gen), kept only where a negation reaches it."""
    out = []
    for joiner in _JOINED.finditer(text):
        said = f"no {text[joiner.end():]}"
        best = None
        for pattern, make in _PHRASES:
            m = pattern.match(said)
            if m is None or m.end() <= 3 or (found := make(m)) is None \
                    or not _negative(found, said):
                continue
            if best is None or m.end() > best.end:
                best = Found(joiner.end(), joiner.end() + m.end() - 3, found.parts,
                             found.ceiling, found.avoids, found.absence, listed=True)
        if best is not None:
            out.append(best)
    return out


def _negated(item: Found, text: str) -> Found | None:
    """The same words read with "no" in front ("smut" in "no romance or smut" is "no smut"),
    through the same phrases; None when no phrase reads them so."""
    said = f"no {text[item.start:item.end]}"
    for pattern, make in _PHRASES:
        m = pattern.match(said)
        if m is None or m.end() != len(said) or (found := make(m)) is None:
            continue
        if _negative(found, said):
            return Found(item.start, item.end, found.parts, found.ceiling, found.avoids,
                         found.absence)
    return None


def _listed_after_negation(taken: list[tuple[int, Part]], parts: list[Part],
                           between: str) -> list[Part]:
    """ "no death or grief", "nothing unfinished or explicit": a negation covers the list
    after it, so a part of the kind just negated, joined by "or", is negated too."""
    if not taken or between.strip() not in _LISTED or not parts:
        return parts
    last = taken[-1][1]
    if not last.negated or any(p.negated or p.kind != last.kind for p in parts):
        return parts
    return [replace(p, negated=True) for p in parts]


def _either_rating(taken: list[tuple[int, Part]], item: Found, between: str) -> Part | None:
    """The one rating part "mature or explicit" asks for (the lower rating meets it), when
    `item` is the second rating and only "or" stands between them."""
    if not taken or between.strip() != "or" or len(item.parts) != 1:
        return None
    last, this = taken[-1][1], item.parts[0]
    if last.kind != "rating" or this.kind != "rating" or "not-rated" in {last.value,
                                                                          this.value}:
        return None
    lower = min(last, this, key=lambda p: rating_level(p.value))
    return Part("rating", lower.value, f"{last.label} or {this.label}")


def _lexicon() -> frozenset[str]:
    """Every word of the phrases read here ("complete", "drabble", "crossover", "explicit"):
    the words a typo in an everyday request is corrected to."""
    phrases = [*CATEGORIES, *STATUSES, *LENGTH_WORDS, *RATING_AT_LEAST, *RATING_AT_MOST,
               *ratingwords.NAMES,
               *NOT_RATED, *ORDERS, *TROPES, *MOOD_EITHER, "crossover", "crossovers", "words",
               "minutes", "hours"]
    return frozenset(w for p in phrases for w in p.split() if len(w) >= 4 and w.isalpha())


LEXICON = _lexicon()


def _word_at(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index


def _lower(a: str | None, b: str) -> str:
    order = ("general", "teen", "mature", "explicit")
    return b if a is None else order[min(order.index(a), order.index(b))]


def length_text(part: Part) -> str:
    """ "under 1,000 words" for a length part's bounds (for notes that quote no request)."""
    low, _, high = part.value.partition(":")
    if low and high:
        return f"{_words(int(low))}–{_words(int(high))}"
    return f"over {_words(int(low))}" if low else f"under {_words(int(high))}"
