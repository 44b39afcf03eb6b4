"""HTTPS for the stand-in, as discord.com serves it: a certificate for the host name the client
asks for, signed by a certificate authority made for the test (trustme), and a record of every
TLS handshake with the server name (SNI) the client sent.

A client trusts the test's authority the way an admin adds one to a real bot: its PEM file in
SSL_CERT_FILE, which OpenSSL's default verify paths read (`ca_file`). `present` makes the
stand-in show another certificate from the next handshake on (one for another host name, or one
signed by an authority the client does not trust), while the connections already open keep the
one they were made with.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import trustme

HOST = "localhost"  # resolves to the loopback the stand-in listens on


class Https:
    """The stand-in's TLS: its server context, its certificate authority, its handshakes."""

    def __init__(self, host: str = HOST) -> None:
        self.host = host
        self.authority = trustme.CA()
        self.context = self.context_for(self.authority.issue_cert(host))
        self.context.sni_callback = self._hello
        self.handshakes: list[str | None] = []  # the server name each client asked for
        self._presented: ssl.SSLContext | None = None

    @staticmethod
    def context_for(certificate: trustme.LeafCert) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        return context

    def _hello(self, connection: ssl.SSLObject, name: str | None,
               _context: ssl.SSLContext) -> None:
        self.handshakes.append(name)
        if self._presented is not None:
            connection.context = self._presented

    def present(self, certificate: trustme.LeafCert | None) -> None:
        """Show `certificate` in the handshakes from now on (None: the stand-in's own again)."""
        self._presented = None if certificate is None else self.context_for(certificate)

    def ca_file(self, folder: Path) -> Path:
        """The authority's certificate as a PEM file in `folder` (for SSL_CERT_FILE)."""
        path = folder / "stand-in-ca.pem"
        self.authority.cert_pem.write_to_path(str(path))
        return path
