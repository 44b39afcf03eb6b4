"""Odd requests, generated from a seed: what users really type when they type strangely.

Each request joins one to three pieces: FTS operators, quotes, emoji, control, bidi and
zero-width characters, RTL text, mentions, markdown, links, stop words, typos of names the
catalog knows, and long runs. The same seed always gives the same requests, so a failure names
the request that broke and it can be run again.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

# FTS5 syntax and other punctuation a query builder might pass through
OPERATORS = ['"', '""', "*", "NEAR", "NEAR(a b, 2)", "AND", "OR", "NOT", "-", "^", "(", ")",
             "((", ":", "col:", "{x}", "'", "\\", "%", "_", "/", "&", "|", "+"]
MENTIONS = ["@everyone", "@here", "<@123456789012345678>", "<@!123456789012345678>",
            "<@&987654321098765432>", "<#111111111111111111>", "</rec:111111111111111111>",
            "<id:customize>", "@ everyone"]
MARKDOWN = ["**bold**", "__under__", "*it*", "~~gone~~", "`code`", "```block```", "> quote",
            "# Heading", "||spoiler||", "[link](https://example.com)", "https://example.com/x",
            "-# small"]
ODD_CHARS = ["\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\x00", "\x07", "\x1b[31m",
             "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u0301"]
SCRIPTS = ["שלום", "سلام دنيا", "Привет", "日本語", "ＳＰＩＫＥ", "ﬁre", "İstanbul", "Ǆ",
           "🙂", "🔥💔", "👩‍❤️‍👩", "🏳️‍🌈"]
STOP_WORDS = ["the", "and of a", "a the to", "it is what it is", "not", "no", "only",
              "without", "except", "or"]
# names the sample catalog knows, some misspelt: odd requests around real ones
NAMES = ["spike", "spkie", "buffy", "willow", "red", "tara", "drarry", "destiel", "castiel",
         "spuffy", "sad", "fluff", "angst", "zuko", "spike/buffy", "willow & tara"]
PIECES = (OPERATORS, MENTIONS, MARKDOWN, ODD_CHARS, SCRIPTS, STOP_WORDS, NAMES)


def _piece(rng: random.Random) -> str:
    if rng.random() < 0.05:  # a long run: a pasted paragraph, a held key
        return rng.choice(["x", "spike ", "🙂", "\"", "a/"]) * rng.choice([300, 2000, 10_000])
    return rng.choice(rng.choice(PIECES))


def odd_request(rng: random.Random) -> str:
    """One request of one to three pieces, glued with or without spaces."""
    pieces = [_piece(rng) for _ in range(rng.randint(1, 3))]
    glue = rng.choice([" ", "", " ", "/"])
    return glue.join(pieces)


def odd_requests(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield odd_request(rng)
