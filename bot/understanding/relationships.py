"""Pairings the text implies: who shares scenes, and romantic cues resolved to the right pair.

Evidence, weakest to strongest:
- co-occurrence: two characters present in the same block (named in narration counts fully,
  named only inside dialogue counts less: they are talked about, not there);
- romantic words ("kissed", "lover") read where they stand: the people of their sentence
  (else paragraph), "he"/"she" standing for the nearest character of that gender named
  before (`Local`); what that cannot place ("I love you" in dialogue) counts for the block
  when it holds one to three pairs;
- gendered cues: "he loved her", "Anya kissed him", "her girlfriend", read the same way;
- a pairing named in the author's note or summary ("Willow/Tara fluff").
A file whose tags state its romance is read only for the married couples around it (partner
nouns: `_spouses_beside`).
Long stories name one character and call the other "he" for paragraphs, so reading cues where
they stand, not by who the block names, is what finds their couples. A cue only the subject
gives ("he loved her") with a denial the other way ("she didn't need him") marks the pairing
one-sided; past words in romantic blocks ("ex-girlfriend", "broke up") mark it past. A gaze
told as feeling ("the way she looked at him") is a love one way: one-sided when unseen ("he
didn't see the way she looked at him") or when the one loved loves another so.
Friendships are looked for among the two or three leads (`_leads`). Inferred pairings get a
confidence below 1 and always sort after stated ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Set
from itertools import combinations

from bot.parsers.common import parse_relationships
from bot.story import Character, Relationship, Story
from bot.understanding import events, tense
from bot.understanding import genders as text_genders
from bot.understanding.blocks import Block, spellings
from bot.understanding.characters import narrated
from bot.understanding.cues import (
    ACT_WORDS,
    CUE_WORDS,
    EX_WORDS,
    FAMILY_WORDS,
    FRIEND_WORDS,
    HE,
    LINE_WORDS,
    PARTNER_WORDS,
    PAST_WORDS,
    ROMANCE_WORDSET,
    SHE,
    TRIGGERS,
    VERB_WORDS,
)
from bot.understanding.events import STRONG, TOUCHES, WEAK
from bot.understanding.local import (
    Local,
    Recent,
    Viewpoint,
    fits,
    gender_of,
    occurrences,
)
from bot.understanding.narrator import calls, speaks
from bot.understanding.narrator import find as find_narrator
from bot.understanding.people import KIN, TITLES
from bot.vocabulary import RelationshipKey

_NEG = r"(?:not|never|n't|no longer|refused|refuses|can't|cannot|won't|wouldn't|couldn't)"
# "he loved her", "she would never love him": the verb and its object are found with str.find
# for the cue words the block holds, then the subject pronoun in the few words before.
_SUBJECT = re.compile(r"\b(he|she)\b((?:\s+[\w']+){0,4})\s*$")
_I_SUBJECT = re.compile(r"\bi\b((?:\s+[\w']+){0,4})\s*$")
# "his girlfriend", "Xander's wife": the owner just before the partner noun; a word between
# them may be an adjective ("his new wife"), not another owner ("her sister's husband" is
# the sister's).
_OWNER = re.compile(r"\b([Hh]is|[Hh]er|[Mm]y|[A-Z]\w+'s)\s+(?:(?![a-z]+'s\s)[a-z']+\s+)?$")
_PARTNER_GENDER = {"girlfriend": "f", "wife": "f", "girl": "f", "fiancee": "f", "fiancée": "f",
                   "widow": "f", "boyfriend": "m", "husband": "m", "boy": "m", "fiance": "m",
                   "fiancé": "m", "widower": "m", "ex-girlfriend": "f", "ex-wife": "f",
                   "ex-boyfriend": "m", "ex-husband": "m"}
# "Tamsin was her ex", "he had been her husband": the one before it is the owner's partner.
_BEEN = r"(?:was|is|had been|has been|used to be)\s+$"  # a copula closing the text before
_COPULA = re.compile(r"\b" + _BEEN)
# "her late husband": a partner who has died is none of the people the scene holds.
_LATE = re.compile(r"\s+(?:late|dead|deceased)\s")
_NEGATED = re.compile(rf"\b{_NEG}\b|n't\b")
# "Greta's husband had died in the spring", "her wife, who passed away": a partner who has
# died, told just after the noun, is none of the people the scene holds (as "her late
# husband": a widow's grief is for someone the scene lacks).
_DIED = re.compile(r"(?:,\s*who)?\s+(?:had\s+|has\s+|'d\s+)?(?:died|passed away|passed on|"
                   r"been killed|was killed|been dead|was dead|is dead|was gone|is gone)\b")
# A love kept secret or not returned, one table of the phrasing read two ways: "he never told
# her.", "he had never said so", "she would never know.", "she didn't love him back". The
# fragments are shared (an adverb, what is told, what is never known, a love not returned);
# each reading keeps its own subject, whom the telling is kept from, whether a bare "never
# said" counts, and the closing, for each reads in another place:
# - `_NEVER` (`_hidden`): in narration of a block whose cues were read (a couple already
#   found is marked one-sided), so "never told anyone" and a bare "never said" count, and any
#   stop or dash closes ("he never told her about the debt" is another secret). Matched at each
#   "never" found with str.find (no scan of every position).
# - `_SECRET` (`_kept_secret`): makes a couple of a block's only two people on its own, so it
#   wants a he/she/I holder, the other as the one never told, and a sentence's end (not before
#   a comma: "he would never say so, but he was proud of her").
_KEPT_ADVERB = r"(?:(?:once|really|even|ever|actually)\s+)?"
_KEPT_HOW = r"(?:\s+(?:so|that|how (?:he|she|i) felt))?"
_KEPT_UNKNOWN = r"(?:know|knew|find out|found out|guess|guessed)"
_LOVE_BACK = r"love[sd]?\s+(?:him|her|me|you)\s+back"


def _kept_from(whom: str, said: str, close: str) -> str:
    """The table's "never ..." of a love kept secret or not returned, told to `whom`, a "never
    said" ending with `said`, closed by `close` (each reading's own)."""
    return (rf"never\s+{_KEPT_ADVERB}(?:(?:told|tell)\s+(?:{whom}){_KEPT_HOW}|"
            rf"(?:said|say){said}|{_KEPT_UNKNOWN}){close}|never\s+{_KEPT_ADVERB}{_LOVE_BACK}\b")


_NEVER = re.compile(_kept_from(r"him|her|them|anyone|anybody|a soul", r"(?:\s+(?:so|it))?",
                               r"(?=\s*[.,;:!?\u2014-])"))
# "didn't love him back" (opening with its letters: the engine skips to them in C)
_NOT_BACK = re.compile(rf"(?:n't|not)\s+{_LOVE_BACK}\b")
# A romance that is over, told by its couple's own words: "the year they were together", "back
# when we were married", "after the divorce", "we used to date", "before they broke up", and
# any habit of theirs told as gone ("we used to walk to the lake": a "we" or "they" in a block
# whose cues name the couple; someone else's "her parents used to" is not theirs). Read
# in lower case, only in a block whose cues were read and which holds one of its words
# (`_ENDED_WORDS`, `_ENDED_TEXT`).
# Not "the summer they were married" nor "when we were dating" (a wedding, a courtship: told
# by couples still together), nor a bare "divorced" or "ex-wife" (a third person's: "her
# parents divorced"; an ex of the pair's own is the partner cue's, `_partner_cues`).
# (Every branch opens a word on w, b, t, a or s: the look-around says so once, so the engine
# skips the other positions before trying the branches, as for `events._LINES`.)
_ENDED = re.compile(
    r"(?<!\w)(?=[wbtas])(?:"
    r"\b(?:when|while|back when|the years?|the summer|the winter|the time)\s+(?:we|they)\s+"
    r"(?:were|had been)\s+(?:together|a couple)\b|"
    r"\b(?:back when|when|while)\s+(?:we|they)\s+were\s+(?:still\s+married|married\s+still)\b|"
    r"\bback when (?:we|they) were married\b|"
    r"\b(?:before|after|since)\s+(?:the|our)\s+divorce\b|\b(?:we|they)\s+(?:got\s+)?divorced\b|"
    r"\b(?:we|they)\s+(?:used to|had)\s+(?:date|dated|be together|be married|go out|gone out)\b|"
    r"\b(?:we|they)\s+(?:broke|split)\s+up\b|\b(?:we|they)\s+used\s+to\b)")
# the words one of `_ENDED` needs: a block holding none (most) is not searched
_ENDED_WORDS = frozenset(spellings({b"married", b"broke", b"split", b"divorced", b"dating",
                                    b"date"}))
_ENDED_TEXT = (" together", " a couple", "divorce", " go out", " gone out", "used to")
# The cue kinds that make a pair spouses or partners ("her husband", "my wife", "they married"):
# `_Evidence.partnered`.
_PARTNER_KINDS = frozenset({"partner", "wed", "married", "wedded", "mine", "spouse", "wife",
                            "husband", "girlfriend", "boyfriend", "fiancee", "fiance", "missus"})
_POSITIVE_VERBS = ("lov", "kiss", "ador", "worship", "married")
# "she should have married him", "if he'd married her", "she wished she had married him": a
# marriage wished for or supposed, not one told (a couple is told by "she married him").
_UNMARRIED = re.compile(r"\b(?:should|would|could|might|must|if|wish|wished|wishes|hoped|"
                        r"supposed|meant|almost|nearly|never|whether|rather)\b|'d\b")
# Possessive stars: what may follow a name's letters (a space, "/") is none of them, so giving
# some back never helps, and the regex, tried at every capital of a note, stops at once.
_NAME = r"[A-Z][\w'.-]*+(?: [A-Z][\w'.-]*+)?"
_SLASH_PAIR = re.compile(rf"({_NAME})\s*/\s*({_NAME})")
# What may stand before a pair's "/", read backwards from it (in the reversed text): spaces,
# then one name word or two one space apart (`_slash_pairs`).
_BEFORE_SLASH = re.compile(r"\s*[\w'.-]+(?: [\w'.-]+)?")
_CAPITAL_LETTER = re.compile(r"[A-Z]")

# An author's note or summary saying the story holds no romance ("no romance, just girls
# being best friends", "gen fic", "platonic"): no romantic pairing is inferred from the text.
# Read in lower case: a case-blind regex is many times slower.
_NO_ROMANCE = re.compile(r"(?<!\w)(?=[npg])(?:no romance|not (?:a )?roman(?:ce|tic)|"
                         r"no (?:ships?|shipping|pairings?)|platonic|gen ?fic)\b")


# An author says there is no romance near the start of a note or summary: only this much of
# each is read for it (some files carry pages of notes).
NOTE_HEAD = 2000


def _says_no_romance(lower: str) -> bool:
    """Whether an author's note or summary (lower case) says there is no romance; the regex
    only runs when one of its telling words is there (most notes have none)."""
    return any(word in lower for word in ("roman", "platonic", "fic", "ship", "pairing")) \
        and _NO_ROMANCE.search(lower) is not None


ROMANCE_THRESHOLD = 0.9
PLATONIC_MIN_SHARED = 1
# The story's two leads, with no romance between them, are friends when the text narrates
# them together in this many blocks, or in most of the blocks naming either, or in two with
# a friend word: one or two blocks shared in a longer story is a meeting (a crossover's, a
# rival's, an enemy's), not yet a friendship.
TOP_MIN_SHARED = 3


def _names_either(sentence: str, a: str, b: str) -> bool:
    """Whether a sentence writes a word of either name ("Anne" of "Anne Shirley")."""
    return any(word in sentence for name in (a, b) for word in name.split(" (")[0].split()
               if len(word) > 2)


def _one_surname(pair: tuple[str, str]) -> bool:
    """Two full names ending in one surname (Dean and Sam Winchester): family, whose bond
    the text shows by their scenes together (married couples share one too, but any sign of
    romance between them is read first; "Mr" and "Mrs Bennet" are most often a couple)."""
    a, b = (name.split(" (")[0].split() for name in pair)
    return len(a) > 1 and len(b) > 1 and a[-1] == b[-1] and not any(
        words[0].rstrip(".").casefold() in TITLES for words in (a, b))  # Mr and Mrs Bennet


# Titles only a married woman or a man takes: "Mrs Benn" is Mr Benn's wife, never Mr Farraday's.
_WED_TITLES = frozenset({"mrs", "mr", "mister"})


def _other_marriage(pair: tuple[str, str], noun: str) -> bool:
    """Whether a spouse noun is placed on a man and a married woman both written by title
    and surname ("Mr Farraday", "Mrs Benn") of different surnames: "her husband" of Mrs Benn
    is a Mr Benn, whoever of the cast stands beside her (a wife takes her husband's name in
    the prose that titles people so)."""
    if noun not in _SPOUSES:
        return False
    a, b = (name.split(" (")[0].replace(".", "").split() for name in pair)
    titles = {words[0].casefold() for words in (a, b) if len(words) > 1}
    return len(titles) == 2 and titles <= _WED_TITLES and "mrs" in titles and a[-1] != b[-1]


def _scenes_of_either(blocks: list[Block], a: str, b: str) -> int:
    """How many blocks name either of two people (told of or there: which, is not read)."""
    return sum(1 for block in blocks if a in block.names or b in block.names)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a.casefold() <= b.casefold() else (b, a)


class _Evidence:
    """Per-pair tallies gathered over the blocks."""

    def __init__(self) -> None:
        self.shared: dict[tuple[str, str], int] = {}  # blocks both are narrated in
        self.romance: dict[tuple[str, str], float] = {}
        self.directed: dict[tuple[str, str], float] = {}  # (lover, loved)
        self.denied: set[tuple[str, str]] = set()  # gender pairs: (subject, object) denials
        self.past: dict[tuple[str, str], float] = {}
        self.friendly: dict[tuple[str, str], float] = {}
        self.weak: dict[tuple[str, str], float] = {}  # cues parents and friends give too
        self.weak_kinds: dict[tuple[str, str], set[str]] = {}
        self.family: set[tuple[str, str]] = set()  # pairs a block shows to be family
        self.kin: set[tuple[str, str]] = set()  # family by what they call each other
        # the best cue's sentence: (strong, weight, sentence)
        self.evidence: dict[tuple[str, str], tuple[bool, float, str]] = {}
        # "his wife" with nobody of that gender around: (owner, partner's gender, sentence)
        self.unplaced: list[tuple[str, str, str, str]] = []  # ... and the cue's kind
        self.guessed: Set[str] = frozenset()  # whose gender only the pronouns told
        self.narrator: str | None = None  # who "I" is in a first-person story
        self.leads: tuple[str, ...] = ()  # the story's leads (`_leads`)
        self.partners_of = None  # a character's canonical romantic partners, or None
        self.apart: dict[tuple[str, str], int] = {}  # per pair of leads: blocks naming either
        # "his wife, Karen" where Karen is not of the cast: (owner, name as written, sentence,
        # the cue's kind: "parted" for "her ex, Dmitri")
        self.absent: list[tuple[str, str, str, str]] = []
        # partners told by a description ("married to the most observant man"): owner,
        # sentence, kind (`_place_described`)
        self.described: list[tuple[str, str, str]] = []
        # pairs cued in a block that says the love is never told or not returned
        # ("he never told her", "she'd never know", "unrequited"): one-sided (`_hidden`)
        self.unspoken: set[tuple[str, str]] = set()
        # pairs cued in a block that says their romance is over ("when we were married",
        # "after the divorce", "the year they were together"): past (`_ENDED`)
        self.ended: set[tuple[str, str]] = set()
        # pairs a spouse or partner cue was placed on: a marriage is love both ways, never
        # one-sided, whatever secret a block says one of them keeps
        self.partnered: set[tuple[str, str]] = set()
        # the weight of cues told aloud in the past of one the scene lacks ("I think he
        # loved me", of the man her talk keeps naming): a romance known only so is past
        self.recalled: dict[tuple[str, str], float] = {}
        self.pov: Viewpoint | None = None  # the point-of-view character (local.py)
        # the weight of others asking about a couple ("is that your boyfriend?"): a romance
        # known only so is implied, never acted or said by the two
        self.asked: dict[tuple[str, str], float] = {}
        # the weight of names said as feeling ("the way she said his name", `_said_cues`): a
        # love known only so is one-sided, the sayer's, never acted or told between the two
        self.said: dict[tuple[str, str], float] = {}
        # the weight of touches that count alone (events.TOUCHES: a hand on the small of
        # the back): a romance known only by them and by others asking is implied, shown and
        # never said
        self.touched: dict[tuple[str, str], float] = {}
        # the paragraphs of the block being read that a present-tense story tells in the past
        # (`tense.memories`): a cue placed from one of them is remembered, as `recalled`
        self.memory_texts: list[str] = []
        # the same, each one space apart, written once a block at its first cue (`_in_memory`)
        self.memory_spaced: list[str] | None = None
        # the weight of cues told in the past perfect ("that he had loved her", "Clarissa
        # had been Michael's girlfriend"): a love before the story's now; a romance known
        # only so, and by memories, is past (after a love kept secret: one-sided)
        self.before: dict[tuple[str, str], float] = {}

    def _in_memory(self, sentence: str) -> bool:
        """Whether a cue's sentence is in one of the block's `memory_texts`; each is spaced
        once a block, not once a cue (task 16cheap)."""
        spaced = self.memory_spaced
        if spaced is None:
            spaced = self.memory_spaced = [" ".join(text.split()) for text in self.memory_texts]
        return any(sentence[:80] in text for text in spaced)

    def absent_partner(self, owner: str, name: str, sentence: str,
                       kind: str = "partner") -> None:
        self.absent.append((owner, name, sentence, kind))

    def described_partner(self, owner: str, sentence: str, kind: str) -> None:
        """A partner told by a description ("married to the most observant man"): the
        owner's canonical one, if the knowledge knows one (`_place_described`)."""
        self.described.append((owner, sentence, kind))

    def add(self, table: dict, key, amount: float) -> None:
        table[key] = table.get(key, 0.0) + amount

    def cue(self, pair: tuple[str, str], weight: float, strong: bool, sentence: str,
            kind: str = "", before: bool = False) -> None:
        """One romantic cue placed on a pair, with the sentence that shows it; `before`: told
        in the past perfect."""
        pair = _pair(*pair)
        self.add(self.romance if strong else self.weak, pair, weight)
        if before and strong and kind not in ("parted", "exwed", "recalled") and not (
                self.memory_texts and sentence and self._in_memory(sentence)):
            self.add(self.before, pair, weight)  # (counted once: not also as remembered)
        if kind in ("parted", "exwed"):  # "after they broke up", "her ex", "she was my
            self.add(self.past, pair, 2.0)  # wife": theirs is a past romance
            self.ended.add(pair)
            if kind == "exwed":  # a marriage all the same, never one-sided
                self.partnered.add(pair)
        elif kind == "recalled" or (self.memory_texts and sentence and self._in_memory(sentence)):
            # "he loved me" of one gone; a kiss a present-tense story tells in the past
            # ("I remember that she kissed me"): a romance known only so is over
            self.add(self.recalled, pair, weight)
        elif kind == "asked":
            self.add(self.asked, pair, weight)
        elif kind == "said":
            self.add(self.said, pair, weight)
        elif kind in TOUCHES:
            self.add(self.touched, pair, weight)
        elif kind in _PARTNER_KINDS:
            self.partnered.add(pair)
        if not strong:
            self.weak_kinds.setdefault(pair, set()).add(kind)
        best = self.evidence.get(pair)
        # what others say of two ("you two are gross") shows them less than their own cue
        rank = 0.0 if kind == "asked" else weight
        if sentence and (best is None or (strong, rank) > best[:2]):
            self.evidence[pair] = (strong, rank, sentence)

    def relatives(self, pair: tuple[str, str], said: bool) -> None:
        """A pair shown to be family; `said`: one calls the other "Gran", "my sister"."""
        pair = _pair(*pair)
        self.family.add(pair)
        if said:
            self.kin.add(pair)

    def score(self, pair: tuple[str, str]) -> float:
        """Strong cues, and weak ones unless the pair is family; weak cues alone count only
        when they are of two kinds (pet names alone are some characters' way of talking).
        Nothing for a pair who call each other "Gran" or "my brother": a "they were married"
        placed on a grandmother and her grandson is her marriage, told to him."""
        if pair in self.kin:
            return 0.0
        strong = self.romance.get(pair, 0.0)
        if pair in self.family or (not strong and len(self.weak_kinds.get(pair, ())) < 2):
            return strong
        return strong + self.weak.get(pair, 0.0)


def _resolve(subject_gender, object_gender, present, scene_people, genders):
    """The (subject, object) pair a gendered cue most likely refers to, or None."""
    candidates = dict(scene_people)
    candidates.update({n: w for n, w in present.items() if w >= candidates.get(n, 0.0)})
    best, best_score, tie = None, 0.0, False
    for subject, ws in candidates.items():
        fs = fits(subject, subject_gender, genders)
        if not fs:
            continue
        for obj, wo in candidates.items():
            if obj == subject:
                continue
            score = ws * wo * fs * fits(obj, object_gender, genders)
            if score > best_score + 1e-9:
                best, best_score, tie = (subject, obj), score, False
            elif best is not None and abs(score - best_score) <= 1e-9 and \
                    _pair(subject, obj) != _pair(*best):
                tie = True
    return None if tie or best_score < 0.3 else best


def _only_one(owner: str, gender: str | None, around, genders,
              guessed: Set[str] = frozenset(), unknown: bool = False) -> str | None:
    """The one person around, besides the owner, whose known gender is the partner noun's
    ("her girlfriend" with one other woman in the scene); a gender the name table gives
    before one only read from the pronouns (`guessed`): "grabbed her husband" beside Rory,
    a husband in the fandom's records, and the Doctor, a "he" in this story. `unknown`: one
    whose gender the text never told may be the one ("my husband" beside the narrator)."""
    if gender is None:
        return None
    near = [n for n, weight in around.items() if n != owner and weight >= 0.5]
    found = [n for n in near if genders.get(n) == gender] or (
        [n for n in near if genders.get(n) is None] if unknown else [])
    if len(found) > 1:
        found = [n for n in found if n not in guessed]
    return found[0] if len(found) == 1 else None


_SPOUSES = frozenset({"wife", "husband", "widow", "widower"})


def _partner_around(local: Local, i: int, owner: str, gender: str | None, noun: bytes,
                    around: dict[str, float], genders: dict[str, str | None],
                    ev: _Evidence) -> str | None:
    """The partner a partner noun at i names by being the one of its gender around
    (`_only_one`), unless the knowledge gives the owner others (`_not_theirs`: nobody here,
    and no lead either); one it cannot place is left for `_place_partners`."""
    partner = _only_one(owner, gender, around, genders, ev.guessed, owner == local.narrator)
    if partner is not None and _guess_on_guess(local, i, owner, partner, genders, ev):
        return None
    if partner is not None:
        return None if _not_theirs(ev, owner, partner) else partner
    base = noun.decode().removesuffix("'s")
    if gender and base not in ("girl", "boy"):
        ev.unplaced.append((owner, gender, local.sentence_text(i),
                            "parted" if noun in EX_WORDS else "partner"))
    return None


def _guess_on_guess(local: Local, i: int, owner: str, partner: str,
                    genders: dict[str, str | None], ev: _Evidence) -> bool:
    """Whether a partner placed as the one of its gender around rests on two guesses: an
    owner whose gender the text never told, taken for the "her" of "her husband" only as the
    last one named (not in the noun's sentence), and a partner whose gender only the pronouns
    after their name told ("went back up the hall to her husband": a husband the cast may
    not hold, of a woman who may be another)."""
    if genders.get(owner) is not None or partner not in ev.guessed:
        return False
    start, _end = local.sentence(i)
    return not any(start <= at < i and name == owner for at, name in local.mentions)


def _not_theirs(ev: _Evidence, owner: str, partner: str) -> bool:
    """Whether one placed as the owner's partner only by being the one of that gender around
    (`_only_one`) is none of the owner's canonical partners the knowledge knows: "her
    husband" of a character whose husband the fandom knows is him, though the room holds
    another man (the husband is at home, mourned, imagined)."""
    known: list[str] = ev.partners_of(owner) if ev.partners_of is not None else []
    return bool(known) and partner not in known


def _spouse_by_name(owner: str, noun: str, gender: str | None, cast: Set[str] | None,
                    genders: dict[str, str | None]) -> str | None:
    """The one character of the cast who shares the owner's surname and is of the spouse
    noun's gender ("her husband" of Mina Harker is Jonathan Harker, asleep in the chair,
    not Van Helsing beside her). Not for a girlfriend (siblings share a surname too) nor
    a titled name ("Mr Bennet" is Elizabeth Bennet's father): see `_one_surname`. A married
    woman written by title is the wife of the man of her title's surname: "her husband" of
    Mrs Benn is Mr Benn, "his wife" of Mr Croft is Mrs Croft (`_titled_spouses`)."""
    if noun not in _SPOUSES or cast is None or " " not in owner:
        return None
    named = [name for name in cast if name != owner
             and (_one_surname((owner, name)) or _titled_spouses(owner, name))]
    # one of that gender, else one whose gender the text never told (a weaker fit, not none)
    found = [name for name in named if genders.get(name) == gender] or \
        [name for name in named if genders.get(name) is None]
    return found[0] if len(found) == 1 else None


def _titled_spouses(a: str, b: str) -> bool:
    """Whether two names are a "Mrs" and a "Mr" (or "Mister") of one surname: in the prose
    that titles people so, a wife bears her husband's name and title ("Mr and Mrs Bennet"),
    while a "Miss" of it is a daughter or a sister."""
    words = [name.split(" (")[0].replace(".", "").split() for name in (a, b)]
    if any(len(w) < 2 for w in words) or words[0][-1] != words[1][-1]:
        return False
    return {words[0][0].casefold(), words[1][0].casefold()} in (
        {"mrs", "mr"}, {"mrs", "mister"})


def _named(owner_token, partner_gender, present, scene_people, genders):
    owner = next((n for n in present if owner_token in n.split()), None)
    if owner is None:
        return None
    options = {n: w * fits(n, partner_gender, genders)
               for n, w in {**scene_people, **present}.items() if n != owner}
    best = sorted(options.items(), key=lambda kv: -kv[1])[:2]
    if not best or best[0][1] < 0.3 or (len(best) > 1 and best[1][1] == best[0][1]):
        return None
    return owner, best[0][0]


def gather(blocks: list[Block], genders: dict[str, str | None], cast=None,
           leads: tuple[str, ...] = (), guessed: Set[str] = frozenset(),
           narrator: str | None = None, partners_of=None) -> _Evidence:
    """Evidence over the blocks, among `cast` (a set of names; None: everyone named). Shared
    and friendly blocks are counted for the pairs of `leads` only (the pairs a friendship is
    inferred for); romance and past cues for every pair.

    Who of the cast is in a block, with weights: named in narration 1, only inside dialogue
    0.4, by a pronoun 0.6 ("he"/"she" with no character of that gender narrated in the block
    stands for the last one named before, within the stretch read). Cue words are first read
    where they stand (`Local`), the weights serving when that places nothing. The `narrator`
    of a first-person story is there wherever the narration says "I", "me" or "my".
    `partners_of`: a character's canonical romantic partners (`_not_theirs`)."""
    ev = _Evidence()
    ev.guessed, ev.narrator, ev.leads = guessed, narrator, leads
    ev.partners_of = partners_of
    ranked = list(cast) if cast is not None else []
    cast = set(cast) if cast is not None else None
    if all(map(_CUE_OR_FRIEND.isdisjoint, [block.hits for block in blocks])) and \
            not any(map(_gazes, blocks)) and not any(map(_names_said, blocks)) and \
            not any(map(_asks_two, blocks)) and not any(map(_lingers, blocks)) and \
            not any(map(_secrets, blocks)) and not any(map(_unmade_told, blocks)):
        # No romance, partner or friendship word anywhere: all the evidence left is how
        # often the leads are narrated together (pronouns only ever attribute cue words).
        ev.shared = _together(blocks, leads)
        ev.friendly = dict.fromkeys(ev.shared, 0.0)
        return ev
    lead_pairs = _lead_pairs(leads)
    if narrator is None and ranked:
        ev.pov = Viewpoint(blocks, ranked, genders)  # read when a pronoun first asks
    recalls = tense.present_tense(blocks)  # a story told in the present recalls in the past
    shared = dict.fromkeys(lead_pairs, 0)
    friendly = dict.fromkeys(lead_pairs, 0.0)
    last = _leads_first(ranked, genders)  # who later "he"/"she" stand for
    talk: list[str] = []  # who spoke last in the scene's dialogue read so far
    scene_people: dict[str, float] = {}
    absent_talk: dict[str, int] = {}  # named in the scene's talk, never in its narration
    shown: set[str] = set()  # narrated in the scene
    scene, part = -1, 0
    unmade: list[tuple[tuple[str, str], str]] = []  # confessions never made (`_unmade`)
    for block in blocks:
        if block.part != part:  # text was skipped: a new scene, pronouns for the leads
            part, scene, last = block.part, -1, _leads_first(ranked, genders)
        if block.scene != scene:
            scene, scene_people, talk, absent_talk, shown = block.scene, {}, [], {}, set()
        mine = narrator is not None and speaks(block)  # "my wife" before anyone is named
        if not block.names and not last and not mine:
            continue
        present, told = _present(block, genders, cast, last)
        if mine and narrator is not None:
            present[narrator] = scene_people[narrator] = 1.0
        words = block.hits  # as written: looked up through every spelling (_FORMS)
        memories = tense.memories(block.text) if recalls else []
        if len(present) >= 2:
            _count_together(present, told, words, lead_pairs, shared, friendly, ev.past)
        if (len(present) + len(scene_people) >= 2 or (
                present and not _PARTNER.isdisjoint(words))) and (  # "his wife", her not there
                not _CUE_READ.isdisjoint(words) or _gazes(block) or _names_said(block)
                or (not _BED.isdisjoint(words) and _bed_shared(block))
                or _asks_two(block) or _lingers(block)):  # (the people first: then the text)
            lower = frozenset(map(_FORMS.__getitem__, _CUE_ANY.intersection(words)))
            people = sorted(present, key=str.casefold)  # pairs come out in _pair order
            _romance(block, lower, people, present, scene_people, genders, ev, last,
                     cast, talk, memories, absent_talk, shown)
        elif not _KIN_CALLED.isdisjoint(words) and '"' in block.text and \
                len(present) + len(scene_people) >= 2:  # "Gran, Harry says..."
            events.read_family(Local(block, genders, last, cast, talk, narrator),
                               _around(present, scene_people, cast), ev.relatives)
        if len(present) == 2 and _FAMILY.isdisjoint(words) and _secret_text(block.text):
            _kept_secret(block, present, genders, ev, last, cast, talk)
        if "never" in block.text and present:
            _unmade(block, ev, genders, last, cast, talk, unmade)
        if narrator is not None and '"' in block.text:
            told = {**_called(block, present, genders), **told}
        if memories:  # the people only its memories name are not in the scene
            told = {name: gender for name, gender in told.items()
                    if not _only_recalled(block, name, memories)}
        _take_pronouns(told, block.names, scene_people, last)
        _talked_of(present, told, absent_talk, shown, block)
    ev.shared.update(shared)
    ev.friendly.update(friendly)
    _teller_kin(ev, ranked, narrator)
    _place_partners(ev, leads, genders, ranked)
    _place_unmade(ev, unmade)
    return ev


def _teller_kin(ev: _Evidence, cast: list[str], narrator: str | None) -> None:
    """Who of the cast a first-person story names by a kin word alone ("Mom says...", "Dad
    went away") is the teller's own mother or father: kin (`_Evidence.kin`), never the
    teller's couple, whatever "I love her" the teller says of them."""
    if narrator is None:
        return
    for name in cast:
        if name != narrator and name[:1].isupper() and name.encode() in _KIN_CALLED:
            ev.relatives((narrator, name), said=True)


def _place_partners(ev: _Evidence, leads: tuple[str, ...], genders: dict[str, str | None],
                    cast: list[str]) -> None:
    """A partner noun of the protagonist (the most named lead) that named nobody where it
    stood ("his wife's gauntlets" on the first page, before she walks in) is the one other
    lead who can be of that gender (the text often never makes a found name's gender clear):
    a story whose leads are a man and "his wife" is about that couple. Not when two leads fit;
    not for another owner (a "her" read back to a side character's name is too often wrong).
    A first-person narrator is the protagonist too: "my wife" is the one of the cast who can
    be a wife (not an "Aunt Nat": kin by the title they are called by), the one the text
    tells to be a woman before those it tells nothing of."""
    for owner, gender, sentence, kind in ev.unplaced:
        if owner == ev.narrator and (not leads or owner != leads[0]):
            others = [n for n in cast if n != owner and KIN.isdisjoint(n.casefold().split())]
        elif not leads or owner != leads[0]:
            continue
        else:
            others = list(leads)
        fitting = [n for n in others if n != owner and fits(n, gender, genders)]
        if len(fitting) > 1 and owner == ev.narrator:  # the whole cast: one known of that gender
            fitting = [n for n in fitting if genders.get(n) == gender] or fitting
        if len(fitting) == 1:
            ev.cue((owner, fitting[0]), STRONG, True, sentence, kind)  # "her ex": past


def _place_absent(ev: _Evidence, resolve_name) -> None:
    """A partner named with the noun ("his wife, Karen"; '"My wife," he said. "Karen."') is
    the owner's partner, of the cast or not: a dead or absent spouse is often named once.
    The name is the knowledge's or the text's character when one fits it."""
    for owner, raw, sentence, kind in ev.absent:
        partner = resolve_name(raw) or raw
        if partner != owner:
            ev.cue((owner, partner), STRONG, True, sentence, kind)


def _place_described(ev: _Evidence, partners_of) -> None:
    """A partner told by a description ("she'd been married to the most observant man in the
    military"), never one of the cast standing by, is the owner's one canonical partner (the
    knowledge's romantic ships), placed as a partner named ("his wife, Karen"), though no
    character of the text (never named in it); else nobody."""
    for owner, sentence, kind in ev.described:
        partners: list[str] = partners_of(owner) if partners_of is not None else []
        if len(partners) == 1:
            ev.cue((owner, partners[0]), STRONG, True, sentence, kind)


# "she was Mrs Linton", "Amelia, who was Mrs. Doppler now": a woman told to bear a title and
# surname (the wife and the husband's surname).
_MRS_OF = re.compile(r"\b(?:([Ss]he)|([A-Z][\w'-]+)(?:,? who)?)\s+(?:was|is|became|had become|"
                     r"would be|'d be)\s+(?:now\s+)?Mrs\.?\s+([A-Z][\w'-]+)")
# What every `_MRS_OF` holds, searched first: from its verb's letters, where `_MRS_OF` opens
# with a word boundary the engine tries at every position (most blocks with "Mrs" hold none).
_BE_MRS = re.compile(r"(?:was|is|became|become|be)\s+(?:now\s+)?Mrs")


def _married_names(ev: _Evidence, blocks: list[Block], genders: dict[str, str | None],
                   cast: list[str] | None) -> None:
    """A woman told to be "Mrs" of a surname ("she was Mrs Linton", "Amelia, who was Mrs.
    Doppler now") is the wife of the one man of the cast of that surname: a married name
    tells the marriage. Only a subject the text names or a "she" standing for one of the cast;
    never one titled so herself ("Mrs. Doppler", a name the text made of the title)."""
    if cast is None:
        return
    for block in blocks:
        if not block.names or "Mrs" not in block.text or _BE_MRS.search(block.text) is None:
            continue
        local: Local | None = None
        for match in _MRS_OF.finditer(block.text):
            if match.group(1):
                local = local or Local(block, genders, _leads_first(cast, genders), set(cast))
                wife = local.referent("f", match.start())
            else:
                wife = next((name for name, written in block.written.items()
                             if written.split()[-1] == match.group(2)), None)
            men = [name for name in cast if name != wife
                   and name.split(" (")[0].split()[-1] == match.group(3)
                   and name.split()[0].rstrip(".") not in _WED_TITLES
                   and genders.get(name) in ("m", None)]
            if wife in cast and len(men) == 1 and genders.get(wife) in ("f", None):
                ev.cue((wife, men[0]), STRONG, True, " ".join(
                    block.text[slice(*_sentence_around(block.text, match.start()))].split()),
                    "partner")


def _absent_people(story: Story, ev: _Evidence, inferred: list[Relationship],
                   resolve_name) -> None:
    """A partner named with the noun ("his wife, Karen"; "Her name was Queenie. ... She was
    my wife") whose romance is read is one of the story's people, though named once: the
    partner word ties the name to a person (a "her name was" alone does not)."""
    paired = {name for rel in inferred if rel.kind == "romantic" for name in rel.members}
    listed = {c.name for c in story.characters}
    for _owner, raw, _sentence, _kind in ev.absent:
        partner = resolve_name(raw) or raw
        if partner in paired and partner not in listed:
            story.characters.append(Character(partner, False, 1, 0.0))
            listed.add(partner)


def _unnamed_partners(inferred: list[Relationship], listed: Set[str], partners_of,
                      known: set[RelationshipKey], known_cast: Set[str],
                      genders: dict[str, str | None]) -> list[str]:
    """A romance whose best sentence, narrated, names neither of its two ("He kisses me.",
    "I've been married eleven years this June."; in a line, "you kissed me" is the speaker's
    and the listener's) is with the one canonical partner (the knowledge's
    romantic ships) of one of them whom the story never names (not `listed`), not whoever
    of the cast the pronoun or the "I" fell to: a story of a couple often calls the beloved
    "he" or "she" throughout. Only between the knowledge's characters of the story's
    fandoms (`known_cast`: Stardew Valley's Shane is no Walking Dead couple's), and only in
    the place of one of the partner's gender, or of one whose gender is not told (a "her"
    placed on Teeka is no canonical husband's). Returns the partners so placed."""
    placed: list[str] = []
    if partners_of is None:
        return placed
    for at, rel in enumerate(inferred):
        if rel.kind != "romantic" or not rel.evidence or _names_either(rel.evidence, *rel.members) \
                or '"' in rel.evidence:  # a line's "you" and "me" are its speaker and listener
            continue
        options = [(member, partners[0]) for member in rel.members if member in known_cast
                   and len(partners := partners_of(member)) == 1
                   and partners[0] in known_cast and partners[0] not in listed]
        if len(options) != 1 or not _same_gender(
                genders, options[0][1], *(m for m in rel.members if m != options[0][0])):
            continue
        moved = Relationship(options[0], "romantic", stated=False, confidence=rel.confidence,
                             modifier=rel.modifier, evidence=rel.evidence)
        if moved.key not in known:
            known.add(moved.key)
            inferred[at] = moved
            placed.append(options[0][1])
    return placed


def _same_gender(genders: dict[str, str | None], one: str, other: str) -> bool:
    """Whether two people may be of one gender: neither told, or both the same."""
    a, b = genders.get(one), genders.get(other)
    return a is None or b is None or a == b


def _leads_first(ranked: list[str], genders: dict[str, str | None]) -> Recent:
    """Who "he" and "she" stand for where the text read starts, and again after a skip: the
    most named characters (a story's pronouns mostly mean its leads; a story may name its
    couple only in dialogue: '"Zelda. Don't," Link said.' and then "she" and "he" for pages),
    not one called by a kin title ("Aunt Nat" is nobody's "she" before she is narrated)."""
    leads: list[str] = []
    for name in ranked:
        if KIN.isdisjoint(name.casefold().split()):
            leads.append(name)
            if len(leads) == 3:
                break
    last = Recent()
    for name in reversed(leads):
        last.take(name, genders.get(name))
    return last


def _present(block: Block, genders: dict[str, str | None], cast: Set[str] | None,
             last: Recent) -> tuple[dict[str, float], dict[str, str | None]]:
    """Who of the cast is in the block, with their weights (see `gather`), and who of them is
    narrated in it, with their gender."""
    present: dict[str, float] = {}
    told: dict[str, str | None] = {}  # narrated and in the cast -> gender
    names = block.names
    if names:
        narration = narrated(block)
        for name in names:
            if cast is None or name in cast:
                if name in narration:
                    present[name] = 1.0
                    told[name] = genders.get(name)
                else:
                    present[name] = 0.4
    if last:
        words = block.hits
        for gender, pronouns in (("m", _HE), ("f", _SHE)):
            if gender in told.values() or pronouns.isdisjoint(words):
                continue
            other = last.get(gender, told.keys())
            if other and other not in present:
                present[other] = 0.6
    return present, told


def _count_together(present: dict[str, float], told: dict[str, str | None],
                    words: Set[bytes], lead_pairs: list[tuple[str, str]],
                    shared: dict[tuple[str, str], int], friendly: dict[tuple[str, str], float],
                    past: dict[tuple[str, str], float]) -> None:
    """One block with two or more people present: the pairs of leads it narrates together
    (`shared`), its friendship words (`friendly`) and its past romance words (`past`)."""
    for key in lead_pairs:
        a, b = key
        if a in present and b in present:
            if a in told and b in told:
                shared[key] += 1
            if not _FRIEND.isdisjoint(words):
                friendly[key] += present[a] * present[b]
    # a past word counts where the block also speaks of romance ("his ex", "they
    # used to kiss"): "gone", "ago" and "used" in any scene two people share
    # would make every long story's couple a past one
    if not _PAST.isdisjoint(words) and not _AMOROUS.isdisjoint(words):
        for key in combinations(sorted(present, key=str.casefold), 2):
            past[key] = past.get(key, 0.0) + 1.0


def _called(block: Block, present: dict[str, float],
            genders: dict[str, str | None]) -> dict[str, str | None]:
    """The people of a first-person story's block whom only its dialogue names and who are
    called by name in it ('"Taako," I say'): one calls the people who are there, and a
    narrator tells their partner as "he", seldom by name: they join the scene and take its
    pronouns ("he says, muffled" is Taako's), though no shared scene is counted."""
    written = block.written
    return {name: genders.get(name) for name, weight in present.items()
            if weight == 0.4 and name in written and calls(block, written[name])}


def _only_recalled(block: Block, name: str, memories: list[tuple[int, int]]) -> bool:
    """Whether every use of a name in the block is inside its memories."""
    if name not in block.written:
        return False
    return all(any(start <= i <= end for start, end in memories)
               for i, _ in occurrences(block.text, block.written[name]))


def _talked_of(present: dict[str, float], told: dict[str, str | None],
               absent_talk: dict[str, int], shown: set[str], block: Block) -> None:
    """The scene's people named only in its talk, with the blocks that name them
    (`Local.remembered`; blocks, not uses: a name of two words is counted by each): one its
    narration shows is there, no longer someone absent; nor one the block's talk only calls
    out ('"Can't sleep, Chuck?"'): a name called is the one spoken to, there to hear it."""
    if told:
        shown.update(told)
        if absent_talk:
            for name in told:
                absent_talk.pop(name, None)
    for name, weight in present.items():
        if weight == 0.4 and name not in shown and not _only_called(block, name):
            absent_talk[name] = absent_talk.get(name, 0) + 1


def _only_called(block: Block, name: str) -> bool:
    """Whether every use of a name in the block calls it out in dialogue (`calls`)."""
    token = block.written.get(name)
    return token is not None and calls(block, token) >= block.text.count(token)


def _take_pronouns(told: dict[str, str | None], names: dict[str, int],
                   scene_people: dict[str, float], last: Recent) -> None:
    """The block's narrated people join the scene and take later pronouns, the most named
    last (so first in line; ties by name, not set order)."""
    for name in sorted(told, key=lambda n: (names[n], n)):
        scene_people[name] = 0.5
        last.take(name, told[name])


def _lead_pairs(leads: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pairs of leads, each in _pair order."""
    return list(combinations(sorted(leads, key=str.casefold), 2))


def _together(blocks: list[Block], leads: tuple[str, ...]) -> dict[tuple[str, str], int]:
    """Per pair of leads, the blocks narrating both."""
    together = dict.fromkeys(_lead_pairs(leads), 0)
    ordered = sorted(leads, key=str.casefold)
    for block in blocks:
        names = block.names
        if len(names) < 2:
            continue
        inside = [name for name in ordered if name in names]
        if len(inside) >= 2:
            narration = narrated(block)
            for key in combinations([name for name in inside if name in narration], 2):
                together[key] += 1
    return together


# Cue words in every spelling (a block's hits keep the case text wrote them in) -> the word.
_FORMS = spellings(CUE_WORDS)
_HE = frozenset(spellings(HE))
_SHE = frozenset(spellings(SHE))
_FRIEND = frozenset(spellings(FRIEND_WORDS))
_PAST = frozenset(spellings(PAST_WORDS))
# Words that make a block worth the romance checks below.
_CUE_ANY = frozenset(spellings(ROMANCE_WORDSET | VERB_WORDS | PARTNER_WORDS | TRIGGERS
                               | {b"love", b"loved", b"loves"}))
_FAMILY = frozenset(spellings(FAMILY_WORDS))
# A bed's words are cues for events' bed act alone ("her side of the bed", "the covers over
# both of them"): a block without its "side of the bed" or " over " is not read for them
# (20cpu3: "bed" and "sheets" are common words).
_BED_WORDS = frozenset(b"bed blanket blankets quilt covers duvet doona comforter sheet "
                       b"sheets".split())
_BED = frozenset(spellings(_BED_WORDS))
_CUE_READ = frozenset(spellings(ROMANCE_WORDSET | VERB_WORDS | PARTNER_WORDS
                                | (TRIGGERS - _BED_WORDS) | {b"love", b"loved", b"loves"}))


def _bed_shared(block: Block) -> bool:
    """Whether a block may tell the bed act (events' "bed": "side of the bed", covers "over")."""
    lower = block.text.lower()
    return "side of the bed" in lower or " over " in lower


_TWO = frozenset(spellings({b"two"}))


def _asks_two(block: Block) -> bool:
    """Whether a block's talk may ask two whether they are a couple ("Are you two
    together?", events' "asked" lines): a block with no other cue word read for it alone."""
    return not _TWO.isdisjoint(block.hits) and "you two" in block.text


# Kin words as written when calling someone ("Gran", "Dad", "kiddo"): only these make a block
# without romance worth reading for family.
_KIN_CALLED = frozenset(w.capitalize() for w in FAMILY_WORDS) | {b"kiddo"}
_PARTNER = frozenset(spellings(PARTNER_WORDS))
_MARRIED = frozenset(spellings({b"married"}))
_ACT = spellings(ACT_WORDS)  # every spelling -> the word
_LINE = spellings(LINE_WORDS)  # every spelling -> the word
_CUE_OR_FRIEND = _CUE_ANY | _FRIEND
_AMOROUS = frozenset(spellings(ROMANCE_WORDSET | PARTNER_WORDS | {b"love", b"loved", b"loves"}))


def _romance(block: Block, words, people, present, scene_people, genders, ev, last,
             cast, talk: list[str], memories: list[tuple[int, int]],
             absent_talk: dict[str, int], shown: set[str]) -> None:
    """Romantic cue words and gendered cues of one block with two or more people around;
    `words` are its cue words, lower-case. Each cue in narration is first read where it
    stands (`Local`); what that cannot place is weighed over the whole block."""
    local = Local(block, genders, last, cast, talk, ev.narrator)
    local.memories = memories
    local.absent_talk, local.shown = absent_talk, shown
    local.pov = ev.pov
    text = block.text
    marks = []  # what the block says of the pairs its cues are placed on
    unspoken = _hidden(local)
    if unspoken:
        marks.append(ev.unspoken)
    if (not _ENDED_WORDS.isdisjoint(block.hits) or any(w in text for w in _ENDED_TEXT)) \
            and _ENDED.search(local.lower):
        marks.append(ev.ended)
    before = ({**ev.romance}, {**ev.weak}, {**ev.directed}) if marks else None
    ev.memory_texts = [text[start:end] for start, end in memories]
    ev.memory_spaced = None
    _romance_cues(block, words, people, present, scene_people, genders, ev, local, cast)
    ev.memory_texts = []
    if _gazes(block):
        _gaze_cues(local, ev)
    if _names_said(block):
        _said_cues(local, ev)
    if before is not None:  # the pairs this block's cues were placed on
        for old, new in zip(before, (ev.romance, ev.weak, ev.directed)):
            cued = {_pair(*key) for key, value in new.items() if old.get(key) != value}
            for mark in marks:
                mark.update(cued)
        there = [n for n in people if present[n] >= 0.6]
        if len(there) == 2 and unspoken:
            # "He would never say it." of the block's only two people (not "after they broke
            # up": "they" may be one of them and someone the block only calls "he")
            ev.unspoken.add(_pair(*there))


# A gaze told as feeling: "the way he looked at her", "the same way she looked at him": fans'
# prose names a love by how one looks at the other, often a love never acted on. Read in
# narration, placed on the looker and the one looked at (`_gaze_cues`); the text searched only
# when it holds "way he " or "way she " (`_gazes`).
_GAZE = re.compile(r"\b(?:[Tt]he|same) way (he|she) (?:looked|looks|look|had looked|"
                   r"was looking|stared|stares|watched|watches) at (him|her)\b")
# The gaze unseen or only wished for: "she didn't see the way he looked at her", "one day he
# would look at her the way she looked at him": the one looked at does not return it.
_UNSEEN = re.compile(r"\b(?:(?:did|does|could|would)n't|(?:did|does|could|would) not|never)\s+"
                     r"(?:see|sees|saw|seen|notice|notices|noticed|know|knew)\b|"
                     r"\bwould look at (?:him|her)\s*$")
# A gaze disliked or feared is no love: "she hated the way he looked at her".
_DISLIKED = re.compile(r"\b(?:hated|hates|hate|disliked|dislikes|feared|fears|resented|"
                       r"(?:did|does)(?:n't| not) like)\s+$")


_LINGER_TEXT = ("too long", "longer than")


def _lingers(block: Block) -> bool:
    """Whether a block's text may hold a touch or look held too long (events' "linger", "a
    beat too long", "a moment longer than it needed to"): a block with no other cue word is
    read for it too (str.find in C; the act regex reads it after, around these phrases)."""
    text = block.text
    return "too long" in text or "longer than" in text


def _gazes(block: Block) -> bool:
    """Whether a block's text holds a gaze told as feeling (`_GAZE`)."""
    text = block.text  # (str.find in C first: "way he " or "way she " is in every match)
    return ("way he " in text or "way she " in text) and _GAZE.search(text) is not None


def _gaze_cues(local: Local, ev: _Evidence) -> None:
    """"The way she looked at him": a love the looker holds for the one looked at, one way
    (`_Evidence.directed`); each pronoun the nearest of its gender named before ("him" not
    the looker), the text or the knowledge telling both genders. Unseen or only wished for
    (`_UNSEEN` in its clause before it): one-sided. Not in dialogue, not a family's ("the way
    his mother looked at him"), not one disliked ("she hated the way he looked at her")."""
    for match in _GAZE.finditer(local.text):
        i = match.start()
        if local.spoken(i) or local.familial(i) or \
                _DISLIKED.search(local.lower, max(0, i - 20), i) is not None:
            continue
        gender, other = gender_of(match.group(1)), gender_of(match.group(2))
        looker = local.referent(gender, match.start(1))
        if looker is None or local.genders.get(looker) != gender:
            continue
        looked = local.referent(other, match.start(2), {looker})
        if looked is None or local.genders.get(looked) != other or not (
                local.in_cast(looker) and local.in_cast(looked)) or \
                not local.named_near((looker, looked), i):
            continue  # (a pronoun read to one of no known gender may be anyone's)
        ev.add(ev.directed, (looker, looked), 1.0)
        ev.cue((looker, looked), STRONG, True, local.sentence_text(i), "gaze")
        start = local.clause(i)[0]
        if _UNSEEN.search(local.lower, max(start, i - 60), i) is not None:
            ev.unspoken.add(_pair(looker, looked))


# A name said as feeling: "the way Snufkin said his name", "he said her name like a prayer",
# "every time he says her name", "he'd never said her name before", "Melody's voice saying his
# name": fans' prose tells a love by how one says the other's name, as by how one looks at
# them (`_GAZE`). Read in narration, the saying told with a manner after it or framed before
# it (a plain "she said his name" calls someone); placed on the sayer, named just before the
# verb or its pronoun, and the one the "his"/"her" stands for (`_said_cues`); the text
# searched only when it holds " name" (`_names_said`). The verb's "sa" leads the pattern, its
# word start checked after it, so the engine skips to each "sa" (a leading "\b" tried the
# pattern at every position: 16x slower).
_SAID_NAME = re.compile(r"sa(?<!\wsa)(?:y|id|ys|ying)\s+(his|her|[\w.-]+(?:'s|\u2019s))\s+name\b")
_SAID_MANNER = re.compile(r",?\s+(?:like|as if|as though|the way|(?:very |so )?(?:softly|gently|"
                          r"tenderly|reverently))\b")
_SAID_FRAMED = re.compile(r"(?:\b(?:the (?:\w+ )?way|every time|each time|whenever)\s+[^,.;:!?\"]*"
                          r"|\b(?:never|not|ever)\s+(?:once\s+)?"
                          r"|\bfirst time\s+[^,.;:!?\"]{0,20}|\bvoice\s+)$")
# A way of saying it disliked or feared ("she hated the way he said her name"), anywhere before.
_DISLIKES = re.compile(_DISLIKED.pattern.removesuffix(r"\s+$") + r"\b")
# The sayer just before the verb: a name (its owner's voice too: "Melody's voice") or he/she.
_SAYER = re.compile(r"\b(he|she|his|her)\b(?:\s+voice)?[^,.;:!?\"]{0,12}$")


def _names_said(block: Block) -> bool:
    """Whether a block's text holds a name said as feeling (`_SAID_NAME`, told by its manner
    or frame)."""
    text = block.text  # (str.find in C first: " name" is in every match)
    return " name" in text and any(True for _ in _felt_names(text.lower()))


def _felt_names(lower: str) -> Iterator[re.Match]:
    """The sayings of a name in `lower` told with a manner after or framed before."""
    for match in _SAID_NAME.finditer(lower):
        i = match.start()
        if _SAID_MANNER.match(lower, match.end()) is not None or \
                _SAID_FRAMED.search(lower, max(0, i - 45), i) is not None:
            yield match


def _said_cues(local: Local, ev: _Evidence) -> None:
    """"The way Snufkin said his name": a love the sayer holds for the one named, one way
    (`_Evidence.directed`), as a gaze told as feeling is (`_gaze_cues`): the sayer the name
    written just before the verb, else the pronoun there; the one named the nearest of the
    "his"/"her"'s gender named before, not the sayer, its gender told. Not in dialogue, not a
    family's, not one disliked."""
    lower = local.lower
    for match in _felt_names(lower):
        i = match.start()
        start = local.clause(i)[0]
        if local.spoken(i) or local.familial(i) or \
                _DISLIKES.search(lower, max(start, i - 45), i) is not None:
            continue
        near = [name for at, name in local.mentions if max(start, i - 45) <= at < i]
        pronoun = _SAYER.search(lower, max(start, i - 30), i)
        sayer = near[-1] if near else None
        if sayer is None and pronoun is not None:
            gender = gender_of(pronoun.group(1))
            sayer = local.referent(gender, pronoun.start(1))
            if sayer is not None and local.genders.get(sayer) != gender:
                continue
        if sayer is None:
            continue
        other = gender_of(match.group(1)) if match.group(1) in ("his", "her") else None
        named = local.referent(other, match.start(1), {sayer}) if other else next(
            (name for at, name in local.mentions if at == match.start(1)), None)
        if named is None or (other and local.genders.get(named) != other) or not (
                local.in_cast(sayer) and local.in_cast(named)) or \
                not local.named_near((sayer, named), i) or _one_surname((sayer, named)):
            continue  # (of one family name: a sister's voice, a brother's)
        ev.add(ev.directed, (sayer, named), 1.0)
        ev.cue((sayer, named), STRONG, True, local.sentence_text(i), "said")


# A love kept secret or not returned, told of its holder or of the one never told, closing its
# sentence: "He would never say so.", "She never told him how she felt.", "he would never
# know.", "She didn't love him back." Fans' prose tells pining so in a scene of the two alone;
# read in narration only (`_kept_secret`). Its phrasing is `_NEVER`'s table (`_kept_from`); its
# own are the holder, the one never told ("never told anyone" is any secret) and the closing.
_SECRET_CLOSE = r"(?=\s*[.!?;\u2014])"
_SECRET = re.compile(
    r"\b(?:he|she|i)(?:'d|\s+(?:would|will|could|can|had|has|did|does))?\s+(?:"
    + _kept_from(r"him|her", r"\s+(?:so|it)", "") + r")" + _SECRET_CLOSE
    + r"|\b(?:he|she|i)\s+(?:didn't|did not|doesn't|does not|don't|do not)\s+" + _LOVE_BACK
    + _SECRET_CLOSE)


def _secret_text(text: str) -> bool:
    """Whether a text holds what every `_SECRET` holds (str.find in C, before the regex)."""
    return "never" in text or "t love " in text or "not love " in text


def _secrets(block: Block) -> bool:
    """Whether a block's text holds a love kept secret (`_SECRET`)."""
    return _secret_text(block.text) and _SECRET.search(block.text.lower()) is not None


def _kept_secret(block: Block, present: dict[str, float], genders: dict[str, str | None],
                 ev: _Evidence, last: Recent, cast, talk: list[str]) -> None:
    """A love kept secret (`_SECRET`) in narration of a block whose only people are two (named
    or by pronoun, neither family): a love one way between them, one-sided. The pining is
    the story's; which of the two holds it does not change the pair."""
    there = [name for name, weight in present.items() if weight >= 0.6]
    if len(there) != 2 or len(present) != 2 or not set(there) <= set(ev.leads[:2]):
        return
    local = None
    for match in _SECRET.finditer(block.text.lower()):
        local = local or Local(block, genders, last, cast, talk, ev.narrator)
        if local.spoken(match.start()):
            continue
        pair = _pair(*there)
        ev.cue(pair, STRONG, True, local.sentence_text(match.start()), "secret")
        ev.unspoken.add(pair)
        return


# A confession never made, told as the thing its holder never said: "a song he was never going
# to sing", "the words she could never say", "every word of the speech he had never made", "the
# letter I never sent". Fans' prose names unrequited love so, the beloved often out of the
# scene; the holder is the pronoun's (or the narrator's), the beloved the other of the story's
# two leads (`_unmade`). Not "never told" (any secret), not a speech "never given" (a
# speaker's); read in narration, not of family.
# (read at each "never" found with str.find: what is never said after it, the thing and its
# holder in the few words before it; a speech is only "never made", and only a speech or a
# confession is "made")
_UNMADE_AFTER = re.compile(
    r"never\s+(?:(?:once|really|even|ever|actually)\s+)?"
    r"(?:(?:going|been able|be able|able|dared)\s+to\s+)?"
    r"(say|said|speak|spoken|sing|sang|sung|send|sent|make|made)\b")
_UNMADE_BEFORE = re.compile(
    r"\b(songs?|letters?|poems?|words|confession|things?|speech)\s+(?:that\s+|which\s+)?"
    r"(he|she|i)(?:'d|\s+(?:had|has|was|is|am|would|will|could))?\s+$")
_MADE = ("make", "made")


def _unmade_at(text: str) -> Iterator[tuple[int, str, int]]:
    """Each confession never made (`_UNMADE_AFTER`, `_UNMADE_BEFORE`) in a text: where its
    thing starts, the holder's pronoun and where that stands."""
    i = text.find("never")
    while i >= 0:
        after = _UNMADE_AFTER.match(text, i)
        if after is not None and (i == 0 or not text[i - 1].isalpha()):
            start = max(0, i - 48)
            before = _UNMADE_BEFORE.search(text[start:i].lower())
            thing = before.group(1) if before is not None else ""
            if before is not None and ((thing in ("speech", "confession")) if
                                       after.group(1) in _MADE else thing != "speech"):
                yield start + before.start(), before.group(2), start + before.start(2)
        i = text.find("never", i + 5)


def _unmade_told(block: Block) -> bool:
    """Whether a block's text holds a confession never made (`_unmade_at`)."""
    return "never" in block.text and next(_unmade_at(block.text), None) is not None


def _unmade(block: Block, ev: _Evidence, genders: dict[str, str | None], last: Recent,
            cast, talk: list[str], found: list[tuple[tuple[str, str], str]]) -> None:
    """A confession never made (`_unmade_at`) in a block's narration, told of one of the
    story's two leads: a love that lead holds for the other, one way (`found`, placed once the
    whole story is read, so a pair shown to be family is left: `_place_unmade`)."""
    leads = ev.leads[:2]
    if len(leads) != 2:
        return
    local = None
    for i, pronoun, at in _unmade_at(block.text):
        local = local or Local(block, genders, last, cast, talk, ev.narrator)
        if local.spoken(i) or local.familial(i):
            continue
        holder = ev.narrator if pronoun == "i" else local.referent(gender_of(pronoun), at)
        if holder in leads:
            beloved = leads[1] if holder == leads[0] else leads[0]
            found.append(((holder, beloved), local.sentence_text(i)))


def _place_unmade(ev: _Evidence, found: list[tuple[tuple[str, str], str]]) -> None:
    """The confessions never made (`_unmade`), each a love one way of its holder for the other
    lead, never told: one-sided, unless the two are family. A pair whose romance the text
    already shows ("they kissed") keeps what its own cues say: a love acted on is no love
    never told."""
    for (holder, beloved), sentence in found:
        pair = _pair(holder, beloved)
        if pair in ev.family or pair in ev.kin or ev.romance.get(pair, 0.0) > 0.0:
            continue
        ev.add(ev.directed, (holder, beloved), 1.0)
        ev.cue(pair, STRONG, True, sentence, "unmade")
        ev.unspoken.add(pair)


def _hidden(local: Local) -> bool:
    """Whether a block's narration says a love is kept secret or not returned (`_NEVER`):
    '"You never said," she murmured' is no secret."""
    lower = local.lower
    i = lower.find("never")
    while i >= 0:
        if (i == 0 or not lower[i - 1].isalpha()) and _NEVER.match(lower, i) \
                and not local.spoken(i):
            return True
        i = lower.find("never", i + 5)
    for found in (_NOT_BACK.search(lower) if "back" in lower else None,
                  re.search(r"\bunrequited\b", lower) if "unrequited" in lower else None):
        if found is not None and not local.spoken(found.start()):
            return True
    return False


def _romance_cues(block: Block, words, people, present, scene_people, genders, ev, local,
                  cast) -> None:
    hits = block.hits
    acts = {_ACT[t].decode() for t in _ACT.keys() & hits}
    if _lingers(block):  # (the phrases themselves are what the act regex is read around)
        acts.update(_LINGER_TEXT)
    cue, sentence = events.read_acts(local, ev.cue, acts,
                                     ev.described_partner) if acts else (0.0, "")
    around = _around(present, scene_people, cast)
    lines = {_LINE[t].decode() for t in _LINE.keys() & hits} if local.quotes else set()
    if "two" in lines and "you two" not in local.lower:
        lines.discard("two")  # "two" is a line word only in "are you two ...?" (`_asks_two`)
    if lines:
        events.read_lines(local, around, ev.cue, lines, ev.absent_partner)
    if not _FAMILY.isdisjoint(block.hits):
        events.read_family(local, around, ev.relatives)
    if cue:
        strong = [n for n in people if present[n] >= 0.6]
        couples = list(combinations(strong, 2))
        if 0 < len(couples) <= 3:
            # the act's sentence shows the couple only when the block holds just the two
            shown = sentence if len(couples) == 1 and len(present) == 2 else ""
            for a, b in couples:
                ev.cue((a, b), cue * present[a] * present[b] / len(couples), True, shown)
    if not (VERB_WORDS.isdisjoint(words) and PARTNER_WORDS.isdisjoint(words)):
        # candidates in a fixed order (earlier scenes by name, then first mention here): a
        # tie between a pair's two directions goes to the first
        text, written = block.text, block.written
        ordered = {name: present[name] for name in sorted(
            present, key=lambda n: (text.find(written[n]) if n in written else len(text), n))}
        _gendered_cues(local, words, ordered, dict(sorted(scene_people.items())), genders, ev)


def _around(present: dict[str, float], scene_people: dict[str, float],
            cast: Set[str] | None) -> set[str]:
    """Who a line of dialogue may be spoken to: the block's people there in person (not only
    spoken of) and the scene's, of the cast."""
    around = {n for n in present if present[n] >= 0.6} | set(scene_people)
    return around & cast if cast is not None else around


# A sentence ends at . ! or ? (closing quotes and brackets kept with it) or a line end.
def _gendered_cues(local: Local, words, present, scene_people, genders,
                   ev: _Evidence) -> None:
    """"He loved her", "Anya kissed him", "her girlfriend": the pair is read where the cue
    stands (`Local`); when that finds nobody, the people around the block are weighed
    (`_resolve`). Either way one of the pair must be named in the cue's paragraph: a pronoun
    reaching further back may stand for someone the name table does not know."""
    _verb_cues(local, words, present, scene_people, genders, ev)
    _partner_cues(local, words, present, scene_people, genders, ev)


def _verb_cues(local: Local, words: Set[bytes], present: dict[str, float],
               scene_people: dict[str, float], genders: dict[str, str | None],
               ev: _Evidence) -> None:
    """"He loved her", "Anya kissed him", "he kissed me": a cue verb with an object pronoun
    ("me": the narrator's); a negated one ("she didn't need him") is recorded as a denial
    between the genders."""
    lower = local.lower
    for verb in sorted(VERB_WORDS.intersection(words)):
        verb_text = verb.decode()
        for i, end in occurrences(lower, verb_text):
            obj = lower[end:end + 5]
            me = local.narrator is not None and obj.startswith(" me") and not obj[3:4].isalnum()
            if not (me or (obj.startswith((" her", " him")) and not obj[4:5].isalnum())) \
                    or local.spoken(i):
                continue
            obj_g = genders.get(local.narrator or "") if me else gender_of(obj[1:4])
            found = _subject_of(local, i, genders)
            if found is None:
                continue
            lover, subject_g, between, by_pronoun = found
            if local.familial(i):
                continue
            if _NEGATED.search(between):
                if subject_g and obj_g:
                    ev.denied.add((subject_g, obj_g))
                continue
            if not verb_text.startswith(_POSITIVE_VERBS) or (
                    verb_text == "married" and _unmarried(local, i, end)):
                continue
            witness, seen_g = _witness(between, lover) if not me else (set(), None)
            if seen_g:  # "Ines had seen him kiss her": his kiss, not hers
                subject_g, by_pronoun = seen_g, True
                lover = local.referent(seen_g, i, witness)
            loved = local.narrator if me else (
                _answered(local, i, lover, obj_g) or local.referent(obj_g, i, {lover, *witness})
                if lover and obj_g else None)
            led = _lead_meant(local, ev.leads, lover, loved, obj_g, genders, i) \
                if loved and obj_g and not me else None
            if led is None and not me and obj_g == subject_g and \
                    _guessed(local, loved, i, genders):
                pair = None
            else:
                pair = _placed(local, lover, led or loved, by_pronoun, (subject_g, obj_g),
                               present, scene_people, genders)
            # (the one who saw it is nobody's pair in it)
            if pair and witness.isdisjoint(pair) and (
                    local.named_near(pair, i) or _untold_leads(local, pair, ev.leads, i)):
                chaste = verb_text.startswith("kiss") and events.chaste(lower, end)
                if not chaste:
                    ev.add(ev.directed, pair, 1.0)
                ev.cue(pair, WEAK if chaste else STRONG, not chaste, local.sentence_text(i),
                       "kiss" if chaste else "",
                       events.before(lower, events.PERFECT.search(between),
                                     end + (3 if me else 4)))


# "had been" closing the text before a partner noun's owner ("had been Michael's").
_HAD_BEEN = re.compile(r"\bhad been\s+$")


def _unmarried(local: Local, i: int, end: int) -> bool:
    """Whether a "married him/her" at i is wished for or supposed ("should have married her",
    "if he'd married her"), or a parent's doing ("married her off"): no marriage told."""
    lower = local.lower
    return _UNMARRIED.search(lower, max(local.clause(i)[0], i - 30), i) is not None or \
        events.hypothetical(lower, local.clause(i)[0], i) or lower.startswith(" off", end + 4)


def _guessed(local: Local, loved: str | None, i: int, genders: dict[str, str | None]) -> bool:
    """Whether the object of a "she ... her" (or "he ... him") cue is one of no told gender
    named outside its paragraph: "She had loved her." of a woman the scene lacks (a dead
    mistress, an old love) fell back on whoever was left, a guess and no couple (one named
    in the paragraph before it stays theirs: "Wren let go. Brisa ... kissed her")."""
    return loved is not None and genders.get(loved) is None and \
        not local.named_in_paragraph(loved, i)


def _placed(local: Local, lover: str | None, loved: str | None, by_pronoun: bool,
            pair_genders: tuple[str | None, str | None], present: dict[str, float],
            scene_people: dict[str, float], genders: dict[str, str | None]):
    """The pair a verb cue is placed on: its lover and loved when both are of the cast, else
    (placed by pronouns) the likeliest pair of those genders around it (`_resolve`)."""
    if lover and loved and lover != loved and local.in_cast(lover) and local.in_cast(loved):
        return (lover, loved)
    if by_pronoun:
        return _resolve(*pair_genders, present, scene_people, genders)
    return None


# "had seen him kiss her", "watched her kiss him": the one who sees and the one who acts.
_SEEN = re.compile(r"\b(?:saw|seen|see|sees|seeing|watched|watch|watches|watching|noticed|"
                   r"caught|heard)\s+(him|her)\s*$")


def _untold_leads(local: Local, pair: tuple[str, str], leads: tuple[str, ...], i: int) -> bool:
    """Whether a cue the pronouns placed on a pair ("She took his face in both her hands and
    kissed him") is the story's two leads', neither's gender told by the text and nobody else
    named in its paragraph: a story's "she" and "he" mostly mean its leads, and which is which
    does not matter to the pair (`named_near` asks for known genders, lest a pronoun reach
    past its paragraph to someone else of that gender)."""
    if len(leads) != 2 or set(pair) != set(leads) or any(local.genders.get(n) for n in pair):
        return False
    start, end = local.paragraph(i)
    return all(name in pair for at, name in local.mentions if start <= at < end)


def _witness(between: str, subject: str | None) -> tuple[set[str], str | None]:
    """The one who only sees the act ("had seen him" before "kiss her") and the gender of the
    one seen doing it, if the words between the subject and the verb say so."""
    seen = _SEEN.search(between)
    if seen is None or subject is None:
        return set(), None
    return {subject}, gender_of(seen.group(1))


def _answered(local: Local, i: int, lover: str, gender: str) -> str | None:
    """Whom an act in the speaker's own paragraph is done to when the paragraph names nobody
    else: the one the line answers ('"It's not a date," Charlie said. / "Obviously not,"
    said Nick, and kissed him': Charlie), if of the object pronoun's gender."""
    start, _end = local.paragraph(i)
    if local.text.find('"', start, i) < 0 or any(
            start <= at < i and name != lover for at, name in local.mentions) or \
            local.speaker(start) != lover:
        return None
    answered = local.previous_speaker(start, lover)
    return answered if answered and local.genders.get(answered) in (gender, None) else None


def _lead_meant(local: Local, leads: tuple[str, ...], lover: str, loved: str, gender: str,
                genders: dict[str, str | None], i: int) -> str | None:
    """The other lead a lead's object pronoun means when it reached past its paragraph to a
    side character (`_other_lead`), else None."""
    if lover in leads and loved not in leads and not local.named_in_paragraph(loved, i):
        return _other_lead(leads, lover, gender, genders)
    return None


def _other_lead(leads: tuple[str, ...], lover: str, gender: str,
                genders: dict[str, str | None]) -> str | None:
    """The one other lead of the object pronoun's gender: whom a lead's "love him" means when
    the pronoun reaches back past its paragraph to a side character ("...and watch, and say
    nothing that mattered, and love him", a paragraph after Combeferre left): a story's
    pronouns mostly mean its leads."""
    others = [name for name in leads if name != lover and genders.get(name) in (gender, None)]
    if len(others) > 1 and lover in leads[:2]:
        # a trio's two of that gender: the top pair's other (the story's first couple of
        # pronouns), not the third lead
        others = [name for name in others if name in leads[:2]]
    return others[0] if len(others) == 1 else None


def _subject_of(local: Local, i: int, genders: dict[str, str | None]):
    """Who does what the verb at i says (lover, their gender, the words between them and
    the verb, whether a pronoun names them), or None: a "he"/"she" a few words before it, else
    the first character named in its sentence, else the sentence's last "he"/"she"."""
    lower = local.lower
    subject = _SUBJECT.search(lower, max(0, i - 60), i)
    if local.narrator is not None:  # "I kissed him": the narrator, when nearer than a "he"
        mine = _I_SUBJECT.search(lower, max(0, i - 60), i)
        if mine is not None and (subject is None or mine.start() > subject.start()):
            return local.narrator, genders.get(local.narrator), mine.group(1), False
    if subject is not None:
        gender = gender_of(subject.group(1))
        return local.referent(gender, subject.start()), gender, subject.group(2), True
    named = local.subject(i)
    if named is not None:  # "Anya threw her arms around his neck and kissed him"
        return named[0], genders.get(named[0]), lower[named[1]:i], False
    subject = _last_subject(local, i)
    if subject is None or _OWN_SUBJECT.search(lower, subject.end(), i):
        return None  # "..., and the second-years adore him": the verb has its own subject
    # "She crossed the little room in three steps and kissed him"
    gender = gender_of(subject.group(1))
    lover = local.referent(gender, subject.start())
    if lover is None or not (local.named_in_paragraph(lover, i) or lover in local.last_two(i)):
        return None  # a "he" that far from its verb, and its name further back
    return lover, gender, lower[subject.end():i], True


# A subject of the verb's own just before it, not a character's name: "and the second-years
# adore him", "and they loved her", "everyone kissed her" (a far "he" does not do it).
_OWN_SUBJECT = re.compile(
    r"\b(?:(?:the|these|those|all|both|most|some|many)(?:\s+(?!and\b|then\b|but\b|or\b|nor\b)"
    r"[\w'-]+){1,2}|they|we|you|everyone|everybody|people)\s+$")
# "he" or "she": always a clause's subject, however far before its verb.
_NOMINATIVE = re.compile(r"\b(he|she)\b")


def _last_subject(local: Local, i: int) -> re.Match | None:
    """The last "he" or "she" of narration before position i in its sentence: the subject of
    a verb far after it ("She crossed the little room in three steps and kissed him")."""
    start, _end = local.sentence(i)
    found = None
    for match in _NOMINATIVE.finditer(local.lower, start, i):
        if not local.spoken(match.start()):
            found = match
    return found


def _partner_cues(local: Local, words: Set[bytes], present: dict[str, float],
                  scene_people: dict[str, float], genders: dict[str, str | None],
                  ev: _Evidence) -> None:
    """"Her girlfriend", "Xander's wife": a partner noun after its owner."""
    lower, text = local.lower, local.text
    for noun in sorted(PARTNER_WORDS.intersection(words)):
        noun_text = noun.decode()
        base = noun_text[:-2] if noun_text.endswith("'s") else noun_text
        for i, end in occurrences(lower, noun_text):
            owner_match = _OWNER.search(text, max(0, i - 40), i)
            if owner_match is None or local.spoken(i):
                continue
            owner = owner_match.group(1)
            partner_gender = _PARTNER_GENDER.get(base)
            namesake = None
            if owner.lower() in ("his", "her") and _was_theirs(local, owner_match, i, noun, ev):
                continue  # "She had been his wife": she and he
            if owner.lower() in ("his", "her", "my"):  # "my": the narrator's, if one
                who = local.referent(gender_of(owner.lower()), owner_match.start()) \
                    if owner.lower() != "my" else local.narrator
                if who and owner.lower() != "my" and _COPULA.search(
                        lower, max(0, owner_match.start() - 20), owner_match.start()) and \
                        who == local.clause_subject(owner_match.start()):
                    # "Tamsin was her ex": the "her" is another's than the one who was
                    who = local.referent(gender_of(owner.lower()), owner_match.start(), {who})
                late = _LATE.match(text, owner_match.end(1)) is not None
                raw = events.partner_named(text, end) if who and local.in_cast(who) else None
                if who and raw is not None and base not in ("girl", "boy", "lover"):
                    # "his late wife, Mary": a widower's romance, told as over
                    ev.absent_partner(who, *events.with_partner(local, i, raw),
                                      "parted" if noun in EX_WORDS or late else "partner")
                    continue
                if late:
                    continue  # "her late husband who'd built the antenna": no one here
                dead = _DIED.match(text, end) is not None
                namesake = _spouse_by_name(who, base, partner_gender, local.cast, genders) \
                    if who and local.in_cast(who) else None
                partner = (namesake or (None if dead else local.partner(who, partner_gender, i))
                           if who and local.in_cast(who) else None)
                if dead:  # "her husband had died": only a spouse of her name, a past one
                    if who and partner and local.named_near((who, partner), i):
                        ev.cue((who, partner), STRONG, True, local.sentence_text(i), "parted")
                    continue
                if partner is None and who and local.in_cast(who):
                    partner = _partner_around(local, i, who, partner_gender, noun,
                                              {**scene_people, **present}, genders, ev)
                pair = (who, partner) if who and partner else None
            elif _LATE.match(text, owner_match.end(1)) or _DIED.match(text, end):
                continue  # "Greta's husband had died": not whoever is beside her
            else:  # "Xander's girlfriend": the owner is named
                pair = _named(owner[:-2], partner_gender, present, scene_people, genders)
                pair = _named_copula(local, owner_match.start(), genders, partner_gender, pair)
            # ("her husband" of Mrs Benn beside Mr Farraday is not him)
            # (a spouse of the owner's name is theirs wherever the owner is: the owner's
            # place alone is asked, "her husband's chest" in a letter of Mrs Benn's)
            near = pair is not None and (local.named_near(pair, i) or (
                pair[1] == namesake and local.named_near((pair[0], pair[0]), i)))
            if pair and near and not _other_marriage(pair, base):
                weak = base in ("girl", "boy")
                had_been = _HAD_BEEN.search(lower, max(0, owner_match.start() - 12),
                                            owner_match.start())
                ev.cue(pair, WEAK if weak else STRONG, not weak, local.sentence_text(i),
                       "parted" if noun in EX_WORDS else "partner",  # "her ex": past
                       events.before(lower, had_been, end))


# "she had been", "he was": a pronoun subject and a copula just before a partner noun's owner.
_PRONOUN_COPULA = re.compile(r"\b(he|she)\s+" + _BEEN)
# "Harlan's coat": a capitalised name written owning something (a man the cast may not hold).
_OWNING = re.compile(r"(?<![.!?\"]\s)(?<=\s)([A-Z][a-z]{2,})'s\b")


# "Clarissa had been", "Dana is": a name and a copula just before a partner noun's owner.
_NAME_COPULA = re.compile(r"\b([A-Z][\w'-]+)\s+" + _BEEN)


def _named_copula(local: Local, start: int, genders: dict[str, str | None],
                  gender: str | None, pair: tuple[str, str] | None) -> tuple[str, str] | None:
    """The owner's `pair` with the cast member a copula before the named owner makes the
    partner ("Clarissa had been Michael's girlfriend", "Dana was Kelly's wife"): the subject
    is the partner the noun names, not whoever else of that gender the scene holds. Not in a
    line, nor one of another gender than the noun's."""
    subject = _NAME_COPULA.search(local.text, max(0, start - 40), start)
    if pair is None or subject is None or local.spoken(start):
        return pair
    name = next((n for at, n in local.mentions if at == subject.start(1)), None)
    if name is None or name == pair[0] or not local.in_cast(name) or \
            not fits(name, gender, genders):
        return pair
    return pair[0], name


def _was_theirs(local: Local, owner_match: re.Match, i: int, noun: bytes,
                ev: _Evidence) -> bool:
    """"She had been his wife for forty years": the pronoun subject of the copula and the
    owner of the partner noun are the couple (the owner not the subject: "his" is someone
    else). The owner is the cast's one of that pronoun's gender, else the one name written
    owning something before it in the block ("Harlan's coat"), when of nobody in the cast:
    a partner who is gone is often only written that way. Whether the cue was placed."""
    start = owner_match.start()
    clause_start = local.clause(start)[0]
    subject = _PRONOUN_COPULA.search(local.lower, max(clause_start, start - 30), start)
    if subject is None or local.spoken(start):
        return False
    who = local.referent(gender_of(subject.group(1)), subject.start())
    if who is None or not local.in_cast(who):
        return False
    owner_gender = gender_of(owner_match.group(1).lower())
    owner = local.referent(owner_gender, start, {who})
    sentence = local.sentence_text(i)
    kind = "parted" if noun in EX_WORDS else "partner"
    if owner is not None and local.in_cast(owner) and \
            local.genders.get(owner) in (owner_gender, None):
        ev.cue((who, owner), STRONG, True, sentence, kind,
               events.before(local.lower, _HAD_BEEN.search(local.lower, subject.start(), start),
                       i + len(noun)))
        return True
    owning = [m.group(1) for m in _OWNING.finditer(local.text, 0, start)]
    if owning and not any(owning[-1] in name.split() for name in local.cast or ()):
        ev.absent_partner(who, owning[-1], sentence, kind)
        return True
    return False


def _confidence(score: float) -> float:
    return round(min(0.95, 1.0 - math.exp(-score / 1.5)), 3)


def from_notes(story: Story, resolve_name) -> list[Relationship]:
    """"Willow/Tara" in the author's note or summary names the pairing the story is about."""
    found = []
    for text in (story.notes or "", story.summary or ""):
        if "/" not in text:  # the regex tries every capital of pages of notes to learn that
            continue
        for match in _slash_pairs(text):
            for rel in parse_relationships(match.group(0)):
                members = [resolve_name(m) for m in rel.members]
                if all(members) and len(set(members)) == 2:
                    line = text[text.rfind("\n", 0, match.start()) + 1:]
                    found.append(Relationship(tuple(members), rel.kind, stated=False,
                                              modifier=rel.modifier, confidence=0.9,
                                              evidence=line.split("\n", 1)[0][:300]))
    return found


def _slash_pairs(text: str) -> Iterator[re.Match]:
    """`_SLASH_PAIR.finditer(text)`, read only just before each "/" (found with str.find):
    pages of notes hold a few slashes, and the regex tried a name at each of their capitals.
    A pair's first name is one word or two, then spaces, then its "/": it starts at a capital
    of the one or two words right before the "/" (read backwards, one match on the reversed
    text), and the first of those capitals that starts a pair is where finditer's match
    starts (the leftmost); the next is looked for after it."""
    backwards = text[::-1]
    pos = 0
    at = text.find("/")
    while at >= 0:
        if at >= pos:
            words = _BEFORE_SLASH.match(backwards, len(text) - at)
            if words is not None:
                low = max(pos, at - (words.end() - words.start()))
                for capital in _CAPITAL_LETTER.finditer(text, low, at):
                    match = _SLASH_PAIR.match(text, capital.start())
                    if match is not None:
                        yield match
                        pos = match.end()
                        break
        at = text.find("/", at + 1)


def _mentioned(story: Story, blocks: list[Block], ships_of, known: set[RelationshipKey]):
    """The lead speaking of a canonical partner who never appears: a mentioned pairing.

    Only when exactly one such partner is spoken of; several are just names dropped. And only
    where a scene speaking of them holds a word of love or a partner noun: a ship list (the
    knowledge holds hundreds) says what fans pair, not what this text shows ("Lestrade would
    have it thrown out of court" is no romance).
    """
    if ships_of is None or not story.characters:
        return []
    lead = max(story.characters, key=lambda c: c.mentions)
    if lead.prominence < 1.0 or lead.mentions < 3:
        return []
    out = []
    for other in story.characters:
        if other is lead or other.mentions == 0:
            continue
        name = other.name  # narrated somewhere: present, not spoken of (blocks asked lazily)
        spoken_of = [b for b in blocks if name in b.names]
        if any(name in narrated(b) for b in spoken_of) or \
                all(_AMOROUS.isdisjoint(b.hits) for b in spoken_of):
            continue
        for ship in ships_of([lead.name, other.name]) or ():
            if getattr(ship, "kind", "romantic") != "romantic":
                continue
            rel = Relationship((lead.name, other.name), "romantic", stated=False,
                               modifier="mentioned", confidence=0.5,
                               evidence=_together_sentence(blocks, other.name, lead.name))
            if rel.key not in known:
                out.append(rel)
            break
    if len(out) != 1:
        return []
    known.add(out[0].key)
    return out


# What tells a person is only remembered, gone or grieved for: "the way she used to sing",
# "I miss yelling about that", "the one Julia had carved, a long time ago, before everything",
# "after he died", "at the grave".
_GONE = re.compile(r"\b(?:used to|miss|missed|misses|died|grave|funeral|buried|ago|anymore|"
                   r"before everything|widow|widowed|mourn|mourned|mourning)\b")
# What makes the one grieved a partner, not a dead friend, parent or child: love, a kiss, a
# spouse, a wedding, a bed ("someone you loved", "his side of the bed").
_LOVED = re.compile(r"\b(?:love|loved|lover|kiss|kissed|wife|husband|widow|widower|wedding|"
                    r"married|marry|bed)\b")
# `_GONE`'s and `_LOVED`'s words alone, unbounded: a plain alternation the engine finds by its
# first letters in C, seven times faster over a block that tells none (most); only a block
# holding one is read again for the whole words.
_GONE_ANY = re.compile(r"used to|miss|died|grave|funeral|buried|ago|anymore|before everything|"
                       r"widow|mourn")
_LOVED_ANY = re.compile(r"love|kiss|wife|husband|widow|wedding|marr|bed")


def _gone(text: str) -> bool:
    """Whether a lower-case text tells of someone gone (`_GONE`)."""
    return _GONE_ANY.search(text) is not None and _GONE.search(text) is not None


def _loved(text: str) -> bool:
    """Whether a lower-case text tells love, a kiss, a spouse, a wedding or a bed (`_LOVED`)."""
    return _LOVED_ANY.search(text) is not None and _LOVED.search(text) is not None


def _remembered(story: Story, blocks: list[Block], ships_of,
                known: set[RelationshipKey]) -> list[Relationship]:
    """A character's canonical partner (the knowledge's ship) whom the text only remembers: every
    block naming them tells of someone gone ("the way she used to sing", "I miss", "a long time
    ago", "the grave"): a dead or lost spouse is grieved, seldom kissed on the page, and fans
    write that grief for a pair the reader knows. One of those blocks must tell love, a kiss,
    a spouse, a wedding or a bed (`_LOVED`), unless the two share a surname (a canonical
    marriage): a dead friend, parent or child is grieved too. Past. Only one such partner,
    named in a few blocks (a partner in every scene is present, whatever is remembered
    there)."""
    if ships_of is None or not story.characters:
        return []
    leads = [c for c in story.characters if c.mentions >= 2]
    naming_of: dict[str, list[Block]] = {}
    for block in blocks:  # the blocks naming each character, in one walk
        for name in block.names:
            naming_of.setdefault(name, []).append(block)
    out = []
    for other in story.characters:
        if other.mentions == 0 or other.mentions > 6:
            continue
        naming = naming_of.get(other.name, ())
        if not naming or len(naming) > 3:
            continue
        texts = [b.text.lower() for b in naming]
        if not all(map(_gone, texts)):
            continue
        one = next((one for one in leads if one is not other and any(
            getattr(ship, "kind", "romantic") == "romantic"
            for ship in ships_of([one.name, other.name]) or ())), None)
        # (a ship of one surname, Magnus and Julia Burnsides, is a marriage: the names tell
        # the spouse that `_LOVED` asks the blocks for)
        if one is None or not (any(map(_loved, texts)) or _one_surname((one.name, other.name))):
            continue
        rel = Relationship((one.name, other.name), "romantic", stated=False, modifier="past",
                           confidence=0.5,
                           evidence=_together_sentence(blocks, other.name, one.name))
        if rel.key not in known:
            out.append(rel)
    if len(out) != 1:
        return []
    known.add(out[0].key)
    return out


def infer(story: Story, blocks: list[Block], genders: dict[str, str | None],
          resolve_name, ships_of=None, cast=None, partners_of=None,
          known_cast: Set[str] = frozenset()) -> None:
    """Append inferred relationships after the stated ones (stated stay first). Evidence from
    the text is gathered among `cast` (the most named characters; None: everyone named);
    `partners_of`: a character's canonical romantic partners (the knowledge's);
    `known_cast`: the names of the knowledge's characters of the story's fandoms."""
    stated = [r for r in story.relationships if r.stated]
    known = {r.key for r in story.relationships}
    any_romance = any(r.kind == "romantic" for r in stated)
    inferred: list[Relationship] = []
    for rel in from_notes(story, resolve_name):
        if rel.key not in known and not (any_romance and rel.kind == "romantic"):
            inferred.append(rel)
            known.add(rel.key)
    # A file that states only friendships has not told its romance: the text is read for it
    # (its friendships are the author's, not read again; a stated pair is no couple).
    if not any_romance:
        leads = _leads(story)
        guessed: dict[str, str] = {}
        if cast is not None:
            # genders place romance and partner cues: only the people of the blocks with one
            # (read only when someone's gender is untold)
            untold = [name for name in cast if genders.get(name) is None]
            around_cues = set().union(*(b.names for b in blocks
                                        if b.names and (not _CUE_ANY.isdisjoint(b.hits)
                                                        or _gazes(b) or _names_said(b)
                                                        or _lingers(b)))) \
                if untold else set()
            # (both of a cast of two: the other of a pair is whom their cues are about)
            unknown = {name for name in untold
                       if name in around_cues or (len(cast) == 2 and around_cues)}
            if unknown:
                counted = text_genders.counts(blocks, unknown, set(cast))
                guessed = text_genders.decide(counted)
                if len(cast) == 2 and len(guessed) < len(unknown):
                    guessed.update(text_genders.of_two(
                        blocks, (cast[0], cast[1]), {**genders, **guessed}, counted))
                genders = {**genders, **guessed}
        narrator = find_narrator(blocks, cast, [c.name for c in story.characters if c.stated],
                                 story.body) if cast is not None else None
        if narrator is not None and narrator not in cast:
            cast = [*cast, narrator]  # named only by the header, or by others' dialogue
            # the teller is someone (of a file stating its relationships, only its romance
            # is read: its people are left as they were)
            if not stated and all(c.name != narrator for c in story.characters):
                story.characters.append(Character(narrator, False, 1, 0.0))
        ev = gather(blocks, genders, cast, leads, guessed.keys(), narrator, partners_of)
        _place_described(ev, partners_of)
        _married_names(ev, blocks, genders, cast)
        _place_absent(ev, resolve_name)
        head = f"{(story.notes or '')[:NOTE_HEAD]}\n{(story.summary or '')[:NOTE_HEAD]}"
        if not _says_no_romance(head.lower()):
            stated_pairs = {frozenset(r.members) for r in stated}
            inferred += [rel for rel in _romantic(ev, genders, known)
                         if frozenset(rel.members) not in stated_pairs]
            partners = _unnamed_partners(inferred, {c.name for c in story.characters},
                                         partners_of, known, known_cast, genders)
            if not stated:
                _absent_people(story, ev, inferred, resolve_name)
                story.characters += [Character(p, False, 1, 0.0) for p in partners]
        else:  # the author says there is none: what looked like it is friends' affection
            ev.romance.clear()
            ev.weak.clear()
        if not stated:
            ev.apart = {key: _scenes_of_either(blocks, *key) for key in _lead_pairs(leads)}
            friends = _platonic(ev, leads, known, inferred)
            for rel in friends:
                rel.evidence = _together_sentence(blocks, *rel.members)
            inferred += friends
            inferred += _mentioned(story, blocks, ships_of, known)
        inferred += _remembered(story, blocks, ships_of, known)
    elif cast is not None:
        inferred += _spouses_beside(stated, blocks, genders, cast, resolve_name, known)
    others = [r for r in story.relationships if not r.stated and r.key not in
              {i.key for i in inferred}]
    story.relationships[:] = stated + sorted(inferred + others, key=lambda r: -r.confidence)


def _spouses_beside(stated: list[Relationship], blocks: list[Block],
                    genders: dict[str, str | None], cast: list[str], resolve_name,
                    known: set[RelationshipKey]) -> list[Relationship]:
    """A file whose tags state its romance still shows the married couples around it ("Bates
    put a hand at the small of his wife's back", "his wife, Karen", beside a tagged Carson/
    Hughes): the tags name the story's pairing, not every marriage in its background. Only
    the blocks holding a partner noun are read, and only a pair a partner noun was placed on
    is kept, neither of them one of a tagged romance (a tagged lover's "wife" is an ex or the
    tagged partner by a pronoun read wrong) unless told as over: a tagged lover's former
    marriage ('"I was married to Maris," Niles said', beside a tagged Niles/Daphne) is
    theirs, past."""
    holding = [block for block in blocks if not _PARTNER.isdisjoint(block.hits)
               or not _MARRIED.isdisjoint(block.hits)]  # "I was married to Maris"
    if not holding:
        return []
    tagged = {name for rel in stated if rel.kind == "romantic" for name in rel.members}
    unknown = {name for name in cast if genders.get(name) is None
               and any(name in block.names for block in holding)}
    if unknown:  # whom "he said" stands for: the text's pronouns tell what the table did not
        genders = {**genders, **text_genders.decide(
            text_genders.counts(blocks, unknown, set(cast)))}
    ev = gather(holding, genders, cast)
    _place_absent(ev, resolve_name)
    return [rel for rel in _romantic(ev, genders, known)
            if rel.members in ev.partnered and (tagged.isdisjoint(rel.members)
                                                or rel.modifier == "past")]


def _together_sentence(blocks: list[Block], a: str, b: str) -> str | None:
    """A sentence that shows two people together (for a friendship's evidence): the first
    naming both, in a block with friend words if there is one; else one naming either.
    Found with str.find around the names (no pass over every sentence)."""
    both = [block for block in blocks if a in block.names and b in block.names]
    both.sort(key=lambda block: _FRIEND.isdisjoint(block.hits))  # friend words first
    for block in both or [block for block in blocks if a in block.names]:
        text, written = block.text, block.written
        first, second = written.get(a), written.get(b)
        if first is None:
            continue
        at = text.find(first)
        while at >= 0:
            start, end = _sentence_around(text, at)
            if second is None or second in text[start:end]:
                return " ".join(text[start:end].split())[:300]
            at = text.find(first, end)
        start, end = _sentence_around(text, text.find(first))
        return " ".join(text[start:end].split())[:300]
    return None


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, at), text.rfind("! ", 0, at), text.rfind("? ", 0, at),
                text.rfind("\n", 0, at))
    start = start + 2 if start >= 0 and text[start] != "\n" else start + 1
    ends = [i for i in (text.find(". ", at), text.find("! ", at), text.find("? ", at),
                        text.find("\n", at)) if i >= 0]
    return max(start, 0), (min(ends) + 1 if ends else len(text))


def _romantic(ev: _Evidence, genders, known: set[RelationshipKey]) -> list[Relationship]:
    out = []
    partners: dict[str, float] = {}
    scores = {pair: ev.score(pair) for pair in set(ev.romance) | set(ev.weak)}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    for (a, b), score in ranked:
        if score < ROMANCE_THRESHOLD:
            break
        rel = Relationship((a, b), "romantic", stated=False, confidence=_confidence(score))
        if rel.key in known:
            continue
        forward, backward = ev.directed.get((a, b), 0.0), ev.directed.get((b, a), 0.0)
        modifier = None
        lover, loved = ((a, b) if forward and not backward else
                        (b, a) if backward and not forward else (None, None))
        if lover and (genders.get(loved), genders.get(lover)) in ev.denied:
            modifier = "one-sided"
        elif ev.past.get((a, b), 0.0) >= 2 and not forward and not backward:
            modifier = "past"
        elif lover and any(who == loved and other != lover for who, other in ev.directed):
            # the one loved loves another ("the same way she looked at him", of a him who
            # looks at someone else so): a love not returned
            modifier = "one-sided"
        # a character's second romance needs its own strong case, or a modifier explaining it;
        # a case whose best sentence names neither ("He kissed it off anyway.", placed by its
        # pronouns alone) is not one beside a first romance the text names
        rival = max(partners.get(a, 0.0), partners.get(b, 0.0))
        sentence = ev.evidence[(a, b)][2] if (a, b) in ev.evidence else None
        if not sentence:  # only cues weighed over a block, placed by nobody: no case
            continue
        if rival and modifier is None and (score < rival * 0.75
                                           or not _names_either(sentence, a, b)):
            continue
        if modifier is None and ((a, b) in ev.ended or
                                 score - ev.recalled.get((a, b), 0.0) < ROMANCE_THRESHOLD):
            modifier = "past"  # "when we were married", "after the divorce", remembered
        elif modifier is None and score - ev.asked.get((a, b), 0.0) - \
                ev.touched.get((a, b), 0.0) < ROMANCE_THRESHOLD:
            modifier = "implied"  # only others asking whether they are a couple, or touches
        elif modifier is None and score - ev.said.get((a, b), 0.0) < ROMANCE_THRESHOLD and \
                not (forward and backward):
            modifier = "one-sided"  # only how one says the other's name: the sayer's love
        elif modifier is None and (a, b) in ev.unspoken and not (forward and backward) \
                and (a, b) not in ev.partnered:
            modifier = "one-sided"  # a love never told or not returned (not both ways)
        elif modifier is None and score - ev.recalled.get((a, b), 0.0) - \
                ev.before.get((a, b), 0.0) < ROMANCE_THRESHOLD:
            modifier = "past"  # "he had loved her then": only a love before the story's now
        partners[a] = max(partners.get(a, 0.0), score)
        partners[b] = max(partners.get(b, 0.0), score)
        rel.modifier = modifier
        rel.evidence = sentence
        out.append(rel)
        known.add(rel.key)
    return out


# Friendships are looked for among the story's leads: its two most named characters when the
# second is named at least PAIR_SHARE as often as the first, or three standing clearly above
# the rest of the cast (each at least TRIO_SHARE as named as the first, the third named more
# than the fourth): a trio ("Harry, Ron and Hermione") is as common as a pair in fan fiction,
# and a tie for third place is a supporting cast, not a lead.
PAIR_SHARE = 0.5
TRIO_SHARE = 0.4
LEADS = 3


def _leads(story: Story) -> tuple[str, ...]:
    """The story's leads (none, two or three names), most named first, ties by name."""
    ranked = [c for c in story.characters if c.prominence >= TRIO_SHARE and c.mentions >= 3]
    if len(ranked) < 2:
        return ()
    ranked.sort(key=_by_mentions)
    # with exactly three here the fourth is named less than 0.4 times the first: behind
    if len(ranked) == LEADS or (len(ranked) > LEADS and
                                ranked[LEADS].mentions < ranked[LEADS - 1].mentions):
        return tuple(c.name for c in ranked[:LEADS])
    if ranked[1].prominence >= PAIR_SHARE:
        return ranked[0].name, ranked[1].name
    return ()


# Titles of address the narration keeps for people it stands back from (a boss, a neighbour,
# a client): "Mr. Tanabe", "Miss Hartnell" (not ranks or roles: "the Captain" is a friend's).
_COURTESY = frozenset({"mr", "mrs", "miss", "ms", "mister"})


def _courtesy(pair: tuple[str, str]) -> bool:
    """Whether the story calls one of two people only by a courtesy title and a name ("Mr.
    Tanabe", "Miss Hartnell"): scenes shared with them show a boss, a neighbour or a caller,
    not a friend, unless friend words or family say more."""
    return any(name.split()[0].rstrip(".").casefold() in _COURTESY and " " in name
               for name in pair)


def _by_mentions(character) -> tuple[int, str]:
    return -character.mentions, character.name


def _platonic(ev: _Evidence, leads, known: set[RelationshipKey],
              romantic) -> list[Relationship]:
    """Leads the text shows to be friends or family, with no romance between them: the two
    leads of the story, or others with friend words who are together in at least half the
    blocks naming either (a friend word in a group scene, a crossover's meeting or a trio's
    small talk, is not every pair's), or family cues. Two leads in love with the same
    character are rivals, not friends; beside a couple of leads the third lead is a friend of
    one of them only as the story's top pair (sharing scenes with a couple is what a third
    lead does). Shared scenes alone make no friend of one the story calls "Mr." or "Miss"
    (`_courtesy`)."""
    if not leads:
        return []
    partners: dict[str, set[str]] = {}
    for rel in romantic:
        a, b = rel.members
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    top = _pair(*leads[:2])
    out = []
    for key in _lead_pairs(leads):
        a, b = key
        shared = ev.shared.get(key, 0)
        if ev.score(key) or (ev.weak.get(key, 0.0) > WEAK and key not in ev.family) \
                or shared < PLATONIC_MIN_SHARED:
            continue  # romance, or weak signs of it again and again (one held hand is
            # what friends give too)
        if partners and not partners.get(a, set()).isdisjoint(partners.get(b, ())):
            continue
        friendly = ev.friendly.get(key, 0.0)
        if key != top and key not in ev.family and any(
                partners.get(name, set()) & set(leads) for name in key):
            continue  # the third lead beside a couple: the story is the couple's
        apart = ev.apart.get(key, 0)
        shown = key in ev.family or _one_surname(key) or (
            friendly >= 1.0 and (key == top or 2 * shared >= apart)) or (
                key == top and not _courtesy(key) and (
                    shared >= TOP_MIN_SHARED or 2 * shared > apart
                    or (shared > PLATONIC_MIN_SHARED and friendly > 0)))
        name = RelationshipKey(key, "platonic")
        if not shown or name in known:
            continue
        known.add(name)
        out.append(Relationship(key, "platonic", stated=False,
                                confidence=_confidence(shared / 2 + friendly)))
    return out

