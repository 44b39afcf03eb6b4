"""Characters named in the text itself, whatever the fandom: what a reader picks up without a
cast list.

Fans' catalogs hold thousands of fandoms and the fandom files know a few dozen, so the people
of a story are read from how the text names them: capitalised words used mid-sentence
(ordinary words are capitalised only at a sentence start), dialogue attribution ("said Wash",
"Kris asked"), possessives ("Adam's"), vocatives (", Zoe."), a name followed by what its
owner did ("Mal stopped"). A capitalised word after an article or a preposition ("the
Bronze", "in Dallas") is more likely a place or a thing. Full names ("Ilsa Varne"), titles
("Coach Beard", "Mrs. Hudson") and the shorter forms the story uses ("Ilsa", "Varne") are one
person, shown by the fullest name the text gives. Gender comes from the pronouns that follow
a person's name at the start of a sentence.

`discover` returns the people found this way; the caller merges them with the fandom's known
cast (names the knowledge knows are counted by its table and left out here). `roles` reads
the people a story naming few follows by what they are ("the kid woke"), in lower case.

Cost: one regex pass (C speed) over the text read, capitalised spans only; Python work per
span found, about a hundred for a 3,000-character sample.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Set
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from itertools import accumulate, chain, filterfalse, groupby, repeat
from operator import itemgetter
from pathlib import Path

from bot.resources import PLACES_FILE
from bot.understanding.blocks import UPPER, Block, in_dialogue
from bot.understanding.characters import COMMON_WORDS, HONORIFICS, PARTICLES
from bot.understanding.cues import STANDING_WORDS

# A run of capitalised words. What stands before it (a lower-case word, a punctuation mark)
# and after it (a punctuation mark, the next lower-case word) is read around the match: a
# regex that captured them would be tried at every position of the text, several times slower.
_WORD = rf"[{UPPER}][\w]*(?:['’-][\w]+)*"


def _by_first_letter(words) -> str:
    """An alternation of whole words grouped by first letter ("d(?:a|e)|v(?:an|on)"): the
    engine leaves a word that is none of them after one try a letter, not one a word."""
    return "|".join(f"{first}(?:{'|'.join(sorted(w[1:] for w in words if w[0] == first))})"
                    for first in sorted({w[0] for w in words}))


# (a particle may stand inside the run, before a capitalised word: "Mr de Winter")
_PARTICLE = rf"(?:{_by_first_letter(PARTICLES)})[ \t]+"
_SPAN = re.compile(rf"\b(?:(?:Mrs?|Ms|Dr|St)\.|{_WORD})(?:[ \t]+(?:{_PARTICLE})?{_WORD})*")
_FOLLOWING = re.compile(r"[ \t]+([a-z]+)")
_TO = re.compile(r"[ \t]+to\b")
# What a modal verb goes on with when it tells a state, not a deed ("would have been", "must
# be", "could not be").
_BEING = re.compile(r"[ \t]+(?:not[ \t]+|never[ \t]+)?(?:have[ \t]+)?be(?:en)?\b")
# A capitalised word after a comma that goes on a list ("Dogger, Fisher, German Bight"), not
# "I" going on the sentence ("Buffy, I know").
_LISTED = re.compile(rf"[ \t]+(?!I\b|I['’])[{UPPER}]")
# ... and the end of such a list: a name after ", Fisher, " (not after "Yes, ": a list has
# a comma before its items too).
_LIST_BEFORE = re.compile(rf",[ \t]+{_WORD}(?:[ \t]+{_WORD})*,[ \t]*$")
# A sentence that is a name alone, or a name and a short clause ("Palmer, laughing.",
# "Windows, who was always cold."): an item of a roll call; what ends one after a name, and
# one right before a name (the word it names).
_ITEM_TAIL = r"(?:,[^.!?\"\n]{1,60})?[.!?]"
_ITEM_END = re.compile(_ITEM_TAIL)
_ITEM_AFTER = re.compile(rf"[ \t]+{_WORD}{_ITEM_TAIL}")
_ITEM = re.compile(rf"[ \t]*({_WORD}){_ITEM_TAIL}")
# A capitalised word joined to a span by "and", before it or after it ("Chie and Yukiko").
_JOINED_BEFORE = re.compile(rf"({_WORD})[ \t]+and[ \t]+$")
_JOINED_AFTER = re.compile(rf"[ \t]+and[ \t]+({_WORD})")
_TITLE_AND = re.compile(rf"\b({_WORD})\.?[ \t]+and[ \t]+$")
# The capitalised words right before a position, on the same line: where its run starts.
# (The look-ahead for a capital lets the engine leave every other position at once.)
_PREVIOUS = re.compile(
    rf"(?=[{UPPER}])((?:(?:Mrs?|Ms|Dr|St)\.|{_WORD})(?:[ \t]+(?:{_PARTICLE})?{_WORD})*)"
    rf"[ \t]+(?:{_PARTICLE})?$")


def previous_run(text: str, i: int) -> re.Match | None:
    """`_PREVIOUS` searched in the 60 characters before `i`, from after the last comma, quote
    or line break in them: no run holds one, so no match starts before it (the search tried
    every position of the 60, ~30 k instructions a call)."""
    start = max(0, i - 60)
    start = max(start, text.rfind(",", start, i) + 1, text.rfind('"', start, i) + 1,
                text.rfind("\n", start, i) + 1)
    return _PREVIOUS.search(text, start, i)


# Months that are also given names ("said April"): a person only when they speak.
_MONTH_NAMES = frozenset("april may june august".split())
# Days of the week, also family names ("Mrs Thursday", "Thursday said"): a person only when
# written after a title or speaking (`_is_name`).
_DAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Peoples whose plural takes an "s": a group, no one's name (`_plural_of_title`:
# "Americans"); and the other words of a nation or its language, no one either.
_PEOPLES = frozenset("american german russian italian european african asian".split())
_NATIONS = frozenset("""english french spanish chinese japanese latin british irish scottish
welsh""".split())

# Capitalised words that are never a person's name on their own.
STOP = frozenset("""
i i'm i'd i'll i've the a an and but or so then he she it they we you his her its their our my
your mine yours hers ours theirs
this that these those there here what when where why how who whom whose which yes no not
oh of in on at to for with if as just now well even still after before maybe because okay ok
nothing nobody someone something everyone everything sometimes once perhaps please thanks sorry
good right sure yeah ah hm hmm mm um uh hey hi hello all some one two three four five six seven
eight nine ten every each another other
january february march april may june july august september october november december christmas
easter halloween god gods mister missus mrs mr ms miss dr
sir madam ma'am lord lady chapter part prologue epilogue note notes tv dvd ok ps am pm
family twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty
fifty sixty seventy eighty ninety hundred thousand
majesty highness excellency lordship ladyship eminence holiness ask tell
""".split()) | _DAY_NAMES | _NATIONS | _PEOPLES  # not "eleven": someone in Stranger Things


# Openers that also rank people in a name ("Second Brother", "First Officer"): kept with it.
_ORDINALS = frozenset("First Second Third Last Next".split())

# Forms of address before a name ("Coach Beard", "Mrs. Hudson"): part of how the text names
# someone, never a person alone. Gendered ones tell the person's gender.
TITLES = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "duke": "m",
    "uncle": "m", "father": "m", "brother": "m", "baron": "m", "count": "m", "master": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madame": "f", "madam": "f", "lady": "f", "queen": "f",
    "princess": "f", "duchess": "f", "aunt": "f", "auntie": "f", "mother": "f", "sister": "f",
    "dame": "f", "mistress": "f", "countess": "f", "baroness": "f", "emperor": "m",
    "empress": "f", "kaiser": "m",
    "captain": None, "commander": None, "lieutenant": None, "sergeant": None, "major": None,
    "colonel": None, "general": None, "admiral": None, "detective": None, "officer": None,
    "agent": None, "inspector": None, "sheriff": None, "deputy": None, "doctor": None,
    "dr": None, "professor": None, "coach": None, "reverend": None, "elder": None,
    "chief": None, "nurse": None, "ensign": None, "private": None, "corporal": None,
    "cap": None, "cap'n": None, "agent's": None,
    # forms of address of other languages and places ("Ser Gregor", "Monsieur Poirot",
    # "Principal Weems"): a title before a name, never someone alone
    "ser": "m", "monsieur": "m", "mademoiselle": "f", "herr": "m", "frau": "f",
    "principal": None, "headmaster": "m", "headmistress": "f",
    # kin as the family calls them: "Nana Rosemary" is a name, "Dad" alone a role unless the
    # text calls someone by it (`_KIN_NAMES`)
    "mom": "f", "mum": "f", "mommy": "f", "mummy": "f", "mama": "f", "momma": "f", "ma": "f",
    "dad": "m", "daddy": "m", "papa": "m", "pa": "m", "grandma": "f", "grandpa": "m",
    "granny": "f", "gran": "f", "grandad": "m", "grandmother": "f", "grandfather": "m",
    "nana": "f", "grunkle": "m", "abuela": "f", "abuelo": "m",
}

# Of those, the words a family calls its own people by, capitalised and without "my" as a
# name is ("Dad said", "Night, Mum."): the one person the text knows by that name when it
# speaks, is spoken to or owns something, more than in passing (used twice at least).
_KIN_NAMES = frozenset("""mom mum mommy mummy mama momma dad daddy papa grandma grandpa granny
gran nana ma pa""".split())

# Forms of address and ranks Japanese writes after a name, as a separate word in English
# ("Tanaka Sensei", "Touya Meijin": the Go title): the name's, never its surname.
AFTER_TITLES = frozenset((*HONORIFICS, "sempai", "hakase", "meijin", "honinbou", "shishou",
                          "taichou"))

# Verbs of speech: a name beside one is someone speaking.
SAID = frozenset("""
said says asked asks replied replies whispered murmured muttered shouted called yelled snapped
sighed added answered agreed admitted offered told breathed laughed growled hissed demanded
insisted repeated continued began started explained protested suggested warned grumbled
mumbled snorted drawled remarked announced declared cried exclaimed teased managed corrected
conceded pointed observed noted informed interrupted croaked rasped purred huffed
""".split())

# Lower-case words after which a capitalised word is a place or a thing more often than a
# person ("in Dallas", "the Bronze").
# Capitalised words that open sentences and never names: skipped at once.
OPENERS = frozenset("""
The A An And But Or So Then He She It They We You I I'm I'd I'll I've His Her Its Their Our My
Your Mine Yours Hers Ours Theirs
This That These Those There Here What When Where Why How Who Yes No Not Oh Of In On At
To For With If As Just Now Well Even Still After Before Maybe Because Okay OK Don't It's
That's There's He's She's You're We're They're Let's Can't Didn't Wasn't Nothing Nobody
Someone Something Everyone Everything Sometimes Once Perhaps Please Thanks Sorry Good Right
Sure Yeah Ah Hm Hmm Mm Um Uh Hey Hi Hello All Some One Two Three Every Each Another Other
Then Though Although While Until Since Instead Only Besides Meanwhile Later Soon Again
Somewhere Sometimes Someday Somehow Somebody Anybody Anyone Anything Anyway Everybody
Everywhere Nowhere Nothing Tomorrow Today Tonight Yesterday Morning Evening Afternoon Night
Finally Suddenly Slowly Quietly Eventually Probably Certainly Really Actually Honestly
Clearly Obviously Apparently Luckily Unfortunately Thankfully Together Outside Inside Behind
Across Around Above Below Beneath Beside Between Beyond Under Over Through Without Within
Upon Against Along During Except Like Unlike Whatever Whenever Wherever Whoever However
Whether Why Yet Also Already Always Never Ever Almost Enough Most Much Many More Less Few
Both Either Neither Such Same Last Next First Second Third Maybe Perhaps Sure Fine Great
Thank Look Listen Wait Come Go Stop Please Let Tell Ask Take Give Get Make Keep Put Hold Don't
Didn't Doesn't Isn't Aren't Wasn't Weren't Won't Wouldn't Couldn't Shouldn't Haven't
Hasn't Hadn't What's Who's Where's How's Here's I'm
""".split())

_THING_BEFORE = frozenset("""
the a an in into inside outside within near across through onto via
""".split())
# Prepositions before people as often as before places ("to Julian", "to Cardassia", "on
# Hoth"): a word mostly after these is a place unless something else shows a person (speech,
# a title, "he").
_TOWARD_BEFORE = frozenset("to from of for toward towards at on".split())
# Lower-case words after a name that say its owner did something (besides -ed verbs).
_DID = frozenset("""
was is had has did does went goes came comes saw sees took takes made makes got gets gave
gives knew knows thought thinks felt feels found finds stood stands sat sits ran runs held
holds kept keeps put puts let lets left leaves looked turned shook nodded smiled grinned
frowned sighed laughed didn't couldn't wouldn't wasn't hadn't isn't doesn't won't can't
leaned reached pulled pushed caught threw wrote read spoke says said told asked swore woke
slept lay
taught brought bought fought sought heard meant sent spent built lent bent lost paid laid led
fed fled met sat began drank sang swam rang wore tore drew grew flew blew chose froze drove
rode bit hid slid fell stole broke forgot won struck stuck hung dug swung sank wept crept
swept leapt knelt dealt shot understood forgave became ate bled
""".split())  # the past of irregular verbs, as "-ed" is of the rest ("Kira taught it")
# Prepositions: a name after one is their object, so a verb of speech after it is another's
# ("every witch in America says", "the traffic of Baltimore murmured"). Not "than" or "like":
# "quieter than Kaufmo said" makes the name the verb's subject.
_GOVERNING = (_THING_BEFORE - {"the", "a", "an"}) | _TOWARD_BEFORE | frozenset(
    "with by about".split())
# Words after a name's "'s" that make it "is" or "has", not an owner ("Kevin's been", "Lup's
# always"): the name did something (as "Kevin was") but owns nothing.
_IS_AFTER = frozenset("""
been got gone going always never not just still a an the so very too here there probably
exactly really already only also gonna done
""".split())
# Modal verbs after a name opening a sentence: its owner acts if "he" or "she" takes it up
# ("Hastings would never believe it. He ..."), not alone ("Cruelty would have been").
_MODALS = frozenset("would could should might must will shall".split())

# The pronoun that takes up a sentence's subject: later in its sentence ("Mal stopped, and
# he ..."), or opening the next one ("Mal stopped. He ..."). Object and possessive forms are
# left out: "Zoe looked at him", "Zoe took his hand" are about someone else. The look-ahead
# (a pronoun's first letter or a sentence end) spares trying both branches at every letter.
_PRONOUN_AFTER = re.compile(
    r"[^.!?\"\n]{0,80}?(?=[hs.!?])(?:\b(he|she|himself|herself)\b|[.!?][\"']?\s+(He|She)\b)")
# Or a gesture of the subject's own body in its sentence ("Howl shook his head", "Ise bit her
# lip"): what one does to one's own head, throat, eyes or lips, not another's hand; hands
# one claps, folds, wrings, wipes or puts somewhere are one's own ("clapped her hands").
# Found as the body part first (one short search), then the gesture in the words before it.
_OWN_PART = re.compile(
    r"\b(his|her) (?:head|throat|eyes|arms|lip|lips|breath|brow|brows|eyebrow|eyebrows|"
    r"shoulders|chin|jaw|nose|neck|hair|face|mouth|temples|knees|hands)\b")
_GESTURE = re.compile(
    r"\b(?:shook|shaking|cleared|clearing|rubbed|rubbing|crossed|folded|bit|biting|rolled|"
    r"rolling|narrowed|closed|opened|lowered|raised|tilted|cocked|ducked|bowed|hung|scratched|"
    r"shrugged|tucked|pursed|licked|wiped|dragged|ran|pinched|put|poked|stuck|popped|clapped|"
    r"clapping|wrung|wringing)"
    r"\b[^.!?\"\n]{0,20}?$")
# A name a title-case test leaves out, as a whole token: in CamelCase ("LeChuck", "SecUnit",
# "McCoy"), written with an honorific ("Kita-chan"), read as the bare name, or as an owner
# ("Marcille's", "McDonald's"; read only as the owner of a body: see `_odd_names`).
_ODD_NAME = re.compile(
    rb"([A-Z][a-z]+[A-Z][a-z]+)(?:-[a-z]+)?"
    rb"|([A-Z][a-z]+)-(?:" + "|".join(HONORIFICS).encode() + rb")(?:'s)?"
    rb"|((?:[A-Z][a-z]+)?[A-Z][a-z]+)'s")
# What only someone with a body owns: a part of it, a sound or a look only a person makes
# ("Ludo's small gasp"), a word describing it between. (A person owned, "Moe's big brother",
# is most often someone talked of, not in the story: measured, 1 character for 2 not.)
_BODY = re.compile(r"(?:[a-z]+ )?(?:voice|hands?|face|eyes?|hair|mouth|arms?|shoulders?|"
                   r"head|fingers|lips|smile|laugh|breath|expression|jaw|chin|neck|knees|"
                   r"feet|gasp|sigh|grin|frown|cheeks?)\b")
_SENTENCE_STOP = re.compile(r"[.!?\"\n]")
_FIRST = itemgetter(0)


@dataclass(slots=True)
class Person:
    """A character the text names: the fullest name it gives, its other forms, its gender."""

    name: str
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    gender: str | None = None
    mentions: int = 0


@dataclass(slots=True)
class _Word:
    """What the text shows of one capitalised word."""

    count: int = 0
    mid: int = 0  # capitalised away from a sentence start
    strong: int = 0  # speaks, is spoken to, owns something: a person
    weak: int = 0  # does something ("Mal stopped")
    thing: int = 0  # after an article or a preposition: a place or a thing
    toward: int = 0  # after "to", "of", "for": a place as often as a person
    titles: dict[str, int] = field(default_factory=dict)  # "Coach" -> uses
    the: int = 0  # right after "the" ("the Doll said"): a role, if it speaks
    kind: int = 0  # right after "a" or "an" ("a Gastly"): a kind of thing, not one role
    speaks: int = 0  # beside a verb of speech ("said April", "the Doll said")
    present: int = 0  # before a verb in the present ("Percy looks"): acts, if "he" or "she" follows
    modal: int = 0  # opening a sentence before "would", "must": acts, if "he" or "she" follows
    called: int = 0  # a line of dialogue alone ('"Kamaji!"'): called, if never in lower case
    doing: int = 0  # before a verb in -ing ("heard Jax laughing"): acts, if named again
    imagined: int = 0  # of those, before a deed ("would have said"), not a state ("would be")
    he: int = 0
    she: int = 0
    bare_he: int = 0  # of those, after the word written with no title ("Thursday said. He")
    bare_she: int = 0


# A saint's name owning something is a place named for the saint ("St Paul's", "St James's")
# or the saint's image ("Saint Sebastian's face" in a painting), no one in the story.
_SAINTS = frozenset(("St", "St.", "Saint"))
_CONTRACTION = re.compile(r"'(?:ve|d|ll|re|m|t)$", re.IGNORECASE)
_OWNED = re.compile(r"['’]s$")
_OWNER_ENDS = ("'s", "’s")  # what _OWNED finds, for str.endswith (C speed)
# Japanese honorifics written onto a name ("Frieren-sama", "Iruka-sensei"): the same person.
_HONORIFIC = re.compile(rf"-(?:{'|'.join(HONORIFICS)})$")


def _owned_place(span: str, written: list[str]) -> bool:
    """Whether a run with an owner's "'s" names a place or a thing, no one: an owner inside it
    ("King's Cross", "Hell's Kitchen", "Valentine's Day"), or a saint's name owning what
    follows ("St Paul's", "St Mungo's": a church, a hospital, a school)."""
    if len(written) > 1 and any(w.endswith(_OWNER_ENDS) and not _stop(_clean(w))
                                for w in written[:-1]):
        return True
    return span.endswith(_OWNER_ENDS) and not _SAINTS.isdisjoint(written[:-1])


@lru_cache(maxsize=4096)  # a story's names recur span after span: each cleaned once
def _clean(word: str) -> str:
    word = word.replace("’", "'").rstrip(".")
    if "'" in word and _CONTRACTION.search(word):
        # "Standish'll", "Winry'd": a name that will or would do something; not "Don't",
        # "They're" ("I'll", "He'd" are pronouns: `_stop`)
        return word.rsplit("'", 1)[0] if word.endswith(("'ll", "'d", "'ve")) else ""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    return _HONORIFIC.sub("", word) if "-" in word else word  # most names hold no hyphen


def _following(text: str, span: str, end: int) -> tuple[str | None, int]:
    """The lower-case word after a run ending at `end`, and where the text goes on after it."""
    if span.endswith(("'ll", "’ll", "'d", "’d")):  # "Standish'll have a fit": will, would
        return ("will" if span.endswith("ll") else "would"), end
    found = _FOLLOWING.match(text, end)
    following = found.group(1) if found else None
    onward = found.end() if found else end
    if following in SAID and _TO.match(text, onward):  # "Bells began to ring": the verb of
        following = "did"  # speech goes on to another verb: an act, no speech
    return following, onward


def _written(span: str) -> list[str]:
    """The words of a run, each particle joined to the name it opens ("Mr", "de Winter")."""
    written = span.split()
    if len(written) < 3 or PARTICLES.isdisjoint(written):
        return written
    glued: list[str] = []
    for word in written:
        if glued and glued[-1] in PARTICLES:
            glued[-1] = f"{glued[-1]} {word}"
        else:
            glued.append(word)
    return glued


def _before(text: str, start: int) -> tuple[str | None, str | None, bool]:
    """What stands before position `start`: (the lower-case word, the punctuation mark,
    whether spaces stand between); a line start gives (None, None, ...)."""
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    space = j < start - 1
    if j < 0 or text[j] == "\n":
        return None, None, space
    if text[j].isalpha():
        k = j
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        word = text[k:j + 1]
        return (word if word.islower() else None), None, space
    return None, text[j], space


def _sentence_start(mark: str | None, space: bool, before: str | None) -> bool:
    """Whether a capitalised span opens a sentence (or a line of dialogue)."""
    if mark is None:
        return before is None  # a line start (a word before: mid-sentence)
    if mark in ".!?…":
        return True
    return mark in "\"'(‘“" and not space  # an opening quote: the first word spoken


class _Reading:
    """Capitalised words and spans gathered over the blocks read."""

    def __init__(self) -> None:
        self.words: dict[str, _Word] = {}
        self.spans: dict[tuple[str, ...], int] = {}  # multi-word names as written
        self.dotted: set[str] = set()  # titles written with a full stop ("Mr." not "Mr")
        self.titled: set[tuple[str, ...]] = set()  # full names written after a title
        self.placed: set[str] = set()  # words of places ("Derkins" of "Derkins Hill")
        self.joined: dict[str, set[str]] = {}  # words written "X and Y" with each other
        self.rolled: dict[str, set[str]] = {}  # words next in a roll call ("Fuchs. Clark.")
        # the first word of a two-word run that acts mid-sentence -> the last words after it
        self.led: dict[str, set[str]] = {}
        self.used_titles: set[str] = set()  # titles written before a name, casefolded
        self.shared: dict[str, str] = {}  # surname -> a title given it by "and" ("Admiral")
        self.naming = False  # whether the text says "name" at all (`_named_so` reads then)

    def word(self, text: str) -> _Word:
        found = self.words.get(text)
        if found is None:
            found = self.words[text] = _Word()
        return found

    def read(self, block: Block, uses: list[tuple[str, list[int]]]) -> None:
        """Every use in the block of the capitalised words given (each with where it is found
        in the block's text), each read with the whole run of capitalised words it stands in
        ("Captain Ilsa Varne")."""
        text = block.text
        seen: set[int] = set()
        for word, found in uses:
            for i in found:
                start = i + len(word)
                if (i and (text[i - 1].isalnum() or text[i - 1] in "'’")) or \
                        text[start:start + 1].isalnum():
                    continue
                # a run before it needs a space or a tab right before it, and a capital in
                # the word before those (most words before a name are lower case: "said")
                head = None
                if i and text[i - 1] in " \t":
                    previous = text[max(0, i - 60):i].rsplit(None, 2)  # its last words
                    if previous and (previous[-1].lower() != previous[-1] or (
                            previous[-1] in PARTICLES and len(previous) > 1
                            and previous[-2].lower() != previous[-2])):  # "Mr de"
                        head = previous_run(text, i)
                first = head.start(1) if head else i
                if first in seen:
                    continue
                seen.add(first)
                match = _SPAN.match(text, first)
                if match is not None:
                    self._span(text, match)

    def _span(self, text: str, match: re.Match) -> None:
        span = match.group()
        start, end = match.span()
        before, mark, space = _before(text, start)
        at_start = _sentence_start(mark, space, before)
        after = text[end:end + 1]
        if after == "." and text[end + 1:end + 2].isupper():
            return  # "Ph.D.", "U.S.": letters of an abbreviation, no name
        if mark == "," and ((after == "," and _LISTED.match(text, end + 1) is not None)
                            or _LIST_BEFORE.search(text, max(0, start - 60), start)):
            after = ";"  # "Dogger, Fisher, German Bight": a list of names, not one spoken to
        following, onward = _following(text, span, end)
        if following in ("named", "called") and text[onward + 1:onward + 2].isupper() and \
                _KIND_BEFORE.search(text, max(0, start - 30), start) is not None:
            before, following = "a", None  # "a Hoorn called Madame Vasc": a kind, not anyone
        possessive = span.endswith(("'s", "’s"))
        # "Griselda's been complaining": "has been" doing something, said of the name, is a
        # deed of someone, a sign as an owner's is ("Falcon's got a problem", "Skerry Head's
        # been automated": things have, and have things done to them)
        perfect = possessive and following == "been" and _doing(_word_at(text, onward))
        if possessive and following in _IS_AFTER:  # "Kevin's been", "Hungry's exactly it":
            possessive, following = False, "is"  # "is" or "has", said of the name: no owner
        written = _written(span)
        if _owned_place(span, written):
            return
        # an honorific written onto the name ("Saitou-san came by") is given to people only
        honoured = "-" in span and any(_HONORIFIC.search(_OWNED.sub("", w)) for w in written)
        introduced = False
        if written[0] in ("I'm", "I’m") and len(written) > 1:  # "I'm Aunt Pellory"
            written, introduced, at_start, before, mark = written[1:], True, False, "m", None
        elif before in _INTRODUCED_AFTER:
            introduced = _introduced(text, start)
        # "Ernest, his name was", "Askeladd. That was his name.": named as a person
        introduced = introduced or (len(written) == 1 and self.naming and _named_so(text, end))
        if written[0].endswith(".") and len(written) > 1:
            self.dotted.add(written[0][:-1])
        words = [_clean(w) for w in written]
        sent = False
        # "thought about Gus", "married to Richard", "a message from Becky": someone thought
        # of, married or written to, a person if the name is a given name (`_take`)
        thought = _thought_of(text, start, before)
        if before == "to" and _before(text, text.rfind("to", 0, start))[0] in _SENT:
            before, sent = "", True  # "a letter to William": what is sent goes to someone
        elif thought or (before in ("to", "of") and _between_people(text, start, before)):
            before = ""  # "married to Maris", "thought of Cordelia": no place's preposition
        if before == "called" and _naming(text, start):
            before = None  # "was called Serenity", "a planet called Shadow": a name, not a call
        if before == "the":  # "said the Doll": the verb of speech stands before the article
            verb = _before(text, text.rfind("the", 0, start))[0]
            # ... but "they called the Door", "she called the Doctor" name or ring someone:
            # "called" speaks only right after the words spoken ("Come in," called the Doll)
            spoken = verb in SAID and (verb != "called" or _after_speech(text, start))
        else:
            spoken = before in SAID
        # a name set in italics on its own ("*Serenity*", "*Long Patience*") is a ship's or a
        # book's, as print sets them; a person's name is emphasised with more words around it
        emphasised = mark in ("*", "_") and not space and after == mark
        subject = self._take(words, at_start, before, mark, possessive or honoured or perfect,
                             after,
                             following, spoken, emphasised, introduced,
                             following in _MODALS and _BEING.match(text, onward) is None,
                             len(written) == 1 and mark == '"' and not space
                             and text[end + 1:end + 2] == '"' and text[end:end + 1] in ",.!?",
                             # "Copper, who had his hands ...": "who" is said of people
                             # (of 197 such words in the dev folders, 181 are characters),
                             # the subject of its clause (not "told her about Rose, who":
                             # one talked of, not there)
                             before is None and text.startswith(", who ", end)
                             and not in_dialogue(text, start), sent, thought)
        # (names said aloud are most often of people talked of, not there: "Take Nadia and Rona")
        if subject is not None and "and" in (before, following) and not in_dialogue(text, start):
            self._join(text, start, end, words, before, following)
        self._roll(text, start, end, words, mark, subject)
        if subject is not None and (at_start or following in SAID):
            self._gender(text, end, subject, len(words) == 1)

    def _take(self, words: list[str], at_start: bool, before, mark, possessive, after,
              following, spoken: bool = False, emphasised: bool = False,
              introduced: bool = False, imagined: bool = False,
              alone: bool = False, who: bool = False, sent: bool = False,
              thought: bool = False) -> _Word | None:
        """Count one span; returns the entry of the person it names, if one."""
        article = before
        # "Thursday said": a day that speaks is a surname (`_is_name`), kept to be read
        day = len(words) == 1 and words[0].casefold() in _DAY_NAMES and (
            spoken or following in SAID)
        while words and ((_stop(words[0]) and words[0].casefold() not in TITLES and not day)
                         or _glued_opener(words, at_start, before)):  # "Only Ferrand"
            article = words[0].casefold()
            words = words[1:]  # "When Arthur" -> "Arthur", "The Knight" -> "Knight"
            at_start = False
        title = None
        while len(words) > 1 and words[0].casefold() in TITLES:
            title = words[0]
            words = words[1:]
            self.used_titles.add(title.casefold())
        if any(map(_stop, words[1:])):
            return None  # "Wherever It Is Today", "Lord Of The Rings": a heading or a title
        if len(words) > 1 and words[-1].casefold() in AFTER_TITLES:
            words = words[:-1]  # "Touya Meijin's son": Touya, titled after the name
        words = [w for w in words if w]
        if not words or len(words) > 4 or (article == "your" and not title):
            return None  # "Your Grace", "your Honour": how one addresses a rank, no name
        if words[-1].casefold() in PLACE_WORDS:  # "Baker Street is", "the Island knew"
            self.placed.update(words)
            return None
        if len(words) > 1:
            key = tuple(words)
            self.spans[key] = self.spans.get(key, 0) + 1
            if title:
                self.titled.add(key)
        if following in SAID and before in _GOVERNING and not possessive:
            following = None  # the object of a preposition is not who speaks after it
        strong = 2 * ((before in SAID) or (following in SAID)) + \
            (mark == "," and after != "" and after in ".!?,") + bool(possessive) + who
        weak = _acts(following)
        # "Grimm were loud": a plural verb after a word no "and" joins is a kind of thing
        thing = (before in _THING_BEFORE or emphasised or (
            following in ("were", "are") and before != "and")) and title is None
        toward = before in _TOWARD_BEFORE and title is None
        # someone thought of, married or written to (`_THOUGHT_OF`), named by a given name:
        # a person who matters though named once ("thought about Gus", "Ned Ryerson")
        thought = thought and words[0].casefold() in given_names()
        the = article == "the" and title is None
        kind = article in ("a", "an")
        entry = None
        for i, word in enumerate(words):
            entry = self.word(word)
            entry.count += 1
            if not at_start or i or title:
                entry.mid += 1
            if title and i == 0:
                entry.titles[title] = entry.titles.get(title, 0) + 1
            entry.strong += strong  # the whole run speaks or owns: "Pearl Fey's head"
            entry.weak += thought
            # the whole run stands after the article: "the Restricted Section" is a thing
            entry.thing += thing
            entry.toward += toward
            entry.the += the
            entry.kind += kind
        assert entry is not None
        if introduced:  # "I'm Wendeline", "a man named Corvash": someone, from one use; of a
            # full name, the first word ("I am Riversong K'Vala": her clan's name is no sign)
            self.words[words[0]].strong += 2
        # the subject of a clause mid-sentence that would do something ("how Blake would
        # have come", "that Caine must have forgotten") acts, as "Blake came" does
        entry.weak += weak + sent + (imagined and not at_start and title is None
                                     and words[0].casefold() not in TITLES)
        if weak and len(words) == 2 and not at_start and title is None:
            self.led.setdefault(words[0], set()).add(words[1])  # "Sayaka Miki has said"
        entry.doing += _doing(following)
        entry.present += not weak and _does(following)
        entry.modal += at_start and following in _MODALS
        entry.imagined += at_start and imagined
        entry.called += alone  # a run alone may be anything's title ('"Expecto Patronum!"')
        entry.speaks += spoken or following in SAID
        return entry

    def _shared_title(self, text: str, start: int, word: str) -> None:
        """A title joined by "and" to a titled surname names one more of that family ("Mr.
        and Mrs. Croft", "the Admiral and Mrs. Croft"): a use of the surname with that title
        too (`_titled_couple` tells the two people; a rank so given is named by it alone
        after "the", as "the Admiral")."""
        found = _TITLE_AND.search(text, max(0, start - 30), start)
        title = found.group(1) if found is not None else ""
        if title.casefold() in TITLES and title.casefold() not in KIN:
            entry = self.word(word)
            entry.titles[title] = entry.titles.get(title, 0) + 1
            entry.count += 1
            self.shared[word] = title

    def _join(self, text: str, start: int, end: int, words: list[str], before, following) -> None:
        """Note the capitalised words written "X and Y" with this span's: the words next to
        "and" on each side ("with Chie and Yukiko and Kanji")."""
        if before == "and" and len(words) > 1 and words[0].casefold() in TITLES:
            self._shared_title(text, start, words[-1])
        own = [w for w in words if w and not _stop(w) and w.casefold() not in TITLES]
        if not own:
            return
        pairs = []
        if before == "and":
            found = _JOINED_BEFORE.search(text, max(0, start - 60), start)
            if found is not None:
                pairs.append((own[0], _clean(found.group(1))))
        if following == "and":
            found = _JOINED_AFTER.match(text, end)
            if found is not None:
                pairs.append((own[-1], _clean(found.group(1))))
        for one, other in pairs:
            if one and other and one != other:
                self.joined.setdefault(one, set()).add(other)
                self.joined.setdefault(other, set()).add(one)

    def _roll(self, text: str, start: int, end: int, words: list[str], mark,
              subject: _Word | None) -> None:
        """Note a word that is a sentence of its own ("Fuchs.", "Palmer, laughing.") after
        another such sentence: the two stand next in a roll call ("Bennings. Fuchs. Windows,
        who was always cold."), as words joined by "and" stand together (`_join`). Three items
        in a row at least, in narration: a name and an order ('"Hawkins. Report."') is no
        roll call."""
        if subject is None or mark not in (".", "!", "?") or len(words) != 1:
            return
        item = _ITEM_END.match(text, end)
        if item is None:
            return
        found = _item_before(text, start)
        if found is None or in_dialogue(text, start) or (
                _ITEM_AFTER.match(text, item.end()) is None and
                _item_before(text, found.start(1)) is None):
            return
        word = words[0]
        other = _clean(found.group(1))
        if other and other != word and not _stop(other):
            self.rolled.setdefault(word, set()).add(other)
            self.rolled.setdefault(other, set()).add(word)

    @staticmethod
    def _gender(text: str, end: int, entry: _Word, bare: bool = False) -> None:
        found = _PRONOUN_AFTER.match(text, end) or own_body(text, end)
        if found is not None:
            pronoun = (found.group(1) or found.group(2)).casefold()
            if pronoun in ("he", "himself", "his"):
                entry.he += 1
                entry.bare_he += bare
            else:
                entry.she += 1
                entry.bare_she += bare


# An introduction before a name: someone tells it ("I'm Kiki", "I am Sen", "my name's
# Hester", "name of Petr", "call me Ishmael") or a person is given it ("a man named Corvash":
# "a ship named Serenity" is not). The last word of each, as `_before` gives it. ("Her name
# was Alde" tells of someone talked of more often than of someone there: left out, measured.)
_INTRODUCED_AFTER = frozenset("am s is was of named me".split())
_INTRODUCING = re.compile(
    r"(?:\bI am|\b(?:[Mm]y|[Yy]our|[Tt]he) name(?:['’]s| is| was)|"
    r"\b[Nn]ame['’]s|\b[Nn]ame of|\b[Cc]all me|\b(\w+) named)[ \t]+$")
# People a name may be given to: "a girl named Oda", "someone named Crowley".
_PERSON_NOUNS = frozenset("""
man woman boy girl guy kid child person someone somebody lady gentleman fellow friend son
daughter brother sister wife husband baby cousin stranger soldier sailor
""".split())


# Verbs before "to" or "of" whose object is most often a person ("married to", "spoke to",
# "thought of"), where a preposition tells nothing of a place.
_TO_PEOPLE = frozenset("""married engaged spoke speak speaking talked talk talking said say
saying listened listen wrote write writing whispered lied thought think thinking dreamed
dreamt reminded""".split())


# Things sent or given to someone: a name after one and "to" is a person ("a letter to
# William", "his statement to Juliet"), as after "married to".
_SENT = frozenset("""letter letters message messages note notes email emails postcard
statement apology gift present""".split())


# Words before a name that make it someone thought of, longed for, married or written to
# (the last word of `_THOUGHT_OF`, asked first), and the phrases themselves, each word list
# written once: the verbs or nouns and the object pronouns before the preposition.
_THOUGHT_AFTER = frozenset("of about to from".split())
_THINK = "think thinks thinking thought dream dreams dreamed dreamt dreaming".split()
_TELL, _TOLD_TO = "tell tells telling told".split(), "him her them me us you".split()
_WED = "married engaged".split()
_WRITTEN = "letter message note text email postcard".split()  # and their plurals
_THOUGHT_OF = re.compile(
    rf"\b(?:(?:{'|'.join(_THINK)})[ \t]+(?:of|about)"
    rf"|(?:{'|'.join(_TELL)})[ \t]+(?:{'|'.join(_TOLD_TO)})[ \t]+about"
    rf"|(?:{'|'.join(_WED)})[ \t]+to"
    rf"|(?:{'|'.join(_WRITTEN)})s?[ \t]+(?:from|to))[ \t]+$")
# The words that stand right before the preposition of a `_THOUGHT_OF` ("thought", "her").
_THOUGHT_WORDS = tuple(_THINK + _TOLD_TO + _WED + _WRITTEN + [f"{w}s" for w in _WRITTEN])


def _thought_of(text: str, start: int, before: str | None) -> bool:
    """Whether the words before `start` make what follows someone thought of, married or
    written to (`_THOUGHT_OF`). (Its search tries each of the 40 positions: asked only when
    the word before the preposition ends as one of its verbs or nouns does, `_THOUGHT_WORDS`.)"""
    if before not in _THOUGHT_AFTER:
        return False
    lo = max(0, start - 40)
    words = text[lo:start].rsplit(None, 2)
    return len(words) > 1 and words[-2].endswith(_THOUGHT_WORDS) and \
        _THOUGHT_OF.search(text, lo, start) is not None


def _between_people(text: str, start: int, preposition: str) -> bool:
    """Whether the "to" or "of" right before `start` follows a verb of people ("married to")."""
    return _before(text, text.rfind(preposition, 0, start))[0] in _TO_PEOPLE


def _introduced(text: str, start: int) -> bool:
    """Whether the words right before `start` introduce a person by the name that follows."""
    found = _INTRODUCING.search(text, max(0, start - 40), start)
    return found is not None and (found.group(1) is None or found.group(1) in _PERSON_NOUNS)


# Words after a name that say it is someone's name ("Ernest, his name was", "Askeladd. That
# was his name."), as "my name is" before it does (`_INTRODUCING`). (A name in apposition,
# "my grandmother, Lúcia, died", is read already: a name between commas is spoken to.)
_NAME_AFTER = re.compile(
    r"(?:,| —| –| -)[ \t]*(?:his|her|their) name (?:was|is)\b"
    r"|[.!][\"”]?[ \t]+(?:That|That's|That’s|Isn't that|Isn’t that|It was)[ \t]+"
    r"(?:was[ \t]+|is[ \t]+)?(?:his|her|their)[ \t]+name\b")


# "a" or "an" and at most two words before a capitalised word that a name follows by "named"
# or "called" ("an old Khaganian named Tobey"): the word is what the named one is, a people.
_KIND_BEFORE = re.compile(r"\b[Aa]n?(?:[ \t]+[a-z]+){0,2}[ \t]+$")


def _named_so(text: str, end: int) -> bool:
    """Whether the words after a one-word name ending at `end` say it is a person's name."""
    return _NAME_AFTER.match(text, end) is not None


# Words before "called" that make it a verb of speech ("she called Tom", "had called",
# "softly called") or the name of a person ("a man called Simon", "someone called Laurence");
# after any other word ("was called Serenity", "a planet called Shadow") it names something,
# which says nothing of a person.
_CALLERS = frozenset("""
he she they i we you who it had has have 'd then and just also finally once still always never
man woman boy girl guy kid child person someone somebody lady gentleman fellow friend
""".split())


def _naming(text: str, start: int) -> bool:
    """Whether the "called" right before `start` gives a name rather than calls someone."""
    word = _before(text, text.rfind("called", 0, start))[0]
    if word is None:  # a capitalised subject ("Cecil called"), a quote's end, a line start
        return False
    return word not in _CALLERS and not word.endswith("ly")


def _after_speech(text: str, start: int) -> bool:
    """Whether the "called the" before `start` follows no word of its own: a closing quote, a
    line start ("Come in," called the Doll), not a subject ("they called the Door")."""
    at = text.rfind("called", 0, text.rfind("the", 0, start))
    return at >= 0 and _before(text, at)[0] is None


def own_body(text: str, end: int) -> re.Match | None:
    """A gesture of one's own body in the sentence going on after `end` ("shook his head"):
    the body part within 80 characters, a gesture verb at most 20 characters before it."""
    stop = _SENTENCE_STOP.search(text, end, end + 81)
    limit = stop.start() if stop else end + 81
    part = _OWN_PART.search(text, end, limit)
    if part is None or _GESTURE.search(text, max(end, part.start() - 40), part.start()) is None:
        return None
    return part


@lru_cache(maxsize=4096)
def _stop(word: str) -> bool:
    """A capitalised word that never names anyone alone (a month that is also a given name is
    read on: whether it names someone is told by `_is_name`)."""
    folded = word.casefold()
    return folded in STOP and folded not in _MONTH_NAMES and folded not in _DAY_NAMES


def _glued_opener(words: list[str], at_start: bool, before: str | None) -> bool:
    """Whether a run opens with a word that opens sentences and is never a name, glued to the
    name after it ("Only Ferrand knew", "*Like Mother's*"): at a sentence's start or after no
    word, and not a heading's run ("Wherever It Is Today": `_Reading._take` drops it)."""
    return len(words) > 1 and words[0] in OPENERS and words[0] not in _ORDINALS and \
        (at_start or before is None) and not any(map(_stop, words[1:]))


# Countries, US states and cities of half a million people or more (data/places.txt, from
# GeoNames): a word naming one ("in Oregon", "Kansas's wheat") is a place unless it speaks, is
# taken up by "he" or "she", or has a title ("Georgia said", "Austin shook his head").
_PLACES: frozenset[str] | None = None


def _places() -> frozenset[str]:
    """The one-word names of large places, casefolded; read once, on first use."""
    global _PLACES
    if _PLACES is None:
        lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
        _PLACES = frozenset(line for line in lines if line and not line.startswith("#"))
    return _PLACES


def large_place(word: str) -> bool:
    """Whether a word names a country, US state or large city ("Paris", "Georgia")."""
    return word.casefold() in _places()


def _role(entry: _Word) -> bool:
    """Named mostly with "the" and never with "a": one role ("the Doll"), not a kind of thing
    ("a Gastly")."""
    return entry.the * 2 >= entry.count and not entry.kind


def _acts(following: str | None) -> bool:
    """Whether the word after a name says its owner did something ("Mal stopped")."""
    return following is not None and (following in _DID or following.endswith("ed"))


def _doing(following: str | None) -> bool:
    """Whether the word after a name may be a verb in -ing ("Jax laughing", "Cordelia telling
    me"): a sign of a person named more than once (a thing "turns" too: "the house turning")."""
    return following is not None and len(following) > 5 and following.endswith("ing") and \
        following not in _ING_NOUNS


# Words in -ing that are things, not doings ("Christmas morning", "the Ministry building").
_ING_NOUNS = frozenset("""morning evening building ceiling clothing wedding meeting feeling
something nothing anything everything painting drawing ending opening beginning""".split())


def _word_at(text: str, at: int) -> str | None:
    """The lower-case word starting at `at` after spaces, if one ("been complaining")."""
    found = _LOWER_WORD.match(text, at)
    return found.group(1) if found else None


_LOWER_WORD = re.compile(r" *([a-z]+)\b")


def _does(following: str | None) -> bool:
    """Whether the word after a name may be a verb in the present ("Percy looks"): a sign of
    a person only beside "he" or "she" taking the name up (planets and ships "do" too:
    "Earth turns")."""
    return following is not None and len(following) > 3 and following.endswith("s") and \
        not following.endswith("ss")


def _is_name(word: str, entry: _Word, text: bytes, titles: Set[str] = frozenset()) -> bool:
    """A capitalised word that names someone: some sign of a person (speaking, spoken to,
    owning, acting, a title), used mid-sentence unless it speaks or acts twice (and is never
    written in lower case), and not mostly after an article or a preposition. `titles` holds
    the titles the text writes before names (casefolded)."""
    folded = word.casefold()
    if folded.count("-") >= 2 and _phrase(word):
        return False
    if folded in _MONTH_NAMES or folded in _DAY_NAMES or len(word) == 1:
        return _word_used_as_name(word, folded, entry)
    if folded in STOP or _plural_of_title(folded):
        return False
    if word.isupper() and len(word) > 2:  # "GOB said": only as `_speaking_capitals` keeps it
        return entry.speaks > 0 and entry.count >= 2 and not (entry.the or entry.kind) and \
            (entry.thing + entry.toward) * 2 < entry.count
    if _role(entry) and entry.speaks >= 2:
        return True  # a role the text capitalises and lets speak: "the Doll", "the Doctor"
    if _role(entry) and entry.weak >= 2 and entry.speaks and (entry.he or entry.she):
        return True  # ... or that acts twice, speaks and is taken up by "he" or "she"
    if folded in TITLES and folded not in _KIN_NAMES and folded not in titles and \
            entry.the >= 2 and _role(entry) and entry.weak >= 2:
        return True  # "The Captain had ... the Captain stood": a rank that acts is its
        # holder, when the text names nobody by it ("Captain Kirk" makes it a title)
    if entry.the >= entry.count and (entry.count <= 2 or (
            entry.speaks < 2 and not (entry.he or entry.she))):
        return False  # only ever "the Tube", "the Rocinante", silent and no "he": a thing
    if folded in TITLES:  # "Dad" alone names someone only as kin does (`_KIN_NAMES`)
        if folded in _KIN_NAMES:  # or, capitalised mid-sentence ("when Dad got home"),
            # as a name is, and acting: speaking, spoken to, owning or acting twice in all
            return (entry.strong >= 2 or (entry.mid > 0 and entry.strong + entry.weak >= 2)) \
                and entry.count >= 2 and not entry.the
        # a title the text never writes before a name nor after an article, that acts as
        # someone again and again, is a name ("Duchess looked back", a pet's); spoken to, it is
        # only how one addresses its holder ("a good crew, Captain.")
        return folded not in titles and not entry.the and not entry.kind and entry.count >= 3 \
            and entry.mid >= 1 and entry.weak >= 2
    if folded in _places() and not (entry.speaks or entry.he or entry.she or entry.titles):
        return False
    # a line of dialogue that is the name alone ('"Kamaji!" Chihiro called') calls someone,
    # when the text writes it mid-sentence too, never in lower case ('"Hungry," he repeated',
    # '"Next!"')
    strong = entry.strong + (entry.called if entry.called and entry.mid
                             and b" " + folded.encode() not in text else 0)
    # a modal verb after it counts beside "he" or "she", or as a deed imagined twice ("Joe
    # would have said... Joe would have said"); "Cruelty would have been" twice is a state
    weak = entry.weak + (entry.present + entry.modal if entry.he or entry.she else
                         entry.imagined if entry.imagined >= 2 else 0) + (
        entry.doing if entry.count >= 2 else 0)
    person = strong + weak + bool(entry.titles)
    # "through Xena's" once, beside "Xena took", "Xena was": the person's signs outweigh it
    if not person or entry.thing > person or (entry.thing and entry.thing >= strong
                                              and entry.thing * 2 >= person):
        return False
    if not (strong or entry.titles or entry.he or entry.she) and \
            (entry.thing + entry.toward) * 2 >= entry.count:
        return False  # "the transport to Cardassia left", "for Cardassia": a place
    if not entry.mid:  # only ever opening sentences: it speaks, or acts and is no word
        # ("Hastings would never believe it. He ...": the subject of a modal verb that "he"
        # or "she" takes up, once, as a word the text never writes in lower case)
        return strong > 0 or (
            (weak >= 2 or (entry.modal > 0 and entry.he + entry.she > 0)
             # or named twice, acting once and taken up by "he" or "she" ("Teeka Vale had
             # been ... Teeka wiped her hands. She ...")
             or (entry.weak > 0 and entry.count >= 2 and entry.he + entry.she > 0))
            and b" " + folded.encode() + b" " not in text)
    # an ordinary word the text also writes in lower case is a name only with more to it
    return bool(strong) or entry.mid >= 2 or b" " + folded.encode() + b" " not in text


# Pronouns a phrase holds and a name never does ("Gets-Her-Dresses-Tailored").
_PHRASE_PRONOUNS = frozenset("i me my you your he him his she her it its we us our they them "
                             "their".split())


def _phrase(word: str) -> bool:
    """Whether a word of three or more hyphened parts is a phrase made a mocking name ("Miss
    Gets-Her-Dresses-Tailored", "Mister I-cannot-lie"): a part in lower case or a pronoun, as
    no family name of several parts has ("Fox-Mountchristen-Windsor")."""
    return any(part.islower() or part.casefold() in _PHRASE_PRONOUNS
               for part in word.split("-"))


def _plural_of_title(folded: str) -> bool:
    """Whether a word is the plural of a title, a day or a people ("Sergeants", "Tuesdays",
    "Americans"): a group addressed or talked of, no one's name (not "Wes", "Wells": other
    words of `STOP` with an "s" are names)."""
    return folded.endswith("s") and (folded[:-1] in TITLES or folded[:-1] in _DAY_NAMES
                                     or folded[:-1] in _PEOPLES)


def _word_used_as_name(word: str, folded: str, entry: _Word) -> bool:
    """A month, a day or a letter names someone only as the text uses it as a name."""
    if folded in _MONTH_NAMES:  # "in April" is a month; "said April" is someone
        return entry.speaks >= 2
    titled = sum(entry.titles.values())
    if folded in _DAY_NAMES:  # "on Thursday" is a day; "Mrs Thursday", "Thursday said" someone
        return titled >= 2 or entry.speaks >= 2 or (titled > 0 and entry.speaks > 0)
    # a letter ("says V", "Mrs S") speaking or titled twice; never "A" or "I" opening a sentence
    return word.isupper() and folded not in STOP and (entry.speaks >= 2 or titled >= 2)


def _gender_of(entry: _Word) -> str | None:
    """A title's gender, else the pronouns' when they agree clearly (two uses at least, three
    to one): a wrong gender misplaces every "he" and "she" later, an unknown one does not."""
    for title in entry.titles:
        gender = TITLES.get(title.casefold())
        if gender:
            return gender
    if entry.he >= 2 and entry.he >= 3 * entry.she:
        return "m"
    if entry.she >= 2 and entry.she >= 3 * entry.he:
        return "f"
    return None


def _non_ascii_capitals(blocks: list[Block]) -> set[bytes]:
    """Title-case tokens opening with a letter outside ASCII ("Éowyn", "Ólafur") or holding one
    ("Lúcia", "Zoë"): bytes see no case there, so the filters in `discover` take them for
    lower case. Only blocks holding such bytes are looked at, and of them only the tokens that
    do (both checks in C)."""
    found: set[bytes] = set()
    for block in blocks:
        if block.data.isascii():
            continue
        for token in filterfalse(bytes.isascii, block.tokens):
            # a letter outside ASCII inside the name ("Lúcia", "Zoë") hides it from
            # bytes.istitle as much as one opening it: a word of letters only
            first = token[0]
            if first >= 0xC0:
                if token.decode("utf-8", "replace").istitle():
                    found.add(token)
            elif 0x41 <= first <= 0x5A:  # an ASCII capital
                word = token.decode("utf-8", "replace")
                if word.istitle() and word.isalpha():
                    found.add(token)
    return found


def discover(blocks: list[Block], known: Set[str] = frozenset()) -> list[Person]:
    """The people the blocks name, most named first. `known` holds the name words a fandom
    table already counts (left out here).

    Only the capitalised words no table knows are read in the text: they are picked out of
    each block's tokens with C-level set and sort operations (capitals sort before lower
    case), so a story whose names the fandom table already knows costs almost nothing."""
    reading = _Reading()
    skip = _skipped(known)
    narrative = [block for block in blocks if block.narrative]
    # The tokens holding a capital, picked by the one C-level filter over the tokeniser's
    # tokens (a block at a time); of those few dozen distinct, the title-case ones are words
    # to read, and the rest ("I'm", "OK", "McCoy", "Kita-chan") may hold a name (`_odd_names`).
    # (`skip` is taken from the small sets, never the reverse: a set's difference_update
    # walks the other set, here a fandom table's every name form.)
    upper = set().union(*[filterfalse(bytes.islower, block.tokens) for block in narrative])
    upper = upper.difference(skip)  # (a set's difference with a dict walks the set only)
    capitals = set(filter(bytes.istitle, upper))
    capitals.update(_non_ascii_capitals(narrative).difference(skip))
    joined = "\n".join(block.text for block in narrative)
    reading.naming = "name" in joined  # one scan: "his name was" is looked for only then
    capitals.update(_odd_names(upper - capitals, capitals, joined).difference(skip))
    capitals.update(_speaking_capitals(upper - capitals, joined))
    words = sorted({t.decode("utf-8", "replace") for t in capitals})
    if not words:
        return []
    # Each word's uses are found once in the joined text and handed to the blocks they are
    # in (a word holds no newline, so a use never straddles two blocks).
    starts = list(accumulate((len(block.text) + 1 for block in narrative[:-1]), initial=0))
    uses: dict[int, list[tuple[str, list[int]]]] = {}  # block index -> its words' uses
    for word in words:
        found = _find_all(joined, word)
        if not _maybe_name(joined, word, found, reading.naming):
            continue
        # each use with the block it is in (bisect_right: the block's index + 1), in C
        for after, at in groupby(zip(map(bisect_right, repeat(starts), found), found), _FIRST):
            offset = starts[after - 1]
            uses.setdefault(after - 1, []).append((word, [i - offset for _, i in at]))
    for index, block in enumerate(narrative):
        if index in uses:
            reading.read(block, uses[index])
    if not reading.words:
        return []
    _full_names(reading)
    text = b" " + b" ".join(block.data for block in blocks) + b" "
    names = {w: e for w, e in reading.words.items()
             if w not in known and _is_name(w, e, text, reading.used_titles)}
    if reading.led:
        _lead_names(names, reading, known, text)
    if reading.joined:
        _join_names(names, reading.joined, reading, known, text)
    if reading.rolled:  # a roll call's items open their sentences: "mid" is not asked
        _join_names(names, reading.rolled, reading, known, text, anywhere=True)
    if reading.spans:
        _inner_words(names, reading, known)
    people = _people(names, reading, known)
    if known and reading.spans:
        _with_known_surnames(people, reading.spans, known)
    return people


def _with_known_surnames(people: list[Person], spans: dict[tuple[str, ...], int],
                         known: Set[str]) -> None:
    """A lone name the text writes before a family name the fandom's table knows ("Ise
    Lavellan" beside the table's Lavellan, "Sally Jackson" beside Percy Jackson) is shown by
    that fuller name, as a full name of words no table knows is (`_people`): the table keeps
    its own character, this person only the given name's uses."""
    after: dict[str, set[str]] = {}
    for span in spans:
        if len(span) == 2 and span[1] in known and span[0] not in known and \
                span[1].casefold() not in COMMON_WORDS:  # not "Head Boy" of "The Boy"
            after.setdefault(span[0], set()).add(span[1])
    for person in people:
        found = after.get(person.name)
        if found is not None and len(found) == 1 and not person.aliases:
            person.aliases = (person.name,)
            person.name = f"{person.name} {next(iter(found))}"


def _inner_words(names: dict[str, _Word], reading: _Reading, known: Set[str]) -> None:
    """A word the text writes only after another capitalised word of a run, never alone, is
    part of the name the run writes, not someone by itself ("Oliver Reeder" once, then
    "Ollie"; "Red Vines", "Saint Jude", "Los Angeles"): it is left out unless a run of it is
    a full name `_people` lists whole (every word a name, none a known character's: a known
    one's surname is that character's, "Masumi Okuyama" beside a stated Masumi)."""
    inside: dict[str, int] = {}  # word -> its uses inside runs, not opening them
    whole: set[str] = set()  # words of a run `_people` may list as a full name
    for span, count in reading.spans.items():
        if all(w in names for w in span):
            whole.update(span)
        for w in span[1:]:  # (a run's first word is its given name: "My name is Noor Haddad")
            inside[w] = inside.get(w, 0) + count
    for word, uses in inside.items():
        entry = names.get(word)
        if entry is not None and uses >= entry.count and word not in whole:
            del names[word]


def _lead_names(names: dict[str, _Word], reading: _Reading, known: Set[str],
                text: bytes) -> None:
    """The first word of a full name that acts ("something Sayaka Miki has said") acts too:
    the deed is the whole name's, not its last word's, so the person is "Sayaka Miki", not
    "Miki". Only when that last word is someone's name ("the old Sunnydale Drive-In was" is
    a place), and the first word has three letters or more and is never written in lower
    case ("La Carlotta", "Young Sam": the words of a title or a description)."""
    for word, lasts in reading.led.items():
        entry = reading.words.get(word)
        if entry is None or word in names or word in known or len(word) < 3 or \
                not any(last in names for last in lasts) or \
                b" " + word.casefold().encode() + b" " in text:
            continue
        entry.weak += 1
        if _is_name(word, entry, text, reading.used_titles):
            names[word] = entry


def _join_names(names: dict[str, _Word], joined: dict[str, set[str]], reading: _Reading,
                known: Set[str], text: bytes, anywhere: bool = False) -> None:
    """A word with no sign of its own written "X and Y" with a person is a person too ("on
    the platform with Chie and Yukiko and Kanji": one named person makes the others named
    beside her people), when it is written mid-sentence, never after an article or a
    preposition of places, never in lower case, and no place, title or common word. Taken
    word by word until none is added (a chain of "and"). `joined` says which words stand
    together ("and", or next in a roll call: `anywhere`, then sentence openers count)."""
    grown = True
    while grown:
        grown = False
        for word, others in joined.items():
            entry = reading.words.get(word)
            if word in names or word in known or entry is None or \
                    not (entry.mid or anywhere) or \
                    entry.thing or entry.toward or entry.the or entry.kind:
                continue
            if not any(o in names or o in known for o in others):
                continue
            folded = word.casefold()
            if folded in STOP or folded in TITLES or len(word) < 2 or word.isupper() or \
                    folded in _places() or b" " + folded.encode() + b" " in text:
                continue
            names[word] = entry
            grown = True


def _odd_names(tokens: Set[bytes], capitals: Set[bytes], text: str) -> set[bytes]:
    """The names among `tokens` (not title case) that `text` never writes plainly (not in
    `capitals`): in CamelCase, with an honorific, or as an owner, and then only when it owns
    a voice, a hand, a face once at least ("Marcille's voice came down the corridor"): an
    owner of other things is most often a thing or a place ("the Kettle's whistle",
    "Speedy's"). Owners are checked by string searches: a pattern per name would be compiled
    per story."""
    found: set[bytes] = set()
    owners = set()
    for odd in filter(None, map(_ODD_NAME.fullmatch, tokens)):
        camel, honoured, owner = odd.groups()
        if owner:
            owners.add(owner)
        else:
            found.add(camel or honoured)
    for owner in owners - capitals - found:
        needle = owner.decode() + "'s "
        at = text.find(needle)
        while at >= 0:
            if _BODY.match(text, at + len(needle)) or (
                    text.startswith("been ", at + len(needle))
                    and _doing(_word_at(text, at + len(needle) + 5))):
                found.add(owner)
                break
            at = text.find(needle, at + len(needle))
    return found - capitals


def _speaking_capitals(tokens: Set[bytes], text: str) -> set[bytes]:
    """Names written in capitals ("GOB", "BMO", "ART": a nickname, a machine's or a ship's
    mind's name) among `tokens`: a word of two to five capital letters that the text writes
    twice at least and once right before a verb of speech ("GOB said", "BMO said"), never
    after an article ("the FBI asked"). Shouted words ("NO," she said) stand before a
    comma or a quote mark, not the verb; `_is_name` reads the rest."""
    found: set[bytes] = set()
    for token in tokens:
        if not (1 < len(token) < 6 and token.isalpha() and token.isupper()):
            continue
        word = token.decode()
        uses = _find_all(text, word)
        if len(uses) < 2:
            continue
        for i in uses:
            start = i + len(word)
            after = _FOLLOWING.match(text, start)
            if after is not None and after.group(1) in SAID and \
                    not text[start:start + 1].isalnum() and not text[i - 1:i].isalnum() and \
                    _TO.match(text, after.end()) is None:
                found.add(token)
                break
    return found


def _find_all(text: str, word: str) -> list[int]:
    """Where `word` is found in `text`, each find starting after the last one.

    A search per word stays: str.find costs ~3 instructions a character, under 1% of a
    pass in all; one pass collecting every capital's run (regex, or bytes split) costs more
    per capital than the few dozen finds it saves (14find measured +3% a pass)."""
    found = []
    start = 0
    while (i := text.find(word, start)) >= 0:
        found.append(i)
        start = i + len(word)
    return found


def _maybe_name(text: str, word: str, found: list[int], naming: bool = True) -> bool:
    """A quick look before the full reading: is `word` (found in `text` at `found`) ever
    used mid-sentence, as an owner ("Kris's"), beside a verb of speech or before what its
    owner did ("Maren kissed")? A word that is none of these ("Softly, the rain") is not
    read further."""
    for i in found:
        start = i + len(word)
        if text[start:start + 1].isalnum():
            continue
        if text.startswith(("'s", "’s", ", who "), start) or (
                text.startswith("-", start) and _HONOURED.match(text, start) is not None):
            return True  # an owner, or a name with an honorific ("Saitou-san came by")
        if text[start + 1:start + 2].isupper() and word.casefold() in TITLES and \
                not in_dialogue(text, i):
            return True  # "General Melchett's signature": a title goes with the name after it
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j >= 0 and (text[j].islower() or text[j] in ",;"):
            return True
        if text[j:j + 1] == "." and text[start:start + 1] in ",.!?" and \
                text[max(0, j - 3):j].endswith(_DOTTED_TITLES):
            return True  # '"Mr. Carton," she says': a title's full stop ends no sentence
        if naming and text[start:start + 1] in ",.!" and \
                _NAME_AFTER.match(text, start) is not None:
            return True  # "Ernest, his name was": named as a person (`_named_so`)
        if text[start:start + 1] in ".!?," and word.casefold() not in TITLES and \
                _in_roll(text, i, start):  # (not "Mr." before a name)
            return True  # "Bennings. Fuchs.": an item of a roll call (`_Reading._roll`)
        after = _FOLLOWING.match(text, start)
        if after is not None and (after.group(1) in SAID or after.group(1) in _MODALS
                                  or _acts(after.group(1))
                                  or _does(after.group(1))):
            return True
    return False


def _in_roll(text: str, i: int, start: int) -> bool:
    """Whether the word at `i` (ending at `start`) is a sentence of its own next to another
    ("Bennings. Fuchs."): an item of a roll call, the one before it or after it an item too."""
    item = _ITEM_END.match(text, start)
    if item is None:
        return False
    return _item_before(text, i) is not None or _ITEM_AFTER.match(text, item.end()) is not None


def _item_before(text: str, i: int) -> re.Match | None:
    """The item of a roll call right before a sentence opening at `i` ("Fuchs." before
    "Clark."), if the sentence before is one: found from that sentence's end back to the
    end before it (string finds, then one anchored match: no search at every letter)."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 1 or text[j] not in ".!?":
        return None
    floor = max(0, j - 80)
    k = max(text.rfind(". ", floor, j), text.rfind("! ", floor, j), text.rfind("? ", floor, j),
            text.rfind("\n", floor, j))
    if k < 0 and floor:
        return None  # a sentence too long to be an item
    k += 1 if k < 0 or text[k] == "\n" else 2
    return _ITEM.fullmatch(text, k, j + 1)


_DOTTED_TITLES = ("Mr", "Mrs", "Ms", "Dr")
_HONOURED = re.compile(rf"-(?:{'|'.join(HONORIFICS)})\b")


_SKIPPED: dict[int, tuple[Set[str], dict[bytes, None]]] = {}


def _skipped(known: Set[str]) -> dict[bytes, None]:
    """Tokens to leave unread: the common capitalised words and the names `known` counts. A
    dict, not a frozenset: kept for the process, and a dict of bytes is never walked by the
    cyclic collector (`characters.name_tokens`); sets take their difference with it alike."""
    cached = _SKIPPED.get(id(known))
    if cached is None or cached[0] is not known:
        words = {w for w in OPENERS} | {w for w in known if w[:1].isupper()}
        tokens = dict.fromkeys(form.encode() for w in words
                               for form in (w, w + "'s", w + "’s", w.upper()))
        if len(_SKIPPED) >= 64:
            _SKIPPED.clear()
        cached = _SKIPPED[id(known)] = (known, tokens)
    return cached[1]


# Last words of a capitalised run that make it a place or a body of people, not a full name
# ("Baker Street", "the Secret Police"): such a run is not counted (`_Reading._take`).
PLACE_WORDS = frozenset("""
street road lane avenue square park valley city town village york house hall castle palace
manor tower bridge river lake sea ocean island mountain mountains hill forest woods station
airport hotel inn church college university school academy hospital prison academy bay
harbour harbor port county kingdom empire republic galaxy system sector quadrant centre center
police council yard club committee department ministry agency bureau office society guild
army navy corps patrol guard legion company corporation institute
lab laboratory lakes falls springs heights gardens division squad pass
drive place alley boulevard crescent terrace row watch
""".split())


def _full_names(reading: _Reading) -> None:
    """A run of two or three capitalised words written twice or more mid-sentence is a full
    name ("Sherlock Holmes"), each of its words a sign of a person (a place, "Baker Street",
    is never a run kept); so are two written once after a title ("Mrs. Evelyn Cho": the title
    goes with the whole name, not the first name alone)."""
    for span, count in reading.spans.items():
        if (count >= 2 or (span in reading.titled and len(span) == 2)) and len(span) <= 3:
            entries = [reading.words[w] for w in span]
            if all(e.mid for e in entries):
                for entry in entries:  # "Marta Kessling", though "Marta" never acts alone
                    entry.weak += 1


def _people(names: dict[str, _Word], reading: _Reading, known) -> list[Person]:
    """Words that are names grouped into people: a full name and the single words it is made
    of are one person when that full name is the only one a word belongs to."""
    full: dict[str, list[tuple[str, ...]]] = {}  # word -> full names holding it
    for span, _count in sorted(reading.spans.items(), key=lambda kv: (-kv[1], kv[0])):
        if all(w in names or w in known for w in span) and len(span) <= 4:
            if any(w in known for w in span):
                continue  # a known character's full name: the table counts it
            for w in span:
                full.setdefault(w, []).append(span)
    people: list[Person] = []
    # a surname two full names hold that share no other word ("Ada Quill", "Tobin Quill":
    # siblings, spouses) names neither alone: the text's bare "Quill" stays nobody's
    # (in the same place in both: "Funn Funerals" is no sibling of "Antigone Funn")
    kin = {(w, a) for w, spans in full.items() for a in spans for b in spans
           if a != b and a.index(w) - len(a) == b.index(w) - len(b)
           and set(a).isdisjoint(set(b) - {w}) and set(b).isdisjoint(set(a) - {w})}
    shared = {w for w, _span in kin}
    taken: set[str] = set(shared)
    spans_used: set[tuple[str, ...]] = set()
    for span in sorted({s for spans in full.values() for s in spans},
                       key=lambda s: (-sum(names[w].count for w in s), s)):
        if any(w in taken and (w, span) not in kin for w in span):
            continue
        own = [w for w in span if w not in shared and (
            len(full.get(w, ())) == 1 or full[w][0] == span)]
        if not own:  # "to Ada Ben": each word belongs first to another full name (Ada Cole,
            continue  # Ben Dunn), so this span is nobody of its own
        taken.update(own)
        spans_used.add(span)
        people.append(_person(" ".join(span), own, names, reading))
        people += _kin_of(span, names, people[-1].gender)
    for word, entry in names.items():
        if word in taken:
            continue
        couple = _titled_couple(word, entry, reading) or _titled_and_bare(word, entry, reading)
        if couple:  # "Mr. Darcy" and "Mrs. Darcy" are two people
            people += couple
            continue
        name = word
        top = max(entry.titles.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        # named mostly with a title: "Coach Beard"; of titles of both genders ("Uncle Muriel
        # — sorry, Auntie Muriel"), the one used more than the other gender's, else none
        if top and top[1] * 2 >= entry.count and top[1] > sum(
                n for t, n in entry.titles.items()
                if {TITLES.get(t.casefold()), TITLES.get(top[0].casefold())} == {"m", "f"}):
            name = _titled(top[0], word, reading)
        elif entry.the >= 2 and _role(entry):  # a role: "The Knight"
            name = f"The {word}"
        people.append(_person(name, [word], names, reading))
    people = _with_long_first_names(people, reading.spans)
    people.sort(key=lambda p: (-p.mentions, p.name))
    return people


def _with_long_first_names(people: list[Person],
                           spans: dict[tuple[str, ...], int]) -> list[Person]:
    """A lone first name and another person whose first name is a short or long form of it
    ("Beatrice" and "Bea Kell") or of whose first name it is a pet form ("Jess" and "Jessica
    Day", "Sammy" and "Sam") or a clipped form of a word of whose name it is ("Sano" and
    "Sagara Sanosuke": `clip_of_name`) are one person, as a reader takes them: shown as the
    fuller first name ("Beatrice Kell", "Jessica Day"; of two lone names the given name the pet
    form comes from, else the longer). Only when exactly one person fits and the pronouns do
    not tell two genders ("Samantha" is not "Sam Reyes" he)."""
    named = [p for p in people if p.name.split()[0].casefold() not in TITLES]
    if len(named) < 2:
        return people
    merged: dict[str, Person] = {}  # a person's name -> the person it became
    gone: set[str] = set()
    surnamed = {span[0] for span in spans if len(span) == 2}
    for lone in people:
        word = lone.name
        if " " in word or lone.aliases or word in surnamed or word in merged:
            continue  # the text gives "Benny" a surname of its own ("Benny Watts")
        clipped = word.casefold() not in given_names()
        fits = [p for p in named if p is not lone and p.name not in gone
                and (forms_of(word, p.name.split()[0], " " not in p.name)
                     or pet_of_name(word, p.name) or (clipped and clip_of_name(word, p.name)))
                and {lone.gender, p.gender} != {"m", "f"}]
        if len(fits) != 1:
            continue
        person = merged.get(fits[0].name, fits[0])
        first, _, rest = person.name.partition(" ")
        if forms_of(word, fits[0].name.split()[0], " " not in fits[0].name):
            longer = _fuller(word, first)
            name = f"{longer} {rest}" if rest else longer
        else:  # "Listy" of Dave Lister: the name stays
            name = person.name
        forms = (person.name, *person.aliases, word)
        merged[fits[0].name] = Person(name, tuple(dict.fromkeys(f for f in forms if f != name)),
                                      person.nicknames, person.gender or lone.gender,
                                      person.mentions + lone.mentions)
        gone.add(word)
    return [merged.get(p.name, p) for p in people if p.name not in gone]


def forms_of(word: str, first: str, lone: bool = False) -> bool:
    """Whether one first name is a shortening of the other ("Bea", "Beatrice": the shorter
    begins the longer and has three letters or more) or a pet form of it that English names
    take ("Jess" of "Jessica", "Chuck" of "Charles": `_pet_forms`). Of two lone names only
    the shorter or the pet form is read (each pair once)."""
    if word == first:
        return False
    short, long = sorted((word, first), key=len)
    if len(short) >= 3 and long.startswith(short):
        return not lone or short == word
    pets = _pet_forms()
    return first.casefold() in pets.get(word.casefold(), ()) or (
        not lone and word.casefold() in pets.get(first.casefold(), ()))


def pet_of_name(word: str, name: str) -> bool:
    """Whether a lone name is a pet form English makes of a word of a name: that word's first
    four letters or more and "-y" or "-ie" ("Listy" of Dave Lister, "Krytie" of Kryten,
    "Marcy" of Marceline)."""
    stem = word[:-1] if word.endswith("y") else word[:-2] if word.endswith("ie") else ""
    return len(stem) >= 4 and any(w != word and w.startswith(stem) for w in name.split())


def clip_of_name(word: str, name: str) -> bool:
    """Whether a lone name is a clipped form of a later word of a name, its first three
    letters or more ("Sano" of Sagara Sanosuke: a given name written last), or of any word,
    its last four letters or more ("Dromeda" of Andromeda Tonks). Asked only of lone names
    that are no English given name of their own (`given_names`): "Jack" beside Percy
    Jackson, "Anna" beside Joanna Cole are names of their own."""
    folded = word.casefold()
    return any(
        w != word and ((i and len(word) >= 3 and w.startswith(word))
                       or (len(word) >= 4 and w.casefold().endswith(folded)))
        for i, w in enumerate(name.split()))


def _fuller(word: str, first: str) -> str:
    """The fuller of two forms of one first name: the longer of a shortening ("Beatrice" of
    "Bea"), else the given name the other is a pet form of ("Jessica" of "Jess")."""
    short, long = sorted((word, first), key=len)
    if long.startswith(short):
        return long
    pets = _pet_forms()
    return word if first.casefold() not in pets.get(word.casefold(), ()) and \
        word.casefold() in pets.get(first.casefold(), ()) else first


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """English given names and their pet forms, casefolded: every name of the `nicknames`
    table (`_names_table`), read once a process."""
    return frozenset(name for row in _names_table() for name in (row[0], row[2]))


@lru_cache(maxsize=1)
def _names_table() -> tuple[tuple[str, ...], ...]:
    """The rows (given name, relation, other name) of the maintained, hand-curated table of
    the `nicknames` package (Apache-2.0), casefolded. Its names.csv is read where the package
    lies, without importing it (its import reads package metadata: ~60 ms); none without it."""
    spec = find_spec("nicknames")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return ()
    lines = Path(next(iter(folders)), "names.csv").read_text(encoding="utf-8").splitlines()
    return tuple(tuple(line.split(",")) for line in lines[1:])


@lru_cache(maxsize=1)
def _pet_forms() -> dict[str, frozenset[str]]:
    """English pet forms -> the given names they come from ("jim" -> james), casefolded
    (`_names_table`), asked only of the lone names a story's people already hold."""
    pets: dict[str, set[str]] = {}
    for given, relation, pet in _names_table():
        if relation == "has_nickname":
            pets.setdefault(pet, set()).add(given)
    return {pet: frozenset(names) for pet, names in pets.items()}


def _titled(title: str, word: str, reading: _Reading) -> str:
    return f"{title}. {word}" if title in reading.dotted else f"{title} {word}"


# Titles of kin: an "Uncle" and an "Auntie" of one name are a slip, not a married couple.
KIN = frozenset("uncle aunt auntie father mother brother sister".split())


def _standing(title: str) -> str | None:
    """Who a title of address can be: a man, a married woman ("Mrs"), an unmarried one
    ("Miss"), or a woman either way ("Lady"). "Mrs Bennet" and "Miss Bennet" are two women,
    a mother and a daughter as a rule, as "Mr" and "Mrs" are a man and his wife."""
    folded = title.casefold()
    if folded in KIN:
        return None
    if folded in ("mrs", "missus"):
        return "mrs"
    if folded == "miss":
        return "miss"
    return TITLES.get(folded)


def _titled_couple(word: str, entry: _Word, reading: _Reading) -> list[Person]:
    """A surname written with titles of both genders ("Mr. Darcy", "Mrs. Darcy"), of a
    married and an unmarried woman ("Mrs Bennet", "Miss Bennet"), or of a married woman and
    a rank ("Mrs. Foster", "Doctor Foster": she bears her husband's name): two people, each
    known by the title the text gives them (the bare surname stays theirs unclaimed)."""
    best: dict[str, tuple[int, str]] = {}
    for title, count in entry.titles.items():
        standing = _standing(title) or ("rank" if title.casefold() not in KIN else None)
        if standing is not None:
            best[standing] = max(best.get(standing, (0, "")), (count, title))
    if "rank" in best and ("m" in best or "mrs" not in best):
        best.pop("rank")  # "Captain Hale" beside "Mr Hale" or "Ms Hale" may be either
    if "mrs" in best and "miss" in best:
        best.pop("f", None)  # a "Lady" or "Ms" beside both is either of them
    else:  # one woman, however titled ("Ms Hale", "Mrs Hale")
        for standing in ("mrs", "miss"):
            if standing in best:
                best["f"] = max(best.pop(standing), best.get("f", (0, "")))
    if len(best) < 2:
        return []
    shared = reading.shared.get(word)
    return [Person(_titled(title, word, reading), (),
                   (f"the {title}",) if standing == "rank" and title == shared else (),
                   TITLES.get(title.casefold()), count)
            for standing, (count, title) in sorted(best.items())]


def _titled_and_bare(word: str, entry: _Word, reading: _Reading) -> list[Person]:
    """A surname written with titles of one gender only ("Mrs Thursday") and bare, where the
    bare one speaks or owns and only the other pronoun takes it up ("Thursday said ... he
    noticed"): the woman and the man of one family, two people (one reading of "he" is not
    enough against a title alone: it speaks too)."""
    genders = {TITLES.get(t.casefold()) for t in entry.titles if t.casefold() not in KIN}
    bare = entry.count - sum(entry.titles.values())
    if len(genders) != 1 or bare < 1 or not entry.strong:
        return []
    gender = genders.pop()
    other = {"f": "m", "m": "f"}.get(gender or "")
    pronouns = {"m": entry.bare_he, "f": entry.bare_she}
    if other is None or not pronouns[other] or pronouns[gender or ""]:
        return []
    title, count = max(entry.titles.items(), key=lambda kv: (kv[1], kv[0]))
    return [Person(_titled(title, word, reading), (), (), gender, count),
            Person(word, (), (), other, bare)]


def _kin_of(span: tuple[str, ...], names: dict[str, _Word], gender: str | None) -> list[Person]:
    """The others a full name's surname is written for with a title that cannot be that
    person's ("Catherine Morland", she, beside "Mrs Morland" and "Miss Morland": her mother;
    "Henry Tilney", he, beside "Mrs Tilney"): each such title names one more person of the
    family. A title the person may hold ("Mr Tilney" of Henry) is theirs."""
    entry = names[span[-1]]
    if len(span) < 2 or not entry.titles:
        return []
    first = names[span[0]]
    own = gender if not first.titles else _gender_of(_Word(he=first.he, she=first.she))
    standings = {_standing(t) for t in entry.titles} - {None}
    others = []
    for title, count in sorted(entry.titles.items()):
        standing = _standing(title)
        if standing is None:
            continue
        woman = standing in ("mrs", "miss", "f")
        if (own == "m" and woman) or (own == "f" and standing == "m") or (
                standing == "mrs" and "miss" in standings):
            others.append(Person(f"{title} {span[-1]}", (), (), "m" if standing == "m" else "f",
                                 count))
    return others


def _person(name: str, words: list[str], names: dict[str, _Word], reading: _Reading) -> Person:
    # a word the text also gives a place is not counted as the person ("Susie Derkins" lives
    # by "Derkins Hill": the hill's uses are not hers)
    aliases = tuple(w for w in words if w != name and w not in reading.placed)
    entries = [names[w] for w in words]
    merged = _Word(he=sum(e.he for e in entries), she=sum(e.she for e in entries))
    for e in entries:
        for title, n in e.titles.items():
            merged.titles[title] = merged.titles.get(title, 0) + n
    gender = TITLES.get(name.casefold()) or _gender_of(merged)  # "Dad" is a man
    return Person(name, aliases, (), gender, max(e.count for e in entries))


# People and creatures a story may follow without ever naming them ("the kid", "the hunter",
# "the ghost"): not "man", "woman" or "stranger", which a text gives any passer-by. A kid,
# a child and a baby are one person: the youngest one in the story.
_ROLE_NOUNS = frozenset("""
kid child baby boy girl hunter witch wizard knight doctor dog cat wolf fox bird horse creature
beast monster demon angel ghost robot android alien baker governess maid butler nurse priest
soldier guard pilot driver bard elf dwarf giant thief prisoner king queen prince princess
healer mage sorcerer vampire dragon captain detective sergeant commander teacher
gentlewoman gentleman lady servant nun monk ferryman innkeeper widow envoy squire
""".split())
_YOUNG = frozenset({"kid", "child", "baby"})
# Words before a role that tell one of its kind from the others, kept as one person's epithet
# ("the little ghost", "the old man"); with one of them "man" and "woman" are someone too.
_EPITHETS = _by_first_letter("old little young tall small big fat thin pale grey blind".split())
# (From "he ", a literal the regex engine skips to; "[Tt]" and the word start are checked on
# the few matches: a leading "\b[Tt]" made every position of the text a start, 3x slower.)
_ROLE_ACTS = re.compile(
    rf"he ((?:(?:{_EPITHETS}) )?(?:{_by_first_letter(_ROLE_NOUNS)})|(?:{_EPITHETS}) (?:man|woman))"
    r"\b(?:['’]s)?,? ?([a-z]*)")
# A role capitalised as a name is ("the Dog sat") is the same role: any capitalised word after
# "the", kept when it is one (the nouns each written capitalised cost twice the search).
_ROLE_NAMED = re.compile(r"he ([A-Z][a-z]+)\b(?:['’]s)?,? ?([a-z]*)")
# A story naming at most this many people may follow its others by role alone.
ROLE_CAST = 2


def roles(text: str) -> dict[str, int]:
    """The people a story with few named ones follows by what they are: "the N", N a noun of
    a person or creature, capitalised or not, with an epithet or not ("the little ghost"),
    doing something ("the kid woke", "the Dog sat") at least twice, named "The N" with the
    uses of "the N" as mentions (a kid, a child, a baby: one, named by the word used most;
    "the ghost" and its one epithet's "little ghost" likewise)."""
    uses: dict[str, int] = {}
    acts: dict[str, int] = {}
    for match in chain(_ROLE_ACTS.finditer(text), _ROLE_NAMED.finditer(text)):
        at = match.start()
        if not at or text[at - 1] not in "Tt" or (at > 1 and text[at - 2].isalnum()):
            continue  # "she kid", "bathe", not "the"
        noun, following = match.groups()
        if noun[0].isupper():
            noun = noun.lower()
            if noun not in _ROLE_NOUNS:
                continue
        uses[noun] = uses.get(noun, 0) + 1
        if following and (following in _DID or following.endswith("ed")):
            acts[noun] = acts.get(noun, 0) + 1
    for noun in [n for n in uses if " " in n]:  # "the ghost" and "the little ghost": one,
        bare = noun.rsplit(" ", 1)[1]  # when the story gives the ghost one epithet only
        if bare in uses and sum(n.endswith(" " + bare) for n in uses) == 1:
            word, other = (noun, bare) if uses[noun] >= uses[bare] else (bare, noun)
            uses[word] += uses.pop(other)
            acts[word] = acts.get(word, 0) + acts.pop(other, 0)
    young = [n for n in _YOUNG if n in uses]
    if len(young) > 1:  # "the kid" and "the child" of one story: one person
        word = max(young, key=lambda n: (uses[n], n))
        for n in young:
            if n != word:
                uses[word] += uses.pop(n)
                acts[word] = acts.get(word, 0) + acts.pop(n, 0)
    return {f"The {noun}".title(): uses[noun] for noun, n in acts.items() if n >= 2}


# A standing one person holds to another, as a servant, a ward or a vassal tells of them ("my
# master", "her lady"): the one person who holds it to the one it is said of. (From the
# space, a literal the engine skips to; the owner's word before it is checked on the few
# matches: a leading "\b" made every position of the text a start, 6x slower.)
_STANDINGS = re.compile(rf" ({'|'.join(sorted(w.decode() for w in STANDING_WORDS))})\b")
_OWNERS = frozenset(("my", "his", "her"))


def standings(text: str, narrator: bool) -> dict[str, int]:
    """The people a narration calls by their standing to someone, twice at least, named as it
    writes them ("My Master", "Her Lady"), with their uses: `narrator`, the narrator's ("my",
    one person in any story), else another's ("his", "her": one person only where few are
    named). A vocative in dialogue ("yes, my lord") is how one addresses a rank, not told."""
    uses: dict[str, int] = {}
    for match in _STANDINGS.finditer(text):
        at = match.start()
        owner = _owner(text, at, 2) or _owner(text, at, 3)
        if owner is not None and (owner == "my") == narrator and not in_dialogue(text, at):
            name = f"{owner} {match.group(1)}".title()
            uses[name] = uses.get(name, 0) + 1
    return {name: n for name, n in uses.items() if n >= 2}


def _owner(text: str, at: int, size: int) -> str | None:
    """The owner's word of `size` letters right before `at` ("my", "his", "her"), if one."""
    word = text[max(0, at - size):at].lower()
    if word in _OWNERS and (at == size or not text[at - size - 1].isalnum()):
        return word
    return None

