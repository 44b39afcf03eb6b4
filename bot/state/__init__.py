"""Server state: guild settings, shelves, history, stored requests and the daily tables.

Kept apart from the catalog so a catalog rebuild never touches it; stories are referred to by
their stable catalog id. One async API (`State`, in api.py) over two backends: an embedded
SQLite file (the default, sqlite.py) or a PostgreSQL database that several bot processes share
(postgres.py). SQL lives only here and in bot/daily/store.py, written once for both backends.
"""

from bot.state.api import HISTORY_LIMIT, REQUEST_TTL_DAYS, State, utcnow
from bot.state.backend import StateError, Written, redact_url
from bot.state.model import GuildSettings, StoredRequest

__all__ = ["HISTORY_LIMIT", "REQUEST_TTL_DAYS", "GuildSettings", "State", "StateError",
           "StoredRequest", "Written", "redact_url", "utcnow"]
