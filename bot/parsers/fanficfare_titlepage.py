"""FanFicFare's title page, shared by its HTML and EPUB outputs.

Both writers print `<a href=storyUrl>Title</a> by Author` and then label/value entries:
table rows `<tr><td><b>Label:</b></td><td>value</td></tr>` (HTML, and EPUB with the table
option) or runs `<b>Label:</b> value<br />` (EPUB default). Labels are FanFicFare's defaults
(`FIELDS` maps each to a story field); for AO3 stories its "Category" holds the fandoms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parsers import html_dom as dom
from bot.parsers.common import (
    map_rating,
    parse_chapters,
    parse_date,
    parse_int,
    parse_relationship,
    stated_people,
    status_from,
)
from bot.parsers.html_dom import Element
from bot.parsers.text_fields import split_genres, warning_names
from bot.story import Character, Story

FIELDS = {
    "category": "fandoms", "categories": "fandoms", "fandom": "fandoms", "fandoms": "fandoms",
    "genre": "tags", "genres": "tags", "freeform tags": "tags", "additional tags": "tags",
    "tags": "tags", "ao3 categories": "tags",
    "characters": "characters", "relationships": "relationships", "ships": "relationships",
    "pairing": "relationships", "pairings": "relationships",
    "status": "status", "published": "published", "updated": "updated",
    "rating": "rating", "rated": "rating", "warnings": "warnings", "warning": "warnings",
    "chapters": "chapters", "words": "words", "story url": "url",
    "summary": "summary", "description": "summary", "series": "series", "language": "language",
    "author": "authors", "authors": "authors", "title": "title",
}
_LABEL = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*$")


@dataclass(slots=True)
class Entry:
    label: str  # lower case, no colon
    text: str  # the value as paragraphs
    hrefs: list[str] = field(default_factory=list)


def title_line(heading: Element) -> tuple[str | None, str | None, list[str]]:
    """`<a href=url>Title</a> by <a>A</a>, <a>B</a>` -> (title, url, authors)."""
    links = heading.find_all(lambda e: e.tag == "a")
    if links:
        title = links[0].text() or None
        url = links[0].get("href") or None
        authors = [a.text() for a in links[1:] if a.text()]
    else:
        title, url, authors = heading.text() or None, None, []
    if not authors:
        m = re.search(r"\sby\s+(.+)$", heading.text())
        if m:
            authors = [a.strip() for a in re.split(r",\s*|\s+&\s+", m.group(1)) if a.strip()]
            if not links:
                title = heading.text()[: m.start()].strip() or None
    return title, url, list(dict.fromkeys(authors))


def _label_of(el: Element) -> str | None:
    if el.tag not in ("b", "strong"):
        return None
    m = _LABEL.match(el.text())
    return m.group(1).lower() if m else None


def entries(container: Element) -> list[Entry]:
    """Label/value entries from the title page, table rows or `<b>` runs."""
    rows = container.find_all(lambda e: e.tag == "tr")
    return _table_entries(rows) if rows else _run_entries(container)


def _table_entries(rows: list[Element]) -> list[Entry]:
    """Entries from table rows: a bold label in the first cell, the value beside or after it."""
    found: list[Entry] = []
    for row in rows:
        cells = [c for c in row.child_elements() if c.tag in ("td", "th")]
        if not cells:
            continue
        bold = cells[0].find(lambda e: e.tag in ("b", "strong"))
        label = _label_of(bold) if bold is not None else None
        if label is None:
            continue
        if len(cells) > 1:
            found.append(_entry(label, cells[1].children))
        else:  # the "wide" row: <td colspan=2><b>Label:</b> value</td>
            rest = cells[0].children[cells[0].children.index(bold) + 1:] \
                if bold in cells[0].children else []
            found.append(_entry(label, rest))
    return found


def _run_entries(container: Element) -> list[Entry]:
    """Entries from runs of children: each label starts one, a <br> after its value ends it."""
    found: list[Entry] = []
    label: str | None = None
    nodes: list[Element | str] = []
    for node in container.children:
        if isinstance(node, Element):
            new_label = _label_of(node)
            if new_label is not None:
                if label is not None:
                    found.append(_entry(label, nodes))
                label, nodes = new_label, []
                continue
            if node.tag == "br" and label is not None and nodes:
                found.append(_entry(label, nodes))
                label, nodes = None, []
                continue
        if label is not None:
            nodes.append(node)
        elif found and isinstance(node, Element) and node.tag != "br":
            # an unlabelled run right after an entry continues it (a wrapped summary)
            more = _entry(found[-1].label, [node])
            if more.text:
                found[-1].text += "\n\n" + more.text
                found[-1].hrefs += more.hrefs
    if label is not None:
        found.append(_entry(label, nodes))
    return found


def _entry(label: str, nodes: list[Element | str]) -> Entry:
    holder = Element("div")
    holder.children = list(nodes)
    hrefs = [a.get("href") for a in holder.find_all(lambda e: e.tag == "a") if a.get("href")]
    return Entry(label, dom.block_text(holder), hrefs)


def split_commas(value: str) -> list[str]:
    """FanFicFare joins list values with ", "; names may hold "|" or "&" so split on commas."""
    out: list[str] = []
    for item in value.replace("\n", ",").split(","):
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def apply(story: Story, found: list[Entry]) -> None:
    """Copy title-page entries into `story` (fields the page does not state stay as they are)."""
    status_value: str | None = None
    for entry in found:
        field_name = FIELDS.get(entry.label)
        value = entry.text.strip()
        if field_name is None or not value:
            continue
        if field_name == "status":
            status_value = value
        elif field_name in _LIST_FIELDS:
            _apply_list(story, field_name, value)
        else:
            _apply_value(story, field_name, value, entry.hrefs)
    if status_value is not None:
        story.status = status_from(status_value, (story.chapters_posted, story.chapters_total))
        if story.status == "complete" and story.chapters_total is None:
            story.chapters_total = story.chapters_posted


_LIST_FIELDS = frozenset(("fandoms", "tags", "characters", "relationships", "warnings"))


def _apply_list(story: Story, field_name: str, value: str) -> None:
    """A comma-separated entry: fandoms, tags, characters and relationships add to what the
    story has; warnings replace it."""
    if field_name == "fandoms":
        story.fandoms += [v for v in split_commas(value) if v not in story.fandoms]
    elif field_name == "tags":
        for item in split_commas(value):
            story.tags += [g for g in split_genres(item) if g not in story.tags]
    elif field_name == "characters":
        names = {c.name for c in story.characters}
        story.characters += [Character(p, stated=True) for v in split_commas(value)
                             for p in stated_people(v) if p not in names]
    elif field_name == "relationships":
        for item in split_commas(value):
            rel = parse_relationship(item)
            if rel is not None and rel.key not in {r.key for r in story.relationships}:
                story.relationships.append(rel)
    elif field_name == "warnings":
        story.warnings = warning_names(split_commas(value))


def _apply_value(story: Story, field_name: str, value: str, hrefs: list[str]) -> None:
    """A single-valued entry; authors and title only when the story has none yet."""
    if field_name == "rating":
        story.rating = map_rating(value)
    elif field_name == "published":
        story.published = parse_date(value)
    elif field_name == "updated":
        story.updated = parse_date(value)
    elif field_name == "chapters":
        story.chapters_posted, story.chapters_total = parse_chapters(value)
    elif field_name == "words":
        story.stated_words = parse_int(value)
    elif field_name == "url":
        story.url = hrefs[0] if hrefs else value.split()[0]
    elif field_name == "summary":
        story.summary = value
    elif field_name == "series":
        # FanFicFare writes "Series Name [2]"
        story.series = re.sub(r"\s*\[\d+\]\s*$", "", value) or None
    elif field_name == "language":
        story.language = value
    elif field_name == "authors" and not story.authors:
        story.authors = split_commas(value)
    elif field_name == "title" and not story.title:
        story.title = value


def title_page_container(root: Element) -> Element | None:
    """The element whose children are the labelled entries (the table, or the div of runs)."""
    table = root.find(lambda e: e.tag == "table" and e.find(
        lambda b: _label_of(b) is not None) is not None)
    if table is not None:
        return table
    bold = root.find(lambda e: _label_of(e) is not None)
    return bold.parent if bold is not None else None
