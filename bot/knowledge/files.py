"""Reading and validating the fandom knowledge files (`data/fandoms/*.toml`).

The files are hand-written data, so every mistake is reported with the file name and what is
wrong ("buffy-the-vampire-slayer.toml: ship ['Buffy Summers', 'Spik'] names unknown character
'Spik'") instead of surfacing later as a silent wrong answer. The records defined here are the
public types of `bot.knowledge`, which re-exports them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.names import name_key, slug
from bot.story import Relationship
from bot.vocabulary import KINDS, RelationshipKey

GENDERS = ("f", "m", "n")
_FANDOM_KEYS = {"name", "aliases", "related", "owners", "places", "characters", "ships"}
_CHARACTER_KEYS = {"name", "aliases", "nicknames", "gender", "guest", "beings"}
_SHIP_KEYS = {"members", "kind", "names"}


class KnowledgeError(ValueError):
    """A fandom file is missing, malformed or contradicts another; the message names the file."""


@dataclass(frozen=True, slots=True)
class CharacterInfo:
    name: str
    fandom: str  # home fandom (a character listed by several related fandoms has one home)
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    gender: str = "n"  # "f", "m" or "n" (no gendered pronoun cue, also for learned names)
    beings: tuple[str, ...] = ()  # what the character is, as fans ask for it ("vampire")


@dataclass(frozen=True, slots=True)
class ShipInfo:
    members: tuple[str, ...]  # canonical names, sorted case-insensitively like Relationship
    kind: str
    names: tuple[str, ...]
    fandom: str

    @property
    def key(self) -> RelationshipKey:
        """The relationship this ship stands for ("Buffy Summers/Spike")."""
        return RelationshipKey(self.members, self.kind)


@dataclass(frozen=True, slots=True)
class FandomInfo:
    name: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    owners: tuple[str, ...]
    characters: tuple[CharacterInfo, ...]
    ships: tuple[ShipInfo, ...]
    places: tuple[str, ...] = ()  # where its stories happen, as fans name them ("Hogwarts")


@dataclass(slots=True)
class LoadedKnowledge:
    """Everything the files hold, merged across files and checked for consistency."""

    fandoms: dict[str, FandomInfo]
    characters: dict[str, CharacterInfo]  # canonical name -> merged record
    listed_in: dict[str, frozenset[str]]  # canonical name -> fandoms that list it
    context: dict[str, frozenset[str]]  # fandom -> itself and its related fandoms


@dataclass(slots=True)
class _RawCharacter:
    name: str
    aliases: list[str]
    nicknames: list[str]
    gender: str | None
    guest: bool
    beings: list[str]


@dataclass(slots=True)
class _RawFandom:
    file: str
    name: str
    aliases: list[str]
    related: list[str]
    owners: list[str]
    characters: list[_RawCharacter]
    ships: list[dict]
    places: list[str]


def load_folder(folder: Path) -> LoadedKnowledge:
    """Read every `*.toml` in `folder`, validate each file, then check them against each other."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KnowledgeError(f"{folder}: fandom knowledge folder not found")
    raws = [_read_file(path) for path in sorted(folder.glob("*.toml"))]
    if not raws:
        raise KnowledgeError(f"{folder}: no fandom files (*.toml)")
    return _combine(raws)


# --- one file ----------------------------------------------------------------------------------

def _read_file(path: Path) -> _RawFandom:
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{where}: not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{where}: not valid TOML: {exc}") from None
    _no_unknown_keys(where, "file", data, _FANDOM_KEYS)
    name = _text(where, "name", data.get("name"))
    if slug(name) != path.stem:
        raise KnowledgeError(f"{where}: file name should be {slug(name)}.toml for fandom {name!r}")
    characters_raw = data.get("characters", [])
    if not isinstance(characters_raw, list) or not characters_raw:
        raise KnowledgeError(f"{where}: 'characters' must be a non-empty list of tables")
    characters = [_read_character(where, i, c) for i, c in enumerate(characters_raw, 1)]
    seen: set[str] = set()
    for c in characters:
        if name_key(c.name) in seen:
            raise KnowledgeError(f"{where}: character {c.name!r} is listed twice")
        seen.add(name_key(c.name))
    ships = data.get("ships", [])
    if not isinstance(ships, list):
        raise KnowledgeError(f"{where}: 'ships' must be a list of tables")
    for i, ship in enumerate(ships, 1):
        _check_ship(where, i, ship)
    return _RawFandom(
        file=where, name=name,
        aliases=_texts(where, "aliases", data.get("aliases", [])),
        related=_texts(where, "related", data.get("related", [])),
        owners=_texts(where, "owners", data.get("owners", [])),
        characters=characters, ships=ships,
        places=_texts(where, "places", data.get("places", [])))


def _read_character(where: str, index: int, entry: object) -> _RawCharacter:
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{where}: character #{index} must be a table")
    label = f"character #{index}"
    name = _text(where, f"{label} name", entry.get("name"))
    label = f"character {name!r}"
    _no_unknown_keys(where, label, entry, _CHARACTER_KEYS)
    guest = entry.get("guest", False)
    if not isinstance(guest, bool):
        raise KnowledgeError(f"{where}: {label}: 'guest' must be true or false")
    gender = entry.get("gender")
    if gender is None and not guest:
        raise KnowledgeError(f"{where}: {label}: 'gender' is missing (f, m or n)")
    if gender is not None and gender not in GENDERS:
        raise KnowledgeError(f"{where}: {label}: gender {gender!r} is not one of f, m, n")
    return _RawCharacter(
        name=name, guest=guest, gender=gender,
        aliases=_texts(where, f"{label} aliases", entry.get("aliases", [])),
        nicknames=_texts(where, f"{label} nicknames", entry.get("nicknames", [])),
        beings=[b.casefold() for b in _texts(where, f"{label} beings", entry.get("beings", []))])


def _check_ship(where: str, index: int, ship: object) -> None:
    if not isinstance(ship, dict):
        raise KnowledgeError(f"{where}: ship #{index} must be a table")
    _no_unknown_keys(where, f"ship #{index}", ship, _SHIP_KEYS)
    members = _texts(where, f"ship #{index} members", ship.get("members"))
    if len(set(members)) < 2:
        raise KnowledgeError(f"{where}: ship #{index} needs at least two different members")
    if ship.get("kind", "romantic") not in KINDS:
        raise KnowledgeError(f"{where}: ship {members}: kind {ship.get('kind')!r} is not one of "
                             f"{', '.join(KINDS)}")
    _texts(where, f"ship {members} names", ship.get("names", []))


def _text(where: str, what: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: {what} must be a non-empty string")
    return value.strip()


def _texts(where: str, what: str, value: object) -> list[str]:
    if value is None:
        raise KnowledgeError(f"{where}: {what} is missing")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where}: {what} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _no_unknown_keys(where: str, what: str, table: dict, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise KnowledgeError(f"{where}: {what}: unknown key(s) {', '.join(unknown)} "
                             f"(allowed: {', '.join(sorted(allowed))})")


# --- all files together ------------------------------------------------------------------------

def _combine(raws: list[_RawFandom]) -> LoadedKnowledge:
    by_name: dict[str, _RawFandom] = {}
    for raw in raws:
        if raw.name in by_name:
            raise KnowledgeError(f"{raw.file}: fandom {raw.name!r} is also defined in "
                                 f"{by_name[raw.name].file}")
        by_name[raw.name] = raw
    context = _contexts(by_name)
    homes = _homes(by_name, context)

    guests: dict[str, list[_RawCharacter]] = {}  # canonical name -> its guest entries
    for raw in raws:
        for c in raw.characters:
            if c.guest:
                guests.setdefault(c.name, []).append(c)
    merged: dict[str, CharacterInfo] = {}
    listed: dict[str, set[str]] = {}
    for canonical, (home_raw, entry) in homes.items():
        aliases, nicknames = list(entry.aliases), list(entry.nicknames)
        beings = list(entry.beings)
        for guest in guests.get(canonical, ()):
            aliases += [a for a in guest.aliases if a not in aliases]
            nicknames += [n for n in guest.nicknames if n not in nicknames]
            beings += [b for b in guest.beings if b not in beings]
        merged[canonical] = CharacterInfo(canonical, home_raw.name, tuple(aliases),
                                          tuple(nicknames), entry.gender or "n", tuple(beings))
    for raw in raws:
        for c in raw.characters:
            listed.setdefault(c.name, set()).add(raw.name)

    fandoms: dict[str, FandomInfo] = {}
    for raw in raws:
        ships = tuple(_ship(raw, ship, context[raw.name], listed) for ship in raw.ships)
        _no_duplicate_ships(raw, ships)
        fandoms[raw.name] = FandomInfo(
            name=raw.name, aliases=tuple(raw.aliases), related=tuple(raw.related),
            owners=tuple(raw.owners),
            characters=tuple(merged[c.name] for c in raw.characters), ships=ships,
            places=tuple(raw.places))
    return LoadedKnowledge(fandoms=fandoms, characters=merged,
                           listed_in={k: frozenset(v) for k, v in listed.items()},
                           context=context)


def _contexts(by_name: dict[str, _RawFandom]) -> dict[str, frozenset[str]]:
    links: dict[str, set[str]] = {name: {name} for name in by_name}
    for raw in by_name.values():
        for other in raw.related:
            if other not in by_name:
                raise KnowledgeError(f"{raw.file}: related fandom {other!r} has no file "
                                     f"(expected {slug(other)}.toml)")
            links[raw.name].add(other)
            links[other].add(raw.name)
    return {name: frozenset(v) for name, v in links.items()}


def _homes(by_name: dict[str, _RawFandom],
           context: dict[str, frozenset[str]]) -> dict[str, tuple[_RawFandom, _RawCharacter]]:
    """Each canonical character's defining (non-guest) entry; guests must point at one."""
    homes: dict[str, tuple[_RawFandom, _RawCharacter]] = {}
    for raw in by_name.values():
        for c in raw.characters:
            if c.guest:
                continue
            if c.name in homes:
                other = homes[c.name][0]
                how = ("mark one of them guest = true" if other.name in context[raw.name]
                       else "canonical names must be unique across unrelated fandoms; "
                            "add a disambiguator such as \"Name (Fandom)\"")
                raise KnowledgeError(f"{raw.file}: character {c.name!r} is also defined in "
                                     f"{other.file}; {how}")
            homes[c.name] = (raw, c)
    for raw in by_name.values():
        for c in raw.characters:
            if not c.guest:
                continue
            home = homes.get(c.name)
            if home is None:
                raise KnowledgeError(f"{raw.file}: guest character {c.name!r} is not defined "
                                     f"in any fandom")
            if home[0].name not in context[raw.name]:
                raise KnowledgeError(f"{raw.file}: guest character {c.name!r} comes from "
                                     f"{home[0].name!r}, which is not a related fandom")
    return homes


def _ship(raw: _RawFandom, ship: dict, context: frozenset[str],
          listed: dict[str, set[str]]) -> ShipInfo:
    members = [m.strip() for m in ship["members"]]
    for m in members:
        if not listed.get(m, set()) & context:
            raise KnowledgeError(f"{raw.file}: ship {members} names unknown character {m!r} "
                                 f"(use the canonical name of a character of this fandom or "
                                 f"a related one)")
    kind = ship.get("kind", "romantic")
    ordered = Relationship(tuple(members), kind=kind).members
    names = tuple(n.strip() for n in ship.get("names", []))
    return ShipInfo(members=ordered, kind=kind, names=names, fandom=raw.name)


def _no_duplicate_ships(raw: _RawFandom, ships: tuple[ShipInfo, ...]) -> None:
    seen: set[RelationshipKey] = set()
    for s in ships:
        if s.key in seen:
            raise KnowledgeError(f"{raw.file}: ship {s.key.label!r} is listed twice; merge "
                                 "its names")
        seen.add(s.key)
