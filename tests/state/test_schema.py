"""The two backends' migrations stay in step: as many, and the same tables and columns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg

from bot.state import State
from bot.state.schema import POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, TABLE_KEYS


async def test_both_backends_build_the_same_tables(tmp_path: Path, postgres_url: str) -> None:
    assert len(SQLITE_MIGRATIONS) == len(POSTGRES_MIGRATIONS)
    for location in (tmp_path / "state.db", postgres_url):
        await (await State.open(location)).close()
    conn = sqlite3.connect(tmp_path / "state.db")
    sqlite_tables = {
        table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    pg = await asyncpg.connect(postgres_url)
    try:
        rows = await pg.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'state_version' "
            "ORDER BY table_name, ordinal_position")
    finally:
        await pg.close()
    postgres_tables: dict[str, list[str]] = {}
    for row in rows:
        postgres_tables.setdefault(row["table_name"], []).append(row["column_name"])
    assert postgres_tables == sqlite_tables
    assert set(TABLE_KEYS) == set(sqlite_tables)  # `state migrate` copies every table
