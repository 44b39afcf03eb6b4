"""Members' recommendations in the server state: a server's uploaded stories and who
recommended what, written once for both backends.

An upload is a row of `recommended_stories` (its analysed record as JSON, kept opaque here)
plus a row of `recommenders` (who, their note); recommending a story already there (an upload,
or a catalog story) adds only a `recommenders` row: "also recommended by". With the approval
queue both start 'queued' and a moderator approves or rejects them. Every change notifies the
other processes through the settings channel (their search drops the server's shelf) and this
process's listeners after the commit.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.state.api import State, utcnow
from bot.state.backend import Session

QUEUED, APPROVED = "queued", "approved"
CAP_WINDOW = timedelta(days=1)  # "N a day": in any 24 hours


@dataclass(frozen=True, slots=True)
class Credit:
    """One member's recommendation of one story in one server."""

    guild_id: int
    story_id: str
    user_id: int
    note: str
    status: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Upload:
    """A server's uploaded story: its analysed record (JSON) and its kept file."""

    guild_id: int
    story_id: str
    title: str
    status: str
    keys: tuple[str, ...]
    record: str
    file: str  # relative to the data home
    created_at: str
    reading: int = 0  # the reading its record was made with (bot.catalog.uploads)


@dataclass(frozen=True, slots=True)
class NewUpload:
    """What an upload adds when its story is new to the server."""

    title: str
    keys: Sequence[str]
    record: str
    file: str
    reading: int = 0  # the reading the record was made with (bot.catalog.uploads)


@dataclass(frozen=True, slots=True)
class Added:
    """What `recommend` did: `credited` False when the member had already recommended it;
    `new_story` True when the upload's story joined the server; `over_cap` when the member
    reached their daily cap (then nothing was written)."""

    credited: bool
    new_story: bool
    over_cap: bool = False


_CREDIT_COLUMNS = "guild_id, story_id, user_id, note, status, created_at"
_UPLOAD_COLUMNS = "guild_id, story_id, title, status, keys, record, file, created_at"
_NEW_UPLOAD_COLUMNS = f"{_UPLOAD_COLUMNS}, reading"


def _upload(row: tuple) -> Upload:
    return Upload(row[0], row[1], row[2], row[3], _keys(row[4]), row[5], row[6], row[7],
                  int(row[8] or 0))


@functools.lru_cache(maxsize=4096)
def _keys(text: str) -> tuple[str, ...]:
    """An upload's identity keys from their JSON, decoded once: a server's shelf reads every
    upload's keys again on each change, on the event loop."""
    return tuple(json.loads(text))


async def recommend(state: State, guild_id: int, story_id: str, user_id: int, note: str, *,
                    status: str, cap: int, upload: NewUpload | None = None) -> Added:
    """Credit `user_id` with `story_id` (adding the upload's story when given and new), in one
    transaction: a crash leaves all of it or none. A member who added `cap` in the last day
(removed ones count: `recommend_adds`) adds nothing."""
    now = utcnow()
    async with state.transaction() as session:
        await session.serialize(f"recommend:{guild_id}:{user_id}")
        # adds, not the rows left: a member who removes and adds again still used an add
        since = (now - CAP_WINDOW).isoformat()
        await session.execute(
            "DELETE FROM recommend_adds WHERE guild_id = ? AND user_id = ? AND added_at < ?",
            (guild_id, user_id, since))
        counted = await session.fetchall(
            "SELECT COUNT(*) FROM recommend_adds WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id))
        if counted[0][0] >= cap:
            return Added(False, False, over_cap=True)
        new_story = False
        if upload is not None:
            new_story = await session.execute(
                f"INSERT INTO recommended_stories ({_NEW_UPLOAD_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, story_id) DO NOTHING",
                (guild_id, story_id, upload.title, status, json.dumps(list(upload.keys)),
                 upload.record, upload.file, now.isoformat(), upload.reading)) == 1
        credited = await session.execute(
            f"INSERT INTO recommenders ({_CREDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (guild_id, story_id, user_id) DO NOTHING",
            (guild_id, story_id, user_id, note, status, now.isoformat())) == 1
        if credited:
            await session.execute(
                "INSERT INTO recommend_adds (guild_id, user_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING", (guild_id, user_id, now.isoformat()))
        await state.backend.settings_changed(session, guild_id)
    state.guild_changed_here(guild_id)
    return Added(credited, new_story)


async def uploads(state: State, guild_id: int | None = None, *,
                  records: bool = True) -> list[Upload]:
    """A server's uploads (every server's when None), oldest first; `records=False`: their
    records left empty (a story's whole text, not read when only keys and status matter)."""
    where, params = ("WHERE guild_id = ? ", (guild_id,)) if guild_id is not None else ("", ())
    columns = _NEW_UPLOAD_COLUMNS if records else _NEW_UPLOAD_COLUMNS.replace(" record,", " '',")
    rows = await state.fetchall(
        f"SELECT {columns} FROM recommended_stories {where}"
        "ORDER BY guild_id, created_at, story_id", params)
    return [_upload(row) for row in rows]


async def shelf_rows(state: State, guild_id: int
                     ) -> list[tuple[str, str, tuple[str, ...], str, int]]:
    """A server's uploads as its shelf needs them, oldest first (as `uploads` orders them):
    (story id, status, identity keys, created at, reading), nothing else read. A shelf is
    read on every change, on the event loop: one plain row per upload."""
    rows = await state.fetchall(
        "SELECT story_id, status, keys, created_at, reading FROM recommended_stories "
        "WHERE guild_id = ? ORDER BY guild_id, created_at, story_id", (guild_id,))
    return [(story_id, status, _keys(keys), created, int(reading or 0))
            for story_id, status, keys, created, reading in rows]


async def approved_credits(state: State, guild_id: int) -> list[tuple[str, int, str]]:
    """A server's approved recommendations, oldest first (`credits`' order reversed):
    (story id, member, note)."""
    return [(story_id, int(user_id), note) for story_id, user_id, note in await state.fetchall(
        "SELECT story_id, user_id, note FROM recommenders WHERE guild_id = ? AND status = ? "
        "ORDER BY guild_id, created_at, story_id DESC, user_id DESC", (guild_id, APPROVED))]


async def records(state: State, guild_id: int, story_ids: Sequence[str]
                  ) -> dict[str, tuple[str, int, str]]:
    """Some of a server's uploads' records, by story id: (created at, reading, record), for
    those still there."""
    if not story_ids:
        return {}
    marks = ", ".join("?" * len(story_ids))
    rows = await state.fetchall(
        "SELECT story_id, created_at, reading, record FROM recommended_stories "
        f"WHERE guild_id = ? AND story_id IN ({marks})", (guild_id, *story_ids))
    return {story_id: (created, int(reading or 0), record)
            for story_id, created, reading, record in rows}


async def read_before(state: State, reading: int) -> list[tuple[int, str, str]]:
    """Uploads whose record an older reading made: (server, story id, kept file), without
    their records."""
    rows = await state.fetchall(
        "SELECT guild_id, story_id, file FROM recommended_stories WHERE reading < ? "
        "ORDER BY guild_id, created_at, story_id", (reading,))
    return [(int(g), str(s), str(f)) for g, s, f in rows]


async def read_again(state: State, guild_id: int,
                     readings: Sequence[tuple[str, NewUpload]]) -> int:
    """A server's uploads read again (story id, new reading): their records replaced, their
    ids, credits and status kept. One change notice for them all; how many were replaced."""
    replaced = 0
    async with state.transaction() as session:
        for story_id, upload in readings:
            replaced += await session.execute(
                "UPDATE recommended_stories SET title = ?, keys = ?, record = ?, reading = ? "
                "WHERE guild_id = ? AND story_id = ?",
                (upload.title, json.dumps(list(upload.keys)), upload.record, upload.reading,
                 guild_id, story_id))
        if replaced:
            await state.backend.settings_changed(session, guild_id)
    if replaced:
        state.guild_changed_here(guild_id)
    return replaced


async def upload_titles(state: State, guild_id: int) -> dict[str, str]:
    """A server's uploads' titles by story id (without their records: for autocomplete)."""
    rows = await state.fetchall(
        "SELECT story_id, title FROM recommended_stories WHERE guild_id = ?", (guild_id,))
    return {story_id: title for story_id, title in rows}


async def credits(state: State, guild_id: int | None = None, *,
                  user_id: int | None = None) -> list[Credit]:
    """Who recommended what in a server (every server's when None), newest first; one
    member's only when `user_id` is given."""
    clauses, params = [], []
    if guild_id is not None:
        clauses.append("guild_id = ?")
        params.append(guild_id)
    if user_id is not None:
        clauses.append("user_id = ?")
        params.append(user_id)
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = await state.fetchall(
        f"SELECT {_CREDIT_COLUMNS} FROM recommenders {where}"
        "ORDER BY guild_id, created_at DESC, story_id, user_id", params)
    return [Credit(*row) for row in rows]


async def _drop_orphan(session: Session, guild_id: int, story_id: str) -> str | None:
    """Remove an upload nobody recommends any more; its kept file, for the caller to delete."""
    left = await session.fetchall(
        "SELECT 1 FROM recommenders WHERE guild_id = ? AND story_id = ? LIMIT 1",
        (guild_id, story_id))
    if left:
        return None
    rows = await session.fetchall(
        "SELECT file FROM recommended_stories WHERE guild_id = ? AND story_id = ?",
        (guild_id, story_id))
    if not rows:
        return None
    await session.execute("DELETE FROM recommended_stories WHERE guild_id = ? AND story_id = ?",
                          (guild_id, story_id))
    return str(rows[0][0])


@dataclass(frozen=True, slots=True)
class Removed:
    """What a removal did: credits dropped, and the kept file of an upload that went."""

    credits: int
    file: str | None = None
    story_gone: bool = False


async def remove(state: State, guild_id: int, story_id: str,
                 user_id: int | None = None) -> Removed:
    """One member's recommendation (`user_id`), or the story and every credit (None). An
    upload nobody recommends any more leaves the server."""
    async with state.transaction() as session:
        if user_id is None:
            dropped = await session.execute(
                "DELETE FROM recommenders WHERE guild_id = ? AND story_id = ?",
                (guild_id, story_id))
        else:
            dropped = await session.execute(
                "DELETE FROM recommenders WHERE guild_id = ? AND story_id = ? AND user_id = ?",
                (guild_id, story_id, user_id))
        file = await _drop_orphan(session, guild_id, story_id)
        await state.backend.settings_changed(session, guild_id)
    state.guild_changed_here(guild_id)
    return Removed(dropped, file, story_gone=file is not None)


async def approve(state: State, guild_id: int, story_id: str, user_id: int) -> bool:
    """Approve a queued recommendation (and its story); False when there is none queued."""
    async with state.transaction() as session:
        changed = await session.execute(
            "UPDATE recommenders SET status = ? WHERE guild_id = ? AND story_id = ? "
            "AND user_id = ? AND status = ?", (APPROVED, guild_id, story_id, user_id, QUEUED))
        if changed:
            await session.execute(
                "UPDATE recommended_stories SET status = ? WHERE guild_id = ? AND story_id = ?",
                (APPROVED, guild_id, story_id))
            await state.backend.settings_changed(session, guild_id)
    if changed:
        state.guild_changed_here(guild_id)
    return bool(changed)


async def reject(state: State, guild_id: int, story_id: str, user_id: int) -> Removed | None:
    """Reject a queued recommendation; None when there is none queued."""
    async with state.transaction() as session:
        changed = await session.execute(
            "DELETE FROM recommenders WHERE guild_id = ? AND story_id = ? AND user_id = ? "
            "AND status = ?", (guild_id, story_id, user_id, QUEUED))
        file = await _drop_orphan(session, guild_id, story_id) if changed else None
        if changed:
            await state.backend.settings_changed(session, guild_id)
    if not changed:
        return None
    state.guild_changed_here(guild_id)
    return Removed(changed, file, story_gone=file is not None)
