"""`storybot recommendations list|export|remove`, run as an admin would, on a real state file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.state import State
from bot.state import recommendations as recs
from tests.cli.test_state import storybot


async def make_state(path: Path, home: Path) -> None:
    state = await State.open(path)
    (home / "uploads" / "5").mkdir(parents=True)
    (home / "uploads" / "5" / "abc.txt").write_text("story")
    await recs.recommend(state, 5, "uabc", 42, "so good", status=recs.APPROVED, cap=5,
                         upload=recs.NewUpload("Night Shift", ["ta:x"], "{}",
                                               "uploads/5/abc.txt"))
    await recs.recommend(state, 6, "0123456789ab", 43, "", status=recs.APPROVED, cap=5)
    await state.close()


def test_list_export_and_remove(tmp_path: Path) -> None:
    asyncio.run(make_state(tmp_path / "state.db", tmp_path))
    env = {"STORYBOT_HOME": str(tmp_path)}
    listed = storybot(["recommendations", "list"], tmp_path, **env)
    assert listed.returncode == 0, listed.stderr
    assert "uabc" in listed.stdout and "Night Shift  — so good" in listed.stdout
    assert "(catalog story)" in listed.stdout
    exported = storybot(["recommendations", "export", "--guild", "5"], tmp_path, **env)
    [row] = [json.loads(line) for line in exported.stdout.splitlines()]
    assert row["story"] == "uabc" and row["member"] == 42 and row["source"] == "upload"
    missing = storybot(["recommendations", "remove", "nope", "--guild", "5"], tmp_path, **env)
    assert missing.returncode == 1 and "no recommendation of nope" in missing.stderr
    removed = storybot(["recommendations", "remove", "uabc", "--guild", "5"], tmp_path, **env)
    assert removed.returncode == 0 and "left the server's shelf" in removed.stdout
    assert not (tmp_path / "uploads" / "5" / "abc.txt").exists()


def test_a_damaged_state_is_one_line_and_the_state_exit_status(tmp_path: Path) -> None:
    (tmp_path / "state.db").write_bytes(b"not a database" * 4096)
    done = storybot(["recommendations", "list"], tmp_path, STORYBOT_HOME=str(tmp_path))
    assert done.returncode == 4, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
