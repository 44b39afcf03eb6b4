"""The catalog learns from its own stories at the end of every ingest build.

The rules are `bot.knowledge.Knowledge.observe` (one copy, shared with `Knowledge.learn`); this
module only feeds it the catalog's rows, stores what it learned in the `learned` table and
applies learned ship tags to the stories that carry them: such a tag states its pairing exactly
as a known ship tag ("#spuffy") does, so the story gets that relationship as stated.

Applied changes are recorded in `learned_links`, which keeps learning honest and repeatable:
observation ignores what an earlier build applied (a learned tag never confirms itself), and a
story's applied changes are undone and redone only when what it should get differs. The result
depends on the set of stories alone, never on the order or number of ingests.

Cost: a few indexed queries and a Python pass over the stories that state exactly one main
pairing and carry tags, or belong to a fandom the knowledge files do not know.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from bot.catalog import writer
from bot.knowledge import Knowledge, LearnedFacts
from bot.knowledge.learn import LearnedShip
from bot.story import Relationship

# Stated main pairings that the files state (not added by an earlier learning pass).
_MAIN_PAIRINGS = """
    SELECT r.story, r.key, r.kind, r.members FROM relationships r
    WHERE r.stated = 1 AND r.modifier IS NULL AND NOT EXISTS (
        SELECT 1 FROM learned_links l
        WHERE l.story = r.story AND l.kind = 'relationship' AND l.name = r.key)
"""


def load_facts(conn: sqlite3.Connection) -> LearnedFacts:
    """The facts stored by the last build (none in a catalog older than the `learned` table)."""
    try:
        rows = conn.execute("SELECT kind, name, target, members, fandom, stories FROM learned "
                            "ORDER BY kind, stories DESC, name, target").fetchall()
    except sqlite3.OperationalError:
        return LearnedFacts()
    ships, cast = [], []
    for kind, name, target, members, fandom, stories in rows:
        if kind == "ship":
            members = tuple(json.loads(members))
            ship_kind = "romantic" if target == "/".join(members) else "platonic"
            ships.append(LearnedShip(name, members, ship_kind, fandom or "", stories))
        elif kind == "character":
            cast.append((target, name, stories))
    ships.sort(key=lambda s: (s.name.casefold(), s.name))
    cast.sort(key=lambda c: (c[0], -c[2], c[1].casefold(), c[1]))
    return LearnedFacts(tuple(ships), tuple(cast))


def learn(conn: sqlite3.Connection, knowledge: Knowledge) -> LearnedFacts:
    """Learn from every story in the catalog and store the facts (`apply` uses them)."""
    facts = _observe(conn, knowledge.copy())
    _store(conn, facts)
    return facts


def recast_fandoms(before: LearnedFacts, after: LearnedFacts) -> list[str]:
    """Unknown fandoms whose learned cast changed: their stories were analysed without it
    (bot.catalog.recast names their characters as the cast, reading no story again)."""
    old, new = before.casts(), after.casts()
    return sorted(f for f in set(old) | set(new) if set(old.get(f, ())) != set(new.get(f, ())))


def apply(conn: sqlite3.Connection, knowledge: Knowledge, facts: LearnedFacts) -> None:
    """Give every story carrying a learned ship tag that pairing, stated; undo stale links."""
    kb = knowledge.copy()
    kb.adopt(facts)
    _apply_ships(conn, kb, facts)


def _observe(conn: sqlite3.Connection, kb: Knowledge) -> LearnedFacts:
    main: defaultdict[int, list[Relationship]] = defaultdict(list)
    for story, _key, kind, members in conn.execute(_MAIN_PAIRINGS):
        main[story].append(Relationship(tuple(json.loads(members)), kind=kind, stated=True))
    tags: defaultdict[int, list[str]] = defaultdict(list)
    for story, tag in conn.execute(
            f"WITH main AS (SELECT story FROM ({_MAIN_PAIRINGS}) GROUP BY story "
            "HAVING COUNT(*) = 1) SELECT t.story, t.tag FROM main JOIN tags t "
            "ON t.story = main.story AND t.kind = 'tag' ORDER BY t.story, t.ord"):
        tags[story].append(tag)
    unknown = [name for (name,) in conn.execute("SELECT DISTINCT name FROM fandoms")
               if name not in kb.fandoms]
    in_unknown = _in_fandoms(conn, unknown)
    characters: defaultdict[int, list[str]] = defaultdict(list)
    if in_unknown:
        for story, name in conn.execute(
                "SELECT c.story, c.name FROM characters c WHERE c.stated = 1 AND c.story IN "
                f"(SELECT story FROM fandoms WHERE name IN ({_marks(unknown)})) AND NOT EXISTS "
                "(SELECT 1 FROM learned_links l WHERE l.story = c.story "
                "AND l.kind = 'character' AND l.name = c.name)", unknown):
            characters[story].append(name)
    stories = sorted(set(tags) | in_unknown)
    fandoms = _fandoms_of(conn, stories)
    for story in stories:
        kb.observe(fandoms.get(story, []), main.get(story, []), tags.get(story, []),
                   characters.get(story, []))
    return kb.learned()


def _in_fandoms(conn: sqlite3.Connection, names: list[str]) -> set[int]:
    if not names:
        return set()
    return {s for (s,) in conn.execute(
        f"SELECT story FROM fandoms WHERE name IN ({_marks(names)})", names)}


def _fandoms_of(conn: sqlite3.Connection, stories: list[int]) -> dict[int, list[str]]:
    out: defaultdict[int, list[str]] = defaultdict(list)
    if stories:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS learn_stories (story INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.learn_stories")
        conn.executemany("INSERT INTO temp.learn_stories VALUES (?)", [(s,) for s in stories])
        for story, name in conn.execute(
                "SELECT f.story, f.name FROM temp.learn_stories s JOIN fandoms f "
                "ON f.story = s.story ORDER BY f.story, f.ord"):
            out[story].append(name)
        conn.execute("DROP TABLE temp.learn_stories")
    return out


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


def _store(conn: sqlite3.Connection, facts: LearnedFacts) -> None:
    conn.execute("DELETE FROM learned")
    conn.executemany(
        "INSERT OR REPLACE INTO learned VALUES ('ship', ?, ?, ?, ?, ?)",
        [(s.name, s.key.label, json.dumps(list(s.members)), s.fandom, s.stories)
         for s in facts.ships])
    conn.executemany("INSERT OR REPLACE INTO learned VALUES ('character', ?, ?, NULL, NULL, ?)",
                     [(name, fandom, stories) for fandom, name, stories in facts.cast])


def _apply_ships(conn: sqlite3.Connection, kb: Knowledge, facts: LearnedFacts) -> None:
    carriers: defaultdict[int, list[str]] = defaultdict(list)
    for learned in facts.ships:
        for story, tag in conn.execute(
                "SELECT story, tag FROM tags WHERE tag IN (?, ?) COLLATE NOCASE "
                "AND kind = 'tag'", (learned.name, "#" + learned.name)):
            carriers[story].append(tag)
    fandoms = _fandoms_of(conn, sorted(carriers))
    have: defaultdict[int, set[str]] = defaultdict(set)
    for story, key in conn.execute(
            "SELECT story, name FROM learned_links WHERE kind = 'relationship'"):
        have[story].add(key)
    wanted: dict[int, dict[str, Relationship]] = {}
    for story, story_tags in sorted(carriers.items()):
        for tag in sorted(set(story_tags)):
            ship = kb.ship_tag(tag, fandoms.get(story, []))
            if ship is None:
                continue
            rel = Relationship(ship.members, kind=ship.kind, stated=True)
            label = rel.key.label
            if label in have[story] or not _states(conn, story, label):
                wanted.setdefault(story, {})[label] = rel
    for story in sorted(set(have) | set(wanted)):
        rels = wanted.get(story, {})
        if have.get(story, set()) == set(rels):
            continue
        _undo(conn, story)
        for key in sorted(rels):
            _link(conn, story, rels[key])
        writer.refresh_search_names(conn, story)


def _states(conn: sqlite3.Connection, story: int, key: str) -> bool:
    """Whether the story states this relationship (a linked one is checked by the caller)."""
    row = conn.execute("SELECT stated FROM relationships WHERE story = ? AND key = ?",
                       (story, key)).fetchone()
    return bool(row and row[0])


def _undo(conn: sqlite3.Connection, story: int) -> None:
    for kind, name, previous in conn.execute(
            "SELECT kind, name, previous FROM learned_links WHERE story = ? "
            "AND kind IN ('relationship', 'character')", (story,)).fetchall():
        if kind == "relationship" and previous is None:
            conn.execute("DELETE FROM relationships WHERE story = ? AND key = ?", (story, name))
        elif kind == "relationship":
            confidence, modifier = json.loads(previous)
            conn.execute("UPDATE relationships SET stated = 0, confidence = ?, modifier = ? "
                         "WHERE story = ? AND key = ?", (confidence, modifier, story, name))
        elif previous is None:
            conn.execute("DELETE FROM characters WHERE story = ? AND name = ?", (story, name))
        else:
            conn.execute("UPDATE characters SET stated = 0 WHERE story = ? AND name = ?",
                         (story, name))
    conn.execute("DELETE FROM learned_links WHERE story = ? "
                 "AND kind IN ('relationship', 'character')", (story,))


def _link(conn: sqlite3.Connection, story: int, rel: Relationship) -> None:
    """State `rel` in `story` (which does not state it itself) and record what changed."""
    row = conn.execute("SELECT stated, confidence, modifier FROM relationships "
                       "WHERE story = ? AND key = ?", (story, rel.key.label)).fetchone()
    if row is None:
        order = conn.execute("SELECT COALESCE(MAX(ord) + 1, 0) FROM relationships "
                             "WHERE story = ?", (story,)).fetchone()[0]
        conn.execute("INSERT INTO relationships VALUES (?, ?, ?, ?, 1, NULL, 1.0, ?)",
                     (story, rel.key.label, rel.kind, json.dumps(list(rel.members)), order))
        previous = None
    else:
        conn.execute("UPDATE relationships SET stated = 1, confidence = 1.0, modifier = NULL "
                     "WHERE story = ? AND key = ?", (story, rel.key.label))
        previous = json.dumps([row[1], row[2]])
    conn.execute("INSERT INTO learned_links VALUES (?, 'relationship', ?, ?)",
                 (story, rel.key.label, previous))
    for member in rel.members:
        found = conn.execute("SELECT stated FROM characters WHERE story = ? AND name = ?",
                             (story, member)).fetchone()
        if found is None:
            conn.execute("INSERT INTO characters VALUES (?, ?, 1, 0, 0)", (story, member))
            conn.execute("INSERT OR IGNORE INTO learned_links VALUES (?, 'character', ?, NULL)",
                         (story, member))
        elif not found[0]:
            conn.execute("UPDATE characters SET stated = 1 WHERE story = ? AND name = ?",
                         (story, member))
            conn.execute("INSERT OR IGNORE INTO learned_links VALUES (?, 'character', ?, '0')",
                         (story, member))
