"""FanFicFare HTML output: title line, label table, table of contents, `sectionNNNN` chapters."""

from __future__ import annotations

import re

from bot.parsers import ParseError
from bot.parsers import fanficfare_titlepage as fff
from bot.parsers import html_dom as dom
from bot.parsers.common import finish
from bot.parsers.html_dom import Element, Paragraphs
from bot.story import Story

_SECTION = re.compile(r"section\d+$", re.IGNORECASE)
_SECTION_ANCHOR = re.compile(r"""<a\s+name\s*=\s*["']?section\d+""", re.IGNORECASE)
_TITLE_H1 = re.compile(r"<h1>\s*<a\s+href=", re.IGNORECASE)
_LABEL_ROW = re.compile(r"<tr>\s*<td>\s*<b>[A-Z][\w ]{0,30}:</b>\s*</td>", re.IGNORECASE)


def detect_html(html: str) -> float:
    """Needs the chapter anchors plus the title line or label rows of FanFicFare's writer."""
    if not _SECTION_ANCHOR.search(html):
        return 0.0
    head = html[:65536]
    score = 0.4
    if _TITLE_H1.search(head):
        score += 0.25
    if len(_LABEL_ROW.findall(head)) >= 2:
        score += 0.25
    if "Table of Contents" in head:
        score += 0.1
    return score if score >= 0.6 else 0.0


def parse_html(html: str, name: str) -> Story:
    root = dom.parse(html)
    story = Story(format="fanficfare-html")
    heading = root.find(lambda e: e.tag == "h1")
    if heading is not None:
        story.title, story.url, story.authors = fff.title_line(heading)
    container = fff.title_page_container(root)
    if container is not None:
        fff.apply(story, fff.entries(container))
    story.body = chapters_text(root)
    if not story.body.strip():
        raise ParseError(f"{name}: FanFicFare HTML holds no chapter text")
    return finish(story)


def chapters_text(root: Element) -> str:
    """The text from the first chapter anchor on, without the anchors' chapter headings."""
    first = root.find(lambda e: e.tag == "a" and bool(_SECTION.match(e.get("name"))))
    if first is None:
        return ""
    ancestors: set[int] = set()
    node = first.parent
    while node is not None:
        ancestors.add(id(node))
        node = node.parent
    started = False

    def hook(el: Element, out: Paragraphs) -> bool:
        nonlocal started
        if el.tag == "a" and _SECTION.match(el.get("name")):
            started = True
            return True
        if started:
            return False
        return id(el) not in ancestors  # skip title, label table and contents before it

    return dom.block_text(root, hook=hook)
