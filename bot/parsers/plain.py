"""Bare story text with no metadata: the fallback family.

The title is the first line when it reads like one (short, no final period, set apart by a
blank line), else it comes from the file name ("the_long_road.txt" -> "The Long Road"). A
"by Author" line under the title is read; leading and trailing author's notes are set aside;
end markers ("The End", "TBC") still give the status.
"""

from __future__ import annotations

from bot.parsers import chapter_text, text_fields, text_layout
from bot.parsers.textio import unescape_entities
from bot.story import Story


def detect(text: str) -> float:
    """Plain text matches anything, weakly; the dispatcher uses it when nothing else fits."""
    return 0.1 if text.strip() else 0.0


def parse(text: str, name: str) -> Story:
    text = unescape_entities(text)
    story = Story(format="plain")
    notes: list[str] = []
    lines = text_layout.head_lines(text, text_layout.DETECT_CHARS)
    i = text_layout.next_filled(lines, 0)
    if i < len(lines) and text_layout.looks_like_title(lines[i].text):
        j = i + 1
        author = text_layout.by_line(lines[j].text) if j < len(lines) else None
        k = text_layout.next_filled(lines, j)
        if author is None and j < len(lines) and lines[j].blank and k < len(lines):
            author = text_layout.by_line(lines[k].text)
            j = k if author else j
        if author or (j < len(lines) and lines[j].blank):
            story.title = lines[i].text.strip().strip("*_").strip()
            if author:
                story.authors = text_fields.split_authors(author)
                j += 1
            i = text_layout.next_filled(lines, j)
    while i < len(lines) and _leading_note(lines, i):
        end = _paragraph_end(lines, i)
        notes.append("\n".join(ln.text.strip() for ln in lines[i:end]))
        i = text_layout.next_filled(lines, end)
    story.body = text[lines[i].start:] if i < len(lines) else ""
    text_layout.trim_end(story, notes)
    return chapter_text.finish_text(story, notes)


def _paragraph_end(lines: list[text_layout.Line], i: int) -> int:
    while i < len(lines) and not lines[i].blank:
        i += 1
    return i


def _leading_note(lines: list[text_layout.Line], i: int) -> bool:
    end = _paragraph_end(lines, i)
    if end >= len(lines):  # the paragraph runs past the head: it is story text
        return False
    return text_layout.is_note("\n".join(ln.text for ln in lines[i:end]))
