"""Dropped connections: RESUME replays what was missed; INVALID_SESSION forces a new IDENTIFY."""

from __future__ import annotations


async def test_resume_replays_events_sent_while_disconnected(discord_double, probe):
    first_session = discord_double.gateway.events[-1].session_id
    async with discord_double.offline():
        asked = await discord_double.slash(
            discord_double.guild, "library", "buffy", "rec", request="missed while away"
        )
        assert not asked.acknowledged
    shown = await asked.message()
    assert shown.embeds[0]["title"] == "For missed while away"
    resumed = [e for e in discord_double.gateway.events if e.op == "RESUMED"]
    assert len(resumed) == 1
    assert resumed[0].session_id == first_session
    assert resumed[0].detail["replayed"] == 1
    assert discord_double.gateway.count("IDENTIFY") == 1


async def test_plain_drop_connection_resumes(discord_double, probe):
    await discord_double.drop_connection()
    assert discord_double.gateway.count("RESUMED") == 1
    asked = await discord_double.slash(
        discord_double.guild, "library", "buffy", "rec", request="after the drop"
    )
    assert (await asked.message()).embeds[0]["title"] == "For after the drop"


async def test_invalid_session_leads_to_a_fresh_identify(discord_double, probe):
    await discord_double.drop_connection(resumable=False)
    ops = [e.op for e in discord_double.gateway.events]
    assert "INVALID_SESSION" in ops
    assert discord_double.gateway.count("IDENTIFY") == 2
    assert ops.index("INVALID_SESSION") < len(ops) - 1 - ops[::-1].index("IDENTIFY")
    await discord_double.wait_for(probe.is_ready, what="READY after re-identifying")
    asked = await discord_double.slash(
        discord_double.guild, "library", "willow", "rec", request="new session"
    )
    assert (await asked.message()).embeds[0]["title"] == "For new session"
