"""Who appears in a story: names, aliases and nicknames counted in the fandom's context.

The name table for a set of fandoms is built once and cached. Matching is one regex pass per
block for capitalised tokens (and quote marks, to tell narration from dialogue) plus dict
lookups. Nicknames that are ordinary words ("Red", "Will", "Bones", "B") count only away from a
sentence start: mid-sentence or after a comma, as in "how you holding up, Red?". Real names
that are also words ("Dawn", "Faith") count anywhere: capitalised, they are nearly always names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.story import Character, Story
from bot.understanding.blocks import Block

# Capitalised tokens (with possessives and inner apostrophes/hyphens: "Teal'c", "G-man") and
# straight double quotes, which toggle dialogue.
_CAPS = re.compile(r'"|[A-Z][\w]*(?:[\'\-][\w]+)*')
_WORD = re.compile(r"[A-Z][\w]*(?:['\-][\w]+)*")
_INNER = re.compile(r"[\w'-]")  # characters a capitalised word can continue through

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


@dataclass(frozen=True, slots=True)
class NameEntry:
    character: str
    gender: str | None
    phrase: str | None = None  # the whole multi-word form that must be present
    ambiguous: bool = False  # an ordinary word: count only away from sentence starts


@dataclass(slots=True)
class NameTable:
    entries: dict[str, tuple[NameEntry, ...]]
    genders: dict[str, str | None]
    pattern: re.Pattern | None = None  # compiled on first use by count_names
    simple: dict[str, str] | None = None  # filled on first use by count_names


def _surface_forms(info) -> list[tuple[str, bool]]:
    """(form, is_nickname): real names count anywhere, informal nicknames need care."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", info.name).strip()
    forms = [(name, False)] + [(a, False) for a in getattr(info, "aliases", ())]
    forms += [(n, True) for n in getattr(info, "nicknames", ())]
    first = name.split()[0] if name.split() else ""
    if first and first.casefold() not in COMMON_WORDS and first.casefold() not in _TITLES:
        forms.append((first, False))
    return [(f.strip(), nick) for f, nick in forms if f and f.strip()]


def build_table(characters) -> NameTable:
    """Name table from CharacterInfo-like objects (name, aliases, nicknames, gender)."""
    entries: dict[str, list[NameEntry]] = {}
    genders: dict[str, str | None] = {}
    singles: dict[str, set[str]] = {}
    infos = list(characters)
    for info in infos:
        gender = getattr(info, "gender", None)
        genders[info.name] = gender if gender in ("f", "m") else None
        for form, _nick in _surface_forms(info):
            words = form.split()
            while len(words) > 1 and words[0].casefold() in _TITLES - {"mr.", "mrs.", "dr."}:
                words = words[1:]
            if len(words) == 1 and words[0][:1].isupper():
                singles.setdefault(info.name, set()).add(words[0])
    for info in infos:
        gender = genders[info.name]
        own = singles.get(info.name, set())
        for form, nickname in _surface_forms(info):
            words = form.split()
            stripped = len(words) > 1 and words[0].casefold() == "the"
            while len(words) > 1 and words[0].casefold() in _TITLES - {"mr.", "mrs.", "dr."}:
                words = words[1:]
            if not words or not words[0][:1].isupper():
                continue
            if len(words) == 1:
                token = words[0]
                # "the Watcher", "Red", "Will": ordinary words unless away from sentence starts
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


def _mid_sentence_count(text: str, token: str) -> int:
    """Occurrences of `token` not at a sentence start (so an ordinary word is not counted)."""
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
        if j >= 0 and text[j] not in '.!?"\'\n(—-:' :
            count += 1
    return count


def _name_pattern(table: NameTable) -> re.Pattern | None:
    """Every table token that can be a whole capitalised word, as one alternation (longest
    first) that must end where the word ends. The regex engine skips straight to the few
    capitals that can start a name instead of Python looking at every capitalised word."""
    if table.pattern is None:
        tokens = sorted((t for t in table.entries if _WORD.fullmatch(t)), key=len, reverse=True)
        if not tokens:
            return None
        table.pattern = re.compile(
            "(?:" + "|".join(map(re.escape, tokens)) + r")(?:'s)?(?!\w|['\-]\w)")
    return table.pattern


# Characters that cannot continue a capitalised word: a name right after one starts a word.
_BREAKS = frozenset(' \t\n"(),.;:!?*/[]{}<>|~…')


def _starts_token(text: str, i: int) -> bool:
    """Whether the left-to-right capitalised-word scan (`_CAPS`) starts a word at `i`:
    false inside a longer word ("McBuffy", "Won-Won")."""
    k = i
    while k and _INNER.match(text, k - 1):
        k -= 1
    while (found := _WORD.search(text, k, i + 1)) is not None:
        if found.start() == i:
            return True
        k = found.end()
        if k > i:
            return False
    return False


def _simple_names(table: NameTable) -> dict[str, str]:
    """Matched word -> character for words that always mean one character (no phrase to
    check, not an ordinary word): the common case, counted without further tests."""
    if table.simple is None:
        simple: dict[str, str] = {}
        for token, found in table.entries.items():
            if len(found) == 1 and found[0].phrase is None and not found[0].ambiguous:
                simple[token] = found[0].character
                if token + "'s" not in table.entries:
                    simple[token + "'s"] = found[0].character
        table.simple = simple
    return table.simple


def count_names(blocks: list[Block], table: NameTable) -> dict[str, int]:
    """Fill each block's names/narrated/order and return total mentions per character."""
    entries = table.entries
    totals: dict[str, int] = {}
    pattern = _name_pattern(table)
    if pattern is None:
        return totals
    simple = _simple_names(table)
    shared: list[tuple[Block, tuple[str, ...], bool]] = []
    for block in blocks:
        text = block.text
        names, narrated, order = block.names, block.narrated, block.order
        quoted = '"' in text
        quotes, seen = 0, 0
        checked: dict[str, int] = {}
        # Each match is the whole capitalised word a left-to-right scan would read there.
        for match in pattern.finditer(text):
            i = match.start()
            if i and text[i - 1] not in _BREAKS and not _starts_token(text, i):
                continue
            token = match.group()
            if quoted:
                quotes += text.count('"', seen, i)
                seen = i
            name = simple.get(token)
            if name is not None:
                if name in names:
                    names[name] += 1
                else:
                    order.append(name)
                    names[name] = 1
                if not quotes & 1:
                    narrated.add(name)
                continue
            found = entries.get(token)
            if found is None:
                if not token.endswith("'s"):
                    continue
                token = token[:-2]
                found = entries.get(token)
                if found is None:
                    continue
            candidates = []
            for entry in found:
                if entry.phrase is not None and entry.phrase not in text:
                    continue
                if entry.ambiguous:
                    # counted per block: how many uses sit away from a sentence start
                    if token not in checked:
                        checked[token] = _mid_sentence_count(text, token)
                    if checked[token] <= 0:
                        continue
                    checked[token] -= 1
                candidates.append(entry.character)
            if len(candidates) == 1:
                _add(block, candidates[0], quotes % 2 == 1)
            elif candidates:
                shared.append((block, tuple(candidates), quotes % 2 == 1))
    for block in blocks:  # in order of first mention, as the characters list is built
        for name, n in block.names.items():
            totals[name] = totals.get(name, 0) + n
    # A name two characters share ("Sam" in a crossover) goes to the one the story names more.
    for block, candidates, in_dialogue in shared:
        name = max(candidates, key=lambda c: totals.get(c, 0))
        _add(block, name, in_dialogue)
        totals[name] = totals.get(name, 0) + 1
    return totals


def _add(block: Block, name: str, in_dialogue: bool) -> None:
    names = block.names
    if name not in names:
        block.order.append(name)
        names[name] = 1
    else:
        names[name] += 1
    if not in_dialogue:
        block.narrated.add(name)


def apply_characters(story: Story, totals: dict[str, int]) -> None:
    """Stated characters keep their place and get counts; unstated ones are appended."""
    top = max(totals.values(), default=0)
    by_name = {c.name: c for c in story.characters}
    for name, n in totals.items():
        if n <= 0:
            continue
        character = by_name.get(name)
        if character is None:
            character = Character(name=name, stated=False)
            story.characters.append(character)
            by_name[name] = character
        character.mentions = n
        character.prominence = round(n / top, 3) if top else 0.0
    stated = [c for c in story.characters if c.stated]
    inferred = sorted((c for c in story.characters if not c.stated), key=lambda c: -c.mentions)
    story.characters[:] = stated + inferred


def main_characters(story: Story, limit: int = 6) -> list[str]:
    """Characters a reader would call the story's leads: prominent ones, most named first."""
    ranked = sorted(story.characters, key=lambda c: (-c.prominence, -c.mentions))
    mains = [c.name for c in ranked if c.prominence >= 0.3 and c.mentions >= 2]
    if not mains:
        mains = [c.name for c in story.characters if c.stated][:2]
    return mains[:limit]
