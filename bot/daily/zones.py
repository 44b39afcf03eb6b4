"""IANA timezone names for `/daily set`: exact lookup, autocomplete and "did you mean".

The name list comes from `zoneinfo.available_timezones()` once (it walks the tz database on
disk) and is kept sorted; lookups after that are in memory.
"""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.daily.post_time import ScheduleError

CHOICES_MAX = 25  # Discord's limit on autocomplete choices
# Old aliases ("US/Eastern", "Etc/GMT+5") are valid but confusing; autocomplete prefers the rest.
_LEGACY_PREFIXES = ("Etc/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "SystemV/")


@lru_cache(maxsize=1)
def all_zones() -> tuple[str, ...]:
    return tuple(sorted(n for n in zoneinfo.available_timezones() if n != "localtime"))


@lru_cache(maxsize=1)
def _by_folded() -> dict[str, str]:
    return {name.casefold(): name for name in all_zones()}


@lru_cache(maxsize=1)
def _preferred() -> tuple[str, ...]:
    return tuple(n for n in all_zones() if "/" in n and not n.startswith(_LEGACY_PREFIXES))


def _folded(text: str) -> str:
    return text.strip().replace(" ", "_").casefold()


def canonical_zone(text: str) -> str:
    """The IANA name for `text` (case and spaces forgiven); unknown names raise with
    suggestions."""
    name = _by_folded().get(_folded(text))
    if name is not None:
        return name
    hints = suggest(text, 3)
    tip = f" Did you mean {', '.join(hints)}?" if hints else ""
    raise ScheduleError(
        f"{text.strip()!r} is not a timezone I know.{tip} Use an IANA name such as "
        f"Europe/London or America/New_York.")


def _score(query: str, name: str, **_: object) -> float:
    """Similarity to the whole name or to its city part, whichever is closer."""
    return max(fuzz.ratio(query, name), fuzz.ratio(query, name.rsplit("/", 1)[-1]))


def suggest(text: str, limit: int = CHOICES_MAX) -> list[str]:
    """Nearest names: prefix and substring matches first, then fuzzy ones."""
    query = _folded(text)
    if not query:
        return list(_preferred()[:limit])
    zones = all_zones()
    starts = [n for n in zones if n.casefold().startswith(query)]
    # "london" should find Europe/London: match the city part too.
    city = [n for n in zones if n not in starts and n.casefold().rsplit("/", 1)[-1]
            .startswith(query)]
    inside = [n for n in zones if n not in starts and n not in city and query in n.casefold()]
    found = starts + city + inside
    if len(found) < limit:
        fuzzy = process.extract(query, [n.casefold() for n in zones], scorer=_score,
                                limit=limit * 2, score_cutoff=70)
        for _, _, index in fuzzy:
            name = zones[index]
            if name not in found:
                found.append(name)
    found.sort(key=lambda n: (n not in starts and n not in city, n.startswith(_LEGACY_PREFIXES)))
    return found[:limit]
