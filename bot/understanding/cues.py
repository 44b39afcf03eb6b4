"""Words the relationship pass looks for in a block: pronouns and romantic, partner, past,
friendship and family cues, and the words that make a block worth reading for romantic acts
and lines of dialogue (bot.understanding.events). Kept apart so the block tokeniser can keep
exactly the words some step reads.
"""

from __future__ import annotations

HE = frozenset({b"he", b"him", b"his", b"himself", b"he's", b"he'd", b"he'll"})
SHE = frozenset({b"she", b"her", b"hers", b"herself", b"she's", b"she'd", b"she'll"})

# Block words that point at romance between whoever is in the block, with weights.
ROMANCE_WORDS = {
    b"kiss": 1.0, b"kissed": 1.0, b"kisses": 1.0, b"kissing": 1.0, b"lover": 0.6,
    b"lovers": 1.0, b"dating": 0.6, b"flirting": 0.6, b"flirted": 0.6, b"snogging": 1.0,
    b"snogged": 1.0, b"caressed": 0.5, b"nuzzled": 0.5,
}
ROMANCE_WORDSET = frozenset(ROMANCE_WORDS)
ROMANCE_PHRASES = (("i love you", 1.0), ("in love with", 0.8), ("made love", 1.0),
                    ("love you too", 1.0))
VERB_WORDS = frozenset(
    b"love loved loves kiss kissed kisses need needed needs want wanted wants adore adored "
    b"worship worshipped worships married".split())
# Partners the owner had: "her ex", "his ex-wife" (a past romance).
EX_WORDS = frozenset({b"ex", b"ex-girlfriend", b"ex-boyfriend", b"ex-wife", b"ex-husband"})
PARTNER_WORDS = frozenset(
    b"girlfriend boyfriend wife husband lover girl boy fiance fiancee beloved girlfriend's "
    b"boyfriend's wife's husband's lover's girl's boy's widow widower widow's "
    b"widower's".split()) | {
        "fiancé".encode(), "fiancée".encode()} | EX_WORDS
PAST_WORDS = frozenset({b"ex", b"ex-girlfriend", b"ex-boyfriend", b"ex-wife", b"ex-husband",
                         b"ended", b"mourn", b"mourned", b"broke", b"divorced", b"widow",
                         b"widower", b"used", b"ago", b"anymore", b"gone", b"died"})
FRIEND_WORDS = frozenset({b"friend", b"friends", b"friendship", b"buddy", b"pal", b"mate",
                           b"brother", b"sister", b"brothers", b"sisters", b"bestie",
                           b"best"})

# Words that make two people family: weak cues between them are parents' and siblings'.
FAMILY_WORDS = frozenset(
    b"dad daddy father mom mommy mum mummy mother son daughter brother sister uncle aunt "
    b"auntie nephew niece kiddo grandpa grandma granddad grandmother grandfather cousin sis "
    b"papa mama gran granny grandad gramps nan nana nanna grandson granddaughter".split())
# Tokens that make a block worth reading for romantic acts and lines (bot.understanding.events).
TRIGGERS = frozenset(
    b"kiss kissed kisses kissing snog snogged snogging love lover lovers honeymoon woke hands "
    b"fingers date dating married proposed wedding anniversary flirt flirted flirting "
    b"flirts cuddle cuddled cuddling snuggled snuggling nuzzled caressed husband wife "
    b"girlfriend boyfriend fiance fiancee missus darling sweetheart babe baby dearest honey "
    b"sweetie slept broke split divorced pressed brushed lips mouth mouths engaged engagement "
    b"crush marry blush blushed blushing hand pink proposes proposing wakes waking breaks "
    b"splits bed blanket blankets quilt covers duvet doona comforter sheet sheets".split()) | {
        "fiancé".encode(), "fiancée".encode()}

# Words without one of which a block holds no romantic act (events._ACTS) or line of dialogue
# (events._LINES): the pair search skips those regexes for blocks without them.
ACT_WORDS = frozenset(
    b"kiss kissed kisses kissing snog snogs snogged snogging love lover lovers honeymoon woke "
    b"slept hand hands fingers date dating married proposed wedding anniversary flirt flirted "
    b"flirting flirts cuddle cuddles cuddled cuddling cuddly snuggle snuggles snuggled "
    b"snuggling snuggly nuzzle nuzzles nuzzled nuzzling caress caresses caressed "
    b"caressing broke break breaking split divorced pressed brushed lips mouth mouths engaged "
    b"engagement crush marry blush blushes blushed blushing pink scarlet night shoulder "
    b"chest chin cheek proposes proposing wakes waking breaks splits palm collar tie lapel "
    b"lapels arm nose bed blanket blankets quilt covers duvet doona comforter sheet "
    b"sheets".split())
LINE_WORDS = frozenset(
    b"love loved married engaged marry kiss kissed wife husband girlfriend boyfriend fiance "
    b"fiancee missus lover loves darling sweetheart babe baby dearest honey sweetie "
    b"date falling fallen feelings two ex-wife ex-husband".split()) | {
        "fiancé".encode(), "fiancée".encode()}

# Standings one person holds to another, told by a servant, a ward or a vassal ("my master",
# "her lady"): `people.standings` reads a block holding one.
STANDING_WORDS = frozenset(b"master mistress lord lady guardian".split())

# Every block word any step looks up (besides the mood lexicon).
CUE_WORDS = (HE | SHE | ROMANCE_WORDSET | VERB_WORDS | PARTNER_WORDS | PAST_WORDS
             | FRIEND_WORDS | {b"love", b"loved", b"loves"} | FAMILY_WORDS | TRIGGERS
             | ACT_WORDS | LINE_WORDS | STANDING_WORDS)
