"""A bare discord.py client with one command per stand-in feature, used to test the stand-in
before the bot's cogs exist. Handlers record errors instead of swallowing them."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

STORIES = [
    "Spike/Buffy: Fool for Love",
    "Spuffy: Once More",
    "Willow/Tara: Sanctuary",
    "Spike & Dawn: Big Brother",
]


class MoreView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Another", custom_id="rec:more", style=discord.ButtonStyle.primary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="Here is another one.", view=None)

    @discord.ui.button(label="Why?", custom_id="rec:why", style=discord.ButtonStyle.secondary)
    async def why(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(
            "Because you asked for angst.", ephemeral=True, view=WhyView()
        )


class WhyView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Thanks", custom_id="why:thanks")
    async def thanks(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="Glad it helped.", view=None)


class FeedbackModal(discord.ui.Modal, title="Tell us more"):
    text = discord.ui.TextInput(
        label="What did you think?", custom_id="feedback:text", max_length=200
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks: {self.text.value}", ephemeral=True)


class ProbeClient(discord.Client):
    def __init__(self) -> None:
        super().__init__(
            intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.none()
        )
        self.tree = app_commands.CommandTree(self)
        self.errors: list[Exception] = []
        self.error_seen = asyncio.Event()
        self.gate = asyncio.Event()
        self.waiting = asyncio.Event()
        self._add_commands()

    def record(self, error: Exception) -> None:
        self.errors.append(error)
        self.error_seen.set()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every re-IDENTIFY (Discord's identify limit); the
        stand-in has no such limit, so the INVALID_SESSION test need not wait."""

    async def setup_hook(self) -> None:
        self.add_view(MoreView())

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(name="rec", description="Recommend a story")
        @app_commands.describe(request="a pairing, character or mood")
        async def rec(interaction: discord.Interaction, request: str) -> None:
            embed = discord.Embed(title=f"For {request}", description="Fool for Love")
            await interaction.response.send_message(embed=embed, view=MoreView())

        @rec.autocomplete("request")
        async def rec_request(interaction: discord.Interaction, current: str):
            found = [s for s in STORIES if current.lower() in s.lower()]
            return [app_commands.Choice(name=s, value=s) for s in found][:25]

        @tree.command(name="count", description="Typed options")
        async def count(
            interaction: discord.Interaction,
            number: int,
            loud: bool = False,
            who: discord.Member | None = None,
        ) -> None:
            name = who.name if who else "nobody"
            text = f"{number} {'LOUD' if loud else 'quiet'} {name}"
            await interaction.response.send_message(text)

        @tree.command(name="slow", description="Defer, then follow up")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("Found it.")
            await interaction.followup.send("Also this.", ephemeral=True)

        @tree.command(name="edit", description="Edit, then delete the original")
        async def edit(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("draft")
            await interaction.edit_original_response(content="final")
            message = await interaction.original_response()
            if message.content == "final":
                await interaction.delete_original_response()

        @tree.command(name="feedback", description="Open a modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(name="wait", description="Answer only when the test lets it")
        async def wait(interaction: discord.Interaction) -> None:
            self.waiting.set()
            await self.gate.wait()
            try:
                await interaction.response.send_message("late")
            except discord.HTTPException as error:
                self.record(error)

        @tree.command(name="hold", description="Defer, then follow up when the test lets it")
        async def hold(interaction: discord.Interaction) -> None:
            await interaction.response.defer()
            self.waiting.set()
            await self.gate.wait()
            try:
                await interaction.followup.send("much later")
            except discord.HTTPException as error:
                self.record(error)

        @tree.command(name="big", description="Send embeds over the 6000-character total")
        async def big(interaction: discord.Interaction) -> None:
            embeds = [
                discord.Embed(title="Part one", description="a" * 3500),
                discord.Embed(title="Part two", description="b" * 3500),
            ]
            try:
                await interaction.response.send_message(embeds=embeds)
            except discord.HTTPException as error:
                self.record(error)
