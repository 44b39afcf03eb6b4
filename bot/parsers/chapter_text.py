"""Author's notes inside chapters: set aside before the story and after it, chapter by chapter.

Fans post chapter by chapter and talk to their readers at each one's head and tail: "A/N:",
a disclaimer, replies to reviewers, "Okay, story time.", then the chapter heading; at the end
"a/n: how did I do?", "Please R&R!", a signature. Downloads and EPUB makers keep all of it in
the chapter text. A reader (and a word count) wants the story only, so each chapter is cut:

- head: everything up to a chapter heading ("Chapter 3: Doors", "Epilogue") found among the
  first paragraphs, when what precedes it is short; else up to the last paragraph marked as a
  note ("A/N", "Disclaimer:", "Author's Note") among the first paragraphs, with a "story time"
  line after it; a repeated story title and leading separators go too.
- tail: from the last paragraph marked as a note in the chapter's last part to the end, and
  review-begging lines ("Review!", "all reviewers get cake") and a postscript at the very end.

Marked notes are recognised by how they start, so prose is never cut for what it says; every
cut is bounded (a share of the chapter), so a story that is mostly notes keeps its text.
Only the first and last paragraphs of a chapter are looked at: the cost stays linear.
"""

from __future__ import annotations

import re

from bot.parsers import common
from bot.parsers.text_fields import read_phrases, untitled
from bot.parsers.text_layout import is_note
from bot.story import Story

HEAD_PARAGRAPHS = 14  # notes before a chapter sit in its first paragraphs
TAIL_PARAGRAPHS = 24
HEAD_SHARE = 0.35  # what is cut before a chapter's story is at most this share of its words
TAIL_SHARE = 0.45
_APOS = "['’]?"
MARKED_NOTE = re.compile(
    r"^\s*[\[(*_~]*\s*(?:a\s*/\s*n\b|a\.n\.|an\s*:|author" + _APOS + r"s?" + _APOS
    + r"\s+notes?\b|authors?\s+notes?\b|end\s+notes?\b|notes?\s*:|disclaimer\b|p\.?\s*s\.?\s*[:\-]"
    r"|review\s+replies|reviewer\s+replies|replies\s+to\s+reviews|thanks?\s+to\s+(?:all\s+)?"
    r"(?:my\s+)?reviewers)", re.IGNORECASE)
_HEADING = re.compile(
    r"^\s*[*_#~\[(]*\s*(?:chapter|part|epilogue|prologue|interlude)\b[^\n]{0,90}$"
    r"|^\s*[*_]*\s*(?:\d{1,3}|[ivxlc]{1,6})\s*[.:)]\s+\S[^\n]{0,60}$", re.IGNORECASE)
_TRANSITION = re.compile(
    r"^\s*[\[(*_~]*\s*(?:(?:ok(?:ay)?|so|now|anyway|alright)[\s,.!]*)?(?:on\s+(?:to|with)\s+"
    r"(?:the\s+)?(?:story|chapter|fic)|(?:it'?s\s+)?story\s+time|enjoy|here\s+(?:it\s+is|we\s+go)"
    r"|without\s+further\s+ado|read\s+on|and\s+now,?\s+the\s+(?:story|chapter))\b[^\n]{0,40}$",
    re.IGNORECASE)
_REVIEW = re.compile(
    r"\breview(?:ers|ing)\b|\br\s*(?:&|\+|and)\s*r\b|\bplease\s+review\b"
    r"|\breviews?\s+(?:make|made|are|keep|feed|help|motivate|mean)\b"
    r"|(?:^|[.!?]\s+)(?:please\s+|now\s+)?review\s*[!.]*\s*$|\bleave\s+(?:a\s+)?(?:review|comment)"
    r"|\bfeedback\s+(?:is|would|much|welcome)|\bcomments?\s+(?:are|is)\s+(?:love|welcome|appreciated)",
    re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:[.~*\-_=#+oOxX0•·]\s*){1,}$")
# a glossary after the story ("níu – cow", "Ai ya - damn") and where the title comes from
_GLOSS = re.compile(r"^[^\n]{1,40}?\s[–—-]\s\S[^\n]{0,400}$")
_TITLE_SOURCE = re.compile(r"^\s*[*_(\[]*\s*(?:the\s+)?title\s+(?:comes|is\s+taken|is|was\s+taken)"
                           r"\s+from\b|^\s*[*_(\[]*\s*title\s+from\b", re.IGNORECASE)


def clean_chapters(body: str, title: str | None, notes: list[str]) -> str:
    """Cut the notes at the head and tail of each chapter of `body` (chapters are separated
    by chapter-heading paragraphs, or the body is one chapter); the cuts go to `notes`."""
    paras = body.split("\n\n")
    if len(paras) < 3:
        return body
    starts = [0]
    for i in _heading_indexes(paras):
        if i - starts[-1] >= 4:  # a heading among a chapter's first lines belongs to its head
            starts.append(i)
    out: list[str] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(paras)
        out.extend(clean_chapter(paras[start:end], title, notes))
    return "\n\n".join(out)


def _heading_indexes(paras: list[str]) -> list[int]:
    """Paragraphs that are a chapter heading line alone, past the first few."""
    found = []
    for i, p in enumerate(paras):
        if len(p) <= 100 and "\n" not in p.strip() and p[:1] != " " and _is_heading(p) \
                and re.match(r"\s*[*_#~\[(]*\s*(?:chapter|part|epilogue|prologue)\b", p, re.I):
            found.append(i)
    return found


def _is_heading(paragraph: str) -> bool:
    p = paragraph.strip()
    return len(p) <= 100 and "\n" not in p and bool(_HEADING.match(p))


def _words(paragraph: str) -> int:
    return len(paragraph.split())


def clean_chapter(paras: list[str], title: str | None, notes: list[str]) -> list[str]:
    """One chapter's paragraphs without its leading and trailing notes (those go to notes)."""
    total = sum(_words(p) for p in paras) or 1
    start = _head_cut(paras, title, total)
    end = _tail_cut(paras, start, total)
    cut = [p for p in paras[:start] + paras[end:] if p.strip()]
    kept_notes = [p.strip() for p in cut if not _is_heading(p) and not _is_title(p, title)
                  and not _SEPARATOR.match(p)]
    notes.extend(kept_notes)
    return paras[start:end]


def _is_title(paragraph: str, title: str | None) -> bool:
    if not title:
        return False
    return _squash(paragraph) == _squash(title)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _head_cut(paras: list[str], title: str | None, total: int) -> int:
    """Index of the first paragraph of the chapter's story."""
    head = paras[:HEAD_PARAGRAPHS]
    budget = HEAD_SHARE * total
    words = 0
    heading = last_note = None
    for i, p in enumerate(head):
        words += _words(p)
        if words > budget:
            break
        if _is_heading(p):
            heading = i
            break
        if MARKED_NOTE.match(p):
            last_note = i
    start = 0
    if heading is not None:
        start = heading + 1
    elif last_note is not None:
        start = last_note + 1
        while start < len(paras) and start < HEAD_PARAGRAPHS and (
                _TRANSITION.match(paras[start]) or MARKED_NOTE.match(paras[start])):
            start += 1
    # what is left at the head: unmarked notes (disclaimers), the title, separators
    while start < len(paras) - 1 and start < HEAD_PARAGRAPHS and (
            not paras[start].strip() or _SEPARATOR.match(paras[start])
            or common.is_scene_break(paras[start].strip()) or _is_title(paras[start], title)
            or (is_note(paras[start]) and _words(paras[start]) < 150)):
        start += 1
    return start


def _tail_cut(paras: list[str], start: int, total: int) -> int:
    """Index one past the chapter's last story paragraph."""
    end = len(paras)
    budget = TAIL_SHARE * total
    words = 0
    for i in range(len(paras) - 1, max(start, len(paras) - TAIL_PARAGRAPHS) - 1, -1):
        words += _words(paras[i])
        if words > budget:
            break
        if MARKED_NOTE.match(paras[i]):
            end = i
    # review requests, a postscript, a glossary and separators at the very end
    while end - 1 > start:
        last = paras[end - 1].strip()
        if not last or _SEPARATOR.match(last) or common.is_scene_break(last) or (
                len(last) <= 500 and (_REVIEW.search(last) or common.is_end_chatter(last)
                                      or _TITLE_SOURCE.match(last))):
            end -= 1
            continue
        break
    glossary = end
    while glossary - 1 > start and _GLOSS.match(paras[glossary - 1].strip()):
        glossary -= 1
    return glossary if end - glossary >= 2 else end


def finish_text(story: Story, notes: list[str]) -> Story:
    """A text family's last steps: cut the notes inside chapters, attach the collected notes,
    then the shared finishing steps."""
    story.body = clean_chapters(story.body, story.title, notes)
    if story.title is None:
        story.title = untitled(story)
    kept = [n.strip() for n in notes if n and n.strip()]
    if kept:
        story.notes = "\n\n".join(kept)
    read_phrases(story, story.prompt)
    for note in kept:
        read_phrases(story, note)
    return common.finish(story)
