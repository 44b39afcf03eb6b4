"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, pg_ctl start on a
free loopback port, stop and delete at the end. Nothing is installed here: CI's `.ci/run`
installs the server from Debian's packages when it is missing and starts one server for the
whole run (`python -m tests.support.postgres start DIR` prints the `export` line); a test run
alone starts its own through the session fixture in `tests/conftest.py`.

PostgreSQL refuses to run as root, so as root (CI) the server runs as the `postgres` account
that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

URL_VARIABLE = "STORYBOT_TEST_DATABASE_URL"
SUPERUSER = "storybot"
HOW_TO_GET_ONE = (
    "the PostgreSQL tests need a server: install PostgreSQL (Debian: apt-get install -y "
    f"postgresql) so they can start a throwaway one, or set {URL_VARIABLE} to a "
    "postgresql:// URL of a server whose user may create databases")


class PostgresUnavailable(RuntimeError):
    """No server could be had; the message says why and what to do."""


def server_binaries() -> Path:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders
    (which are not on PATH), newest version first."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                    key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                    else 0, reverse=True)
    for initdb in debian:
        if (initdb.parent / "pg_ctl").exists():
            return initdb.parent
    raise PostgresUnavailable(f"initdb and pg_ctl were not found; {HOW_TO_GET_ONE}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True, slots=True)
class Throwaway:
    """A running server: its folder (data, log) and the URL of its maintenance database."""

    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    @property
    def data(self) -> Path:
        return self.folder / "data"


def _as_server_user() -> dict:
    """subprocess options that drop root to the `postgres` account (none when not root)."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable(
            "running as root, and there is no `postgres` account to run the server as "
            f"(PostgreSQL refuses root); {HOW_TO_GET_ONE}") from None
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


# Only a hang reaches it: initdb takes a second or two here, but minutes on a machine whose
# cores are busy elsewhere.
PATIENCE = 900  # seconds


def _run(args: list[str], what: str, **options) -> None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=PATIENCE,
                              check=False, stdin=subprocess.DEVNULL, **options)
    except subprocess.TimeoutExpired:
        raise PostgresUnavailable(f"{what} did not finish in {PATIENCE} s") from None
    if done.returncode != 0:
        raise PostgresUnavailable(f"{what} failed ({done.returncode}): "
                                  f"{(done.stderr or done.stdout).strip()[-1500:]}")


def start(folder: Path, attempts: int = 5) -> Throwaway:
    """initdb into `folder/data` and start the server on a free loopback port (TCP only,
    durability off: it is thrown away)."""
    binaries = server_binaries()
    options = _as_server_user()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    data.mkdir()
    if options:
        folder.chmod(0o755)  # the server's account must reach its data folder
        os.chown(data, options["user"], options["group"])
    _run([str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
          "--encoding=UTF8", "--locale=C", "--no-sync"], "initdb", **options)
    for _ in range(attempts):  # another program may take the free port before the server does
        port = _free_port()
        settings = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=200")
        try:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"),
                  "-o", settings, "-w", "-t", str(PATIENCE), "start"], "pg_ctl start", **options)
        except PostgresUnavailable:
            log = data / "server.log"
            if log.exists() and "could not bind" in log.read_text(errors="replace"):
                continue
            raise
        return Throwaway(folder, port)
    raise PostgresUnavailable(f"no free loopback port after {attempts} tries")


def stop(folder: Path) -> None:
    """Stop the server in `folder` (if it runs) and delete the folder."""
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        with contextlib.suppress(PostgresUnavailable):
            _run([str(server_binaries() / "pg_ctl"), "-D", str(data), "-m", "immediate",
                  "-w", "-t", str(PATIENCE), "stop"], "pg_ctl stop", **_as_server_user())
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    """`start DIR` prints `export STORYBOT_TEST_DATABASE_URL=…` (and the seconds it took on
    stderr); `stop DIR` stops it and removes DIR."""
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print("usage: python -m tests.support.postgres start|stop DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "stop":
        stop(folder)
        return 0
    began = time.perf_counter()
    try:
        server = start(folder)
    except PostgresUnavailable as exc:
        print(f"PostgreSQL: {exc}", file=sys.stderr)
        return 1
    print(f"PostgreSQL: throwaway server on 127.0.0.1:{server.port} started in "
          f"{time.perf_counter() - began:.1f} s", file=sys.stderr)
    print(f"export {URL_VARIABLE}={server.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# --- databases on a running server (async: the tests' own event loop) ---------------------------

def database_url(server_url: str, name: str) -> str:
    """`server_url` pointing at the database `name` instead."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def create_database(server_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server_url)
    try:
        # FILE_COPY (PostgreSQL 15+) copies the small template at once instead of through WAL.
        strategy = " STRATEGY FILE_COPY" if conn.get_server_version().major >= 15 else ""
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0{strategy}')
    finally:
        await conn.close()


async def drop_database(server_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
