"""A learned cast applied to the stories already in the catalog, without reading one again.

When the catalog learns an unknown fandom's cast (bot.catalog.learning), the stories of that
fandom were analysed without it. They need not be parsed and analysed again: their text was
already read for names (bot.understanding.people), so each story's characters table holds the
people its text names, with their mentions. What the second pass would change is only their
names: "Ilsa" or "Ilsa Varne" is the learned "Captain Ilsa Varne". So the characters the story
does not state are renamed to the cast member whose name or short form they are (merged with
that member's row when the story has one), and the same rename is made in its relationships,
their evidence and its passages.

Every rename is recorded in `learned_links` (kind 'rename', name = the name as found, previous
= JSON [the cast name, the mentions moved, whether the cast name's row was there before]), so
the next build undoes it exactly before applying the cast it learns then: the result depends on
the stories alone, never on the order or number of ingests.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from bot.catalog import writer
from bot.catalog.stored import pack_passages, passage_places
from bot.knowledge import Knowledge, LearnedFacts
from bot.vocabulary import RelationshipKey


def recast(conn: sqlite3.Connection, knowledge: Knowledge, facts: LearnedFacts,
           fandoms: list[str]) -> int:
    """Rename the text-found characters of these fandoms' stories to their learned cast (and
    undo the renames an earlier cast made); give a story that states no fandom the learned
    fandom its names belong to. Returns the number of stories changed."""
    kb = knowledge.copy()
    kb.adopt(LearnedFacts(cast=facts.cast))
    changed = _infer_fandoms(conn, kb, facts)
    if not fandoms:
        return changed
    for story, names in _stories_of(conn, fandoms).items():
        forms = _forms(kb, names)
        done = _undo(conn, story)
        renames = _renames(conn, story, forms)
        for found, cast_name in renames.items():
            _rename(conn, story, found, cast_name)
        if renames:
            _prominence(conn, story)
        if done or renames:
            writer.refresh_search_names(conn, story)
            changed += 1
    return changed


# A story that states no fandom belongs to a learned one when its text names two of that
# fandom's cast, or one by a full name ("Ilsa Varne"), and no other learned fandom as well.
def _infer_fandoms(conn: sqlite3.Connection, kb: Knowledge, facts: LearnedFacts) -> int:
    """Undo the fandoms an earlier build gave stories from learned casts, then give them
    again from the casts learned now (recorded as learned_links kind 'fandom')."""
    bare = [s for (s,) in conn.execute(
        "SELECT DISTINCT story FROM learned_links WHERE kind = 'fandom'")]
    for story in bare:
        _undo(conn, story)
        conn.execute("DELETE FROM fandoms WHERE story = ?", (story,))
        conn.execute("DELETE FROM inferred_fandoms WHERE story = ?", (story,))
        conn.execute("DELETE FROM learned_links WHERE story = ? AND kind = 'fandom'", (story,))
        writer.refresh_search_names(conn, story)
    casts = facts.casts()
    if not casts:
        return len(bare)
    forms = {fandom: _forms(kb, [fandom]) for fandom in casts}
    changed = set(bare)
    for story, in conn.execute(
            "SELECT n FROM stories s WHERE NOT EXISTS "
            "(SELECT 1 FROM fandoms f WHERE f.story = s.n) ORDER BY n").fetchall():
        names = [n for (n,) in conn.execute(
            "SELECT name FROM characters WHERE story = ? AND stated = 0", (story,))]
        fandom = _fandom_of(names, forms)
        if fandom is None:
            continue
        conn.execute("INSERT INTO fandoms VALUES (?, 0, ?)", (story, fandom))
        conn.execute("INSERT INTO inferred_fandoms (story, name) VALUES (?, ?)", (story, fandom))
        conn.execute("INSERT INTO learned_links VALUES (?, 'fandom', ?, NULL)", (story, fandom))
        for found, cast_name in _renames(conn, story, forms[fandom]).items():
            _rename(conn, story, found, cast_name)
        _prominence(conn, story)
        writer.refresh_search_names(conn, story)
        changed.add(story)
    return len(changed)


def _fandom_of(names: list[str], forms: dict[str, dict[str, str]]) -> str | None:
    votes = {}
    for fandom, known in forms.items():
        members = {known[n.casefold()] for n in names if n.casefold() in known}
        full = any(" " in n and n.casefold() in known for n in names)
        if len(members) >= 2 or full:
            votes[fandom] = len(members)
    if not votes:
        return None
    best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return best[0][0] if len(best) == 1 or best[1][1] < best[0][1] else None


def _stories_of(conn: sqlite3.Connection, fandoms: list[str]) -> dict[int, list[str]]:
    """Each story of these fandoms -> the fandoms (of these) it belongs to."""
    marks = ", ".join("?" * len(fandoms))
    out: defaultdict[int, list[str]] = defaultdict(list)
    for story, name in conn.execute(
            f"SELECT story, name FROM fandoms WHERE name IN ({marks}) ORDER BY story, ord",
            fandoms):
        out[story].append(name)
    return dict(out)


def _forms(kb: Knowledge, fandoms: list[str]) -> dict[str, str]:
    """Casefolded name or short form -> the learned cast member it names (a form two members
    share names neither)."""
    forms: dict[str, str | None] = {}
    for info in kb.characters_in(fandoms):
        for form in (info.name, *info.aliases):
            key = form.casefold()
            forms[key] = info.name if forms.get(key, info.name) == info.name else None
    return {k: v for k, v in forms.items() if v is not None}


def _renames(conn: sqlite3.Connection, story: int, forms: dict[str, str]) -> dict[str, str]:
    """The story's unstated characters that are a learned cast member under another name."""
    out = {}
    for name, in conn.execute("SELECT name FROM characters WHERE story = ? AND stated = 0 "
                              "ORDER BY name", (story,)):
        cast_name = forms.get(name.casefold())
        if cast_name is None:  # "Ilsa Varne": its words may name the member ("Ilsa")
            words = {forms.get(word.casefold()) for word in name.split()} - {None}
            cast_name = words.pop() if len(words) == 1 and len(name.split()) > 1 else None
        if cast_name is not None and cast_name != name:
            out[name] = cast_name
    return out


def _rename(conn: sqlite3.Connection, story: int, found: str, cast_name: str) -> None:
    row = conn.execute("SELECT mentions, prominence FROM characters WHERE story = ? AND "
                       "name = ?", (story, found)).fetchone()
    mentions = row[0] if row else 0
    target = conn.execute("SELECT mentions FROM characters WHERE story = ? AND name = ?",
                          (story, cast_name)).fetchone()
    if target is None:
        conn.execute("UPDATE characters SET name = ? WHERE story = ? AND name = ?",
                     (cast_name, story, found))
    else:
        conn.execute("UPDATE characters SET mentions = mentions + ? WHERE story = ? AND "
                     "name = ?", (mentions, story, cast_name))
        conn.execute("DELETE FROM characters WHERE story = ? AND name = ?", (story, found))
    _rename_elsewhere(conn, story, {found: cast_name})
    conn.execute("INSERT OR REPLACE INTO learned_links VALUES (?, 'rename', ?, ?)",
                 (story, found, json.dumps([cast_name, mentions, target is not None])))


def _undo(conn: sqlite3.Connection, story: int) -> bool:
    """Put back the names an earlier cast renamed in this story; whether there were any."""
    rows = conn.execute("SELECT name, previous FROM learned_links WHERE story = ? AND "
                        "kind = 'rename' ORDER BY name", (story,)).fetchall()
    for found, previous in rows:
        cast_name, mentions, merged = json.loads(previous)
        if merged:
            conn.execute("UPDATE characters SET mentions = mentions - ? WHERE story = ? AND "
                         "name = ?", (mentions, story, cast_name))
            conn.execute("INSERT OR IGNORE INTO characters VALUES (?, ?, 0, ?, 0)",
                         (story, found, mentions))
        else:
            conn.execute("UPDATE characters SET name = ? WHERE story = ? AND name = ?",
                         (found, story, cast_name))
        _rename_elsewhere(conn, story, {cast_name: found})
    if rows:
        conn.execute("DELETE FROM learned_links WHERE story = ? AND kind = 'rename'", (story,))
        _prominence(conn, story)
    return bool(rows)


def _prominence(conn: sqlite3.Connection, story: int) -> None:
    """Prominence is the share of the most named character's mentions: recomputed."""
    top = conn.execute("SELECT MAX(mentions) FROM characters WHERE story = ?",
                       (story,)).fetchone()[0]
    if top:
        conn.execute("UPDATE characters SET prominence = ROUND(CAST(mentions AS REAL) / ?, 3) "
                     "WHERE story = ?", (top, story))


def _rename_elsewhere(conn: sqlite3.Connection, story: int, names: dict[str, str]) -> None:
    """The rename in the story's inferred relationships, their evidence and its passages."""
    rows = conn.execute("SELECT key, kind, members, stated FROM relationships WHERE story = ?",
                        (story,)).fetchall()
    for key, kind, members, stated in rows:
        old = json.loads(members)
        new = [names.get(m, m) for m in old]
        if new == old or stated or len(set(new)) < len(new):
            continue
        label = RelationshipKey.of(new, kind).label
        if conn.execute("SELECT 1 FROM relationships WHERE story = ? AND key = ?",
                        (story, label)).fetchone():
            continue  # the story already has that pairing under the cast names
        conn.execute("UPDATE relationships SET key = ?, members = ? WHERE story = ? AND key = ?",
                     (label, json.dumps(list(RelationshipKey.of(new, kind).members)), story,
                      key))
        conn.execute("UPDATE relationship_evidence SET key = ? WHERE story = ? AND key = ?",
                     (label, story, key))
    row = conn.execute("SELECT passages FROM understanding WHERE story = ?",
                       (story,)).fetchone()
    if row and row[0]:
        places = passage_places(row[0])
        for place in places:
            place.characters = tuple(names.get(c, c) for c in place.characters)
        # passage_places keeps "…" as the text of a passage cut mid-sentence: pack_passages
        # reads a cut from text longer than the span, so that marker is kept as it was
        for place in places:
            if place.text == "…":
                place.text = " " * (place.end - place.start + 1)
        conn.execute("UPDATE understanding SET passages = ? WHERE story = ?",
                     (pack_passages(places), story))
