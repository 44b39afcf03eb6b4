"""Lookups beside the free request: a pairing, a character, a mood, a random pick, a title,
catalog statistics, and the alternatives offered when a request matches nothing."""

from __future__ import annotations

import random
import sqlite3

from rapidfuzz import fuzz, process

from bot.search.cards import ids_json, load_cards, row_range
from bot.search.model import (
    CatalogStats,
    CharacterReport,
    Filters,
    PairingReport,
    StoryCard,
    nothing_is,
)
from bot.search.parts import Part, either_values
from bot.search.rank import filter_sql
from bot.search.request import Parsed, parse
from bot.search.text import MOOD_WORDS, fold
from bot.search.titlerank import TitleRanks
from bot.search.vocab import Vocabulary
from bot.search.wordsearch import WordHits, fts_phrase, porter_stem
from bot.vocabulary import MOODS, RelationshipKey

TITLE_ACCEPT = 0.8
_LATEST = "coalesce(s.updated, s.published)"
# A list's order, term by term (expression, descending); the last term is the row id
Order = tuple[tuple[str, bool], ...]
_ORDERS: dict[str, Order] = {
    "newest": ((f"{_LATEST} IS NULL", False), (_LATEST, True), ("s.n", True)),
    "words": (("s.words", True), ("s.n", False)),
    "title": (("s.title IS NULL", False), ("s.title COLLATE NOCASE", False), ("s.n", False))}
# A page's stories as (sort key, row id), to merge one list's with another's (a server's
# uploads with the catalog's): compared in Python as SQLite ordered them
Ranked = list[tuple[tuple, int]]


def _order(order: str, best: Order) -> Order:
    """A list's order: its own best-match order, or one of the others in LIST_ORDERS."""
    return _ORDERS.get(order, best)


class _Desc:
    """A sort-key term ordered high to low."""

    __slots__ = ("value",)

    def __init__(self, value: tuple) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value

    def __lt__(self, other: _Desc) -> bool:
        return other.value < self.value

    __hash__ = None  # type: ignore[assignment]


def _sort_key(values: tuple, order: Order) -> tuple:
    """A row's terms as SQLite orders them: NULL first ascending (last descending), text
    without ASCII case (NOCASE)."""
    out = []
    for value, (_expr, descending) in zip(values, order, strict=True):
        term = (value is not None, value.lower() if isinstance(value, str) else value)
        out.append(_Desc(term) if descending else term)
    return tuple(out)


def _cards(conn: sqlite3.Connection, numbers: list[int]) -> tuple[StoryCard, ...]:
    cards = load_cards(conn, numbers)
    return tuple(cards[n] for n in numbers if n in cards)


def _where(filters: Filters) -> tuple[str, list]:
    return filter_sql(filters)


def nearest_pairings(vocab: Vocabulary, key: str, limit: int = 3) -> list[tuple[str, int]]:
    members = RelationshipKey.parse(key).members
    seen: dict[str, int] = {}
    for member in members:
        for other, count in vocab.relationships_with(member)[:limit]:
            if other != key:
                seen.setdefault(other, count)
    return sorted(seen.items(), key=lambda p: (-p[1], p[0]))[:limit]


def _missing_pairing(vocab: Vocabulary, key: str) -> str:
    near = nearest_pairings(vocab, key)
    text = f"no {key} in the catalog"
    if near:
        text += "; nearest: " + ", ".join(f"{k} ({c})" for k, c in near)
    return text


def _filters_text(filters: Filters) -> str:
    parts = []
    if filters.rating_max != "explicit":
        parts.append(f"rated {filters.rating_max} or lower")
    if filters.complete_only:
        parts.append("complete")
    if filters.fandoms:
        parts.append("in " + ", ".join(filters.fandoms))
    if filters.min_words or filters.max_words:
        parts.append(f"{filters.min_words or 0}-{filters.max_words or '∞'} words")
    return ", ".join(parts)


def nearest_fandoms(vocab: Vocabulary, text: str, limit: int = 3) -> list[tuple[str, int]]:
    """The catalog's fandoms whose names (or their aliases) read most like `text`."""
    counts = vocab.counts.get("fandom", {})
    names: dict[str, str] = {}
    for phrase, entities in vocab.phrases.items():
        for entity in entities:
            if entity.kind == "fandom" and counts.get(entity.value, 0) > 0:
                names.setdefault(phrase, entity.value)
    found: dict[str, int] = {}
    # in their own order: a shelf's carried vocabulary holds its phrases in another
    for phrase, _score, _i in process.extract(fold(text), sorted(names), scorer=fuzz.WRatio,
                                              limit=12, score_cutoff=NEAR_FANDOM):
        found.setdefault(names[phrase], counts[names[phrase]])
    return list(found.items())[:limit]


NEAR_FANDOM = 80  # WRatio from which a fandom's name reads like what was typed


def _biggest_fandoms(vocab: Vocabulary, limit: int = 3) -> str:
    counts = vocab.counts.get("fandom", {})
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return ", ".join(f"{name} ({n})" for name, n in top)


def unknown_fandom(vocab: Vocabulary, text: str) -> str:
    """ "no fandom “Naruto” in the catalog; nearest: …" for a fandom option it lacks."""
    near = nearest_fandoms(vocab, text)
    line = f"no fandom “{text[:60]}” in the catalog"
    if near:
        return line + "; nearest: " + ", ".join(f"{name} ({n})" for name, n in near)
    return line + "; it has most of " + _biggest_fandoms(vocab)


def missing_parts(vocab: Vocabulary, parsed: Parsed, parts: list[Part],
                  hits: WordHits) -> list[str]:
    """What the catalog has nothing of at all: a fandom, a word, a trope ("no story mentions
    “elevator”"), so a near miss is explained."""
    out = []
    counts = vocab.counts.get("fandom", {})
    for part in parts:
        if part.negated:
            continue
        if part.kind == "fandom" and not any(counts.get(f, 0) for f in either_values(part)):
            near = nearest_fandoms(vocab, part.label)
            out.append(f"no {part.value} stories in the catalog"
                       + ("; nearest: " + ", ".join(f"{n} ({c})" for n, c in near)
                          if near else "; it has most of " + _biggest_fandoms(vocab)))
        elif part.kind in {"word", "tag"} and part.key in hits.absent:
            out.append(f"no story mentions “{part.label}”")
        elif part.kind == "crossover" and not parsed.fandoms:
            continue
    return out


def alternatives(conn: sqlite3.Connection, vocab: Vocabulary, parsed: Parsed,
                 filters: Filters, parts: list[Part], explained: bool = False) -> list[str]:
    """Why nothing (or only a near miss) was found, and what to try; `explained` when the
    catalog's lack of a part is already said (no generic line then)."""
    out = []
    counts = vocab.counts.get("relationship", {})
    for key, _c, _k in parsed.relationships:
        if counts.get(key, 0) == 0:
            out.append(_missing_pairing(vocab, key))
    if not parts:
        shown = parsed.text.strip()[:60] or "an empty request"
        out.append(f"nothing I know in “{shown}”: try a pairing (Spike/Buffy, spuffy), a "
                   "character (Willow, Red), a mood (fluff, angst, something sad) or a fandom")
        return out
    if not out and not parsed.missing_members and not explained:
        limits = _filters_text(filters)
        out.append(nothing_is(tuple(p.shown() for p in parts))
                   + (f" ({limits})" if limits else "") + "; try fewer words or a wider filter")
        for name, _c in parsed.characters[:1]:
            near = vocab.relationships_with(name)[:3]
            if near:
                out.append(f"{name} appears in: " + ", ".join(f"{k} ({c})" for k, c in near))
    return out


def pairing(conn: sqlite3.Connection, vocab: Vocabulary, text: str, filters: Filters,
            offset: int, limit: int, order: str = "best",
            ranked: Ranked | None = None) -> PairingReport:
    parsed = parse(text, vocab)
    if not parsed.relationships:
        hints: list[str] = []
        for name, _c in parsed.characters[:1]:
            near = vocab.relationships_with(name)[:5]
            hints.append(f"{name} is a character; pairings: "
                         + ", ".join(f"{k} ({c})" for k, c in near) if near
                         else f"{name} is in no pairing in the catalog")
        if not hints:
            hints.append(f"not a pairing I know: “{text[:60]}” (try Spike/Buffy or spuffy)")
        return PairingReport(None, (), 0, (), (), tuple(hints))
    key = parsed.relationships[0][0]
    where, params = _where(filters)
    base = f"FROM relationships r JOIN stories s ON s.n = r.story WHERE r.key = ? AND {where}"
    total, numbers = _page(conn, "r.story", base,
                           _order(order, (("r.stated", True), ("r.confidence", True),
                                          ("r.ord", False), ("s.n", False))),
                           [key, *params], offset, limit, ranked)
    related = nearest_pairings(vocab, key, limit=8)
    alts: tuple[str, ...] = ()
    if total == 0:
        if vocab.counts.get("relationship", {}).get(key, 0) == 0:
            alts = (_missing_pairing(vocab, key),)
        else:
            alts = (f"no {key} story {_filters_text(filters) or 'with these filters'}",)
    return PairingReport(key, vocab.ships_of(key), total, _cards(conn, numbers),
                         tuple(related), alts)


def _page(conn: sqlite3.Connection, column: str, base: str, order: Order, params: list,
          offset: int, limit: int, ranked: Ranked | None = None) -> tuple[int, list[int]]:
    """(how many stories `base` matches, the row ids of one page of them, at most 50).

    With `ranked`, no page: it receives the first `limit` stories (any number) with their
    sort keys, for a caller that merges lists and loads only the cards it shows."""
    total = conn.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
    by = ", ".join(f"{expr} DESC" if descending else expr for expr, descending in order)
    if ranked is not None:
        terms = ", ".join(expr for expr, _descending in order)
        ranked.extend((_sort_key(tuple(row[1:]), order), row[0]) for row in conn.execute(
            f"SELECT {column}, {terms} {base} ORDER BY {by} LIMIT ?",
            [*params, max(0, limit)]))
        return total, []
    numbers = [r[0] for r in conn.execute(
        f"SELECT {column} {base} ORDER BY {by} LIMIT ? OFFSET ?",
        [*params, max(1, min(limit, 50)), max(0, offset)])]
    return total, numbers


def character(conn: sqlite3.Connection, vocab: Vocabulary, text: str, filters: Filters,
              offset: int, limit: int, order: str = "best",
              ranked: Ranked | None = None) -> CharacterReport:
    parsed = parse(text, vocab)
    names = [n for n, _c in parsed.characters]
    if not names and parsed.relationships:
        names = list(RelationshipKey.parse(parsed.relationships[0][0]).members[:1])
    if not names:
        return CharacterReport(None, 0, (), (f"not a character I know: “{text[:60]}”",))
    name = names[0]
    where, params = _where(filters)
    base = f"FROM characters c JOIN stories s ON s.n = c.story WHERE c.name = ? AND {where}"
    total, numbers = _page(conn, "c.story", base,
                           _order(order, (("c.prominence", True), ("c.stated", True),
                                          ("s.n", False))),
                           [name, *params], offset, limit, ranked)
    alts = () if total else (f"no {name} story {_filters_text(filters) or 'in the catalog'}",)
    return CharacterReport(name, total, _cards(conn, numbers), alts)


def mood_of(vocab: Vocabulary, text: str) -> str | None:
    folded = fold(text)
    if folded.replace(" ", "-") in MOODS:
        return folded.replace(" ", "-")
    if folded in MOOD_WORDS:
        return MOOD_WORDS[folded]
    moods = parse(text, vocab).moods
    return moods[0][0] if moods else None


def by_mood(conn: sqlite3.Connection, vocab: Vocabulary, text: str, filters: Filters,
            offset: int, limit: int, order: str = "best",
            ranked: Ranked | None = None) -> tuple[int, tuple[StoryCard, ...]]:
    mood = mood_of(vocab, text)
    if mood is None:
        return 0, ()
    where, params = _where(filters)
    base = (f"FROM moods m JOIN stories s ON s.n = m.story WHERE m.mood = ? AND m.score >= 0.3 "
            f"AND {where}")
    total, numbers = _page(conn, "m.story", base,
                           _order(order, (("m.score", True), ("s.n", False))),
                           [mood, *params], offset, limit, ranked)
    return total, _cards(conn, numbers)


def random_pick(conn: sqlite3.Connection, vocab: Vocabulary, filters: Filters,
                fandom: str | None, mood: str | None, rng: random.Random) -> StoryCard | None:
    """A random story within the filters: a random row id probe, so every story has a chance
    and the cost does not grow with the catalog."""
    if fandom:
        found = parse(f"in {fandom}", vocab).fandoms
        filters = Filters(**{**_as_dict(filters),
                             "fandoms": (found[0][0],) if found else (fandom,)})
    where, params = _where(filters)
    if mood:
        name = mood_of(vocab, mood)
        if name is None:
            return None
        rows = conn.execute(
            f"SELECT m.story, m.score FROM moods m JOIN stories s ON s.n = m.story "
            f"WHERE m.mood = ? AND m.score >= 0.3 AND {where} ORDER BY m.score DESC LIMIT 300",
            [name, *params]).fetchall()
        if not rows:
            return None
        n = rng.choices([r[0] for r in rows], weights=[r[1] for r in rows])[0]
        return load_cards(conn, [n]).get(n)
    low, high = row_range(conn)
    if low is None or high is None:
        return None
    for _attempt in range(4):
        start = rng.randint(low, high)
        row = conn.execute(f"SELECT s.n FROM stories s WHERE s.n >= ? AND {where} "
                           "ORDER BY s.n LIMIT 1", [start, *params]).fetchone()
        row = row or conn.execute(f"SELECT s.n FROM stories s WHERE {where} ORDER BY s.n "
                                  "LIMIT 1", params).fetchone()
        if row:
            return load_cards(conn, [row[0]]).get(row[0])
    return None


def _as_dict(filters: Filters) -> dict:
    return {name: getattr(filters, name) for name in Filters.__slots__}


COMMON_TITLE_WORD = 1000  # titles holding a word beyond which it is not searched alone
RANKED_TITLES = 100  # the titles the ranked OR query keeps, best first


def title_scores(conn: sqlite3.Connection, words: list[str], wanted: str,
                 filters: Filters | None = None, vocab: Vocabulary | None = None,
                 ranks: TitleRanks | None = None,
                 seen: dict[int, str] | None = None) -> dict[int, float]:
    """Stories whose title the words spell (typos corrected upstream), similarity 0..1;
    `seen` gets the titles of those accepted (story -> title), for the caller's own use.

    Titles holding all the words come from one AND query; titles holding any rare word from
    a ranked OR query (ordered from the words' kept rows when `ranks` keeps them). A common
    word alone ("the", "night") never drives a ranked scan."""
    words = list(dict.fromkeys(w for w in words if w not in {"/", "&"}))[:12]
    if not words:
        return {}
    where, params = _where(filters) if filters else ("1", [])
    unranked = "SELECT rowid FROM title_fts WHERE title_fts MATCH ? LIMIT 100"
    queries = [(unranked, fts_phrase(words))]
    rare = [fts_phrase([w]) for w in words
            if vocab is None or vocab.title_word_stories(w) <= COMMON_TITLE_WORD]
    first = ranks.first(conn, rare, RANKED_TITLES) if rare and ranks is not None else None
    if first is not None:
        queries.append(("SELECT value AS rowid FROM json_each(?)", ids_json(first)))
    elif rare:
        queries.append((unranked.replace("LIMIT", "ORDER BY rank LIMIT"), " OR ".join(rare)))
    out: dict[int, float] = {}
    for source, query in queries:
        for n, title in conn.execute(
                f"SELECT s.n, s.title FROM ({source}) f CROSS JOIN stories s ON s.n = f.rowid "
                f"WHERE {where} LIMIT 40", [query, *params]):
            folded = fold(title or "")
            if not folded or n in out:
                continue
            whole = fuzz.ratio(folded, wanted) / 100
            inside = fuzz.partial_ratio(folded, wanted) / 100 if len(folded) >= 6 else 0
            similarity = max(whole, inside * 0.95)
            if similarity >= TITLE_ACCEPT:
                out[n] = round(similarity, 3)
                if seen is not None:
                    seen[n] = title or ""
    return out


def find_title(conn: sqlite3.Connection, vocab: Vocabulary, text: str,
               filters: Filters, ranks: TitleRanks | None = None) -> StoryCard | None:
    parsed = parse(text, vocab)
    scores = title_scores(conn, parsed.title_words, fold(text), filters, vocab, ranks)
    if not scores:
        return None
    best = max(scores, key=lambda n: (scores[n], -n))
    return load_cards(conn, [best]).get(best)


def title_suggestions(conn: sqlite3.Connection, vocab: Vocabulary, partial: str,
                      filters: Filters, limit: int) -> list[tuple[str, str]]:
    """Titles for a partial string. The last, unfinished word is completed from the in-memory
    title words (most used first), never by an FTS prefix scan, so a one-letter prefix costs
    the same as a long one."""
    words = [w for w in fold(partial[:100]).split() if w not in {"/", "&"}]
    where, params = _where(filters)
    if not words:
        rows = conn.execute("SELECT s.title, s.id FROM stories s WHERE s.title IS NOT NULL "
                            f"AND {where} ORDER BY s.n LIMIT ?", [*params, limit]).fetchall()
        return _with_authors(conn, rows)
    last = words[-1]
    # The unfinished word as typed (the stemmed title index matches "writing" to "Write"),
    # completed from title words first ("k" -> "keep"), then from any catalog word.
    in_titles = [w for w in vocab.prefix_words(last, 60) if w in vocab.title_words][:6]
    endings = list(dict.fromkeys([last, *in_titles, *vocab.prefix_words(last, 3)]))
    head = words[:-1]
    rows = _titles_matching(conn, head, endings, where, params, limit)
    if not rows:  # a misspelt word: the finished ones corrected, then the last one too
        fixed_head = [_corrected(vocab, w) for w in head]
        if fixed_head != head:
            rows = _titles_matching(conn, fixed_head, endings, where, params, limit)
        fixed = _corrected(vocab, last)
        if not rows and fixed != last:
            rows = _titles_matching(conn, fixed_head, [fixed], where, params, limit)
    return _with_authors(conn, rows)


def _with_authors(conn: sqlite3.Connection, rows: list[tuple[str, str]]
                  ) -> list[tuple[str, str]]:
    """Titles as choices; two stories of one title tell themselves apart by their author
    ("Home — by nightshade")."""
    titles = [t.casefold() for t, _i in rows]
    shared = [i for t, i in rows if titles.count(t.casefold()) > 1]
    by: dict[str, str] = {}
    if shared:
        for sid, name in conn.execute(
                "SELECT s.id, a.name FROM stories s JOIN authors a ON a.story = s.n "
                f"WHERE s.id IN ({', '.join('?' * len(shared))}) ORDER BY s.id, a.ord",
                shared):
            by.setdefault(sid, name)
    out = []
    for title, sid in rows:
        label = f"{title} — by {by[sid]}" if sid in by else title
        out.append((label[:100], sid))
    return out


def _corrected(vocab: Vocabulary, word: str) -> str:
    """The title word a typo meant ("gardn" -> "garden", "stiches" -> "stitch"), else the word
    itself: the typed word's Porter stem (what the title index holds) corrected against the
    titles' own words, then against every known word."""
    stem = porter_stem(word)
    fixed_title = vocab.correct_title_word(stem)
    if fixed_title:
        return fixed_title
    fixed = vocab.correct(word)
    return fixed[0] if fixed else word


def _titles_matching(conn: sqlite3.Connection, head: list[str], endings: list[str], where: str,
                     params: list, limit: int) -> list[tuple[str, str]]:
    last_word = f"({' OR '.join(fts_phrase([e]) for e in endings)})"
    # FTS5 needs an explicit AND before a parenthesised group.
    query = f"{fts_phrase(head)} AND {last_word}" if head else last_word
    return conn.execute(
        "SELECT s.title, s.id FROM (SELECT rowid FROM title_fts WHERE title_fts MATCH ? "
        "LIMIT ?) f CROSS JOIN stories s ON s.n = f.rowid "
        f"WHERE s.title IS NOT NULL AND {where} LIMIT ?",
        [query, limit * 4, *params, limit]).fetchall()


def eligible_ids(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    where, params = _where(filters)
    return [r[0] for r in conn.execute(f"SELECT s.id FROM stories s WHERE {where} ORDER BY s.n",
                                       params)]


def stats(conn: sqlite3.Connection, vocab: Vocabulary) -> CatalogStats:
    stories, words = conn.execute("SELECT COUNT(*), COALESCE(SUM(words), 0) FROM stories"
                                  ).fetchone()
    built = conn.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()

    def top(kind: str, n: int = 10) -> tuple[tuple[str, int], ...]:
        items = vocab.counts.get(kind, {}).items()
        return tuple(sorted(items, key=lambda p: (-p[1], p[0]))[:n])

    return CatalogStats(stories, words, top("fandom"), top("relationship"), top("mood"),
                        built[0] if built else None, top("character"))


BEING_STORIES = 20000  # stories read for the fandoms a kind of being appears in


def being_fandoms(conn: sqlite3.Connection, vocab: Vocabulary, parsed: Parsed) -> None:
    """ "fandoms with vampires": the fandoms of the stories that hold one of the beings (from
    a bounded stretch of them), as one part either of them meets, or that none may meet. A
    kind of being no story holds leaves the words as they were said: no part is made up."""
    for word, negated, position, label in parsed.being_fandoms:
        names = list(vocab.beings.get(word, ()))
        rows = conn.execute(
            "SELECT DISTINCT f.name FROM (SELECT story FROM characters WHERE name IN "
            f"({', '.join('?' * len(names))}) LIMIT {BEING_STORIES}) c "
            "JOIN fandoms f ON f.story = c.story ORDER BY f.name", names).fetchall()
        fandoms = tuple(name for (name,) in rows)
        if fandoms and negated:
            parsed.grouped.append((position, Part("fandom", " or ".join(fandoms), label,
                                                  True, fandoms)))
        elif fandoms:  # asked: the fandoms' stories are the candidates, either meets it
            for name in fandoms:
                parsed.fandoms.append((name, 0.9))
                parsed.note("fandom", name, False, position, label)
            if len(fandoms) > 1:
                parsed.either.append(("fandom", fandoms))
        else:
            parsed.note("word", word, negated, position, label)
            (parsed.exclude_tags if negated else parsed.free_words).append(word)
    parsed.being_fandoms = []
