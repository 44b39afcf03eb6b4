"""Body chunks: the units the full-text index over story bodies is built from.

The index (`body_fts`, contentless) stores no text, so the chunking must be deterministic: the
writer indexes `chunks(body)` and the search re-cuts the same body to show the matching chunk as
the excerpt. Row ids are `story * MAX_CHUNKS + chunk number`.
"""

from __future__ import annotations

import re

CHUNK_CHARS = 1200
MAX_CHUNKS = 4096
# How much of each body the full-text index holds. Indexing whole long bodies costs the ingest
# more than its 20 MB/s budget allows (FTS5 merges dominate), so the index keeps the opening
# (about 1,500 words, where most stories set their scene) and summaries/tags/passages cover
# the rest of "what it is about".
INDEXED_CHARS = 9000
_PARAGRAPHS = re.compile(r"\n\s*\n")


def chunks(body: str) -> list[str]:
    """Paragraph-aligned pieces of about CHUNK_CHARS characters, never more than MAX_CHUNKS."""
    target = max(CHUNK_CHARS, len(body) // MAX_CHUNKS + 1)
    out: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in _PARAGRAPHS.split(body):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        while len(paragraph) > 2 * target:  # one huge line: cut it at a space
            cut = paragraph.rfind(" ", 0, target)
            cut = cut if cut > 0 else target
            if current:
                out.append("\n\n".join(current))
                current, size = [], 0
            out.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        current.append(paragraph)
        size += len(paragraph)
        if size >= target:
            out.append("\n\n".join(current))
            current, size = [], 0
    if current:
        out.append("\n\n".join(current))
    if len(out) > MAX_CHUNKS:  # only reachable with pathological cuts: merge the tail
        out[MAX_CHUNKS - 1:] = ["\n\n".join(out[MAX_CHUNKS - 1:])]
    return out


def indexed_chunks(body: str) -> list[str]:
    """The chunks the body index holds: those starting within the first INDEXED_CHARS."""
    out, size = [], 0
    for piece in chunks(body[:INDEXED_CHARS + 2 * CHUNK_CHARS]):
        if size >= INDEXED_CHARS:
            break
        out.append(piece)
        size += len(piece) + 2
    return out


def rowid(story: int, chunk: int) -> int:
    return story * MAX_CHUNKS + chunk


def split_rowid(value: int) -> tuple[int, int]:
    return divmod(value, MAX_CHUNKS)
