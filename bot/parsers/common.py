"""Vocabulary shared by every format family: ratings, statuses, dates, labels, pairings.

Each family parser reads its layout into label/value pairs and hands the values to these
functions, so "PG-13ish", "Rated: Fiction T" and "Teen And Up Audiences" all normalise the same.
"""

from __future__ import annotations

import re
from datetime import date

from bot.story import Character, Relationship, Story
from bot.vocabulary import CEILINGS, MODIFIER_WORDS

# --- ratings -------------------------------------------------------------------------------

_RATING_WORDS = [
    # (pattern, rating). Every pattern that matches counts and the highest rating wins, so an
    # ambiguous label ("M/E", "R-18", "mature or explicit") is read as the higher one: a story
    # fans mark explicit in any shorthand must never pass for mature.
    (r"not\s*rated|unrated|no\s*rating", "not-rated"),
    (r"explicit|\bnc\s*-?\s*(?:17|18|21)\b|\bma\b|\bx\b|\bxxx\b|adult|nsfw|smut|lemon"
     r"|\be\b(?!\s*(?:for\s+everyone|10\b))|(?<![\d.])(?:18|21)(?!\d)|\b17\+|\bfr\s*-?\s*18\b",
     "explicit"),  # "E for Everyone" is the games' general rating, not fans' E
    (r"mature|\bm\b|\br\b|\bnc\s*-?\s*15\b|(?<![\d.-])1[56]\+?(?!\d)|\bfr\s*-?\s*15\b|\blime\b",
     "mature"),
    (r"teen|pg-?13|pg-?15|\bt\b|\bk\+|\bk\s*plus|\bpg\b|\b13\+|\bfr\s*-?\s*13\b", "teen"),
    (r"general|\bg\b|\bk\b|all\s*ages|\bgen\b|everyone|\bfr\s*-?\s*(?:c|7)\b", "general"),
]
_RATING_RES = [(re.compile(p, re.IGNORECASE), r) for p, r in _RATING_WORDS]


_RATED_PREFIX = re.compile(r"^(rated|rating)\s*:?\s*")
_FICTION = re.compile(r"\bfiction\s+")


def map_rating(value: str | None) -> str:
    """Map any rating spelling to general / teen / mature / explicit / not-rated.

    Mixed values take the higher of the two ("PG/K+" -> teen, "PG-13/R" -> mature), except
    that PG alone is teen (PG is borderline in the rating map, so we err on the safe side).
    """
    if not value:
        return "not-rated"
    text = value.strip().lower()
    text = _RATED_PREFIX.sub("", text)
    text = _FICTION.sub("", text)  # fanfiction.net: "Fiction T"
    text = text.replace("ish", " ").replace("-ish", " ")
    found = [rating for rx, rating in _RATING_RES if rx.search(text)]
    if not found:
        return "not-rated"
    real = [r for r in found if r in CEILINGS]
    if not real:
        return "not-rated"
    return max(real, key=CEILINGS.index)


# --- status and chapters ---------------------------------------------------------------------

_COMPLETE_END = re.compile(
    r"^\s*[~*\-_=.\[(]*\s*(the\s+end|end|fin|owari|end\s+file|finis|complete[d]?)\s*[.!~*\-_=\])]*\s*$",
    re.IGNORECASE)
_WIP_END = re.compile(
    r"^\s*[~*\-_=.\[(]*\s*(tbc|to\s+be\s+continued|continued\s+in\s+part.*|more\s+to\s+come"
    r"|part\s+\d+\s*/\s*(\d+|\?)|chapter\s+\d+\s*/\s*(\d+|\?)|\d+\s*/\s*\?)"
    r"\s*[.!~*\-_=\])]*\s*$", re.IGNORECASE)
_MORE_SOON = re.compile(r"^\W*(?:part|chapter)\s+(?:two|three|four|next|\d+)\b.{0,60}?"
                        r"\b(?:soon|coming|next\s+(?:week|time))\b", re.IGNORECASE)
_END_CHATTER = re.compile(
    r"^\s*(please\s+(review|r\s*&\s*r|r\s*and\s*r|comment|leave)|reviews?\s+(are|would)"
    r"|r\s*&\s*r|r/r|feedback\s+(is|welcome)|let\s+me\s+know|thanks?\s+for\s+reading"
    r"|please\s+(post|leave|drop)\s+(a\s+)?(comment|review|note)|read\s+(posted\s+)?comments"
    r"|post\s+(a\s+)?comment|all\s+feedback|comments?\s+(are|is)\s+(love|welcome))",
    re.IGNORECASE)


def end_marker(line: str) -> str | None:
    """"complete" for The End / Fin / End file., "in-progress" for TBC / Part 1/3; else None."""
    if len(line) > 60:
        return None
    if _COMPLETE_END.match(line):
        return "complete"
    if _MORE_SOON.match(line):
        return "in-progress"
    if _WIP_END.match(line):
        m = re.search(r"(\d+)\s*/\s*(\d+)", line)
        if m and m.group(1) == m.group(2):
            return "complete"
        return "in-progress"
    return None


def is_end_chatter(line: str) -> bool:
    """'Please review!', 'R&R', 'Thanks for reading' and the like at the end of a story."""
    return len(line) < 200 and bool(_END_CHATTER.match(line))


def split_end_matter(body: str) -> tuple[str, str | None, str]:
    """Cut trailing end markers and review requests off a body.

    Returns (body, status from the marker or None, the end matter that was cut).
    Only the last lines are split off, so a long body costs one copy, not a full line split.
    """
    text = body.rstrip()
    lines = text.rsplit("\n", _TAIL_LINES)
    status = None
    cut: list[str] = []
    while lines:
        if len(lines) == 1 and len(cut) >= _TAIL_LINES:
            lines = lines[0].split("\n")  # the whole tail was end matter: look further back
        line = lines[-1].strip()
        if not line or is_scene_break(line):
            cut.append(lines.pop())
            continue
        marker = end_marker(line)
        if marker:
            status = status or marker
            cut.append(lines.pop())
            continue
        if is_end_chatter(line) and len(cut) < 40:
            cut.append(lines.pop())
            continue
        break
    if not cut:
        return text, None, ""
    return "\n".join(lines).rstrip(), status, "\n".join(reversed(cut)).strip()


_TAIL_LINES = 80


def parse_chapters(value: str | None) -> tuple[int | None, int | None]:
    """'3/3' -> (3, 3); '1/?' -> (1, None); '12' -> (12, None)."""
    if not value:
        return None, None
    m = re.search(r"(\d[\d,]*)\s*(?:/|of)\s*(\d[\d,]*|\?)", value)
    if m:
        total = None if m.group(2) == "?" else parse_int(m.group(2))
        return parse_int(m.group(1)), total
    n = parse_int(value)
    return n, None


def status_from(value: str | None, chapters: tuple[int | None, int | None] = (None, None)) -> str:
    """Status from a stated value ('Completed', 'In-Progress', 'Complete: yes') or chapters."""
    if value:
        v = value.strip().lower()
        if re.search(r"\b(wip|in[\s-]*progress|incomplete|ongoing|unfinished|hiatus|no)\b", v):
            return "in-progress"
        if re.search(r"\b(complete[d]?|finished|yes|done|oneshot|one-shot)\b", v):
            return "complete"
    posted, total = chapters
    if posted is not None:
        if total is None:
            return "in-progress" if value is None or "?" in (value or "") else "unknown"
        return "complete" if posted >= total else "in-progress"
    return "unknown"


# --- numbers and dates -----------------------------------------------------------------------

def parse_int(value: str | None) -> int | None:
    """'1,214' / '1.214' / '1 214' / '~3k' -> int, or None."""
    if not value:
        return None
    m = re.search(r"(\d[\d,.\u00a0 ]*\d|\d)\s*(k\b)?", value, re.IGNORECASE)
    if not m:
        return None
    digits = m.group(1)
    if m.group(2):
        try:
            return int(float(digits.replace(",", ".").replace(" ", "")) * 1000)
        except ValueError:
            return None
    digits = re.sub(r"[,.\u00a0 ]", "", digits)
    return int(digits) if digits.isdigit() else None


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def parse_date(value: str | None, today: date | None = None) -> date | None:
    """YYYY-MM-DD, M/D/YYYY, M/D (this year), '31 July 2018', 'July 31, 2018' -> date."""
    if not value:
        return None
    v = value.strip()
    try:
        if m := re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", v):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", v):
            year = int(m[3]) + (2000 if len(m[3]) == 2 and int(m[3]) < 50 else 0)
            year += 1900 if len(m[3]) == 2 and year < 100 else 0
            return date(year, int(m[1]), int(m[2]))
        if m := re.search(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", v):
            month = _MONTHS.get(m[2][:3].lower())
            if month:
                return date(int(m[3]), month, int(m[1]))
        if m := re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", v):
            month = _MONTHS.get(m[1][:3].lower())
            if month:
                return date(int(m[3]), month, int(m[2]))
        if today and (m := re.fullmatch(r"(\d{1,2})/(\d{1,2})", v)):
            return date(today.year, int(m[1]), int(m[2]))
    except ValueError:
        return None
    return None


# --- lists and labels ------------------------------------------------------------------------

def split_list(value: str | None) -> list[str]:
    """Split 'a, b, c' (or ';' / ' | ') into trimmed non-empty items, keeping order, no dupes."""
    if not value:
        return []
    parts = re.split(r"\s*[,;]\s*|\s+\|\s+|\n+", value)
    out: dict[str, None] = {}
    for p in parts:
        p = p.strip().strip(".").strip()
        if p and p.lower() not in {"none", "n/a", "-", "no"}:
            out.setdefault(p, None)
    return list(out)


# Header label -> field (`text_fields.apply_field` stores each). Keys are labels as `label_line`
# looks them up: lower case, runs of spaces as one.
LABELS: dict[str, str] = {}
for _field, _names in {
    "title": ["title", "ttile", "story title", "name"],
    "author": ["author", "authors", "by", "written by", "creator", "creators", "writer"],
    "recipient": ["for", "recipient", "written for", "gift for", "dedication", "dedicated to"],
    "prompt": ["prompt", "challenge", "request", "requested by", "prompts"],
    "fandom": ["fandom", "fandoms", "category", "categories", "series/fandom", "fandom(s)"],
    "pairing": ["pairing", "pairings", "ship", "ships", "relationship", "relationships",
                "character/pairing", "characters/pairings", "characters/pairing",
                "pairing/characters", "couple", "couples"],
    "characters": ["characters", "character", "main characters", "cast"],
    "rating": ["rating", "rated", "ratings", "age rating"],
    "warnings": ["warning", "warnings", "content warnings", "content warning", "cw", "tw",
                 "archive warning", "archive warnings", "trigger warnings"],
    "spoilers": ["spoiler", "spoilers", "timeline", "setting", "season", "timeframe"],
    "summary": ["summary", "summery", "blurb", "description", "synopsis"],
    "notes": ["a/n", "an", "author's note", "author's notes", "authors note", "authors notes",
              "author note", "author notes", "notes", "note"],
    "disclaimer": ["disclaimer", "disclaimers"],
    "words": ["word count", "wordcount", "length", "words", "word-count", "total words"],
    "beta": ["beta", "beta'd by", "betas", "beta reader", "unbeta'd", "betaed by", "beta'd"],
    "date": ["date", "date written", "written", "date posted", "posted", "published"],
    "updated": ["updated", "last updated", "date updated"],
    "status": ["status", "complete", "completed"],
    "genre": ["genre", "genres", "tags", "tag", "additional tags", "freeform"],
    "chapters": ["chapters", "chapter", "parts", "part"],
    "series": ["series"],
    "language": ["language"],
    "url": ["url", "archive", "link", "source", "story url", "posted at", "originally posted",
            "originally posted at", "originally posted on", "original source", "original url",
            "table of contents url", "toc url", "crossposted", "crossposted to",
            "crossposted at", "cross-posted", "cross-posted to", "also posted at",
            "also posted to", "ao3", "ao3 link", "link to story", "permalink", "mirror"],
    "other": ["feedback", "e-mail", "email", "archiving", "archive?", "contact", "thanks",
              "reviews", "favs", "follows", "kudos", "hits", "bookmarks", "comments", "id"],
}.items():
    for _name in _names:
        LABELS[_name] = _field

SPACE_RUNS = re.compile(r"\s+")
_EMPHASIS_TAG = re.compile(r"</?(b|strong|i|em)>")
_POSTED_LABEL = re.compile(r"^(?:also\s+)?(?:cross-?posted|posted|mirrored|also)\s+(?:to|at|on)\b")
_LABEL_LINE = re.compile(
    r"^\s*(?:\*\*|__|<b>|<strong>)?\s*([A-Za-z][A-Za-z0-9'’/()\- ]{0,30}?)\s*"
    r"(?:\*\*|__|</b>|</strong>)?\s*[:：]\s*(?:\*\*|__|</b>|</strong>)?"
    r"\s*(?:\*\*|__|</b>|</strong>)?\s*(.*?)\s*$", re.IGNORECASE)


def label_line(line: str) -> tuple[str, str] | None:
    """'**Title:** Foo' / '<b>Rating:</b> PG' / 'Pairing: A/B' -> (field, value), if known."""
    m = _LABEL_LINE.match(line)
    if not m:
        return None
    raw_label = SPACE_RUNS.sub(" ", m.group(1).strip().lower().replace("(s)", "s")
                               .replace("’", "'"))
    label = raw_label.rstrip("s'").strip()
    field = LABELS.get(raw_label) or LABELS.get(label)
    if field is None and _POSTED_LABEL.match(raw_label):
        field = "url"  # "Also posted to AO3:", "Crossposted on Dreamwidth:"
    if field is None:
        return None
    value = m.group(2)
    if "<" in value:
        value = _EMPHASIS_TAG.sub("", value)
    value = value.strip().strip("*_").strip()
    return field, value


# --- relationships ---------------------------------------------------------------------------

_MODIFIER_WORDS = MODIFIER_WORDS
_MODIFIER_RES = [(name, re.compile(rf"^\s*(?:{rx})\b[\s:\-]*", re.IGNORECASE))
                 for name, rx in _MODIFIER_WORDS]
_MODIFIER_SUFFIX = re.compile(
    r"\s*[\(\[]\s*(past|implied|background|one[\s-]*sided|mentioned|pre[\s-]*slash|unrequited"
    r"|minor)(?:\s*[,/&]\s*[\w\s-]{0,30})?\s*[\)\]]\s*$", re.IGNORECASE)
_ASIDE_SUFFIX = re.compile(r"\s*[\(\[]\s*[a-z][a-z' ,.!?-]{2,40}[\)\]]\s*$")
_PLATONIC_SUFFIX = re.compile(
    r"\s*[\(\[]\s*(?:platonic|friendship|gen|friends|not\s+romantic)\b[^)\]]{0,30}[\)\]]\s*$",
    re.IGNORECASE)
_PLATONIC_SEP = re.compile(r"\s+&\s+|\s+and\s+(?=[A-Z])|\s*\+\s*")
_ROMANTIC_SEP = re.compile(r"\s*/\s*|\s+x\s+|\s+×\s+|\s*\\\s*")


def parse_relationships(value: str | None) -> list[Relationship]:
    """'Spike/Buffy, past Angel/Buffy' -> romantic pairs with modifiers kept; 'A & B' platonic.

    'Character/Pairing' values mix lone characters with pairings; lone names are not returned
    here (use `lone_characters`).
    """
    out: list[Relationship] = []
    for item in _split_relationship_items(value):
        rel = parse_relationship(item)
        if rel and rel.key not in {r.key for r in out}:
            out.append(rel)
    return out


def lone_characters(value: str | None) -> list[str]:
    """Names in a pairing/characters value that are not part of any pairing, each without a
    word saying how little the person appears ("a bit of Scotty", "mentions of A and B")."""
    return [name for i in _split_relationship_items(value) if parse_relationship(i) is None
            for name in stated_people(i) if _looks_like_name(name)]


# Words before or after a stated person that say how much of them the story has, not who they
# are: "a bit of Scotty", "cameos by Lassiter and Henry", "Station Management (mentioned)".
# A lower-case qualifier before a capitalised name, a qualifying phrase in any case, or a
# bracketed one after: never a capitalised single word ("Minor Threat", "Past Lives").
_LESSER_PHRASE = (r"(?:a\s+(?:little\s+|tiny\s+|small\s+)?bit\s+of|(?:a\s+)?(?:brief\s+|small\s+)?"
                  r"(?:cameos?|appearances?)\s+(?:by|from|of)|mentions?\s+of|(?:a\s+)?hints?\s+of)")
_LESSER_WORDS = r"mentioned|background|minor|slight|brief|referenced|past|former|implied|side"
_LESSER_PREFIX = re.compile(
    rf"^\s*(?:(?i:{_LESSER_PHRASE})|(?:{_LESSER_WORDS}|one[\s-]*sided|unrequited))\s*:?\s+(?=[A-Z])")
# In a tag list ("Mentioned Spike", "Background Willow") a capitalised qualifier is one too.
_LESSER_TAG = re.compile(rf"^\s*(?i:{_LESSER_PHRASE}|{_LESSER_WORDS}|one[\s-]*sided|unrequited)"
                         r"\s*:?\s+(?=[A-Z])")
_LESSER_SUFFIX = re.compile(
    r"\s*[\(\[]\s*(?:mentioned|mentions?|cameo|minor|background|brief(?:ly)?|referenced|past"
    r"|implied|side)(?:\s+only)?\s*[\)\]]\s*$", re.IGNORECASE)
# The first words of those qualifiers: a cheap test before the patterns.
_LESSER_FIRST = frozenset((*_LESSER_WORDS.split("|"), "a", "cameo", "cameos", "appearance",
                           "appearances", "small", "mention", "mentions", "hint", "hints",
                           "one-sided", "one", "unrequited"))
_LESSER_AND = re.compile(r"\s+and\s+(?=[A-Z])")


def stated_people(item: str, tag: bool = False) -> list[str]:
    """The people one stated item names, without its qualifier: "a bit of Scotty" -> Scotty,
    "mentions of A and B" -> A, B (after a qualifier, "and" lists people), "X (cameo)" -> X;
    `tag`: the item is an archive's tag, where "Mentioned Spike" is Spike."""
    text = item.strip()
    if text[-1:] in ")]":
        text = _LESSER_SUFFIX.sub("", text)
    if text.partition(" ")[0].casefold() not in _LESSER_FIRST:
        return [text]
    m = (_LESSER_TAG if tag else _LESSER_PREFIX).match(text)
    if m is None:
        return [text.strip()]
    return [p.strip() for p in _LESSER_AND.split(text[m.end():]) if p.strip()]


def _split_relationship_items(value: str | None) -> list[str]:
    if not value:
        return []
    value = re.sub(r"\s+with\s+", ", ", value)
    # commas inside brackets belong to the item: "Sam/Dean (past, implied)"
    return [p.strip() for p in re.split(r"\s*[,;]\s*(?![^()\[\]]*[)\]])|\n+|\s+\|\s+", value)
            if p.strip()]


def parse_relationship(item: str) -> Relationship | None:
    """One pairing: 'past Angel/Buffy', 'Spike x Buffy', 'Dawn & Xander', 'B/S (implied)'."""
    # a trailing period ends the item unless it closes an initial ("Xander H.")
    text = re.sub(r"(?<!\b[A-Z])\.+$", "", item.strip()).strip()
    modifier = None
    kind = None
    m = _PLATONIC_SUFFIX.search(text)
    if m:
        kind = "platonic"
        text = text[: m.start()].strip()
    m = _MODIFIER_SUFFIX.search(text)
    if m:
        modifier = _modifier_name(m.group(1))
        text = text[: m.start()].strip()
    elif m := _ASIDE_SUFFIX.search(text):  # "Ten/Rose (if you squint)": an aside, no name
        modifier = "implied" if re.search(r"squint|hint|subtext", m.group(0), re.I) else None
        text = text[: m.start()].strip()
    for name, rx in _MODIFIER_RES:
        m = rx.match(text)
        if m and m.end() < len(text):
            modifier = modifier or name
            text = text[m.end():].strip()
            break
    if len(text) > 120:
        return None
    parts = [p.strip() for p in _ROMANTIC_SEP.split(text)]
    kind = kind or "romantic"
    if len(parts) < 2 and "&" not in text and _LESSER_PREFIX.match(item.strip()):
        return None  # "mentions of A and B", "cameos by A and B": people, not a friendship
    if len(parts) < 2:
        parts = [p.strip() for p in _PLATONIC_SEP.split(text)]
        kind = "platonic"
    parts = [_member_name(p) for p in parts if p]
    if len(parts) < 2 or not all(_looks_like_name(p) for p in parts):
        return None
    return Relationship(tuple(parts), kind=kind, stated=True, modifier=modifier)


_ROLE_MEMBER = re.compile(
    r"^(?:(?:his|her|their|the)\s+)?(?:sister|brother|sibling|mother|father|mom|dad|wife|husband"
    r"|daughter|son|cousin|girlfriend|boyfriend|ofc|omc|oc|oc\s*\(f\)|oc\s*\(m\)|original\s+"
    r"(?:female\s+|male\s+)?character|reader|narrator|stranger)"
    r"\s*\(\s*([A-Z][\w'’.\- ]{0,40})\s*\)$",
    re.IGNORECASE)


def _member_name(member: str) -> str:
    """'Sister (Addie)', 'OFC (Jane)': a role named in brackets is that name."""
    m = _ROLE_MEMBER.match(member.strip())
    return m.group(1).strip() if m else member


def _modifier_name(word: str) -> str:
    w = word.lower()
    for name, rx in _MODIFIER_WORDS:
        if re.fullmatch(rx, w, re.IGNORECASE):
            return name
    return "background" if w == "minor" else w


def _looks_like_name(text: str) -> bool:
    return 0 < len(text) <= 60 and bool(re.search(r"[^\W\d_]", text)) and len(text.split()) <= 6


# --- scene breaks and finishing ------------------------------------------------------------

_SCENE_BREAK = re.compile(
    r"^\s*(?:[-*~=_#+.•·oOxX0]\s*){3,}\s*$|^\s*(?:xXx|oOo|OoO|XxX|x-x-x|o0o)+\s*$"
    r"|^\s*<hr\s*/?>\s*$|^\s*\*\*\*\s*$|^\s*~+\s*$", re.IGNORECASE)


def is_scene_break(line: str) -> bool:
    """'---', '* * *', '~~~', 'xXx', 'oOo' and friends."""
    return len(line) <= 40 and bool(_SCENE_BREAK.match(line))


_GOES_ON = re.compile(
    r"\b(?:to\s+be\s+continued|tbc\b|(?:next|second|third|final|last)\s+(?:chapter|part)\s+"
    r"(?:is|will|should|coming|soon|up)|chapter\s+(?:two|three|four|five|\d+)\s+is\s+"
    r"(?:half|almost|nearly|being|still)|more\s+(?:soon|to\s+come)|(?:part|chapter)\s+\w+\s+"
    r"(?:coming|is\s+coming)\s+soon|will\s+be\s+continued|updates?\s+(?:soon|coming))",
    re.IGNORECASE)


def settle_status(story: Story, marker: str | None = None) -> None:
    """The status rule (README, "Reading story files"), applied last:

    a known chapter total decides (n/n complete, fewer posted in progress: the archive's own
    figure, over a converting tool's status line); else a stated status; else chapters n/?
    in progress; else an end marker ("The End" complete, "TBC" in progress); else a note
    saying more is coming ("chapter two is half done") in progress; else one piece with no
    chapter count or continuation marker is complete, as AO3 marks a one-shot.
    """
    posted, total = story.chapters_posted, story.chapters_total
    if posted is not None and total is not None:
        story.status = "complete" if posted >= total else "in-progress"
    elif story.status != "unknown":
        return
    elif posted is not None:
        story.status = status_from(None, (posted, total))
    elif marker:
        story.status = marker
    elif story.notes and _GOES_ON.search(story.notes):
        story.status = "in-progress"
    else:
        story.status = "complete"


def name_pairings(story: Story) -> None:
    """A pairing member written as one name of a character the file states ("Lois/Clark" with
    characters "Lois Lane" and "Clark Kent") is that character."""
    if not story.relationships or not story.characters:
        return
    by_word: dict[str, set[str]] = {}
    whole = {re.sub(r"\s*\(.*\)\s*$", "", c.name).casefold() for c in story.characters}
    for character in story.characters:
        if "(" in character.name or " " not in character.name.strip():
            continue
        for word in character.name.split():
            by_word.setdefault(word.casefold(), set()).add(character.name)
    for i, rel in enumerate(story.relationships):
        members = []
        for member in rel.members:
            found = by_word.get(member.casefold()) if " " not in member and \
                member.casefold() not in whole else None
            members.append(next(iter(found)) if found and len(found) == 1 else member)
        if tuple(members) != rel.members:
            story.relationships[i] = Relationship(tuple(members), kind=rel.kind,
                                                  stated=rel.stated, modifier=rel.modifier)


def as_written(story: Story) -> None:
    """A stated name written all in lower case (tumblr's "haley/elan", a header's "zuko") is
    the name as the story writes it capitalised, with a capitalised surname that follows it
    somewhere ("Haley Starshine"); its words capitalised if the story never does."""
    for i, rel in enumerate(story.relationships):
        if any(_LOWER_NAME.fullmatch(m) for m in rel.members):
            members = tuple(_as_written(story.body, m) for m in rel.members)
            story.relationships[i] = Relationship(members, kind=rel.kind, stated=rel.stated,
                                                  modifier=rel.modifier)
    for character in story.characters:
        if character.stated and _LOWER_NAME.fullmatch(character.name):
            character.name = _as_written(story.body, character.name)


_LOWER_NAME = re.compile(r"[a-z][a-z.'’ -]*")


def _as_written(body: str, name: str) -> str:
    return (written_form(body, name) or name.title()) if _LOWER_NAME.fullmatch(name) else name


def written_form(body: str, name: str) -> str | None:
    """How the story writes a lower-case name capitalised ("the Knight", "Haley Starshine"),
    or None if it never does."""
    best = ""
    for m in re.finditer(rf"\b(?i:{re.escape(name)})\b(?: [A-Z][\w'’-]+)?", body):
        words = m.group(0).split()  # "Hornet", "the Knight"; not a shout ("UNDYNE IS")
        if words[-1][:1].isupper() and not any(w[1:].isupper() for w in words) and len(
                m.group(0)) > len(best):
            best = m.group(0)
    return best or None


def tagged_people(story: Story) -> None:
    """A freeform tag naming a person with a qualifier ("Mentions of Ada", "Background Bram")
    states that person when the story writes the name; "Implied Character Death" it never does."""
    known = {c.name.casefold() for c in story.characters}
    for tag in story.tags:
        if tag.partition(" ")[0].casefold() not in _LESSER_FIRST or "/" in tag or "&" in tag \
                or not _LESSER_TAG.match(tag):
            continue
        for name in stated_people(tag, tag=True):
            if name.casefold() not in known and _looks_like_name(name) and re.search(
                    rf"\b{re.escape(name)}\b", story.body):
                known.add(name.casefold())
                story.characters.append(Character(name, stated=True))


def finish(story: Story) -> Story:
    """Common last steps: strip end matter, give lower-case names the story's spelling, name
    pairing members after the stated characters, read people named in qualified tags, count
    the words."""
    as_written(story)
    tagged_people(story)
    name_pairings(story)
    body, marker, _ = split_end_matter(story.body)
    story.body = body.strip("\n")
    settle_status(story, marker)
    story.count_words()
    return story
