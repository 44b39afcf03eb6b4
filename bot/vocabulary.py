"""The catalog's vocabulary, defined once: ratings and where each may be shown, moods, statuses,
relationship kinds and modifiers, file formats, and the value that names a relationship.

Every layer (parsers, understanding, catalog, search, daily post, cogs) speaks these words; none
keeps its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- ratings ---------------------------------------------------------------------------------

RATINGS = ("general", "teen", "mature", "explicit", "not-rated")  # what a story may carry
CEILINGS = ("general", "teen", "mature", "explicit")  # what a channel may allow, in order
RATING_LABELS = {"general": "General", "teen": "Teen", "mature": "Mature",
                 "explicit": "Explicit", "not-rated": "Not rated"}
# What fans call each rating (folded: "Teen And Up Audiences" is "teen and up audiences",
# "NC-17" "nc 17", "18+" "18 +"): AO3's names, its letters, fanfiction.net's and film ratings.
# A letter or a short word ("t", "teen", "general") names a rating only beside "rated" or a
# direction ("T or lower", "nothing above teen"); a longer name stands alone.
RATING_NAMES = {
    "general": ("general audiences", "general audience", "gen audiences", "general", "g", "k",
                "k +", "all ages"),
    "teen": ("teen and up audiences", "teen and up", "teen audiences", "teen", "teens", "t",
             "pg 13", "pg13"),
    "mature": ("mature", "mature audiences", "m", "r", "ma"),
    "explicit": ("explicit", "e", "nc 17", "nc17", "18 +", "adult", "adults only"),
    "not-rated": ("not rated", "unrated", "no rating"),
}
# A story that states no rating may hold anything short of explicit: it counts as mature.
_LEVEL = {"general": 0, "teen": 1, "mature": 2, "not-rated": 2, "explicit": 3}
DEFAULT_CEILING = "teen"  # ordinary channels until a server says otherwise; direct messages
ORDINARY_MAX = "mature"  # explicit never outside age-restricted channels, whatever the settings


def rating_level(rating: str) -> int:
    """0 (general) to 3 (explicit); anything unknown is treated as explicit, the strictest."""
    return _LEVEL.get(rating, _LEVEL["explicit"])


def allowed(rating: str, ceiling: str) -> bool:
    """May a story rated `rating` be shown where the ceiling is `ceiling`?"""
    return rating_level(rating) <= rating_level(ceiling)


def ratings_within(ceiling: str) -> tuple[str, ...]:
    """The stored ratings a ceiling admits, in order ("teen" -> general, teen)."""
    return tuple(r for r in RATINGS if allowed(r, ceiling))


def valid_ceiling(value: str | None) -> str:
    """A stored ceiling as it may be trusted: an unknown or damaged value is the default."""
    return value if value in CEILINGS else DEFAULT_CEILING


# What a server shows of stories that state no rating: none in ordinary channels ("hide", the
# default), or those whose text reads as teen or lower ("estimate": bot/understanding/
# rating_estimate.py, computed at ingest; a story with explicit content never reads as teen).
NOT_RATED_CHOICES = ("hide", "estimate")

# How a server takes its members' recommendations: from everyone, from members with a chosen
# role, or from everyone through the moderators' approval queue.
RECOMMEND_MODES = ("open", "role", "queue")
RECOMMEND_DAILY_CAP = 5  # recommendations a member may add per day until a server sets its own
ESTIMATE_SHOWN = ("general", "teen")


def shown_rating(rating: str, estimate: str | None, not_rated: str = "hide") -> str:
    """The rating a story counts as where it would be shown: its own, or for a not-rated
    story on a server that chose "estimate", what its text reads as (teen or lower only).
    A not-rated story whose text reads as explicit counts as explicit everywhere: it never
    shows outside age-restricted channels, even where mature stories may."""
    if rating == "not-rated" and estimate == "explicit":
        return "explicit"
    if rating == "not-rated" and not_rated == "estimate" and estimate in ESTIMATE_SHOWN:
        return estimate
    return rating


def channel_ceiling(rating_max: str | None, *, allow_mature_nsfw: bool,
                    allow_explicit_nsfw: bool, in_guild: bool, age_restricted: bool) -> str:
    """The highest rating one place may show. Explicit only in age-restricted channels (and
    there only when the server allows it); mature in ordinary channels only when the server
    raised its ceiling; direct messages never above the default."""
    if not in_guild:
        return DEFAULT_CEILING
    ordinary = valid_ceiling(rating_max)
    if rating_level(ordinary) > rating_level(ORDINARY_MAX):
        ordinary = ORDINARY_MAX
    if age_restricted:
        if allow_explicit_nsfw:
            return "explicit"
        if allow_mature_nsfw:
            return "mature"
    return ordinary


# --- exclusions ------------------------------------------------------------------------------

# What a server (Manage Server) or a member can exclude, each kept as it was typed and resolved
# against the catalog by the search (bot/search/exclusions.py): a tag family (warnings too), a
# character, a ship ("A/B", or "*/X": every ship with X), a fandom, one work (its id).
EXCLUSION_KINDS = ("tag", "character", "ship", "fandom", "story")

# --- moods, statuses, relationships ----------------------------------------------------------

MOODS = ("angst", "fluff", "hurt-comfort", "humor", "romance", "dark", "horror", "adventure",
         "bittersweet", "friendship")
MOOD_SHOWN = 0.2  # a mood scoring at least this is shown on a card and counts for the daily post
# Moods that cannot both describe one story: a story its author tags fluff is never horror.
_OPPOSED = (("fluff", "angst"), ("fluff", "dark"), ("fluff", "horror"), ("fluff", "bittersweet"),
            ("humor", "angst"), ("humor", "dark"), ("humor", "horror"))
MOOD_CONTRADICTIONS: dict[str, frozenset[str]] = {
    mood: frozenset({b for a, b in _OPPOSED if a == mood} | {a for a, b in _OPPOSED if b == mood})
    for mood in MOODS}
# What fans say for each mood, the one request-to-mood map (the search reads requests with it,
# the understanding has its own lexicon of what stories say): single words, then "|" and
# phrases split by ";", all folded (lower case, no punctuation: "heart-breaking" is "heart
# breaking"). A phrase here is read as the mood, never searched for as words.
MOOD_PHRASES = {
    "angst": "angst angsty angstfest sad sadness saddest cry crying cries tears tearjerker weep "
             "weepy heartbreak heartbreaking heartbroken heartache heartwrenching depressing "
             "grief grieving mourning tragic tragedy sorrow melancholic miserable painful whump "
             "heavy heavier gutwrenching devastate devastated tissues downer"
             "|make me cry;made me cry;sad ending;feel bad;want to cry;wanna cry;a good cry;"
             "good cry;need a cry;ugly cry;sob;sobbing;make me sob;cry my eyes out;"
             "break my heart;rip my heart out;heart breaking;heart wrenching;gut wrenching;"
             "gut punch;tear jerker;hurts so good;emotional damage;emotionally damaged;feels;"
             "all the feels;hurts;that hurts;it hurts;hurt me;break me;gut me;shatter me;"
             "sad endings;unhappy ending;unhappy endings;tragic ending;tragic endings;"
             "bad ending;bad endings;emotionally destroyed;destroy me;wreck me;ruin me;"
             "emotionally devastated;devastating;devastate me;sad boi;sad boi hours;"
             "make me feel something;feel something;grab tissues;bring tissues;need tissues",
    "fluff": "fluff fluffy cozy cosy cute sweet wholesome soft tender heartwarming "
             "happy cheerful adorable domestic gentle comfy feelgood cuddly cuddles snuggly "
             "joyful delightful serotonin"
             "|happy ending;happy endings;feel good;feelgood;comfort read;"
             "comfort fic;cozy read;warm fuzzy;warm and fuzzy;pick me up;bad day;"
             "something happy;ends happy;ends happily;"
             "ending happy;happily ever after;ends well;happy end;tooth rotting fluff;"
             "teeth rotting fluff;tooth rotting;teeth rotting;pure fluff;warm inside;quiet;calm;"
             "peaceful;low stakes;chill;relaxing;light fluff;a little fluff;"
             "feel warm;feel warm inside;warm fuzzies;warms my heart;warm my heart;"
             "good vibes;happy vibes;brighten my day;make me happy",
    "hurt-comfort": "comfort comforting caretaking whumpfic hug hugs"
                    "|hurt comfort;hurt and comfort;taking care;h c;looks after;look after;"
                    "looking after;takes care;take care;taking care of;nursing;patches up;"
                    "gets hurt;need a hug;needs a hug;hug in story form;comfort me;"
                    "being held;warm hug;warm hugs;big hug",
    "humor": "humor humour funny funniest hilarious comedy comedic crack crackfic silly lol "
             "laugh laughing laughs lighthearted parody banter witty hilarity goofy ridiculous "
             "giggle giggles snort cackle cackling dorky dorks absurd whimsical whimsy playful"
             "|light hearted;make me laugh;pure crack;chaotic;chaos;unhinged;shenanigans;"
             "laugh out loud;dumb fun",
    "romance": "romance romantic love lovers dating courtship flirting "
               "swoon swoony smitten shippy yearning|in love;falling in love;idiots in love;"
               "lovey dovey",
    "dark": "dark darker grim bleak violent violence twisted disturbing gritty brutal "
            "noir sinister torture darkfic|dark fic;villain wins;villains win;bad guy wins;"
            "bad guys win;evil wins;villain pov;villains pov;messed up;morally grey;morally gray",
    "horror": "horror creepy scary spooky haunted haunting terrifying frightening eerie "
              "nightmare nightmares gore halloween monsters chilling unsettling"
              "|scare me;ghost story;ghost stories;spooky season;spooky szn",
    "adventure": "adventure adventures action quest journey exciting thrilling heist chase "
                 "swashbuckling expedition|road trip",
    "bittersweet": "bittersweet melancholy wistful nostalgic nostalgia poignant reflective "
                   "hopeful"
                   "|sweet and sad;happy sad;sad but hopeful;sad yet hopeful;sad and hopeful;"
                   "sad but sweet;sad but happy;happy but sad;cute but sad;sweet but sad;"
                   "sad but cute;hurts in a good way;hurt in a good way;bittersweet ending;"
                   "bittersweet endings;good kind of hurt;good kind of sad;good kind of pain",
    "friendship": "friendship friends friend buddies pals bromance besties bff bffs"
                  "|found family;best friends",
}
# Plain words that ask for either of two moods: "something light" is funny or fluffy, a story
# that cheers one up either.
MOOD_EITHER: dict[str, tuple[str, ...]] = {
    "light": ("fluff", "humor"), "lighter": ("fluff", "humor"), "light read": ("fluff", "humor"),
    "something light": ("fluff", "humor"), "cheer me up": ("fluff", "humor"),
    "cheer up": ("fluff", "humor"), "cheering up": ("fluff", "humor"),
    "cheering me up": ("fluff", "humor"), "make me smile": ("fluff", "humor"),
    "smile": ("fluff", "humor"), "uplifting": ("fluff", "humor"), "fun": ("humor", "fluff"),
}


# Moods a story may have that also meet a mood asked for, as readers use the words: a horror
# story is dark ("dark vibes" finds the haunting). Only for a mood asked, never one left out.
MOOD_FAMILY: dict[str, tuple[str, ...]] = {"dark": ("horror",)}


def mood_words() -> dict[str, str]:
    """MOOD_PHRASES as a map from each word or phrase (and each mood's own name) to its mood."""
    out: dict[str, str] = {}
    for mood, entry in MOOD_PHRASES.items():
        single, _, phrases = entry.partition("|")
        for word in single.split():
            out[word] = mood
        for phrase in filter(None, phrases.split(";")):
            out[phrase.strip()] = mood
        out[mood.replace("-", " ")] = mood
    return out


STATUSES = ("complete", "in-progress", "unknown")
KINDS = ("romantic", "platonic")
MODIFIERS = ("past", "implied", "background", "one-sided", "pre-slash", "mentioned", "future")
# The words a relationship tag or a request puts before a pairing for each modifier
# ("unrequited Spike/Buffy", "past drarry"), as regular expressions.
MODIFIER_WORDS = (
    ("one-sided", r"one[\s-]*sided|unrequited"),
    ("past", r"past|former|previous|ex"),
    ("implied", r"implied|implicit|hinted"),
    ("background", r"background|minor|side|slight"),
    ("pre-slash", r"pre[\s-]*slash|pre[\s-]*relationship|pre[\s-]*ship"),
    ("mentioned", r"mentions?\s+of|mentioned|referenced|brief"),
    ("future", r"future|eventual|endgame"),
)

# Formats, one per family and container; `Story.format` holds one of these.
FORMATS = (
    "ao3-html", "ao3-epub", "ao3-text", "ao3-pdf",
    "fanficfare-txt", "fanficfare-html", "fanficfare-epub",
    "ffnet-text", "header-text", "tumblr", "markdown", "plain",
    "web-page",  # a story page saved from a site (LiveJournal, fanfiction.net, an archive)
    "epub",  # an EPUB from another maker (FicHub, WebToEpub, calibre, other tools)
)


@dataclass(frozen=True, slots=True, order=True)
class RelationshipKey:
    """Who is in a relationship and how, whatever order they were written in.

    `label` is how the catalog stores and shows it: "Buffy Summers/Spike" (romantic) or
    "Dawn Summers & Xander Harris" (platonic). Pass this value around; build it from members
    with `of`, or from a stored label with `parse`, never by splitting strings elsewhere.
    """

    members: tuple[str, ...]
    kind: str = "romantic"

    @classmethod
    def of(cls, members: tuple[str, ...] | list[str], kind: str = "romantic") -> RelationshipKey:
        cleaned = dict.fromkeys(m.strip() for m in members if m.strip())
        return cls(tuple(sorted(cleaned, key=str.casefold)),
                   "platonic" if kind == "platonic" else "romantic")

    @classmethod
    def parse(cls, label: str) -> RelationshipKey:
        """The key a stored label names ("A/B" romantic, "A & B" platonic)."""
        if "/" in label:
            return cls.of(label.split("/"), "romantic")
        return cls.of(label.split(" & "), "platonic")

    @property
    def label(self) -> str:
        return ("/" if self.kind == "romantic" else " & ").join(self.members)

    def other_kind(self) -> RelationshipKey:
        """The same people read the other way (a stated "A & B" for a requested "A/B")."""
        return RelationshipKey(self.members, "platonic" if self.kind == "romantic"
                               else "romantic")

    def __str__(self) -> str:
        return self.label
