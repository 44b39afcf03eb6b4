"""The slice of fandom knowledge the search needs, from `bot.knowledge` or the TOML files.

The search only needs names: fandom aliases, character aliases and nicknames (with their fandom)
and ship names. Reading them through this view keeps the search independent of how the
knowledge module stores them; when the module is unavailable the documented TOML files
(`data/fandoms/*.toml`) are read directly.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.resources import FANDOMS_DIR

log = logging.getLogger(__name__)


@dataclass(slots=True)
class CharacterNames:
    name: str
    fandom: str
    aliases: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)


@dataclass(slots=True)
class KnowledgeView:
    fandoms: dict[str, list[str]] = field(default_factory=dict)  # canonical -> aliases
    characters: dict[str, CharacterNames] = field(default_factory=dict)
    ships: dict[str, list[str]] = field(default_factory=dict)  # relationship key -> names


def _ship_key(members: list[str], kind: str) -> str:
    ordered = sorted(dict.fromkeys(m.strip() for m in members if m.strip()), key=str.casefold)
    return ("/" if kind != "platonic" else " & ").join(ordered)


def _add_file(view: KnowledgeView, data: dict) -> None:
    fandom = data.get("name")
    if not isinstance(fandom, str):
        return
    view.fandoms.setdefault(fandom, []).extend(a for a in data.get("aliases", [])
                                                if isinstance(a, str))
    for entry in data.get("characters", []):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        known = view.characters.setdefault(name, CharacterNames(name, fandom))
        if not entry.get("guest"):
            known.fandom = fandom  # a guest listing never moves a character's home fandom
        known.aliases.extend(a for a in entry.get("aliases", []) if isinstance(a, str))
        known.nicknames.extend(a for a in entry.get("nicknames", []) if isinstance(a, str))
    for ship in data.get("ships", []):
        if not isinstance(ship, dict) or len(ship.get("members", [])) < 2:
            continue
        key = _ship_key(ship["members"], ship.get("kind", "romantic"))
        view.ships.setdefault(key, []).extend(n for n in ship.get("names", [])
                                              if isinstance(n, str))


def from_folder(folder: Path) -> KnowledgeView:
    view = KnowledgeView()
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            _add_file(view, tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, AttributeError, TypeError) as exc:
            log.warning("skipping fandom file %s: %s", path, exc)
    return view


def from_knowledge(knowledge: object | None) -> KnowledgeView:
    """A view of a `bot.knowledge.Knowledge` (its `fandoms` records); without one, the
    bundled TOML files."""
    fandoms = getattr(knowledge, "fandoms", None)
    if not isinstance(fandoms, dict):
        return from_folder(FANDOMS_DIR)
    view = KnowledgeView()
    for name, info in fandoms.items():
        view.fandoms.setdefault(name, []).extend(getattr(info, "aliases", ()))
        for char in getattr(info, "characters", ()):
            known = view.characters.setdefault(
                char.name, CharacterNames(char.name, getattr(char, "fandom", name)))
            known.aliases.extend(a for a in char.aliases if a not in known.aliases)
            known.nicknames.extend(n for n in char.nicknames if n not in known.nicknames)
        for ship in getattr(info, "ships", ()):
            names = view.ships.setdefault(ship.key, [])
            names.extend(n for n in ship.names if n not in names)
    return view
