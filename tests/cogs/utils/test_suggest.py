"""Autocomplete choices within Discord's limits."""

from __future__ import annotations

from cogs.utils.suggest import choices


def test_choices_are_trimmed_deduplicated_and_capped():
    found = [(f"{'long ' * 40}{i}\n\u202e", f"value-{i % 30}" + "v" * 200) for i in range(60)]
    out = choices(found)
    assert len(out) == 25
    assert all(0 < len(c.name) <= 100 and len(c.value) <= 100 for c in out)
    assert all("\n" not in c.name and "\u202e" not in c.name for c in out)
    assert len({c.value for c in out}) == 25
    assert choices([("", "")]) == []
