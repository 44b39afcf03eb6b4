"""PDF files: AO3's "Download > PDF" (calibre prints the same preface as the HTML download), or
any other PDF holding a story.

pypdf extracts the text page by page; AO3's layout then reads as AO3's converted text does
(the title above "Posted originally on the Archive of Our Own", each label on its own line with
the value indented below, "Summary", "Notes", "Chapter 1: …", "Chapter Notes"), so the PDF
needs no reader of its own beyond extraction. Other PDFs go through the text families. The
document information (Title, Author, Keywords: AO3 writes every tag there) fills what the text
did not state. Extraction is bounded: pages, and characters of text.
"""

from __future__ import annotations

import io
import logging

from bot.parsers import Limits, ParseError, ao3_text, parse_text, text_fields
from bot.parsers.textio import UnreadableText, clean_text
from bot.story import Story

MAX_PAGES = 3000

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported, not logged


def parse_pdf(data: bytes, name: str, limits: Limits = Limits()) -> Story:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError(f"{name}: PDF is encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise ParseError(f"{name}: PDF has {len(reader.pages)} pages (limit {MAX_PAGES})")
        info: object = reader.metadata or {}
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            size += len(text)
            if size > limits.max_unpacked_bytes:
                raise ParseError(f"{name}: PDF text is over the "
                                 f"{limits.max_unpacked_bytes / 1048576:.0f} MB limit")
            pages.append(text)
    except ParseError:
        raise
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError,
            RecursionError) as exc:
        raise ParseError(f"{name}: damaged or unreadable PDF ({type(exc).__name__})") from None
    try:
        text = clean_text("\n".join(pages))
    except UnreadableText:
        raise ParseError(f"{name}: PDF holds no text (a scan?)") from None
    if ao3_text.detect(text) > 0.5:
        story = ao3_text.parse(text, name)
        story.format = "ao3-pdf"
    else:
        story = parse_text(text, name)
    _document_info(story, info)
    return story


def _document_info(story: Story, info: object) -> None:
    """Title and author from the document information when the text did not state them."""
    get = getattr(info, "get", None)
    if get is None:
        return
    title, author = get("/Title"), get("/Author")
    if isinstance(author, str) and author.strip() and not story.authors:
        story.authors = text_fields.split_authors(author)
    if isinstance(title, str) and title.strip() and story.title == text_fields.untitled(story):
        story.title = title.strip()
