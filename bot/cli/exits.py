"""The exit statuses of every `storybot` command, defined once (the README lists them).

A service manager or `storybot cluster` acts on them: 2 means a person must change something
before a restart can help, so the cluster stops instead of restarting in a loop.
"""

from __future__ import annotations

import errno
from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    FAILED = 1  # the command ran and did not succeed (not connected, Discord refused a sync…)
    CONFIG = 2  # a setting, an argument or the token is wrong
    CATALOG = 3  # the catalog is missing, damaged, not a catalog, or from a newer storybot
    STATE = 4  # the server-state database cannot be opened (damaged, newer, unreachable)
    DISK = 5  # a file cannot be written: the disk is full, read-only or not ours to write
    INTERRUPTED = 130  # Ctrl-C


# OSErrors that mean "this file cannot be written here", whatever the command was doing.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES,
                          errno.EPERM})


def cannot_write(exc: OSError) -> str:
    """One line for an OSError from `WRITE_ERRNOS`: which file, and why."""
    where = f" {exc.filename}" if exc.filename else ""
    verb = "no permission for" if exc.errno in (errno.EACCES, errno.EPERM) else "cannot write"
    return f"{verb}{where}: {exc.strerror or exc}"


def operator_mistake(exc: BaseException) -> tuple[Exit, str] | None:
    """The exit status and the one line for an error a person running storybot made or can
    fix (a damaged catalog, a bad fandom folder, a full disk); None for anything else, which
    is a bug and keeps its traceback. Imports lazily: the command line loads nothing it does
    not run."""
    from bot.catalog.export import CatalogMissing
    from bot.catalog.ingest import IngestError
    from bot.catalog.schema import CatalogVersionError
    from bot.discord_app.tls import refused_certificate
    from bot.knowledge.files import KnowledgeError
    from bot.state.backend import StateError

    if isinstance(exc, (CatalogMissing, CatalogVersionError)):
        return Exit.CATALOG, f"cannot open the catalog: {exc}"
    if isinstance(exc, StateError):  # names the database, never its password
        return Exit.STATE, str(exc)
    if isinstance(exc, KnowledgeError):
        return Exit.CONFIG, f"configuration error: STORYBOT_FANDOMS: {exc}"
    refused = refused_certificate(exc)  # before WRITE_ERRNOS: its errno is 1, EPERM
    if refused is not None:  # a person must fix the trust, but a restart may find it fixed
        return Exit.FAILED, (f"cannot connect to Discord: {refused} (the system's trusted "
                             "authorities, or SSL_CERT_FILE)")
    if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:
        return Exit.DISK, cannot_write(exc)
    if isinstance(exc, IngestError):
        return Exit.FAILED, f"ingest failed: {exc}"
    return None
