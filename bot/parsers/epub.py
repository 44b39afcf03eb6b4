"""EPUB files from any maker: AO3's (calibre-made), FanFicFare's, and every other tool's (FicHub,
WebToEpub, third-party AO3 tools, calibre conversions of a document).

Other makers put the story's facts on a title or information page ("Rated:", "Status:",
"Original source:", a copy of fanfiction.net's story header): those pages are harvested
(`labels`), never read as story; each chapter page loses its heading and the author's notes
written into it (`chapter_text`). The story's URL is the first source the book states, a
chapter URL reduced to the story's.

The zip is checked before anything is decompressed (member count, paths, declared sizes,
compression ratios) and members are read with a cap, so a hostile upload costs at most
`Limits.max_unpacked_bytes`. Package XML goes through ElementTree after refusing DTDs.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from urllib.parse import unquote

from bot.parsers import Limits, ParseError, ao3_html, header, labels, text_fields
from bot.parsers import fanficfare_titlepage as fff
from bot.parsers import html_dom as dom
from bot.parsers.ao3_vocab import NOT_WARNINGS
from bot.parsers.chapter_text import clean_chapter
from bot.parsers.common import finish, label_line, map_rating, parse_date, parse_relationship
from bot.parsers.ffnet import META as _FFNET_META
from bot.parsers.html_dom import Element
from bot.parsers.text_fields import warning_names
from bot.parsers.textio import UnreadableText, decode
from bot.story import Story

MAX_MEMBERS = 2000
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # smaller members cannot hurt, whatever their ratio
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_HTML_TYPES = ("application/xhtml+xml", "text/html", "application/xml")
_HTML_SUFFIXES = (".xhtml", ".html", ".htm", ".xml")
AO3_RATINGS = frozenset({"general audiences", "teen and up audiences", "mature", "explicit",
                         "not rated"})
AO3_WARNINGS = frozenset({"graphic depictions of violence", "major character death",
                          "rape/non-con", "underage sex", "underage"})
AO3_CATEGORIES = frozenset({"Gen", "F/M", "M/M", "F/F", "Multi", "Other"})


@dataclass(slots=True)
class Package:
    """What the OPF states, plus the spine's XHTML documents (path, tree) in reading order."""

    title: str | None = None
    creators: list[str] = field(default_factory=list)
    description: str | None = None
    subjects: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    publisher: str | None = None
    language: str | None = None
    dates: dict[str, str] = field(default_factory=dict)
    series: str | None = None
    docs: list[tuple[str, Element]] = field(default_factory=list)


_CHAPTER_URL = (
    (re.compile(r"^(https?://(?:www\.|m\.)?fanfiction\.net/s/\d+)/\d+(/.*)?$", re.IGNORECASE),
     lambda m: f"{m.group(1)}/1{m.group(2) or ''}".replace("://m.", "://www.")),
    (re.compile(r"^(https?://(?:www\.)?archiveofourown\.org/works/\d+)/chapters/\d+.*$",
                re.IGNORECASE), lambda m: m.group(1)),
    (re.compile(r"^(https?://(?:www\.)?fictionpress\.com/s/\d+)/\d+(/.*)?$", re.IGNORECASE),
     lambda m: f"{m.group(1)}/1{m.group(2) or ''}"),
)
_NOT_A_STORY_URL = re.compile(r"/image/|\.(?:jpe?g|png|gif|webp|css)(?:\?|$)", re.IGNORECASE)


def story_url(url: str | None) -> str | None:
    """A chapter's URL reduced to its story's (fanfiction.net chapter 7 -> chapter 1, an AO3
    chapter -> the work)."""
    if not url:
        return None
    url = url.strip()
    for pattern, story in _CHAPTER_URL:
        if m := pattern.match(url):
            return story(m)
    return url


def _stated_source(package: Package) -> str | None:
    """The first story URL of the OPF: its sources in order (skipping a cover image's), then
    an identifier that is a URL."""
    for value in [*package.sources, *package.identifiers]:
        if value.lower().startswith(("http://", "https://")) and not _NOT_A_STORY_URL.search(
                value):
            return value
    return None


def parse_epub(data: bytes, name: str, limits: Limits = Limits()) -> Story:
    package = read_package(data, name, limits)
    if _is_fanficfare(package):
        story = _fanficfare(package)
    elif _is_ao3(package):
        story = _ao3(package)
    else:
        story = _generic(package)
    if not story.body.strip():
        raise ParseError(f"{name}: EPUB holds no story text")
    return finish(story)


# --- the container ------------------------------------------------------------------------------

def read_package(data: bytes, name: str, limits: Limits) -> Package:
    """Open and check the zip, read the OPF and the spine documents."""
    archive = _open_zip(data, name, limits)
    with archive:
        names = {info.filename: info for info in archive.infolist()}
        opf_path = _opf_path(archive, names, name)
        opf = _xml(_read(archive, names[opf_path], name), f"package document {opf_path}", name)
        package, spine = _read_opf(opf, posixpath.dirname(opf_path))
        folded = {n.lower(): n for n in names}
        for path in spine:
            real = path if path in names else folded.get(path.lower())
            if real is None:
                continue
            raw = _read(archive, names[real], name)
            try:
                text = decode(raw)
            except UnreadableText:
                continue  # an empty or binary page adds nothing
            package.docs.append((real, dom.parse(text)))
    return package


def _open_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    if not data:
        raise ParseError(f"{name}: file is empty")
    if not data.startswith(b"PK"):
        raise ParseError(f"{name}: not an EPUB (not a zip archive)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise ParseError(f"{name}: damaged or truncated EPUB ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise ParseError(f"{name}: EPUB has {len(infos)} files (limit {MAX_MEMBERS})")
    total = 0
    for info in infos:
        path = info.filename.replace("\\", "/")
        if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in path.split("/"):
            raise ParseError(f"{name}: unsafe path in EPUB: {info.filename!r}")
        total += info.file_size
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ParseError(f"{name}: {info.filename} expands {ratio}-fold; "
                             "looks like a zip bomb")
    if total > limits.max_unpacked_bytes:
        raise ParseError(f"{name}: EPUB unpacks to {total / 1048576:.0f} MB, over the "
                         f"{limits.max_unpacked_bytes / 1048576:.0f} MB limit; "
                         "looks like a zip bomb")
    return archive


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """One member, never more than its declared size (the CRC check runs at its end)."""
    if info.flag_bits & 0x1:
        raise ParseError(f"{name}: EPUB is encrypted")
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
            if len(data) > info.file_size:
                raise ParseError(f"{name}: {info.filename} is larger than its header says; "
                                 "looks like a zip bomb")
    except ParseError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError) as exc:
        raise ParseError(f"{name}: damaged EPUB member {info.filename} ({exc})") from None
    return data


def _xml(data: bytes, what: str, name: str) -> ET.Element:
    if _DTD.search(data):
        raise ParseError(f"{name}: {what} declares a DTD or entities; refused")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"{name}: {what} is not well-formed XML ({exc})") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _opf_path(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], name: str) -> str:
    container = names.get("META-INF/container.xml")
    if container is not None:
        root = _xml(_read(archive, container, name), "META-INF/container.xml", name)
        for el in root.iter():
            if _local(el.tag) == "rootfile":
                path = posixpath.normpath(unquote(el.get("full-path", "")))
                if path in names:
                    return path
    # no (usable) container: take the first package document in the archive
    for path in names:
        if path.lower().endswith(".opf"):
            return path
    raise ParseError(f"{name}: EPUB has no package document (.opf)")


def _read_opf(opf: ET.Element, base: str) -> tuple[Package, list[str]]:
    """The package document's metadata, and its HTML documents in reading order."""
    package = Package()
    manifest: dict[str, tuple[str, str]] = {}
    spine_ids: list[str] = []
    for el in opf.iter():
        tag = _local(el.tag)
        attrs = {_local(k): v for k, v in el.attrib.items()}
        if tag == "item" and attrs.get("id") and attrs.get("href"):
            manifest[attrs["id"]] = (attrs["href"], attrs.get("media-type", ""))
        elif tag == "itemref" and attrs.get("idref"):
            spine_ids.append(attrs["idref"])
        else:
            _read_metadata(package, tag, (el.text or "").strip(), attrs)
    return package, _spine(base, manifest, spine_ids or list(manifest))


def _read_metadata(package: Package, tag: str, text: str, attrs: dict[str, str]) -> None:
    """One metadata element (Dublin Core, calibre's series) into the package."""
    if tag == "title" and package.title is None and text:
        package.title = text
    elif tag == "creator" and text:
        package.creators.append(text)
    elif tag == "contributor" and text:
        package.contributors.append(text)
    elif tag == "description" and text:
        package.description = text
    elif tag == "subject" and text:
        package.subjects.append(text)
    elif tag == "source" and text:
        package.sources.append(text)
    elif tag == "identifier" and text:
        package.identifiers.append(text)
    elif tag == "publisher" and text:
        package.publisher = text
    elif tag == "language" and text and package.language is None:
        package.language = text
    elif tag == "date" and text:
        package.dates.setdefault(attrs.get("event", "date"), text)
    elif tag == "meta" and attrs.get("name") == "calibre:series" and attrs.get("content"):
        package.series = attrs["content"].strip()


def _spine(base: str, manifest: dict[str, tuple[str, str]], ids: list[str]) -> list[str]:
    """The archive paths of the HTML documents these manifest ids name, in order, once each
    (none outside the archive)."""
    spine: list[str] = []
    for item_id in ids:
        if item_id not in manifest:
            continue
        href, media = manifest[item_id]
        path = posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))
        if path.startswith("..") or path in spine:
            continue
        if media in _HTML_TYPES or path.lower().endswith(_HTML_SUFFIXES):
            spine.append(path)
    return spine


# --- families -----------------------------------------------------------------------------------

def _body_stems(root: Element) -> set[str]:
    return dom.body_of(root).class_stems


def _is_fanficfare(package: Package) -> bool:
    if any("fanficfare" in c.lower() for c in package.contributors):
        return True
    if any(i.lower().startswith("fanficfare-uid") for i in package.identifiers):
        return True
    return any(_body_stems(root) & {"fff_titlepage", "fff_chapter"} for _, root in package.docs)


def _is_ao3(package: Package) -> bool:
    if package.publisher and "archive of our own" in package.publisher.lower():
        return True
    if package.subjects[:1] == ["Fanworks"]:
        return True
    return any(root.find(lambda e: e.id == "preface") is not None for _, root in package.docs)


def _merged(package: Package, docs: list[tuple[str, Element]] | None = None) -> Element:
    """One tree holding every document's body in spine order."""
    merged = Element("#root")
    for _, root in package.docs if docs is None else docs:
        for child in dom.body_of(root).children:
            if isinstance(child, Element):
                child.parent = merged
            merged.children.append(child)
    return merged


def _ao3(package: Package) -> Story:
    story = Story(format="ao3-epub")
    ao3_html.read_work(_merged(package), story)
    _opf_fallbacks(package, story)
    if not (story.fandoms or story.tags or story.relationships or story.characters):
        _classify_subjects(package.subjects, story)
    if story.series is None:
        story.series = package.series
    return story


def _classify_subjects(subjects: list[str], story: Story) -> None:
    """AO3's OPF has one flat list ("Fanworks", then every tag); sort out what is knowable."""
    for subject in subjects:
        low = subject.lower()
        if subject == "Fanworks" or low in NOT_WARNINGS:
            continue
        if low in AO3_RATINGS:
            story.rating = map_rating(subject)
        elif low in AO3_WARNINGS or "archive warnings" in low:
            story.warnings += warning_names([subject])
        elif subject in AO3_CATEGORIES:
            story.tags.append(subject)
        elif (rel := parse_relationship(subject)) is not None and re.search(r"/|\s&\s", subject):
            if rel.key not in {r.key for r in story.relationships}:
                story.relationships.append(rel)
        elif subject not in story.tags:
            story.tags.append(subject)


def _opf_fallbacks(package: Package, story: Story) -> None:
    """Fields the pages did not state, taken from the OPF."""
    story.title = story.title or package.title
    if not story.authors:
        story.authors = list(dict.fromkeys(package.creators))
    if not story.summary and package.description:
        # calibre and FanFicFare store the summary as (escaped) HTML
        story.summary = dom.block_text(dom.parse(package.description)) or None
    story.language = story.language or package.language
    story.url = story_url(story.url or _stated_source(package))


def _fanficfare(package: Package) -> Story:
    story = Story(format="fanficfare-epub")
    title_doc = _first_doc(package, "fff_titlepage", "title_page")
    if title_doc is not None:
        heading = title_doc.find(lambda e: e.tag in ("h1", "h2", "h3") and e.find(
            lambda a: a.tag == "a") is not None)
        if heading is not None:
            story.title, story.url, story.authors = fff.title_line(heading)
        container = fff.title_page_container(title_doc)
        if container is not None:
            fff.apply(story, fff.entries(container))
    chapters = [(p, r) for p, r in package.docs if "fff_chapter" in _body_stems(r)]
    if not chapters:
        skip = {"fff_titlepage", "fff_tocpage", "fff_logpage", "fff_coverpage"}
        chapters = [(p, r) for p, r in package.docs if r is not title_doc
                    and not _body_stems(r) & skip
                    and not re.search(r"(^|/)(title_page|toc_page|log_page|cover)[^/]*$", p)]
    # Chapter titles (h1-h3 at the top of each chapter file) are not story text.
    story.body = dom.block_text(_merged(package, chapters), hook=_skip_headings)
    _opf_fallbacks(package, story)
    if not (story.tags or story.fandoms):
        story.tags = [s for s in package.subjects if s.lower() not in
                      {"fanfiction", "completed", "in-progress"}]
    story.published = story.published or parse_date(package.dates.get("publication"))
    story.updated = story.updated or parse_date(package.dates.get("modification"))
    return story


def _skip_headings(el: Element, out: dom.Paragraphs) -> bool:
    return el.tag in ("h1", "h2", "h3")


def _first_doc(package: Package, body_class: str, stem: str) -> Element | None:
    for _, root in package.docs:
        if body_class in _body_stems(root):
            return root
    for path, root in package.docs:
        if posixpath.basename(path).startswith(stem):
            return root
    return None


def _generic(package: Package) -> Story:
    """An EPUB from another maker: its title and information pages harvested, its chapter
    pages read as story, described further by its OPF."""
    story = Story(format="epub")
    notes: list[str] = []
    chapters: list[Element] = []
    for path, root in package.docs:
        kind = _page_kind(path, root)
        if kind == "info":
            _read_info_page(story, root, notes)
        elif kind == "notes":
            notes.append(dom.block_text(dom.body_of(root)))
        elif kind == "chapter":
            chapters.append(root)
    _opf_fallbacks(package, story)
    title = story.title
    paragraphs: list[str] = []
    for root in chapters:
        text = dom.block_text(dom.body_of(root), hook=_skip_top_heading(root))
        paragraphs += clean_chapter(text.split("\n\n"), title, notes)
    story.body = "\n\n".join(p for p in paragraphs if p.strip())
    _header_in_text(story, notes)
    if not story.tags:
        story.tags = list(dict.fromkeys(package.subjects))
    story.published = story.published or parse_date(
        package.dates.get("publication") or package.dates.get("date"))
    kept = [n.strip() for n in notes if n and n.strip()]
    story.notes = "\n\n".join(kept) or None
    for note in kept:
        text_fields.read_phrases(story, note)
    return story


_INFO_NAME = re.compile(r"(?:^|[/_\-.])(?:title|titlepage|info|information|intro|introduction|"
                        r"about|front|frontmatter|cover|copyright|colophon|nav|toc|contents)"
                        r"(?:page)?[^/]*$", re.IGNORECASE)
_NOTES_NAME = re.compile(r"(?:^|[/_\-.])(?:notes|endnotes|afterword|author_?notes)[^/]*$",
                         re.IGNORECASE)


def _page_kind(path: str, root: Element) -> str:
    """"info" (a title, information or contents page), "notes" (the work's notes), or
    "chapter"."""
    name = posixpath.basename(path)
    body = dom.body_of(root)
    if body.find(lambda e: e.tag == "nav") is not None:
        return "info"
    if _NOTES_NAME.search(name):
        return "notes"
    if _INFO_NAME.search(name):
        return "info"
    text = dom.block_text(body)
    if len(text) < 6000:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        labelled = sum(1 for ln in lines if common_label(ln))
        if labelled >= 3 and labelled * 3 >= len(lines):
            return "info"
    return "chapter"


def common_label(line: str) -> bool:
    return len(line) < 2000 and (label_line(line) is not None or bool(_FFNET_META.match(line)))


def _read_info_page(story: Story, root: Element, notes: list[str]) -> None:
    """Title line ("<a href=url>Title</a> by Author"), then every label of the page."""
    body = dom.body_of(root)
    heading = body.find(lambda e: e.tag in ("h1", "h2", "h3"))
    if heading is not None:
        text = heading.text()
        linked = heading.find(lambda a: a.tag == "a" and bool(a.get("href"))) is not None
        if linked or " by " in text:
            title, url, authors = fff.title_line(heading)
            story.title = story.title or title
            story.url = story.url or url
            text_fields.add_unique(story.authors, authors)
        elif text and not _GENERIC_HEADING.match(text):
            story.title = story.title or text
    text = dom.block_text(body, hook=_skip_headings)
    labels.harvest(story, text.split("\n"), notes)


_GENERIC_HEADING = re.compile(r"^\s*(?:information|introduction|title\s*page|preface|about"
                              r"|contents|table\s+of\s+contents|cover|notes)\s*$", re.IGNORECASE)


def _skip_top_heading(root: Element):
    """A hook dropping the chapter page's own heading (its first h1-h3): not story text."""
    body = dom.body_of(root)
    first = body.find(lambda e: e.tag in ("h1", "h2", "h3"))
    before = first is not None and not _text_before(body, first)

    def hook(el: Element, out: dom.Paragraphs) -> bool:
        return before and el is first

    return hook


def _text_before(body: Element, target: Element) -> bool:
    """Is there text in `body` before `target`?"""
    stack: list[Element | str] = list(reversed(body.children))
    while stack:
        node = stack.pop()
        if node is target:
            return False
        if isinstance(node, str):
            if node.strip():
                return True
        else:
            stack.extend(reversed(node.children))
    return False


def _header_in_text(story: Story, notes: list[str]) -> None:
    """A converted document may open with a header block ("Pairing: …", "Rating: …"): read it
    as the text families do, and keep the story after it."""
    block = header.scan(story.body)
    if block is None or len(block.fields) < 2:
        return
    for field_name, value, label in block.fields:
        labels.apply_label(story, field_name, value, label, notes)
    story.body = story.body[block.body_start:]
