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
