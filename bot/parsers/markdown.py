"""Markdown stories with YAML front matter: `---`, key: value lines, `---`, then the body.

Only the front matter goes through `yaml.safe_load`, and only up to 64 KB of it. Keys take the
names a writer would reach for (title, author(s), fandom(s), pairing(s)/relationships/ship,
characters, rating, warnings, tags, status, complete, chapters, words, summary, url,
published/date, updated, language, series, prompt, recipient/for). The body keeps its Markdown;
a leading "# Title" heading that repeats the title is dropped.
"""

from __future__ import annotations

import re
from datetime import date

import yaml

from bot.parsers import ParseError, chapter_text, common, text_fields, text_layout
from bot.parsers.textio import unescape_entities
from bot.story import Story

# libyaml's safe loader when PyYAML was built with it: same rules, ~20x faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FRONT_MATTER = 64 * 1024
_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY_LINE = re.compile(r"[A-Za-z_][\w -]{0,40}:(?:\s|$)")
_HEADING = re.compile(r"\s*#\s+(.+?)\s*#*\s*(?:\n|$)")
_KEYS = {
    "title": "title", "name": "title",
    "author": "author", "authors": "author", "by": "author", "creator": "author",
    "fandom": "fandom", "fandoms": "fandom",
    "pairing": "pairing", "pairings": "pairing", "relationship": "pairing",
    "relationships": "pairing", "ship": "pairing", "ships": "pairing",
    "character": "characters", "characters": "characters",
    "rating": "rating", "rated": "rating",
    "warning": "warnings", "warnings": "warnings",
    "tags": "genre", "tag": "genre", "genre": "genre", "genres": "genre", "category": "genre",
    "categories": "genre", "moods": "genre", "mood": "genre",
    "status": "status", "complete": "complete", "completed": "complete",
    "chapters": "chapters", "words": "words", "word count": "words", "wordcount": "words",
    "summary": "summary", "description": "summary",
    "url": "url", "link": "url", "source": "url", "ao3 url": "url", "ao3 link": "url",
    "altlink": "url", "alt link": "url", "archive url": "url", "original url": "url",
    "story url": "url", "permalink": "url", "crosspost": "url", "crossposted": "url",
    "published": "date", "date": "date", "posted": "date", "updated": "updated",
    "language": "language", "lang": "language", "series": "series",
    "prompt": "prompt", "recipient": "recipient", "for": "recipient", "gift": "recipient",
    "notes": "notes", "note": "notes", "disclaimer": "disclaimer",
}
_KEY_SPACES = re.compile(r"[\s_-]+")
_LIST_FIELDS = {"author", "fandom", "pairing", "characters", "genre", "warnings"}
# Several keys may name a URL ("url" and a crosspost's "source"): the story's own comes first.
_URL_KEYS = ("url", "story url", "ao3 url", "ao3 link", "link", "permalink", "archive url",
             "original url", "altlink", "alt link", "crosspost", "crossposted", "source")
# Tag prefixes of authors' archive generators: "c:giles", "f:doctor-who", "p:giles/buffy",
# "r:pg-13", "genre:fluff"; anything else stays a tag.
_TAG_PREFIX = re.compile(r"^(c|char|character|f|fandom|p|pairing|ship|r|rating|g|genre|w|warning)"
                         r"\s*:\s*(\S.*)$", re.IGNORECASE)
_PREFIX_FIELD = {"c": "characters", "char": "characters", "character": "characters",
                 "f": "fandom", "fandom": "fandom", "p": "pairing", "pairing": "pairing",
                 "ship": "pairing", "r": "rating", "rating": "rating", "g": "genre",
                 "genre": "genre", "w": "warnings", "warning": "warnings"}


def detect(text: str) -> float:
    if not _OPEN.match(text):
        return 0.0
    first = text[4:200].lstrip("\n")
    if _KEY_LINE.match(first):
        return 0.98
    # A YAML list where the mapping belongs: still front matter, and parse() says what is wrong.
    return 0.6 if first.startswith("- ") and _CLOSE.search(text, 4, 4096) else 0.0


def parse(text: str, name: str) -> Story:
    opening = _OPEN.match(text)
    if not opening:
        raise ParseError("Markdown story has no YAML front matter (it must start with '---')")
    start = opening.end()
    close = _CLOSE.search(text, start, start + MAX_FRONT_MATTER + 1)
    if close is None:
        if _CLOSE.search(text, start):
            raise ParseError(f"YAML front matter is larger than {MAX_FRONT_MATTER // 1024} KB")
        raise ParseError("YAML front matter is not closed by a '---' line")
    front = text[start:close.start()]
    meta = _load(front)
    body_start = close.end() + 1
    story = Story(format="markdown")
    notes: list[str] = []
    urls: dict[str, str] = {}
    for key, value in meta.items():
        _apply(story, str(key), value, notes, urls)
    story.url = next((urls[k] for k in _URL_KEYS if k in urls), None)
    body = unescape_entities(text[body_start:])
    story.body = _drop_title_heading(story, body)
    text_layout.trim_end(story, notes)
    return chapter_text.finish_text(story, notes)


def _load(front: str) -> dict:
    try:
        meta = yaml.load(front, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" at line {mark.line + 2}" if mark else ""  # +1 for 1-based, +1 for '---'
        raise ParseError(f"bad YAML front matter{line}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ParseError(f"bad YAML front matter: {exc}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ParseError(f"YAML front matter must be key: value pairs, not a "
                         f"{type(meta).__name__}")
    return meta


def _scalar(value: object) -> str | None:
    """A YAML scalar as text; nested structures are ignored (they are not story fields)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (str, int, float, date)):
        return str(value)
    return None


def _apply(story: Story, key: str, value: object, notes: list[str],
           urls: dict[str, str]) -> None:
    name = _KEY_SPACES.sub(" ", key.strip().lower())
    field = _KEYS.get(name)
    if field is None or value is None:
        return
    if field == "url":
        if (url := text_fields.find_url(_scalar(value))) is not None:
            urls.setdefault(name, url)
        return
    if field == "genre":
        _apply_tags(story, value if isinstance(value, list) else [value], notes)
        return
    if field in ("date", "updated"):
        when = text_fields.as_date(value)
        if field == "date":
            story.published = story.published or when
        else:
            story.updated = when or story.updated
        return
    if field == "complete":
        if isinstance(value, bool):
            story.status = "complete" if value else "in-progress"
        elif (status := common.status_from(_scalar(value))) != "unknown":
            story.status = status
        return
    items = value if isinstance(value, list) else [value]
    if field not in _LIST_FIELDS:
        items = items[:1]
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            # "- Avatar: The Last Airbender" reads as a one-pair mapping: rejoin it
            (k, v), = item.items()
            item = f"{_scalar(k)}: {_scalar(v)}" if _scalar(k) and _scalar(v) else None
        text = _scalar(item)
        if text is not None:
            text_fields.apply_field(story, field, text, notes)


def _apply_tags(story: Story, items: list[object], notes: list[str]) -> None:
    """Tags, read through their prefixes ("c:giles" a character, "p:gen" no pairing)."""
    for item in items:
        text = _scalar(item)
        if text is None:
            continue
        for tag in [text] if isinstance(item, str) and "," not in text else \
                common.split_list(text):
            m = _TAG_PREFIX.match(tag.strip())
            if m is None or (m.group(1).lower() in ("c", "char", "character")
                             and "!" in m.group(2)):
                text_fields.apply_field(story, "genre", tag, notes)
                continue
            field = _PREFIX_FIELD[m.group(1).lower()]
            value = m.group(2).strip()
            if field in ("characters", "fandom"):
                value = _unslug(value)
            text_fields.apply_field(story, field, value, notes)


def _unslug(value: str) -> str:
    """'clara-oswald' -> 'Clara Oswald' (a slug is all lower case; a name as written stays)."""
    if value != value.lower() or "/" in value:
        return value
    return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", value) if w)


def _drop_title_heading(story: Story, body: str) -> str:
    """Drop a leading '# Title' that repeats the title (or use it when there is no title)."""
    m = _HEADING.match(body)
    if not m:
        return body
    heading = m.group(1).strip().strip("*_").strip()
    if story.title is None:
        story.title = heading
    elif heading.casefold() != story.title.casefold():
        return body
    return body[m.end():]
