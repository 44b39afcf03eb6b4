"""`storybot run` as a real process against the Discord stand-in over HTTPS, as a bot reaches
discord.com: the gateway, REST and every interaction answer over TLS, the certificate verified
against the test's own authority (given as any program is given one: SSL_CERT_FILE).

Interaction answers go over the bot's own kept-alive connections (keepalive.py), not aiohttp's:
they are reused from one answer to the next; one the server closed between answers is opened
again and the answer still arrives, once; and a certificate the bot must not trust (another
host name, another authority) is never answered through but said in the bot's log, while the
answers come back once the right certificate is served again. A bot that cannot trust Discord
from the start ends in one line saying so.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import trustme

from bot.cli.exits import Exit
from tests.discord_double import DiscordDouble, InteractionRecord
from tests.discord_double.model import Member, User
from tests.discord_double.tls import Https
from tests.e2e import bot_harness
from tests.e2e.bot_harness import copy_catalog
from tests.support.bot_process import HTTPS_VARIABLE, PORT_VARIABLE
from tests.support.waiting import eventually

catalog = bot_harness.catalog

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TOKEN = "stand-in-token-for-the-https-test-0123456789"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"


class BotOverHttps:
    """The stand-in on HTTPS and one `storybot run` process trusting its authority."""

    def __init__(self, double: DiscordDouble, https: Https, served: Path, root: Path) -> None:
        self.double, self.https = double, https
        self.log = root / "bot.log"
        self.env = {
            **{k: v for k, v in os.environ.items()
               if not k.startswith(("STORYBOT_", "DISCORD", "SSL_CERT"))},
            "DISCORD_TOKEN": TOKEN, "STORYBOT_HOME": str(root / "home"),
            "STORYBOT_CATALOG": str(served), "STORYBOT_STORIES": str(root / "no-stories"),
            "STORYBOT_LOG_LEVEL": "WARNING", "PYTHONPATH": str(REPO),
            PORT_VARIABLE: str(double.port), HTTPS_VARIABLE: https.host,
            "SSL_CERT_FILE": str(https.ca_file(root)),
        }
        self.process: asyncio.subprocess.Process | None = None
        self.users = 0

    def sync(self) -> None:
        done = subprocess.run([sys.executable, "-m", "tests.support.bot_process", "sync"],
                              env=self.env, cwd=REPO, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr

    async def start(self) -> None:
        await asyncio.to_thread(self.sync)
        with self.log.open("w", encoding="utf-8") as output:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.support.bot_process", "run", cwd=REPO,
                env=self.env, stdin=asyncio.subprocess.DEVNULL, stdout=output, stderr=output)
        await until(lambda: self.double.gateway.count("READY") >= 1, "the bot to be READY", 120)

    async def stop(self) -> str:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 60)
        return self.log.read_text(encoding="utf-8")

    async def rec(self) -> InteractionRecord:
        """/rec from a member who has not asked yet (cooldowns are per member)."""
        self.users += 1
        user = User(self.double.ids.next(), f"reader{self.users}")
        self.double.world.users.append(user)
        self.double.guild.members.append(Member(user, []))
        return await self.double.slash(self.double.guild, "library", user, "rec",
                                       request="sad spuffy")

    def callbacks(self) -> list:
        return self.double.requests_to(CALLBACK)


async def until(condition: Callable[[], object], what: str, within: float = 60.0) -> None:
    async def check() -> object:
        return condition()
    await eventually(check, what, within)


@pytest.fixture
async def bot(catalog, tmp_path) -> AsyncIterator[BotOverHttps]:
    https = Https()
    double = DiscordDouble(https=https)
    double.world.token = TOKEN
    await double.start()
    running = BotOverHttps(double, https, copy_catalog(catalog, tmp_path / "served"), tmp_path)
    try:
        await running.start()
        yield running
    finally:
        log = await running.stop()
        await double.stop()
    assert "Traceback" not in log, log[-3000:]
    assert not double.problems(), double.problems()
    assert not double.expired


async def test_answers_go_over_verified_kept_alive_tls_and_survive_a_closed_connection(bot):
    double, https = bot.double, bot.https
    for _ in range(3):
        card = await (await bot.rec()).message(15)
        assert card.embeds
    answers = bot.callbacks()
    assert len(answers) == 3
    # Over the bot's own connection (aiohttp's would ask for gzip), one for all three.
    assert all("Accept-Encoding" not in r.headers for r in answers)
    kept = {r.connection for r in answers}
    assert len(kept) == 1
    assert all(r.route == CALLBACK.split(" ")[1] for r in double.requests
               if r.connection in kept)
    # Every connection was a verified handshake for the name the bot asked for (SNI).
    assert https.handshakes and set(https.handshakes) == {https.host}

    # The server closes its idle connections (a keep-alive timeout): the next answer opens a
    # new one and arrives, once.
    double.close_idle_connections()
    await until(lambda: double.open_connections == 1, "only the gateway's connection to stay")
    handshakes = len(https.handshakes)
    asked = await bot.rec()
    assert (await asked.message(15)).embeds and len(asked.callbacks) == 1
    assert bot.callbacks()[-1].connection not in kept
    assert len(https.handshakes) > handshakes

    # Closed just as the bot may be sending on it: answered all the same, once.
    double.close_idle_connections()
    asked = await bot.rec()
    assert (await asked.message(15)).embeds and len(asked.callbacks) == 1
    assert set(https.handshakes) == {https.host}


@pytest.mark.parametrize("wrong", ["host name", "authority"])
async def test_a_certificate_the_bot_must_not_trust_is_refused_and_logged(bot, wrong):
    double, https = bot.double, bot.https
    if wrong == "host name":  # signed by the trusted authority, for another name
        impostor = https.authority.issue_cert("discord.example")
        reason = "Hostname mismatch"
    else:  # for the right name, signed by an authority the bot does not trust
        impostor = trustme.CA().issue_cert(https.host)
        reason = "unable to get local issuer certificate"
    https.present(impostor)
    asked = await bot.rec()
    said = (f"/rec for user {asked.user.id} could not be answered: the TLS certificate of "
            f"{https.host}:{double.port} is not trusted: ")
    await until(lambda: said in bot.log.read_text(encoding="utf-8"),
                "the bot to log the certificate it refused")
    line = next(x for x in bot.log.read_text(encoding="utf-8").splitlines() if said in x)
    assert " ERROR " in line and reason in line, line
    assert not asked.callbacks and not bot.callbacks()  # nothing was sent through it
    https.present(None)
    answered = await bot.rec()
    assert (await answered.message(15)).embeds


async def test_a_bot_that_cannot_trust_discord_at_start_ends_in_one_line(catalog, tmp_path):
    https = Https()
    double = DiscordDouble(https=https)
    double.world.token = TOKEN
    await double.start()
    try:
        bot = BotOverHttps(double, https, copy_catalog(catalog, tmp_path / "served"), tmp_path)
        trusted = tmp_path / "another-ca.pem"
        trustme.CA().cert_pem.write_to_path(str(trusted))
        done = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "tests.support.bot_process", "run"],
            env={**bot.env, "SSL_CERT_FILE": str(trusted), "STORYBOT_LOG_LEVEL": "ERROR"},
            cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    finally:
        await double.stop()
    lines = done.stderr.strip().splitlines()
    assert done.returncode == Exit.FAILED, lines
    assert lines == [f"storybot: cannot connect to Discord: the TLS certificate of "
                     f"{https.host}:{double.port} is not trusted: unable to get local issuer "
                     "certificate (the system's trusted authorities, or SSL_CERT_FILE)"], lines
