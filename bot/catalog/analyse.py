"""One story file to a record ready for the catalog. Runs in ingest worker processes.

Everything per file happens here, in parallel: reading, parsing, applying fandom knowledge,
understanding the text, identity keys and body compression. The parent only writes rows.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalog.writer import StoryRows, story_rows
from bot.knowledge import Knowledge, LearnedFacts
from bot.parsers import Limits, ParseError, parse_bytes
from bot.story import Story
from bot.understanding import understand

log = logging.getLogger(__name__)

_KNOWLEDGE: Knowledge | None = None
_LIMITS = Limits()

# Formats ranked by how much metadata they usually carry; the richer file wins a duplicate.
# Which copy of a story supplies the fields when two state as much: best-structured first.
FORMAT_PREFERENCE = ("ao3-html", "ao3-epub", "fanficfare-html", "fanficfare-epub", "ao3-pdf",
                     "fanficfare-txt", "ao3-text", "markdown", "epub", "header-text", "web-page",
                     "tumblr", "ffnet-text", "plain")
_FORMAT_RANK = {fmt: len(FORMAT_PREFERENCE) - i for i, fmt in enumerate(FORMAT_PREFERENCE)}


@dataclass(slots=True)
class Analysed:
    key: str  # resolved absolute path
    path: str  # as given to ingest
    sha256: str
    size: int
    rows: StoryRows | None = None  # what the catalog stores, ready to insert
    body_hash: str = ""
    keys: list[str] = field(default_factory=list)
    richness: int = 0
    error: str | None = None


def load_knowledge(fandoms_path: str | None) -> Knowledge:
    """The fandom files at `fandoms_path`, or the bundled ones (those load once per process)."""
    return Knowledge.load(Path(fandoms_path)) if fandoms_path else Knowledge.default()


def init_worker(fandoms_path: str | None, limits: Limits,
                learned: LearnedFacts | None = None, niceness: int = 0) -> None:
    """Pool initializer: load fandom knowledge once per process, plus what the catalog learned
    (an unknown fandom's cast, so its characters are counted in the text of new stories);
    `niceness` lowers the worker's OS priority (lower_priority)."""
    global _KNOWLEDGE, _LIMITS
    lower_priority(niceness)
    knowledge = load_knowledge(fandoms_path)
    if learned is not None and learned.cast:
        # The cast only: learned ship tags are applied by the catalog's learning pass, which
        # records them as applied (bot.catalog.learning); stated here, they would look like
        # the file's own statement and confirm themselves at the next build.
        knowledge = knowledge.copy()  # never change the process-wide default instance
        knowledge.adopt(LearnedFacts(cast=learned.cast))
    _KNOWLEDGE = knowledge
    collect_rarely()
    _LIMITS = limits


def collect_rarely() -> None:
    """Knowledge and name tables live for the whole process: keep the cyclic collector from
    walking them again and again, and let it run less often (a story makes no cycles).
    (bench_understanding.py --worker-gc sets a process up the same way.)"""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def lower_priority(steps: int) -> None:
    """Run this process `steps` steps of OS priority (nice) below where it runs now: a
    background worker reading files then gives way at once to the bot's searches wanting a
    core (the kernel preempts it for them), and uses whatever CPU they leave. Where the OS has
    no such priority, it runs as it is (logged)."""
    if steps <= 0:
        return
    try:
        os.nice(steps)  # the kernel caps it at the lowest priority
    except (AttributeError, OSError) as exc:
        log.warning("a worker's priority could not be lowered (%s): it runs at its parent's",
                    exc)


def analyse_task(task: tuple[str, str, str, int]) -> Analysed:
    key, path, sha, size = task
    result = Analysed(key=key, path=path, sha256=sha, size=size)
    try:
        data = Path(key).read_bytes()
        result.sha256 = hashlib.sha256(data).hexdigest()
        analyse_story(result, parse_bytes(data, Path(path).name, _LIMITS))
    except ParseError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = f"cannot read file: {exc.strerror or exc}"
    except RecursionError:
        result.error = "file is nested too deeply to parse"
    except Exception as exc:  # a parser bug must cost one file, not the whole ingest
        log.debug("parser failure on %s", path, exc_info=True)
        result.error = f"internal parser error ({type(exc).__name__}: {exc})"
    return result


def analyse_story(result: Analysed, story: Story) -> None:
    knowledge = _KNOWLEDGE or Knowledge.default()
    knowledge.normalize_story(story)
    understand(story, knowledge)
    pack(result, story)


def pack(result: Analysed, story: Story) -> None:
    """Compress the body and compute the identity keys: the last stage before the catalog."""
    if not story.body or story.body.isspace():
        raise ParseError("no story text found")
    body_z = zlib.compress(story.body.encode("utf-8"), 1)
    result.body_hash = body_fingerprint(story.body)
    result.keys = identity_keys(story, result.body_hash)
    result.richness = richness(story)
    result.rows = story_rows(story, body_z)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


# ASCII bytes that are not [0-9a-z] once lower-cased: deleted in C by bytes.translate.
_NOT_ALNUM_ASCII = bytes(c for c in range(128) if not chr(c).lower().isalnum())
_LOWER_ASCII = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def _norm(text: str) -> str:
    if text.isascii():
        return text.encode("ascii").translate(_LOWER_ASCII, _NOT_ALNUM_ASCII).decode("ascii")
    return _NON_ALNUM.sub("", text.casefold())


def body_fingerprint(body: str) -> str:
    """Same text in two containers (HTML vs EPUB vs text) gives the same fingerprint."""
    words = body[:4000].split(maxsplit=300)[:300]  # (the 301st item is the rest)
    return hashlib.sha1(_norm(" ".join(words)).encode()).hexdigest()


def canonical_url(url: str) -> str:
    u = url.strip().lower()
    if m := re.search(r"archiveofourown\.org/works/(\d+)", u):
        return f"ao3:{m.group(1)}"
    if m := re.search(r"fanfiction\.net/s/(\d+)", u):
        return f"ffnet:{m.group(1)}"
    u = re.sub(r"^[a-z]+://(www\.)?", "", u).split("#")[0].rstrip("/")
    return u


def identity_keys(story: Story, body_hash: str) -> list[str]:
    """Every identity a story can be recognised by; files sharing any key are one story.

    The first key is the preferred source of the stable id: title+author survives a new URL or
    an edited text, the URL survives a retitled story, the body fingerprint is the last resort.
    """
    keys = []
    if story.title and story.authors:
        keys.append(f"ta:{_norm(story.title)}|{_norm(story.authors[0])}")
    if story.url:
        keys.append(f"url:{canonical_url(story.url)}")
    keys.append(f"body:{body_hash}")
    return keys


def stable_id(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def richness(story: Story) -> int:
    """How much the file states: decides which of two copies of a story supplies the fields."""
    stated = sum(bool(v) for v in (
        story.title, story.authors, story.fandoms, story.summary, story.url, story.published,
        story.language, story.tags, story.warnings, story.stated_words,
        story.rating != "not-rated", any(r.stated for r in story.relationships)))
    return stated * 10 + _FORMAT_RANK.get(story.format, 0)
