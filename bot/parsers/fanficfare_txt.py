"""FanFicFare TXT downloads: title, "by Author", a title page of labels, contents, chapters.

Layout (FanFicFare's writer_txt): blank lines, the title, a blank, "by Author", then one
"Label: value" line per field, long values wrapped at 78 columns with unlabelled continuation
lines, "TABLE OF CONTENTS" with one chapter title per entry, each chapter headed by its
indented title, and "End file." as the last line. "End file." marks the end of the download,
not of the story, so it never sets the status; the Status label does.
"""

from __future__ import annotations

import re

from bot.parsers import chapter_text, text_fields, text_layout
from bot.parsers.textio import unescape_entities
from bot.story import Story

# FanFicFare labels -> fields. Category holds the fandom(s) in FanFicFare.
_LABELS = {
    "series": "series", "category": "fandom", "fandoms": "fandom", "genre": "genre",
    "characters": "characters", "relationships": "pairing", "ships": "pairing",
    "status": "status", "published": "date", "updated": "updated", "packaged": "skip",
    "rating": "rating", "warnings": "warnings", "chapters": "chapters", "words": "words",
    "publisher": "skip", "site": "skip", "story url": "url", "author url": "skip",
    "summary": "summary", "description": "summary", "language": "language",
    "freeform tags": "genre", "additional tags": "genre", "tags": "genre",
    "kudos": "skip", "hits": "skip", "comments": "skip", "bookmarks": "skip",
    "collections": "skip", "author": "author", "title": "title", "source": "url",
}
_LABEL = re.compile(r"^([A-Za-z][A-Za-z ]{1,20}):(?:\s+(.*?))?\s*$")
_TOC = "TABLE OF CONTENTS"
_SIGNATURE = ("packaged", "story url", "author url", "publisher")
_END_FILE = re.compile(r"\n[ \t]*End file\.[ \t]*\n?\s*$")


def _label(line: str) -> tuple[str, str] | None:
    m = _LABEL.match(line)
    if not m or m.group(1).lower() not in _LABELS:
        return None
    return m.group(1).lower(), m.group(2) or ""


def detect(text: str) -> float:
    lines = text_layout.head_lines(text, text_layout.DETECT_CHARS)
    i = text_layout.next_filled(lines, 0)
    if i >= len(lines) or not text_layout.looks_like_title(lines[i].text):
        return 0.0
    j = text_layout.next_filled(lines, i + 1)
    if j >= len(lines) or text_layout.by_line(lines[j].text) is None:
        return 0.0
    labels = {found[0] for ln in lines[j + 1:j + 80] if (found := _label(ln.text))}
    signature = bool(labels & set(_SIGNATURE))
    toc = any(ln.text.strip() == _TOC for ln in lines)
    ending = text_layout.tail_lines(text, 1) == ["End file."]
    if len(labels) >= 2 and (signature or toc or ending):
        return 0.95
    if toc and ending:
        return 0.9
    return 0.0


def parse(text: str, name: str) -> Story:
    text = unescape_entities(text)
    story = Story(format="fanficfare-txt")
    notes: list[str] = []
    lines = text_layout.head_lines(text, 65536)
    i = text_layout.next_filled(lines, 0)
    if i < len(lines) and text_layout.looks_like_title(lines[i].text):
        story.title = lines[i].text.strip()
        j = text_layout.next_filled(lines, i + 1)
        if j < len(lines) and (author := text_layout.by_line(lines[j].text)):
            story.authors = text_fields.split_authors(author)
            i = j + 1
        else:
            i += 1
    fields: list[list[str]] = []  # [label, value]
    i = text_layout.next_filled(lines, i)
    while i < len(lines):
        line = lines[i]
        if line.text.strip() == _TOC:
            break
        found = _label(line.text)
        if found:
            fields.append([found[0], found[1]])
        elif line.blank:
            nxt = text_layout.next_filled(lines, i)
            if nxt >= len(lines) or not (_label(lines[nxt].text)
                                         or lines[nxt].text.strip() == _TOC):
                i = nxt
                break
        elif fields:
            fields[-1][1] = f"{fields[-1][1]} {line.text.strip()}".strip()
        else:
            break
        i += 1
    for label, value in fields:
        _apply(story, label, value, notes)
    i = text_layout.next_filled(lines, i)
    chapters: set[str] = set()
    if i < len(lines) and lines[i].text.strip() == _TOC:
        i, chapters = _contents(lines, i + 1)
    elif i < len(lines) and lines[i].text[:1] in " \t" and len(lines[i].text.strip()) <= 200:
        chapters = {lines[i].text.strip()}  # one chapter, no contents: its indented heading
    start = lines[i].start if i < len(lines) else len(text)
    story.body = _drop_headings(_END_FILE.sub("\n", text[start:]), chapters)
    if chapters and story.chapters_posted is None:
        story.chapters_posted = len(chapters)
    if story.status == "complete" and story.chapters_posted and story.chapters_total is None:
        story.chapters_total = story.chapters_posted
    text_layout.trim_end(story, notes)
    return chapter_text.finish_text(story, notes)


def _apply(story: Story, label: str, value: str, notes: list[str]) -> None:
    field = _LABELS[label]
    if field == "skip":
        return
    if field == "genre":
        # fanfiction.net genres arrive joined: "Horror/Supernatural", "Romance/Hurt/Comfort"
        for item in re.split(r"\s*,\s*", value):
            text_fields.add_unique(story.tags, text_fields.split_genres(item))
        return
    if field == "fandom":
        # FanFicFare's categories are site tags: keep each, split crossovers written with "/".
        for item in re.split(r"\s*,\s*", value):
            text_fields.add_unique(story.fandoms, text_fields.split_fandoms(item))
        return
    text_fields.apply_field(story, field, value, notes)


def _contents(lines: list[text_layout.Line], i: int) -> tuple[int, set[str]]:
    """Read the contents' entries; return the index of the first chapter heading and them."""
    entries: list[str] = []
    while i < len(lines):
        line = lines[i]
        stripped = line.text.strip()
        if not stripped:
            i += 1
            continue
        if entries and (stripped == entries[0] or len(stripped) > 200):
            break  # the first chapter's heading repeats the first entry
        entries.append(stripped)
        i += 1
    return i, set(entries)


def _drop_headings(body: str, chapters: set[str]) -> str:
    """Remove the indented chapter-title lines FanFicFare puts before each chapter."""
    if not chapters:
        return body
    return "\n".join(line for line in body.split("\n")
                     if not (line[:1] in " \t" and line.strip() in chapters))

