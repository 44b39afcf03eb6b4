"""Header values to `Story` fields: where every text family's label/value pairs land.

Families differ in how they find their labels (LiveJournal headers, FanFicFare title pages,
YAML front matter, fanfiction.net notes); once a value is known to be "the pairing" or "the
rating", it is read the same way everywhere, through this module and `common`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from bot.parsers import common
from bot.parsers.ao3_vocab import CHOSE_NOT_TO_WARN
from bot.story import Character, Relationship, Story

# Genre and category words: a "Category:" label holding these is not a fandom.
GENRE_WORDS = frozenset(w.casefold() for w in (
    "adventure", "angst", "crime", "drama", "family", "fantasy", "friendship", "general",
    "horror", "humor", "humour", "hurt/comfort", "h/c", "mystery", "parody", "poetry", "romance",
    "sci-fi", "spiritual", "supernatural", "suspense", "tragedy", "western", "fluff", "smut",
    "pwp", "au", "alternate universe", "crack", "het", "slash", "femslash", "gen", "f/m", "m/m",
    "f/f", "multi", "other", "drabble", "ficlet", "one-shot", "oneshot", "vignette", "dark",
    "comedy", "action", "episode related", "post-series", "missing scene", "ship", "shipping",
))

_NO_WARNINGS = re.compile(
    r"^(none|nothing|no(ne)?\s+(archive\s+)?warnings?(\s+apply)?|n/?a|not\s+really|nope)\.?$",
    re.IGNORECASE)
_CHOSE_NOT = re.compile(r"^(creator\s+)?cho+se\s+not\s+to\s+use\s+archive\s+warnings\.?$",
                        re.IGNORECASE)
# A "Pairing:" or "Characters:" value (or one item of it) that says there is no one ("none",
# "n/a", "no pairing", "none (gen)", "none, gen") or gives a category word (AO3's "Gen", "F/M",
# "Multi", "Other"): no pairing and no person.
_NO_ONE_WORDS = (r"gen|general|none|nothing|nobody|no\s+one|n/?a|no\s+pairings?|no\s+ships?"
                 r"|nope|f/m|m/m|f/f|multi|other")
NO_PAIRING = re.compile(rf"^[\s,;.()\[\]-]*(?:(?:{_NO_ONE_WORDS})[\s,;.()\[\]-]*)*$",
                        re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_NOTE_LABELS = {
    "notes": "Notes", "disclaimer": "Disclaimer", "beta": "Beta", "spoilers": "Spoilers",
    "other": "",
}


def add_unique(items: list[str], new: list[str] | str) -> None:
    """Append values not already present (case-insensitively), keeping order."""
    seen = {i.casefold() for i in items}
    for value in [new] if isinstance(new, str) else new:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            items.append(value)


def add_relationships(story: Story, rels: list[Relationship]) -> None:
    keys = {r.key for r in story.relationships}
    for rel in rels:
        if rel.key not in keys:
            keys.add(rel.key)
            story.relationships.append(rel)


def add_characters(story: Story, names: list[str], tags: bool = False) -> None:
    """Stated people, each without a qualifier ("a bit of Scotty": Scotty; `tags`: an
    archive's tag list, "Mentioned Spike": Spike)."""
    seen = {c.name.casefold() for c in story.characters}
    for name in (p for n in names for p in common.stated_people(n, tags)):
        if name and name.casefold() not in seen and not NO_PAIRING.match(name):
            seen.add(name.casefold())
            story.characters.append(Character(name, stated=True))


def split_fandoms(value: str | None) -> list[str]:
    """'Buffy the Vampire Slayer/Angel' and 'BtVS/AtS' are crossovers: one item per fandom.

    A slash followed by a lower-case word ('Fate/stay night') belongs to the name and stays.
    """
    out: list[str] = []
    for item in common.split_list(value):
        item = re.sub(r"^\s*crossover\s*[:\-]\s*", "", item, flags=re.IGNORECASE)
        item = re.sub(r"\s+crossover\s*$", "", item, flags=re.IGNORECASE)
        parts = re.split(r"\s*/\s*(?=[A-Z0-9])|\s+x\s+|\s+\+\s+", item)
        if any(len(p.strip()) < 2 for p in parts):
            parts = [item]
        add_unique(out, [p for p in parts if p.strip().casefold() != "crossover"])
    return out


def split_authors(value: str | None) -> list[str]:
    """'by A, B and C' -> ['A', 'B', 'C']."""
    if not value:
        return []
    value = re.sub(r"^\s*(written\s+)?by\s*:?\s+", "", value.strip(), flags=re.IGNORECASE)
    return [a.strip() for a in re.split(r"\s*,\s*|\s+(?:and|&)\s+", value)
            if a.strip() and len(a.strip()) <= 80]


def clean_warnings(value: str | None) -> list[str]:
    """Warnings as stated, without the 'None' / 'No Archive Warnings Apply' non-warnings."""
    return warning_names(common.split_list(value))


def warning_names(values: list[str]) -> list[str]:
    """Stated warnings without the non-warnings; AO3's choice not to warn under its current
    name, kept (cards show it, servers may exclude it)."""
    out: list[str] = []
    for value in values:
        value = value.strip()
        if not value or _NO_WARNINGS.match(value):
            continue
        add_unique(out, CHOSE_NOT_TO_WARN if _CHOSE_NOT.match(value) else value)
    return out


def is_genre_list(value: str) -> bool:
    """True when every item of a value is a genre/category word (so not a fandom)."""
    items = [i.casefold() for i in re.split(r"\s*[,;]\s*", value) if i.strip()]
    return bool(items) and all(
        i in GENRE_WORDS or all(p in GENRE_WORDS for p in re.split(r"\s*/\s*", i))
        for i in items)


def split_genres(item: str) -> list[str]:
    """'Romance/Hurt/Comfort' -> ['Romance', 'Hurt/Comfort'] when every part is a genre word."""
    marked = re.sub(r"(?i)hurt/comfort", "Hurt\0Comfort", item)
    parts = [p.strip().replace("\0", "/") for p in marked.split("/")]
    if len(parts) > 1 and all(p.casefold() in GENRE_WORDS for p in parts):
        return parts
    return [item.strip()] if item.strip() else []


def find_url(value: str | None) -> str | None:
    """The first URL in a value, without its page fragment ("#comments") or closing stops."""
    if not value:
        return None
    m = _URL.search(value)
    return m.group(0).rstrip(".,;").split("#", 1)[0] if m else None


def series_name(value: str) -> str:
    """'Part 2 of Name' (AO3) / 'Name [2]' (FanFicFare) -> 'Name'."""
    value = re.sub(r"^\s*part\s+\d+\s+of\s+(the\s+)?", "", value.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s*[\[(#]\s*\d+\s*[\])]?\s*$", "", value).strip() or value.strip()


def set_chapters(story: Story, value: str | None) -> None:
    posted, total = common.parse_chapters(value)
    if posted is not None:
        story.chapters_posted = posted
        if total is not None or "?" in (value or ""):
            story.chapters_total = total


def as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return common.parse_date(str(value)) if value is not None else None


def apply_field(story: Story, field: str, value: str, notes: list[str], label: str = "") -> None:
    """Store one header value in the story. Unknown or note-like fields go to `notes`."""
    value = value.strip()
    if not value:
        return
    if field in _LIST_FIELDS:
        _apply_list_field(story, field, value)
    elif not (_apply_fact_field(story, field, value) or _apply_text_field(story, field, value)):
        name = label or _NOTE_LABELS.get(field, field.title())
        notes.append(f"{name}: {value}" if name else value)


_LIST_FIELDS = frozenset(("author", "fandom", "pairing", "characters", "warnings", "genre"))


def _apply_list_field(story: Story, field: str, value: str) -> None:
    """A value listing names (one of _LIST_FIELDS): added to what the story already has."""
    if field == "author":
        add_unique(story.authors, split_authors(value))
    elif field == "fandom":
        if is_genre_list(value):
            add_unique(story.tags, common.split_list(value))
        else:
            add_unique(story.fandoms, split_fandoms(value))
    elif field in ("pairing", "characters"):
        if NO_PAIRING.match(value):
            return  # "gen": no romantic pairing, and no character called "gen"
        add_relationships(story, common.parse_relationships(value))
        add_characters(story, common.lone_characters(value))
    elif field == "warnings":
        add_unique(story.warnings, clean_warnings(value))
    elif field == "genre":
        add_unique(story.tags, common.split_list(value))


def _apply_fact_field(story: Story, field: str, value: str) -> bool:
    """Rating, length, dates, status, chapters; False for any other field."""
    if field == "rating":
        story.rating = common.map_rating(value)
    elif field == "words":
        story.stated_words = common.parse_int(value)
    elif field == "date":
        story.published = story.published or common.parse_date(value)
    elif field == "updated":
        story.updated = common.parse_date(value) or story.updated
    elif field == "status":
        status = common.status_from(value)
        if status != "unknown":
            story.status = status
    elif field == "chapters":
        set_chapters(story, value)
    else:
        return False
    return True


def _apply_text_field(story: Story, field: str, value: str) -> bool:
    """Title, summary and the other text fields (a URL field only when it holds a URL); False
    for any other field."""
    if field == "title":
        story.title = story.title or strip_quotes(value.strip("*_ "))
    elif field == "recipient":
        story.recipient = story.recipient or value
    elif field == "prompt":
        story.prompt = story.prompt or value
    elif field == "summary":
        story.summary = f"{story.summary}\n\n{value}" if story.summary else value
    elif field == "series":
        story.series = story.series or series_name(value)
    elif field == "language":
        story.language = story.language or value
    elif field == "url" and (url := find_url(value)):
        story.url = story.url or url
    else:
        return False
    return True


def strip_quotes(value: str) -> str:
    """'"Title"' -> 'Title', but "Don't Stop Believin'" keeps its apostrophe."""
    pairs = {'"': '"', "'": "'", "“": "”", "‘": "’"}
    if len(value) > 1 and pairs.get(value[0]) == value[-1]:
        return value[1:-1].strip()
    return value


# "Rated T for language", "(angst, rated R-18)": the word after "rated", read by map_rating.
_RATED = re.compile(r"\brated\s*:?\s+(?:fiction\s+)?([\w+/-]{1,12})(?![\w+-])", re.IGNORECASE)
_POSTED_TO = re.compile(
    r"\b(?:cross-?posted|also\s+posted|originally\s+posted|posted|also|mirrored)\s+(?:to|at|on)"
    r"\b[^:\n]{0,40}?[:\-]?\s*(https?://[^\s<>\"')\]]+)", re.IGNORECASE)
_LEADING_PAIRING = re.compile(r"^\s*([A-Z][\w.'’-]{2,}(?:\s[A-Z][\w.'’-]*)?\s*/\s*[A-Z][\w.'’-]{2,}"
                              r"(?:\s[A-Z][\w.'’-]*)?)\s*[,.;:]")


def read_phrases(story: Story, text: str | None) -> None:
    """Facts an author writes in a note or a prompt rather than under a label: "Rated T for
    language", "(angst, rated T)", "crossposted to AO3: URL", a note opening with the pairing
    ("Willow/Tara, set in season five"). Only what no label stated."""
    if not text:
        return
    if story.rating == "not-rated":
        story.rating = next((r for m in _RATED.finditer(text)
                             if (r := common.map_rating(m.group(1))) != "not-rated"), "not-rated")
    if story.url is None and (m := _POSTED_TO.search(text)):
        story.url = find_url(m.group(1))
    opening = re.sub(r"^\s*(?:a/n|notes?|author['’]?s?\s+notes?)\s*:\s*", "", text, flags=re.I)
    if not any(r.stated and r.kind == "romantic" for r in story.relationships) and (
            m := _LEADING_PAIRING.match(opening)):
        rel = common.parse_relationship(m.group(1))
        if rel is not None:
            add_relationships(story, [rel])


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` one by one (a long body is not split whole for its first line)."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def untitled(story: Story) -> str | None:
    """The title of a story that states none, as a fan would recognise it: the prompt it
    answers ("you kept the coat"), else its opening words; never a file name."""
    if story.prompt:
        prompt = re.split(r"\s+[(\[]|\s+[-–—]\s+", story.prompt.strip(), maxsplit=1)[0]
        # "Dean/Cas + "is that my shirt?"": the pairing is not the title
        pieces = [p for p in re.split(r"\s+\+\s+", prompt)
                  if "/" not in p or common.parse_relationship(p.strip()) is None]
        prompt = " + ".join(pieces) if pieces else prompt
        prompt = strip_quotes(prompt.strip().strip("*_").strip())
        if 0 < len(prompt) <= 80 and re.search(r"[^\W\d_]", prompt):
            return prompt
    for line in _lines(story.body):
        words = line.split()
        if len(words) >= 2 or (words and len(words[0]) > 2):
            opening = " ".join(words[:7]).rstrip(",;:")
            return opening + ("…" if len(words) > 7 else "")
    return None
