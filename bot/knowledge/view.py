"""The slice of fandom knowledge the search needs: names only.

Fandom aliases and places, character aliases and nicknames (with their home fandom) and ship
names, taken from a loaded `Knowledge`, so the search never depends on how the knowledge is
stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge import Knowledge


@dataclass(slots=True)
class CharacterNames:
    name: str
    fandom: str
    aliases: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    gender: str = "n"  # f, m or n: what a pairing's category (m/m, f/f, f/m) is read from
    beings: list[str] = field(default_factory=list)  # "vampire": what fans may ask for


@dataclass(slots=True)
class KnowledgeView:
    fandoms: dict[str, list[str]] = field(default_factory=dict)  # canonical -> aliases
    characters: dict[str, CharacterNames] = field(default_factory=dict)
    ships: dict[str, list[str]] = field(default_factory=dict)  # relationship key -> names
    places: dict[str, list[str]] = field(default_factory=dict)  # canonical -> places


def from_knowledge(knowledge: Knowledge) -> KnowledgeView:
    """The names in a loaded `Knowledge` (its fandom records)."""
    view = KnowledgeView()
    for name, info in knowledge.fandoms.items():
        view.fandoms.setdefault(name, []).extend(info.aliases)
        view.places.setdefault(name, []).extend(info.places)
        for char in info.characters:
            known = view.characters.setdefault(
                char.name, CharacterNames(char.name, char.fandom, gender=char.gender))
            known.aliases.extend(a for a in char.aliases if a not in known.aliases)
            known.nicknames.extend(n for n in char.nicknames if n not in known.nicknames)
            known.beings.extend(b for b in char.beings if b not in known.beings)
        for ship in info.ships:
            names = view.ships.setdefault(ship.key.label, [])
            names.extend(n for n in ship.names if n not in names)
    return view
