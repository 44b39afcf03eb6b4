"""`storybot state migrate --from sqlite:PATH`, run as an admin would: what it says, its exit
status, and never the database password."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.state import State

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # the test server trusts loopback; the URL still carries it


def storybot(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBOT_")}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=120, check=False,
                          stdin=subprocess.DEVNULL)


async def make_state(path: Path) -> None:
    state = await State.open(path)
    await state.shelve(1, "story-a")
    await state.remember_shown(1, ["story-a", "story-b"])
    await state.close()


async def shelf(url: str) -> list[str]:
    state = await State.open(url)
    try:
        return await state.shelf(1)
    finally:
        await state.close()


def test_migrate_copies_says_what_and_is_idempotent(tmp_path: Path, postgres_url: str) -> None:
    asyncio.run(make_state(tmp_path / "state.db"))
    url = postgres_url.replace("://storybot@", f"://storybot:{PASSWORD}@")
    first = storybot(["state", "migrate", "--from", "sqlite:state.db"], tmp_path,
                     STORYBOT_DATABASE_URL=url)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("copied server state from sqlite:state.db into postgresql://")
    assert any(line.split()[:3] == ["shelves", "1", "rows"] and "1 added" in line
               for line in lines)
    assert lines[-1] == "3 rows added"
    again = storybot(["state", "migrate", "--from", "sqlite:state.db"], tmp_path,
                     STORYBOT_DATABASE_URL=url)
    assert again.returncode == 0 and again.stdout.splitlines()[-1] == (
        "0 rows added (nothing new: it was copied before)")
    for run in (first, again):
        assert PASSWORD not in run.stdout + run.stderr
        assert "storybot:***@" in run.stdout
    assert asyncio.run(shelf(postgres_url)) == ["story-a"]


def test_migrate_problems_are_one_line(tmp_path: Path, unused_tcp_port: int) -> None:
    url = f"postgresql://storybot:{PASSWORD}@127.0.0.1:{unused_tcp_port}/state"
    cases = [
        (["--from", "var/state.db"], {"STORYBOT_DATABASE_URL": url}, 2, "sqlite:PATH"),
        (["--from", "sqlite:state.db"], {}, 2, "set STORYBOT_DATABASE_URL"),
        (["--from", "sqlite:missing.db"], {"STORYBOT_DATABASE_URL": url}, 4,
         "no state database at missing.db"),
    ]
    for args, env, status, fragment in cases:
        run = storybot(["state", "migrate", *args], tmp_path, **env)
        assert run.returncode == status, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and fragment in run.stderr, run.stderr
    asyncio.run(make_state(tmp_path / "state.db"))
    run = storybot(["state", "migrate", "--from", "sqlite:state.db"], tmp_path,
                   STORYBOT_DATABASE_URL=url)
    assert run.returncode == 4  # Exit.STATE
    assert "cannot open the state database postgresql://storybot:***@127.0.0.1" in run.stderr
    assert PASSWORD not in run.stderr and "Traceback" not in run.stderr
