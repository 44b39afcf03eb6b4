"""The bot's event loop: uvloop where it is installed (it is a dependency off Windows)."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bot.discord_app import eventloop


async def which_loop() -> str:
    await asyncio.sleep(0)
    return type(asyncio.get_running_loop()).__module__


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop is not installed on Windows")
def test_run_uses_uvloop_and_returns_the_result():
    assert eventloop.run(which_loop()).startswith("uvloop")


def test_without_uvloop_it_is_asyncio_s_own_loop(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # as if it were not installed
    assert eventloop.loop_factory() is None
    assert eventloop.run(which_loop()).startswith("asyncio")


def test_a_busy_thread_gives_up_the_interpreter_within_the_switch_interval(monkeypatch):
    monkeypatch.setattr(sys, "getswitchinterval", lambda: 0.005)  # Python's default
    chosen = []
    monkeypatch.setattr(sys, "setswitchinterval", chosen.append)
    eventloop.share_the_interpreter()
    assert chosen == [eventloop.SWITCH_INTERVAL] and eventloop.SWITCH_INTERVAL <= 0.001
    monkeypatch.setattr(sys, "getswitchinterval", lambda: 0.0005)  # shorter already: kept
    eventloop.share_the_interpreter()
    assert chosen == [eventloop.SWITCH_INTERVAL]
