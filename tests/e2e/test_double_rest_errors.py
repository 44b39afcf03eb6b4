"""REST behaviour a bot must cope with: 429s, 403s, expired tokens, invalid bodies."""

from __future__ import annotations

import asyncio

import discord
import pytest

MESSAGES = "POST /channels/{channel_id}/messages"


def channel(probe, double, name):
    return probe.get_channel(double.guild.channel(name).id)


async def test_client_waits_out_a_429_and_retries(discord_double, probe):
    discord_double.rate_limit(MESSAGES, 2, retry_after=0.05)
    sent = await channel(probe, discord_double, "library").send("hello")
    assert sent.content == "hello"
    statuses = [r.status for r in discord_double.requests_to(MESSAGES)]
    assert statuses == [429, 429, 200]
    assert [
        m.content for m in discord_double.channel_history(discord_double.guild.channel("library"))
    ] == ["hello"]


async def test_429_carries_discord_headers(discord_double):
    import aiohttp

    discord_double.rate_limit("GET /gateway/bot", 1, retry_after=1.5)
    async with aiohttp.ClientSession() as session:
        url = discord_double.base_url + "/gateway/bot"
        headers = {"Authorization": f"Bot {discord_double.world.token}"}
        async with session.get(url, headers=headers) as response:
            assert response.status == 429
            body = await response.json()
            assert body["retry_after"] == 1.5 and body["global"] is False
            for name in (
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
                "X-RateLimit-Reset-After",
                "X-RateLimit-Bucket",
                "X-RateLimit-Scope",
                "Retry-After",
                "Via",
            ):
                assert name in response.headers, name
            assert response.headers["X-RateLimit-Remaining"] == "0"
        async with session.get(url, headers=headers) as response:
            assert response.status == 200
            assert (await response.json())["url"] == discord_double.gateway_url


async def test_global_limit_throttles_but_everything_arrives(discord_double, probe):
    discord_double.global_rate_limit = 4
    library = channel(probe, discord_double, "library")
    await asyncio.gather(*(library.send(f"post {n}") for n in range(6)))
    requests = discord_double.requests_to(MESSAGES)
    assert sorted(r.status for r in requests)[-1] == 429
    assert sum(r.status == 200 for r in requests) == 6


async def test_forbidden_channels_raise_forbidden(discord_double, probe):
    with pytest.raises(discord.Forbidden) as denied:
        await channel(probe, discord_double, "announcements").send("news")
    assert denied.value.code == 50013 and denied.value.status == 403
    with pytest.raises(discord.Forbidden) as hidden:
        await probe.http.send_message(
            discord_double.guild.channel("staff-only").id,
            params=discord.http.handle_message_parameters("psst"),
        )
    assert hidden.value.code == 50001
    thread = probe.get_channel(discord_double.guild.channel("library-recs").id)
    assert (await thread.send("in the thread")).content == "in the thread"


async def test_oversized_embeds_fail_validation_with_path_and_limit(discord_double, probe):
    await discord_double.slash(discord_double.guild, "library", "buffy", "big")
    await asyncio.wait_for(probe.error_seen.wait(), timeout=5)
    assert probe.errors[0].status == 400 and probe.errors[0].code == 50035
    violations = discord_double.take_violations()
    assert len(violations) == 1
    assert violations[0].path == "$.data.embeds"
    assert violations[0].limit == "6000 characters across all embeds"
    assert "7016" in str(violations[0])


async def test_callback_after_three_seconds_is_rejected(discord_double, probe):
    asked = await discord_double.slash(discord_double.guild, "library", "buffy", "wait")
    await asyncio.wait_for(probe.waiting.wait(), timeout=5)
    discord_double.clock.advance(3.1)
    probe.gate.set()
    await asyncio.wait_for(probe.error_seen.wait(), timeout=5)
    assert isinstance(probe.errors[0], discord.NotFound)
    assert probe.errors[0].code == 10062
    assert discord_double.expired == [asked]
    assert not asked.acknowledged


async def test_followup_after_fifteen_minutes_is_rejected(discord_double, probe):
    asked = await discord_double.slash(discord_double.guild, "library", "buffy", "hold")
    await asyncio.wait_for(probe.waiting.wait(), timeout=5)
    assert (await asked.response())["type"] == 5
    discord_double.clock.advance(15 * 60 + 1)
    probe.gate.set()
    await asyncio.wait_for(probe.error_seen.wait(), timeout=5)
    assert probe.errors[0].status == 401 and probe.errors[0].code == 50027
    assert asked.followups == []


async def test_second_callback_is_rejected(discord_double, probe):
    asked = await discord_double.slash(discord_double.guild, "library", "buffy", "count", number=1)
    await asked.message()
    interaction_id, token = asked.id, asked.token
    with pytest.raises(discord.HTTPException) as twice:
        await probe.http.request(
            discord.http.Route(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                interaction_id=interaction_id,
                token=token,
            ),
            json={"type": 6},
        )
    assert twice.value.code == 40060


async def test_unknown_routes_are_reported_as_problems(discord_double, probe):
    with pytest.raises(discord.NotFound):
        await probe.http.request(
            discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=discord_double.guild.id)
        )
    assert discord_double.problems() == [
        f"route not implemented by the stand-in: GET /api/v10/guilds/{discord_double.guild.id}/bans"
    ]
    discord_double.unhandled.clear()


async def test_history_pages_newest_first_and_needs_read_message_history(discord_double, probe):
    from tests.discord_double.model import READ_MESSAGE_HISTORY, Overwrite

    library = channel(probe, discord_double, "library")
    sent = [await library.send(f"note {i}") for i in range(5)]
    assert [m.content async for m in library.history(limit=3)] == ["note 4", "note 3", "note 2"]
    older = [m.content async for m in library.history(limit=10, before=sent[2])]
    assert older == ["note 1", "note 0"]
    newer = [m.content async for m in library.history(limit=2, after=sent[1])]
    assert newer == ["note 2", "note 3"]  # discord.py asks for the oldest first with after=
    discord_double.guild.channel("library").overwrites.append(
        Overwrite(discord_double.world.bot.id, kind=1, deny=READ_MESSAGE_HISTORY))
    assert [m async for m in library.history(limit=3)] == []


async def test_enforced_nonce_returns_the_message_already_sent(discord_double, probe):
    """discord.py sends enforce_nonce with every nonce."""
    library = channel(probe, discord_double, "library")
    first = await library.send("once", nonce="day-1")
    again = await library.send("once", nonce="day-1")
    other = await library.send("twice", nonce="day-2")
    assert again.id == first.id and other.id != first.id
    assert len(discord_double.channel_history(discord_double.guild.channel("library"))) == 2
