"""Who appears in a story: names, aliases and nicknames counted in the fandom's context.

The name table for a set of fandoms is built once and cached. Matching reads the name tokens
the block tokeniser already kept (one set intersection per block) plus dict lookups; quote
marks in the text tell narration from dialogue, for the blocks that ask. Nicknames that are
ordinary words ("Red", "Will", "Bones", "B") count only away from a sentence start:
mid-sentence or after a comma, as in "how you holding up, Red?". Real names that are also
words ("Dawn", "Faith") count anywhere: capitalised, they are nearly always names.
"""

from __future__ import annotations

import re
from collections.abc import KeysView, Set
from dataclasses import dataclass
from itertools import chain

from bot.story import Character, Story
from bot.understanding.blocks import UPPER, VOCABULARY_FORMS, Block, narrated_text, token_count

# Capitalised tokens (with possessives and inner apostrophes/hyphens: "Teal'c", "G-man") and
# straight double quotes, which toggle dialogue.
_WORD = re.compile(rf"[{UPPER}][\w]*(?:['\-][\w]+)*")

# Ordinary English words that are also names or nicknames in some fandom; capitalised at a
# sentence start they say nothing. Single letters are always treated this way.
COMMON_WORDS = frozenset("""
will red bones angel faith dawn grace hope joy rose mark bill pat sue frank may june april summer
hunter king queen princess prince master slayer watcher doctor captain major general chief boss
nurse father mother dad mom mum sir boy girl kid baby honey sweetie love pet dear buddy pal mate
big bad dark light sky storm river sunny lucky happy blue green black white brown gray grey wolf
fox bear cat bird crow raven robin hawk first mayor key little bit demon dead soul farm agent
the mr mrs ms miss dr lord lady professor sister brother uncle aunt grandma granny nan harm
peaches glinda blondie cas sparky padfoot moony prongs wormtail hound chosen one boy-wonder
""".split())

_TITLES = frozenset({"the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss"})
# Ranks and forms of address a canonical name can start with ("Count Dracula", "Professor
# Oak", "Lady Jessica"): alone, such a word is not the character's first name.
_RANKS = frozenset("""count countess professor lady lord sir dame madame monsieur captain
commander general colonel major lieutenant sergeant inspector detective agent principal
coach bishop emperor empress king queen prince princess duke duchess baron aunt uncle
father mother sister brother doctor president chief admiral marshal master""".split())
# Words a name's first word can be that are nearly always English ones at a sentence start:
# a family name written first ("He Xuan") is not a first name "He".
_FUNCTION_WORDS = frozenset("""he she it we you they his her him its my your our their no so
do to in on at be me us or if as by up an a i is was not but and for""".split())
# Words never taken as a first name, and the titles dropped from the front of a form (the
# dotted ones stay: "Mr. Darcy"): built once, not per character.
_NOT_FIRST = _TITLES | _RANKS | _FUNCTION_WORDS
_LEADING = _TITLES - {"mr.", "mrs.", "dr."}


@dataclass(frozen=True, slots=True)
class NameEntry:
    character: str
    gender: str | None
    phrase: str | None = None  # the whole multi-word form that must be present
    ambiguous: bool = False  # an ordinary word: count only away from sentence starts
    title: bool = False  # a title ("the Count", "the Professor"): only its uses after "the"


@dataclass(slots=True)
class NameTable:
    entries: dict[str, tuple[NameEntry, ...]]
    genders: dict[str, str | None]
    # filled on first use: token forms the tokeniser cuts -> table token, tokens to keep,
    # and table token -> character for the tokens that need no check
    forms: dict[bytes, str] | None = None
    wanted: KeysView[bytes] | None = None
    simple: dict[str, str] | None = None
    covered_by: KeysView[bytes] | None = None  # a token set known to hold all its names
    words: frozenset[str] | None = None  # every word of its names (filled on first use)


_BRACKETED = re.compile(r"\s*\([^)]*\)\s*$")


def plain_name(name: str) -> str:
    """A name without a bracketed disambiguator: "Will (Stranger Things)" -> "Will"."""
    return (_BRACKETED.sub("", name) if "(" in name else name).strip()


# Words a bracketed alias may strip to that a text writes as oaths, never as the name.
_OATHS = frozenset("god jesus christ lord hell heaven".split())


def _surface_forms(info) -> list[tuple[str, bool]]:
    """(form, is_nickname): real names count anywhere, informal nicknames need care.

    An alias a tag list must disambiguate is the bare word in a story of its fandom ("Storm
    (X-Men)" is "Storm" there), taken as a nickname: an ordinary word counts away from
    sentence starts only, and an oath ("God (The Locked Tomb)") never."""
    name = info.name  # without a bracketed disambiguator: "Will (Stranger Things)" -> "Will"
    name = plain_name(name)
    forms = [(name, False)]
    for alias in getattr(info, "aliases", ()):
        bare = plain_name(alias) if alias.endswith(")") else alias
        forms.append((bare, bare != alias))
    forms += [(n, True) for n in getattr(info, "nicknames", ())]
    forms = [(f, nick) for f, nick in forms if f.casefold() not in _OATHS]
    first = name.split()[0] if name.split() else ""
    if first and first.casefold() not in _NOT_FIRST:
        # a first name that is also a word ("Robin", "Will") counts as a nickname does
        forms.append((first, first.casefold() in COMMON_WORDS))
    return [(f.strip(), nick) for f, nick in forms if f and f.strip()]


def _given_words(characters) -> dict[str, set[str]]:
    """One-word forms -> the characters given them by name ("Fushiguro", an alias of
    Fushiguro Megumi), not only as the first word of a longer name (Fushiguro Touji's family
    name): such a form is theirs alone."""
    given: dict[str, set[str]] = {}
    for info in characters:
        for form in (plain_name(info.name), *getattr(info, "aliases", ()),
                     *getattr(info, "nicknames", ())):
            if form and " " not in form.strip():
                given.setdefault(form.strip(), set()).add(info.name)
    return given


def build_table(characters) -> NameTable:
    """Name table from CharacterInfo-like objects (name, aliases, nicknames, gender)."""
    entries: dict[str, list[NameEntry]] = {}
    genders: dict[str, str | None] = {}
    infos = [(info, _surface_forms(info)) for info in characters]
    given = _given_words([info for info, _forms in infos])
    for info, _forms in infos:
        gender = getattr(info, "gender", None)
        genders[info.name] = gender if gender in ("f", "m") else None
    singles, holders = _singles(infos)
    for info, forms in infos:
        gender = genders[info.name]
        own = singles.get(info.name, set())
        for form, nickname in forms:
            written = words = form.split()
            stripped = len(words) > 1 and words[0].casefold() == "the"
            while len(words) > 1 and words[0].casefold() in _LEADING:
                words = words[1:]
            if not words or not (words[0][:1].isupper() or (
                    words[0] in PARTICLES and len(words) > 1)):
                continue  # (a particle opens "de Winter" of "Mr de Winter")
            if len(words) < len(written) == 2 and not stripped and \
                    _others(info.name, words[0], given, holders):
                token = words[0]  # "Mrs Morland" beside Catherine Morland: the whole form
                entry = NameEntry(info.name, gender, form, False)
            elif len(words) == 1 and stripped and nickname and words[0] not in own:
                # "the Count", "the Professor": a title names the character only as a title;
                # "Count on me" and "Professor Lupin" are someone else
                token = words[0]
                entry = NameEntry(info.name, gender, f"the {token}", False, True)
            elif len(words) == 1:
                token = words[0]
                if info.name not in given.get(token, (info.name,)):
                    continue  # another's by name: this one's is only its name's first word
                # "Red", "Will": ordinary words unless away from sentence starts
                ambiguous = len(token) == 1 or (
                    token.casefold() in COMMON_WORDS and (nickname or stripped))
                entry = NameEntry(info.name, gender, None, ambiguous)
            else:
                if any(w in own and w.casefold() not in COMMON_WORDS for w in words):
                    continue  # "Buffy Summers" is already counted by "Buffy"
                trigger = next((w for w in words if w[:1].isupper()
                                and w.casefold().rstrip(".") not in COMMON_WORDS
                                and w.casefold() not in _TITLES), words[0])
                token = trigger.rstrip(".")
                entry = NameEntry(info.name, gender, " ".join(words), False)
            bucket = entries.setdefault(token, [])
            if entry not in bucket:
                bucket.append(entry)
    return NameTable({k: tuple(v) for k, v in entries.items()}, genders)


def _singles(infos) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each character's one-word forms (titles dropped: "Mr Benn" -> "Benn"), and each such
    word's holders: those it is a one-word form of, and those whose longer name ends in it
    (the family's: "Mrs Summers" beside Buffy Summers is not the only Summers)."""
    singles: dict[str, set[str]] = {}
    holders: dict[str, set[str]] = {}
    for info, forms in infos:
        for form, nick in forms:
            words = form.split()
            if nick and len(words) == 2 and words[0].casefold() == "the":
                continue  # a title ("the Count") is counted only as one (below)
            while len(words) > 1 and words[0].casefold() in _LEADING:
                words = words[1:]
            if len(words) == 1 and words[0][:1].isupper():
                singles.setdefault(info.name, set()).add(words[0])
            elif len(words) > 1 and not nick and words[0][:1].isupper():
                holders.setdefault(words[-1], set()).add(info.name)
    for name, words in singles.items():
        for word in words:
            holders.setdefault(word, set()).add(name)
    return singles, holders


def _others(name: str, word: str, given: dict[str, set[str]],
            holders: dict[str, set[str]]) -> bool:
    """Whether a titled form's bare word is another's too ("Mrs Morland" beside Catherine
    Morland, "Mrs Benn" beside "Mr Benn"): then only the whole form names this one."""
    return name not in given.get(word, (name,)) or len(holders.get(word, ())) > 1


def _title_count(text: str, token: str) -> int:
    """Uses of `token` as a title: right after "the" ("the Count", "The Count's")."""
    return sum(text.count(f"{the} {token}") for the in ("the", "The"))


# What follows a name that opens a sentence and goes on with its doer ("Blue was yelling",
# "Will said"): there a word that is also a name is the name.
_DEED = re.compile(r" (?:was|had|said|asked) ")


def _mid_sentence_count(text: str, token: str) -> int:
    """Occurrences of `token` not at a sentence start (so an ordinary word is not counted),
    or at one going on with what its doer did (`_DEED`). A closing quote after a comma
    starts none: the tag goes on with the line's sentence."""
    count, start = 0, 0
    while (i := text.find(token, start)) >= 0:
        start = i + len(token)
        after = text[start:start + 1]
        if after.isalnum() and text[start:start + 2] not in ("'s",):
            continue
        if i and text[i - 1].isalnum():
            continue
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j >= 0 and (text[j] not in '.!?"\'\n(—-:' or text[j - 1:j + 1] == ',"'):
            count += 1  # a tag after a line broken off at a comma ('," Raven says') runs on
        elif _DEED.match(text, start):
            count += 1
    return count


# Japanese honorifics written onto a name ("Tanaka-senpai", "Frieren-sama"): one token the
# tokeniser keeps whole (hyphens stay inside words), the same person as the bare name.
HONORIFICS = ("sama", "san", "kun", "chan", "senpai", "sensei", "dono", "chama", "tan")

# Lower-case particles inside a European family name ("Mr de Winter", "Hank von Leigh",
# "Nico di Angelo"): part of the name, not a break in it. (Not "ten", "den", "la", "le", "no":
# English words or numbers between two capitalised words as often.)
PARTICLES = frozenset("de van von der di da du del della dos das zu".split())


def name_forms(table: NameTable) -> dict[bytes, str]:
    """Token as the tokeniser cuts it -> table token: the name, its possessive, the name
    against a single quote mark ('Spike, wait.') and with an honorific ("Tanaka-senpai")."""
    if table.forms is None:
        forms: dict[bytes, str] = {}
        for token in table.entries:
            if not _WORD.fullmatch(token):
                continue  # not a whole capitalised word: text never shows it as one token
            for form in (token, token + "'s", "'" + token, token + "'", "'" + token + "'s"):
                forms.setdefault(form.encode(), token)
            for honorific in HONORIFICS:
                forms.setdefault(f"{token}-{honorific}".encode(), token)
        for token in table.entries:  # a name spelled like that is itself, not a possessive
            if _WORD.fullmatch(token):
                forms[token.encode()] = token
        table.forms = forms
    return table.forms


def name_tokens(table: NameTable) -> KeysView[bytes]:
    """Every token that can be one of the table's names: the keys of its forms. Token tables
    kept for the process are dict keys, never frozensets: a dict of bytes is untracked by the
    cyclic collector, a frozenset is walked slot by slot at every full collection (the name
    and guessing tables were most of what one walked, ~5% of a pass of understanding)."""
    return name_forms(table).keys()


def wanted_tokens(table: NameTable) -> KeysView[bytes]:
    """The tokens the tokeniser keeps for this table: its names, lexicon and cue words."""
    if table.wanted is None:
        table.wanted = dict.fromkeys(chain(name_forms(table), VOCABULARY_FORMS)).keys()
    return table.wanted


def _simple_names(table: NameTable) -> dict[str, str]:
    """Table token -> character for tokens that always mean one character (no phrase to
    check, not an ordinary word): the common case, counted without further tests."""
    if table.simple is None:
        table.simple = {token: found[0].character for token, found in table.entries.items()
                        if len(found) == 1 and found[0].phrase is None
                        and not found[0].ambiguous}
    return table.simple


def extend(table: NameTable, extra: NameTable) -> NameTable:
    """The table plus another's names (a token both hold names everyone it names in either).
    Its token forms and plain names are worked out from the two tables' own (cached on them):
    the fandom's table is cached, the extra is one story's, and redoing every name's forms
    for each story cost more than the rest of counting them."""
    entries = dict(table.entries)
    for token, found in extra.entries.items():
        entries[token] = entries.get(token, ()) + found
    extended = NameTable(entries, {**table.genders, **extra.genders})
    # as name_forms over the merged entries: the first token giving a form keeps it, and a
    # token spelled like a form is always itself
    forms = dict(name_forms(table))
    for form, token in name_forms(extra).items():
        if form not in forms or form == token.encode():
            forms[form] = token
    extended.forms = forms
    # the fandom's names copied in C and the story's few tokens taken out, not a Python loop
    # over every name of the fandom per story
    simple = dict(_simple_names(table))
    for token in extra.entries:
        simple.pop(token, None)
    simple.update((t, c) for t, c in _simple_names(extra).items() if t not in table.entries)
    extended.simple = simple
    return extended


def narrated(block: Block) -> Set[str]:
    """The names the block uses in narration, not only inside dialogue (computed once): a
    name counts when some use of the token it is written as sits outside double quotes."""
    if block.narrated is None:
        text = block.text
        if '"' not in text:
            block.narrated = block.names.keys()
        else:  # the stretches outside quotes are the even pieces between quote marks
            narration = narrated_text(block)
            block.narrated = {name for name, token in block.written.items()
                              if token in narration}
    return block.narrated


def count_names(blocks: list[Block], table: NameTable) -> dict[str, int]:
    """Fill each block's names (mentions per character) and the token each is written as;
    return total mentions per character. Orders follow set order here: every later step
    sorts or breaks ties by name.

    Reads the name tokens the tokeniser already found in each block (`Block.hits`); only
    names that need a check (a phrase, an ordinary word, a name two characters share) look
    at the text again. Whether a name is used in narration is worked out later, for the
    blocks a step asks about (`narrated`)."""
    forms = name_forms(table)
    names = name_tokens(table)
    simple = _simple_names(table)
    shared: list[tuple[int, str, Block, tuple[str, ...], int]] = []
    for position, block in enumerate(blocks):
        found = names & block.hits
        if not found:
            continue
        counts, written = block.names, block.written
        for form in found:  # set order: nothing below depends on it
            token = forms[form]
            n = token_count(block, form)
            name = simple.get(token)
            if name is None:  # one that needs checking (rare): add what it names
                for name, uses in _checked(block, token, n, table, shared, position):
                    _count(block, name, uses, token)
            elif name in counts:
                counts[name] += n
                _second(block, name, token)
            else:
                counts[name] = n
                written[name] = token
    totals = _totals(blocks)
    # A name two characters share ("Sam" in a crossover) goes to the one the story names more.
    for _, token, block, candidates, n in sorted(shared, key=lambda e: e[:2]):
        name = max(candidates, key=lambda c: (totals.get(c, 0), c))
        _count(block, name, n, token)
        totals[name] = totals.get(name, 0) + n
    return totals


def _count(block: Block, name: str, uses: int, token: str) -> None:
    if name in block.names:
        block.names[name] += uses
        _second(block, name, token)
    else:
        block.names[name] = uses
        block.written[name] = token


def _second(block: Block, name: str, token: str) -> None:
    """A name the block writes as a second token: the smaller one stays `written`, the other
    is kept in `also` (a tag after a line names "McCoy" when the talk calls him "Bones"; its
    speaker is read from the tag's token)."""
    first = block.written[name]
    if token == first:
        return
    if token < first:
        block.written[name], token = token, first
    block.also.setdefault(name, set()).add(token)


def _totals(blocks: list[Block]) -> dict[str, int]:
    """Mentions per character over the fair sample: blocks read for a romance cue
    (`Block.cue`) only make someone seen nowhere else count once."""
    totals: dict[str, int] = {}
    for block in blocks:
        if not block.cue:
            for name, n in block.names.items():
                totals[name] = totals.get(name, 0) + n
    for block in blocks:
        if block.cue:
            for name in block.names:
                totals.setdefault(name, 1)
    return totals


def _checked(block: Block, token: str, n: int, table: NameTable, shared: list,
             position: int) -> list[tuple[str, int]]:
    """The character a token that needs checking names in this block, with its uses; none
    when it names nobody here or is shared (then queued in `shared`). Characters told apart
    by their phrases only ("Mr. Darcy", "Mrs. Darcy") each get their phrase's uses."""
    text = block.text
    candidates = []
    mid = -1  # uses away from a sentence start, counted when an ordinary word asks
    plain = False
    phrases: list[tuple[str, int]] = []
    for entry in table.entries[token]:
        if entry.title:
            uses = _title_count(text, token)
            if not uses:
                continue
            phrases.append((entry.character, uses))
            n = min(n, uses) if len(table.entries[token]) == 1 else n
        elif entry.phrase is not None:
            if entry.phrase not in text:
                continue
            phrases.append((entry.character, text.count(entry.phrase)))
        if entry.ambiguous:
            if mid < 0:
                mid = _mid_sentence_count(text, token)
            if mid <= 0:
                continue
        else:
            plain = True
        candidates.append(entry.character)
    if not plain and mid >= 0:
        n = min(n, mid)
    if len(candidates) == 1:
        if phrases and mid < 0:
            return phrases  # only the whole form names it: its uses, not the token's
        return [(candidates[0], n)]
    if len(phrases) == len(candidates) > 1 and len({c for c, _n in phrases}) == len(phrases):
        return phrases
    if phrases and len(candidates) == len(phrases) + 1 and plain and mid < 0 and \
            not any(e.title for e in table.entries[token]):
        # "Mrs Morland" beside Catherine Morland: the phrase's uses are its own, the rest of
        # the token's the one whose plain name it is
        rest = n - sum(uses for _c, uses in phrases)
        bare = [c for c in candidates if c not in {c for c, _n in phrases}]
        return phrases + ([(bare[0], rest)] if rest > 0 and len(bare) == 1 else [])
    if candidates:
        shared.append((position, token, block, tuple(candidates), n))
    return []


def apply_characters(story: Story, totals: dict[str, int], factor: float = 1.0) -> dict[str, int]:
    """Stated characters keep their place and get counts; unstated ones are appended, most
    named first. Mentions counted in a sample are scaled by `factor` to the whole story (so
    they stay comparable across lengths); returns the scaled counts."""
    if factor > 1.0:
        totals = {name: max(1, round(n * factor)) for name, n in totals.items()}
    if not totals:
        return totals
    top = max(totals.values())
    characters = story.characters
    by_name = {c.name: c for c in characters}
    for name, n in totals.items():
        character = by_name.get(name)
        if character is None:
            characters.append(Character(name, False, n, round(n / top, 3)))
        else:
            character.mentions = n
            character.prominence = round(n / top, 3)
    # ties by name: the order names were found in must not matter (it follows set order)
    inferred = [c for c in characters if not c.stated]
    inferred.sort(key=_by_mentions)
    characters[:] = [c for c in characters if c.stated] + inferred
    return totals


def _by_mentions(character: Character) -> tuple[int, str]:
    return -character.mentions, character.name


def main_characters(story: Story, limit: int = 6) -> list[str]:
    """Characters a reader would call the story's leads: prominent ones, most named first."""
    ranked = sorted(story.characters, key=lambda c: (-c.prominence, -c.mentions))
    mains = [c.name for c in ranked if c.prominence >= 0.3 and c.mentions >= 2]
    if not mains:
        mains = [c.name for c in story.characters if c.stated][:2]
    return mains[:limit]


# A header's "Given S." or "Given A. A." (fanfiction.net lists a character by given name and
# initials): the knowledge resolves its own casts' ("Xander H." -> Xander Harris); what it
# leaves is unknown.
_INITIALLED = re.compile(r"^([A-Z][\w'\-]*(?: [A-Z][\w'\-]*)*)(?: [A-Z]\.)+$")


def header_initials(story: Story) -> None:
    """A stated "Tohru H." the knowledge left as written is named by its given name when the
    text uses that: the text never writes "Tohru H.", so its "Tohru" counted for a phrase
    nobody writes. Not its "Given Surname": a stated two-word name counts its surname alone
    nowhere, and the text's "Higgins" is counted as its own person only while unclaimed.
    Stated relationships holding it are renamed too."""
    renamed: dict[str, str] = {}
    for character in story.characters:
        m = _INITIALLED.match(character.name) if character.stated else None
        if m is not None and re.search(rf"(?<![\w'\-]){re.escape(m.group(1))}(?![\w\-])",
                                       story.body):
            renamed[character.name] = m.group(1)
    if not renamed:
        return
    merged: dict[str, Character] = {}
    for character in story.characters:
        character.name = renamed.get(character.name, character.name)
        seen = merged.get(character.name)
        if seen is None:
            merged[character.name] = character
        else:
            seen.stated = seen.stated or character.stated
            seen.mentions += character.mentions
    story.characters[:] = list(merged.values())
    for rel in story.relationships:
        if any(m in renamed for m in rel.members):
            rel.members = tuple(sorted(dict.fromkeys(renamed.get(m, m) for m in rel.members),
                                       key=str.casefold))
