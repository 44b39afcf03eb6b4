"""AO3 HTML downloads (otwarchive `downloads/show`) and saved AO3 work pages: preface tags,
chapters, afterword.

`read_work` works on any tree with AO3's preface/chapters/afterword markup, so the EPUB
reader (calibre converts the same HTML and renames classes to "userstuff1" and the like)
hands it the merged XHTML files instead of re-implementing the layout; calibre splits the
preface over two pages, and every preface found is read. A work page saved from the browser
("Save page as") holds the same parts in the site's markup: `dl.work.meta` for the tags,
`div.preface` with `h2.title` and `h3.byline`, `#chapters` inside `#workskin`, and the site's
navigation, kudos and comments around them, which are not the story.
"""

from __future__ import annotations

import re

from bot.parsers import ParseError
from bot.parsers import html_dom as dom
from bot.parsers.ao3_vocab import AO3_LABELS
from bot.parsers.chapter_text import clean_chapter
from bot.parsers.common import (
    finish,
    map_rating,
    parse_chapters,
    parse_date,
    parse_int,
    parse_relationship,
    stated_people,
    status_from,
)
from bot.parsers.html_dom import Element, Paragraphs
from bot.parsers.text_fields import warning_names
from bot.story import Character, Story

_WORK_URL = re.compile(r"https?://(?:www\.)?archiveofourown\.org/works/\d+")
_ARCHIVE = re.compile(r"Archive of Our Own|archiveofourown\.org")
_PREFACE_ID = re.compile(r"""\bid\s*=\s*["']?preface\b""")
_TAGS_DL = re.compile(r"""<dl\b[^>]*\bclass\s*=\s*["']?tags""")
_WORK_PAGE = re.compile(r"""<dl\b[^>]*\bclass\s*=\s*["']?work meta\b|\bid\s*=\s*["']?workskin\b""")
_WORK_LINK = re.compile(r"^(?:https?://(?:www\.)?archiveofourown\.org)?/works/(\d+)"
                        r"/(?:bookmarks|kudos|comments|chapters|share|navigate|collections)")

_PUBLISHED = re.compile(r"Published:\s*(\d{4}-\d{1,2}-\d{1,2})")
_REVISED = re.compile(r"(Updated|Completed):\s*(\d{4}-\d{1,2}-\d{1,2})")
_WORDS = re.compile(r"Words:\s*(\d[\d,.]*)")
_CHAPTERS = re.compile(r"Chapters:\s*(\d+\s*/\s*(?:\d+|\?))")
_SERIES = re.compile(r"Part\s+(\d+)\s+of\s+(.+?)(?=,\s*Part\s+\d+\s+of\s|$)", re.DOTALL)

def detect_html(html: str) -> float:
    """High only for AO3's layouts: an Archive mention plus the preface or tag list (download),
    or the work page's tag list and work skin (a saved work page)."""
    head = html[:65536]
    if not _ARCHIVE.search(head):
        return 0.0
    if _WORK_PAGE.search(html):
        return 0.9
    score = 0.3
    if _PREFACE_ID.search(head):
        score += 0.35
    if _TAGS_DL.search(head):
        score += 0.3
    return score if score >= 0.6 else 0.0

def parse_html(html: str, name: str) -> Story:
    story = Story(format="ao3-html")
    read_work(dom.parse(html), story)
    if not story.body.strip():
        raise ParseError(f"{name}: AO3 download holds no chapter text")
    return finish(story)

def read_work(root: Element, story: Story) -> None:
    """Fill `story` from an AO3 download or work page tree: preface fields, body, notes."""
    prefaces = _find_prefaces(root)
    notes: list[str] = []
    tags = root.find(_is_tag_list)
    if tags is not None and not any(_inside(tags, p) for p in prefaces):
        _read_tags(tags, story)  # a work page keeps its tags outside the preface
    for preface in prefaces:
        notes.extend(read_preface(preface, story))
    if story.title is None:
        title = root.find(lambda e: e.tag == "title")
        if title is not None and title.text():
            # "{Title} - {Authors} - {Fandom}"; titles may hold " - " themselves
            parts = title.text().rsplit(" - ", 2)
            story.title = parts[0].strip() or None
    story.url = story.url or _page_work_url(root)
    work_skin = root.find(lambda e: e.id == "workskin") if tags is not None and \
        "work" in tags.class_stems else None
    afterwords: list[Element] = []
    story.body = _read_chapters(work_skin or root, prefaces, afterwords, notes, story.title)
    for afterword in afterwords:
        endnotes = afterword.find(lambda e: e.id in ("endnotes", "work_endnotes"))
        if endnotes is not None:
            notes.extend(_blockquote_texts(endnotes))
    story.notes = "\n\n".join(n for n in notes if n) or None


def _is_tag_list(el: Element) -> bool:
    if el.tag != "dl":
        return False
    stems = el.class_stems
    return "tags" in stems or {"work", "meta"} <= stems


def _inside(el: Element, region: Element) -> bool:
    node: Element | None = el
    while node is not None:
        if node is region:
            return True
        node = node.parent
    return False


def _find_prefaces(root: Element) -> list[Element]:
    prefaces = root.find_all(lambda e: e.id == "preface")
    if prefaces:
        return prefaces
    # a saved work page: div.preface (its afterword is "afterword preface group")
    prefaces = root.find_all(lambda e: e.tag == "div" and "preface" in e.class_stems
                             and "afterword" not in e.class_stems)
    if prefaces:
        return prefaces
    # older or hand-saved files: the region around the tag list
    dl = root.find(lambda e: e.tag == "dl" and "tags" in e.class_stems)
    if dl is None:
        return []
    meta = dl.parent
    region = meta.parent if meta is not None and meta.parent is not None \
        and meta.parent.tag not in ("body", "#root", "html") else meta
    return [region] if region is not None else []


def _page_work_url(root: Element) -> str | None:
    """A saved work page states no URL of its own; its links to the work's bookmarks,
    comments or chapters name it."""
    for el in root.elements():
        link = el.get("href") or el.get("action")
        if link and (m := _WORK_LINK.match(link)):
            return f"https://archiveofourown.org/works/{m.group(1)}"
    return None


def read_preface(preface: Element, story: Story) -> list[str]:
    """Read the preface into `story`; returns the work's notes (kept apart from the body)."""
    dl = preface.find(lambda e: e.tag == "dl" and ("tags" in e.class_stems or _has_dt(e)))
    if dl is not None:
        _read_tags(dl, story)
    h1 = preface.find(lambda e: e.tag == "h1" or (e.tag == "h2" and "title" in e.class_stems))
    if h1 is not None and h1.text():
        story.title = h1.text()
    else:
        message = preface.find(lambda e: "message" in e.class_stems)
        bold = message.find(lambda e: e.tag in ("b", "strong")) if message is not None else None
        if bold is not None and bold.text():
            story.title = bold.text()
    byline = preface.find(lambda e: "byline" in e.class_stems)
    if byline is not None:
        story.authors = _byline_names(byline)
    story.url = story.url or _work_url(preface)
    summary = _labelled_blockquotes(preface, ("summary",))
    if summary:
        story.summary = "\n\n".join(summary)
    return _labelled_blockquotes(preface, ("notes",))

def _has_dt(dl: Element) -> bool:
    return any(c.tag == "dt" for c in dl.child_elements())

def _read_tags(dl: Element, story: Story) -> None:
    label: str | None = None
    for el in dl.child_elements():
        if el.tag == "dt":
            label = el.text().rstrip(":").strip().lower()
            continue
        if el.tag != "dd" or label is None:
            continue
        field = AO3_LABELS.get(label)
        if field is not None:
            _read_tag_field(field, el, story)

def _read_tag_field(field: str, dd: Element, story: Story) -> None:
    """One labelled `<dd>` of the tag list (`field` is its AO3_LABELS name) into the story."""
    values = _dd_values(dd)
    if field == "rating":
        story.rating = map_rating(values[0] if values else dd.text())
    elif field == "warnings":
        story.warnings = warning_names(values)
    elif field in ("category", "tags"):
        story.tags.extend(v for v in values if v not in story.tags)
    elif field == "fandoms":
        story.fandoms = values
    elif field == "relationships":
        for value in values:
            rel = parse_relationship(value)
            if rel is None:
                story.tags.append(value)
            elif rel.key not in {r.key for r in story.relationships}:
                story.relationships.append(rel)
    elif field == "characters":
        story.characters = [Character(p, stated=True) for v in values
                            for p in stated_people(v, tag=True)]
    elif field == "language":
        story.language = dd.text() or None
    elif field == "series":
        story.series = series_name(dd.text())
    elif field == "stats":
        read_stats(dd.text(), story)

def _dd_values(dd: Element) -> list[str]:
    """A dd's tags: its links when it has them, else its text split on commas (AO3 tags
    cannot contain commas)."""
    links = [a.text() for a in dd.find_all(lambda e: e.tag == "a")]
    items = links if any(links) else dd.text().split(",")
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out

def series_name(text: str) -> str | None:
    """"Part 2 of Name, Part 1 of Other" -> "Name" (the first series)."""
    m = _SERIES.search(text)
    if m:
        return m.group(2).strip() or None
    return text.strip() or None

def read_stats(text: str, story: Story) -> None:
    """"Published: 2015-01-10 Completed: 2015-02-01 Words: 1,214 Chapters: 2/2", either order."""
    if m := _PUBLISHED.search(text):
        story.published = parse_date(m.group(1))
    revised = _REVISED.search(text)
    if revised:
        story.updated = parse_date(revised.group(2))
    if m := _WORDS.search(text):
        story.stated_words = parse_int(m.group(1))
    chapters: tuple[int | None, int | None] = (None, None)
    if m := _CHAPTERS.search(text):
        chapters = parse_chapters(m.group(1))
        story.chapters_posted, story.chapters_total = chapters
    if revised and revised.group(1) == "Completed":
        story.status = "complete"
    elif chapters[0] is not None:
        story.status = status_from(None, chapters)

def _byline_names(byline: Element) -> list[str]:
    names = [a.text() for a in byline.find_all(lambda e: e.tag == "a") if a.text()]
    if not names:
        text = re.sub(r"^\s*by\s+", "", byline.text(), flags=re.IGNORECASE)
        names = [n.strip() for n in re.split(r",\s*|\s+and\s+", text) if n.strip()]
    return list(dict.fromkeys(names))

def _work_url(preface: Element) -> str | None:
    for a in preface.find_all(lambda e: e.tag == "a"):
        if found := _WORK_URL.match(a.get("href")):
            return found.group(0)
    m = _WORK_URL.search(preface.text())
    return m.group(0) if m else None

def _labelled_blockquotes(region: Element, labels: tuple[str, ...]) -> list[str]:
    """Blockquotes right after a <p>Summary</p> / <p>Notes:</p> label paragraph (a work
    page's label is an <h3>)."""
    for p in region.find_all(lambda e: e.tag in ("p", "h3")):
        if p.text().rstrip(":").strip().lower() not in labels or p.parent is None:
            continue
        siblings = p.parent.children
        texts: list[str] = []
        for node in siblings[siblings.index(p) + 1:]:
            if isinstance(node, str):
                if node.strip():
                    break
                continue
            if node.tag != "blockquote":
                break
            texts.append(dom.block_text(node))
        return [t for t in texts if t]
    return []

def _blockquote_texts(region: Element) -> list[str]:
    """Text of the outermost blockquotes in a region (a chapter's meta block, end notes)."""
    out: list[str] = []
    stack: list[Element] = list(reversed(region.child_elements()))
    while stack:
        el = stack.pop()
        if el.tag == "blockquote":
            text = dom.block_text(el)
            if text:
                out.append(text)
        else:
            stack.extend(reversed(el.child_elements()))
    return out

def _holds_chapters(el: Element) -> bool:
    return el.tag == "div" and bool(el.class_stems & {"meta", "chapter", "userstuff"})


def _read_chapters(root: Element, prefaces: list[Element], afterwords: list[Element],
                   notes: list[str], title: str | None) -> str:
    """Everything outside prefaces and afterword is chapter text, minus chapter meta blocks
    (their heading is dropped — AO3 counts words without chapter titles — and summaries and
    notes go to `notes`) and end notes. Each chapter's own text is cut of the author's notes
    written into it (`chapter_text`).
    Afterword elements met on the way are collected into `afterwords`."""
    skip = {id(p) for p in prefaces}

    def hook(el: Element, out: Paragraphs) -> bool:
        if not el.attrs:  # every element this hook cares about has an id or a class
            return False
        if id(el) in skip:
            return True
        stems = el.class_stems
        if el.id == "afterword" or (el.tag == "div" and "afterword" in stems):
            afterwords.append(el)
            return True
        if el.tag in ("h2", "h3") and stems & {"toc-heading", "landmark"}:
            return True
        if "endnote-link" in stems or el.id in ("feedback", "comments"):
            return True
        if el.id.startswith(("endnotes", "chapter_endnotes")):
            notes.extend(_blockquote_texts(el))
            return True
        if el.tag == "div" and "meta" in stems:
            heading = el.find(lambda e: e.tag in ("h2", "h3") and "heading" in e.class_stems)
            if heading is None:
                return False
            notes.extend(_blockquote_texts(el))
            return True
        if el.tag == "div" and "userstuff" in stems and el.find(_holds_chapters) is None:
            text = dom.block_text(el)
            for paragraph in clean_chapter(text.split("\n\n"), title, notes):
                out.paragraph(paragraph)
            return True
        return False

    return dom.block_text(root, hook=hook)
