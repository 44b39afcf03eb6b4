"""`storybot run` with a token, as a real process against the Discord stand-in: a damaged
state database or catalog ends the process with one line and its documented exit status
(bot/cli/exits.py), instead of a traceback or a process that never ends (issue 18)."""

from __future__ import annotations

import asyncio
import os
import random
import sys
from pathlib import Path

import pytest

from bot.cli.exits import Exit
from tests.e2e import bot_harness
from tests.e2e.bot_harness import copy_catalog
from tests.support.bot_process import PORT_VARIABLE
from tests.support.damage import CATALOG_DAMAGE, damaged_catalog, filled_state, overwrite

catalog = bot_harness.catalog

REPO = Path(__file__).resolve().parents[2]
TOKEN = "stand-in-token-for-the-startup-test-0123456789"
SAFETY_NET = 120  # seconds: only a hang (the bug) reaches it; the assertion is on the status


async def run_bot(double, tmp_path: Path, **settings: str) -> tuple[int | None, list[str]]:
    double.world.token = TOKEN
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("STORYBOT_", "DISCORD"))},
           "DISCORD_TOKEN": TOKEN, "STORYBOT_HOME": str(tmp_path / "home"),
           "STORYBOT_LOG_LEVEL": "ERROR", "PYTHONPATH": str(REPO),
           PORT_VARIABLE: str(double.port), **settings}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.bot_process", "run", cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), SAFETY_NET)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None, ["the process did not end"]
    return process.returncode, stderr.decode().strip().splitlines()


@pytest.mark.parametrize("damage", ["random", "pages", "unwritable"])
async def test_a_damaged_state_database_ends_the_process_in_one_line(
        discord_double, catalog, tmp_path, damage):
    state = tmp_path / "state.db"
    chance = random.Random(18)
    if damage == "random":  # 50 KB of random bytes
        state.write_bytes(chance.randbytes(50 * 1024))
    elif damage == "unwritable":  # its folder cannot be made: a file is in the way
        (tmp_path / "blocker").write_text("a file where the state folder should be")
        state = tmp_path / "blocker" / "state.db"
    else:  # a real state file with damaged pages behind a good header
        await filled_state(state)
        overwrite(state, chance, 20)
    status, lines = await run_bot(discord_double, tmp_path, STORYBOT_STATE_DB=str(state),
                                  STORYBOT_CATALOG=str(copy_catalog(catalog, tmp_path / "c")))
    assert status == Exit.STATE, lines
    assert len(lines) == 1 and lines[0].startswith("storybot: "), lines
    assert f"the state database sqlite:{state}" in lines[0], lines


@pytest.mark.parametrize("kind", CATALOG_DAMAGE)
async def test_a_damaged_catalog_ends_the_process_in_one_line(
        discord_double, catalog, tmp_path, kind):
    served = damaged_catalog(catalog, kind, tmp_path / "catalog.db")
    status, lines = await run_bot(discord_double, tmp_path, STORYBOT_CATALOG=str(served),
                                  STORYBOT_STATE_DB=str(tmp_path / "state.db"))
    assert status == Exit.CATALOG, lines
    assert len(lines) == 1 and lines[0].startswith("storybot: cannot open the catalog: "), lines
    assert str(served) in lines[0] or "newer" in lines[0], lines
