"""AO3's preface vocabulary, shared by the HTML/EPUB reader and the converted-text reader."""

from __future__ import annotations

# Label (lower case, no colon) -> field. Labels were always singular before 2023-10.
AO3_LABELS = {
    "rating": "rating", "ratings": "rating",
    "archive warning": "warnings", "archive warnings": "warnings",
    "warning": "warnings", "warnings": "warnings",
    "category": "category", "categories": "category",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships",
    "character": "characters", "characters": "characters",
    "additional tag": "tags", "additional tags": "tags", "freeform": "tags",
    "language": "language", "series": "series", "stats": "stats",
    "collection": "collections", "collections": "collections",
    # the stats line's parts, when a converted text puts each on its own line
    "published": "stats", "updated": "stats", "completed": "stats", "words": "stats",
    "chapters": "stats",
}
# AO3's "none apply" is not a warning; "Creator Chose Not To Use Archive Warnings" (older:
# "Choose Not To Use Archive Warnings") is kept: a server may exclude the works that chose it.
NOT_WARNINGS = frozenset({"no archive warnings apply"})
CHOSE_NOT_TO_WARN = "Creator Chose Not To Use Archive Warnings"
