"""The reader's pages fit an embed once escaped and lose no text."""

from __future__ import annotations

from cogs.utils.reader import PAGE_CHARS, page_embed, paginate
from tests.support.cards import card, limits_hold


def test_reader_pages_fit_once_escaped_and_lose_nothing():
    text = "\n\n".join(f"Paragraph {i}. " + "*star* _under_ " * 60 for i in range(30))
    pages = paginate(text)
    assert all(len(p) <= PAGE_CHARS for p in pages)
    assert "".join("".join(p.split()) for p in pages) == "".join(text.split())
    for number in range(len(pages)):
        embed = page_embed(card(), pages, number)
        limits_hold(embed)
        assert embed.footer.text == f"Page {number + 1} of {len(pages)}"
    assert paginate("   ") == ["(This story has no text in the catalog.)"]
    one_word = paginate("x" * 5000)
    assert all(len(p) <= PAGE_CHARS for p in one_word) and "".join(one_word) == "x" * 5000
