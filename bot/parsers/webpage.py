"""Story pages saved from a site: LiveJournal and Dreamwidth posts, fanfiction.net story pages
(desktop and mobile), archive pages (Yuletide-style, eFiction "Story by Author"), an author's
own page, and any other HTML that holds a story.

A saved page is the story wrapped in the site: navigation, a login box, sidebars, comments, a
footer. The story is the page's main text block: the site's own story container when the page
has one we know (LiveJournal's entry, fanfiction.net's #storytext), else the element holding
the most paragraph text (links not counted). That block is rendered to text and read by the
text families, so a header block ("Title:", "Rating:", "Pairing:"), notes, end markers and
tags are read exactly as in a text file. The page around it adds what a site states in its
own markup: the canonical URL, the poster (LiveJournal's journal, fanfiction.net's author
link), the `<title>` ("Title, a Firefly fanfic - FanFiction.Net"), fanfiction.net's metadata
line and breadcrumb, and details an author left in a comment ("title: …", "fandom: …").
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bot.parsers import ParseError, common, ffnet, labels, parse_text, text_fields
from bot.parsers import html_dom as dom
from bot.parsers.chapter_text import clean_chapter
from bot.parsers.html_dom import Element, Paragraphs
from bot.parsers.text_fields import untitled
from bot.story import Story

# containers sites put the story in: ids, then class names
_STORY_IDS = ("storytext", "chaptertext", "chapter-text", "story-text", "storycontent", "story")
_STORY_CLASSES = ("storytext", "b-singlepost-body", "entry-content", "entry_text", "entrytext",
                  "asset-body", "entry-body", "post-content", "post-body", "story-text",
                  "chapter-text", "storycontent", "article-body")
# page furniture that is never the story
_FURNITURE = frozenset(("nav", "header", "footer", "aside", "form", "button", "select", "iframe",
                        "input", "textarea", "label", "menu"))
_FURNITURE_CLASS = re.compile(r"comment|share|sidebar|navigation|navbar|breadcrumb|footer"
                              r"|ljtags|tag-list|userpic|linkbar|controls", re.IGNORECASE)
_PROSE_PARENTS = frozenset(("div", "td", "article", "section", "main", "body", "center",
                            "blockquote", "font", "span", "dd", "li"))
_FFNET_TITLE = re.compile(r"^(.*?),\s+an?\s+(.+?)\s+fanfic\s*(?:\|\s*FanFiction|-\s*FanFiction)",
                          re.IGNORECASE)
_CHAPTER_SUFFIX = re.compile(r"\s+Chapter\s+\d+\b.*$", re.IGNORECASE)
_SAVED_FROM = re.compile(r"saved\s+from\s+url=\(\d+\)\s*(https?://\S+)", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s*[|\-–—]\s*(?:FanFiction\.Net|FictionPress|Dreamwidth|LiveJournal"
                          r"|Archive of Our Own|Wattpad|Tumblr)\b.*$", re.IGNORECASE)
_FFNET_AUTHOR = re.compile(r"^(?:https?://(?:www\.|m\.)?fanfiction\.net)?/u/\d+/")
_HOSTS = {"fanfiction.net": "https://www.fanfiction.net", "livejournal.com": "",
          "dreamwidth.org": ""}


def detect_html(html: str) -> float:
    """Any page with text can be a saved story page; the specific families win over this."""
    return 0.2


def parse_html(html: str, name: str) -> Story:
    root = dom.parse(html)
    facts = Story(format="web-page")
    notes: list[str] = []
    _page_facts(root, facts, notes)
    main = _main_block(root)
    _near_labels(main, facts, notes)
    text = _block_text(main)
    if not text.strip():
        raise ParseError(f"{name}: HTML page holds no story text")
    story = parse_text(text, name)
    _merge(story, facts)
    story.format = "web-page"
    _drop_title_line(story)
    if notes:
        story.notes = "\n\n".join(n for n in [story.notes, *notes] if n)
    if not story.body.strip():
        raise ParseError(f"{name}: HTML page holds no story text")
    story.count_words()
    return story


# --- the page around the story -------------------------------------------------------------

def _page_facts(root: dom.Root, facts: Story, notes: list[str]) -> None:
    """What the page states outside the story block: title, URL, poster, site metadata."""
    metas = {(e.get("property") or e.get("name")).lower(): e.get("content")
             for e in root.find_all(lambda e: e.tag == "meta") if e.get("content")}
    canonical = root.find(lambda e: e.tag == "link" and "canonical" in e.get("rel").lower())
    base = metas.get("og:url") or ""
    if canonical is not None and canonical.get("href"):
        facts.url = _absolute(canonical.get("href"), base)
    facts.url = facts.url or (base or None) or _saved_from(root) or _entry_link(root)
    title = root.find(lambda e: e.tag == "title")
    _read_title(facts, title.text() if title is not None else "")
    if author := metas.get("author"):
        text_fields.add_unique(facts.authors, text_fields.split_authors(author))
    _poster(root, facts)
    lines = _block_text(dom.body_of(root), furniture=False).split("\n")
    for line in lines:
        if ffnet.META.match(line):
            ffnet.read_meta(facts, line)
        elif m := re.match(r"^\s*(?:TV Shows|TV|Books|Anime/Manga|Anime|Movies|Cartoons|Comics"
                           r"|Games|Misc|Plays/Musicals|Plays)\s*[»>›]\s*(.+)$", line):
            labels.read_crumb(facts, m.group(1))
    for comment in root.comments:  # "<!-- STORYINFO title: … fandom: … -->"
        found = [ln for ln in comment.split("\n") if common.label_line(ln.strip())]
        if len(found) >= 2:
            labels.harvest(facts, found, notes)


def _saved_from(root: dom.Root) -> str | None:
    """Browsers mark a saved page "<!-- saved from url=(0043)https://… -->"."""
    for comment in root.comments:
        if m := _SAVED_FROM.search(comment):
            return m.group(1).rstrip("-> ")
    return None


def _entry_link(root: Element) -> str | None:
    """A journal's post title links to the post itself ("h3.entry-title > a")."""
    for el in root.elements():
        if el.tag in ("h1", "h2", "h3") and el.attrs and "entry-title" in el.class_stems:
            link = el.find(lambda a: a.tag == "a" and a.get("href").startswith("http"))
            if link is not None:
                return link.get("href").split("#", 1)[0]
    return None


def _absolute(href: str, base: str) -> str:
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("//"):
        return "https:" + href
    if base:
        return urljoin(base, href)
    if href.startswith("/s/"):  # fanfiction.net's canonical link is relative
        return _HOSTS["fanfiction.net"] + href
    return href


def _read_title(facts: Story, title: str) -> None:
    """'Title, a Firefly fanfic - FanFiction.Net' (a chapter page adds 'Chapter 2: …'),
    'Archive :: Title by Author', 'Title | Site'."""
    title = title.strip()
    if not title:
        return
    if m := _FFNET_TITLE.match(title):
        facts.title = _CHAPTER_SUFFIX.sub("", m.group(1)).strip()
        text_fields.add_unique(facts.fandoms, [m.group(2).strip()])
        return
    title = _SITE_SUFFIX.sub("", title).strip()
    title = re.split(r"\s+(?:::|»|›)\s+", title)[-1].strip()  # "Archive :: Title by Author"
    if (m := re.match(r"^(.+?)\s+by\s+(\S+(?:\s+\S+){0,3})$", title)) and not facts.authors:
        title = m.group(1).strip()
        facts.authors = [m.group(2).strip()]
    facts.title = title or None


def _poster(root: Element, facts: Story) -> None:
    """Who posted the page: LiveJournal/Dreamwidth's journal, fanfiction.net's author link."""
    for el in root.elements():
        stems = el.class_stems if el.attrs else set()
        if stems & {"b-singlepost-author", "poster", "entry-poster", "journal-name"}:
            user = el.find(lambda e: bool(e.get("lj:user")))
            if user is not None:
                facts.authors = [user.get("lj:user")]
                return
        if el.tag == "a" and _FFNET_AUTHOR.match(el.get("href")) and el.text():
            facts.authors = [el.text()]
            return


def _near_labels(main: Element, facts: Story, notes: list[str]) -> None:
    """Labels beside the story block (an archive's info box: "Rated:", "Pairing:", several
    to a line), read from its siblings and its parent's: never from comments, sidebars or
    the rest of the site."""
    near: list[Element] = []
    node: Element | None = main
    for _ in range(2):
        parent = node.parent if node is not None else None
        if parent is None or parent.tag in ("body", "html", "#root"):
            break
        near += [c for c in parent.child_elements() if c is not node]
        node = parent
    lines: list[str] = []
    for el in near:
        for line in _block_text(el).split("\n"):
            lines += labels.split_labels(line)
    labels.harvest(facts, [ln for ln in lines if common.label_line(ln)], notes)


# --- the story block -----------------------------------------------------------------------

def _main_block(root: Element) -> Element:
    """The site's story container, else the element holding the most paragraph text."""
    body = dom.body_of(root)
    for el in body.elements():
        if not el.attrs:
            continue
        if el.id.lower() in _STORY_IDS or el.class_stems & set(_STORY_CLASSES):
            return el
    scores: dict[int, int] = {}
    owners: dict[int, Element] = {}
    for el in body.elements():
        if el.tag in _FURNITURE or el.tag in ("a", "script", "style"):
            continue
        prose = _prose_length(el)
        if not prose:
            continue
        parent = el.parent if el.tag in ("p", "br", "em", "i", "b", "strong", "span") else el
        while parent is not None and parent.tag not in _PROSE_PARENTS:
            parent = parent.parent
        if parent is None:
            continue
        scores[id(parent)] = scores.get(id(parent), 0) + prose
        owners[id(parent)] = parent
    if not scores:
        return body
    return owners[max(scores, key=lambda k: scores[k])]


def _prose_length(el: Element) -> int:
    """Characters of text an element holds itself (a <p>: all of it), links not counted."""
    if el.tag == "p":
        links = sum(len(a.text()) for a in el.find_all(lambda e: e.tag == "a"))
        return max(0, len(el.text()) - links)
    return sum(len(c.strip()) for c in el.children if isinstance(c, str))


def _block_text(block: Element, furniture: bool = True) -> str:
    """The block as text lines and paragraphs; with `furniture`, the site's parts are left out
    (navigation, forms, comments, share bars), and link-only lines at its edges."""

    def hook(el: Element, out: Paragraphs) -> bool:
        if el.tag in _FURNITURE or el.tag in ("img", "select", "option"):
            return True
        if el.tag in ("dt",):  # "<dt>Rating:</dt><dd>M</dd>" reads as one labelled line
            out.flush()
            out.add(el.text() + " ")
            return True
        if el.tag == "dd":
            out.add(el.text())
            out.flush()
            return True
        return bool(el.attrs) and el is not block and (
            el.id.lower().startswith("comment") or bool(_FURNITURE_CLASS.search(el.get("class"))))

    text = dom.block_text(block, hook=hook if furniture else None)
    if not furniture:
        return text
    links = {a.text() for a in block.find_all(lambda e: e.tag == "a") if a.text()}
    paras = text.split("\n\n")
    while paras and _link_only(paras[0], links):
        paras.pop(0)
    while paras and _link_only(paras[-1], links):
        paras.pop()
    return "\n\n".join(paras)


def _link_only(paragraph: str, links: set[str]) -> bool:
    """A paragraph made of links and separators ("Main fanfic page", "Read Comments - Post
    Comment")."""
    rest = paragraph
    for link in sorted(links, key=len, reverse=True):
        if link in rest:
            rest = rest.replace(link, "")
    return len(re.sub(r"[\W_]+", "", rest)) == 0


# --- together --------------------------------------------------------------------------------

def _merge(story: Story, facts: Story) -> None:
    """What the page states fills what the story block did not; a title the text family only
    guessed (the plain reader's first line, the opening words) gives way to the page's."""
    guessed = story.title is None or story.format == "plain" or story.title == untitled(story)
    if facts.title and guessed:
        story.title = facts.title
    if facts.authors and not story.authors:
        story.authors = list(facts.authors)
    story.url = story.url or facts.url
    text_fields.add_unique(story.fandoms, facts.fandoms)
    if story.rating == "not-rated":
        story.rating = facts.rating
    text_fields.add_unique(story.tags, facts.tags)
    text_fields.add_characters(story, [c.name for c in facts.characters])
    text_fields.add_relationships(story, facts.relationships)
    text_fields.add_unique(story.warnings, facts.warnings)
    story.summary = story.summary or facts.summary
    story.published = story.published or facts.published
    story.updated = story.updated or facts.updated
    story.stated_words = story.stated_words or facts.stated_words
    story.language = story.language or facts.language
    if facts.chapters_posted is not None and story.chapters_posted is None:
        story.chapters_posted, story.chapters_total = facts.chapters_posted, facts.chapters_total
    if facts.status != "unknown":
        story.status = facts.status
    common.settle_status(story)


def _drop_title_line(story: Story) -> None:
    """The page repeats the title (and a by-line) above the story: not story text."""
    paras = story.body.split("\n\n")
    kept = clean_chapter(paras, story.title, [])
    while kept and story.authors and (author := _by(kept[0])) and author in story.authors:
        kept.pop(0)
    story.body = "\n\n".join(kept)


def _by(paragraph: str) -> str | None:
    m = re.match(r"^\s*by\s+(\S+)", paragraph, re.IGNORECASE)
    return m.group(1).strip(".,") if m and len(paragraph) < 200 else None
