"""HTML of no known family (a saved journal page, a hand-made file): its text as a plain story."""

from __future__ import annotations

from bot.parsers import ParseError
from bot.parsers import html_dom as dom
from bot.parsers.common import finish
from bot.parsers.html_dom import Element, Paragraphs
from bot.story import Story

# page furniture that is never the story
_FURNITURE = frozenset(("nav", "header", "footer", "aside", "form", "button", "select", "iframe"))


def parse_html(html: str, name: str) -> Story:
    root = dom.parse(html)
    story = Story(format="plain")
    title = root.find(lambda e: e.tag == "title")
    heading = root.find(lambda e: e.tag == "h1")
    if title is not None and title.text():
        story.title = title.text()
    elif heading is not None and heading.text():
        story.title = heading.text()

    def hook(el: Element, out: Paragraphs) -> bool:
        return el.tag in _FURNITURE

    story.body = dom.block_text(dom.body_of(root), hook=hook)
    if not story.body.strip():
        raise ParseError(f"{name}: HTML page holds no story text")
    return finish(story)
