"""`storybot invite` (the link, with exactly the bot's permissions) and `storybot health`."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from bot.cli import main
from bot.cli.operate import application_id_from_token
from bot.discord_app.heartbeat import Beat, write_beat

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123"  # id 123456789012345678
# What the code needs (bot/discord_app/permissions.py): posting the story of the day in a
# channel or a thread, and reading the channel back after a crash. Nothing more.
USED = {"view_channel", "send_messages", "send_messages_in_threads", "embed_links",
        "read_message_history"}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [n for n in os.environ if n.startswith("STORYBOT_") or n == "DISCORD_TOKEN"]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("STORYBOT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "discord.com",
                                                        "/oauth2/authorize")
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def exactly(names: set[str]) -> int:
    return discord.Permissions(**dict.fromkeys(names, True)).value


def test_invite_asks_for_exactly_the_permissions_the_bot_uses(env, capsys) -> None:
    assert main(["invite", "--client-id", "987654321"]) == 0
    url = capsys.readouterr().out.strip()
    asked = query(url)
    assert asked["client_id"] == "987654321"
    assert asked["scope"] == "bot applications.commands"
    assert int(asked["permissions"]) == exactly(USED) == 274_877_991_936
    assert "guild_id" not in asked


def test_invite_reads_the_application_id_from_the_token(env, monkeypatch, capsys) -> None:
    assert application_id_from_token(TOKEN) == 123456789012345678
    assert application_id_from_token("not base64 at all!.x.y") is None
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["invite", "--guild", "55"]) == 0
    asked = query(capsys.readouterr().out.strip())
    assert asked["client_id"] == "123456789012345678"
    assert (asked["guild_id"], asked["disable_guild_select"]) == ("55", "true")


def test_invite_without_an_id_is_one_line_and_exit_2(env, capsys) -> None:
    assert main(["invite"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "--client-id" in err[0] and "DISCORD_TOKEN" in err[0]


def test_health_reads_the_heartbeat_in_the_home(env, capsys) -> None:
    assert main(["health"]) == 1
    assert capsys.readouterr().err.strip() == (
        "storybot: unhealthy: no heartbeat: the bot is not running (or has not started yet)")
    beat = env / "heartbeat.json"
    write_beat(beat, Beat(time.time(), 4242, True, 3))
    assert main(["health", "--max-age", "3600"]) == 0
    assert capsys.readouterr().out.strip() == "healthy: process 4242 connected, 3 servers"
    write_beat(beat, Beat(time.time() - 7200, 4242, True, 3))
    assert main(["health", "--max-age", "3600"]) == 1
    assert "process 4242 hangs or is gone" in capsys.readouterr().err
    write_beat(beat, Beat(time.time(), 4242, False, 0))
    assert main(["health", "--max-age", "3600"]) == 1
    assert capsys.readouterr().err.strip() == \
        "storybot: unhealthy: process 4242 is not connected to Discord"


def test_each_process_of_a_cluster_keeps_its_own_heartbeat(env, capsys) -> None:
    write_beat(env / "heartbeat-shards-0-1.json", Beat(time.time(), 11, True, 2))
    write_beat(env / "heartbeat-shards-2-3.json", Beat(time.time(), 12, False, 0))
    assert main(["health", "--shards", "0-1"]) == 0
    assert "process 11" in capsys.readouterr().out
    assert main(["health", "--shards", "2-3"]) == 1
    assert "process 12 is not connected" in capsys.readouterr().err
