"""How the catalog stores understanding per story: one `understanding` row, two compact strings.

Why compact strings: the single process that writes the catalog pays for every row and index
entry, and understanding used to add a row per mood and per passage to every story. Now a
story has one row with all ten mood scores and its passages, written by bot.catalog.writer
and read here by the search, the cards and the export. Only the scores a search looks a mood
up by (MOOD_INDEX_FLOOR and up) also get a row in the indexed `moods` table.

Formats (nothing here is JSON: these strings are built for every story at ingest):
- moods: the ten scores in bot.story.MOODS order, comma-separated ("0.812,0.0,...").
- passages: records separated by RS (\\x1e), each a run of fields separated by US (\\x1f):
  score, mood (empty for none), where the passage sits in the body ("start:end", with a
  trailing "…" when it stops mid-sentence), then the canonical names the passage shows. The
  text itself is the body's, read from `bodies` (storing it again made this row larger than
  the compressed body).
"""

from __future__ import annotations

from bot.story import Passage
from bot.vocabulary import MOODS

# A mood scored at least this gets a `moods` row, so the search finds the story by that mood
# through the index. The search calls a story "having" a mood from 0.3 on (lookups, ranking);
# below that, a score only nudges the order of stories found otherwise, and is read here.
MOOD_INDEX_FLOOR = 0.3

_RS, _US = "\x1e", "\x1f"
_SEPARATORS = str.maketrans({_RS: " ", _US: " "})


def pack_moods(moods: dict[str, float]) -> str:
    """All ten scores in vocabulary order; a story not understood (no scores) packs to ""."""
    if not moods:
        return ""
    return ",".join([repr(float(moods.get(mood, 0.0))) for mood in MOODS])


def unpack_moods(text: str | None) -> dict[str, float]:
    """Every mood of the vocabulary with its score (0.0 for a story with none stored)."""
    if not text:
        return dict.fromkeys(MOODS, 0.0)
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != len(MOODS):
        return dict.fromkeys(MOODS, 0.0)
    return dict(zip(MOODS, values, strict=True))


def ranked_moods(text: str | None) -> list[tuple[str, float]]:
    """The scored moods (above 0), best first; ties in vocabulary order."""
    scores = unpack_moods(text)
    return sorted(((m, s) for m, s in scores.items() if s > 0), key=lambda i: -i[1])


def pack_passages(passages: list[Passage]) -> str:
    records = [_US.join((repr(float(p.score)), p.mood or "", _span(p), *p.characters))
               for p in passages]
    packed = _RS.join(records)
    fields = len(passages) * 3 + sum(len(p.characters) for p in passages)
    if packed.count(_RS) != max(len(records) - 1, 0) or \
            packed.count(_US) != fields - len(records):
        # a separator inside some name: blank it out there
        packed = _RS.join(_US.join(f.translate(_SEPARATORS) for f in (
            repr(float(p.score)), p.mood or "", _span(p), *p.characters)) for p in passages)
    return packed


def _span(passage: Passage) -> str:
    """"start:end", and a trailing "…" when the passage stops mid-sentence (shown with one)."""
    cut = len(passage.text) > passage.end - passage.start
    return f"{passage.start}:{passage.end}{'…' if cut else ''}"


def unpack_passages(text: str | None, body: str) -> list[Passage]:
    """The stored passages, in story order, their text cut from `body` (the story's body); a
    malformed record, or one pointing outside the body, is skipped."""
    out = []
    for passage in passage_places(text):
        if passage.end <= len(body):
            passage.text = body[passage.start:passage.end] + passage.text
            out.append(passage)
    return out


def passage_places(text: str | None) -> list[Passage]:
    """The stored passages without their text (only "…" for one cut mid-sentence): enough to
    choose one before reading the body."""
    out = []
    for record in (text or "").split(_RS):
        fields = record.split(_US)
        if len(fields) < 3:
            continue
        span = fields[2]
        cut = span.endswith("…")
        start_text, _, end_text = span.rstrip("…").partition(":")
        try:
            score, start, end = float(fields[0]), int(start_text), int(end_text)
        except ValueError:
            continue
        if 0 <= start < end:
            out.append(Passage("…" if cut else "", tuple(fields[3:]), fields[1] or None, score,
                               start, end))
    return out
