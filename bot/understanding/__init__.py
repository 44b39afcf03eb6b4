"""What a reader sees in a story that the file may not state: who is in it, which pairings,
which moods, and passages worth quoting. Runs at ingest, after fandom knowledge is applied.

`understand(story, knowledge)` fills story.fandoms when neither the file nor the knowledge's
normalisation found one (guessed from the names the text uses), story.characters (mentions,
prominence; unstated ones are added with stated=False), story.relationships (inferred ones
appended with stated=False and a confidence < 1), story.moods (all ten moods, 0..1) and
story.passages.

Bounded analysis: a long story is read through a fixed budget of text, about 3,000 characters
(blocks.SAMPLE_CHARS): its opening, evenly spaced windows across the middle and its ending;
only that text is cut into blocks. Why: this runs in the ingest workers, whose speed budget
allows understanding a fraction of what parsing costs, and a 3,000-word story's mood, leads and
pairings are clear from a part of it. Everything is read from that sample: the fandom guess,
name counts (scaled to the whole story, so mentions stay comparable across lengths),
relationship evidence (among the RELATIONSHIP_CAST most named characters only), moods and
excerpt candidates. A character named only outside the sample is not found; one named once
inside it counts as a few mentions. Stories within the budget are read whole.

Cost: one tokenising pass over the sample (bytes split per block) and one set intersection per
block that picks out every token a later step asks about (names, lexicon and cue words); the
rest is dict and set lookups on those few tokens. Name tables are built once per fandom set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, KeysView
from functools import partial
from itertools import compress
from typing import Any, NamedTuple

from bot.story import Story
from bot.understanding import characters, moods, passages, people, relationships
from bot.understanding.blocks import VOCABULARY_FORMS, Block, read, token_count, tokenise
from bot.understanding.cues import STANDING_WORDS
from bot.understanding.lexicon import MOODS

__all__ = ["MOODS", "understand"]

# Name tables by fandom set: (the CharacterInfo records, the table, tables extended by stated
# characters the knowledge does not know). The records are compared by identity, so a cast the
# knowledge learns later gets a fresh table.
_TABLES: dict[tuple, tuple[list, characters.NameTable, dict]] = {}
_TABLE_CACHE_SIZE = 64


class _StatedName:
    """A stated character the knowledge files do not know: matched by its own name."""

    __slots__ = ("aliases", "gender", "name", "nicknames")

    def __init__(self, name: str) -> None:
        self.name, self.aliases, self.nicknames, self.gender = name, (), (), None


def _table(story: Story, knowledge) -> characters.NameTable:
    fandoms = tuple(story.fandoms)
    infos = knowledge.characters_in(list(fandoms)) if fandoms else []
    cached = _TABLES.get(fandoms)
    if cached is None or cached[0] != infos:  # list equality checks identity first: cheap
        if len(_TABLES) >= _TABLE_CACHE_SIZE:
            _TABLES.clear()
        cached = _TABLES[fandoms] = (infos, characters.build_table(infos), {})
    base, extended = cached[1], cached[2]
    unknown = tuple(c.name for c in story.characters if c.name not in base.genders)
    if not unknown:
        return base
    table = extended.get(unknown)
    if table is None:
        table = characters.extend(base, characters.build_table(_StatedName(n) for n in unknown))
        if len(extended) >= _TABLE_CACHE_SIZE:
            extended.clear()
        extended[unknown] = table
    return table


def _known_cast(story: Story, knowledge) -> KeysView[str]:
    """The names of the knowledge's characters of the story's fandoms (their base table's:
    not the stated names it does not know)."""
    _table(story, knowledge)
    return _TABLES[tuple(story.fandoms)][1].genders.keys()


def _known_words(table: characters.NameTable) -> frozenset[str]:
    """Every word of the names a table counts (cached on the table) but the middle names of
    its longer forms: "Molly" of "Ginevra Molly Weasley" is someone else the text may name."""
    if table.words is None:
        words = set(table.entries)
        for found in table.entries.values():
            for entry in found:
                words.update(entry.character.split())
                if entry.phrase:
                    phrase = entry.phrase.split()
                    words.update((phrase[0], phrase[-1]) if len(phrase) == 3 else phrase)
        table.words = frozenset(words)
    return table.words


def _with_people(blocks: list[Block], table: characters.NameTable,
                 found: list[people.Person] | None = None,
                 knowledge=None, stated: Iterable[str] = ()) -> characters.NameTable:
    """The table plus the people the text itself names that it does not know (any fandom:
    `people.discover`, unless `found` gives them); their name tokens are added to the blocks'
    hits. A person whose pronouns tell no gender and who is a figure of myth or legend every
    retelling gives one gender ("Hades": the knowledge's `figure_genders`) has that gender.
    `stated`: the header's characters (a lone name may be a pet form of theirs)."""
    if found is None:
        found = people.discover(blocks, _known_words(table))
    if not found:
        return table
    genders = getattr(knowledge, "figure_genders", None)
    if genders is not None:
        known = genders()
        for person in found:
            if person.gender is None and person.name in known:
                person.gender = known[person.name]
    pets = _pet_forms_of_cast(found, table, blocks, stated)
    given = _given_names_of_cast(found, table, blocks)
    if given:
        pets.update(given.values())
    gone = pets.keys() | given.keys()
    extra = characters.build_table([p for p in found if p.name not in gone] if gone else found)
    for word, character in pets.items():
        extra.entries[word] = (characters.NameEntry(character, table.genders[character]),)
    extended = characters.extend(table, extra)
    new_forms = characters.name_tokens(extra)
    for block in blocks:
        hits = new_forms & block.tokens
        if hits:
            block.hits = block.hits.union(hits)
    return extended


def _pet_forms_of_cast(found: list[people.Person], table: characters.NameTable,
                      blocks: list[Block], stated: Iterable[str] = ()) -> dict[str, str]:
    """Lone names the text gives that are a shorter pet form or a shortening of the first
    name of exactly one known character the text names ("Alf" beside Alfred Pennyworth) or
    the header states ("Jess" of a stated Jessica Day), or a pet form or clipped form of a word
    of its name ("Listy" of Dave Lister, "Dromeda" of Andromeda Tonks), the pronouns telling
    no other gender: that character, as a reader takes them (`people.forms_of`,
    `people.pet_of_name`, `people.clip_of_name`); a longer first name is
    another's ("Teddy" beside Ted Tonks: his grandson). Only the few lone names found are
    looked up."""
    lone = [p for p in found if " " not in p.name and not p.aliases]
    if not lone:
        return {}
    forms = characters.name_forms(table)
    hits = frozenset().union(*[block.hits for block in blocks])  # in C: each token once
    named = {entry.character for token in hits
             for entry in table.entries.get(forms.get(token, ""), ())}
    named.update(c for c in stated if c in table.genders)
    plain = [(characters.plain_name(c), c) for c in named]
    pets = {}
    for person in lone:
        word = person.name
        clipped = word.casefold() not in people.given_names()
        fits = {c for name, c in plain if {person.gender, table.genders.get(c)} != {"m", "f"}
                and ((len(word) < len(name.split()[0]) and people.forms_of(word, name.split()[0]))
                     or people.pet_of_name(word, name)
                     or (clipped and people.clip_of_name(word, name)))}
        if len(fits) == 1:
            pets[person.name] = fits.pop()
    return pets


def _given_names_of_cast(found: list[people.Person], table: characters.NameTable,
                         blocks: list[Block]) -> dict[str, tuple[str, str]]:
    """People named by a title and one given name ("Captain Adelbert") that the text writes
    before no capitalised word but the family name of one known character ("Captain Adelbert
    Steiner" beside a stated Steiner, "Monsieur Richard Blaine" beside Rick Blaine): that
    character's own given name, when the character is known by the family name alone or by
    a pet form or shortening of that given name ("Sally Jackson" beside Percy Jackson is
    someone else). Person's name -> (the given name, the character)."""
    out: dict[str, tuple[str, str]] = {}
    text = ""
    for person in found:
        words = person.name.split()
        if len(words) != 2 or words[0].casefold() not in people.TITLES:
            continue
        words = words[1:]
        text = text or "\n".join(block.text for block in blocks)
        family = _family_after(text, words[0])
        if family is None:
            continue
        holders = {e.character for e in table.entries.get(family, ())} or {
            c for c in table.genders if characters.plain_name(c).split()[-1] == family}
        if len(holders) != 1:
            continue
        character = holders.pop()
        name = characters.plain_name(character).split()
        if len(name) == 1 or people.forms_of(words[0], name[0]):
            out[person.name] = (words[0], character)
    return out


def _family_after(text: str, word: str) -> str | None:
    """The one capitalised word the text writes right after `word`, if it writes one and no
    other: one search visits only the uses a capital or a non-ASCII letter follows (a given
    name is written often, mostly before a verb)."""
    found: set[str] = set()
    for match in re.finditer(re.escape(word) + r" (?=[A-Z]|[^\x00-\x7f])", text):
        at, i = match.start(), match.end()
        if (not at or not text[at - 1].isalnum()) and text[i].isupper():
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] in "'’-"):
                j += 1
            found.add(text[i:j])
    return found.pop() if len(found) == 1 else None


def _resolver(table: characters.NameTable):
    def resolve(name: str) -> str | None:
        name = name.strip()
        if name in table.genders:
            return name
        for token in (name, name.split()[0] if name.split() else ""):
            found = table.entries.get(token, ())
            if len({e.character for e in found}) == 1:
                return found[0].character
        return None
    return resolve


def _leads_of_pairings(story: Story) -> None:
    """A member of the story's pairing is one of its leads even when rarely named."""
    members = {m for r in story.relationships
               if r.confidence >= 0.4 and r.modifier not in ("past", "mentioned")
               for m in r.members}
    for character in story.characters:
        if character.name in members and character.mentions:
            character.prominence = max(character.prominence, 0.5)
    stated = [c for c in story.characters if c.stated]
    story.characters[:] = stated + sorted((c for c in story.characters if not c.stated),
                                          key=lambda c: (-c.prominence, -c.mentions))


# The fandom of a story that states none is guessed from this much of the sampled text (its
# opening first): the cast shows itself early.
GUESS_CHARS = 4000


class _Guessing(NamedTuple):
    """What guessing a story's fandom needs from one knowledge."""

    words: frozenset[str]  # its name_words() set: a new one once the knowledge learns
    forms: dict[bytes, str]  # token form -> name word
    # the tokens to keep while the fandom is unknown: a dict's keys, as every token table
    # kept for the process (`characters.name_tokens`: the collector never walks them)
    wanted: KeysView[bytes]
    # token -> (fandom, character) pairs, sorted: the fallback vote (tuples, not sets: tuples
    # of strings are untracked by the cyclic collector, as `characters.name_tokens` tells)
    first_names: dict[str, tuple[tuple[str, str], ...]]
    form_set: KeysView[bytes]  # the token forms (forms' keys)
    knowledge: Any  # kept alive so its id is not reused (`object` here fails under mypyc)
    places: dict[bytes, tuple[tuple[str, str], ...]]  # first token -> (fandom, place as written)
    surnames: dict[str, tuple[str, ...]]  # a cast's family names -> the fandoms with them
    # whether signs (characters, places) name a fandom: figures of myth or legend alone do
    # not ("Hades", "Persephone": the knowledge's `carries`)
    carries: Callable[[Iterable[str]], bool]


# Per knowledge (by id); rebuilt when the knowledge learns (name_words() returns a new set).
_GUESSING: dict[int, _Guessing] = {}


def _guessing(knowledge) -> _Guessing | None:
    """What guessing needs from this knowledge, or None when it cannot guess."""
    words = getattr(knowledge, "name_words", None)
    if getattr(knowledge, "guess_fandoms", None) is None or words is None:
        return None
    words = words()
    cached = _GUESSING.get(id(knowledge))
    if cached is None or cached.words is not words:
        forms: dict[bytes, str] = {}
        for word in sorted(words):
            if len(word) < 2 or not word[:1].isupper():
                continue
            for spelling in (word, word.upper()):
                for form in (spelling, spelling + "'s"):
                    forms.setdefault(form.encode(), word)
        wanted = set(VOCABULARY_FORMS).union(forms)
        first_names: dict[str, set[tuple[str, str]]] = {}  # as sets while built
        surnames: dict[str, set[str]] = {}
        for fandom in sorted(knowledge.fandoms):
            for info in knowledge.fandoms[fandom].characters:
                name = characters.plain_name(info.name).split()
                if len(name) > 1 and name[-1][:1].isupper():
                    surnames.setdefault(name[-1], set()).add(fandom)
            # the fandom's own cast: with its related fandoms' (characters_in), Star Trek: The
            # Next Generation would explain every Deep Space Nine and Voyager name too
            table = characters.build_table(knowledge.fandoms[fandom].characters)
            wanted.update(characters.name_tokens(table))
            for token, entries in table.entries.items():
                for entry in entries:
                    if not entry.ambiguous and entry.phrase is None:
                        first_names.setdefault(token, set()).add((fandom, entry.character))
        places = _place_index(knowledge)
        wanted.update(places)
        if len(_GUESSING) >= 8:
            _GUESSING.clear()
        cached = _GUESSING[id(knowledge)] = _Guessing(
            words, forms, dict.fromkeys(wanted).keys(),
            {token: tuple(sorted(found)) for token, found in first_names.items()},
            forms.keys(), knowledge, places,
            {name: tuple(sorted(fandoms)) for name, fandoms in surnames.items()},
            getattr(knowledge, "carries", bool))
    return cached


# The last words of a place's name it is also known without ("Kakariko Village", "Hyrule
# Castle", "Preservation Station"); not "Street" or "Mountain": "Baker" and "Death" name
# other things.
_KIND_OF_PLACE = frozenset("village city town valley forest woods kingdom empire island "
                           "castle station".split())


def _place_index(knowledge) -> dict[bytes, tuple[tuple[str, str], ...]]:
    """Each fandom's places by their first word as the tokeniser cuts it ("Hogwarts",
    "Kakariko"): a place named in full, or without the word that says what kind of place it
    is ("Kakariko" for "Kakariko Village"), is a sign of its fandom."""
    index: dict[bytes, list[tuple[str, str]]] = {}
    for fandom in sorted(knowledge.fandoms):
        for place in getattr(knowledge.fandoms[fandom], "places", ()):
            words = place.split()
            if words and words[0].casefold() == "the":
                words = words[1:]
            if not words or not words[0][:1].isupper():
                continue
            forms = [" ".join(words)]
            if len(words) == 2 and words[1].casefold() in _KIND_OF_PLACE and \
                    words[0].casefold() not in people.STOP:
                forms.append(words[0])
            for form in forms:
                for token in (words[0], words[0] + "'s"):
                    index.setdefault(token.encode(), []).append((fandom, form))
    return {token: tuple(dict.fromkeys(found)) for token, found in index.items()}


def _owns(after: str) -> bool:
    """Whether a possessive is followed by what it owns: a lower-case word that is no
    function word ("videos", "old"; not "before", "and")."""
    if after[:1] != " " or not after[1:2].islower():
        return False
    word = after[1:].split(None, 1)[0].rstrip(".,;:!?'\")")
    return word.casefold() not in people.STOP


def _places_named(blocks: list[Block], places: dict[bytes, tuple[tuple[str, str], ...]]
                  ) -> set[tuple[str, str]]:
    """The known places the blocks name: (fandom, place). A place named by a possessive
    ("Luke's", "Granny's") is named when it stands alone ("at Luke's before work"), not when
    a word it owns follows ("Luke's videos": Luke's, anyone's)."""
    named: set[tuple[str, str]] = set()
    wanted = places.keys()
    for block in blocks:
        text = block.text
        for token in wanted & block.hits:
            for fandom, place in places[token]:
                owner = place.endswith("'s")
                at = text.find(place)
                while at >= 0:
                    end = at + len(place)
                    if not text[end:end + 1].isalpha() and not (
                            owner and _owns(text[end:end + 24])):
                        named.add((fandom, place))
                        break
                    at = text.find(place, end) if owner else -1
    return named


# A fandom is read from the people a story names (`_vote_by_people`) when this many of its
# characters and places are among them: two different characters, or a character and a place.
PEOPLE_VOTE = 2


def _vote_by_people(found: list[people.Person], blocks: list[Block], guessing: _Guessing,
                    knowledge, guessed: list[str]) -> list[str]:
    """Fandoms for a story whose names the opening vote could not place: the people the text
    names (found by how it names them, `people.discover`, so a name used once counts: "Ron",
    "Hermione", "Dumbledore") and the known places it names, matched against each fandom's
    cast by full names, or by first names and one-word aliases for a person the text names
    by one word only. A fandom needs PEOPLE_VOTE signs, at least one of them a person, more
    than any other fandom has, and the story's most named person among its cast or its
    families (an original story's lead is no one's: a "Riley" and a "Spike" beside it are not
    Buffy's; "Arthur Weasley", whom the cast lacks, is a Weasley's kin); a crossover's second
    fandom needs as many signs of its own. After the fandoms already `guessed` (whose casts
    the text's people then leave out) it finds a crossover's other fandom ("Willow",
    "Xander" and "Giles" in a Sherlock story)."""
    signs: dict[str, set[str]] = {}
    lead: set[str] = set()  # the fandoms of the most named (several when tied)
    # per fandom, the characters of other fandoms its people's names also stand for: a name
    # a chosen fandom explains ("Tanaka" of Haikyuu!!) is no sign of another ("Tanaka" of
    # Dangan Ronpa)
    also: dict[str, set[str]] = {}
    for person in found:
        homes: dict[str, str] = {}
        family: tuple[str, ...] = ()
        if " " in person.name:  # a full name the cast lacks is no one's ("William Laurence")
            for fandom in knowledge.guess_fandoms([person.name])[:1]:
                homes[fandom] = person.name
            # ... but one of a family the cast has ("Arthur Weasley") may lead its story
            family = guessing.surnames.get(person.name.split()[-1], ())
        else:
            for fandom, character in sorted(guessing.first_names.get(person.name, ())):
                homes.setdefault(fandom, character)
        for fandom, character in homes.items():
            signs.setdefault(fandom, set()).add(character)
            also.setdefault(fandom, set()).update(homes.values())
        if person.mentions == found[0].mentions:
            lead.update(homes, family)
    if not signs:
        return guessed
    for fandom, place in _places_named(blocks, guessing.places):
        if fandom in signs:
            signs[fandom].add(f"place: {place}")
    chosen: list[str] = list(guessed)
    taken: set[str] = set().union(*(also.get(f, ()) for f in guessed))
    while True:
        # a fandom whose signs are all figures of myth or legend ("Hades", "Persephone") is
        # any retelling's
        left = {f: s - taken for f, s in signs.items()
                if f not in chosen and guessing.carries(s - taken)}
        ranked = sorted(left, key=lambda f: (-len(left[f]), f))
        if not ranked or len(left[ranked[0]]) < PEOPLE_VOTE:
            return chosen
        best = ranked[0]
        tied = [f for f in ranked if len(left[f]) == len(left[best])]
        if len(tied) > 1:
            # a crossover whose two casts are named as much as each other ("Geralt",
            # "Jaskier", "Xena", "Gabrielle"): both, when the story's lead is of one and no
            # name stands for both; otherwise no telling
            if chosen or len(tied) > 2 or not lead & set(tied) or \
                    left[tied[0]] & left[tied[1]] or _shared_names(found, tied, guessing):
                return chosen
            return tied
        if not chosen and best not in lead:
            return chosen
        chosen.append(best)
        taken |= signs[best] | also[best]


def _shared_names(found: list[people.Person], fandoms: list[str], guessing: _Guessing) -> bool:
    """Whether a one-word name the text uses is a character of each of `fandoms`."""
    wanted = set(fandoms)
    for person in found:
        homes = {f for f, _c in guessing.first_names.get(person.name, ())}
        if wanted <= homes:
            return True
    return False


def _guess_fandoms(blocks: list[Block], guessing: _Guessing, knowledge) -> list[str]:
    """Fandoms for a story that states none and names nobody in its header (bare text,
    fanfiction.net copies): the known names its opening uses, voted by the knowledge. A name
    counts when used twice, or once as a full name ("Dean Winchester")."""
    forms, first_names, form_set = guessing.forms, guessing.first_names, guessing.form_set
    opening: list[tuple[Block, set[bytes]]] = []
    seen: set[bytes] = set()
    twice: set[bytes] = set()  # in two blocks (set operations only)
    size = 0
    for block in blocks:
        if size >= GUESS_CHARS:
            break
        size += len(block.text) + 1
        found = form_set & block.hits
        if found:
            opening.append((block, found))
            twice |= seen.intersection(found)
            seen |= found
    for form in seen - twice:  # in one block only: used twice there?
        if any(form in found and token_count(block, form) >= 2 for block, found in opening):
            twice.add(form)
    names = {forms[form] for form in twice}
    uses: dict[str, int] = {}  # a cast's first names only: "The" or "He" lead no one
    for block, found in opening:
        for form in found & twice:
            if forms[form] in first_names:
                uses[forms[form]] = uses.get(forms[form], 0) + token_count(block, form)
    lead = max(sorted(uses), key=uses.__getitem__) if uses else None
    guessed = knowledge.guess_fandoms(sorted(names)) if names else []
    if guessed:
        guessed = _by_the_larger_cast(guessed, names, first_names, lead)
        return guessed + _crossed_with(opening, twice, forms, guessed, knowledge)
    # Full names: a full name once is enough (only needed when the names used twice say
    # nothing: knowledge.guess_fandoms lets a full name decide only its first fandom).
    full: set[str] = set()
    for block, found in opening:
        words = block.tokens
        for form in found:
            after = words.index(form) + 1
            following = forms.get(words[after]) if after < len(words) else None
            if following and f"{forms[form]} {following}" in block.text:
                full.update((f"{forms[form]} {following}", forms[form], following))
    # The first-name vote reads only the names used twice: a full name's words are no one's
    # first names ("Diana Barry" is not Barry Allen).
    used = set(names)
    if full - names:
        names |= full
        guessed = knowledge.guess_fandoms(sorted(names))
    return guessed or _vote_by_first_names(used, first_names, lead, guessing.carries)


def _crossed_with(opening, twice: set[bytes], forms: dict[bytes, str], guessed: list[str],
                  knowledge) -> list[str]:
    """The other fandom of a crossover whose second cast shows only one character, named in
    full at least twice ("The Doctor" in a Sherlock story): the knowledge's vote needs two
    characters for a second fandom, so one name dropped in passing adds none."""
    counts: dict[str, int] = {}
    for block, found in opening:
        wanted, words = found & twice, block.tokens
        # the positions of the wanted names, picked in C (a Python test per token cost more
        # than the rest of the guess)
        for at in compress(range(len(words) - 1), map(wanted.__contains__, words)) \
                if wanted else ():
            following = forms.get(words[at + 1])
            if following:
                full = f"{forms[words[at]]} {following}"
                counts[full] = counts.get(full, 0) + 1
    more: list[str] = []
    for full in sorted(name for name, count in counts.items() if count >= 2):
        for fandom in knowledge.guess_fandoms([full])[:1]:
            if fandom not in guessed and fandom not in more:
                more.append(fandom)
    return more


def _casts(names: set[str], index: dict[str, tuple[tuple[str, str], ...]]
           ) -> dict[str, set[str]]:
    """Per fandom, the characters whose first names are among `names`."""
    cast: dict[str, set[str]] = {}
    for name in names:
        homes = index.get(name, ())
        for fandom, character in homes:
            # one name is one person: "John" is not two of a cast's Johns
            several = sum(f == fandom for f, _c in homes) > 1
            cast.setdefault(fandom, set()).add(name if several else character)
    return cast


def _by_the_larger_cast(guessed: list[str], names: set[str],
                        index: dict[str, tuple[tuple[str, str], ...]],
                        lead: str | None = None) -> list[str]:
    """The knowledge's guess, unless first names shared by several fandoms ("Jonathan",
    "Robin") made it: a fandom whose cast clearly explains more of the names used ("Steve",
    "Nancy", "Jonathan") comes first instead of it."""
    voted = _vote_by_first_names(names, index, lead)
    if not voted or voted[0] in guessed:
        return guessed
    cast = _casts(names, index)
    if len(cast[voted[0]]) <= len(cast.get(guessed[0], ())):
        return guessed
    return voted + guessed[1:]


def _vote_by_first_names(names: set[str], index: dict[str, tuple[tuple[str, str], ...]],
                         lead: str | None = None,
                         carries: Callable[[Iterable[str]], bool] | None = None) -> list[str]:
    """The fandom whose cast explains the most different characters by first names ("Steve",
    "Nancy", "Jonathan"), if it clearly beats every other fandom, explains two and explains
    the most used of the names (`lead`): a cast the story's lead is a stranger to is not its
    cast. As the guess itself (`carries` given) the cast's names must carry it: "Hades"
    and "Persephone" are any retelling of the myth's. Reorders what the knowledge guessed
    (`_by_the_larger_cast`), and is the guess when the knowledge's full names and aliases
    said nothing ("Sam", "Dean")."""
    cast = _casts(names, index)
    ranked = sorted(cast, key=lambda f: (-len(cast[f]), f))
    if not ranked or len(cast[ranked[0]]) < 2:
        return []
    if len(ranked) > 1 and len(cast[ranked[1]]) >= len(cast[ranked[0]]):
        return []
    if lead is None or not any(f == ranked[0] for f, _c in index.get(lead, ())):
        return []
    if carries is not None and not carries(cast[ranked[0]]):
        return []
    return [ranked[0]]


# A cast met only through given names must hold most of the story's PROMINENT most named
# people (`_attested`).
PROMINENT = 4
# Words of a name that name no one by themselves: the forms of address that tell a gender
# (`people.TITLES`: "Miss Bates" is not John Bates) and these ("the Doctor" keeps "Doctor").
_NOT_NAME_WORDS = frozenset("mx dr captain professor prof st saint the of de von van".split())


def _no_name_word(word: str) -> bool:
    folded = word.casefold()
    return people.TITLES.get(folded) is not None or folded in _NOT_NAME_WORDS


_NAME_WORDS: dict[int, tuple[object, str | None, frozenset[str]]] = {}


def _name_words(info) -> tuple[str | None, frozenset[str]]:
    """A character's given name (the first word of a name of several: "Edith" of "Edith
    Crawley", which any other Edith shares) and the rest of the words naming it: family
    name, a one-word name, an alias's own words ("Crawley", "Sokka", "Giles"). Cached per
    record (kept alive in the cache, so its id is not reused)."""
    cached = _NAME_WORDS.get(id(info))
    if cached is not None and cached[0] is info:
        return cached[1], cached[2]
    if len(_NAME_WORDS) >= 4096:
        _NAME_WORDS.clear()
    words: set[str] = set()
    name = characters.plain_name(info.name).split()
    given = name[0] if len(name) > 1 else None
    for text in (info.name, *info.aliases):
        parts = characters.plain_name(text).split()
        for at, word in enumerate(parts):
            word = word.strip(".,'\"")
            if at + 1 < len(parts) and word.casefold() in people.TITLES:
                continue  # "General O'Neill": a rank before a name is nobody's name
            if len(word) > 1 and word[:1].isupper() and not _no_name_word(word) \
                    and word != given:
                words.add(word)
    _NAME_WORDS[id(info)] = (info, given, frozenset(words))
    return given, frozenset(words)


def _uses(word: str, text: str) -> Iterator[int]:
    """Where the text uses `word` as a whole word (str.find: a regex scan of the whole
    sample per name cost more than the rest of the check)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and not text[end:end + 1].isalnum():
            yield at
        at = text.find(word, end)


def _named_as(word: str, gender: str | None, text: str) -> bool:
    """Whether the text names someone of this gender by `word`: not only after titles of the
    other gender ("Miss Bates" for a man's "Bates")."""
    if gender not in ("f", "m"):
        return True
    for at in _uses(word, text):
        before = text[max(0, at - 6):at].rstrip(" .").rpartition(" ")[2].rpartition("\n")[2]
        if people.TITLES.get(before.casefold()) in (None, gender):
            return True
    return False


def _surnames_after(given: str, text: str) -> set[str]:
    """The capitalised words written right after a given name ("Thomas Sharpe")."""
    found = set()
    for at in _uses(given, text):
        after = at + len(given)
        if text[after:after + 1] == " " and text[after + 1:after + 2].isupper():
            word = text[after + 1:after + 40].split(None, 1)[0].rstrip(".,;:!?'\")")
            if word[1:].islower() and not _no_name_word(word):
                found.add(word)
    return found


def _common_word(word: str, text: str, seen: dict[str, bool]) -> bool:
    """Whether a name word is also a large place or a word the text writes in lower case
    ("in Paris", "more than"): what it names there may be no one of the cast. `seen` keeps
    each word's answer for the story (each is a scan of the whole text)."""
    if word not in seen:
        seen[word] = people.large_place(word) or f" {word.casefold()} " in text
    return seen[word]


def _attested(fandoms: list[str], counts: dict[str, int], knowledge, blocks: list[Block],
              guessing: _Guessing) -> list[str]:
    """The guessed fandoms the story bears out. A fandom stands on a place of its own the
    text names ("Sunnydale"), or a character named by more than a given name: a family
    name, a one-word name, an alias ("Mulder", "Sokka"), not after a title of the other
    gender ("Miss Bates"). A cast met only through given names needs PEOPLE_VOTE of them,
    each weighed by how many characters of all casts share it ("Naomi" 1, "Jim" 1/7), or
    PEOPLE_VOTE of them among people who are most of the story's PROMINENT most named ("Sam"
    and "Dean" beside one stranger); a given name written with a family name the character
    lacks counts for nothing ("Thomas Sharpe" is not Thomas Barrow), nor do his nicknames
    ("Theodore Lisle" is not Laurie: his "Teddy" is not that one's). A family name that is
    a large place or a word the text writes in lower case ("good luck in Paris") counts as a
    given name does, at half weight ("Paris" and "Harry" are no Voyager). A story's "Edith",
    "Jim" or "Sam" is anyone's; "Jim", "Naomi" and "Alex" beside a "Holden" and an "Amos"
    named more are not The Sentinel's."""
    # the name words the blocks hold: the guess looked up every word of every cast's names
    hits = frozenset().union(*(block.hits for block in blocks))
    tokens = {guessing.forms[token] for token in guessing.form_set & hits}
    joined: list[str] = []  # the sample's text, joined when a name's uses are looked at
    places: set[str] | None = None
    strong: set[str] = set()
    weak: dict[str, tuple[float, int]] = {}  # fandom -> (weight, given names) of a weak one
    common: dict[str, bool] = {}  # a name word -> whether a place or a word (`_common_word`)
    for fandom in fandoms:
        weight = 0.0
        named: set[str] = set()
        for info in knowledge.characters_in([fandom]):
            if info.name not in counts:
                continue
            given, words = _name_words(info)
            present = words & tokens
            if (present or given in tokens) and not joined:
                joined.append("\n".join(block.text for block in blocks))
            if given is not None and given in tokens and _surnames_after(given, joined[0]) - words:
                present &= {info.name.rsplit(None, 1)[-1]}  # "Theodore Lisle": no "Teddy"
            signs = [w for w in present if _named_as(w, info.gender, joined[0])]
            if any(not _common_word(w, joined[0], common) for w in signs):
                strong.add(fandom)
                break
            if given is not None and given in tokens and \
                    not _surnames_after(given, joined[0]) - words:  # not "Thomas Sharpe"
                signs.append(given)
            if not signs:
                continue
            # a given name, or a family name that is a place or a word ("Paris", "Chase"),
            # weighs as little as the number of characters sharing it; half that when it is
            # a place or a word itself ("Paris" Geller, "Will")
            weight += max((0.5 if _common_word(w, joined[0], common) else 1.0) /
                          max(1, len({c for _f, c in guessing.first_names.get(w, ())}))
                          for w in signs)
            named.add(signs[-1])
        else:
            if places is None:
                places = {f for f, _place in _places_named(blocks, guessing.places)}
            if fandom in places:
                strong.add(fandom)
            else:
                weak[fandom] = (weight, len(named))
    if not weak:
        return fandoms
    prominent = sorted(counts, key=lambda name: (-counts[name], name))[:PROMINENT]
    # a weak cast is judged beside the crossover's casts that stand on their own
    beside = {info.name for info in knowledge.characters_in(sorted(strong))} if strong else set()
    kept: list[str] = []
    for fandom in fandoms:
        if fandom in weak:
            weight, named_count = weak[fandom]
            cast = beside | {info.name for info in knowledge.characters_in([fandom])}
            most = 2 * sum(name in cast for name in prominent) > len(prominent)
            if weight < PEOPLE_VOTE - 1e-9 and not (named_count >= PEOPLE_VOTE and most):
                continue
        kept.append(fandom)
    return kept


OWN_HOME = 2


def _own_home(fandoms: list[str], counts: dict[str, int], knowledge) -> list[str]:
    """A guessed fandom whose cast the story names only through characters a related fandom
    lists too (Clark Kent and Lex Luthor are DCU's and Smallville's), beside a character at
    home in that related fandom only (Chloe Sullivan; Wiggins beside the Mrs. Hudson BBC
    Sherlock keeps and the Conan Doyle stories list): the related fandom is the story's, as
    an adaptation's own people tell it from its source, or a source's own its adaptation. A
    DCU story naming Bruce Wayne (whom Smallville does not list) stays DCU."""
    if len(fandoms) != 1:
        return fandoms
    guessed = fandoms[0]
    homes: dict[str, set[str]] = {}
    listed: list[frozenset[str]] = []
    for name, n in counts.items():
        info = knowledge.character(name) if n else None
        if info is None:
            continue
        where = knowledge.listing(info.name)
        if guessed not in where:  # a guest of the guessed fandom is no sign against it
            homes.setdefault(info.fandom, set()).add(info.name)
        listed.append(where)
    for fandom in sorted(homes, key=lambda f: (-len(homes[f]), f)):
        if fandom != guessed and all(fandom in where for where in listed):
            return [fandom]
    return fandoms


# Relationship evidence is gathered among this many of the most named characters (and any
# named as often as the last of them): pairings between walk-ons are not what a reader would
# call the story's, and the pair search is quadratic in the cast. Seven, not fewer: an ensemble
# story's side couple is often its sixth and seventh most named (the pair search only runs on
# the few blocks with a cue, so the wider cast costs little).
RELATIONSHIP_CAST = 7


def _cast(totals: dict[str, int]) -> list[str]:
    """The cast the pair search reads, most named first (ties by name)."""
    ranked = sorted(totals, key=lambda name: (-totals[name], name))
    if len(ranked) <= RELATIONSHIP_CAST:
        return ranked
    floor = totals[ranked[RELATIONSHIP_CAST - 1]]
    return [name for name in ranked if totals[name] >= floor]


def _recast(story: Story, knowledge, blocks: list[Block]) -> characters.NameTable:
    """The name table of the story's fandoms as they now stand, each block's hits completed
    with its cast's names (a fandom changed after the blocks were read)."""
    table = _table(story, knowledge)
    names = characters.name_tokens(table)
    for block in blocks:
        block.hits = block.hits.union(names & block.tokens)
    return table


def _in_fandoms(story: Story, knowledge, *lookups: str) -> list[Callable | None]:
    """The knowledge's lookups by character name (None where it has none), each resolving
    names within the story's fandoms as they now stand (stated, or guessed and borne out): a
    one-word "Irene" is a fandom's Irene only in a story of that fandom."""
    fandoms = tuple(story.fandoms)
    found = [getattr(knowledge, name, None) for name in lookups]
    return [partial(lookup, fandoms=fandoms) if lookup is not None else None
            for lookup in found]


def _roles(story: Story, blocks: list[Block], counts: dict[str, int]) -> dict[str, int]:
    """In a story naming few people, the others it follows by what they are ("the kid woke"):
    `people.roles`; and in any story, the narrator's master, lady or guardian ("my master"),
    in one naming few another's ("her lady"): `people.standings`. They take part in no
    pairing: no name table counts them."""
    named = {name for name, n in counts.items() if n} | {c.name for c in story.characters}
    few = len(named) <= people.ROLE_CAST
    narrative = [block for block in blocks if block.narrative]
    # (the standing words are among the blocks' hits: most stories hold none, read no further)
    told = not all(map(STANDING_WORDS.isdisjoint, [block.hits for block in narrative]))
    if not (few or told):
        return {}
    text = "\n".join(block.text for block in narrative)
    found = people.standings(text, True) if told else {}
    if few:
        found.update(people.roles(text))
        if told:
            found.update(people.standings(text, False))
    return {name: n for name, n in found.items()  # the name wins: "Dog" is "The Dog"
            if name not in named and name.removeprefix("The ") not in named}


def understand(story: Story, knowledge) -> None:
    """Fill characters, inferred relationships, moods and passages from the story text."""
    characters.header_initials(story)
    blocks, factor = read(story.body)
    guessing = None if story.fandoms else _guessing(knowledge)
    if guessing is None:
        table = _table(story, knowledge)
        tokenise(blocks, characters.wanted_tokens(table))
    else:
        tokenise(blocks, guessing.wanted)
        story.fandoms = _guess_fandoms(blocks, guessing, knowledge)
        story.fandoms_inferred = bool(story.fandoms)
        table = _table(story, knowledge)
        names = characters.name_tokens(table)
        if table.covered_by is not guessing.wanted:
            if guessing.wanted >= names:
                table.covered_by = guessing.wanted
            else:
                for block in blocks:  # a cast the first pass did not look for
                    block.hits = block.hits.union(names & block.tokens)
    found: list[people.Person] | None = None
    if guessing is not None:
        found = people.discover(blocks, _known_words(table))
        voted = _vote_by_people(found, blocks, guessing, knowledge, story.fandoms)
        if voted != story.fandoms:  # the people the text names tell (another) fandom
            story.fandoms, story.fandoms_inferred = voted, True
            table = _recast(story, knowledge, blocks)
            found = None  # discovered again: the cast's names are the table's now
    stated = [c.name for c in story.characters if c.stated]
    table = _with_people(blocks, table, found, knowledge, stated)
    counts = characters.count_names(blocks, table)
    # guessed here or from the header's names (`Knowledge.normalize_story`): borne out by the text
    if story.fandoms_inferred and story.fandoms:
        kept = _own_home(_attested(story.fandoms, counts, knowledge, blocks, guessing)
                         if guessing is not None else story.fandoms, counts, knowledge)
        if kept != story.fandoms:  # a cast the story's people do not bear out: read again
            story.fandoms, story.fandoms_inferred = kept, bool(kept)
            for block in blocks:
                block.names, block.written, block.also, block.narrated = {}, {}, {}, None
            table = _with_people(blocks, _recast(story, knowledge, blocks), knowledge=knowledge,
                                 stated=stated)
            counts = characters.count_names(blocks, table)
    roles = _roles(story, blocks, counts)
    totals = characters.apply_characters(story, {**counts, **roles} if roles else counts, factor)
    cast = _cast({n: c for n, c in totals.items() if n not in roles} if roles else totals)
    ships_of, partners_of = _in_fandoms(story, knowledge, "ships_of", "partners_of")
    relationships.infer(story, blocks, table.genders, _resolver(table), ships_of, cast,
                        partners_of, _known_cast(story, knowledge))
    _leads_of_pairings(story)
    vectors = moods.vectors(blocks)
    story.moods = moods.score(story, vectors, sum(b.size for b in blocks if not b.cue),
                              moods.dialogue(blocks))
    mains = characters.main_characters(story)
    story.passages = passages.choose(story.body, blocks, vectors, story.moods, mains)
