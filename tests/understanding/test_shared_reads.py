"""Work several readings share is done once per story (17cpu): a block's narration (its text
outside double quotes) is split out once and kept on the block; a fandom table extended by a
story's own people keeps the plain names the old per-name filter kept, in the same order."""

from __future__ import annotations

from types import SimpleNamespace

from bot.understanding import blocks, characters, narrator, tense


def _block(text: str) -> blocks.Block:
    return blocks.cut_blocks(text)[0]


def test_a_blocks_narration_is_split_once_and_kept_on_it():
    block = _block('"Come in," Mara said. She set the kettle on. "Tea?" I asked.')
    narration = blocks.narrated_text(block)
    assert narration == '\x00 Mara said. She set the kettle on. \x00 I asked.'
    assert narration == narrator.narration_of(block.text)
    assert blocks.narrated_text(block) is narration  # kept: not split again
    plain = _block("Mara set the kettle on and waited for the rain to stop.")
    assert blocks.narrated_text(plain) is plain.text


def test_the_readings_of_narration_read_the_kept_text():
    block = _block('"Go," she says. He is here and she is there. She says no. He has it. '
                   '"Fine," he says.')
    assert not narrator.speaks(block) and tense.present_tense([block])
    block = _block(block.text)
    block.narration = "I was there. He was here, and I said no. I had it."  # read as kept
    assert narrator.speaks(block) and not tense.present_tense([block])


def test_an_extended_table_keeps_the_plain_names_the_filter_kept():
    def info(name, gender=None, aliases=()):
        return SimpleNamespace(name=name, aliases=aliases, nicknames=(), gender=gender)

    base = characters.build_table([info("Anna Field", "f"), info("Ben Stone", "m"),
                                   info("Cora Vale", "f", ("Corrie",))])
    extra = characters.build_table([info("Ben"), info("Dov Pike", "m")])
    extended = characters.extend(base, extra)
    old = {t: c for t, c in characters._simple_names(base).items() if t not in extra.entries}
    old.update((t, c) for t, c in characters._simple_names(extra).items()
               if t not in base.entries)
    assert list(extended.simple.items()) == list(old.items())
    assert "Ben" not in extended.simple and extended.simple["Dov"] == "Dov Pike"
