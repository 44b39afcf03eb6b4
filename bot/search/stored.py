"""How the catalog stores understanding per story: one `understanding` row, two compact strings.

Why compact strings: the single process that writes the catalog pays for every row and index
entry, and understanding used to add a row per mood and per passage to every story. Now a
story has one row with all ten mood scores and its passages, written by bot.catalog.writer
and read here by the search, the cards and the export. Only the scores a search looks a mood
up by (MOOD_INDEX_FLOOR and up) also get a row in the indexed `moods` table.

Formats (nothing here is JSON: these strings are built for every story at ingest):
- moods: the ten scores in bot.story.MOODS order, comma-separated ("0.812,0.0,...").
- passages: records separated by RS (\\x1e), each a run of fields separated by US (\\x1f):
  score, mood (empty for none), text, then the canonical names the passage shows.
"""

from __future__ import annotations

from bot.story import MOODS, Passage

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
    records = [_US.join((repr(float(p.score)), p.mood or "", p.text, *p.characters))
               for p in passages]
    packed = _RS.join(records)
    fields = len(passages) * 3 + sum(len(p.characters) for p in passages)
    if packed.count(_RS) != max(len(records) - 1, 0) or \
            packed.count(_US) != fields - len(records):
        # a separator inside some text or name: blank it out there (the text is still read)
        packed = _RS.join(_US.join(f.translate(_SEPARATORS) for f in (
            repr(float(p.score)), p.mood or "", p.text, *p.characters)) for p in passages)
    return packed


def unpack_passages(text: str | None) -> list[Passage]:
    """The stored passages, in story order; a malformed record is skipped."""
    out = []
    for record in (text or "").split(_RS):
        fields = record.split(_US)
        if len(fields) < 3:
            continue
        try:
            score = float(fields[0])
        except ValueError:
            continue
        out.append(Passage(fields[2], tuple(fields[3:]), fields[1] or None, score))
    return out
