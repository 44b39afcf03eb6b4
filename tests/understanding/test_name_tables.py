"""A fandom's name table extended by a story's own names (characters.extend) reads a story
exactly as a table built from every one of those names at once would."""

from __future__ import annotations

import gc

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


def _walked(tokens) -> bool:
    """Whether the cyclic collector walks a token table entry by entry at a full collection:
    a set always; a dict's keys only when the dict itself is tracked."""
    if isinstance(tokens, (set, frozenset)):
        return gc.is_tracked(tokens)
    return any(gc.is_tracked(r) for r in gc.get_referents(tokens))


def test_token_tables_kept_for_the_process_are_not_walked_by_the_collector():
    # (a fandom's tables are cached for the process: walked at every full collection, they
    # were most of what one walked)
    from bot.understanding import _guessing, people

    knowledge = Knowledge.default()
    fandom = characters.build_table(knowledge.characters_in(["Buffy the Vampire Slayer"]))
    guessing = _guessing(knowledge)
    assert guessing is not None
    for tokens in (characters.name_tokens(fandom), characters.wanted_tokens(fandom),
                   guessing.wanted, guessing.form_set, people._skipped(frozenset({"Buffy"}))):
        assert b"Buffy" in tokens and not _walked(tokens)
    # tuples of strings, which the collector untracks at the first collection they meet (not
    # asserted as untracked: a test before this one may have frozen the collector's objects)
    assert all(type(found) is tuple and all(type(pair) is tuple for pair in found)
               for found in guessing.first_names.values())
