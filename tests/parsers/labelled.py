"""Compare a catalog's export with hand-made labels, field by field (real and blind sets).

Labels follow `../shared/real-stories/labels-real.json`: canonical names, lower-case warnings,
romantic pairings as sorted member pairs, `words` counting the story body only, and
`stated_in_header` naming the fields the file states (the rest must be inferred). A story is
found by its file name among the export's paths (two copies of one story share a record).

Name rules, the same for every set: names match case- and quote-blind; an AO3 alias tag
("Ginga Eiyuu Densetsu | Legend of the Galactic Heroes") matches either of its names; a
trailing bracketed qualifier ("Castiel (Supernatural)", "Sherlock (TV)") may be left off on
either side; a fandom also matches when the words of one name are all in the other ("The
Locked Tomb" in "The Locked Tomb Series", "Merlin (TV)" in "Merlin UK (tv)"): how a fandom is
named is the fandom knowledge's choice, not the file reader's (so a label's fandom also
matches the name the knowledge gives it: "Captain America (Movies)" is filed under the Marvel
Cinematic Universe). Characters are checked for
recall (every labelled character is in the story, stated or found in the text): labels leave
out stated tags that name no real role ("Author - Character", "Original Characters").
Warnings likewise: every labelled warning is found, and an unwarned work states none (an
author's free-text warnings say more than a label lists).
"Creator Chose Not To Use Archive Warnings" is kept by the catalog (a server can exclude it)
but is a choice, not a content warning, so it is left out on both sides here.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalog.export import export_records
from bot.catalog.ingest import ingest
from bot.knowledge import Knowledge

FIELDS = ("title", "authors", "fandoms", "rating", "status", "words", "url", "pairings",
          "characters", "warnings")
WORDS_TOLERANCE = 0.03
_NOT_A_WARNING = "creator chose not to use archive warnings"
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_KNOWLEDGE = Knowledge.default()


@dataclass
class Check:
    story: str
    field: str
    stated: bool
    ok: bool
    expected: object
    got: object


@dataclass
class Comparison:
    checks: list[Check] = field(default_factory=list)
    failed_files: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def rate(self, name: str, *, stated: bool | None = True) -> float:
        """Share of checks of one field that hold (stated ones only by default)."""
        picked = [c for c in self.checks if c.field == name
                  and (stated is None or c.stated == stated)]
        return sum(c.ok for c in picked) / len(picked) if picked else 1.0

    def count(self, name: str, *, stated: bool | None = True) -> int:
        return sum(1 for c in self.checks if c.field == name
                   and (stated is None or c.stated == stated))

    def overall(self, *, stated: bool | None = None) -> tuple[int, int]:
        picked = [c for c in self.checks if stated is None or c.stated == stated]
        return sum(c.ok for c in picked), len(picked)

    def table(self, title: str) -> str:
        lines = [title, f"{'field':<12}{'stated':>14}{'inferred':>14}{'all':>14}"]
        for name in FIELDS:
            cells = []
            for stated in (True, False, None):
                n = self.count(name, stated=stated)
                held = round(self.rate(name, stated=stated) * n)
                cells.append(f"{held}/{n} {self.rate(name, stated=stated):.2f}" if n else "-")
            lines.append(f"{name:<12}" + "".join(f"{c:>14}" for c in cells))
        held, n = self.overall()
        s_held, s_n = self.overall(stated=True)
        lines.append(f"all checks {held}/{n} ({held / max(n, 1):.0%}); stated {s_held}/{s_n} "
                     f"({s_held / max(s_n, 1):.0%}); failed files {len(self.failed_files)}")
        return "\n".join(lines)

    def misses(self) -> str:
        return "\n".join(f"  {c.story} {c.field}{'' if c.stated else ' (inferred)'}: "
                         f"expected {c.expected!r}, got {c.got!r}"
                         for c in self.checks if not c.ok)


# --- names ---------------------------------------------------------------------------------

def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'“”‘’`]", "", text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _forms(name: str) -> set[str]:
    forms = set()
    for part in name.split(" | ") if " | " in name else [name]:
        forms.add(norm(part))
        forms.add(norm(_QUALIFIER.sub("", part)))
        forms.add(norm(re.sub(r"\s*[\"“][^\"”]*[\"”]\s*", " ", part)))  # Hoban "Wash" Washburne
    return {f for f in forms if f}


def same_name(label: str, got: str, fandoms: tuple[str, ...] = ()) -> bool:
    if _forms(label) & _forms(got):
        return True
    # a label may keep a name as the file writes it ("Buffy", "Hermione G."): the catalog
    # names characters canonically, so the label's name is compared the same way
    return bool(fandoms) and _KNOWLEDGE.canonical_character(label, fandoms) == got


def same_names(labels: list[str], got: list[str], match=None) -> bool:
    """Each label name is found, and each name found is a label name."""
    match = match or same_name
    return all(any(match(a, b) for b in got) for a in labels) and all(
        any(match(a, b) for a in labels) for b in got)


def _words(form: str) -> set[str]:
    return set(re.findall(r"\w+", form))


def same_fandom(label: str, got: str) -> bool:
    if same_name(label, got) or _KNOWLEDGE.canonical_fandom(label) == got:
        return True
    return any(a and b and (a <= b or b <= a)
               for x in _forms(label) for y in _forms(got)
               for a, b in [(_words(x), _words(y))])


def _same_pair(label: list[str], members: list[str], fandoms: tuple[str, ...]) -> bool:
    if len(label) != len(members):
        return False
    return (all(any(same_name(a, b, fandoms) for b in members) for a in label)
            and all(any(same_name(a, b, fandoms) for a in label) for b in members))


def same_pairs(labels: list[list[str]], got: list[list[str]],
               fandoms: tuple[str, ...] = ()) -> bool:
    return all(any(_same_pair(p, g, fandoms) for g in got) for p in labels) and all(
        any(_same_pair(p, g, fandoms) for p in labels) for g in got)


def same_url(label: str | None, got: str | None) -> bool:
    if label is None or got is None:
        return label is None and got is None

    def key(url: str) -> str:
        return re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower()).rstrip("/")

    return key(label) == key(got)


def _warnings(values: list[str]) -> list[str]:
    return [w for w in values if norm(w) != _NOT_A_WARNING]


def same_warnings(labels: list[str], got: list[str]) -> bool:
    """Every labelled warning is stated (an author's free text may say more: "Non-con (not
    graphic)"), and a work labelled unwarned states none."""
    labels, got = _warnings(labels), _warnings(got)
    if not labels:
        return not got
    return all(any(same_name(a, b) or same_fandom(a, b) for b in got) for a in labels)


# --- one story -----------------------------------------------------------------------------

def compare_story(name: str, label: dict, record: dict) -> list[Check]:
    stated = set(label.get("stated_in_header", []))
    romantic_stated = [r["members"] for r in record["relationships"]
                       if r["kind"] == "romantic" and r["stated"]]
    romantic_all = [r["members"] for r in record["relationships"] if r["kind"] == "romantic"]
    words = label["words"]
    results = {
        "title": (label["title"], record["title"],
                  record["title"] is not None and norm(label["title"]) == norm(record["title"])),
        "authors": (label["authors"], record["authors"],
                    same_names(label["authors"], record["authors"])),
        "fandoms": (label["fandoms"], record["fandoms"],
                    same_names(label["fandoms"], record["fandoms"], same_fandom)),
        "rating": (label["rating"], record["rating"], label["rating"] == record["rating"]),
        "status": (label["status"], record["status"], label["status"] == record["status"]),
        "words": (words, record["words"],
                  abs(record["words"] - words) <= WORDS_TOLERANCE * words),
        "url": (label["url"], record["url"], same_url(label["url"], record["url"])),
        "warnings": (label["warnings"], record["warnings"],
                     same_warnings(label["warnings"], record["warnings"])),
    }
    got_pairs = romantic_stated if "pairings" in stated else romantic_all
    fandoms = tuple(record["fandoms"])
    results["pairings"] = (label["pairings"], got_pairs,
                           same_pairs(label["pairings"], got_pairs, fandoms))
    # every labelled character is in the story (stated or found in the text)
    names = [c["name"] for c in record["characters"]]  # export: {name, source}
    chars_ok = all(any(same_name(a, b, fandoms) for b in names) for a in label["characters"])
    results["characters"] = (label["characters"], names, chars_ok)
    return [Check(name, f, f in stated, ok, expected, got)
            for f, (expected, got, ok) in results.items()]


# --- a whole set ---------------------------------------------------------------------------

def compare_folder(folder: Path, labels_path: Path, catalog: Path) -> Comparison:
    """Ingest every file of `folder` through the real ingest, export, compare with labels."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    report = ingest([str(folder)], catalog, workers=1)
    comparison = Comparison(failed_files=list(report.failures))
    with contextlib.closing(sqlite3.connect(catalog)) as conn:
        records = list(export_records(conn))
    by_file = {Path(p).name: r for r in records for p in r["paths"]}
    for key, label in sorted(labels.items()):
        file_name = Path(label["file"]).name
        record = by_file.get(file_name)
        if record is None:
            comparison.missing.append(file_name)
            continue
        comparison.checks += compare_story(key, label, record)
    return comparison
