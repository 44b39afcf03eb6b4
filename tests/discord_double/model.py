"""The stand-in's picture of Discord: users, guilds, channels, roles, messages.

Payload builders here produce the JSON shapes the gateway and REST API send, so discord.py
builds its real objects (`channel.is_nsfw()`, `permissions_for`) from them.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (developers/topics/permissions).
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
ADD_REACTIONS = 1 << 6
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

TEXT_CHANNEL = 0
DM_CHANNEL = 1
PUBLIC_THREAD = 11
EPHEMERAL = 1 << 6


class Snowflakes:
    """Time-based ids, unique within one stand-in. Given the stand-in's clock, an id carries
    that clock's time, as Discord's ids carry Discord's: moving the clock moves the ids too, so
    `after`/`before` history paging and a message's time agree."""

    def __init__(self, clock: Any = None) -> None:
        self._counter = itertools.count()
        self._clock = clock

    def _millis(self) -> int:
        seconds = self._clock.now().timestamp() if self._clock is not None else time.time()
        return int(seconds * 1000) - DISCORD_EPOCH_MS

    def next(self) -> int:
        return (self._millis() << 22) | (next(self._counter) & 0x3FFFFF)

    def at(self, moment: datetime) -> int:
        """An id made at `moment` (something Discord created a while ago)."""
        millis = int(moment.timestamp() * 1000) - DISCORD_EPOCH_MS
        return (millis << 22) | (next(self._counter) & 0x3FFFFF)

    def for_shard(self, shard_id: int, shard_count: int) -> int:
        """A guild id that Discord's rule puts on `shard_id`: (id >> 22) % shard_count."""
        millis = self._millis()
        millis -= (millis - shard_id) % shard_count
        return (millis << 22) | (next(self._counter) & 0x3FFFFF)


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events (Discord's sharding formula)."""
    return (guild_id >> 22) % shard_count


def iso(moment: datetime) -> str:
    return moment.isoformat()


@dataclass
class Attachment:
    """A file a user attaches to a slash command (option type 11). The stand-in serves its
    bytes on loopback at the URL it gives the bot; `declared_size` is the size the payload
    claims (Discord's own; a test may make it lie), the real size when None."""

    filename: str
    data: bytes
    content_type: str | None = None
    declared_size: int | None = None
    id: int = 0  # given when it is attached

    def payload(self, url: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": str(self.id), "filename": self.filename,
                               "size": len(self.data) if self.declared_size is None
                               else self.declared_size, "url": url, "proxy_url": url}
        if self.content_type:
            out["content_type"] = self.content_type
        return out


@dataclass
class User:
    id: int
    name: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": None if self.bot else self.name.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class Overwrite:
    """A channel permission overwrite; `kind` 0 targets a role, 1 a member."""

    target_id: int
    kind: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.target_id),
            "type": self.kind,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class Channel:
    id: int
    name: str
    type: int = TEXT_CHANNEL
    guild_id: int | None = None
    nsfw: bool = False
    parent_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    position: int = 0
    recipient: User | None = None

    @property
    def is_thread(self) -> bool:
        return self.type in (10, 11, 12)

    def payload(self) -> dict[str, Any]:
        if self.type == DM_CHANNEL:
            recipients = [self.recipient.payload()] if self.recipient else []
            return {
                "id": str(self.id),
                "type": DM_CHANNEL,
                "last_message_id": None,
                "recipients": recipients,
                "flags": 0,
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "flags": 0,
            "rate_limit_per_user": 0,
            "last_message_id": None,
        }
        if self.is_thread:
            data.update(
                parent_id=str(self.parent_id),
                owner_id=str(self.guild_id),
                message_count=0,
                member_count=1,
                total_message_sent=0,
                thread_metadata={
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": "2024-01-01T00:00:00+00:00",
                    "locked": False,
                },
            )
        else:
            data.update(
                nsfw=self.nsfw,
                topic=None,
                parent_id=None,
                permission_overwrites=[o.payload() for o in self.overwrites],
            )
        return data


@dataclass
class Member:
    user: User
    role_ids: list[int] = field(default_factory=list)

    def payload(self, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.role_ids],
            "nick": None,
            "avatar": None,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: list[Role] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    def channel(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        known = ", ".join(c.name for c in self.channels)
        raise KeyError(f"guild {self.name!r} has no channel {name!r} (it has: {known})")

    def role(self, name: str) -> Role:
        for role in self.roles:
            if role.name == name:
                return role
        raise KeyError(f"guild {self.name!r} has no role {name!r}")

    def member(self, user_id: int) -> Member:
        for member in self.members:
            if member.user.id == user_id:
                return member
        raise KeyError(f"user {user_id} is not a member of guild {self.name!r}")

    def channel_by_id(self, channel_id: int) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def base_permissions(self, user_id: int) -> int:
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.member(user_id)
        perms = 0
        for role in self.roles:
            if role.id == self.id or role.id in member.role_ids:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def permissions_in(self, user_id: int, channel: Channel) -> int:
        """Discord's overwrite algorithm; threads use their parent's overwrites."""
        perms = self.base_permissions(user_id)
        if perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        target = channel
        if channel.is_thread and channel.parent_id is not None:
            target = self.channel_by_id(channel.parent_id) or channel
        member = self.member(user_id)
        everyone = [o for o in target.overwrites if o.kind == 0 and o.target_id == self.id]
        roles = [o for o in target.overwrites if o.kind == 0 and o.target_id in member.role_ids]
        mine = [o for o in target.overwrites if o.kind == 1 and o.target_id == user_id]
        for group in (everyone, roles, mine):
            allow = deny = 0
            for overwrite in group:
                allow |= overwrite.allow
                deny |= overwrite.deny
            perms = (perms & ~deny) | allow
        return perms

    def create_payload(self) -> dict[str, Any]:
        """The GUILD_CREATE body for this guild."""
        plain = [c for c in self.channels if not c.is_thread]
        threads = [c for c in self.channels if c.is_thread]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "region": "",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "roles": [r.payload() for r in self.roles],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload() for c in plain],
            "threads": [c.payload() for c in threads],
            "members": [m.payload() for m in self.members],
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "application_id": None,
        }


@dataclass
class Message:
    """One message as a user sees it; `interaction_id` ties responses to their interaction."""

    id: int
    channel_id: int
    author: User
    created: datetime
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    guild_id: int | None = None
    interaction_id: int | None = None
    application_id: int | None = None
    edited: datetime | None = None
    deleted: bool = False
    loading: bool = False
    attachments: list[dict[str, Any]] = field(default_factory=list)
    reactions: dict[str, int] = field(default_factory=dict)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    def apply(self, body: dict[str, Any]) -> None:
        """Merge a create/edit body the way Discord does: only the keys that are present."""
        if "content" in body:
            self.content = body["content"] or ""
        if "embeds" in body:
            self.embeds = list(body["embeds"] or [])
        if "components" in body:
            self.components = list(body["components"] or [])
        if "attachments" in body:
            self.attachments = list(body["attachments"] or [])
        if body.get("flags") is not None:
            keep = self.flags & EPHEMERAL
            self.flags = (int(body["flags"]) & ~EPHEMERAL) | keep

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "type": 20 if self.interaction_id else 0,
            "author": self.author.payload(),
            "content": self.content,
            "embeds": self.embeds,
            "components": self.components,
            "attachments": self.attachments,
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": iso(self.created),
            "edited_timestamp": iso(self.edited) if self.edited else None,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
            data["webhook_id"] = str(self.application_id)
        if self.reactions:
            data["reactions"] = [
                {
                    "emoji": {"id": None, "name": name},
                    "count": count,
                    "me": True,
                    "count_details": {"burst": 0, "normal": count},
                    "me_burst": False,
                    "burst_colors": [],
                }
                for name, count in self.reactions.items()
            ]
        return data


def walk_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every component in a tree of rows, containers, sections and labels, depth first."""
    found: list[dict[str, Any]] = []
    for component in components:
        found.append(component)
        found.extend(walk_components(component.get("components") or []))
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                found.extend(walk_components([component[key]]))
    return found


@dataclass
class World:
    """Everything a connected bot can see: its own user, the application, guilds, other users."""

    application_id: int
    bot: User
    guilds: list[Guild]
    users: list[User]
    token: str = "stand-in-token"

    def guild(self, name: str | None = None) -> Guild:
        if name is None:
            return self.guilds[0]
        for guild in self.guilds:
            if guild.name == name:
                return guild
        raise KeyError(f"no guild named {name!r}")

    def user(self, name: str) -> User:
        for user in [*self.users, self.bot]:
            if user.name == name:
                return user
        raise KeyError(f"no user named {name!r}")

    def find_channel(self, channel_id: int) -> tuple[Guild | None, Channel] | None:
        for guild in self.guilds:
            channel = guild.channel_by_id(channel_id)
            if channel is not None:
                return guild, channel
        return None


def school(ids: Snowflakes, bot: User, owner: User, members: list[User], *,
           guild_id: int | None = None, name: str = "Sunnydale High") -> Guild:
    """A guild with the channel kinds the bot must handle.

    `library` (ordinary), `after-dark` (nsfw), `library-recs` (a thread of `library`),
    `announcements` (bot may read but not send: 50013), `staff-only` (bot cannot see it: 50001).
    """
    guild_id = ids.next() if guild_id is None else guild_id
    everyone = Role(guild_id, "@everyone", EVERYONE_DEFAULT)
    bot_role = Role(ids.next(), "storybot", EVERYONE_DEFAULT, position=2, managed=True)
    scoobies = Role(ids.next(), "scoobies", EVERYONE_DEFAULT, position=1)
    library = Channel(ids.next(), "library", guild_id=guild_id, position=0)
    after_dark = Channel(ids.next(), "after-dark", guild_id=guild_id, nsfw=True, position=1)
    announcements = Channel(
        ids.next(),
        "announcements",
        guild_id=guild_id,
        position=2,
        overwrites=[Overwrite(bot_role.id, 0, deny=SEND_MESSAGES)],
    )
    staff_only = Channel(
        ids.next(),
        "staff-only",
        guild_id=guild_id,
        position=3,
        overwrites=[Overwrite(guild_id, 0, deny=VIEW_CHANNEL)],
    )
    thread = Channel(
        ids.next(), "library-recs", type=PUBLIC_THREAD, guild_id=guild_id, parent_id=library.id
    )
    return Guild(
        id=guild_id,
        name=name,
        owner_id=owner.id,
        roles=[everyone, bot_role, scoobies],
        channels=[library, after_dark, announcements, staff_only, thread],
        members=[Member(bot, [bot_role.id]), *(Member(u, [scoobies.id]) for u in members)],
    )


def default_world(ids: Snowflakes) -> World:
    """One guild, "Sunnydale High" (see `school`), owned by `buffy`, with `willow` too."""
    bot = User(ids.next(), "storybot", bot=True)
    buffy = User(ids.next(), "buffy")
    willow = User(ids.next(), "willow")
    guild = school(ids, bot, buffy, [buffy, willow])
    return World(application_id=bot.id, bot=bot, guilds=[guild], users=[buffy, willow])


def sharded_world(ids: Snowflakes, shard_count: int, guilds_per_shard: int = 2, *,
                  token: str = "stand-in-token") -> World:
    """`shard_count * guilds_per_shard` guilds like the default one ("school 0", "school 1",
    ...), guild n on shard n % shard_count, all with `buffy` (owner) and `willow`."""
    bot = User(ids.next(), "storybot", bot=True)
    buffy = User(ids.next(), "buffy")
    willow = User(ids.next(), "willow")
    guilds = [school(ids, bot, buffy, [buffy, willow], name=f"school {n}",
                     guild_id=ids.for_shard(n % shard_count, shard_count))
              for n in range(shard_count * guilds_per_shard)]
    return World(application_id=bot.id, bot=bot, guilds=guilds, users=[buffy, willow],
                 token=token)
