"""One harvest of labels, wherever they stand: lines of a title or information page, the parts
of a saved web page around the story, a header block.

Every layout that states facts as "Label: value" (a LiveJournal header, FicHub's introduction,
WebToEpub's information page, a tool's title page, `<dt>Label</dt><dd>value</dd>`, a table row)
is first rendered to lines, then read here line by line: a known label (common.LABELS, every
variant fans use) with its value on the line or, when the line is the label alone, on the
lines after it; fanfiction.net's metadata line ("Rated: Fiction M - English - ..."); its
category breadcrumb ("Books > Harry Potter"); a by-line; AO3's "Posted originally on the
Archive of Our Own at URL". Values land through `text_fields`, as every family's do.
"""

from __future__ import annotations

import re

from bot.parsers import common, ffnet, text_fields, text_layout
from bot.story import Story

# Fields whose value may run over several lines after a label standing alone.
_LONG_FIELDS = {"summary", "notes", "disclaimer", "warnings"}
_CRUMB = re.compile(
    r"^\s*(?:Anime/Manga|Anime|Books?|Cartoons?|Comics?|Games?|Misc|Movies?|Plays/Musicals|Plays"
    r"|TV Shows|TV|Crossovers?)\s*[»>›]\s*(.+?)\s*$", re.IGNORECASE)
_POSTED_AT = re.compile(r"Posted originally on the Archive of Our Own at\s+(https?://\S+)",
                        re.IGNORECASE)


def harvest(story: Story, lines: list[str], notes: list[str]) -> int:
    """Read every label line of `lines` into `story`; returns how many facts were found."""
    found = 0
    i = 0
    lines = [ln.strip() for ln in lines if ln.strip()]
    while i < len(lines):
        line = lines[i]
        i += 1
        if len(line) > 2000:
            continue
        if ffnet.META.match(line):
            ffnet.read_meta(story, line)
            found += 1
        elif m := _CRUMB.match(line):
            if read_crumb(story, m.group(1)):
                found += 1
        elif m := _POSTED_AT.search(line):
            story.url = story.url or text_fields.find_url(m.group(1))
            found += 1
        elif (label := common.label_line(line)) is not None:
            field, value = label
            if not value:
                value, i = _value_below(lines, i, field)
            apply_label(story, field, value, _label_name(line), notes)
            found += 1
        elif author := text_layout.by_line(line):
            text_fields.add_unique(story.authors, text_fields.split_authors(author))
            found += 1
    return found


def _value_below(lines: list[str], i: int, field: str) -> tuple[str, int]:
    """The value of a label standing alone: the next line (a <dd>, a table cell), or for a
    summary or notes every line up to the next label."""
    limit = 40 if field in _LONG_FIELDS else 1
    values: list[str] = []
    while i < len(lines) and len(values) < limit and common.label_line(lines[i]) is None:
        values.append(lines[i])
        i += 1
    return ("\n" if field in _LONG_FIELDS else " ").join(values), i


def _label_name(line: str) -> str:
    return line.split(":", 1)[0].strip("*_<>/b ").strip()


def apply_label(story: Story, field: str, value: str, label: str, notes: list[str]) -> None:
    """Store one labelled value; a "URL" that holds no link and note-like labels go to notes."""
    if field == "url" and not text_fields.find_url(value):
        field = "other"  # "Archive: yes, just ask" is a permission, not a link
    if field == "prompt" and label.lower() == "requested by":
        field = "recipient"
    if field == "other" and label.casefold() in _SITE_COUNTS:
        return  # reviews, favs, kudos: the site's counters, not the author's words
    text_fields.apply_field(story, field, value, notes, label=label if field in {
        "notes", "disclaimer", "beta", "spoilers", "other"} else "")


_SITE_COUNTS = {"reviews", "favs", "follows", "kudos", "hits", "bookmarks", "comments", "id"}


def read_crumb(story: Story, rest: str) -> bool:
    """'Harry Potter' of 'Books > Harry Potter' (a story page adds '> Title'; a crossover page
    'A + B Crossover')."""
    parts = [p.strip() for p in re.split(r"\s*[»>›]\s*", rest) if p.strip()]
    if not parts:
        return False
    fandom = re.sub(r"\s+Crossover\s*$", "", parts[0], flags=re.IGNORECASE)
    text_fields.add_unique(story.fandoms, [f for f in re.split(r"\s+\+\s+", fandom) if f])
    return True


_INLINE_LABEL = re.compile(r"(?<=\S)\s+(?=[A-Z][A-Za-z' ]{1,24}:\s)")


def split_labels(line: str) -> list[str]:
    """'Chapters: 1 Completed: Yes Word count: 498' -> one line per known label."""
    parts = _INLINE_LABEL.split(line)
    if len(parts) == 1:
        return [line]
    out: list[str] = []
    for part in parts:
        if out and common.label_line(part) is None:
            out[-1] += " " + part
        else:
            out.append(part)
    return out
