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
HEAD_SHARE = 0.35  # what is cut before a chapter's story is at most this share of its text
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
# a paragraph that is a chapter heading line ("Chapter 3: Doors", "EPILOGUE")
# (it starts with a literal "\n\n": the regex engine skips to each blank line at C speed)
_HEADING_PARAGRAPH = re.compile(
    r"\n\n([ \t]*[*_#~\[(]*[ \t]*(?:[Cc]hapter|CHAPTER|[Pp]art|PART|[Ee]pilogue|EPILOGUE"
    r"|[Pp]rologue|PROLOGUE)\b[^\n]{0,90})(?=\n\n|\Z)")
# a paragraph that may be a marked note or a heading (the scan of a chapter's ends)
_MAYBE_MARKED = re.compile(
    r"\n\n[ \t]*[\[(*_~]*[ \t]*(?:(?i:a\s*/\s*n\b|a\.n\.|an\s*:|authors?\b|end\s+notes?|notes?\s*:"
    r"|disclaimer|p\.?\s*s\.?\s*[:\-]|review|replies|thanks?\s+to|chapter\b|part\b|epilogue"
    r"|prologue|interlude)|(?:\d{1,3}|[ivxlcIVXLC]{1,6})\s*[.:)]\s+\S[^\n]{0,60}(?:\n\n|$))")
# every MARKED_NOTE starts with one of these (after brackets and emphasis marks)
_NOTE_STARTS = ("a/", "a /", "a.n", "an:", "an :", "author", "end note", "note", "disclaimer",
                "p.s", "ps", "p s", "review", "replies", "thank")
_REVIEW_WORDS = ("review", "r&r", "r+r", "r & r", "r and r", "feedback", "comment")
_SEPARATOR = re.compile(r"^\s*(?:[.~*\-_=#+oOxX0•·]\s*){1,}$")
# a glossary after the story ("níu – cow", "Ai ya - damn") and where the title comes from
_GLOSS = re.compile(r"^[^\n]{1,40}?\s[–—-]\s\S[^\n]{0,400}$")
_TITLE_SOURCE = re.compile(r"^\s*[*_(\[]*\s*(?:the\s+)?title\s+(?:comes|is\s+taken|is|was\s+taken)"
                           r"\s+from\b|^\s*[*_(\[]*\s*title\s+from\b", re.IGNORECASE)


def clean_chapters(body: str, title: str | None, notes: list[str]) -> str:
    """Cut the notes at the head and tail of each chapter of `body` (chapters are separated
    by chapter-heading paragraphs, or the body is one chapter); the cuts go to `notes`.

    One regex scan finds every paragraph that may be a marked note or a heading; most bodies
    have none near their ends, and then no paragraph is split off or looked at beyond the
    first and the last: a long body costs that scan, not a split into every paragraph."""
    if "\n\n" not in body:
        return body
    marks = [m.start() + 2 for m in _MAYBE_MARKED.finditer(body)]
    starts = [0]
    for pos in marks:
        if _HEADING_PARAGRAPH.match(body, pos - 2) and body.count("\n\n", starts[-1], pos) >= 4:
            starts.append(pos)  # (a heading among a chapter's first lines is its head)
    if len(starts) == 1:
        return _clean_text(body, title, notes, marks)
    ends = [*starts[1:], len(body)]
    pieces = [_clean_text(body[a:b].strip("\n"), title, notes,
                          [m - a for m in marks if a <= m < b]) for a, b in zip(starts, ends)]
    return "\n\n".join(p for p in pieces if p)


def _clean_text(text: str, title: str | None, notes: list[str], marks: list[int]) -> str:
    """One chapter; `marks` are the offsets of paragraphs that may be marked notes."""
    total = len(text)
    first_end = text.find("\n\n")
    last_start = text.rfind("\n\n") + 2
    head_marked = any(m < HEAD_SHARE * total for m in marks) or _may_be_note(text[:first_end])
    tail_marked = any(m > (1 - TAIL_SHARE) * total for m in marks)
    if not head_marked and not tail_marked and not _front_matter(
            text[:first_end], title) and not _may_end(text[last_start:]):
        return text  # no note, heading, title or chatter at either end: nothing to cut
    head = text.split("\n\n", HEAD_PARAGRAPHS)
    tail = head[-1].rsplit("\n\n", TAIL_PARAGRAPHS) if len(head) > HEAD_PARAGRAPHS else []
    if len(tail) <= TAIL_PARAGRAPHS:  # a short chapter: its head and tail meet
        return "\n\n".join(clean_chapter(text.split("\n\n"), title, notes))
    head, tail = head[:HEAD_PARAGRAPHS], tail[1:]
    start = _head_cut(head, title, total, head_marked)
    end = _tail_cut(tail, 0, total, tail_marked)
    if start == 0 and end == len(tail):
        return text
    _keep_notes(head[:start] + tail[end:], title, notes)
    cut_head = sum(len(p) + 2 for p in head[:start])
    cut_tail = sum(len(p) + 2 for p in tail[end:])
    return text[cut_head:len(text) - cut_tail]


def _may_end(last: str) -> bool:
    """Is the last paragraph chatter, a separator or a glossary line (then the tail is read)?"""
    last = last.strip()
    return not last or bool(_SEPARATOR.match(last)) or common.is_scene_break(last) or (
        len(last) <= 500 and (_asks_for_reviews(last) or common.is_end_chatter(last)
                              or bool(_TITLE_SOURCE.match(last)))) or bool(_GLOSS.match(last))


def _is_heading(paragraph: str) -> bool:
    if len(paragraph) > 120:
        return False
    p = paragraph.strip()
    return len(p) <= 100 and "\n" not in p and bool(_HEADING.match(p))


def clean_chapter(paras: list[str], title: str | None, notes: list[str]) -> list[str]:
    """One chapter's paragraphs without its leading and trailing notes (those go to notes)."""
    total = sum(map(len, paras)) or 1  # characters: a word count's stand-in, at C speed
    start = _head_cut(paras, title, total)
    end = _tail_cut(paras, start, total)
    _keep_notes(paras[:start] + paras[end:], title, notes)
    return paras[start:end]


def _keep_notes(cut: list[str], title: str | None, notes: list[str]) -> None:
    """What was cut, less headings, the title and separators, is the author's notes."""
    notes.extend(p.strip() for p in cut if p.strip() and not _is_heading(p)
                 and not _is_title(p, title) and not _SEPARATOR.match(p))


def _is_title(paragraph: str, title: str | None) -> bool:
    if not title or len(paragraph) > 2 * len(title) + 20:
        return False
    return _squash(paragraph) == _squash(title)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _head_cut(paras: list[str], title: str | None, total: int, marked: bool = True) -> int:
    """Index of the first paragraph of the chapter's story (`marked`: whether the head may
    hold a marked note or a heading at all)."""
    head = paras[:HEAD_PARAGRAPHS] if marked else []
    budget = HEAD_SHARE * total
    size = 0
    heading = last_note = None
    for i, p in enumerate(head):
        size += len(p)
        if size > budget:
            break
        if len(p) > 120 and not _may_be_note(p):
            continue  # prose: neither a heading nor a marked note
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
    while start < len(paras) - 1 and start < HEAD_PARAGRAPHS and _front_matter(
            paras[start], title):
        start += 1
    return start


def _front_matter(paragraph: str, title: str | None) -> bool:
    if len(paragraph) >= 900:
        return False
    p = paragraph.strip()
    return (not p or bool(_SEPARATOR.match(p)) or common.is_scene_break(p)
            or _is_title(p, title) or is_note(p))


def _tail_cut(paras: list[str], start: int, total: int, marked: bool = True) -> int:
    """Index one past the chapter's last story paragraph (`marked`: whether the tail may hold
    a marked note at all)."""
    end = len(paras)
    budget = TAIL_SHARE * total
    size = 0
    first = max(start, len(paras) - TAIL_PARAGRAPHS) if marked else len(paras)
    for i in range(len(paras) - 1, first - 1, -1):
        p = paras[i]
        size += len(p)
        if size > budget:
            break
        if (len(p) <= 120 or _may_be_note(p)) and MARKED_NOTE.match(p):
            end = i
    # review requests, a postscript, a glossary and separators at the very end
    while end - 1 > start:
        last = paras[end - 1].strip()
        if not last or _SEPARATOR.match(last) or common.is_scene_break(last) or (
                len(last) <= 500 and (_asks_for_reviews(last) or common.is_end_chatter(last)
                                      or _TITLE_SOURCE.match(last))):
            end -= 1
            continue
        break
    glossary = end
    while glossary - 1 > start and _GLOSS.match(paras[glossary - 1].strip()):
        glossary -= 1
    return glossary if end - glossary >= 2 else end


def _may_be_note(paragraph: str) -> bool:
    """A cheap test before MARKED_NOTE: how every marked note starts."""
    return paragraph[:24].lstrip(" \t[(*_~").lower().startswith(_NOTE_STARTS)


def _asks_for_reviews(paragraph: str) -> bool:
    low = paragraph.lower()  # the words first: the regex only where one of them stands
    return any(w in low for w in _REVIEW_WORDS) and bool(_REVIEW.search(paragraph))


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
