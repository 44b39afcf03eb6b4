"""An interaction's objects freed by reference counting as soon as its handling ends.

discord.py's Interaction and the InteractionResponse it caches refer to each other (the
response's `_parent`), as does the message its `original_response` caches; a click's
interaction also comes with the View discord.py rebuilt from the message, whose items refer
back to it. So every interaction died in reference cycles (~12 objects; ~50 for a click),
freed only by a pass of the cyclic collector, and never if it was in flight at a full pass:
each full pass freezes what it leaves (bot.search.collector), and a frozen object is freed by
reference counting alone. Here those references are cut when the task handling the
interaction ends: every answer (a deferred card's edit, an error's report) is awaited in it,
none sent from another task.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

import discord

# discord.py's lazily made attributes (`utils.cached_slot_property`: response, followup,
# namespace, command...) live in slots named so; one cleared is made again if ever read
CACHED = "_cs_"


def free_at_end(interaction: discord.Interaction[Any],
                view: discord.ui.View | None = None) -> None:
    """When the current task (the one handling `interaction`) ends, cut the cycles the
    interaction and `view` (a click's, rebuilt from its message) are in."""
    task = asyncio.current_task()
    if task is not None:
        task.add_done_callback(functools.partial(_cut, interaction, view))


def _cut(interaction: discord.Interaction[Any], view: discord.ui.View | None,
         _task: asyncio.Task[Any]) -> None:
    """Drop what the interaction caches (a discord.py without one of these attributes has
    nothing to drop there), and the view's items, which refer back to it."""
    for name in _cached(type(interaction)):
        with contextlib.suppress(AttributeError):  # never made
            delattr(interaction, name)
    for name in [n for n in getattr(interaction, "__dict__", ()) if n.startswith(CACHED)]:
        delattr(interaction, name)
    if getattr(interaction, "_original_response", None) is not None:
        interaction._original_response = None
    if view is not None:
        view.clear_items()


def _cached(cls: type) -> tuple[str, ...]:
    """The slots of `cls` and its bases holding discord.py's lazily made attributes."""
    names: list[str] = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names += [slots] if isinstance(slots, str) else slots
    return tuple(name for name in names if name.startswith(CACHED))
