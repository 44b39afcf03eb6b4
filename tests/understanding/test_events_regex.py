"""events._ACTS stays as fast as it was written to be: every reading is looked ahead for the
letters its branches start with, and no branch starts with one its look-ahead lacks."""

from __future__ import annotations

import re
from re import _constants as sre  # the regex parser's own names
from re import _parser

import pytest

from bot.understanding import events


def _first_letters(items) -> set[str] | None:
    """The letters a parsed regex (re._parser items) can start with; None when not only
    literals and letter sets lead (a look-ahead could not cover it)."""
    for op, av in items:
        if op is sre.AT or (op is sre.ASSERT and av[0] < 0):  # \b, a look-behind: no letter
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


def _heads(items, n: int) -> set[tuple[str, bool]]:
    """The strings of up to `n` characters a match of parsed regex items can start with, each
    with whether the match may go on with known characters after it (a shorter one ends the
    match or stands before what no letter list bounds, as \\w: a look-ahead for it is all
    one can ask there)."""
    current = {("", True)}
    for op, av in items:
        growing = {s for s, more in current if more and len(s) < n}
        if not growing:
            break
        after = _heads_of(op, av, n)
        current = {(s, more) for s, more in current if not (more and len(s) < n)} | {
            ((s + t)[:n], more and len(s + t) < n) for s in growing for t, more in after}
    return current


def _heads_of(op, av, n: int) -> set[tuple[str, bool]]:
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # takes no character
        return {("", True)}
    if op is sre.LITERAL:
        return {(chr(av), True)}
    if op is sre.IN:
        letters: set[str] = set()
        for o, a in av:
            if o is sre.LITERAL:
                letters.add(chr(a))
            elif o is sre.RANGE:
                letters.update(map(chr, range(a[0], a[1] + 1)))
            else:
                return {("", False)}
        return {(c, True) for c in letters}
    if op is sre.SUBPATTERN:
        return _heads(av[3], n)
    if op is sre.BRANCH:
        return set().union(*(_heads(branch, n) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, item = av
        found: set[tuple[str, bool]] = set()
        current = {("", True)}
        for count in range(n + 1):
            if count >= low:
                found |= current
            if count >= high:
                return found
            current = {((s + t)[:n], more2 and len(s + t) < n) if more else (s, more)
                       for s, more in current for t, more2 in _heads(item, n)}
        return found | {(s, False) for s, more in current if more and len(s) < n}
    return {("", False)}


@pytest.mark.parametrize("pattern, starts", [
    (events._ACTS, events._ACT_STARTS), (events._LINES, events._LINE_STARTS)])
def test_the_two_letter_look_ahead_lets_every_branch_through(pattern, starts):
    """events._ACTS and _LINES look ahead for the first two characters of their branches
    (`_ACT_STARTS`, `_LINE_STARTS`): every two-character start a branch can have passes it
    (a branch starting otherwise would never be tried)."""
    assert f"(?={starts})" in pattern.pattern
    look = re.compile(starts)
    items = list(_parser.parse(pattern.pattern))
    assert items[-1][0] is sre.BRANCH  # the readings, after the look-arounds
    found = set().union(*(_heads(branch, 2) for branch in items[-1][1][1]))
    heads = {s for s, _more in found}
    assert heads and all(len(s) == 2 for s in heads)  # two characters known for every branch
    # (a start of three letters, "fac" of "face": every third character a branch can have)
    found = set().union(*(_heads(branch, 3) for branch in items[-1][1][1]))
    heads = {s for s, _more in found}
    assert all(look.match(s) for s in heads), sorted(s for s in heads if not look.match(s))
