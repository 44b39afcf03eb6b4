"""Database URLs in messages: the password never shows, wherever it was written."""

from __future__ import annotations

import pytest

from bot.state.backend import is_postgres_url, redact_url


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://bot:s3cret@db.example:5432/state", "postgresql://bot:***@db.example:5432/state"),
    ("postgres://bot@db/state", "postgres://bot@db/state"),
    ("postgresql://db/state?user=bot&password=s3cret&sslmode=require",
     "postgresql://db/state?user=bot&password=***&sslmode=require"),
    ("postgresql://bot:p%40ss:w@[::1]:5432/state", "postgresql://bot:***@[::1]:5432/state"),
])
def test_passwords_are_hidden(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert "s3cret" not in redact_url(url)


def test_what_counts_as_a_postgresql_location() -> None:
    assert is_postgres_url("postgresql://db/state") and is_postgres_url("POSTGRES://db/x")
    assert not is_postgres_url("var/state.db") and not is_postgres_url("sqlite:var/state.db")
    from pathlib import Path
    assert not is_postgres_url(Path("postgresql:/x"))
