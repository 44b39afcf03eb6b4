"""Tumblr posts: an optional prompt line, the story, then a line (or lines) of #tags.

The prompt line reads "prompt: …", "for @someone: Spike/Buffy + "you stayed"" or
"anonymous asked: …"; a pairing written in it is a stated relationship. Tags keep their
spelling without the '#' ("#buffy summers" -> "buffy summers"); ship-name tags stay tags, and
a tag that joins names ("#zuko & iroh", "#amy x jonah") states that pairing as AO3's would.
Tumblr writes its names in lower case ("jiang yanli & wei wuxian"); `common.finish` gives
them the story's own capitalised spelling.
"""

from __future__ import annotations

import re

from bot.parsers import chapter_text, common, text_fields, text_layout
from bot.parsers.textio import unescape_entities
from bot.story import Relationship, Story

_PROMPT = re.compile(r"^\s*(?:\*\*|_)?prompt(?:\*\*|_)?\s*[:\-–]\s*(.+?)\s*$", re.IGNORECASE)
_FOR = re.compile(r"^\s*(?:written\s+)?for\s+(@[\w.-]+)\s*(?:[:\-–]\s*(.*?))?\s*$", re.IGNORECASE)
_ASK = re.compile(r"^\s*(@?[\w.-]+|anonymous|anon)\s+(?:asked|said|requested)\s*:\s*(.+?)\s*$",
                  re.IGNORECASE)
_TAG_LINE = re.compile(r"^\s*#[^\s#]")
_TAG_SPLIT = re.compile(r"(?:^|\s)#(?=[^\s#])")
_TUMBLR_URL = re.compile(r"https?://(?:[\w-]+\.)*tumblr\.com/[^\s<>\"')\]]*|"
                         r"https?://[\w-]+\.tumblr\.com\b[^\s<>\"')\]]*", re.IGNORECASE)
_POSTED_BY = re.compile(r"^\s*(?:posted|written|reblogged)\s+by\s+@?([\w.-]+)\s*$", re.IGNORECASE)
_CHROME = re.compile(r"^\s*(?:keep\s+reading|read\s+more|\(?via\s+@?[\w.-]+\)?|source:\s*\S+"
                     r"|\[?read\s+more\]?|notes?\s*:?\s*\d+|\d+\s+notes)\s*$", re.IGNORECASE)
_MAX_PROMPT = 400
_NOT_A_PAIR = {"hurt/comfort", "h/c", "f/m", "m/m", "f/f"}
_JOINED = re.compile(r"/| & | x ")
# A name as tumblr writes it in a pair: lower case, one to three words ("wei wuxian").
_LOWER_PAIR_NAME = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}")
_NOT_NAMES = {"and", "or", "either", "neither", "and or", "hurt", "comfort", "fluff", "angst",
              "smut", "gen", "crack"}


def _tag_line(line: str) -> bool:
    return bool(_TAG_LINE.match(line)) and len(line) < 1000


def _prompt_line(line: str) -> bool:
    return len(line) <= _MAX_PROMPT and bool(
        _PROMPT.match(line) or _FOR.match(line) or _ASK.match(line))


def _tumblr_url(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first tumblr link in text[start:end]. A case-blind regex scans character by
    character: look for the name first (its letters have no non-ASCII case variants)."""
    if "tumblr" not in text[start:end].lower():
        return None
    return _TUMBLR_URL.search(text, start, end)


def detect(text: str) -> float:
    tail = text_layout.tail_lines(text, 5)
    tags = sum(len(_TAG_SPLIT.findall(t)) for t in tail if _tag_line(t))
    lines = text_layout.head_lines(text, text_layout.DETECT_CHARS)
    first = text_layout.next_filled(lines, 0)
    prompt = first < len(lines) and _prompt_line(lines[first].text)
    url = bool(_tumblr_url(text, 0, text_layout.DETECT_CHARS)) or any(
        _tumblr_url(t, 0, len(t)) for t in tail)
    score = 0.0
    if tags >= 2 or (tags == 1 and (prompt or url)):
        score = 0.75
    elif prompt:
        score = 0.4
    if score and prompt:
        score += 0.1
    if score and url:
        score += 0.1
    return min(score, 0.9)


def parse(text: str, name: str) -> Story:
    text = unescape_entities(text)
    story = Story(format="tumblr")
    notes: list[str] = []
    lines = text_layout.head_lines(text)
    i = text_layout.next_filled(lines, 0)
    pairs: list[str] = []
    if i < len(lines) and _read_prompt(story, lines[i].text, pairs):
        i = text_layout.next_filled(lines, i + 1)
    if i < len(lines) and text_layout.looks_like_title(lines[i].text):
        j = i + 1
        if j < len(lines) and lines[j].blank:
            story.title = lines[i].text.strip().strip("*_").strip()
            i = text_layout.next_filled(lines, j)
    if i < len(lines) and (author := text_layout.by_line(lines[i].text)):
        story.authors = text_fields.split_authors(author)
        i = text_layout.next_filled(lines, i + 1)
    start = lines[i].start if i < len(lines) else len(text)
    story.body = _cut_tags(story, text[start:])
    _state_pairs(story, pairs, [t for t in story.tags if _JOINED.search(t)])
    if m := _tumblr_url(text, 0, text_layout.HEAD_CHARS) or _tumblr_url(
            text, max(0, len(text) - 4096), len(text)):
        story.url = m.group(0).rstrip(".,;")
    text_layout.trim_end(story, notes)
    return chapter_text.finish_text(story, notes)


def _read_prompt(story: Story, line: str, pairs: list[str]) -> bool:
    if len(line) > _MAX_PROMPT:
        return False  # a story written on one line, not a prompt
    if m := _FOR.match(line):
        story.recipient = m.group(1)
        prompt = m.group(2) or None
    elif m := _ASK.match(line):
        if m.group(1).lower() not in {"anonymous", "anon"}:
            story.recipient = m.group(1)
        prompt = m.group(2)
    elif m := _PROMPT.match(line):
        prompt = m.group(1)
    else:
        return False
    story.prompt = prompt
    for piece in re.split(r"\s+\+\s+|\s*[,;:]\s+|\s+-\s+|\s+with\s+", prompt or ""):
        piece = piece.strip().strip("\"'“”").strip()
        if _JOINED.search(piece):
            pairs.append(piece)
    return True


def _state_pairs(story: Story, prompt: list[str], tags: list[str]) -> None:
    """The pairings of the prompt and of the tags. A tag is free words ("#blood/gore"): its
    lower-case pair counts when the story writes each name capitalised. A prompt's "&" is its
    "and", not AO3's friendship mark: it gives way when the tags state the pair as lovers."""
    found: list[tuple[Relationship, bool]] = []
    for piece, from_prompt in [(p, True) for p in prompt] + [(t, False) for t in tags]:
        rel = None if piece.casefold() in _NOT_A_PAIR else common.parse_relationship(piece)
        if rel and (all(m[:1].isupper() for m in rel.members) or all(
                _LOWER_PAIR_NAME.fullmatch(m) and m not in _NOT_NAMES and (
                    from_prompt or common.written_form(story.body, m)) for m in rel.members)):
            found.append((rel, from_prompt and " & " in piece))
    lovers = {_people(r) for r, _ in found if r.kind == "romantic"}
    text_fields.add_relationships(story, [r for r, loose in found
                                          if not (loose and _people(r) in lovers)])


def _people(rel: Relationship) -> frozenset[str]:
    return frozenset(m.casefold() for m in rel.members)


def _cut_tags(story: Story, body: str) -> str:
    """Move the trailing #tag lines (and reblog chrome) out of the body into `story.tags`."""
    tags: list[str] = []
    for _ in range(12):
        stripped = body.rstrip()
        cut = stripped.rfind("\n")
        last = stripped[cut + 1:].strip()
        if _tag_line(last):
            tags[:0] = [t.strip() for t in _TAG_SPLIT.split(last) if t.strip()]
        elif m := _POSTED_BY.match(last):
            text_fields.add_unique(story.authors, [m.group(1)])  # the blog that posted it
        elif not (_CHROME.match(last) or _TUMBLR_URL.fullmatch(last)) or not last:
            break
        body = stripped[:cut] if cut >= 0 else ""
    text_fields.add_unique(story.tags, tags)
    return body
