"""Small stories in fandoms the knowledge files do not know, for the learning tests and bench.

Each fandom has a made-up cast ("Captain Ilsa Varne", "Tomas Reed"); a fifth of its stories
state some of the cast in a Characters: line (the catalog learns the cast from those), the rest
only name them in the text, by first name mostly, as fan fiction does.
"""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ("Ilsa", "Tomas", "Maren", "Oskar", "Perrin", "Wren", "Calder", "Sefa", "Brannoc",
         "Liesl", "Haldor", "Yselle", "Corvin", "Dagny", "Emrys", "Fenna")
LAST = ("Varne", "Reed", "Halloway", "Ashdown", "Quill", "Marrow", "Tessaly", "Brennick",
        "Oakhurst", "Vance", "Sorrel", "Lindqvist")
TITLES = ("Captain", "Doctor", "Inspector", "")
LINES = (
    "{a} climbed the lighthouse stairs two at a time while {b} followed with the lantern.",
    "\"You came back,\" {a} said quietly, and {b} did not answer for a long while.",
    "The fog came in before the ferry did, and {a} counted the lanterns on the pier.",
    "{b} mended nets in the boathouse and listened to {a} argue with the harbourmaster.",
    "At the top {a} found the keeper's log open on the desk, and {b} read it aloud.",
    "Nobody spoke while the kettle worked itself up to a whistle.",
)


def cast_of(fandom: int) -> list[str]:
    rng = random.Random(fandom)
    names = []
    for first in rng.sample(FIRST, 3):
        title = rng.choice(TITLES)
        names.append(" ".join(p for p in (title, first, rng.choice(LAST)) if p))
    return names


def _first_name(name: str) -> str:
    words = name.split()
    return words[1] if words[0] in TITLES else words[0]


def write_stories(folder: Path, stories: int, fandoms: int, seed: int = 13) -> int:
    """`stories` files across `fandoms` unknown fandoms; returns the bytes written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(stories):
        fandom = i % fandoms
        cast = cast_of(fandom)
        a, b = rng.sample(cast, 2)
        lines = [rng.choice(LINES).format(a=_first_name(a), b=_first_name(b))
                 for _ in range(rng.randint(6, 10))]
        header = [f"Title: Harbour Night {i}", f"Author: tidewriter{i % 97}",
                  f"Fandom: Moonlight Harbor {fandom}"]
        if (i // fandoms) % 5 == 0:  # the first story of each fandom in every five
            header.append(f"Characters: {a}, {b}")
        text = "\n".join(header) + "\n\n" + "\n\n".join(lines) + "\n\nThe End\n"
        data = text.encode("utf-8")
        (folder / f"{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total
