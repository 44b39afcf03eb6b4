"""The stand-in's sharding: GET /gateway/bot recommends its shard count, each IDENTIFY names
its shard, and each guild's events reach only the session of the shard that owns it."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from tests.discord_double import DiscordDouble
from tests.discord_double.model import Snowflakes, shard_of, sharded_world
from tests.discord_double.testing import connected, pointed_at


class ShardClient(discord.AutoShardedClient):
    """Answers /where with the shard that received the interaction and its own name."""

    def __init__(self, name: str, **options) -> None:
        super().__init__(intents=discord.Intents.none() | discord.Intents(guilds=True),
                         **options)
        self.name = name
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="where", description="which shard answers")
        async def where(interaction: discord.Interaction) -> None:
            shard = interaction.guild.shard_id if interaction.guild else 0
            await interaction.response.send_message(f"{self.name} shard {shard}")

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s between a process's IDENTIFYs; the stand-in need not


@pytest.fixture
async def sharded_double():
    double = DiscordDouble(sharded_world(Snowflakes(), 4, 2), shard_count=4)
    await double.start()
    try:
        with pointed_at(double):
            yield double
    finally:
        await double.stop()
    assert not double.problems(), double.problems()


async def test_one_client_takes_the_recommended_shards_and_sees_every_guild(sharded_double):
    client = ShardClient("solo")
    async with connected(sharded_double, client):
        await client.tree.sync()
        assert client.shard_count == 4
        assert sorted(client.shards) == [0, 1, 2, 3]
        assert {g.id for g in client.guilds} == {g.id for g in sharded_double.world.guilds}
        for guild in sharded_double.world.guilds:
            asked = await sharded_double.slash(guild, "library", "buffy", "where")
            expected = shard_of(guild.id, 4)
            assert (await asked.message()).content == f"solo shard {expected}"
    identified = [e.detail["shard"] for e in sharded_double.gateway.events if e.op == "IDENTIFY"]
    assert sorted(identified) == [[0, 4], [1, 4], [2, 4], [3, 4]]
    assert sharded_double.requests_to("GET /gateway/bot")


async def test_two_clients_split_the_shards_and_each_hears_only_its_guilds(sharded_double):
    first = ShardClient("first", shard_ids=[0, 1], shard_count=4)
    second = ShardClient("second", shard_ids=[2, 3], shard_count=4)
    async with connected(sharded_double, first), connected(sharded_double, second):
        await first.tree.sync()
        for client, shards in ((first, {0, 1}), (second, {2, 3})):
            assert {g.id for g in client.guilds} == {
                g.id for g in sharded_double.world.guilds if shard_of(g.id, 4) in shards}
        for guild in sharded_double.world.guilds:
            asked = await sharded_double.slash(guild, "library", "willow", "where")
            shard = shard_of(guild.id, 4)
            owner = "first" if shard < 2 else "second"
            assert (await asked.message()).content == f"{owner} shard {shard}"
            assert len(asked.callbacks) == 1


async def test_dms_go_to_shard_zero(sharded_double):
    first = ShardClient("first", shard_ids=[0, 1], shard_count=4)
    second = ShardClient("second", shard_ids=[2, 3], shard_count=4)
    async with connected(sharded_double, first), connected(sharded_double, second):
        await first.tree.sync()
        asked = await sharded_double.slash(None, None, "buffy", "where")
        assert (await asked.message()).content == "first shard 0"


async def test_a_shard_count_other_than_the_stand_ins_is_refused(sharded_double):
    client = ShardClient("wrong", shard_ids=[0], shard_count=2)
    with pytest.raises((discord.ConnectionClosed, RuntimeError, AssertionError)):
        async with connected(sharded_double, client, within=3):
            pass
    problems = sharded_double.gateway_problems
    assert problems and "shard [0, 2]" in problems[0]
    sharded_double.gateway_problems.clear()


async def test_the_same_shard_identified_twice_is_a_problem(sharded_double):
    first = ShardClient("first", shard_ids=[0, 1, 2, 3], shard_count=4)
    again = ShardClient("again", shard_ids=[3], shard_count=4)
    async with connected(sharded_double, first), connected(sharded_double, again):
        guild = next(g for g in sharded_double.world.guilds if shard_of(g.id, 4) == 3)
        await first.tree.sync()
        asked = await sharded_double.slash(guild, "library", "buffy", "where")
        assert (await asked.message()).content == "again shard 3"  # the newer session has it
    problems = sharded_double.gateway_problems
    assert len(problems) == 1 and problems[0].startswith("shard 3 identified again while")
    sharded_double.gateway_problems.clear()
