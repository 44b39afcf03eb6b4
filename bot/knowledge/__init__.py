"""Fandom knowledge: canonical fandoms, characters, nicknames and ship names, and their use.

Stories name things every which way ("BtVS", "Buffy: The Vampire Slayer", "Spike (Buffy the
Vampire Slayer)", "Buffy S.", "B/S", "#spuffy"); the catalog and search need one spelling. The
facts live in hand-written TOML files, one per fandom (`data/fandoms/<slug>.toml`):

    name = "Buffy the Vampire Slayer"          # canonical fandom name
    aliases = ["BtVS", "Buffy", ...]           # other spellings of the fandom
    related = ["Angel: the Series"]            # shares cast: names resolve across both
    owners = ["Joss Whedon", "Mutant Enemy"]   # names seen in disclaimers

    [[characters]]                             # or characters = [{ name = ..., ... }, ...]
    name = "Willow Rosenberg"                  # canonical (AO3 style), unique across fandoms
    aliases = ["Willow", "Willow R."]          # safe in running text (default [])
    nicknames = ["Red", "Will"]                # informal, may be ordinary words (default [])
    gender = "f"                               # f / m / n (n: no gendered pronoun cue)
    guest = true                               # optional: defined in a related fandom's file
    beings = ["witch"]                         # optional: what the character is, as fans ask
                                               # for it ("no vampires", "werewolf fic")

    [[ships]]                                  # or ships = [{ members = ..., ... }, ...]
    members = ["Buffy Summers", "Spike"]       # canonical names, any order
    kind = "romantic"                          # or "platonic"
    names = ["Spuffy"]

Everything is indexed once at load time in dicts keyed by normalised strings, so each lookup is
a few dict probes (normalising a story costs well under a millisecond). Names resolve by exact
keys only, never by similarity: typo tolerance belongs to the search stage. Short or informal
names (aliases, nicknames, "First L." forms) resolve within the story's fandoms and their
related fandoms; outside them (or with no fandom stated or borne out) only a canonical name or
a multi-word alias that fits exactly one character counts ("Haley" stays any story's Haley).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import replace
from itertools import permutations
from pathlib import Path
from typing import TypeVar

from bot.knowledge import names as kn
from bot.knowledge.files import (
    CharacterInfo,
    FandomInfo,
    KnowledgeError,
    LoadedKnowledge,
    ShipInfo,
    load_folder,
)
from bot.knowledge.learn import LearnedFacts, Learner, ship_tag_shape, short_forms
from bot.parsers.common import parse_relationship
from bot.parsers.text_fields import GENRE_WORDS
from bot.resources import FANDOMS_DIR
from bot.story import Character, Relationship, Story
from bot.vocabulary import RelationshipKey

__all__ = ["CharacterInfo", "FandomInfo", "Knowledge", "KnowledgeError", "LearnedFacts",
           "ShipInfo"]

DEFAULT_FOLDER = FANDOMS_DIR
_MEMO_LIMIT = 100_000
_DISCLAIMER = re.compile(r"\b(own|owns|owned|belong|belongs|property|disclaim\w*|copyright"
                         r"|rights|trademark\w*)\b|©", re.IGNORECASE)
_NO_CONTEXT: frozenset[str] = frozenset()

_shared: dict[Path, Knowledge] = {}  # folder -> its knowledge, loaded once per process

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

# A memo key's fandom context: the canonical fandoms a lookup resolves within (`_context`).
_Ctx = frozenset[str]


class _Memo:
    """The lookups' memos, one typed cache per purpose.

    They share one budget: when `_MEMO_LIMIT` entries are held in all, every cache is emptied
    before the next entry goes in (and `clear` empties them when learned facts change answers).
    """

    def __init__(self) -> None:
        self.context: dict[tuple[str, ...], _Ctx] = {}
        self.known_fandom: dict[str, str | None] = {}
        self.split_fandoms: dict[str, tuple[str, ...]] = {}
        self.cast: dict[tuple[str, ...], tuple[CharacterInfo, ...]] = {}
        self.name_words: dict[tuple[()], frozenset[str]] = {}
        self.character: dict[tuple[str, _Ctx], str] = {}
        self.guess: dict[tuple[str, ...], tuple[str, ...]] = {}
        # raw name -> (cleaned, unambiguous canonical name, fandom of a learned name)
        self.guess_name: dict[str, tuple[str, str | None, str | None]] = {}
        self.ship: dict[tuple[str, _Ctx], ShipInfo | None] = {}
        self.members: dict[tuple[tuple[str, ...], str, _Ctx], tuple[str, ...]] = {}
        self.learnable: dict[str, str | None] = {}
        self._entries = 0

    def remember(self, cache: dict[_K, _V], key: _K, value: _V) -> _V:
        """Store `value` under `key` in one of this memo's caches; returns `value`."""
        if self._entries >= _MEMO_LIMIT:
            self.clear()
        if key not in cache:
            self._entries += 1
        cache[key] = value
        return value

    def clear(self) -> None:
        for cache in (self.context, self.known_fandom, self.split_fandoms, self.cast,
                      self.name_words, self.character, self.guess, self.guess_name, self.ship,
                      self.members, self.learnable):
            cache.clear()
        self._entries = 0


class Knowledge:
    """The loaded fandom files plus what `learn` adds; all lookups are case-insensitive."""

    def __init__(self, loaded: LoadedKnowledge, folder: Path) -> None:
        self.folder = folder
        self.fandoms: dict[str, FandomInfo] = loaded.fandoms
        self._characters = loaded.characters
        self._listed_in = loaded.listed_in
        self._context_of = loaded.context
        self._cast_size = {name: len(f.characters) for name, f in self.fandoms.items()}
        self._index_fandoms()
        self._index_characters()
        self._index_figures()
        self._index_owners()
        self._base_ships = [s for f in self.fandoms.values() for s in f.ships]
        self._index_ships(self._base_ships)
        self._base_ship_names = frozenset(self._ship_by_name)
        self._learner = Learner()
        self._learned_cast: dict[str, tuple[CharacterInfo, ...]] = {}
        self._learned_names: dict[str, str] = {}
        self._memo = _Memo()

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path) -> Knowledge:
        """Load and validate every fandom file in `folder`; raises KnowledgeError naming a file."""
        folder = Path(folder)
        return cls(load_folder(folder), folder)

    @classmethod
    def default(cls) -> Knowledge:
        """The bundled `data/fandoms`, loaded once per process and shared.

        `learn` changes the shared instance; use `copy()` for private learning.
        """
        return cls.shared(DEFAULT_FOLDER)

    @classmethod
    def shared(cls, folder: Path) -> Knowledge:
        """The knowledge in `folder`, loaded once per process and shared by its callers."""
        key = Path(folder).resolve()
        if key not in _shared:
            _shared[key] = cls.load(key)
        return _shared[key]

    def copy(self) -> Knowledge:
        """An independent instance over the same files (learned facts are not carried over)."""
        clone = object.__new__(Knowledge)
        clone.__dict__.update(self.__dict__)
        clone._learner = Learner()
        clone._learned_cast = {}
        clone._learned_names = {}
        clone._memo = _Memo()
        clone._index_ships(self._base_ships)
        return clone

    def _index_fandoms(self) -> None:
        self._fandom_exact: dict[str, str] = {}
        self._fandom_loose: dict[str, str] = {}
        for info in self.fandoms.values():
            for text in (info.name, *info.aliases):
                for index, key in ((self._fandom_exact, kn.squash(text).casefold()),
                                   (self._fandom_loose, kn.fandom_key(text))):
                    other = index.setdefault(key, info.name)
                    if other != info.name:
                        raise KnowledgeError(
                            f"{kn.slug(info.name)}.toml: fandom alias {text!r} also names "
                            f"{other!r} ({kn.slug(other)}.toml); aliases must be unique")

    def _index_characters(self) -> None:
        self._canonical: dict[str, str] = {}
        alias: defaultdict[str, list[str]] = defaultdict(list)
        nick: defaultdict[str, list[str]] = defaultdict(list)
        ffnet: defaultdict[str, list[str]] = defaultdict(list)
        self._initials: dict[str, set[str]] = {}
        for info in self._characters.values():
            self._canonical[kn.name_key(info.name)] = info.name
            spellings = list(info.aliases)
            base, _ = kn.split_bracket(info.name)
            if base != info.name:
                spellings.append(base)
            if "|" in info.name:
                spellings += [p.strip() for p in info.name.split("|") if p.strip()]
            for text in spellings:
                alias[kn.name_key(text)].append(info.name)
            for text in info.nicknames:
                nick[kn.name_key(text)].append(info.name)
            for text in (info.name, *spellings):
                for form in kn.ffnet_forms(text):
                    ffnet[form].append(info.name)
            self._initials[info.name] = kn.initials_of(info.name, info.aliases)
        self._alias = {k: tuple(dict.fromkeys(v)) for k, v in alias.items()}
        self._nick = {k: tuple(dict.fromkeys(v)) for k, v in nick.items()}
        self._ffnet = {k: tuple(dict.fromkeys(v)) for k, v in ffnet.items()}

    def _index_figures(self) -> None:
        """How much a character's name tells its fandom, for the names that tell less
        (`figures`). A one-word name unrelated fandoms' casts share ("Hades" of the Hades game
        and of Percy Jackson, "Achilles", "Gabriel", "Merlin") is a figure of myth,
        scripture or legend that many fandoms retell: alone it tells nothing (0), two of them
        name the one cast holding both. A fandom holding two or more such figures retells a
        source, so its other one-word names that needed a disambiguator ("Persephone
        (Hades)", "Lancelot (Merlin)") are that source's figures too, which the other
        retellings' files may merely lack: each tells half (0.5). Two of them still name the
        fandom ("Zagreus" and "Thanatos"); one beside a shared figure does not ("Hades" and
        "Persephone")."""
        homes: defaultdict[str, set[str]] = defaultdict(set)
        for info in self._characters.values():
            base = kn.split_bracket(info.name)[0]
            if base and " " not in base:
                homes[base.casefold()].add(info.fandom)
        shared = {word for word, fandoms in homes.items()
                  if any(b not in self._context_of.get(a, {a})
                         for a in fandoms for b in fandoms)}
        retelling: defaultdict[str, int] = defaultdict(int)
        for word in shared:
            for fandom in homes[word]:
                retelling[fandom] += 1
        figures: dict[str, float] = {}
        genders: defaultdict[str, set[str]] = defaultdict(set)
        for info in self._characters.values():
            base, bracket = kn.split_bracket(info.name)
            if not base or " " in base:
                continue
            if base.casefold() in shared:
                figures[info.name] = 0.0
            elif bracket and retelling[info.fandom] >= 2:
                figures[info.name] = 0.5
            else:
                continue
            genders[base].add(info.gender)
        self._figures = figures
        self._figure_genders = {name: found.pop() for name, found in genders.items()
                                if len(found) == 1 and found <= {"f", "m"}}

    def figures(self) -> dict[str, float]:
        """Characters named for figures of a source many fandoms retell (myth, scripture,
        legend) -> how much the name tells of its fandom alone, 0 or 0.5 (`_index_figures`);
        every other character tells 1. A fandom's guess needs its signs to tell 1 together
        (`carries`)."""
        return self._figures

    def figure_genders(self) -> dict[str, str]:
        """A figure's name as written ("Hades") -> the gender every retelling the files hold
        gives it: a story naming "Hades" with no fandom still has him a man."""
        return self._figure_genders

    def carries(self, characters: Iterable[str]) -> bool:
        """Whether these characters' names together name their fandom (`figures`)."""
        return _carries(characters, self._figures)

    def _index_owners(self) -> None:
        owners: defaultdict[str, set[str]] = defaultdict(set)
        as_written: defaultdict[str, set[str]] = defaultdict(set)  # one-word owners
        mentions: dict[str, str] = {}
        for info in self.fandoms.values():
            for owner in info.owners:
                key = kn.owner_key(owner)
                if " " in key or not key:
                    owners[key].add(info.name)
                else:  # "ONE", "Bones", "Fox": everyday words but as written
                    as_written[owner.strip()].add(info.name)
            for text in (info.name, *info.aliases):
                key = kn.owner_key(text)
                if len(key) >= 4:
                    mentions.setdefault(key, info.name)
        self._owner_fandoms = {k: frozenset(v) for k, v in owners.items() if k}
        self._owner_re = _alternation(self._owner_fandoms)
        self._owner_word_fandoms = {k: frozenset(v) for k, v in as_written.items() if k}
        self._owner_word_re = _alternation(self._owner_word_fandoms)
        self._mention_fandom = mentions
        self._mention_re = _alternation(mentions)

    def _index_ships(self, ships: list[ShipInfo]) -> None:
        self._ships = list(ships)
        by_name: defaultdict[str, list[ShipInfo]] = defaultdict(list)
        by_members: defaultdict[frozenset, list[ShipInfo]] = defaultdict(list)
        by_fandom: defaultdict[str, list[ShipInfo]] = defaultdict(list)
        for ship in self._ships:
            for name in ship.names:
                by_name[kn.compact_key(name)].append(ship)
            by_members[_member_set(ship.members)].append(ship)
            by_fandom[ship.fandom].append(ship)
        self._ship_by_name = dict(by_name)
        self._ship_by_members = dict(by_members)
        self._ship_by_fandom = dict(by_fandom)
        # name key -> the other members of the romantic ships of two holding it (`partners_of`)
        partners: defaultdict[str, set[str]] = defaultdict(set)
        for ship in self._ships:
            if ship.kind == "romantic" and len(ship.members) == 2:
                keys = [kn.name_key(m) for m in ship.members]
                for at, key in enumerate(keys):
                    if keys[1 - at] != key:
                        partners[key].add(ship.members[1 - at])
        self._partners = {key: sorted(names) for key, names in partners.items()}

    def _context(self, fandoms: Sequence[str]) -> frozenset[str]:
        """The canonical fandoms named plus their related fandoms (unknown ones as cleaned)."""
        if not fandoms:
            return _NO_CONTEXT
        key = tuple(fandoms)
        hit = self._memo.context.get(key)
        if hit is None:
            out: set[str] = set()
            for raw in fandoms:
                name = self.canonical_fandom(raw)
                if name:
                    out |= self._context_of.get(name, {name})
            hit = self._memo.remember(self._memo.context, key, frozenset(out))
        return hit

    # --- fandoms -------------------------------------------------------------------------------

    def _known_fandom(self, raw: str) -> str | None:
        if raw in self._memo.known_fandom:
            return self._memo.known_fandom[raw]
        text = kn.strip_crossover_words(kn.clean_label(raw))
        found = None
        for candidate in (text, *kn.fandom_variants(text)):
            found = (self._fandom_exact.get(kn.squash(candidate).casefold())
                     or self._fandom_loose.get(kn.fandom_key(candidate)))
            if found:
                break
        return self._memo.remember(self._memo.known_fandom, raw, found)

    def canonical_fandom(self, raw: str) -> str | None:
        """"BtVS" -> "Buffy the Vampire Slayer"; unknown "Foo (TV)" -> "Foo"; junk -> None."""
        if not raw or not raw.strip():
            return None
        return self._known_fandom(raw) or kn.clean_fandom(raw)

    def split_fandoms(self, raw: str) -> list[str]:
        """One stated fandom value -> canonical fandoms, splitting crossovers.

        "Buffy the Vampire Slayer/Angel", "BtVS/AtS", "BtVS x SPN" give two; a name that is
        itself known ("Star Trek: The Original Series", "Pride and Prejudice") stays whole, and
        so does an unknown name whose parts are all unknown too ("Fate/stay night").
        """
        if not raw or not raw.strip():
            return []
        hit = self._memo.split_fandoms.get(raw)
        if hit is None:
            hit = self._memo.remember(self._memo.split_fandoms, raw,
                                      tuple(self._split_fandoms(raw)))
        return list(hit)

    def _split_fandoms(self, raw: str) -> list[str]:
        whole = self._known_fandom(raw)
        if whole:
            return [whole]
        out: dict[str, None] = {}
        for part in re.split(r"\s*[,;\n]\s*", raw):
            part = kn.strip_crossover_words(part)
            if not part:
                continue
            known = self._known_fandom(part)
            if known:
                out.setdefault(known, None)
                continue
            pieces = [p for p in kn.FANDOM_SEPARATORS.split(part) if p.strip()]
            if len(pieces) > 1 and any(self._known_fandom(p) for p in pieces):
                for piece in pieces:
                    name = self.canonical_fandom(piece)
                    if name:
                        out.setdefault(name, None)
                continue
            name = self.canonical_fandom(part)
            if name:
                out.setdefault(name, None)
        return list(out)

    def fandom_from_owner(self, text: str) -> str | None:
        """The fandom a disclaimer credits: "belongs to Joss Whedon" -> Buffy the Vampire Slayer.

        Several fandoms can share an owner (Whedon: Buffy, Angel, Firefly); the most owners
        named wins, then a fandom named in the text, then the larger cast. A one-word owner
        counts only as written ("ONE", "Bones"): folded, it is any disclaimer's "one".
        """
        if not text:
            return None
        folded = kn.owner_key(text)
        found: defaultdict[str, set[str]] = defaultdict(set)
        for regex, owners, where in ((self._owner_re, self._owner_fandoms, folded),
                                     (self._owner_word_re, self._owner_word_fandoms, text)):
            for m in regex.finditer(where) if regex is not None else ():
                for fandom in owners[m.group(0)]:
                    found[fandom].add(m.group(0).casefold())
        if not found:
            return None
        mentions = self._mention_re.finditer(folded) if self._mention_re is not None else ()
        named = {self._mention_fandom[m.group(0)] for m in mentions}
        return max(sorted(found), key=lambda f: (len(found[f]), f in named,
                                                 self._cast_size.get(f, 0)))

    # --- characters ----------------------------------------------------------------------------

    def character(self, name: str) -> CharacterInfo | None:
        """The record of a canonical character name (case-insensitive)."""
        canonical = self._canonical.get(kn.name_key(name)) if name else None
        return self._characters[canonical] if canonical else None

    def listing(self, name: str) -> frozenset[str]:
        """The fandoms whose files list a canonical character (its home and the related
        fandoms that list it as a guest: Clark Kent in DCU and Smallville)."""
        return self._listed_in.get(name, frozenset())

    def characters_in(self, fandoms: Sequence[str]) -> list[CharacterInfo]:
        """Characters of these fandoms and their related fandoms (learned ones for unknown)."""
        key = tuple(fandoms)
        hit = self._memo.cast.get(key)
        if hit is None:
            out: dict[str, CharacterInfo] = {}
            for raw in fandoms:
                name = self.canonical_fandom(raw)
                for fandom in sorted(self._context_of.get(name, {name}) if name else ()):
                    info = self.fandoms.get(fandom)
                    cast = info.characters if info else self._learned_cast.get(fandom, ())
                    for c in cast:
                        out.setdefault(c.name, c)
            hit = self._memo.remember(self._memo.cast, key, tuple(out.values()))
        return list(hit)

    def name_words(self) -> frozenset[str]:
        """Every word of every character's name, aliases and nicknames, learned casts included,
        as written: text can be narrowed to these words before `guess_fandoms` reads it.
        The same set comes back until the knowledge learns something."""
        hit = self._memo.name_words.get(())
        if hit is None:
            words: set[str] = set()
            casts = [self._characters.values(), *self._learned_cast.values()]
            for cast in casts:
                for c in cast:
                    for text in (c.name, *c.aliases, *c.nicknames):
                        words.update(w.strip(".,") for w in kn.split_bracket(text)[0].split())
            words.discard("")
            hit = self._memo.remember(self._memo.name_words, (), frozenset(words))
        return hit

    def canonical_character(self, raw: str, fandoms: Sequence[str] = ()) -> str:
        """A stated character name -> canonical name; unknown names come back cleaned.

        Handles "(Fandom)" disambiguators, "Ben Solo | Kylo Ren", fanfiction.net's "Buffy S.",
        quoted nicknames ('Winifred "Fred" Burkle'), aliases and nicknames in fandom context.
        """
        if not raw:
            return ""
        ctx = self._context(fandoms)
        key = (raw, ctx)
        hit = self._memo.character.get(key)
        if hit is None:
            found, cleaned = self._resolve_character(raw, ctx)
            hit = self._memo.remember(self._memo.character, key, found or cleaned)
        return hit

    def _resolve_character(self, raw: str, ctx: frozenset[str]) -> tuple[str | None, str]:
        """(canonical name or None, cleaned spelling)."""
        text = kn.clean_label(raw)
        if not text:
            return None, raw.strip()
        found = self._lookup(text, ctx)
        if found:
            return found, text
        base, bracket = kn.split_bracket(text)
        if bracket:
            bracket_fandom = self._known_fandom(bracket)
            if bracket_fandom:
                found = (self._lookup(base, self._context_of[bracket_fandom])
                         or self._lookup(base, ctx))
                return found, base
            return self._lookup(base, ctx), text
        if "|" in text:
            for part in (p.strip() for p in text.split("|")):
                found = self._lookup(part, ctx) if part else None
                if found:
                    return found, text
            return None, text
        quoted = kn.quoted_nickname(text)
        if quoted:
            for part in quoted:
                found = self._lookup(part, ctx)
                if found:
                    return found, text
        return None, text

    def _lookup(self, text: str, ctx: frozenset[str]) -> str | None:
        """Exact-key resolution: canonical, alias, "First L.", nickname; context first."""
        key = kn.name_key(text)
        canonical = self._canonical.get(key)
        if ctx:
            if canonical and self._listed_in[canonical] & ctx:
                return canonical
            for index in (self._alias, self._ffnet, self._nick):
                in_context = [c for c in index.get(key, ()) if self._listed_in[c] & ctx]
                if in_context:
                    return in_context[0] if len(in_context) == 1 else None
        if canonical:
            return canonical
        # Outside the story's fandoms (or with none known) only a multi-word alias is specific
        # enough: a one-word one ("Haley") is any story's person, not that fandom's.
        if " " in key:
            found = set(self._alias.get(key, ())) | set(self._ffnet.get(key, ()))
            return found.pop() if len(found) == 1 else None
        return None

    def guess_fandoms(self, names: Sequence[str]) -> list[str]:
        """Fandoms of the characters named, for stories that state none.

        Only full names and aliases that fit exactly one character count (no nicknames). A
        fandom needs two different characters, or one named in full ("Dean Winchester"), one
        of them no figure of myth or legend (`figures`); crossovers come out as several
        fandoms, the best covered first.
        """
        memo_key = tuple(names)
        hit = self._memo.guess.get(memo_key)
        if hit is None:
            hit = self._memo.remember(self._memo.guess, memo_key,
                                      tuple(self._guess_fandoms(names)))
        return list(hit)

    def _guess_fandoms(self, names: Sequence[str]) -> list[str]:
        votes: defaultdict[str, set[str]] = defaultdict(set)
        home: defaultdict[str, set[str]] = defaultdict(set)
        full: set[str] = set()
        tagged: set[str] = set()  # written with their fandom: "Hades (Hades)" is the game's
        for raw in names:
            found = self._memo.guess_name.get(raw)
            if found is None:
                text = kn.clean_label(raw or "")
                found = self._memo.remember(
                    self._memo.guess_name, raw,
                    (text, self._unambiguous(text), self._learned_names.get(kn.name_key(text))))
            text, canonical, learned = found
            if canonical:
                for fandom in self._listed_in[canonical]:
                    votes[fandom].add(canonical)
                home[self._characters[canonical].fandom].add(canonical)
                words = text.split()
                # "Alec H." (fanfiction.net's header) is a given name: any Alec's
                if len(words) > 1 and not kn.is_initial(words[-1]):
                    full.add(canonical)
                if kn.split_bracket(text)[1] is not None:
                    tagged.add(canonical)
            elif learned is not None:
                votes[learned].add(text)
                home[learned].add(text)
        remaining = set().union(*votes.values()) if votes else set()
        figures = {name: told for name, told in self._figures.items() if name not in tagged} \
            if tagged else self._figures
        chosen: list[str] = []
        while remaining:
            def score(fandom: str, left: set[str] = remaining) -> tuple:
                return (len(votes[fandom] & left) + 0.5 * len(home[fandom] & left),
                        self._cast_size.get(fandom, 0))
            # a fandom named only through figures of myth or legend ("Hades", "Persephone")
            # is any retelling's
            candidates = sorted(f for f in votes if f not in chosen
                                and _carries(votes[f] & remaining, figures))
            if not candidates:
                break
            best = max(candidates, key=score)
            covered = votes[best] & remaining
            if len(covered) < 2 and not (covered & full and not chosen):
                break
            chosen.append(best)
            remaining -= votes[best]
        return chosen

    def _unambiguous(self, text: str) -> str | None:
        key = kn.name_key(text)
        canonical = self._canonical.get(key)
        if canonical:
            return canonical
        found = set(self._alias.get(key, ())) | set(self._ffnet.get(key, ()))
        return found.pop() if len(found) == 1 else None

    # --- ships and relationships ---------------------------------------------------------------

    def resolve_ship(self, name: str, fandoms: Sequence[str] = ()) -> ShipInfo | None:
        """A ship name or tag -> its ship: "spuffy", "#Spuffy", "Ineffable Husbands".

        With fandoms given, only ships of those fandoms (and related ones) count. A pairing
        written out ("Spike/Buffy") finds the ship of those members.
        """
        if not name or not name.strip():
            return None
        ctx = self._context(fandoms)
        key = (name, ctx)
        if key in self._memo.ship:
            return self._memo.ship[key]
        ships = self._ship_by_name.get(kn.compact_key(name.strip().lstrip("#")), [])
        if ctx:
            ships = [s for s in ships if s.fandom in ctx]
        if not ships:
            rel = parse_relationship(name.strip().lstrip("#"))
            if rel is not None:
                rel = self.canonical_relationship(rel, list(fandoms))
                ships = [s for s in self.ships_of(rel.members, fandoms) if s.kind == rel.kind
                         and (not ctx or s.fandom in ctx)]
        distinct = {(s.key, s.kind) for s in ships}
        return self._memo.remember(self._memo.ship, key,
                                   ships[0] if len(distinct) == 1 else None)

    def ships_of(self, members: Sequence[str], fandoms: Sequence[str] = ()) -> list[ShipInfo]:
        """Known ships (romantic and platonic) of exactly these characters, their names
        resolved within `fandoms` (the story's): a one-word "Tara" is Buffy's only there."""
        names = [self.canonical_character(m, fandoms) for m in members]
        return list(self._ship_by_members.get(_member_set(names), []))

    def partners_of(self, name: str, fandoms: Sequence[str] = ()) -> list[str]:
        """The character's canonical romantic partners (the other member of each romantic
        ship of two holding them): whom "her husband", told only by a description, is. The
        name resolves within `fandoms`, as in `ships_of`."""
        return list(self._partners.get(kn.name_key(self.canonical_character(name, fandoms)),
                                       ()))

    def canonical_relationship(self, rel: Relationship, fandoms: Sequence[str]) -> Relationship:
        """Members canonical ("B/S" -> Buffy Summers/Spike in Buffy context); the rest kept."""
        ctx = self._context(fandoms)
        key = (rel.members, rel.kind, ctx)
        members = self._memo.members.get(key)
        if members is None:
            members = self._memo.remember(self._memo.members, key,
                                          self._relationship_members(rel.members, rel.kind, ctx))
        return Relationship(members, kind=rel.kind, stated=rel.stated, modifier=rel.modifier,
                            confidence=rel.confidence, evidence=rel.evidence)

    def _relationship_members(self, members: tuple[str, ...], kind: str,
                              ctx: frozenset[str]) -> tuple[str, ...]:
        resolved = [self._resolve_character(m, ctx) for m in members]
        names = [found or cleaned for found, cleaned in resolved]
        if ctx and any(found is None and kn.is_initial(cleaned) for found, cleaned in resolved):
            names = self._from_initials(resolved, kind, ctx) or names
        if len(set(names)) < len(names):  # two spellings became one character: keep as stated
            names = [cleaned for _, cleaned in resolved]
        return tuple(names)

    def _from_initials(self, resolved: list[tuple[str | None, str]], kind: str,
                       ctx: frozenset[str]) -> list[str] | None:
        """Members written as initials: the one known ship that fits, else unique initials."""
        size = len(resolved)
        fits: dict[tuple[str, ...], ShipInfo] = {}
        if size <= 4:
            for fandom in sorted(ctx):
                for ship in self._ship_by_fandom.get(fandom, ()):
                    if ship.kind != kind or len(ship.members) != size:
                        continue
                    for order in permutations(ship.members):
                        if all(m == found if found else
                               (kn.is_initial(cleaned)
                                and cleaned[0].casefold() in self._initials[m])
                               for m, (found, cleaned) in zip(order, resolved)):
                            fits[order] = ship
                            break
        if len(fits) > 1:  # "S/J": prefer the ship fans call by these very initials
            letters = [cleaned[0] if found is None else "" for found, cleaned in resolved]
            spelled = {kn.compact_key("".join(p)) for p in permutations(letters)}
            fits = {order: ship for order, ship in fits.items()
                    if spelled & {kn.compact_key(n) for n in ship.names}}
        if len(fits) == 1:
            return list(next(iter(fits)))
        if fits:
            return None
        cast = [c.name for c in self.characters_in(sorted(ctx)) if c.name in self._initials]
        out = []
        for found, cleaned in resolved:
            if found or not kn.is_initial(cleaned):
                out.append(found or cleaned)
                continue
            matches = [n for n in cast if cleaned[0].casefold() in self._initials[n]]
            out.append(matches[0] if len(matches) == 1 else cleaned)
        return out

    # --- stories -------------------------------------------------------------------------------

    def normalize_story(self, story: Story) -> Story:
        """Canonical fandoms, characters and relationships, in place; returns the story.

        Fandoms: stated ones split and canonical; when none is stated, from the disclaimer's
        owners and fandom tags ("btvs"), then ship tags, then the characters named.
        Ship-name tags ("spuffy") become stated relationships; members of stated relationships
        become stated characters. A tag that is a full name or an alias of the fandoms' cast
        ("#granny weatherwax") adds that character, unstated.
        """
        fandoms: dict[str, None] = {}
        for raw in story.fandoms:
            for name in self.split_fandoms(raw):
                fandoms.setdefault(name, None)
        story.fandoms = list(fandoms) or self._guess_story_fandoms(story)
        story.fandoms_inferred = bool(story.fandoms) and not fandoms
        ctx_fandoms = story.fandoms

        characters: dict[str, Character] = {}
        for c in story.characters:
            name = self.canonical_character(c.name, ctx_fandoms)
            if not name:
                continue
            seen = characters.get(name)
            if seen is None:
                characters[name] = Character(name, c.stated, c.mentions, c.prominence)
            else:
                seen.stated = seen.stated or c.stated
                seen.mentions += c.mentions
                seen.prominence = max(seen.prominence, c.prominence)

        # a tag naming one of the fandom's cast adds them, unstated: tags are no cast list
        for tag in story.tags if ctx_fandoms else ():
            tagged = self._tagged_character(tag, ctx_fandoms)
            if tagged is not None and tagged not in characters:
                characters[tagged] = Character(tagged, stated=False)

        relationships: dict[RelationshipKey, Relationship] = {}
        for rel in story.relationships:
            self._add_relationship(relationships, self.canonical_relationship(rel, ctx_fandoms))
        for tag in story.tags:
            ship = self._ship_tag(tag, ctx_fandoms)
            if ship is not None:
                self._add_relationship(relationships,
                                       Relationship(ship.members, kind=ship.kind, stated=True))
        story.relationships = list(relationships.values())

        for rel in story.relationships:
            if not rel.stated:
                continue
            for member in rel.members:
                if member in characters:
                    characters[member].stated = True
                else:
                    characters[member] = Character(member, stated=True)
        story.characters = list(characters.values())
        return story

    @staticmethod
    def _add_relationship(into: dict[RelationshipKey, Relationship], rel: Relationship) -> None:
        if len(rel.members) < 2:
            return
        seen = into.get(rel.key)
        if seen is None:
            into[rel.key] = rel
            return
        seen.stated = seen.stated or rel.stated
        seen.confidence = max(seen.confidence, rel.confidence)
        if seen.modifier is not None and rel.modifier is None and rel.stated:
            seen.modifier = None  # also stated as a main pairing: the main pairing wins

    def _tagged_character(self, tag: str, fandoms: Sequence[str]) -> str | None:
        """The character of the story's fandoms a tag names by full name or alias ("#granny
        weatherwax", "#jiang cheng"): tags after a fic list who is in it, as a header's
        characters line does (not a nickname: "#teacher" is any story's word)."""
        text = tag.strip().lstrip("#").strip() if tag else ""
        if not text or len(text) > 60:
            return None
        ctx = self._context(fandoms)
        key = kn.name_key(text)
        canonical = self._canonical.get(key)
        if canonical and self._listed_in[canonical] & ctx:
            return canonical
        found = [c for c in self._alias.get(key, ()) if self._listed_in[c] & ctx]
        return found[0] if len(found) == 1 else None

    def _ship_tag(self, tag: str, fandoms: Sequence[str]) -> ShipInfo | None:
        """A tag that is a ship name (not also a character's name in this story's fandoms)."""
        text = tag.strip().lstrip("#").strip() if tag else ""
        if not text or len(text) > 60:
            return None
        ctx = self._context(fandoms)
        if ctx and self._lookup(text, ctx) is not None:
            return None
        return self.resolve_ship(text, fandoms)

    def _guess_story_fandoms(self, story: Story) -> list[str]:
        found: dict[str, None] = {}
        disclaimer = " ".join(line for line in (story.notes or "").splitlines()
                              if _DISCLAIMER.search(line))
        owner = self.fandom_from_owner(disclaimer) if disclaimer else None
        if owner:
            found[owner] = None
        # fanfiction.net's tags are its genres: its "Supernatural" is a genre, not the show
        site_genres = story.format == "ffnet-text"
        for tag in story.tags:
            text = tag.strip().lstrip("#").strip()
            if site_genres and text.casefold() in GENRE_WORDS:
                continue
            if len(text) >= 3 and self._unambiguous(text) is None and not self._nick.get(
                    kn.name_key(text)):
                fandom = self._known_fandom(text)
                if fandom:
                    found.setdefault(fandom, None)
        if found:
            return list(found)
        for tag in story.tags:
            ship = self._ship_tag(tag, ())
            if ship is not None:
                found.setdefault(ship.fandom, None)
        if found:
            return list(found)
        names = [c.name for c in story.characters]
        names += [m for rel in story.relationships for m in rel.members]
        return self.guess_fandoms(names)

    # --- learning ------------------------------------------------------------------------------

    def learn(self, stories: Iterable[Story]) -> None:
        """Learn ship-name tags and unknown fandoms' casts from catalog stories.

        A single-word tag that is no known name, fandom, mood or genre and that travels with
        one and the same stated main pairing in at least two stories becomes a name of that
        pairing. Counts accumulate over calls, so the outcome does not depend on batching or
        order.
        """
        for story in stories:
            fandoms = [f for raw in story.fandoms for f in self.split_fandoms(raw)]
            main: dict[RelationshipKey, Relationship] = {}
            for rel in story.relationships:
                if rel.stated and rel.modifier is None:
                    rel = self.canonical_relationship(rel, fandoms)
                    if len(rel.members) >= 2:
                        main[rel.key] = rel
            names = [self.canonical_character(c.name, fandoms)
                     for c in story.characters if c.stated]
            self.observe(fandoms, list(main.values()), story.tags, names)
        self.adopt(self.learned())

    def observe(self, fandoms: Sequence[str], main: Sequence[Relationship],
                tags: Iterable[str], characters: Iterable[str]) -> None:
        """Count one story's facts toward learning (`learned` gives the result).

        Everything is already canonical: the fandoms, the story's stated main pairings (no
        modifier, two members or more) and its stated characters. This is the one place the
        learning rules live; `learn` feeds Story objects, the catalog feeds its rows.
        """
        fandoms = list(fandoms)
        if len(main) == 1:
            rel = main[0]
            shaped = []
            for tag in tags:
                if tag in self._memo.learnable:
                    text = self._memo.learnable[tag]
                else:
                    text = ship_tag_shape(tag)
                    text = self._memo.remember(self._memo.learnable, tag,
                                               text if text and self._learnable_tag(text)
                                               else None)
                if text:
                    shaped.append(text)
            if shaped:
                self._learner.observe_tags(shaped, (rel.members, rel.kind,
                                                    self._pairing_fandom(rel, fandoms)))
        unknown = [f for f in fandoms if f not in self.fandoms]
        if unknown:
            names = [n for n in characters if n]
            names += [m for r in main for m in r.members]
            for fandom in unknown:
                self._learner.observe_cast(fandom, names)

    def learned(self) -> LearnedFacts:
        """What the stories observed so far teach (deterministic: counts, not order)."""
        return self._learner.facts()

    def adopt(self, facts: LearnedFacts) -> None:
        """Use learned facts (from `learned`, or stored by the catalog) on top of the files.

        Replaces what was adopted before. Ship tags become ship names; an unknown fandom's
        characters become its cast, each also known by its `short_forms` ("Ilsa" for "Captain
        Ilsa Varne") when no other character of that cast shares the form.
        """
        ships = list(self._base_ships)
        for learned in facts.ships:
            members_key = _member_set(learned.members)
            for i, ship in enumerate(ships):
                if _member_set(ship.members) == members_key and ship.kind == learned.kind:
                    if learned.name not in ship.names:
                        ships[i] = replace(ship, names=(*ship.names, learned.name))
                    break
            else:
                ships.append(ShipInfo(learned.members, learned.kind, (learned.name,),
                                      learned.fandom))
        self._index_ships(ships)
        self._learned_cast = {fandom: _learned_characters(fandom, names)
                              for fandom, names in facts.casts().items()}
        names: dict[str, str | None] = {}
        for fandom, cast in self._learned_cast.items():
            for c in cast:
                key = kn.name_key(c.name)
                if key in self._canonical or key in self._alias or " " not in key:
                    continue
                names[key] = fandom if names.get(key, fandom) == fandom else None
        self._learned_names = {k: v for k, v in names.items() if v is not None}
        self._memo.clear()

    def ship_tag(self, tag: str, fandoms: Sequence[str]) -> ShipInfo | None:
        """The ship a story's tag states, as `normalize_story` reads it (learned names too)."""
        return self._ship_tag(tag, fandoms)

    def _learnable_tag(self, tag: str) -> bool:
        key = kn.name_key(tag)
        if key in self._canonical or key in self._alias or key in self._nick:
            return False
        if self._known_fandom(tag):
            return False
        return kn.compact_key(tag) not in self._base_ship_names

    def _pairing_fandom(self, rel: Relationship, fandoms: list[str]) -> str:
        for member in rel.members:
            info = self._characters.get(member)
            if info is not None:
                return info.fandom
        return fandoms[0] if fandoms else ""


def _learned_characters(fandom: str, names: list[str]) -> tuple[CharacterInfo, ...]:
    """Learned names as characters, with the short forms no other of them shares."""
    forms = {name: short_forms(name) for name in names}
    seen: defaultdict[str, int] = defaultdict(int)
    for name, own in forms.items():
        for form in {kn.name_key(f) for f in (name, *own)}:
            seen[form] += 1
    return tuple(CharacterInfo(name, fandom,
                               tuple(f for f in forms[name] if seen[kn.name_key(f)] == 1),
                               (), "n")
                 for name in names)


def _carries(characters: Iterable[str], figures: dict[str, float]) -> bool:
    """Whether these signs name a fandom (`Knowledge.figures`): any sign but a figure tells 1,
    a figure only one retelling lists 0.5; figures several casts share tell 0.5 each, but only
    two or more together (the cast holding them all: "Chiron" and "Patroclus"), none alone
    ("Hades")."""
    told = shared = 0.0
    for name in characters:
        weight = figures.get(name, 1.0)
        if weight == 0.0:
            shared += 0.5
        told += weight
    return told + (shared if shared >= 1.0 else 0.0) >= 1.0


def _member_set(members: Iterable[str]) -> frozenset[str]:
    return frozenset(kn.name_key(m) for m in members)


def _alternation(keys: Iterable[str]) -> re.Pattern | None:
    words = sorted({k for k in keys if k}, key=lambda k: (-len(k), k))
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
