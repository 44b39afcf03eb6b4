"""Judge the search on a set of everyday requests with labelled answers (a TOML file of
`[[request]]` tables: kind, text, relevant, parts, impossible, unmet, channel, note).

    .venv/bin/python -m tests.search.evaluate FILE [--catalog DB] [--verbose]

The sample catalog (data/stories) is built into a temporary folder unless --catalog names one.
Printed: top-1 fit over every request, MRR and P@1 over the requests that have answers
meeting all their parts, and for the impossible ones whether every result names a part it does
not meet, and whether the first names the labelled one. `evaluate(path, engine)` returns the
same figures.

Top-1 fit: for a request some story meets, the first answer is one of `relevant`. For an
impossible one (nothing meets every part) the honest answer is right: no card, or cards that
each name a part they do not meet with the first naming the labelled unmet part ("rating":
the reply says how many matching stories the channel's ceiling hides). The two sets label
impossible requests two ways (dev lists the near misses as `relevant`, final lists none): this
rule reads both alike, and near misses never count as answers for MRR and P@1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.search.engine import Engine
from bot.search.model import Filters, SearchResult
from bot.search.text import fold

REPO = Path(__file__).resolve().parents[2]
STORIES = REPO / "data" / "stories"
DEPTH = 10
CEILINGS = {"any": "explicit", "teen": "teen"}


@dataclass(slots=True)
class Figures:
    requests: int = 0
    fit: int = 0
    ranked: list[float] = field(default_factory=list)  # reciprocal ranks (requests with answers)
    impossible: int = 0
    honest: int = 0  # every result names an unmet part
    named: int = 0  # ... and the labelled one among them
    misses: list[str] = field(default_factory=list)
    by_kind: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))

    @property
    def top1(self) -> float:
        return self.fit / self.requests if self.requests else 0.0

    @property
    def mrr(self) -> float:
        return sum(self.ranked) / len(self.ranked) if self.ranked else 0.0

    @property
    def p1(self) -> float:
        return sum(r == 1.0 for r in self.ranked) / len(self.ranked) if self.ranked else 0.0

    def lines(self) -> list[str]:
        out = [f"requests {self.requests}: top-1 fit {self.top1:.3f}, MRR {self.mrr:.3f}, "
               f"P@1 {self.p1:.3f} (over {len(self.ranked)} with answers)",
               f"impossible {self.impossible}: every result names an unmet part "
               f"{self.honest}/{self.impossible}, the first names the labelled one "
               f"{self.named}/{self.impossible}"]
        for kind, fits in sorted(self.by_kind.items()):
            out.append(f"  {kind:11s} n={len(fits):3d} top-1 fit {sum(fits) / len(fits):.3f}")
        return out


def load(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["request"]


def _name(match) -> str:
    return Path(match.card.path or "").name


def _names_part(engine: Engine, unmet: list[str], label: str) -> bool:
    """Whether a result's unmet parts include the labelled one: the same words, the same
    meaning as the engine reads the label ("wip" and "work in progress"; "dies" and
    "death"), or a part of the kind the label names ("length")."""
    wanted = {p.key for p in engine.parts_of(label)}
    words = set(fold(label).split())
    for part in unmet:
        if words & set(fold(part).split()):
            return True
        read = engine.parts_of(part)
        if wanted & {p.key for p in read} or label in {p.kind for p in read} \
                or any(words & set(p.forms) for p in read):
            return True
    return False


def _names_label(engine: Engine, result: SearchResult, label: str) -> bool:
    """Whether the reply names one labelled unmet part: "rating" by its note of the stories
    the channel hides or, where the channel hides none ("explicit spuffy" where every Spuffy
    story is teen), by a rating part the first result does not meet; any other through the
    first result's unmet parts."""
    if label == "rating" and result.hidden:
        return True
    return _names_part(engine, list(result.matches[0].unmet), label)


def judge(engine: Engine, request: dict, result: SearchResult, figures: Figures) -> bool:
    files = [_name(m) for m in result.matches]
    relevant = set(request["relevant"])
    if not request.get("impossible"):
        if not relevant:
            return not result.matches
        rank = next((i for i, f in enumerate(files, 1) if f in relevant), None)
        figures.ranked.append(1 / rank if rank else 0.0)
        return rank == 1
    figures.impossible += 1
    honest = all(m.unmet for m in result.matches)
    named = honest and (not result.matches or all(
        _names_label(engine, result, u) for u in request.get("unmet", [])))
    figures.honest += honest
    figures.named += named
    return named


def evaluate(path: Path, engine: Engine, verbose: bool = False) -> Figures:
    figures = Figures()
    for request in load(path):
        filters = Filters(rating_max=CEILINGS.get(request.get("channel", "any"), "teen"))
        result = engine.recommend(request["text"], filters=filters, limit=DEPTH, seed=7)
        fit = judge(engine, request, result, figures)
        figures.requests += 1
        figures.fit += fit
        figures.by_kind[request.get("kind", "?")].append(fit)
        if not fit or verbose:
            top = result.matches[0] if result.matches else None
            shown = (f"{_name(top)} met={list(top.met)} unmet={list(top.unmet)}" if top
                     else f"nothing; {list(result.alternatives)[:2]}")
            figures.misses.append(f"  {'ok ' if fit else 'MISS'} {request['text']!r}: {shown}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--catalog", type=Path, help="a built catalog (default: the sample)")
    parser.add_argument("--verbose", action="store_true", help="every request, not only misses")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        catalog = args.catalog
        if catalog is None:
            from bot.catalog.ingest import ingest

            catalog = Path(folder) / "catalog.db"
            ingest([str(STORIES)], catalog, workers=1)
        engine = Engine.open(catalog)
        try:
            figures = evaluate(args.file, engine, args.verbose)
        finally:
            engine.close()
    print("\n".join(figures.lines()))
    if figures.misses:
        print("\n".join(figures.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
