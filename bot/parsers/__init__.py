"""Story files to `Story` records: pick the family from the container and the text's layout.

Contract for family modules (one per family, small and independent):
- text families expose `detect(text: str) -> float` (0 = not this family, 1 = certain) and
  `parse(text: str, name: str) -> Story` (the body separated from header, notes and end matter,
  `common.finish` applied).
- HTML families expose `detect_html(html: str) -> float` and `parse_html(html: str, name) -> Story`.
- `epub.parse_epub(data: bytes, name: str, limits: Limits) -> Story`, and
  `pdf.parse_pdf(data, name, limits)` likewise.
Any family raises `ParseError(reason)` for a file it recognises but cannot read.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import PurePath

from bot.parsers.textio import UnreadableText, decode
from bot.story import Story


class ParseError(ValueError):
    """A story file that cannot be read; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 32 * 1024 * 1024
    max_unpacked_bytes: int = 64 * 1024 * 1024


STORY_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".epub", ".md", ".markdown",
                  ".pdf"}

# Text families in the order ties are broken; `plain` is the fallback and always matches.
_TEXT_FAMILIES = ("markdown", "fanficfare_txt", "ao3_text", "header", "tumblr", "ffnet")
_HTML_FAMILIES = ("ao3_html", "fanficfare_html")


def _family(module: str):
    return importlib.import_module(f"bot.parsers.{module}")


def parse_bytes(data: bytes, name: str, limits: Limits = Limits()) -> Story:
    """Parse one file's bytes. `name` is the file name (used for the format and messages)."""
    if len(data) > limits.max_file_bytes:
        raise ParseError(f"file is {len(data) / 1048576:.1f} MB, over the "
                         f"{limits.max_file_bytes / 1048576:.0f} MB limit")
    suffix = PurePath(name).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix == ".epub":
        return _family("epub").parse_epub(data, name, limits)
    if data[:5] == b"%PDF-" or suffix == ".pdf":
        return _family("pdf").parse_pdf(data, name, limits)
    try:
        text = decode(data)
    except UnreadableText as exc:
        raise ParseError(str(exc)) from None
    head = text[:4096].lstrip().lower()
    is_html = head.startswith(("<!doctype html", "<html", "<?xml"))
    if suffix in {".html", ".htm", ".xhtml"} or is_html:
        return parse_html(text, name)
    return parse_text(text, name)


def parse_html(html: str, name: str) -> Story:
    best, best_score = None, 0.0
    for module in _HTML_FAMILIES:
        family = _family(module)
        score = family.detect_html(html)
        if score > best_score:
            best, best_score = family, score
    if best is not None:
        return best.parse_html(html, name)
    # Any other page: a story page saved from a site, its story block read as text.
    return _family("webpage").parse_html(html, name)


def parse_text(text: str, name: str) -> Story:
    best, best_score = None, 0.0
    for module in _TEXT_FAMILIES:
        family = _family(module)
        score = family.detect(text)
        if score > best_score:
            best, best_score = family, score
    if best is None or best_score < 0.3:
        best = _family("plain")
    return best.parse(text, name)
