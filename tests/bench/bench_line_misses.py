"""The missed couples told in dialogue, with how each line cue of their text was placed.

    .venv/bin/python tests/bench/bench_line_misses.py [FOLDER ...]

FOLDERs default to the development folders (a check folder is refused). For every labelled
unstated romantic pairing the understanding misses whose evidence (in its .toml) is inside
quotation marks: the pairing, the evidence, the characters listed, and each dialogue cue
(events._LINES) of the blocks the relationship pass reads, with the speaker and the one
spoken to as read there (`Local.speaker`, `Local.addressee`) and the people around — to
group the misses by why a line's speaker or listener is not read.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import events  # noqa: E402
from tests.bench.bench_romance_misses import _missed, dev_folders  # noqa: E402
from tests.understanding import evaluate  # noqa: E402


def _evidence(path: Path) -> dict[frozenset[str], str]:
    """Each labelled relationship's evidence sentence, by its members (Pairing keeps none)."""
    truth = tomllib.loads(path.with_name(path.name + ".toml").read_text("utf-8"))["truth"]
    return {frozenset(r["members"]): r.get("evidence", "")
            for r in truth.get("relationships", [])}


def _quoted(text: str, evidence: str) -> bool:
    """Whether the evidence sentence is written inside quotation marks in the text."""
    at = text.find(evidence.strip('"')[:30])
    return '"' in evidence or (at >= 0 and text.count('"', 0, at) % 2 == 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args(argv)
    folders = dev_folders(parser, args.folders)
    knowledge = Knowledge.default()
    seen: list[str] = []
    read_lines = events.read_lines

    def traced(local, around, add, words, absent=None):
        for match in events._LINES.finditer(local.lower):
            i = match.start()
            if local.spoken(i):
                speaker = local.speaker(i)
                start, end = local.paragraph(i)
                seen.append(f"[{match.lastgroup}] by {speaker}, to "
                            f"{local.addressee(i, speaker, around)}, around {sorted(around)}: "
                            + " ".join(local.text[start:end].split())[:140])
        return read_lines(local, around, add, words, absent)

    events.read_lines = traced
    count = 0
    try:
        for case in (case for folder in folders for case in evaluate.load_folder(folder)):
            seen.clear()
            story = evaluate.read_story(case.path, knowledge)
            text = case.path.read_text(encoding="utf-8")
            evidences = _evidence(case.path)
            for pairing in _missed(case, story, knowledge):
                evidence = evidences.get(frozenset(pairing.members), "")
                if not _quoted(text, evidence):
                    continue
                count += 1
                print(f"{case.path.parent.name}/{case.path.name}: {'/'.join(pairing.members)}"
                      f" [{pairing.modifier or 'none'}] listed {story.character_names}")
                print(f"    evidence: {evidence[:160]}")
                for line in dict.fromkeys(seen):
                    print(f"    {line}")
    finally:
        events.read_lines = read_lines
    print(f"missed couples told in dialogue: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
