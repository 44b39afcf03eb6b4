"""A local stand-in for Discord's gateway and REST API, for end-to-end tests of the real
discord.py client. See README.md in this folder."""

from .interactions import CommandUsageError, InteractionRecord
from .model import Channel, Guild, Message, User, World
from .server import DiscordDouble
from .validation import Violation

__all__ = [
    "Channel",
    "CommandUsageError",
    "DiscordDouble",
    "Guild",
    "InteractionRecord",
    "Message",
    "User",
    "Violation",
    "World",
]
