"""The heartbeat a running bot writes and `storybot health` judges."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.discord_app.heartbeat import Beat, beat_forever, judge, read_beat, write_beat
from tests.support.waiting import eventually


def test_judge_healthy_only_when_recent_and_ready() -> None:
    beat = Beat(at=1_000.0, pid=42, ready=True, guilds=3)
    assert judge(beat, now=1_060.0) is None
    assert judge(beat, now=1_091.0) == \
        "the last heartbeat is 91 s old (process 42 hangs or is gone)"
    assert judge(beat, now=1_200.0, stale_after=300) is None
    assert judge(Beat(1_000.0, 42, False, 0), now=1_001.0) == \
        "process 42 is not connected to Discord"
    assert judge(None, now=0.0) == \
        "no heartbeat: the bot is not running (or has not started yet)"


def test_a_beat_round_trips_and_garbage_is_no_beat(tmp_path: Path) -> None:
    path = tmp_path / "run" / "heartbeat.json"
    assert read_beat(path) is None
    write_beat(path, Beat(12.5, 7, True, 2))
    assert read_beat(path) == Beat(12.5, 7, True, 2)
    assert [p.name for p in path.parent.iterdir()] == ["heartbeat.json"]  # no partial left
    for garbage in ("", "{", "[]", json.dumps({"at": "soon", "pid": 1, "ready": True,
                                                "guilds": 0}), json.dumps({"at": 1})):
        path.write_text(garbage)
        assert read_beat(path) is None


async def test_beats_until_cancelled_then_says_not_ready(tmp_path: Path) -> None:
    path = tmp_path / "heartbeat.json"
    ticks = iter(range(100, 200))
    statuses = []

    def status() -> tuple[bool, int]:
        statuses.append(len(statuses))
        return True, 5

    task = asyncio.create_task(beat_forever(path, status, every=0.001,
                                            clock=lambda: float(next(ticks))))

    async def beaten_twice() -> bool:
        return len(statuses) >= 3 and (read_beat(path) or Beat(0, 0, False, 0)).at >= 101

    await eventually(beaten_twice, "two heartbeats", within=30)
    beat = read_beat(path)
    assert beat is not None and beat.ready and beat.guilds == 5
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    last = read_beat(path)
    assert last is not None and not last.ready and last.at > beat.at


async def test_a_write_in_flight_when_closing_never_lands_after_the_last_word(
        tmp_path: Path, monkeypatch) -> None:
    """Closing while a beat is still being written on its thread: the "not ready" beat is
    written after it, not overwritten by it."""
    import threading

    from bot.discord_app import heartbeat

    path = tmp_path / "heartbeat.json"
    started, release, landed = threading.Event(), threading.Event(), threading.Event()
    real_write = heartbeat.write_beat

    def slow_write(where: Path, beat: Beat) -> None:
        if beat.ready:
            started.set()
            release.wait(30)
        real_write(where, beat)
        if beat.ready:
            landed.set()

    monkeypatch.setattr(heartbeat, "write_beat", slow_write)
    task = asyncio.create_task(beat_forever(path, lambda: (True, 1), every=3600))
    await asyncio.to_thread(started.wait, 30)
    task.cancel()
    await asyncio.sleep(0)  # the task is now in its finally, waiting for the write
    release.set()
    await asyncio.gather(task, return_exceptions=True)
    await asyncio.to_thread(landed.wait, 30)
    last = read_beat(path)
    assert last is not None and not last.ready
