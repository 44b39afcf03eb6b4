"""The mood lexicon and the tag table: plain word lists we wrote and can explain.

Each mood has words with a weight (1 = a clear sign, 0.5 = a hint). A word ending in "+" also
stands for its regular inflections (kiss+ -> kiss, kisses, kissed, kissing). Words are matched
as lower-case tokens, so the lists hold single words only; phrases that matter ("made love",
"best friend") are covered by their telling word.

Stated tags are the strongest mood source: `TAG_MOODS` maps a normalised tag (lower case,
punctuation removed) to the moods it states with a strength.
"""

from __future__ import annotations

from bot.vocabulary import MOODS

_WORDS: dict[str, dict[str, float]] = {
    "angst": {
        "alone": 1, "lonely": 1, "loneliness": 1, "grief": 1, "grieve+": 1, "grieving": 1,
        "mourn+": 1, "mourning": 1, "tears": 0.8, "tear-stained": 1, "cry": 0.8, "cried": 0.8,
        "crying": 0.8, "sob+": 1, "sobbing": 1, "weep+": 1, "wept": 1, "heartbreak": 1,
        "heartbroken": 1, "heartbreaking": 1, "heartbreakingly": 1, "broken": 0.7,
        "pain": 0.7, "painful": 0.7, "ache+": 0.6, "aching": 0.6, "sorrow": 1, "sad": 1,
        "sadly": 0.8, "sadness": 1, "misery": 1, "miserable": 1, "regret+": 0.8,
        "despair": 1, "hopeless": 1, "empty": 0.6, "emptiness": 1, "lost": 0.4, "loss": 0.8,
        "funeral": 1, "grave": 0.6, "goodbye": 0.7, "dying": 0.6, "died": 0.6, "dead": 0.3,
        "death": 0.5, "guilt": 0.8, "guilty": 0.6, "unworthy": 1, "worthless": 1,
        "deserve": 0.4, "pathetic": 0.6, "patheticness": 0.8, "hurt": 0.5, "hurting": 0.7,
        "suffer+": 0.8, "anguish": 1, "desperately": 0.5, "choked": 0.6, "numb": 0.8,
        "never": 0.15, "wished": 0.3, "dreaded": 0.6, "anger": 0.3, "frustration": 0.5,
        "pity": 0.6, "mourned": 1, "shattered": 0.8, "betray+": 0.6, "abandon+": 0.8,
        "leave": 0.2, "left": 0.1, "sigh+": 0.3, "crazy": 0.2, "hospital": 0.4, "restraints": 0.5,
    },
    "fluff": {
        "cuddle+": 1, "cuddling": 1, "snuggle+": 1, "snuggling": 1, "giggle+": 0.8,
        "giggling": 0.8, "cozy": 1, "cosy": 1, "warm": 0.5, "warmth": 0.6, "blanket": 0.6,
        "blankets": 0.6, "cocoa": 1, "cookies": 0.8, "cookie": 0.8, "pancakes": 0.8,
        "baking": 0.8, "cake": 0.6, "sweet": 0.5, "adorable": 1, "cute": 0.8, "soft": 0.4,
        "softly": 0.3, "smile+": 0.3, "smiling": 0.3, "grin+": 0.3, "grinning": 0.3,
        "happy": 0.6, "happily": 0.6, "kitten": 1, "puppy": 1, "fluffy": 1, "sunshine": 0.6,
        "picnic": 0.8, "gentle": 0.3, "tea": 0.3, "nap": 0.6, "sleepy": 0.6, "hug+": 0.5,
        "hugging": 0.5, "laugh+": 0.3, "sweater": 0.6, "presents": 0.6, "christmas": 0.6,
        "snow": 0.4, "delighted": 0.6, "content": 0.4, "contentment": 0.8, "peaceful": 0.5,
        "fond": 0.5, "fondly": 0.6, "fondness": 0.6, "beam+": 0.4, "twinkle+": 0.5,
        "marshmallows": 1, "dryer": 0.2, "laundry": 0.2,
    },
    "hurt-comfort": {
        "comfort+": 1, "comforting": 1, "soothe+": 1, "soothing": 1, "bandage+": 1,
        "bandaged": 1, "wound": 0.8, "wounded": 0.8, "wounds": 0.8, "injury": 1,
        "injured": 1, "bleeding": 0.7, "blood": 0.3, "fever": 1, "feverish": 1, "sick": 0.6,
        "ill": 0.4, "nursed": 1, "nurse": 0.6, "stitches": 1, "stitched": 1, "heal+": 0.8,
        "healing": 0.8, "hospital": 0.6, "infirmary": 1, "bruise+": 0.6, "bruised": 0.6,
        "nightmare": 0.7, "nightmares": 0.7, "shaking": 0.5, "trembling": 0.5, "hold": 0.3,
        "held": 0.2, "safe": 0.6, "okay": 0.15, "shh": 1, "hush": 0.8, "reassur+": 0.8,
        "reassuringly": 0.8, "care": 0.3, "cared": 0.3, "tended": 0.8, "pain": 0.3,
        "broken": 0.3, "splint": 1, "medkit": 1, "squeeze": 0.5, "squeezed": 0.5,
        "understanding": 0.4, "encouraging": 0.5, "blanket": 0.3, "tea": 0.2,
    },
    "humor": {
        "laugh+": 0.6, "laughing": 0.6, "laughter": 0.8, "joke+": 0.8, "joking": 0.8,
        "snort+": 0.8, "snicker+": 1, "snickering": 1, "ridiculous": 0.8, "absurd": 1,
        "silly": 0.8, "hilarious": 1, "funny": 0.8, "chaos": 0.5, "disaster": 0.4,
        "duck": 0.4, "ducks": 0.5, "goat": 0.8, "rubber": 0.4, "prank+": 1, "pun": 1,
        "puns": 1, "banter": 0.8, "sarcastic": 0.6, "sarcastically": 0.6, "deadpan": 1,
        "muttered": 0.2, "idiot": 0.5, "idiots": 0.6, "mortified": 0.6, "embarrass+": 0.5,
        "oops": 1, "whoops": 1, "yelp+": 0.6, "squawk+": 1, "glitter": 1, "llama": 1,
        "chicken": 0.5, "karaoke": 1, "costume": 0.4, "eye-roll": 0.8, "eyeroll": 0.8,
        "rolled": 0.2, "grumble+": 0.5, "shenanigans": 1, "bickering": 0.8, "bicker+": 0.8,
        "wink+": 0.5, "dignity": 0.7, "apparently": 0.3,
        "technically": 0.5, "allegedly": 0.8, "offended": 0.6, "indignant": 0.8,
        "indignantly": 0.8, "smug": 0.7, "smugly": 0.8, "triumphant": 0.6,
        "triumphantly": 0.7, "victory": 0.4, "competitive": 0.6, "trivia": 0.7, "quiz": 0.6,
        "bet": 0.3, "kazoo": 1, "grumpy": 0.6, "flail+": 0.8, "sheepish": 0.7,
        "sheepishly": 0.7, "dork": 1, "dorky": 1, "nerd": 0.6, "goofy": 1, "hat": 0.2,
        "cheer+": 0.4, "trophy": 0.6, "receipt": 0.3,
    },
    "romance": {
        "kiss+": 1, "kissing": 1, "lips": 0.6, "love": 0.4, "loved": 0.4, "loves": 0.4,
        "loving": 0.4, "lover": 0.8, "lovers": 0.8, "romantic": 1, "romance": 1, "date": 0.5,
        "dating": 0.8, "flirt+": 1, "flirting": 1, "blush+": 0.6, "blushing": 0.6,
        "girlfriend": 0.6, "boyfriend": 0.6, "wedding": 0.8, "marry": 0.8, "married": 0.5,
        "proposal": 0.8, "propose+": 0.8, "ring": 0.3, "heart": 0.3, "darling": 0.7,
        "sweetheart": 0.6, "beloved": 0.8, "caress+": 0.8, "embrace+": 0.5, "touch": 0.2,
        "dance+": 0.4, "dancing": 0.4, "candlelight": 1, "roses": 0.6, "valentine": 1,
        "holding": 0.2, "adore+": 0.7, "longing": 0.5, "desire": 0.5, "yearning": 0.6,
        "breathless": 0.5, "tender": 0.5, "tenderly": 0.6, "intimate": 0.6,
    },
    "dark": {
        "blood": 0.6, "bloody": 0.4, "kill+": 0.7, "killing": 0.7, "murder+": 1,
        "torture+": 1, "torturing": 1, "cruel": 0.8, "cruelty": 1, "monster": 0.6,
        "monsters": 0.6, "evil": 0.7, "darkness": 0.7, "corrupt+": 0.8, "vengeance": 1,
        "revenge": 1, "violence": 0.8, "violent": 0.8, "stake": 0.3, "knife": 0.5,
        "dagger": 0.5, "bones": 0.4, "corpse": 0.8, "corpses": 0.8, "prey": 0.8,
        "predator": 0.8, "hunger": 0.5, "hungry": 0.3, "fangs": 0.5, "cold": 0.3,
        "sneer+": 0.5, "obsession": 0.8, "obsessed": 0.8, "poison": 0.7, "poisoned": 0.7,
        "chains": 0.7, "chained": 0.8, "cage": 0.6, "power": 0.3, "ruthless": 1, "hate": 0.4,
        "hated": 0.4, "hatred": 0.8, "crimson": 0.5, "restraints": 0.3, "madness": 0.7,
        "insane": 0.5, "demon": 0.3, "soulless": 0.8,
    },
    "horror": {
        "scream+": 0.8, "screaming": 0.8, "terror": 1, "terrified": 1, "horror": 1,
        "horrified": 0.8, "dread": 0.8, "creep+": 0.6, "creepy": 0.8, "eerie": 1,
        "shadow": 0.4, "shadows": 0.5, "whisper+": 0.3, "ghost": 0.8, "ghosts": 0.8,
        "haunted": 1, "haunt+": 0.8, "corpse": 0.7, "rotting": 1, "rot": 0.6, "decay": 0.8,
        "skull": 0.7, "basement": 0.5, "cellar": 0.5, "flicker+": 0.4, "footsteps": 0.6,
        "thing": 0.15, "claws": 0.6, "teeth": 0.4, "wrong": 0.3,
        "darkness": 0.4, "dark": 0.4, "blackness": 0.7, "hollow": 0.5,
        # Not horror's (task 17fmood; development stories holding the word, of them horror):
        # "terrible", a judgement in any narration ("a terrible cook", "felt terrible": 75, 2);
        # "monster", a creature adventure hunts, a game's card or a person called so ("you're
        # a monster", "monster hunters": 17, 1; still dark's word and a stake); "fog", weather
        # on any road or harbour (15, 3).
        "faceless": 1, "silent": 0.3, "silence": 0.3, "swallowed": 0.4,
        "vanished": 0.5, "missing": 0.4, "stalk+": 0.6, "lurk+": 0.8, "unnatural": 0.8,
        "static": 0.5, "upside": 0.3, "dead": 0.3,
        "nightmare": 0.4, "shriek+": 0.8, "gore": 1, "possessed": 0.8, "demogorgon": 1,
        "cemetery": 0.5, "graveyard": 0.5, "spooked": 0.5,
    },
    "adventure": {
        "quest": 1, "journey": 0.8, "map": 0.7, "maps": 0.7, "road": 0.5, "trip": 0.5,
        "travel+": 0.6, "explore+": 0.8, "exploring": 0.8, "treasure": 1, "ship": 0.5,
        "sail+": 0.8, "sword": 0.7, "swords": 0.7, "battle": 0.8, "fight": 0.4,
        "fought": 0.4, "chase+": 0.6, "escape+": 0.7, "escaping": 0.7, "mission": 0.8,
        "planet": 0.7, "ruins": 0.8, "forest": 0.5, "mountain": 0.6, "mountains": 0.6,
        "cave": 0.6, "caves": 0.6, "bridge": 0.3, "horse": 0.5, "horses": 0.5, "ride": 0.3,
        "rode": 0.4, "run": 0.2, "ran": 0.2, "vehicle": 0.5, "winnebago": 0.8, "gas": 0.3,
        "plan": 0.4, "camp": 0.5, "campfire": 0.7, "stargate": 0.8, "wormhole": 0.8,
        "spaceship": 0.8, "hyperspace": 1, "dragon": 0.8, "hunt": 0.5, "hunting": 0.5,
        "drive": 0.3, "drove": 0.3, "highway": 0.6, "engine": 0.3, "impala": 0.5,
    },
    "bittersweet": {
        "remember+": 0.4, "remembering": 0.4, "memory": 0.6, "memories": 0.7,
        "nostalgia": 1, "nostalgic": 1, "goodbye": 0.6, "farewell": 1, "last": 0.2,
        "once": 0.15, "years": 0.15, "ago": 0.3, "bittersweet": 1, "wistful": 1,
        "wistfully": 1, "letting": 0.3, "miss": 0.6, "missed": 0.5, "photograph": 0.6, "photo": 0.5,
        "letter": 0.5, "letters": 0.5, "gone": 0.4, "grave": 0.4, "anniversary": 0.8,
        "someday": 0.5, "sad": 0.3, "keepsake": 1, "tradition": 0.5, "sundays": 0.4,
        "unfinished": 0.6, "empty": 0.3,
    },
    # "brother" and "sister" are not friendship's words: a story of siblings is a family story
    # (its readers call it humor, hurt-comfort or bittersweet), and a friend called "brother"
    # is told by the friendship's own words too (task 16fmood: dev mood 309 -> 311 of 396 at
    # weight 0-0.2, no story lost).
    "friendship": {
        "friend": 0.8, "friends": 0.8, "friendship": 1, "buddy": 0.8, "pal": 0.8, "mate": 0.4,
        "team": 0.5, "teammates": 0.8, "together": 0.3, "loyal": 0.6, "loyalty": 0.7,
        "trust": 0.4, "trusted": 0.4, "gang": 0.5,
        "sleepover": 1, "game": 0.4, "games": 0.4, "movie": 0.4, "pizza": 0.6,
        "laughed": 0.2, "shoulder": 0.3, "high-five": 1, "fist-bump": 1, "pinky": 0.8,
        "promise": 0.4, "promised": 0.4, "support": 0.5, "side": 0.1, "company": 0.4,
        "teased": 0.5, "teasing": 0.5, "kid": 0.3, "lesson": 0.3, "grinned": 0.2,
        "road-trip": 0.6, "sammy": 0.3, "bro": 0.8, "dude": 0.5,
    },
}

# What happens in one scene, as two halves each a lexicon word names: a scene (block) that holds
# both is a sign of its mood however generic each word is alone ("held" and "bleeding": someone
# tended; "died" and "smiled": a loss remembered with warmth; "fought" and "road": a journey in
# danger). Every word here is one of _WORDS' (a form of it), so the block reading meets it.
SCENES: dict[str, tuple[str, str]] = {
    "hurt-comfort": ("wound wounded wounds injury injured bleeding fever feverish sick stitches "
                     "bandage bandaged bruised bruise infirmary hospital nightmare nightmares "
                     "hurt pain splint medkit blood",
                     "comfort comforted comforting soothe soothed soothing safe shh hush held "
                     "hold reassured reassuringly tended nursed squeezed blanket"),
    "bittersweet": ("died funeral grave gone mourn mourned mourning grief death goodbye "
                    "loss lost miss missed",
                    "remember remembered memory memories smiled smile laughed warm fond fondly "
                    "photograph photo letter tradition"),
    "adventure": ("chase chased chasing escape escaped fight fought battle run ran mission sword",
                  "road journey map ship mountain mountains forest cave trip travel planet "
                  "bridge camp horse drive drove engine highway ruins quest treasure"),
}

# Stated tags, genres and warnings -> moods with the strength the statement carries. A tag
# naming two moods ("Fluff and Humor", "Angst and Hurt/Comfort") states both alike, as
# an unknown tag's words do: the story's own words order them (task 20mood: 2 stories of
# two writers, humor under a fluff tag held 0.1 lower, now right; none lost).
TAG_MOODS: dict[str, dict[str, float]] = {
    "angst": {"angst": 1.0}, "sad ending": {"angst": 1.0}, "tragedy": {"angst": 1.0},
    "tragic": {"angst": 1.0}, "major character death": {"angst": 0.9},
    "character death": {"angst": 0.8}, "heavy angst": {"angst": 1.0},
    "angst with a happy ending": {"angst": 0.8, "hurt-comfort": 0.6},
    "angst and hurt comfort": {"angst": 0.9, "hurt-comfort": 0.9},
    "sad": {"angst": 0.9}, "grief": {"angst": 0.9}, "grief mourning": {"angst": 0.9},
    "unrequited love": {"angst": 0.8, "romance": 0.6}, "pining": {"angst": 0.6, "romance": 0.6},
    "drama": {"angst": 0.6},
    "fluff": {"fluff": 1.0}, "pure fluff": {"fluff": 1.0}, "tooth rotting fluff": {"fluff": 1.0},
    "fluff and humor": {"fluff": 1.0, "humor": 1.0}, "domestic fluff": {"fluff": 1.0},
    "domestic": {"fluff": 0.7}, "cute": {"fluff": 0.8}, "happy ending": {"fluff": 0.5},
    "hurt comfort": {"hurt-comfort": 1.0}, "hurt/comfort": {"hurt-comfort": 1.0},
    "whump": {"hurt-comfort": 0.9}, "comfort": {"hurt-comfort": 0.8},
    "humor": {"humor": 1.0}, "humour": {"humor": 1.0}, "crack": {"humor": 1.0},
    "crack treated seriously": {"humor": 0.9}, "parody": {"humor": 1.0},
    "comedy": {"humor": 1.0}, "funny": {"humor": 0.9}, "silly": {"humor": 0.8},
    "romance": {"romance": 1.0}, "first kiss": {"romance": 0.9}, "slow burn": {"romance": 0.8},
    "love confession": {"romance": 0.9}, "established relationship": {"romance": 0.6},
    "dark": {"dark": 1.0}, "dark fic": {"dark": 1.0}, "graphic depictions of violence":
    {"dark": 0.8}, "violence": {"dark": 0.7}, "torture": {"dark": 0.9}, "villain": {"dark": 0.5},
    "horror": {"horror": 1.0}, "psychological horror": {"horror": 1.0}, "creepy": {"horror": 0.9},
    "halloween": {"horror": 0.5}, "supernatural": {"horror": 0.3},
    "adventure": {"adventure": 1.0}, "action": {"adventure": 0.8},
    "action adventure": {"adventure": 1.0}, "quest": {"adventure": 0.9},
    "road trip": {"adventure": 0.9}, "case fic": {"adventure": 0.7}, "casefic": {"adventure": 0.7},
    "bittersweet": {"bittersweet": 1.0}, "bittersweet ending": {"bittersweet": 1.0},
    "nostalgia": {"bittersweet": 0.8}, "missing scene": {"bittersweet": 0.3},
    "friendship": {"friendship": 1.0},
    "team as family": {"friendship": 0.9}, "found family": {"friendship": 0.9},
    "friends to lovers": {"romance": 0.8, "friendship": 0.5},
    "family": {"friendship": 0.6}, "platonic": {"friendship": 0.8},
}


def _forms(word: str) -> list[str]:
    """A word and, for "word+", its regular inflections."""
    if not word.endswith("+"):
        return [word]
    base = word[:-1]
    forms = [base, base + "s", base + "es", base + "ed", base + "d", base + "ing"]
    if base.endswith("e"):
        forms.append(base[:-1] + "ing")
    if base.endswith("y"):
        forms += [base[:-1] + "ies", base[:-1] + "ied"]
    return forms


# The dark moods' faintest words ("dark", "cold", "silent", "never", "thing", "wrong") are in
# any narration: passing words that made cozy and funny stories horror or angst. They are
# left out; the lighter moods' faint words ("smile", "tea") stay, they mislead no card.
DARK_MOODS = ("angst", "dark", "horror")
PASSING_WEIGHT = 0.35


def _build() -> dict[bytes, tuple[tuple[int, float], ...]]:
    table: dict[bytes, dict[int, float]] = {}
    for index, mood in enumerate(MOODS):
        for word, weight in _WORDS[mood].items():
            if mood in DARK_MOODS and weight < PASSING_WEIGHT:
                continue
            for form in _forms(word):
                entry = table.setdefault(form.encode(), {})
                entry[index] = max(entry.get(index, 0.0), float(weight))
    return {word: tuple(sorted(entry.items())) for word, entry in table.items()}


# token (lower-case UTF-8 bytes) -> ((mood index, weight), ...)
LEXICON = _build()

# What is at stake: a death, a body, a weapon, a fight, blood, a monster. A story where any of
# it happens is not fluff to its readers however cosy its props (cocoa, snow, a warm blanket):
# `moods.STAKES_FLUFF`. Words, not moods: they weigh nothing in LEXICON.
STAKES = frozenset(w.encode() for w in (
    "died dies dead death funeral grave graves buried killed coffin casket ashes mourn mourned "
    "mourning mournful corpse corpses monster monsters screamed scream screaming blood bleeding "
    "gun knife sword weapon attack attacked attacks attacking fight fought").split())
# A loss as fans' prose tells it: the bittersweet scene's loss half and the plain words of a death
# ("dead", "killed", "buried"), read where in the story it comes (`moods._late_loss`).
LOSSES = frozenset(w.encode() for w in (SCENES["bittersweet"][0] + " dead killed buried").split())
# A killing or a cruelty done by someone the story tells of ("she had killed", "we killed
# Bunny", "I murdered"): the verbs a reader takes as a cruelty done, read with their doer
# (`moods._DONE`).
KILLINGS = frozenset(w.encode() for w in (
    "killed kills murdered murders tortured tortures strangled stabbed poisoned slaughtered "
    "butchered executed").split())
# An uncanny presence, the words that open its telling ("something moved", "nobody there"),
# read as phrases where a block holds one (`moods._uncanny`).
PRESENCES = frozenset(w.encode() for w in "nothing nobody something someone".split())
# A watch kept against it: a night not slept ("couldn't sleep", "did not sleep"), read as a
# phrase where a block holds "sleep" (`moods._sleepless`).
SLEEPLESS = ("didn't sleep", "did not sleep", "couldn't sleep", "could not sleep")
SLEEP = b"sleep"
# A life told as it was and is no more ("she used to sing", "he doesn't come anymore", "no
# longer hers"): the phrases a reader takes as looking back on a change (`moods._looking_back`),
# each found where a block holds its longest word.
CHANGES = ("used to", "anymore", "no longer")
CHANGE_WORDS = frozenset(max(p.split(), key=len).encode() for p in CHANGES)
LEXICON_WORDS = frozenset(LEXICON) | STAKES | KILLINGS | PRESENCES | CHANGE_WORDS | {SLEEP}
