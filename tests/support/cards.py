"""A hostile story card and Discord's embed limits, shared by the cog rendering tests."""

from __future__ import annotations

import re

import discord

from bot.search.model import CardRelationship, StoryCard
from bot.vocabulary import RelationshipKey
from cogs.utils.safety import EMBED_TOTAL

HOSTILE = ("**@everyone** <@123456789012345678> <#123456789012345678> </rec:123456789012345678>"
           " _x_ `y` ||z|| > q ") * 40
# What Discord renders as a live mention or mention link: users, roles, @everyone/@here,
# channels, slash commands (a click runs it) and server-guide links.
LIVE_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>|</[\w -]+:\d+>|<id:\w+>")
HOSTILE_PAIR = CardRelationship(RelationshipKey.of([HOSTILE, HOSTILE + "2"]))


def card(**changes) -> StoryCard:
    values = dict(
        id="abc123def456", title=HOSTILE, authors=(HOSTILE,) * 30, fandoms=(HOSTILE,) * 30,
        relationships=(HOSTILE_PAIR,) * 60, characters=(HOSTILE,) * 60, rating="teen",
        warnings=(HOSTILE,) * 20, tags=(HOSTILE,) * 200, moods=(("angst", 0.9),),
        status="in-progress", chapters_posted=3, chapters_total=None, words=123456,
        summary=HOSTILE * 10, url="javascript:alert(1)", published=None, updated=None)
    values.update(changes)
    return StoryCard(**values)


def limits_hold(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(embed) <= EMBED_TOTAL
    assert len(data.get("title", "")) <= 256 and len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert 0 < len(field["name"]) <= 256 and 0 < len(field["value"]) <= 1024
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(data.get("author", {}).get("name", "")) <= 256


def no_live_mentions(embed: discord.Embed) -> None:
    text = str(embed.to_dict())
    assert not LIVE_MENTION.search(text), LIVE_MENTION.search(text)


