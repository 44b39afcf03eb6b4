"""LiveJournal / Dreamwidth / mailing-list stories: a block of "Label: value" lines, then prose.

Labels come in many spellings (common.LABELS), may be bold (`**Title:**`, `<b>Title:</b>`) and
may lack the space after the colon ("For:feliciacraft"). The block may be preceded by a title
line and a by-line, and ends at the first blank line not followed by another label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parsers import chapter_text, common, labels, text_fields, text_layout
from bot.parsers.text_layout import Line
from bot.parsers.textio import unescape_entities
from bot.story import Story

_KEY_FIELDS = {"title", "author", "pairing", "fandom", "rating", "characters", "summary"}
_WRAPPED = range(60, 81)  # a header line this long was probably hard-wrapped (e-mail)
_RAW_LABEL = re.compile(r"^\s*(?:\*\*|__|<b>|<strong>)?\s*([^:：*_<]{1,40}?)\s*"
                        r"(?:\*\*|__|</b>|</strong>)?\s*[:：]", re.IGNORECASE)


@dataclass(slots=True)
class HeaderBlock:
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, value, label)
    pre: list[str] = field(default_factory=list)  # title / by-line above the labels
    body_start: int = 0


def scan(text: str, limit: int = text_layout.HEAD_CHARS) -> HeaderBlock | None:
    """Find the label block at the top of the text, or None."""
    lines = text_layout.head_lines(text, limit)
    i = text_layout.next_filled(lines, 0)
    block = HeaderBlock()
    while i < len(lines) and len(block.pre) < 2 and common.label_line(lines[i].text) is None:
        if not text_layout.looks_like_title(lines[i].text) and not text_layout.by_line(
                lines[i].text):
            return None
        block.pre.append(lines[i].text.strip())
        i = text_layout.next_filled(lines, i + 1)
    values: list[list[str]] = []
    last: Line | None = None
    while i < len(lines):
        line = lines[i]
        if line.blank:
            j = text_layout.next_filled(lines, i)
            if j < len(lines) and j - i <= 3 and _label(lines[j]):
                i, last = j, None
                continue
            break
        found = _label(line) or _by_field(line)
        if found:
            block.fields.append(found)
            values.append([found[1]])
            last = line
        elif (last is not None and len(last.text.rstrip()) in _WRAPPED
              and not common.is_scene_break(line.text)):
            values[-1].append(line.text.strip())  # continuation of a hard-wrapped value
            last = line
        else:
            break
        i += 1
    if not block.fields:
        return None
    block.fields = [(f, " ".join(v).strip(), lab)
                    for (f, _, lab), v in zip(block.fields, values)]
    i = text_layout.next_filled(lines, i)
    if i < len(lines) and common.is_scene_break(lines[i].text):
        i += 1  # the separator between header and story
    block.body_start = lines[i].start if i < len(lines) else len(text)
    return block


def _by_field(line: Line) -> tuple[str, str, str] | None:
    """'by astolat' among the labels (archive pages put it under 'Fandom:' and 'Written for:')."""
    author = text_layout.by_line(line.text) if len(line.text) < 200 else None
    return ("author", author, "By") if author else None


def _label(line: Line) -> tuple[str, str, str] | None:
    if len(line.text) >= text_layout.MAX_HEAD_LINE:
        return None
    found = common.label_line(line.text)
    if found is None:
        return None
    m = _RAW_LABEL.match(line.text)
    return found[0], found[1], m.group(1).strip() if m else found[0].title()


def detect(text: str) -> float:
    block = scan(text, text_layout.DETECT_CHARS)
    if block is None:
        return 0.0
    named = {f for f, value, _ in block.fields if value}
    if len(named) >= 3 and named & _KEY_FIELDS:
        return min(0.55 + 0.05 * len(named), 0.8)
    if len(named) == 2 and named & {"title", "author"}:
        return 0.45
    return 0.0


def parse(text: str, name: str) -> Story:
    text = unescape_entities(text)
    story = Story(format="header-text")
    notes: list[str] = []
    block = scan(text)
    if block is None:
        story.body = text
    else:
        for line in block.pre:
            author = text_layout.by_line(line)
            if author:
                text_fields.add_unique(story.authors, text_fields.split_authors(author))
            elif story.title is None:
                story.title = line.strip("*_ ")
        for fld, value, label in block.fields:
            labels.apply_label(story, fld, value, label, notes)
        story.body = text[block.body_start:]
    _title_chapters(story)
    text_layout.trim_end(story, notes)
    return chapter_text.finish_text(story, notes)


_TITLE_PART = re.compile(r"\s*[(\[]\s*(?:part\s+)?(\d+)\s*(?:/|of)\s*(\d+|\?)\s*[)\]]\s*$",
                         re.IGNORECASE)


def _title_chapters(story: Story) -> None:
    """'Title (1/3)' states the part posted and the parts planned."""
    if story.title and story.chapters_posted is None and (m := _TITLE_PART.search(story.title)):
        story.title = story.title[: m.start()].strip()
        text_fields.set_chapters(story, f"{m.group(1)}/{m.group(2)}")
