"""Bytes to clean text: encodings fans' files really come in, and line-ending repair."""

from __future__ import annotations

import codecs
import html
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTROL = bytes(c for c in range(256) if not _CONTROL.match(chr(c)))
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class UnreadableText(ValueError):
    """The bytes are not text in any encoding we accept (the message says why)."""


def decode(data: bytes) -> str:
    """Decode story bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252.

    Returns text with LF line endings. Raises UnreadableText for binary data.
    """
    if not data:
        raise UnreadableText("file is empty")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _strict(data, "utf-32")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
    elif data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8")
    else:
        head = data[:65536]
        if head.count(b"\x00") > len(head) // 100:
            raise UnreadableText("binary data (NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise UnreadableText(
                    f"invalid encoding: not UTF-8 and byte 0x{data[exc.start]:02x} at offset "
                    f"{exc.start} is not cp1252 either") from None
    return clean_text(text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise UnreadableText(f"invalid {encoding.upper()} at offset {exc.start}") from None


def clean_text(text: str) -> str:
    """Normalise line endings, drop control characters, and reject text that is mostly binary."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:65536]
    if sample.isascii():  # the same count in C: delete every byte that is not a control
        controls = len(sample.encode("ascii").translate(None, _NOT_CONTROL))
    else:
        controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 50):
        raise UnreadableText("binary data (control characters), not text")
    if controls:
        text = _CONTROL.sub("", text)
    if not text.strip():
        raise UnreadableText("file has no text")
    return text


def unescape_entities(text: str) -> str:
    """Decode HTML entities left in text files (`&amp;`, `&#8217;`), leaving "AT&T" alone."""
    if "&" not in text or not _ENTITY.search(text):
        return text
    return html.unescape(text)
