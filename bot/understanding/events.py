"""Romance from what happens, read where it happens: one clear scene is enough.

Repetition is not what tells a reader two people are a couple; a kiss, a confession, a spouse
or a girlfriend, waking up together, a date does, once. Each cue is placed on the people it
belongs to (`Local`): a narrated act on the people of its sentence, a line of dialogue on its
speaker and the one spoken to. Cues come strong (enough alone: a kiss on the mouth, "I love
you", "my wife", "woke up beside") or weak (a pet name, a kiss on the forehead, a cuddle:
parents and friends do these too, so a weak cue counts only with another one, and never
between people the text shows to be family). A negated cue ("we are NOT married") counts
nothing. A couple who "broke up" were one: a strong cue that marks the pairing past.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Set

from bot.understanding.local import Local, fits, gender_of
from bot.understanding.people import OPENERS, STOP, TITLES

STRONG, WEAK = 1.0, 0.5

# Acts narrated (outside dialogue), by named group -> (weight, strong). Every branch opens
# a word: the look-behind says so once, so the engine skips positions inside words before
# trying the branches (several times faster than a \b in each branch alone). The look-around
# holds every branch (the "(?:" after it): without it, "|" would leave it on the first only.
# Each reading opens with a look-ahead for the letters its branches start with, so at a word
# start only the readings that can match there are tried (in the same order: the same reading
# wins; a third less time in this regex). test_events checks each look-ahead against its
# branches: a branch with a new first letter needs it added there. Before them all, the first
# two letters any branch can start with ("th" of "their", "a " of "a date"), grouped by the
# first: common words that start none ("she", "of", "it", "at", "said", "you") fail there at
# once (a quarter less time again); test_events_regex checks it covers every branch. A
# first letter only one rare branch adds ("face", "lips", "mouth", "nose", "palm", "smooth",
# the bed's "covers", "doona", "duvet", "quilt", "sheet") is looked for with a third letter,
# so "father", "like", "more", "not", "past", "small", "could" and "do" fail there too, and
# "she" by the word ending after it (20cpu3). So every branch stands where a word starts (no
# word letter before, a letter first): no branch opens with a \b of its own, and one whose
# first letter differs is skipped without being entered (an eighth less time, 15cpu2).
_ACT_STARTS = (r"a[ nr]|b[elr]|c(?:[ahu]|o[mv])|d(?:[ai]|oo|uv)|en|f(?:[il]|ac)|g[eo]|h[aeio]|"
               r"i[ ns]|ki|l(?:[ao]|ip)|m(?:[ay]|ou)|n(?:u|os)|o[nu]|p(?:r|al)|qui|"
               r"s(?:[elnpt]|mo|he(?!\W))|t[ahouw]|w[aeo]")
_ACTS = re.compile(
    rf"(?<!\w)(?={_ACT_STARTS})(?:"
    r"(?=[bhklmopt])(?P<kiss>kiss(?:ed|es|ing)?\b|(?:pressed|brushed) (?:his|her|their|my) "
    r"(?:mouth|lips)(?:, [a-z ]{1,24},)? (?:to|against|across|over)\b|(?:his|her) "
    r"(?:mouth|lips) (?:met|found|covered|claimed|captured|on|against) "
    r"(?:his|hers|her|theirs|mine|my)\b|(?:their|our) (?:mouths|lips) (?:met|touched|brushed)\b|"
    r"(?<=[a-z]['’]s )(?:mouth|lips) (?:met|found|covered|claimed|captured|on|against) "
    r"(?:his|hers|theirs|mine)(?=[,.;:!?\u2014\u2013]| and\b| again\b))"
    r"|(?=[ms])(?P<snog>snog(?:ged|ging|s)?\b|made love\b|slept together\b|"
    r"mak(?:e|es|ing) love\b|(?:slept|sleeping|sleeps) with (?:him|her|me)\b)"
    r"|(?=[hil])(?P<inlove>in love\b|lovers?\b|honeymoon\b)"
    r"|(?=w)(?P<woke>(?:woke|wakes|waking)(?: up)?(?: [a-z]+){0,2} (?:beside|next to|with|"
    r"against|tangled|curled|in (?:his|her|their|[a-z]+'s) arms)\b)"
    r"|(?=[efhilmt])(?P<hands>(?:held|holding|hold|holds) hands\b|hand in hand\b|fingers "
    r"(?:laced|intertwined|entwined|twined)\b|(?:laced|laces|intertwined|entwined|twined) "
    r"(?:their|his|her|our) fingers\b|(?:held|holding|holds|took|takes|take) (?:his|her|my)"
    r"(?: [a-z]+){0,3} hands?\b|(?:his|her|my)(?: [a-z]+)? hand (?:over|in) (?:hers|mine)\b|"
    r"(?:her|my) hand in his\b(?=[,.;!?]| and\b))"
    r"|(?=[dot])(?P<ourdate>(?:their|our) (?:first |second |third |)date\b|date night\b)"
    r"|(?=[dfost])(?P<dating>(?:first|second|third|on a) date\b|dating\b(?! back))"
    r"|(?=a)(?P<date>a date\b)"
    r"|(?=[abegioptw])(?P<wed>(?:got|get|gets|getting|were|are|was|been|be|is) married\b|"
    r"propos(?:ed|es|ing)\b|wedding (?:ring|day|night|vows)\b|"
    r"(?:got|get|gets|getting|were|are|was|is|been) engaged\b|engagement ring\b|"
    r"to marry (?:him|her)\b|(?:their|our) (?:\w+ )?(?:anniversary|wedding)\b|"
    r"(?:i|we) married\b)"
    r"|(?=[aht])(?P<crush>(?:a|her|his|the|this) (?:\w+ )?crush on\b)"
    r"|(?=[afmw])(?P<married>wedding\b|married\b|anniversary\b|flirt(?:ed|ing|s)?\b)"
    r"|(?=[cns])(?P<cuddle>cuddl\w*|snuggl\w*|nuzzl\w*|caress\w*)"
    r"|(?=[bgtw])(?P<blush>blush(?:ed|es|ing)?\b|"
    r"(?:went|goes|turned|turns|going|turning) "
    r"(?:quite |very |bright |faintly |a little )?(?:pink|red|scarlet)\b)"
    r"|(?=s)(?P<night>(?:stay|stays|stayed|staying|spend|spends|spent) the night\b)"
    r"|(?=[bcdhmoqst])(?P<bed>(?:his|her|my|their|our|the other|the left|the right) side of "
    r"the bed\b|(?:blankets?|quilt|covers|duvet|doona|comforter|sheets?) "
    r"(?:up )?over (?:both (?:their|our) heads|both of (?:them|us)|the two of (?:them|us))\b)"
    r"|(?=[ch])(?P<lean>(?:head|chin|cheek) (?:on|against) (?:his|her|my) "
    r"(?:shoulder|chest|back)\b)"
    r"|(?=[fhp])(?P<back>(?:hand|palm|fingers)\b(?:,? [a-z]+){0,7}? small of "
    r"(?:his|her|my|[a-z]+['’]s) back\b)"
    r"|(?=[ao])(?P<linger>(?:a|one) (?:moment|beat|breath|second|heartbeat|minute|shade) "
    r"(?:too long\b|longer than (?:(?:it|he|she|they|i|we|you|was|strictly|really) )?"
    r"(?:needed|had to|has to|have to|meant|should|ought|necessary|required|took|"
    r"the [a-z]+ (?:required|needed|allowed))\b))"
    r"|(?=[abcfnst])(?P<tend>(?:straighten|fix|smooth|tugg?)(?:ed|es|s|ing)? (?:his|her) "
    r"(?:collar|tie|lapels?)\b|arm (?:along|across|over) the back of (?:his|her) chair\b|"
    r"(?:cheek|nose|face|chin) (?:\w+ )?(?:against|in|into) (?:his|her) hair\b)"
    r"|(?=[bdgs])(?P<parted>(?:broke|break|breaks|breaking|split|splits) up\b|"
    r"got divorced\b|"
    r"divorced\b))")
_ACT_WEIGHTS = {"kiss": (1.0, True), "snog": (1.0, True), "inlove": (1.0, True),
                "woke": (1.0, True), "hands": (0.5, False), "date": (0.8, True),
                "dating": (1.0, True),
                "ourdate": (1.0, True), "wed": (1.0, True), "married": (0.5, False),
                "cuddle": (0.4, False), "parted": (1.0, True), "crush": (1.0, True),
                "blush": (0.4, False), "night": (0.4, False), "bed": (1.0, True),
                "lean": (0.4, False),
                "back": (1.0, True), "linger": (1.0, True), "tend": (0.4, False)}
# One bed shared by two, told by its sides ("the other side of the bed", "her side of the
# bed") or by covers pulled over both of them, is a couple's ("bed"): 7 uses in 6 writers'
# folders, all on labelled couples (friends and kin share a bed in other words: "lying next
# to him", "in bed with his cheeks still stinging and Hobbes ... beside him").
# Touches that count alone, read only where the two are named or taken up in the sentence
# (never weighed over a block): a hand on the small of another's back, even with words
# between ("his hand settled for a moment on the small of her back"): over the eleven dev
# folders, its 5 placements all on labelled couples, none on friends or kin. A straightened
# collar or tie, an arm along the back of a chair, a cheek in someone's hair ("tend") are
# weak: friends and family do them too (a collar straightened by a colleague).
TOUCHES = frozenset({"back", "linger"})
# Whose hand it is: the owner's word just before ("his hand", "Howl's hand") or a placing
# verb ("put a hand", "puts one hand"); not "one hand on the small of her back" after her
# own action (her own back) or "like a hand on ..." (a simile).
_HAND_OWNED = re.compile(r"(?:\b(?:his|her|my|their)|[a-z]['’]s|\b(?:put|puts|putting|placed|"
                         r"places|placing|laid|lays|laying|pressed|presses|pressing|rested|"
                         r"rests|resting|slid|slides|sliding|settled|settles|kept|keeps) "
                         r"(?:a|one|his|her|my))(?: [a-z]+)? $")
# A kiss on these is also what parents, friends and courtiers give: weak.
_CHASTE = re.compile(r"\s+(?:\w+\s+){0,3}?(?:forehead|cheek|cheeks|brow|temple|hair|head|"
                     r"knuckles|hand|fingers|palm|crown)\b")
# "woke at seven with Willow's hair in her mouth", "woke with Dean's elbow in his ribs": another's
# hair or limb where the sleeper is is what friends and siblings sharing a bed at a sleepover
# wake to as well: not the embrace "woke beside him", "woke in her arms" tell.
_WOKE_TANGLED = re.compile(r"\s+[\w-]+'s\s")
# The same kiss going on to the mouth within its sentence.
_THEN_MOUTH = re.compile(r"[^.!?\n]*?\b(?:on|to|against|found|met) (?:the|his|her|my) "
                         r"(?:mouth|lips)\b")

# What breaks up that is no couple: a thing just before ("the meeting broke up", "the mist
# began to break up"; "the couple", "their marriage" are couples; "the winter after they broke
# up" is people's) or an object just after ("broke up the fight", "broke up a quarrel").
_PEOPLE = r"(?:they|we|he|she|i|you|after|when|before|since|until|once|and|who)"
_THING_BEFORE = re.compile(r"\b(?:the|a|an|this|that)\s+(?!couple\b|pair\b|two\b|marriage\b|"
                           rf"engagement\b|relationship\b)[a-z]+\s+(?:(?!{_PEOPLE}\b)[a-z]+\s+)"
                           r"{0,2}$")
_OBJECT_AFTER = re.compile(r"\s+(?:the|a|an|his|her|their|it|them)\b")


def _thing_parted(local: Local, start: int, end: int) -> bool:
    """Whether a "broke up" between `start` and `end` is a thing's or done to one (a name
    just before is a person's: "the Doctor broke up with her")."""
    before = max(local.sentence(start)[0], start - 40)
    return _OBJECT_AFTER.match(local.lower, end) is not None or (
        _THING_BEFORE.search(local.lower, before, start) is not None
        and not local.names_within(before, start))


# Whom a touch lands on, by its pronoun: "pressed a kiss to her forehead", "held her hands".
_KISSED_ONE = re.compile(r"\s+(?:\w+\s+){0,2}?(?:to|on|against|across|into)\s+(his|her)\b")
_HELD_ONE = re.compile(r"\b(his|her)\b")


def _lands_fits(local: Local, match: re.Match, pair: tuple[str, str]) -> bool:
    """Whether a kiss or a held hand lands on one of the pair: "a kiss to her forehead",
    "held her hands" need a woman among them, one the text or the knowledge made one (two
    men, or a man and one of no known gender, are a pronoun read back to the wrong people;
    two whose genders the text never told are not)."""
    if match.lastgroup == "kiss":
        on = _KISSED_ONE.match(local.lower, match.end())
    else:
        on = _HELD_ONE.search(match.group())
    if on is None:
        return True
    gender = "m" if on.group(1) == "his" else "f"
    known = [local.genders.get(name) for name in pair]
    return gender in known or known == [None, None]  # nobody's known: nothing contradicts


# "he" or "she" before a kiss in its sentence: the kisser, when no name is.
_LAST_SUBJECT = re.compile(r"\b(he|she)\b")
# A kiss on a named one's head, cheek or hand: "kissed the top of Pip's head", "kissed
# Dalia's knuckles" (the owner's name opening group 1).
_KISSED_OWNER = re.compile(r"\s+(?:(?:the|a) (?:top|back|crown|side|tip|corner) of )?"
                           r"((?:[a-z][\w-]* ){0,2}[a-z][\w-]*)['’]s\b")


def _on_owner(local: Local, match: re.Match,
              pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A kiss landing on a named one's head or hand ("He kissed the top of Pip's head in
    passing, and then he came and stood behind Dalia") is that one's and the kisser's: a
    pair without the owner is the sentence's other people, and so is one whose other is
    named only after the kiss and not known to be of the gender of the "he" or "she" kissing
    ("He turned and kissed Yuuri's temple, because he was Victor" stays Victor's)."""
    if not match.group().startswith("kiss"):
        return pairs
    on = _KISSED_OWNER.match(local.lower, match.end())
    if on is None:
        return pairs
    owner = next((name for at, name in local.mentions if at == on.start(1)), None)
    if owner is None:
        return pairs
    start, end = local.sentence(match.start())
    later = {name for at, name in local.mentions if on.end() <= at < end} - {
        name for at, name in local.mentions if start <= at < match.start()}
    kisser = _LAST_SUBJECT.findall(local.lower, start, match.start())
    gender = gender_of(kisser[-1]) if kisser else None
    return [pair for pair in pairs if owner in pair and all(
        name == owner or name not in later or gender is None
        or local.genders.get(name) == gender
        for name in pair)]


# Lines of dialogue, by named group -> (weight, strong).
# Every branch opens a word or stands on a comma, a quote mark or the text's start: the
# look-around says so once, so the engine skips the other positions before trying the branches.
# Then the first two characters a branch can start with, as for `_ACTS` (twice as fast). A
# branch opening with a letter needs no \b of its own there (at a comma or a quote mark its
# letter fails alike), so the engine skips one of another first letter without entering it.
_LINE_STARTS = (r'" |"[bdhmsw]|, |,[bdhmsw]|a[rs]|ba|d[ae]|f[ae]|h[eou]|i[ \'ns]|ki|lo|m[ay]|s[hw]|'
                r'w[aei]|yo')
_LINES = re.compile(
    rf"(?:(?<!\w)(?=[a-z])|(?=[,\"])|\A)(?={_LINE_STARTS})"
    r"(?:(?P<love>i love you\b|i'm in love with you\b|in love with you\b|marry me\b|"
    r"i'd marry you\b|i love you too\b|"
    r"i'd (?:still )?love you (?:if|even|anyway|no matter)\b|"
    r"i(?:'ve| have)(?: always| only| ever)? loved you\b|i loved you\b|married to you\b|"
    r"ask(?:ing|ed)? (?:me|you) (?:out|on a date)\b|"
    r"we(?:'re| are| were| got|'ve been| have been) married\b|we should get married\b|"
    r"we(?:'re| are) (?:getting married|engaged)\b|"
    r"(?:you|i) kissed (?:me|you)\b|we kissed\b|kiss me again\b|"
    r"(?:falling|fallen|fell) for you\b|(?<!\bno )\bfeelings for you\b|i married you\b|"
    r"you married me\b)"
    r"|(?P<told>(?:he|she) (?:loved|loves|kissed|married) me\b|(?:he|she)(?:'s| is| was) in "
    r"love with me\b|i(?:'m| am| was) in love with (?:him|her)\b|i married (?:him|her)\b|"
    r"i (?:kissed|loved) (?:him|her)\b|i asked (?:him|her) to marry me\b)"
    r"|(?P<theywed>(?:he|she|you) (?:married|(?:is|'s|was|are|'re|were) married to) "
    r"(?:him|her)\b)"
    r"|(?P<theylove>(?:(?:he|she)(?:'s| is|'s been| has been)|you(?:'re| are|'ve been| have "
    r"been))(?: so| totally| obviously| completely| still| clearly| really| always)? in love "
    r"with (?:him|her)\b)"
    r"|(?P<exwed>(?:he|she) was my (?:wife|husband|girlfriend|boyfriend|fianc[eé]e?|lover)\b|"
    r"i was married to\b)"
    r"|(?P<loveyou>love you\b|kiss me\b)"
    r"|(?P<wedded>i(?:'ve| have) been married to\b)"
    r"|(?P<mine>my (?:ex-)?(?:wife|husband|girlfriend|boyfriend|fianc[eé]e?|missus|lover)\b)"
    r"|(?P<asked>(?:is|was) (?:that|this|he|she) your (?:wife|husband|girlfriend|"
    r"boyfriend|fianc[eé]e?|lover)\b|are you two,? (?:(?:like|really|finally),? )?"
    r"(?:a thing|together|dating|an item|a couple|seeing each other|sleeping together)\b|"
    r"you two (?:are|start|stop|were)\b[^.!?\"]{0,24}?\b(?:gross|disgusting|embarrassing|"
    r"sickening|sappy)\b)"
    r"|(?P<spouse>(?:^|[,\"] ?)(?:husband|wife)(?= ?[.!?,\"]|$))"
    r"|(?P<pet>(?:^|[,\"] ?)(?:my )?(?:darling|sweetheart|babe|baby|dearest|my love|honey|"
    r"sweetie)(?= ?[.!?,\"]|$)|, love(?= ?[.!?,\"]|$)))")
_LINE_WEIGHTS = {"love": (1.0, True), "loveyou": (0.5, False), "wedded": (0.5, False),
                 "mine": (1.0, True), "told": (1.0, True), "exwed": (1.0, True),
                 "spouse": (1.0, True), "asked": (1.0, True),
                 "pet": (0.5, False), "theywed": (1.0, True), "theylove": (1.0, True)}
_PARTNER_GENDER = {"wife": "f", "girlfriend": "f", "fiancee": "f", "fiancée": "f",
                   "missus": "f", "husband": "m", "boyfriend": "m", "fiance": "m",
                   "fiancé": "m"}

# (pair, weight, strong, the sentence, which kind of cue)
Add = Callable[[tuple[str, str], float, bool, str, str], None]
# ... and whether the cue is told in the past perfect (`before`)
ActAdd = Callable[[tuple[str, str], float, bool, str, str, bool], None]

# "had loved", "had always loved", "had once kissed": a cue in the past perfect, closing the
# text before it.
PERFECT = re.compile(r"\bhad(?:\s+(?:always|once|ever|only|really|truly|so|"
                     r"already|long|even|first))*\s*$")
# "the kiss he had given her": an act's noun, made definite, with a past-perfect clause after
# it (not "any kiss she had ever imagined": none in particular).
_PERFECT_AFTER = re.compile(r"\s+(?:that\s+)?(?:he|she|they|i|we)\s+had\s+(?!been\b)")
_THE = re.compile(r"\bthe\s+$")
# "for three summers", "to her for thirty-one years", "since school", "all her life" after a
# love in the past perfect: a love lasting up to the story's now ("He had loved her for
# years", "who had been married to her for thirty-one years"), not one before it.
_LASTING = re.compile(r"\s*(?:to\s+[\w'-]+(?:\s+[\w'-]+)?,?\s+|"
                      r"(?:him|her|me|you|them|each other),?\s+)?(?:for|since|ever since|all)\b")
# an act's first word that makes a "had" before it possession, no tense ("had a crush on")
_OWNED = ("his ", "her ", "my ", "their ", "our ", "a ", "the ", "this ")


def before(lower: str, perfect: re.Match | None, end: int) -> bool:
    """Whether a cue is told in the past perfect (`perfect`: "had", "had been" before it) and
    not as lasting up to now (what follows it from `end`, after its object or noun): a love
    before the story's now ("that he had loved her then", "Clarissa had been his girlfriend")."""
    return perfect is not None and _LASTING.match(lower, end) is None


def _act_before(lower: str, match: re.Match) -> bool:
    """Whether a narrated act is told in the past perfect: "had kissed her", "had slept with
    him", "the kiss he had given her" (`before`)."""
    i, end = match.span()
    if lower.startswith(_OWNED, i):
        return False
    if before(lower, PERFECT.search(lower, max(0, i - 40), i), end):
        return True
    return _PERFECT_AFTER.match(lower, end) is not None and \
        _THE.search(lower, max(0, i - 5), i) is not None


def chaste(lower: str, end: int) -> bool:
    """Whether a kiss ending at `end` lands on a forehead, a cheek, a hand, and not on the
    mouth after it ("kisses me on the cheek, and then on the mouth, quick")."""
    return _CHASTE.match(lower, end) is not None and \
        _THEN_MOUTH.match(lower, end, end + 80) is None


# An act's phrase starts at most this far before its telling word ("laced their fingers",
# "getting married") and ends at most this far after it ("woke up ... in his arms").
_BEFORE, _AFTER = 24, 64


def _windows(lower: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The stretches of the text around each use of the words, merged: only there can an
    act be (found with str.find; the regex then reads a few hundred characters, not all)."""
    spans = []
    for word in words:
        start = 0
        while (i := lower.find(word, start)) >= 0:
            start = i + len(word)
            spans.append((max(0, i - _BEFORE), start + _AFTER))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


# "married to Richard", "engaged to Mr. Darcy", "had married Oren": the spouse named after the
# word (a capital, a title before the name allowed; not "I").
_WED_TO = re.compile(r"\s+(?:to\s+)?(?!I\b)(?=[A-Z])")
_NAME_RUN = re.compile(r"(?:[A-Z][\w'.-]*\s+){0,2}")
# "married to the most observant man in the military", "engaged to a sailor", "in love with
# my father": a partner told by a description (an article or a possessive, then a word in
# lower case), not by a name ("the Doctor") or a pronoun ("her for years"), nor pointed at
# ("that man", one standing there): someone the scene does not show (a late husband).
_DESCRIBED = re.compile(r"\s+(?:to|with)\s+(?:the|an?|my|your|his|our|their|her(?!\s+(?:for|"
                        r"since|until|till|and|but|or|when|now|then|too|all|ever|already|still|"
                        r"again|so|because|before|after|at|in|on|by|as|from|once|anyway|though|"
                        r"while|if|that|who|more|yet|even|instead|back|both|first|there|here|"
                        r"forever|with|without|ago|really|like)\b))\s+[a-z]")


def _wed_to(local: Local, match: re.Match) -> str | None:
    """Whom a marriage, an engagement or a love is told with just after it: the one of the
    cast named, "" for a name the cast lacks ("She had been married to Richard" of a Richard
    never on stage is his marriage, not one of the people around the sentence) or for one
    told by a description (`_DESCRIBED`), None when neither follows ("they were married",
    "married to him"; "in love with" a name is read by the people around)."""
    told = match.group()
    if not told.endswith(("married", "engaged", "in love")):
        return None
    if _DESCRIBED.match(local.text, match.end()) is not None:
        return ""
    if told.endswith("in love"):
        return None
    to = _WED_TO.match(local.text, match.end())
    if to is None:
        return None
    start = to.end()
    run = _NAME_RUN.match(local.text, start)  # (matches always: none of its words is needed)
    end = (run.end() if run else start) + 1
    named = [name for at, name in local.mentions if start <= at < end]
    return named[0] if named and local.in_cast(named[0]) else ""


# The pronoun subject of a marriage in its clause: "she'd been married to", "he was engaged to".
_WED_SUBJECT = re.compile(r"\b(he|she)\b(?:['’]d|['’]s)?(?:\s+[a-z]+){0,3}\s*$")


def _described_owner(local: Local, i: int) -> str | None:
    """Whose marriage told by a description is (the act at i): the one named as its clause's
    subject, else the one its pronoun subject stands for; of the cast."""
    start = local.clause(i)[0]
    owner = local.clause_subject(i)
    if owner is None:
        pronoun = _WED_SUBJECT.search(local.lower, max(start, i - 40), i)
        if pronoun is None:
            return None
        owner = local.referent(gender_of(pronoun.group(1)), pronoun.start())
    return owner if owner is not None and local.in_cast(owner) else None


def _tell_described(local: Local, match: re.Match, group: str,
                    described: Callable[[str, str, str], None] | None) -> None:
    """A partner told by a description after the act (`_DESCRIBED`) given to `described`
    with its owner: one over when told in the past perfect ("she'd been married to")."""
    i = match.start()
    if described is None or _DESCRIBED.match(local.text, match.end()) is None or \
            (owner := _described_owner(local, i)) is None:
        return
    over = _act_before(local.lower, match) or local.lower.endswith(("'d ", "’d "), 0, i)
    kind = ("exwed" if group != "inlove" else "parted") if over else group
    described(owner, local.sentence_text(i), kind)


def read_acts(local: Local, add: ActAdd, words: Iterable[str],
              described: Callable[[str, str, str], None] | None = None
              ) -> tuple[float, str]:
    """Narrated acts placed on their people, looked for around the act words the block
    holds (`words`, cues.ACT_WORDS in lower case, and "too long" or "longer than" for a
    touch held too long, "linger"); returns the weight of strong acts it could
    not place (the caller weighs those over the block) and the sentence of the first of them
    whose pronouns name nobody ("He told her he was in love with her" where the text never
    said who is "he"): the evidence, when the block holds only the two people it can be. A
    partner told by a description ("she'd been married to the most observant man") goes to
    `described` (the owner, the sentence, the cue's kind: one over when told in the past
    perfect), for the owner's canonical partner."""
    unplaced, unplaced_sentence = 0.0, ""
    lower = local.lower
    matches = (match for lo, hi in _windows(lower, words)
               for match in _ACTS.finditer(lower, lo, hi))
    for match in matches:
        i = match.start()
        group = match.lastgroup or ""
        weighed = None if _no_act(local, match, group) else _weight(local, match, group)
        if weighed is None or (group == "kiss" and local.narrator is None
                               and _KISSED_ME.match(lower, match.end()) is not None):
            continue  # "she ... kissed me" of an "I" the cast does not hold: whose, not known
        weight, strong = weighed
        pairs = _theirs(local, match) if group != "linger" else _held_between(local, i)
        if pairs is None:  # a weak cue or a touch belongs to its own sentence
            pairs = local.couples_at(i, wide=strong and group not in TOUCHES)
        if pairs is None and group == "kiss" and strong:
            pairs = _kisser_and_kissed(local, match)
        spouse = _wed_to(local, match) if group in ("wed", "married", "inlove") else None
        if spouse == "":  # "she had been married to Richard" or "to the most observant man
            # in the military", one the cast lacks: not one of the people around
            _tell_described(local, match, group, described)
            continue
        if spouse and pairs:
            pairs = [pair for pair in pairs if spouse in pair]
        if pairs and _ours(local, i):  # "we got married": the narrator's, not the sentence's
            before = local.named_before_in_sentence(i)  # "Harry and I got married"
            pairs = [pair for pair in pairs if local.narrator in pair
                     and all(name == local.narrator or name in before for name in pair)]
            if not pairs:
                continue
        if pairs is None:
            if strong and group not in TOUCHES:
                unplaced += weight
                if not unplaced_sentence and not local.names_within(*local.sentence(i)):
                    unplaced_sentence = local.sentence_text(i)  # pronouns only
            continue
        if group in ("kiss", "hands"):
            pairs = [pair for pair in pairs if _lands_fits(local, match, pair)]
        if group == "kiss" and pairs:
            pairs = _on_owner(local, match, pairs)
        sentence = local.sentence_text(i)
        told_before = _act_before(lower, match)
        for pair in pairs:
            add(pair, weight / len(pairs), strong, sentence, group, told_before)
    return unplaced, unplaced_sentence


def _held_between(local: Local, i: int) -> list[tuple[str, str]] | None:
    """The two a touch or look held too long (at i) passes between: the pair of its clause
    or sentence, one of them named there or meant by "he", "she", "his", "her"; a "they"
    alone says not which two ("neither of them let go ... longer than they should have", of
    two the cast may lack). "He looked at her. It was a long look, and it went on a beat
    too long": a sentence holding one person carries on the one before it in its paragraph."""
    start, end = local.sentence(i)
    people = local.people(start, end)
    if not people:
        return []
    if len(people) == 1 and start > local.paragraph(i)[0]:
        people |= local.people(local.sentence(start - 1)[0], start)
        if len(people) == 2:
            a, b = sorted(people, key=str.casefold)
            return [(a, b)] if local.in_cast(a) and local.in_cast(b) else []
    return local.couples_at(i, wide=False)


# A kiss whose object is the narrator: "and kissed me", "kisses me on the mouth".
_KISSED_ME = re.compile(r" me\b")


def _weight(local: Local, match: re.Match, group: str) -> tuple[float, bool] | None:
    """An act's weight and strength (`_ACT_WEIGHTS`) as its words tell: a kiss on a cheek is
    weak, "married" followed by a name strong ("Oren had married Dalia": whom, not that
    someone is married); None for "kissed him", read with its subject
    (relationships._verb_cues)."""
    end = match.end()
    if group == "kiss":
        if match.group().startswith("kiss") and local.lower.startswith((" him", " her"), end):
            return None
        if chaste(local.lower, end):
            return WEAK, False
    elif group == "woke" and match.group().endswith(" with") and \
            _WOKE_TANGLED.match(local.lower, end) is not None:
        return _ACT_WEIGHTS["cuddle"]
    elif group == "married" and match.group() == "married" and \
            local.names_within(end + 1, end + 2):
        return 1.0, True
    return _ACT_WEIGHTS[group]


# "her husband", "his new wife": a partner the sentence names by the noun.
_OWNED_PARTNER = re.compile(r"\b(?:his|her) (?:[a-z]+ )?(?:husband|wife|fianc[eé]e?)\b")


def _no_act(local: Local, match: re.Match, group: str) -> bool:
    """Whether an act's words tell no act: spoken, a family's, negated (not a breakup: "not
    the way he had after they broke up" still tells one), part of a name, a thing's breaking
    up, words written on a thing ("an apron that said KISS THE CHEF"), or a marriage whose
    sentence names the partner by the noun ("She was married by then, and her husband was a
    brute": to him, read as a partner cue, not to whoever else the sentence reaches)."""
    i, end = match.start(), match.end()
    if group == "back" and _HAND_OWNED.search(local.lower, max(0, i - 30), i) is None:
        return True  # (`_HAND_OWNED`: a hand on its owner's own back, or a simile's; a
        # name in it is the one touched: "a hand on the small of Dalia's back")
    return local.spoken(i) or local.familial(i) or (group != "parted" and local.negated(i)) \
        or (group != "back" and local.names_within(i, end)) or _titled(local, i, end) \
        or (group == "parted" and _thing_parted(local, i, end)) or local.text[i:end].isupper() \
        or (group in ("wed", "married") and _OWNED_PARTNER.search(
            local.lower, *local.sentence(i)) is not None)


def _titled(local: Local, i: int, end: int) -> bool:
    """Whether an act's words are capitalised word by word past a sentence's start: a name
    of a thing ("the pattern called Wedding Ring", "a song called Kiss Me"), no act."""
    words = local.text[i:end].split()
    return len(words) > 1 and all(w[:1].isupper() for w in words) and \
        local.sentence(i)[0] < i


def _theirs(local: Local, match: re.Match) -> list[tuple[str, str]] | None:
    """"Dalia and Oren talked about their wedding over Wim's soup": "their" wedding, date or
    anniversary is the two people named before it in its sentence, not one of them and a
    name after it."""
    if not local.lower.startswith("their ", match.start()):
        return None
    before = local.named_before_in_sentence(match.start())
    if len(before) != 2:
        return None
    a, b = sorted(before, key=str.casefold)
    return [(a, b)] if local.in_cast(a) and local.in_cast(b) else []


# A sentence opening on "He" or "She" ("He came across and kissed Sophie").
_OPENING_SUBJECT = re.compile(r"\s*(he|she)\b")
# "he", "she" or "they" between a subject and its verb: the verb may be another's.
_ANOTHER_SUBJECT = re.compile(r"\b(?:he|she|they|who|which|that)\b")


def _kisser_and_kissed(local: Local, match: re.Match) -> list[tuple[str, str]] | None:
    """"Bren came across and kissed Talia ..., and Odo groaned": in a sentence naming three
    people, a kiss is its subject's (the only one named before the verb, with no other
    subject between) and the one named right after the verb."""
    end, i = match.end(), match.start()
    kissed = next((name for at, name in local.mentions if at == end + 1), None)
    if kissed is None:
        return None
    start = local.sentence(i)[0]
    found = local.subject(i)
    if found is None:  # "He came across and kissed Sophie": the sentence opens on its subject
        opening = _OPENING_SUBJECT.match(local.lower, start)
        if opening is None or any(start <= at < i for at, _name in local.mentions):
            return None
        gender = gender_of(opening.group(1))
        kisser: str | None = local.referent(gender, start, {kissed})
        if kisser is not None and local.genders.get(kisser) != gender:
            return None  # a "he" read to someone the text never made a man: a guess
        after = opening.end()
    else:
        kisser, after = found
    if kisser is None or kisser == kissed or any(
            start <= at < i and name != kisser for at, name in local.mentions) \
            or _ANOTHER_SUBJECT.search(local.lower, after, i) is not None:
        return None
    if not (local.in_cast(kisser) and local.in_cast(kissed)):
        return []
    a, b = sorted((kisser, kissed), key=str.casefold)
    return [(a, b)]


# "We got married in June, ... a marquee that Bill and Charlie put up": in narration the "we"
# of an act is the narrator and a partner, whoever else its sentence names.
_WE_ACT = re.compile(r"\b(?:we|our)\b[^,;]{0,30}$")


def _ours(local: Local, i: int) -> bool:
    """Whether the act at i is told of "we" or "our" just before it in its clause."""
    start = local.clause(i)[0]
    return _WE_ACT.search(local.lower, max(start, i - 40), i) is not None


def read_lines(local: Local, around: Set[str], add: Add, words: Iterable[str],
               absent: Callable[..., None] | None = None) -> None:
    """Dialogue cues placed on the speaker and the one spoken to (or, when the speaker is
    not clear, on the only two people around), looked for around the line words the block
    holds (`words`, cues.LINE_WORDS in lower case: every line cue has one). "My wife,
    Karen" names the partner: one of the cast, or someone the cast does not hold (`absent`:
    speaker, the name as written, the sentence)."""
    lower = local.lower
    matches = (match for lo, hi in _windows(lower, words)
               for match in _LINES.finditer(lower, lo, hi))
    for match in matches:
        i = match.start()
        group = match.lastgroup or ""
        if not local.spoken(i) or (group not in ("spouse", "pet") and local.negated(i)) \
                or local.familial(i) or local.names_within(i, match.end()) \
                or _ASKED_TO.search(lower, max(0, i - 24), i) is not None:
            continue  # a name called out is not negated by its sentence; "I asked her to
            # marry me" is said of her, not to the one spoken to
        if local.nameless_narrator_says(i):
            continue  # "I say", and "I" is nobody the cast holds: the pair is not known
        weight, strong = _LINE_WEIGHTS[group]
        speaker = local.speaker(i)
        if speaker is not None and not local.in_cast(speaker):
            continue
        listener = local.addressee(i, speaker, around)
        if speaker is None and listener is not None:
            speaker = local.previous_speaker(i, listener) or _other_one(group, listener, around)
        named = _named_after(local, match.end()) if group == "mine" else None
        if named is not None and named != speaker:  # "this is my husband, Carlos"
            listener = named
        elif group == "mine" and speaker is not None and absent is not None and \
                (raw := partner_named(local.text, match.end())
                 or _named_next(local, match, speaker)) is not None:
            # '"My wife," he said. "Karen."': one the story never shows, told in the past
            # by the speaker's lines ("She got sick"), is a partner gone (dead, left): past;
            # "my ex-wife" is a marriage over
            absent(speaker, *with_partner(local, i, raw), "exwed" if "ex-" in match.group(0)
                   or _told_over(local, i, speaker, _partner_gender(match)) else "partner")
            continue
        elif group == "mine" and listener is not None:
            listener = _partner_around(local, match, speaker, listener)
        pair: tuple[str, ...] | None
        if group in ("told", "exwed"):  # "he loved me": the speaker and the one spoken of
            if speaker is None or _HYPOTHETICAL.search(lower, local.clause(i)[0], i) or \
                    _sung(local, i):
                continue  # "if he loved me", "I wish I'd kissed her", a song's words
            if group == "exwed" and _married_to(local, match, speaker, add, absent):
                continue  # "I was married to Maris", "Her name was Queenie ... my wife"
                # ("I was in love with him" is told, no marriage: `_told` reads it)
            pair, group = _told(local, match, speaker, listener)
        elif speaker is None:  # (a couple asked about needs the one asking)
            pair = tuple(sorted(around, key=str.casefold)) \
                if len(around) == 2 and group not in ("asked", "theywed", "theylove") else None
        else:  # "is that your boyfriend?", "are you two together?": whom it asks about;
            # "and then he married him": the two the line speaks of
            pair = _asked(local, match, speaker, listener, around) if group == "asked" \
                else _wed_of(local, match, speaker, listener) if group in ("theywed", "theylove") \
                else (speaker, listener) if listener else None
        if pair is None and speaker is not None and absent is not None and \
                group in ("told", "mine"):
            _absent_before(local, match, speaker, absent)
        elif pair and len(pair) == 2 and pair[0] != pair[1]:
            # a love a third tells of two others ("he's been in love with her") is what
            # others say of them, as a couple asked about: implied unless they act or say it
            add((pair[0], pair[1]), weight, strong, local.sentence_text(i),
                "asked" if group == "theylove" else group)


def _other_one(group: str, listener: str, around: Set[str]) -> str | None:
    """Who tells two others' love to the one spoken to when no line tag says: the one other
    of a two-person scene ('"Ren? He's been in love with her … a mixtape, Jonas."')."""
    others = set(around) - {listener}
    return next(iter(others)) if group == "theylove" and len(others) == 1 and \
        listener in around else None


def _wed_of(local: Local, match: re.Match, speaker: str,
            listener: str | None) -> tuple[str, str] | None:
    """The two a line's marriage or love is told of ("he worried about Nicky, and then he
    married him", "Ren? He's been in love with her": the two last of those genders the
    talk or narration named, neither the speaker;
    "you married her": the one spoken to and the last woman named): both of the cast, one
    named in the line's paragraph, else nobody (a pronoun reaching further is a guess)."""
    i = match.start()
    if _HYPOTHETICAL.search(local.lower, local.clause(i)[0], i):
        return None  # "if he married him"
    subject = match.group(0).split()[0].split("'")[0]  # "he's been in love with her": he
    obj = match.group(0).rsplit(" ", 1)[1]
    skip: set[str | None] = {speaker}
    if subject == "you":
        first = listener
    else:
        skip.add(listener)
        first = local.talked_of(gender_of(subject), i, skip, before=False)
    if first is None:
        return None
    second = local.talked_of(gender_of(obj), i, {*skip, first})
    if second is None or not (local.in_cast(first) and local.in_cast(second)):
        return None
    start, _end = local.paragraph(i)
    if not any(start <= at < i and name in (first, second)
               for at, name in (*local.mentions, *local.said)):
        return None
    a, b = sorted((first, second), key=str.casefold)
    return a, b


def _asked(local: Local, match: re.Match, speaker: str | None, listener: str | None,
           around: Set[str]) -> tuple[str, str] | None:
    """The couple a third asks about ("Is that your boyfriend?", "Are you two a thing?"):
    the two around besides the speaker; else, for "your boyfriend", the one spoken to and
    the one other person of the noun's gender the paragraph narrates (`_third`)."""
    if speaker is None:
        return None
    others = sorted(around - {speaker}, key=str.casefold)
    if len(others) == 2:
        return others[0], others[1]
    if listener is None or "your" not in match.group(0):
        return None
    meant = _third(local, match.start(), (speaker, listener),
                   _PARTNER_GENDER.get(match.group(0).split()[-1]))
    return (listener, meant) if meant else None


# A name opening a sentence of a line, and the word after it ('... you know," Mitzi said.
# "Atlas came home'): its subject.
_OPENING_NAME = re.compile(r"[\"“]?([A-Z][a-z'’-]+) ([a-z]+)")
# Words after a sentence's first word that make it a verb ("Took the kids", "Left me").
_OBJECTS = frozenset("""the a an his her my your their our its me him us them it you this that
these those to up out off back down in on at with for from she he i we they""".split())
_OF_GENDER = {"m": re.compile(r"\b(?:he|him|his)\b"), "f": re.compile(r"\b(?:she|her)\b")}


def _no_name(word: str) -> bool:
    """Whether a capitalised word opening a line's sentence is no one's name: an opener
    ("Well"), a stop word, a title or a kin word."""
    first = word.casefold()
    return word in OPENERS or first in STOP or first in TITLES or bool(_KIN_WORD.fullmatch(first))


def _not_said_by(local: Local, at: int, speaker: str) -> bool:
    """Whether the name at `at` is one of the cast, or is not in the speaker's own lines."""
    return any(at == where for where, _name in local.mentions) \
        or not local.spoken(at) or local.speaker(at) != speaker


def _named_next(local: Local, match: re.Match, speaker: str) -> tuple[str, int] | None:
    """The partner a "my husband" of a line names in the speaker's next sentences: one the
    cast lacks, opening one of the next three sentences of the speaker's lines in its
    paragraph as their subject, told by the noun's pronoun in that sentence ('"She did that
    to my husband," Mitzi said. "The first time he went down there. ... Atlas came home and
    said he'd met ..."'), as written and where it ends. Not where the line makes the one
    spoken to the partner ("you're my wife")."""
    i, end = match.start(), match.end()
    gender = _partner_gender(match)
    if gender is None or _to_you(local, i, end):
        return None
    stop = local.paragraph(i)[1]
    for _ in range(3):
        end = local.sentence(end)[1]
        if end >= stop:
            return None
        found = _OPENING_NAME.match(local.text, end)
        if found is None:
            continue
        name, at = found.group(1), found.start(1)
        if _no_name(name):
            continue  # "The first time he went", "Yesterday he"
        if _not_said_by(local, at, speaker):
            return None  # one of the cast, or no longer the speaker's lines
        if found.group(2) not in _OBJECTS and \
                _OF_GENDER[gender].search(local.lower, found.end(), local.sentence(at)[1]):
            return name, found.end(1)
    return None


# Verbs of a line telling of the past ("She got sick", "Atlas came home", "I wasn't") and of
# the present or future ("she's", "is", "will"): whose tense a remembered partner is told in.
_SAID_PAST = re.compile(r"\b(?:(?:was|were|had|did)(?:n't)?|got|went|came|knew|thought|said|"
                        r"told|used to|left|died)\b")
_SAID_NOW = re.compile(r"\b(?:is|are|am|has|does|will|won't|isn't|aren't|doesn't)\b|"
                       r"'(?:re|ll|m)\b")
# The partner told of in the present: "she's", "he is", "she'll" — a partner who is alive and
# still theirs, whatever the rest of the line tells in the past.
_PARTNER_NOW = {"f": re.compile(r"\bshe(?:'s|’s| is|'ll| will| has)\b"),
                "m": re.compile(r"\bhe(?:'s|’s| is|'ll| will| has)\b")}


def _lines_of(local: Local, start: int, stop: int, speaker: str) -> str:
    """The speaker's lines between two positions of a paragraph, lower case, joined."""
    said: list[str] = []
    at = local.quote(start)[0] if local.spoken(start) else start
    while at < stop:
        lo, hi = local.quote(at + 1)
        if local.spoken(at + 1) and local.speaker(at + 1) == speaker:
            said.append(local.lower[max(lo, start):min(hi, stop)])
        at = max(hi, at + 1)
    return " ".join(said)


def _told_over(local: Local, i: int, speaker: str, gender: str | None) -> bool:
    """Whether the speaker's lines of the paragraph, from the one holding a "my wife" at i,
    tell of the past (at least three past verbs, more than twice the present ones) and never
    tell the partner in the present ("she's at her mother's"): a spouse only spoken of, and so,
    is remembered, not waiting at home. Dialogue is where a living partner is told in the
    present; the narration's tense says nothing (most stories are told in the past)."""
    text = _lines_of(local, local.quote(i)[0], local.paragraph(i)[1], speaker)
    if gender is None or _PARTNER_NOW[gender].search(text):
        return False
    past = len(_SAID_PAST.findall(text))
    return past >= 3 and past > 2 * len(_SAID_NOW.findall(text))


def _partner_around(local: Local, match: re.Match, speaker: str | None,
                    listener: str) -> str | None:
    """The one a line's "my wife" names among those around: the one spoken to when the line
    says it to them and they fit, else ("you've met my wife") the one other fitting person."""
    i = match.start()
    gender = _partner_gender(match)
    if fits(listener, gender, local.genders) and _to_you(local, i, match.end()):
        return listener
    return _third(local, i, (speaker, listener), gender)


def _absent_before(local: Local, match: re.Match, speaker: str,
                   absent: Callable[..., None]) -> None:
    """A line's love told ("I asked her to marry me") or "my wife" that no one around fits:
    of the partner the speaker's line named just before (`_named_before`), if any; one the
    story never shows whom the speaker's lines tell of in the past (`_told_over`), or a love
    told in the past tense of her (`_TOLD_PAST`), is a partner gone; "my ex-wife" is a
    marriage over."""
    said, i = match.group(0), match.start()
    mine = match.lastgroup == "mine"
    gender = _partner_gender(match) if mine else gender_of(_TOLD_OF.findall(said)[0])
    over = "ex-" in said or _told_over(local, i, speaker, gender) or (
        not mine and gender is not None and _TOLD_PAST.search(said) is not None
        and _PARTNER_NOW[gender].search(
            _lines_of(local, local.quote(i)[0], local.paragraph(i)[1], speaker)) is None)
    kind = ("exwed" if over else "partner") if mine else ("parted" if over else "told")
    raw = _named_before(local, i, speaker, gender)
    if raw is not None:  # '"Diane," he said. "She went to write a book. I asked her to ..."'
        absent(speaker, *with_partner(local, i, raw), kind)


def _partner_gender(match: re.Match) -> str | None:
    """The gender of the partner a "my wife", "my ex-husband" names."""
    return _PARTNER_GENDER.get(match.group(0).split()[-1].removeprefix("ex-"))


# A name opening a sentence of a line, alone ('"Diane," he said.') or as its subject.
_LINE_NAME = re.compile(r"[\s\"“]*([A-Z][a-z'’-]+)(?=[,.!?]| [a-z])")


def _named_before(local: Local, i: int, speaker: str, gender: str | None) -> tuple[str, int] | None:
    """The partner a line's "my wife" or "I asked her to marry me" at i names before it: a
    name the cast lacks opening one of the speaker's two sentences before, in the paragraph,
    taken up by the partner's pronoun before i ('"Diane," he said. "She went to write a
    book. I asked her to marry me."'), as written and where it ends. A partner talked of is
    often named once, where the talk turns to them."""
    if gender is None:
        return None
    top = local.paragraph(i)[0]
    start = local.sentence(i)[0]
    for _ in range(2):
        if start <= top:
            return None
        start = max(local.sentence(start - 1)[0], top)
        found = _LINE_NAME.match(local.text, start)
        if found is None:
            continue
        name, at = found.group(1), found.start(1)
        if _no_name(name):
            continue
        if _not_said_by(local, at, speaker):
            return None  # one of the cast, or not the speaker's lines
        if _OF_GENDER[gender].search(local.lower, found.end(), i):
            return name, found.end(1)
    return None


def _sung(local: Local, i: int) -> bool:
    """Whether the line at i is sung or recited: its paragraph's narration says so ('"She
    was my girl," he sang'): a song's or a book's words, not the speaker's own life."""
    start, end = local.paragraph(i)
    return any(not local.spoken(match.start())
               for match in _SUNG.finditer(local.lower, start, end))


def _married_to(local: Local, match: re.Match, speaker: str, add: Add,
                absent: Callable[..., None] | None) -> bool:
    """'"I was married to Maris," he said': the speaker's past marriage with the one named
    after it, of the cast or not (`absent`); '"Her name was Queenie," he says. "... She was
    my wife"': with the one the speaker's lines name (`_name_given`). Whether the line was
    read so."""
    i = match.start()
    if not match.group(0).startswith("i was"):
        raw = _name_given(local, match, speaker) if absent is not None else None
        if absent is None or raw is None:
            return False
        absent(speaker, *with_partner(local, i, raw), "exwed")
        return True
    weight, strong = _LINE_WEIGHTS["exwed"]
    named = _named_after(local, match.end())
    if named is not None and named != speaker:
        add((speaker, named), weight, strong, local.sentence_text(i), "exwed")
    elif absent is not None and (raw := partner_named(local.text, match.end())):
        absent(speaker, *with_partner(local, i, raw), "exwed")
    return True


# "Her name was Queenie", "his name's Tom": a name given in a line (the pronoun's gender).
_NAME_WAS = re.compile(r"\b(?i:(his|her))\s+name(?:\s+was|\s+is|'s|’s)\s+"
                       r"([A-Z][a-z'’-]+)(?=[\s,.;:!?\"—–-])")


def _name_given(local: Local, match: re.Match, speaker: str) -> tuple[str, int] | None:
    """The name the speaker's lines of the paragraph give the one a "she was my wife" is
    told of ('"Her name was Queenie," he says. "... She was my wife"'), as written and where
    it ends: the partner word ties the name to a person (a "her name was" alone names no one
    surely: a dog's, a ship's). Not a cast member called so (the cues place those)."""
    gender = gender_of(_TOLD_OF.findall(match.group(0))[0])
    start, end = local.paragraph(match.start())
    for found in _NAME_WAS.finditer(local.text, start, end):
        name, at = found.group(2), found.start()
        first = name.casefold()
        if gender_of(found.group(1).lower()) != gender or first in STOP or first in TITLES \
                or _KIN_WORD.fullmatch(first) or not local.spoken(at) \
                or local.speaker(at) != speaker:
            continue
        return name, found.end(2)
    return None


def _told(local: Local, match: re.Match, speaker: str,
          listener: str | None) -> tuple[tuple[str, str] | None, str]:
    """The speaker and the one a "told" line speaks of ("he loved me", "she was my wife"):
    one its paragraph or block names, else the one the scene's talk keeps naming and its
    narration never shows (`Local.remembered`), else the last of that gender narrated; with
    the cue's kind, "recalled" for a love told in the past of someone the scene lacks."""
    i, group = match.start(), match.lastgroup or ""
    gender = gender_of(_TOLD_OF.findall(match.group(0))[0])
    skip = {speaker, listener}
    other = _spoken_of(local, i, gender, speaker) or \
        local.talked_of(gender, i, skip, before=False) or local.remembered(gender, i, skip) \
        or local.last.get(gender, {n for n in skip if n}, exact=True)
    if other is not None and group == "told" and (match.group(0).startswith("i was in love") or (
            local.absent(other) and (_OVER.search(match.group(0)) is not None or (
                _TOLD_PAST.search(match.group(0)) is not None
                and _told_over(local, i, speaker, gender))))):
        # "he loved me"; "I kissed him" in lines told all in the past, never of him now
        # (`_told_over`, as of a partner the cast lacks: `_absent_before`); "I was in love
        # with him", of one talked of, is a love told as over wherever he is
        group = "recalled"
    if other and local.in_cast(other):
        return (speaker, other), group
    return None, group


# The one a "told" line speaks of, and a love told as over ("he loved me", "I loved her"; not
# "he loves me", nor "she married me" or "I kissed him", which a couple together still say).
_TOLD_OF = re.compile(r"\b(?:he|she|him|her)\b")
_OVER = re.compile(r"\bloved\b")
# A love told in the past tense ("I asked her to marry me", "she kissed me"; not "I married
# her", said of a marriage still going): of a partner the story never shows, one gone unless
# the lines tell her in the present ("she is thinking it over").
_TOLD_PAST = re.compile(r"\b(?:loved|kissed|asked|was)\b")
# Narration that makes a line sung or recited (`_sung`).
_SUNG = re.compile(r"\b(?:sang|sings|sing|singing|sung|hummed|hums|humming|crooned|croons|"
                   r"recited|recites|reciting|quoted|quotes|quoting|read aloud|reads aloud)\b")
# A line's love only wished or supposed, just before it in its clause: "if he loved me",
# "I wish I'd kissed her", "as though she was my wife".
_HYPOTHETICAL = re.compile(r"\b(?:if|wish|wished|as though|as if|suppose|imagine|pretend|"
                           r"pretending|whether|unless|maybe)\b[^,;.!?]{0,30}$")


def hypothetical(lower: str, start: int, i: int) -> bool:
    """Whether the clause from `start` to a cue at i supposes or wishes it ("if he loved me")."""
    return _HYPOTHETICAL.search(lower, start, i) is not None


def _spoken_of(local: Local, i: int, gender: str, speaker: str) -> str | None:
    """Whom a "him"/"her" of a line at i stands for when the speaker's own lines of its
    paragraph named someone before it, not calling them ('"When I met Corwin," Hesper said,
    ... "I married him anyway."': Corwin, whoever the line is said to)."""
    start = local.paragraph(i)[0]
    for at, name in reversed(local.said):
        if start <= at < i and name != speaker and local.genders.get(name) in (gender, None) \
                and not local.text[max(0, at - 2):at].endswith(('"', ", ")):
            return name
    return None


_ASKED_TO = re.compile(r"\b(?:ask|asks|asked|asking|beg|begged|begging|want|wanted|wants) "
                       r"(?:her|him|them) to $")


# "You're my wife", "be my girlfriend", "my husband, you": the line makes the one spoken to the
# partner; without a "you" in its clause "my wife" is someone else ("you've met my wife").
_YOU = re.compile(r"\byou(?:'re| are| were| be|'ll be| will be|'d be| would be)?"
                  r"(?: (?:still|always|really|only|now|truly|not))?\s+$")
_BE_MY = re.compile(r"\b(?:be|become)\s+$")
# (not "my husband, you know": a "you" of a filler is no one called)
_AFTER_YOU = re.compile(r",? you\b(?! know\b| see\b| understand\b| remember\b| realis| realiz)")


def _to_you(local: Local, i: int, end: int) -> bool:
    """Whether "my wife" between i and `end` is said of the one spoken to: "you're my wife",
    "will you be my girlfriend", "my husband, you"."""
    start = max(local.quote(i)[0], local.clause(i)[0], i - 30)
    before = local.lower[start:i]
    return _YOU.search(before) is not None or _BE_MY.search(before) is not None or \
        _AFTER_YOU.match(local.lower, end) is not None


def _third(local: Local, i: int, skip: tuple[str | None, ...],
           gender: str | None) -> str | None:
    """Whom "my wife" in the line at i means when not the one spoken to: the one other person
    its paragraph narrates, not one of `skip` (the speaker, the one spoken to) nor one its
    lines name ('"Mrs. Desmond," he said, sliding in beside Yor. "I see you've met my
    wife."': Mrs. Desmond is spoken to), of the noun's gender or of none the text told;
    nobody else around (a wife spoken of is most often not in the room: "I'll have to ask my
    wife," said Anselm to Petra)."""
    start, end = local.paragraph(i)
    called = {name for at, name in local.said if start <= at < end}
    if called:  # the one its lines call is the one spoken to, not a guess
        skip = (skip[0],)
    others = {name for at, name in local.mentions
              if start <= at < end and name not in skip and name not in called}
    known = [n for n in others if local.genders.get(n) == gender] or \
        [n for n in others if local.genders.get(n) is None]
    return known[0] if len(known) == 1 else None


# A partner named right after the noun: "his wife, Karen", "my husband Carlos", or in the next
# line after its attribution ('"My wife," he said. "Karen.'); a name of one or two words.
_APPOSED = re.compile(r",? ([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)(?=[\s,.;:!?\"])")
# "my wife's name was Karen", "his husband's name is Tom": the name the noun is given.
_NAME_OF = re.compile(r"(?:'s|’s)? name (?:was|is) ([A-Z][a-z'-]+)(?=[\s,.;:!?\"])")
_NEXT_LINE = re.compile(r',"[^"\n]{1,40}?[.,] "([A-Z][a-z\'-]+)[.!?,]')


def partner_named(text: str, end: int) -> tuple[str, int] | None:
    """The name a partner noun ending at `end` is followed by, as written, and where it ends,
    if any (not a word that opens sentences, a title or a kin word: "his wife, Mum")."""
    match = _APPOSED.match(text, end) or _NEXT_LINE.match(text, end) or \
        _NAME_OF.match(text, end)
    if match is None:
        return None
    name = match.group(1)
    first = name.split()[0].casefold()
    if first in STOP or first in TITLES or _KIN_WORD.fullmatch(first):
        return None
    return name, match.end(1)


def with_partner(local: Local, i: int, named: tuple[str, int]) -> tuple[str, str]:
    """The partner's name and the evidence: the sentence of position i, on to the name."""
    start, end = local.sentence(i)
    return named[0], " ".join(local.text[start:max(end, named[1])].split())[:300]


def _named_after(local: Local, end: int) -> str | None:
    """The character named right after position `end` in dialogue ("my husband, Carlos"):
    whom the words before it name."""
    for at, name in local.said:
        if end <= at <= end + 2 and local.text[end:at] in ("", " ", ", "):
            return name
    return None


# Family called out or owned: "Dad", "kiddo", "Uncle Iroh", "my sister".
_KIN = (r"dad|daddy|mom|mum|mommy|mummy|papa|mama|father|mother|son|uncle|aunt|auntie|kiddo|"
        r"sis|brother|sister|grandpa|grandma|grandmother|grandfather|grandson|granddaughter|"
        r"gran|granny|grandad|granddad|gramps|nan|nana|nanna|nephew|niece|cousin")
# Kin called out ('"Dad,"', '", Gran?"'); not "my father", which speaks of a third person.
_KIN_LINE = re.compile(rf"(?:^|[,\"] ?)(?:{_KIN})(?= ?[.!?,\"]|$)")
_KIN_TOLD = re.compile(rf"\b(?:his|her) (?:{_KIN})\b")


def read_family(local: Local, around: Set[str],
                add: Callable[[tuple[str, str], bool], None]) -> None:
    """Pairs the block shows to be family: one calls the other "Dad" or "Gran" (`add(pair,
    True)`: what a reader takes as settled), or the narration says "his son" with only the
    two of them in the sentence (`add(pair, False)`: the son may be a third person). "My
    sister" said to someone is no sign: the sister is a third person, the speaker's. A kin
    word the name table took for a name ("Gran") is whom it calls no one."""
    lower = local.lower
    for match in _KIN_LINE.finditer(lower):
        i = match.start()
        if local.spoken(i):
            speaker = local.speaker(i)
            listener = local.addressee(i, speaker, around, guess=False)
            people = around - _kin_named(around)
            if listener is not None and _kin_named({listener}):
                listener = _answered(local, i, speaker, people)
            if speaker is None and listener is not None:  # a line with no "said": the turn
                speaker = local.previous_speaker(i, listener)
            if speaker is None and len(people) == 2 and (listener is None or listener in people):
                speaker, listener = sorted(people)  # the only two there
            if speaker and listener and speaker != listener and not _kin_named({speaker}):
                add((speaker, listener), True)
    for match in _KIN_TOLD.finditer(lower):
        i = match.start()
        if not local.spoken(i):
            start, end = local.sentence(i)
            # the pronoun owning a kin word may be the kin's own ("her son ... spoiled by his
            # aunt": the son's aunt): it shows no one of the pair
            owners = {m.start() for m in _KIN_TOLD.finditer(lower, start, end)}
            people = local.people(start, end, owners)
            if len(people) == 2:
                a, b = sorted(people, key=str.casefold)
                add((a, b), False)


def _answered(local: Local, i: int, speaker: str | None, around: Set[str]) -> str | None:
    """Whom a line calling out a kin word is for: the one who spoke before, else the one
    other person around."""
    answered = local.previous_speaker(i, speaker)
    if answered is not None and not _kin_named({answered}):
        return answered
    others = [name for name in around if name != speaker]
    return others[0] if len(others) == 1 else None


_KIN_WORD = re.compile(rf"(?:{_KIN})", re.IGNORECASE)


def _kin_named(names: Set[str]) -> set[str]:
    """The names that are only a kin word ("Gran", "Dad")."""
    return {name for name in names if _KIN_WORD.fullmatch(name)}
