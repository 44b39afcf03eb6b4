"""AO3 works turned into text: the download preface, then chapters and end notes.

AO3 offers no TXT download; these are HTML downloads converted by readers or copied from the
browser. Two layouts are accepted: "Label: value" on one line (copy-paste) and a label line alone
with the value indented on the following line(s) (html-to-text). Labels are singular before
2023-10 and plural after ("Fandom"/"Fandoms"); the stats line changed order in 2023-04
("Chapters: 2/2 Words: 1214" became "Words: 1,214 Chapters: 2/2"); Language exists from 2022-06.
"""

from __future__ import annotations

import re

from bot.parsers import chapter_text, common, text_fields, text_layout
from bot.parsers.ao3_vocab import AO3_LABELS
from bot.parsers.text_layout import Line
from bot.parsers.textio import unescape_entities
from bot.story import Story

_POSTED = re.compile(r"Posted originally on the Archive of Our Own", re.IGNORECASE)
_AO3_URL = re.compile(r"https?://(?:www\.)?archiveofourown\.org/works/\d+", re.IGNORECASE)
_AO3_ONLY = {"archive warning", "archive warnings", "additional tags", "stats"}
_LABEL = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]{1,24}?)[ \t]*:[ \t]*(.*?)\s*$")
_STAT = re.compile(r"\b(Published|Updated|Completed|Words|Chapters)\s*:\s*(\S+)", re.IGNORECASE)
_MARK = re.compile(
    r"^[ \t]*(?:"
    r"(?P<block>Summary|Notes|Chapter Summary|Chapter Notes|Chapter End Notes|End Notes"
    r"|Afterword|Works inspired by this one|Please drop by the Archive and comment[^\n]*)"
    r"(?:[ \t]*:[ \t]*(?P<inline>\S[^\n]*?)|[ \t]*:?)"
    r"|(?P<see>\(?See the end of the (?:work|chapter) for (?:more )?notes\.?\)?)"
    r"|(?P<head>Chapter[ \t]+\d+(?:[ \t]*[:.\-–—][^\n]{0,200}?)?|Chapter Text)"
    r")[ \t]*$", re.MULTILINE)
_PREFACE_BLOCKS = {"Summary", "Notes"}
_FINAL_BLOCKS = {"End Notes", "Afterword"}


def _label(line: str) -> tuple[str, str] | None:
    if len(line) > 2000:
        return None
    m = _LABEL.match(line)
    if not m:
        return None
    key = common.SPACE_RUNS.sub(" ", m.group(1).lower())
    return (key, m.group(2)) if key in AO3_LABELS else None


def detect(text: str) -> float:
    head = text[:text_layout.DETECT_CHARS]
    # a case-blind regex scans character by character: look for the words first
    if "archive of our own" in head.lower() and _POSTED.search(head):
        return 0.97
    labels = {found[0] for ln in text_layout.head_lines(text, text_layout.DETECT_CHARS)[:120]
              if (found := _label(ln.text))}
    fields = {AO3_LABELS[k] for k in labels}
    if labels & _AO3_ONLY and len(fields) >= 3:
        return 0.9
    return 0.0


def parse(text: str, name: str) -> Story:
    text = unescape_entities(text)
    story = Story(format="ao3-text")
    notes: list[str] = []
    lines = text_layout.head_lines(text, 65536)
    if m := _AO3_URL.search(text, 0, text_layout.HEAD_CHARS):
        story.url = m.group(0)
    first_title = _title_before_posted(lines)
    i = _read_meta(story, lines)
    i = _read_title(story, lines, i)
    story.title = story.title or first_title
    start = lines[i].start if i < len(lines) else len(text)
    story.body, summary, block_notes, headings = _read_blocks(text[start:])
    story.summary = summary
    notes.extend(block_notes)
    if story.chapters_posted is None and headings:
        story.chapters_posted = headings
    text_layout.trim_end(story, notes)
    return chapter_text.finish_text(story, notes)


# --- preface -------------------------------------------------------------------------------

def _title_before_posted(lines: list[Line]) -> str | None:
    """The download repeats the title above 'Posted originally on the Archive of Our Own'."""
    i = text_layout.next_filled(lines, 0)
    if i + 1 < len(lines) and not _POSTED.search(lines[i].text):
        j = text_layout.next_filled(lines, i + 1)
        if j < len(lines) and _POSTED.search(lines[j].text) and len(lines[i].text) <= 200:
            return lines[i].text.strip()
    return None


def _read_meta(story: Story, lines: list[Line]) -> int:
    """Read the tag block; return the index of the first line after it."""
    i = 0
    while i < min(len(lines), 200) and _label(lines[i].text) is None:
        i += 1
    if i >= min(len(lines), 200):  # no tag block: start after the "Posted originally" line
        for k, line in enumerate(lines[:20]):
            if _POSTED.search(line.text):
                return k + 1
        return 0
    fields: list[tuple[str, list[str]]] = []
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        found = _label(line.text)
        if found:
            fields.append((found[0], [found[1]] if found[1] else []))
        elif fields and (not fields[-1][1] or line.text[:1] in " \t"):
            fields[-1][1].append(line.text.strip())
        else:
            break
        i += 1
    stats: list[str] = []
    for key, parts in fields:
        kind = AO3_LABELS[key]
        if kind == "stats":
            stats.append(f"{key}: {' '.join(parts)}")
        elif kind != "collections":
            _apply(story, kind, _join(parts))
    _read_stats(story, " ".join(stats))
    return i


def _join(parts: list[str]) -> str:
    """Join value lines: one tag per line, unless the lines hold comma lists (then wrapped)."""
    if any("," in part for part in parts):
        return " ".join(parts)
    return ", ".join(parts)


def _tags(value: str) -> list[str]:
    """AO3 tags never contain commas; '|' inside a tag is an alias ('Ben Solo | Kylo Ren')."""
    return [t.strip() for t in value.split(",") if t.strip()]


def _apply(story: Story, kind: str, value: str) -> None:
    if kind == "rating":
        story.rating = common.map_rating(value)
    elif kind == "warnings":
        text_fields.add_unique(story.warnings, text_fields.clean_warnings(value))
    elif kind in ("category", "tags"):
        text_fields.add_unique(story.tags, _tags(value))
    elif kind == "fandoms":
        text_fields.add_unique(story.fandoms, _tags(value))
    elif kind == "relationships":
        for tag in _tags(value):
            rel = common.parse_relationship(tag)
            if rel is not None:
                text_fields.add_relationships(story, [rel])
    elif kind == "characters":
        text_fields.add_characters(story, _tags(value), tags=True)
    elif kind == "language":
        story.language = value.strip() or None
    elif kind == "series":
        story.series = text_fields.series_name(_tags(value)[0]) if _tags(value) else None


def _read_stats(story: Story, stats: str) -> None:
    values = {k.lower(): v for k, v in _STAT.findall(stats)}
    story.published = common.parse_date(values.get("published"))
    story.updated = common.parse_date(values.get("updated") or values.get("completed"))
    story.stated_words = common.parse_int(values.get("words"))
    text_fields.set_chapters(story, values.get("chapters"))
    if "completed" in values:
        story.status = "complete"


def _read_title(story: Story, lines: list[Line], i: int) -> int:
    """Title line and 'by author' after the tags; return the index of what follows."""
    i = text_layout.next_filled(lines, i)
    if i >= len(lines) or _MARK.match(lines[i].text) or len(lines[i].text) > 200:
        return i
    j = text_layout.next_filled(lines, i + 1)
    author = text_layout.by_line(lines[j].text) if j < len(lines) else None
    if author is None and j < len(lines) and _looks_like_username(lines[j].text):
        k = text_layout.next_filled(lines, j + 1)
        if k >= len(lines) or _MARK.match(lines[k].text):
            author = lines[j].text.strip()  # the web page shows the author without "by"
    if author is None:
        if text_layout.looks_like_title(lines[i].text) and j < len(lines) and _MARK.match(
                lines[j].text):
            story.title = lines[i].text.strip()
            return j
        return i
    story.title = lines[i].text.strip()
    text_fields.add_unique(story.authors, text_fields.split_authors(author))
    return j + 1


def _looks_like_username(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 60 and len(s.split()) <= 3 and s[-1] not in ".!?,;:\"'”"


# --- chapters, notes and end matter ------------------------------------------------------

def _read_blocks(rest: str) -> tuple[str, str | None, list[str], int]:
    """Cut Summary/Notes blocks and chapter headings out of the text after the preface.

    Returns (body, summary, notes, number of "Chapter N" headings).
    """
    marks = list(_MARK.finditer(rest))
    heads = [k for k, m in enumerate(marks) if m.group("head")]
    last_head = heads[-1] if heads else -1
    first_head = heads[0] if heads else len(marks)
    pieces: list[str] = []
    notes: list[str] = []
    summary: str | None = None
    pos = 0
    for k, m in enumerate(marks):
        if m.start() < pos:
            continue
        pieces.append(rest[pos:m.start()])
        pos = m.end()
        block = m.group("block")
        if not block:
            continue  # a heading or "(See the end of the chapter for more notes.)"
        if block == "Works inspired by this one" or block.startswith("Please drop by"):
            pos = len(rest)
            break
        nxt = marks[k + 1].start() if k + 1 < len(marks) else len(rest)
        if (block in _FINAL_BLOCKS and k > last_head) or (
                block in _PREFACE_BLOCKS and k < first_head and heads):
            content, pos = rest[m.end():nxt].strip(), nxt
        else:
            content, pos = _take_block(rest, m.end())
        if m.group("inline"):
            content = f"{m.group('inline').strip()}\n{content}".strip()
        if block == "Summary" and k < first_head and summary is None:
            summary = content or None
        elif content:
            notes.append(content)
    pieces.append(rest[pos:])
    body = "".join(pieces)
    return body, summary, notes, sum(1 for k in heads if marks[k].group("head") != "Chapter Text")


def _take_block(text: str, pos: int) -> tuple[str, int]:
    """The content under a block label: its indented (or '>' quoted) lines, else one paragraph.

    Returns (content, offset after the block).
    """
    lines: list[str] = []
    indented: bool | None = None
    size = len(text)
    q = pos + 1 if pos < size and text[pos] == "\n" else pos
    while q < size:
        end = text.find("\n", q)
        end = size if end < 0 else end
        line = text[q:end]
        if not line.strip():
            if lines and not indented:
                break
            if lines:
                lines.append("")
            q = end + 1
            continue
        is_indented = line[:1] in " \t>"
        if indented is None:
            indented = is_indented
        elif indented and not is_indented and not (
                len(lines[-1]) >= 60 and not _MARK.match(line)):
            break  # (a long line wraps onto an unindented one in text printed from a PDF)
        lines.append(line.strip().lstrip(">").strip())
        q = end + 1
        if len(lines) > 500:
            break
    return "\n".join(lines).strip(), min(q, size)
