"""A TLS certificate refused on the way to Discord: which errors say so, and the one line that
says it (the host, the port and OpenSSL's reason), for the log and for `storybot` at start."""

from __future__ import annotations

import ssl


class UntrustedCertificate(ssl.SSLCertVerificationError):
    """A certificate that failed verification; the message names the origin and why."""

    def __init__(self, host: str, port: int, cause: ssl.SSLCertVerificationError) -> None:
        super().__init__(cause.errno, untrusted(host, port, cause))


def untrusted(host: str | None, port: int | None, cause: ssl.SSLCertVerificationError) -> str:
    where = f" of {host}:{port}" if host else ""
    return f"the TLS certificate{where} is not trusted: {cause.verify_message or cause.reason}"


def refused_certificate(error: BaseException | None) -> str | None:
    """The line for `error` if it is a refused certificate, or wraps one (a command's
    `original`; aiohttp's `certificate_error`, beside the host it names); None otherwise."""
    original = getattr(error, "original", error)
    if isinstance(original, UntrustedCertificate):
        return str(original)
    cause = getattr(original, "certificate_error", original)
    if not isinstance(cause, ssl.SSLCertVerificationError):
        return None
    return untrusted(getattr(original, "host", None), getattr(original, "port", None), cause)
