"""events._ACTS stays as fast as it was written to be: every reading is looked ahead for the
letters its branches start with, and no branch starts with one its look-ahead lacks."""

from __future__ import annotations

from re import _constants as sre  # the regex parser's own names
from re import _parser

from bot.understanding import events


def _first_letters(items) -> set[str] | None:
    """The letters a parsed regex (re._parser items) can start with; None when not only
    literals and letter sets lead (a look-ahead could not cover it)."""
    for op, av in items:
        if op is sre.AT:  # \b takes no letter
            continue
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.IN:
            return {chr(a) for o, a in av} if all(o is sre.LITERAL for o, a in av) else None
        if op is sre.SUBPATTERN:
            return _first_letters(av[3])
        if op is sre.BRANCH:
            found = [_first_letters(branch) for branch in av[1]]
            return None if None in found else set().union(*found)
        return None
    return None


def test_each_act_reading_is_looked_ahead_for_every_letter_its_branches_start_with():
    """events._ACTS tries a reading at a word start only when its look-ahead letter is there:
    a branch starting with a letter its look-ahead lacks would never match."""
    parsed = _parser.parse(events._ACTS.pattern)
    names = {number: name for name, number in parsed.state.groupdict.items()}
    (branches,) = [av[1] for op, av in parsed if op is sre.BRANCH]
    checked = set()
    for branch in branches:
        (ahead, (_op, group)) = branch
        assert ahead[0] is sre.ASSERT, "every reading opens with its look-ahead"
        allowed = _first_letters(ahead[1][1])
        starts = _first_letters(group[3])
        assert starts is not None and allowed is not None
        assert starts <= allowed, (names[group[0]], starts - allowed)
        checked.add(names[group[0]])
    assert checked == set(events._ACT_WEIGHTS)
