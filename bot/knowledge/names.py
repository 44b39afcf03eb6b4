"""String keys and clean-ups used by `bot.knowledge` to index and look up names.

Every lookup in the knowledge base goes through one of these keys, so spelling noise
("Buffy: The Vampire Slayer" / "buffy the vampire slayer", "Mr. Giles" / "mr giles",
"#Ineffable_Husbands" / "ineffable husbands") lands on the same dict entry. Nothing here guesses:
a key either matches exactly or it does not.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")
_SINGLE_LETTERS = re.compile(r"\b(\w) (?=\w\b)")
_QUOTE_CHARS = "\"'“”‘’`*_~"


def squash(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    return _SPACE.sub(" ", text).strip()


def name_key(text: str) -> str:
    """Key for character names: case-folded, curly quotes straightened, full stops dropped.

    "Mr. Giles" and "mr giles" share a key; "Buffy S." and "Buffy S" too.
    """
    text = text.replace("’", "'").replace("‘", "'").replace(".", " ")
    return squash(text).casefold()


def loose_key(text: str) -> str:
    """Punctuation-blind key: "Buffy: The Vampire Slayer" -> "buffy the vampire slayer"."""
    text = text.casefold().replace("&", " and ").replace("'", "").replace("’", "")
    return squash(_NON_WORD.sub(" ", text))


def fandom_key(text: str) -> str:
    """Loose key without a leading article: "The Witcher" and "Witcher" share it."""
    key = loose_key(text)
    return key[4:] if key.startswith("the ") else key


def compact_key(text: str) -> str:
    """Key for ship names and tags: "#Ineffable_Husbands" -> "ineffablehusbands"."""
    return loose_key(text).replace(" ", "")


def owner_key(text: str) -> str:
    """Key for disclaimer owners: "J. K. Rowling" and "JK Rowling" -> "jk rowling"."""
    return _SINGLE_LETTERS.sub(r"\1", loose_key(text))


def slug(text: str) -> str:
    """File-name slug of a canonical fandom name: "Angel: the Series" -> "angel-the-series"."""
    return loose_key(text.replace("&", " ")).replace(" ", "-")


def clean_label(raw: str) -> str:
    """Trim whitespace, wrapping quotes/markdown and trailing separators from a stated name."""
    text = squash(raw)
    while text and text[0] in _QUOTE_CHARS and text[-1] in _QUOTE_CHARS and len(text) > 1:
        text = text[1:-1].strip()
    return text.strip(" ,;:").strip()


# --- character name shapes ---------------------------------------------------------------------

_BRACKETED = re.compile(r"^(.*?\S)\s*[(\[]([^()\[\]]+)[)\]]\s*$")
_QUOTED_MIDDLE = re.compile(r"\s[\"'“‘]([^\"'“”‘’]+)[\"'”’]\s")
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "doctor", "the", "captain", "lady", "lord", "sir",
           "professor", "general", "colonel", "major", "agent", "principal", "mayor", "king",
           "queen", "prince", "princess", "sheriff", "chief", "detective", "uncle", "saint"}


def split_bracket(text: str) -> tuple[str, str | None]:
    """"Spike (Buffy the Vampire Slayer)" -> ("Spike", "Buffy the Vampire Slayer")."""
    m = _BRACKETED.match(text)
    if not m:
        return text, None
    return m.group(1).strip(), m.group(2).strip()


def quoted_nickname(text: str) -> tuple[str, str] | None:
    """'Winifred "Fred" Burkle' -> ("Winifred Burkle", "Fred"); None when there is no quote."""
    m = _QUOTED_MIDDLE.search(text)
    if not m:
        return None
    return squash(text[: m.start()] + " " + text[m.end():]), m.group(1).strip()


def is_initial(text: str) -> bool:
    """"B" or "S.": a member of an initials pairing like "B/S"."""
    return bool(_INITIAL.match(text.strip()))


def ffnet_forms(name: str) -> list[str]:
    """fanfiction.net writes characters as "First L.": "Buffy Summers" -> ["buffy s"]."""
    base, _ = split_bracket(name)
    words = [w for w in re.split(r"[\s]+", base.replace(".", " ")) if w]
    if len(words) < 2 or words[0].casefold() in _TITLES or "|" in base:
        return []
    first, last = words[0], words[-1]
    if not first[0].isalpha() or not last[0].isalpha():
        return []
    return [name_key(f"{first} {last[0]}")]


def initials_of(name: str, aliases: tuple[str, ...]) -> set[str]:
    """First letters a pairing written in initials may use for a character.

    The canonical name's first letter plus each single-word alias's ("Uzumaki Naruto": U, N).
    """
    out = set()
    for text in (name, *[a for a in aliases if " " not in a.strip()]):
        base, _ = split_bracket(text)
        words = [w for w in base.split() if w.casefold() not in _TITLES]
        if words and words[0][0].isalpha():
            out.add(words[0][0].casefold())
    return out


# --- fandom name shapes ---------------------------------------------------------------------

_MEDIUM = re.compile(
    r"\s*[(\[](?:tv|tv series|tv \d{4}|tv \d{4}\s*-?\s*\d{0,4}|comics?|movies?|films?|anime"
    r"|manga|anime\s*(?:&|and)\s*manga|books?|novels?|cartoon|video\s*games?|radio|web\s*series"
    r"|live action|animated|\d{4}|\d{4}\s*-\s*\d{0,4}|[^()\[\]]*\b(?:19|20)\d\d)[)\]]\s*$",
    re.IGNORECASE)
_AUTHOR_SUFFIX = re.compile(
    r"\s+[-–]\s+(?:all media types|all media|fandom|works(?:\s*&\s*related fandoms)?"
    r"|[A-Z][\w.'’]*(?:\s+(?:[A-Z][\w.'’]*|&|and|de|van|von|du))*)\s*$")
_CROSSOVER_WORDS = re.compile(
    r"^\s*(?:cross\s*-?\s*over|x-?over)\s*[:\-]?\s*"
    r"|\s*[(\[]?\b(?:cross\s*-?\s*over|x-?over)\b[)\]]?\s*$", re.IGNORECASE)
_JUNK_FANDOMS = {"", "none", "n/a", "na", "unknown", "various", "multi", "multifandom",
                 "multi-fandom", "multiple", "multiple fandoms", "crossover", "fandom", "other",
                 "misc", "miscellaneous", "-", "?", "original", "no fandom"}
FANDOM_SEPARATORS = re.compile(
    r"\s*/\s*|\s+x\s+|\s+×\s+|\s+&\s+|\s+and\s+|\s+\+\s+|\s+vs\.?\s+|\s+with\s+", re.IGNORECASE)


def strip_crossover_words(text: str) -> str:
    """"Crossover: BtVS x SPN" / "BtVS/SPN crossover" -> "BtVS x SPN" / "BtVS/SPN"."""
    return _CROSSOVER_WORDS.sub("", text).strip()


def strip_qualifiers(text: str) -> str:
    """Drop medium and author qualifiers: "Foo (TV)" / "Foo - All Media Types" -> "Foo"."""
    current = text
    for _ in range(3):
        shorter = _AUTHOR_SUFFIX.sub("", _MEDIUM.sub("", current)).strip()
        if not shorter or shorter == current:
            break
        current = shorter
    return current


def fandom_variants(text: str) -> list[str]:
    """Other spellings of one fandom name to try, most specific first.

    "Sherlock (TV)" -> ["Sherlock"]; "Harry Potter - J. K. Rowling" -> ["Harry Potter"];
    "Boku no Hero Academia | My Hero Academia" -> both halves.
    """
    out: list[str] = []
    bare = strip_qualifiers(text)
    if bare != text:
        out.append(bare)
    for source in (text, bare):
        if "|" in source:
            out.extend(strip_qualifiers(p.strip()) for p in source.split("|") if p.strip())
    return out


def clean_fandom(text: str) -> str | None:
    """A stated fandom without crossover words and medium/author qualifiers; None for junk."""
    text = strip_crossover_words(clean_label(text))
    if not re.search(r"[^\W\d_]", text) or text.casefold() in _JUNK_FANDOMS or len(text) > 120:
        return None
    return strip_qualifiers(text)
