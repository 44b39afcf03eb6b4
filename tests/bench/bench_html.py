"""HTML parser choice: Lexbor (selectolax) against lxml on real saved pages and EPUB pages.

    .venv/bin/pip install lxml   # the candidate that lost; not a dependency of the bot
    .venv/bin/python tests/bench/bench_html.py [--rounds 7] [--old PATH_TO_OLD_CHECKOUT]

Both candidates build the same `html_dom.Element` tree the readers walk (parse, then one pass
over the parser's nodes), so the figure is what a reader would pay. The pages are every HTML
file of ../shared/real-stories/stories and of the sample catalog, and every XHTML page of the
real EPUBs. `--old` also times the html_dom module of another checkout (the regex reader this
project had before) on the same pages. Correctness is checked too: each candidate's text of
every page is compared with Lexbor's, and the pages where they differ are counted (lxml's HTML
parser is libxml2's HTML 4 parser, not an HTML5 one, so misnested real pages can differ).
Prints milliseconds for the whole set (best and median of the rounds) and MB/s.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402  (a benchmark-only candidate; not a dependency of the bot)

from bot.parsers import html_dom  # noqa: E402
from bot.parsers.html_dom import Element  # noqa: E402
from bot.parsers.textio import decode  # noqa: E402


def pages() -> list[str]:
    docs = []
    real = ROOT.parent / "shared" / "real-stories" / "stories"
    for path in sorted(real.glob("*.html")) + sorted((ROOT / "data" / "stories").glob("*.html")):
        docs.append(decode(path.read_bytes()))
    for path in sorted(real.glob("*.epub")):
        with zipfile.ZipFile(path) as book:
            docs += [decode(book.read(n)) for n in book.namelist()
                     if n.endswith((".html", ".xhtml", ".htm"))]
    return docs


def lxml_tree(html: str) -> Element:
    """The same Element tree, built from lxml's parse (text and tails as children)."""
    root = Element("#root")
    try:
        top = lxml.html.document_fromstring(html.encode("utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return root
    stack = [(top, root)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, str):
            parent.children.append(node)
            continue
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None:  # comments, processing instructions
            if node.tail:
                parent.children.append(node.tail)
            continue
        el = Element(tag.lower(), dict(node.attrib) or None, parent)
        parent.children.append(el)
        items: list = []
        if tag not in html_dom.RAW_DROP:
            if node.text:
                items.append(node.text)
            for child in node:
                items.append(child)
        for item in reversed(items):
            stack.append((item, el))
        if node.tail:
            # the tail follows the element in its parent: push it after the element's own
            stack.insert(len(stack) - len(items), (node.tail, parent))
    return root


def timed(candidates: dict, docs: list[str], rounds: int) -> dict[str, list[float]]:
    """Rounds alternate the candidates (each round in a rotated order), so a machine shared
    with other work slows them alike."""
    runs: dict[str, list[float]] = {name: [] for name in candidates}
    names = list(candidates)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            parse = candidates[name]
            start = time.perf_counter()
            for doc in docs:
                parse(doc)
            runs[name].append(time.perf_counter() - start)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--old", help="a checkout whose bot/parsers/html_dom.py is also timed")
    args = parser.parse_args()
    docs = pages()
    size = sum(len(d.encode("utf-8")) for d in docs)
    candidates = {"lexbor (selectolax)": html_dom.parse, "lxml": lxml_tree}
    texts_of = {name: html_dom.block_text for name in candidates}
    if args.old:
        spec = importlib.util.spec_from_file_location(
            "old_html_dom", Path(args.old) / "bot" / "parsers" / "html_dom.py")
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        candidates["old regex reader"] = old.parse
        texts_of["old regex reader"] = old.block_text
    reference = [html_dom.block_text(html_dom.parse(d)) for d in docs]
    print(f"{len(docs)} pages, {size / 1e6:.2f} MB; {args.rounds} rounds")
    print(f"{'parser':<22}{'best ms':>10}{'median ms':>11}{'MB/s':>8}{'pages differing':>17}")
    all_runs = timed(candidates, docs, args.rounds)
    for name, parse in candidates.items():
        runs = all_runs[name]
        texts = [texts_of[name](parse(d)) for d in docs]
        differ = sum(1 for a, b in zip(texts, reference) if _norm(a) != _norm(b))
        best, median = min(runs), statistics.median(runs)
        print(f"{name:<22}{best * 1e3:>10.1f}{median * 1e3:>11.1f}{size / 1e6 / median:>8.1f}"
              f"{differ:>17}")


def _norm(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    main()
