"""What the error handler makes of an autocomplete's failure that discord.py logs itself: an
expired interaction and a refused TLS certificate are one line each, never a traceback (the
commands' own errors are run end to end in tests/e2e)."""

from __future__ import annotations

import logging
import ssl
import sys

import discord
import pytest

from bot.discord_app.errors import _AUTOCOMPLETE_FILTER
from bot.discord_app.tls import UntrustedCertificate


def refused() -> UntrustedCertificate:
    cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
    cause.verify_message = "unable to get local issuer certificate"
    return UntrustedCertificate("discord.com", 443, cause)


class Expired:
    status, reason = 404, "Not Found"


def logged(error: BaseException) -> logging.LogRecord:
    """The record discord.py's command tree logs for an autocomplete that raised `error`."""
    try:
        raise error
    except BaseException:
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "discord.app_commands.tree", logging.ERROR, __file__, 1,
        "Ignoring exception in autocomplete for %r (Guild: %s, User: %s)", ("rec", 1, 42),
        exc_info)


@pytest.mark.parametrize(("error", "level", "line"), [
    (refused(), "ERROR", "autocomplete for /rec for user 42 could not be answered: the TLS "
     "certificate of discord.com:443 is not trusted: unable to get local issuer certificate"),
    (discord.NotFound(Expired(), {"code": 10062, "message": "Unknown interaction"}), "WARNING",
     "autocomplete for /rec for user 42 expired before it was answered (Unknown interaction)"),
])
def test_an_autocomplete_nobody_can_be_told_of_is_one_line(error, level, line):
    record = logged(error)
    assert _AUTOCOMPLETE_FILTER.filter(record)
    assert (record.levelname, record.getMessage(), record.exc_info) == (level, line, None)


def test_any_other_autocomplete_failure_keeps_its_traceback():
    record = logged(ValueError("a bug"))
    assert _AUTOCOMPLETE_FILTER.filter(record)
    assert record.exc_info is not None and record.levelname == "ERROR"
