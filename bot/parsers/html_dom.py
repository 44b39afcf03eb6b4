"""Story HTML as a tree we can walk: an HTML5 parser (Lexbor, through selectolax) builds it, and
a paragraph renderer turns any part of it into text.

Saved web pages are messy real HTML (unclosed tags, misnested tables, scripts holding "<p>"),
so the tree comes from a spec-compliant HTML5 parser, the way a browser would build it; EPUB
pages are XHTML, whose self-closed `<div/>` HTML5 would read as an open tag, so those are
expanded first. The readers walk our small `Element` tree (tag, attributes, children): it is
built once per page in one linear pass, keeps the readers independent of the parser library,
and lets a reader graft documents together (an EPUB's pages into one tree).
`tests/bench/bench_html.py` compares the candidate parsers on real saved pages.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

_WS = re.compile(r"[ \t\n\r\f]+")
_BR_MARK = "\x0b"  # stands for <br> inside a paragraph until it is flushed
_DOUBLE_BR = re.compile("\x0b[ \t\n\r\f]*\x0b[\x0b \t\n\r\f]*")
_TRAILING_DIGITS = re.compile(r"\d+$")

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
RAW_DROP = frozenset(("script", "style", "noscript", "template", "svg", "math"))
BLOCK = frozenset(
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "thead tfoot tr ul body html caption".split())
# XHTML's `<tag/>` for an element that has content in HTML ("<div/>", "<a name='x'/>")
_SELF_CLOSED = re.compile(r"<([A-Za-z][A-Za-z0-9:_-]*)(\s[^<>]*?)?\s*/>")
_XHTML = re.compile(r"^\s*(?:<\?xml|<!DOCTYPE\s+html\s+PUBLIC\s+\"-//W3C//DTD\s+XHTML)"
                    r"|xmlns\s*=\s*[\"']http://www\.w3\.org/1999/xhtml", re.IGNORECASE)


class Element:
    """One element: lower-case tag, attributes, children (Elements and text), parent."""

    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None,
                 parent: Element | None = None) -> None:
        self.tag = tag
        self.attrs: dict[str, str] = attrs if attrs is not None else {}
        self.children: list[Element | str] = []
        self.parent = parent

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default) if self.attrs else default

    @property
    def id(self) -> str:
        return self.get("id")

    @property
    def class_stems(self) -> set[str]:
        """Class names lower-cased with trailing digits dropped: calibre turns "userstuff"
        into "userstuff1", so stems let one reader handle both AO3 HTML and AO3 EPUB."""
        value = self.get("class")
        if not value:
            return set()
        return {_TRAILING_DIGITS.sub("", c) for c in value.lower().split()}

    def elements(self) -> Iterator[Element]:
        """Descendant elements in document order (not self), without recursion."""
        stack: list[Element | str] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if isinstance(node, Element):
                yield node
                if node.children:
                    stack.extend(reversed(node.children))

    def find(self, pred: Callable[[Element], bool]) -> Element | None:
        return next((e for e in self.elements() if pred(e)), None)

    def find_all(self, pred: Callable[[Element], bool]) -> list[Element]:
        return [e for e in self.elements() if pred(e)]

    def child_elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def text(self) -> str:
        """All text, whitespace collapsed to single spaces (for labels, titles, tag names)."""
        parts: list[str] = []
        stack: list[Element | str] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
            else:
                if node.tag == "br" or node.tag in BLOCK:
                    parts.append(" ")
                stack.extend(reversed(node.children))
        return _WS.sub(" ", "".join(parts)).replace("\xa0", " ").strip()

    def __repr__(self) -> str:  # debugging aid
        return f"<{self.tag} {self.attrs}>" if self.attrs else f"<{self.tag}>"


class Root(Element):
    """The document: its `<html>` element's content, plus the page's comments (some sites
    keep the story's details in one)."""

    __slots__ = ("comments",)

    def __init__(self) -> None:
        super().__init__("#root")
        self.comments: list[str] = []


def parse(html: str) -> Root:
    """Build the tree of an HTML or XHTML document (or fragment) with an HTML5 parser.

    Text is decoded (entities resolved); script and style content is dropped; `<title>` and
    `<textarea>` keep their text.
    """
    if _XHTML.search(html[:2048]):
        html = _SELF_CLOSED.sub(_open_and_close, html)
    root = Root()
    top = LexborHTMLParser(html).root
    if top is None:
        return root
    # stack of (lexbor node, our parent): siblings are pushed in reverse to keep their order
    stack: list[tuple[LexborNode, Element]] = [(top, root)]
    comments = root.comments
    while stack:
        node, parent = stack.pop()
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                parent.children.append(text)
            continue
        if tag == "-comment":
            comments.append(node.comment_content or "")
            continue
        if tag is None or tag.startswith(("-", "#", "!")):
            continue
        attrs = node.attributes
        el = Element(tag, {k: v or "" for k, v in attrs.items()} if attrs else None, parent)
        parent.children.append(el)
        if tag in RAW_DROP:
            continue
        child = node.last_child
        while child is not None:
            stack.append((child, el))
            child = child.prev
    return root


def _open_and_close(m: re.Match[str]) -> str:
    tag = m.group(1)
    if tag.lower() in VOID:
        return m.group(0)
    return f"<{tag}{m.group(2) or ''}></{tag}>"


def decode_entities(text: str) -> str:
    """`&amp;`, `&rsquo;`, `&#8217;` and every other HTML entity to characters (for HTML
    stored as text, such as an OPF's escaped description)."""
    return _html.unescape(text) if "&" in text else text


# --- rendering to paragraphs -------------------------------------------------------------------

Hook = Callable[[Element, "Paragraphs"], bool]


class Paragraphs:
    """Collects rendered text as paragraphs; a <br> becomes a line break inside one."""

    __slots__ = ("_parts", "paras")

    def __init__(self) -> None:
        self.paras: list[str] = []
        self._parts: list[str] = []

    def add(self, text: str) -> None:
        self._parts.append(text)

    def line_break(self) -> None:
        self._parts.append(_BR_MARK)

    def flush(self) -> None:
        if not self._parts:
            return
        text = "".join(self._parts)
        self._parts.clear()
        if "\n" in text or "\t" in text or "  " in text or "\r" in text or "\f" in text:
            text = _WS.sub(" ", text)
        if _BR_MARK in text:
            # "<br><br>" between runs of text is a paragraph break (journals write them so)
            blocks = _DOUBLE_BR.split(text)
            text = "\n\n".join(
                "\n".join(ln for ln in (line.strip() for line in block.split(_BR_MARK)) if ln)
                for block in blocks)
            text = text.strip("\n")
            while "\n\n\n" in text:
                text = text.replace("\n\n\n", "\n\n")
            if "\n\n" in text:
                self.paras.extend(p for p in text.split("\n\n") if p.strip())
                return
        else:
            text = text.strip()
        if text:
            self.paras.append(text)

    def paragraph(self, text: str) -> None:
        """Add a whole paragraph (a heading, a scene break) as its own block."""
        self.flush()
        if text.strip():
            self.paras.append(text.strip())

    def text(self) -> str:
        self.flush()
        return "\n\n".join(self.paras)


def render(node: Element, out: Paragraphs | None = None, hook: Hook | None = None) -> Paragraphs:
    """Render an element's content as paragraphs.

    `hook(element, out)` is asked about every element first; when it returns True it has
    dealt with the element (rendered it its own way, or dropped it) and its subtree is skipped.
    """
    out = out if out is not None else Paragraphs()
    add = out._parts.append
    block, raw_drop = BLOCK, RAW_DROP
    # stack items: a node to enter, or None marking the end of a block element
    stack: list[Element | str | None] = list(reversed(node.children))
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        if item is None:
            out.flush()
            continue
        if isinstance(item, str):
            add(item)
            continue
        tag = item.tag
        if hook is not None and hook(item, out):
            continue
        if tag == "br":
            out.line_break()
        elif tag == "hr":
            out.paragraph("* * *")
        elif tag in ("head", "title") or tag in raw_drop:
            continue
        elif tag == "pre":
            out.flush()
            for line in _pre_text(item).split("\n"):
                out.add(line)
                out.line_break()
            out.flush()
        elif tag in block:
            out.flush()
            push(None)
            extend(reversed(item.children))
        else:
            if tag in ("td", "th"):
                add(" ")
            extend(reversed(item.children))
    out.flush()
    return out


def _pre_text(el: Element) -> str:
    parts: list[str] = []
    stack: list[Element | str] = list(reversed(el.children))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append("\n")
        else:
            stack.extend(reversed(node.children))
    return "".join(parts).strip("\n")


def block_text(node: Element, hook: Hook | None = None) -> str:
    """An element's content as paragraphs separated by blank lines."""
    return render(node, hook=hook).text()


def body_of(root: Element) -> Element:
    """The <body> element, or the root for fragments."""
    for el in root.elements():
        if el.tag == "body":
            return el
    return root

