"""Text copied from fanfiction.net: notes, disclaimer and beta thanks first, then the story.

The usual shape is author's notes, "Disclaimer: I don't own…", thanks to a beta, a separator
line, the title and "by author", the story with scene breaks, and "TBC" / "Please review!" at
the end. The site's metadata line ("Rated: Fiction T - English - Romance/Hurt/Comfort -
[Spike, Buffy S.] - Chapters: 3 - …") is read when it was copied too.
"""

from __future__ import annotations

import re

from bot.parsers import chapter_text, common, text_fields, text_layout
from bot.parsers.text_layout import Line
from bot.parsers.textio import unescape_entities
from bot.story import Relationship, Story

META = re.compile(r"^\s*Rated:\s*(?:Fiction\s+)?(?:K\+?|T|MA|M)\s+-\s+", re.IGNORECASE)
_FOLLOW = re.compile(r"^\s*Follow/Fav\s+(.+?)\s+By:\s*(.+?)\s*$", re.IGNORECASE)
_CRUMB = re.compile(
    r"^\s*(?:Anime/Manga|Books|Cartoons|Comics|Games|Misc|Movies|Plays/Musicals|TV Shows|TV"
    r"|Crossovers?)\s*[»>]\s*(.+?)\s*$", re.IGNORECASE)
_CHAPTER = re.compile(r"^\s*Chapter\s+\d+\b.{0,100}$", re.IGNORECASE)
_PAIRS = re.compile(r"\[([^\]]*)\]")
_KEYED = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}):\s*(.*)$")
_FFN_GENRES = frozenset(g.casefold() for g in (
    "Adventure", "Angst", "Crime", "Drama", "Family", "Fantasy", "Friendship", "General",
    "Horror", "Humor", "Hurt/Comfort", "Mystery", "Parody", "Poetry", "Romance", "Sci-Fi",
    "Spiritual", "Supernatural", "Suspense", "Tragedy", "Western"))
_DATA_FIELDS = {"title", "author", "summary", "pairing", "characters", "rating", "fandom",
                "warnings", "words", "genre", "status", "chapters", "date", "updated", "url"}
_FRONT_UNITS = 12  # notes sit in the first dozen paragraphs
_DIVIDER_LINE = re.compile(r"^\s*(?:xXx|oOo|OoO|XxX)\s*$", re.MULTILINE)
_RULE = re.compile(r"\s*[=_]{3,}\s*")


def detect(text: str) -> float:
    lines = text_layout.head_lines(text, text_layout.DETECT_CHARS)
    head = lines[:80]
    # a line either regex matches holds "rated:" or "follow/fav" (letters with no non-ASCII
    # case variants): look for those in the head before matching line by line
    low = text[:head[-1].end].lower() if head else ""
    if ("rated:" in low or "follow/fav" in low) and any(
            META.match(ln.text) or _FOLLOW.match(ln.text) for ln in head):
        return 0.95
    units = _units(lines, set())[:_FRONT_UNITS]
    score = 0.0
    if any(text_layout.is_note(_text(u)) for u in units[:8]):
        score += 0.4
    sep = _separator(units)
    if sep is not None and sep > 0 and sep + 1 < len(units):
        after = [_text(u) for u in units[sep + 1:sep + 3]]
        if any(text_layout.by_line(a) or (a.count("\n") == 1 and text_layout.by_line(
                a.split("\n")[1])) for a in after):
            score += 0.35
    tail = text_layout.tail_lines(text, 4)
    if any(common.is_end_chatter(t) or common.end_marker(t) == "in-progress" for t in tail):
        score += 0.15
    head_text = text[:text_layout.DETECT_CHARS]
    if any(map(head_text.__contains__, ("xXx", "oOo", "OoO", "XxX"))) and _DIVIDER_LINE.search(
            head_text):
        score += 0.1
    return min(score, 0.85)


def parse(text: str, name: str) -> Story:
    text = unescape_entities(text)
    story = Story(format="ffnet-text")
    notes: list[str] = []
    lines = text_layout.head_lines(text)
    used: set[int] = set()
    has_meta = False
    for idx, line in enumerate(lines[:200]):
        if META.match(line.text):
            read_meta(story, line.text)
            used.add(idx)
            used.update(_summary_above(story, lines, idx))
            has_meta = True
        elif m := _FOLLOW.match(line.text):
            story.title = story.title or m.group(1).strip()
            text_fields.add_unique(story.authors, text_fields.split_authors(m.group(2)))
            used.add(idx)
        elif m := _CRUMB.match(line.text):
            text_fields.add_unique(story.fandoms, [
                f for f in re.split(r"\s+\+\s+", re.sub(r"\s+Crossover\s*$", "", m.group(1)))])
            used.add(idx)
    units = _units(lines, used)
    k = _front(story, units, notes)
    if k < len(units) and len(units[k]) == 1 and _CHAPTER.match(units[k][0].text):
        k += 1
    if k < len(units):
        story.body = text[units[k][0].start:]
    elif units:
        story.body = text[units[-1][-1].after:] if units[-1][-1].after < len(text) else ""
    else:
        story.body = text
    text_layout.trim_end(story, notes)
    if has_meta and story.status == "unknown":
        story.status = "in-progress"  # the site prints "Status: Complete" only when it is
    return chapter_text.finish_text(story, notes)


# --- the front: notes, separator, title ------------------------------------------------------

def _units(lines: list[Line], used: set[int]) -> list[list[Line]]:
    """Blank-separated paragraphs of the head; single lines when the text has no blank lines."""
    paras: list[list[Line]] = []
    cur: list[Line] = []
    for idx, line in enumerate(lines):
        if idx in used:
            continue
        if line.blank:
            if cur:
                paras.append(cur)
                cur = []
        else:
            cur.append(line)
    if cur:
        paras.append(cur)
    if paras and len(paras[0]) > 8:  # hard to tell paragraphs apart: read line by line
        return [[ln] for p in paras for ln in p]
    return paras


def _summary_above(story: Story, lines: list[Line], idx: int) -> list[int]:
    """The story page shows the summary right above the metadata line; read it from there."""
    end = idx - 1
    while end >= 0 and lines[end].blank:
        end -= 1
    start = end
    while start > 0 and not lines[start - 1].blank:
        start -= 1
    if end < 0 or end - start > 6:
        return []
    paragraph = " ".join(ln.text.strip() for ln in lines[start:end + 1])
    if (start == end and (text_layout.by_line(paragraph) or _FOLLOW.match(paragraph)
                          or text_layout.looks_like_title(paragraph))) or text_layout.is_note(
            paragraph) or common.label_line(paragraph):
        return []
    story.summary = story.summary or paragraph
    return list(range(start, end + 1))


def _text(unit: list[Line]) -> str:
    return "\n".join(ln.text.strip() for ln in unit)


def _separator(units: list[list[Line]]) -> int | None:
    for j, unit in enumerate(units[:_FRONT_UNITS]):
        if len(unit) == 1 and (common.is_scene_break(unit[0].text)
                               or _RULE.fullmatch(unit[0].text)):
            return j
    return None


def _front(story: Story, units: list[list[Line]], notes: list[str]) -> int:
    """Consume notes, the separator and the title lines; return the first body unit."""
    k = _title(story, units, 0, strict=True)
    sep = _separator(units)
    if sep is not None and sep >= k and (
            any(text_layout.is_note(_text(u)) for u in units[k:sep]) or (sep == k and k > 0)):
        for unit in units[k:sep]:
            _note_or_field(story, _text(unit), notes)
        return _title(story, units, sep + 1, strict=False)
    start = k
    while k < min(len(units), _FRONT_UNITS) and text_layout.is_note(_text(units[k])):
        _note_or_field(story, _text(units[k]), notes)
        k += 1
    if k > start:
        k = _title(story, units, k, strict=True)
    return k


def _title(story: Story, units: list[list[Line]], k: int, strict: bool) -> int:
    """Read 'Title' + 'by Author' at units[k]; without a by-line only when not `strict`."""
    if k >= len(units):
        return k
    first = units[k]
    if _CHAPTER.match(first[0].text):
        return k
    if len(first) == 2 and text_layout.looks_like_title(first[0].text) and (
            author := text_layout.by_line(first[1].text)):
        _set_title(story, first[0].text, author)
        return k + 1
    if len(first) == 1 and (author := text_layout.by_line(first[0].text)):
        _set_title(story, None, author)
        return k + 1
    if len(first) == 1 and text_layout.looks_like_title(first[0].text):
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt and len(nxt) == 1 and (author := text_layout.by_line(nxt[0].text)):
            _set_title(story, first[0].text, author)
            return k + 2
        if not strict:
            _set_title(story, first[0].text, None)
            return k + 1
    return k


def _set_title(story: Story, title: str | None, author: str | None) -> None:
    if title:
        story.title = story.title or title.strip().strip("*_").strip()
    if author:
        text_fields.add_unique(story.authors, text_fields.split_authors(author))


def _note_or_field(story: Story, paragraph: str, notes: list[str]) -> None:
    kept: list[str] = []
    for line in paragraph.split("\n"):
        found = common.label_line(line)
        if found and found[0] in _DATA_FIELDS:
            text_fields.apply_field(story, found[0], found[1], notes)
        else:
            kept.append(line)
    if kept:
        notes.append("\n".join(kept))


# --- the metadata line -----------------------------------------------------------------------

def read_meta(story: Story, line: str) -> None:
    """The site's metadata line, as the story page prints it ("Rated: Fiction T - English -
    Romance - [A, B] C - Chapters: 3 - ... - Status: Complete - id: 123") or as EPUB makers
    copy it with every part labelled ("Language: English - Genre: Romance/Mystery -
    Characters: Draco M., Hermione G."); old pages end "- Complete -" unlabelled."""
    parts = [p.strip() for p in re.split(r"\s+-\s+", line.strip())]
    story.rating = common.map_rating(parts[0])
    free: list[str] = []
    for part in parts[1:]:
        m = _KEYED.match(part)
        if not m:
            if part.casefold() == "complete":
                _complete(story)
            else:
                free.append(part)
            continue
        _read_keyed(story, m.group(1).strip().lower(), m.group(2).strip(), free)
    if free:
        story.language = story.language or free[0]
    for part in free[1:]:
        genres = _genres(part)
        if genres:
            text_fields.add_unique(story.tags, genres)
        else:
            _read_characters(story, part)


def _complete(story: Story) -> None:
    story.status = "complete"
    if story.chapters_posted and story.chapters_total is None:
        story.chapters_total = story.chapters_posted


def _read_keyed(story: Story, key: str, value: str, free: list[str]) -> None:
    """One "Key: value" part of the metadata line."""
    if key == "chapters":
        text_fields.set_chapters(story, value)
        if story.status == "complete" and story.chapters_total is None:
            story.chapters_total = story.chapters_posted
    elif key == "words":
        story.stated_words = common.parse_int(value)
    elif key == "published":
        story.published = common.parse_date(value)
    elif key == "updated":
        story.updated = common.parse_date(value)
    elif key == "status" and common.status_from(value) == "complete":
        _complete(story)
    elif key == "id" and value.isdigit():
        story.url = story.url or f"https://www.fanfiction.net/s/{value}"
    elif key == "language":
        free.insert(0, value)
    elif key in ("genre", "genres"):
        text_fields.add_unique(story.tags, _genres(value) or [value])
    elif key in ("characters", "pairing", "pairings"):
        _read_characters(story, value)


def _genres(part: str) -> list[str]:
    """'Romance/Hurt/Comfort' -> ['Romance', 'Hurt/Comfort'] (empty if not all genres)."""
    items = [g.replace("\0", "/") for g in re.sub(r"(?i)hurt/comfort", "Hurt\0Comfort",
                                                  part).split("/")]
    return items if items and all(g.strip().casefold() in _FFN_GENRES for g in items) else []


def _read_characters(story: Story, part: str) -> None:
    """'[Spike, Buffy S.] Angel': each bracket group is a pairing, the rest are characters."""
    for group in _PAIRS.findall(part):
        members = [m.strip() for m in group.split(",") if m.strip()]
        if len(members) >= 2:
            text_fields.add_relationships(story, [Relationship(tuple(members))])
        text_fields.add_characters(story, members)
    rest = _PAIRS.sub(",", part)
    # old pages join two characters with "&" ("Wash & Zoe"): names, not a stated pairing
    text_fields.add_characters(story, [c for c in re.split(r",|\s&\s", rest) if c.strip()])
