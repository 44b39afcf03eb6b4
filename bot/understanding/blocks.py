"""A story body cut into scenes and blocks: the one pass every other step reads from.

A block is a run of paragraphs inside one scene, grouped until it holds a few sentences
(about 200-600 characters); a paragraph longer than that is a block on its own. Blocks are the
unit for co-occurrence, mood counting and candidate excerpts. Each block's words are tokenised
once, as lower-case bytes (the bytes methods run in C, several times faster than a regex pass),
and its word set keeps only the lexicon and cue words later steps look up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parsers.common import is_scene_break
from bot.understanding.cues import CUE_WORDS
from bot.understanding.lexicon import LEXICON_WORDS

BLOCK_MIN = 200
BLOCK_MAX = 600

# Punctuation that separates words; apostrophes and hyphens stay inside words.
_SEPARATORS = b'.,;:!?"()[]{}*_~/\\<>|=+#@&%$^`'
_TO_SPACE = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
# str.replace runs in C; str.translate with a dict is a Python-speed loop per character.
_QUOTES = (("“", '"'), ("”", '"'), ("„", '"'), ("’", "'"), ("‘", "'"), ("—", " - "),
           ("–", " - "), ("…", "... "))

# Lines that are scaffolding rather than story: chapter headers, notes, calls for reviews.
_SCAFFOLD = re.compile(
    r"(?:chapter\s+\w+\b.{0,60}|part\s+\d+.{0,40}|a/n\b.*|author'?s'?\s+notes?\b.*|"
    r"disclaimer\b.*|notes?:.*|beta(?:'d| read| thanks)?\b.*|please review.*|review please.*|"
    r"tbc\.?|to be continued.*|the end\.?|end\.?|fin\.?|#+\s.*|summary:.*)$",
    re.IGNORECASE)


@dataclass(slots=True)
class Block:
    text: str  # paragraphs joined by "\n", quotes normalised to straight ones
    scene: int
    words: list[bytes]  # lower-case tokens
    wordset: frozenset[bytes]  # the tokens any later step looks up (lexicon and cue words) only
    narrative: bool = True  # False for chapter headers and notes left in the body
    # Filled by the character pass: name -> mentions, and the names in narration (not dialogue)
    names: dict[str, int] = field(default_factory=dict)
    narrated: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)  # names in order of first mention


# Words some step reads from a block's word set; keeping only these makes the set small.
VOCABULARY = LEXICON_WORDS | CUE_WORDS


def tokens(text: str) -> list[bytes]:
    """Lower-case word tokens of already quote-normalised text."""
    return text.encode("utf-8", "replace").lower().translate(_TO_SPACE).split()


def normalise(body: str) -> str:
    if body.isascii():
        return body
    for old, new in _QUOTES:
        if old in body:
            body = body.replace(old, new)
    return body


def split_blocks(body: str) -> list[Block]:
    """Scenes split at scene-break lines; paragraphs grouped into blocks."""
    blocks: list[Block] = []
    scene = 0
    pending: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal pending, size
        if pending:
            text = "\n".join(pending)
            words = tokens(text)
            last = blocks[-1] if blocks else None
            if (size < BLOCK_MIN and last is not None and last.scene == scene
                    and len(last.text) + size <= BLOCK_MAX + BLOCK_MIN):
                # a short tail joins the block before it rather than stand alone
                last.text += "\n" + text
                last.words += words
                last.wordset |= VOCABULARY.intersection(words)
            else:
                blocks.append(Block(text, scene, words, VOCABULARY.intersection(words)))
        pending, size = [], 0

    for raw in normalise(body).split("\n"):
        line = raw.strip()
        if not line:
            continue
        if len(line) <= 40 and (is_scene_break(line) or _SCAFFOLD.match(line)):
            flush()
            if is_scene_break(line):
                scene += 1
            continue
        if len(line) > BLOCK_MAX:
            flush()
            pending, size = [line], len(line)
            flush()
            continue
        if size and size + len(line) > BLOCK_MAX:
            flush()
        pending.append(line)
        size += len(line) + 1
        if size >= BLOCK_MIN * 1.5:
            flush()
    flush()
    for block in blocks:
        if len(block.text) < 300 and _SCAFFOLD.match(block.text.split("\n", 1)[0]):
            block.narrative = False
    return blocks
