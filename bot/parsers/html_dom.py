"""A small, linear HTML reader: a forgiving tag tree and a paragraph renderer.

Story HTML (AO3, FanFicFare, calibre XHTML) is regular enough that a regex tokenizer plus a
few implied-end-tag rules gives the tree we need, at about twice the speed of `html.parser`
and with no third-party dependency. Every step is linear in the input: unclosed comments,
stray `<` and deeply unbalanced tags cannot make it quadratic.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterator

# `<tag attrs>` / `</tag>`; the attribute part stops at the next `<` or `>`, which keeps a
# stray "<" in prose from scanning the rest of the file. Comments, CDATA and declarations
# are recognised by their opener and skipped with str.find.
_TOKEN = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:_.-]*)([^<>]*)>|(!--)|(!\[CDATA\[)|[!?][^<>]*>)")
_ATTR = re.compile(r"""([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_WS = re.compile(r"[ \t\n\r\f]+")
_BR_MARK = "\x0b"  # stands for <br> inside a paragraph until it is flushed
_TRAILING_DIGITS = re.compile(r"\d+$")

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
RAW_DROP = frozenset(("script", "style", "noscript", "template", "svg", "math"))
RAW_KEEP = frozenset(("title", "textarea"))
BLOCK = frozenset(
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "thead tfoot tr ul body html caption".split())
_CLOSES_P = BLOCK - {"body", "html", "tbody", "thead", "tfoot", "tr", "caption", "dd", "dt", "li"}


class Element:
    """One element: lower-case tag, lazily parsed attributes, children (Elements and str)."""

    __slots__ = ("_attrs", "children", "parent", "raw_attrs", "tag")

    def __init__(self, tag: str, raw_attrs: str = "", parent: Element | None = None) -> None:
        self.tag = tag
        self.raw_attrs = raw_attrs
        self._attrs: dict[str, str] | None = None
        self.children: list[Element | str] = []
        self.parent = parent

    @property
    def attrs(self) -> dict[str, str]:
        if self._attrs is None:
            found: dict[str, str] = {}
            if self.raw_attrs:
                for m in _ATTR.finditer(self.raw_attrs):
                    value = m.group(2) if m.group(2) is not None else (
                        m.group(3) if m.group(3) is not None else (m.group(4) or ""))
                    found.setdefault(m.group(1).lower(), _html.unescape(value)
                                     if "&" in value else value)
            self._attrs = found
        return self._attrs

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default) if self.raw_attrs else default

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
        return _WS.sub(" ", decode_entities("".join(parts))).replace("\xa0", " ").strip()

    def __repr__(self) -> str:  # debugging aid
        return f"<{self.tag} {self.raw_attrs.strip()}>" if self.raw_attrs else f"<{self.tag}>"


def parse(html: str) -> Element:
    """Build a forgiving tree from HTML or XHTML; the returned root has tag "#root".

    Text nodes keep their entities; `decode_entities` runs once per rendered paragraph
    (or label) instead of once per text node.
    """
    root = Element("#root")
    stack = [root]
    top = root
    open_count: dict[str, int] = {}
    pos = 0
    n = len(html)
    search = _TOKEN.search
    closes_p, siblings, void = _CLOSES_P, _SIBLINGS, VOID
    while pos < n:
        m = search(html, pos)
        if m is None:
            top.children.append(html[pos:])
            break
        start = m.start()
        if start > pos:
            top.children.append(html[pos:start])
        pos = m.end()
        name = m.group(2)
        if name is None:  # a comment, CDATA or a declaration
            pos = _skip_markup(html, m, pos, top)
            continue
        name = name.lower()
        if m.group(1):  # end tag
            if name == "br":
                top.children.append(_BR)
            elif open_count.get(name):
                top = _close(stack, open_count, name)
            continue
        raw = m.group(3)
        self_closing = False
        if raw:
            self_closing = raw.endswith("/")
            if self_closing or raw.isspace():
                raw = raw.rstrip("/ \t\n\r\f")
        if name == "br":
            top.children.append(_BR)
            continue
        # implied end tags, enough for story markup
        if top.tag == "p" and name in closes_p:
            stack.pop()
            open_count["p"] -= 1
            top = stack[-1]
        elif name in siblings and top is not root:
            _close_sibling(stack, open_count, name)
            top = stack[-1]
        el = Element(name, raw, top)
        top.children.append(el)
        if name in void or self_closing:
            continue
        if name in RAW_DROP or name in RAW_KEEP:
            pos = _raw_text(html, pos, el)
            continue
        stack.append(el)
        top = el
        open_count[name] = open_count.get(name, 0) + 1
    return root


def _close(stack: list[Element], open_count: dict[str, int], name: str) -> Element:
    """An end tag for an open element: it ends, with every element still open inside it.
    Returns the element reading goes on in."""
    while True:
        el = stack.pop()
        open_count[el.tag] -= 1
        if el.tag == name:
            return stack[-1]


def _skip_markup(html: str, m: re.Match[str], pos: int, top: Element) -> int:
    """Past a comment (to "-->" or the end) or a declaration; CDATA's content is kept in
    `top` as literal text. Returns where reading goes on."""
    n = len(html)
    if m.group(4):  # comment: skip to "-->" or to the end
        end = html.find("-->", pos)
        return n if end < 0 else end + 3
    if m.group(5):  # CDATA: its content is literal text
        end = html.find("]]>", pos)
        stop = n if end < 0 else end
        top.children.append(html[pos:stop].replace("&", "&amp;"))
        return n if end < 0 else end + 3
    return pos


def _raw_text(html: str, pos: int, el: Element) -> int:
    """Past the content of a raw-text element (<script>, <title>...) opened at `pos`, to its
    end tag or the end; only RAW_KEEP elements keep it, as one text child. Returns where
    reading goes on."""
    n = len(html)
    end_tag = re.compile(rf"</{el.tag}\s*>", re.IGNORECASE).search(html, pos)
    if el.tag in RAW_KEEP:
        el.children.append(html[pos:n if end_tag is None else end_tag.start()])
    return n if end_tag is None else end_tag.end()


_BR = Element("br")  # one shared <br>: it has no attributes or children worth keeping
_SIBLINGS = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "tr": ("tr", "td", "th"),
             "td": ("td", "th"), "th": ("td", "th"), "option": ("option",)}


def _close_sibling(stack: list[Element], open_count: dict[str, int], name: str) -> None:
    """A new <li>/<dt>/<dd>/<tr>/<td> ends an unclosed one of its kind (list items, cells)."""
    peers = _SIBLINGS[name]
    top = stack[-1]
    if top.tag == "p":
        # a paragraph left open inside the item ends with it
        if len(stack) > 2 and stack[-2].tag in peers:
            stack.pop()
            open_count["p"] -= 1
            top = stack[-1]
        else:
            return
    if top.tag in peers:
        stack.pop()
        open_count[top.tag] -= 1
        if name == "tr" and stack[-1].tag == "tr":
            open_count["tr"] -= 1
            stack.pop()


# the entities story HTML uses most, replaced at C speed before html.unescape sees the rest
_COMMON_ENTITIES = (("&amp;", "&"), ("&nbsp;", "\xa0"), ("&quot;", '"'), ("&#39;", "'"),
                    ("&rsquo;", "\u2019"), ("&lsquo;", "\u2018"), ("&ldquo;", "\u201c"),
                    ("&rdquo;", "\u201d"), ("&mdash;", "\u2014"), ("&ndash;", "\u2013"),
                    ("&hellip;", "\u2026"), ("&lt;", "<"), ("&gt;", ">"))


def decode_entities(text: str) -> str:
    """`&amp;`, `&rsquo;`, `&#8217;` and every other HTML entity to characters."""
    if "&" not in text:
        return text
    amp = "&amp;" in text
    if amp:
        text = text.replace("&amp;", "\x00")  # decoded last so "&amp;lt;" stays "&lt;"
    for entity, char in _COMMON_ENTITIES[1:]:
        if entity in text:
            text = text.replace(entity, char)
    if "&" in text:
        text = _html.unescape(text)
    return text.replace("\x00", "&") if amp else text


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
        text = decode_entities("".join(self._parts))
        self._parts.clear()
        if "\n" in text or "\t" in text or "  " in text or "\r" in text or "\f" in text:
            text = _WS.sub(" ", text)
        if _BR_MARK in text:
            lines = (line.strip() for line in text.split(_BR_MARK))
            text = "\n".join(line for line in lines if line)
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
    return decode_entities("".join(parts)).strip("\n")


def block_text(node: Element, hook: Hook | None = None) -> str:
    """An element's content as paragraphs separated by blank lines."""
    return render(node, hook=hook).text()


def body_of(root: Element) -> Element:
    """The <body> element, or the root for fragments."""
    for el in root.elements():
        if el.tag == "body":
            return el
    return root

