"""A fandom's name table extended by a story's own names (characters.extend) reads a story
exactly as a table built from every one of those names at once would."""

from __future__ import annotations

from bot.knowledge import Knowledge
from bot.understanding import characters
from bot.understanding.people import Person


def _from_scratch(table: characters.NameTable,
                  extra: characters.NameTable) -> characters.NameTable:
    entries = dict(table.entries)
    for token, found in extra.entries.items():
        entries[token] = entries.get(token, ()) + found
    return characters.NameTable(entries, {**table.genders, **extra.genders})


def test_an_extended_table_has_the_forms_and_plain_names_of_one_built_at_once():
    knowledge = Knowledge.default()
    fandom = characters.build_table(knowledge.characters_in(["Buffy the Vampire Slayer"]))
    # a name of the fandom again (shared tokens), a possessive-looking token, titles, a new
    # full name and single words
    found = [Person("Willow", gender="f"), Person("Buffy Summers"), Person("Xander's"),
             Person("Mrs. Hudson", gender="f"), Person("Ilsa Varne", ("Ilsa", "Varne")),
             Person("Kaia"), Person("Red")]
    extra = characters.build_table(found)
    extended = characters.extend(fandom, extra)
    expected = _from_scratch(fandom, extra)
    assert extended.entries == expected.entries
    assert extended.genders == expected.genders
    assert characters.name_forms(extended) == characters.name_forms(expected)
    assert characters._simple_names(extended) == characters._simple_names(expected)
    assert characters.name_tokens(extended) == characters.name_tokens(expected)
    assert b"Kaia" in characters.name_tokens(extended)
