"""The production kit agrees with the code: the Dockerfile, compose.yaml and the systemd unit
run commands storybot has, keep the data home where the settings look for it, and run as a
user of their own. (No Docker engine or systemd runs here; the README says how the files were
checked with their own tools.)"""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import yaml

from bot.cli import _parser
from bot.config import load_settings

REPO = Path(__file__).resolve().parents[1]


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """(instruction, arguments) per build stage, continuation lines joined."""
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction == "FROM":
            stages.append([])
        stages[-1].append((instruction, " ".join(arguments.split())))
    return stages


def exec_form(arguments: str) -> list[str]:
    return yaml.safe_load(arguments)  # a JSON array is YAML too


def runs_a_storybot_command(argv: list[str]) -> None:
    assert argv[0] == "storybot", argv
    _parser().parse_args(argv[1:])  # exits (SystemExit) on a command storybot does not have


def test_the_image_is_slim_unprivileged_with_the_home_as_a_volume() -> None:
    build, final = dockerfile_stages()
    said = dict(final)
    assert said["FROM"].startswith("python:3.11-slim")
    # numeric (hadolint DL3066; Kubernetes' runAsNonRoot can only check a number), not root,
    # and the user the image creates
    uid, _, gid = said["USER"].partition(":")
    assert uid.isdigit() and gid.isdigit() and uid != "0"
    made = " ".join(a for i, a in final if i == "RUN")
    assert f"--uid {uid}" in made and f"--gid {gid}" in made
    home = dict(pair.split("=", 1) for pair in shlex.split(said["ENV"]))["STORYBOT_HOME"]
    assert exec_form(said["VOLUME"]) == [home] and said["WORKDIR"] == home
    assert load_settings({"STORYBOT_HOME": home}, env_file=None).catalog_path.parent == \
        Path(home)
    check = said["HEALTHCHECK"].split(" CMD ", 1)
    runs_a_storybot_command(exec_form(check[1]))
    assert exec_form(check[1]) == ["storybot", "health"]
    assert exec_form(said["CMD"]) == ["storybot", "run"]
    assert said["STOPSIGNAL"] == "SIGINT"  # every mode stops on it, as PID 1 too
    # The build stage copies only what a wheel is built from, and .dockerignore lets it in.
    copied = [a.split()[:-1] for i, a in build if i == "COPY"]
    sources = {s for group in copied for s in group}
    assert sources == {"pyproject.toml", "setup.py", "README.md", "bot", "cogs", "data"}
    allowed = {line.lstrip("!").rstrip("/") for line in
               (REPO / ".dockerignore").read_text().splitlines() if line.startswith("!")}
    assert sources <= allowed and all((REPO / s).exists() for s in sources)


def test_compose_runs_the_bot_on_postgresql_with_the_home_in_a_volume() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["build"] == "."
    home = bot["environment"]["STORYBOT_HOME"]
    volumes = dict(v.split(":", 1) for v in bot["volumes"])
    assert volumes["storybot-home"] == home and "storybot-home" in compose["volumes"]
    url = bot["environment"]["STORYBOT_DATABASE_URL"].replace(
        "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", "secret")
    settings = load_settings({"STORYBOT_HOME": home, "STORYBOT_DATABASE_URL": url},
                             env_file=None)
    assert settings.state_location == "postgresql://storybot:secret@db:5432/storybot"
    assert db["image"].startswith("postgres:")
    assert db["environment"]["POSTGRES_USER"] == "storybot"
    assert db["environment"]["POSTGRES_DB"] == "storybot"
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    for line in (REPO / "compose.yaml").read_text().splitlines():
        if "docker compose run --rm bot " in line:  # the commands the comments suggest
            argv = line.split("docker compose run --rm bot ", 1)[1].split("(")[0].split()
            runs_a_storybot_command(argv)


def test_the_systemd_unit_runs_storybot_as_its_own_user_in_its_state_directory() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None,
                                     comment_prefixes=("#",), empty_lines_in_values=False)
    unit.optionxform = str  # keys keep their case
    unit.read(REPO / "deploy" / "storybot.service")
    service = unit["Service"]
    assert service["User"] not in {"root", "0"}
    runs_a_storybot_command([Path(service["ExecStart"].split()[0]).name,
                             *service["ExecStart"].split()[1:]])
    assert service["ExecStart"].endswith("storybot run")
    # Environment= repeats; ConfigParser(strict=False) keeps the last one of each key.
    text = (REPO / "deploy" / "storybot.service").read_text()
    env = dict(line.removeprefix("Environment=").split("=", 1)
               for line in text.splitlines() if line.startswith("Environment="))
    assert env["STORYBOT_HOME"] == f"/var/lib/{service['StateDirectory']}"
    settings = load_settings(env, env_file=None)
    assert settings.log_file == Path(env["STORYBOT_HOME"]) / "logs" / "storybot.log"
    assert service["KillSignal"] == "SIGINT"
    assert service["RestartPreventExitStatus"] == "2"  # a configuration error: exit 2
    assert unit["Install"]["WantedBy"] == "multi-user.target"
