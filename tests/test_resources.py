"""Installs anywhere: a built wheel carries the fandom knowledge and the sample stories, and an
install of it far from the checkout answers `storybot query spuffy`.

No network: the wheel is built with this environment's own setuptools (--no-build-isolation,
--no-index), installed with --no-deps --no-index into a fresh virtualenv, and that virtualenv
borrows this environment's installed dependencies through a .pth file listing its
site-packages (a .pth line only adds a folder to sys.path; the .pth files inside it, such as
an editable install's hook back into the checkout, are not run).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bot.resources import DATA_DIR, FANDOMS_DIR, SAMPLE_STORIES_DIR, SOURCE_CHECKOUT

REPO = Path(__file__).resolve().parents[1]
# What a source distribution holds: the build's inputs, nothing of the tests or the venv.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "bot", "cogs", "data")


def test_a_checkout_reads_its_own_data_folder() -> None:
    assert SOURCE_CHECKOUT == REPO
    assert DATA_DIR == REPO / "data"
    assert FANDOMS_DIR.is_dir() and SAMPLE_STORIES_DIR.is_dir()


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          timeout=300, check=False, **kwargs)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(REPO / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "--quiet", "--wheel-dir", tmp_path / "dist", source)
    (wheel,) = (tmp_path / "dist").glob("storybot-*.whl")
    return wheel


def fresh_venv(folder: Path) -> Path:
    """A new virtualenv whose dependencies are this environment's: its python."""
    run(sys.executable, "-m", "venv", "--without-pip", folder)
    python = folder / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site.stdout.strip(), "test-environment.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


@pytest.mark.slow
def test_a_wheel_installed_away_from_the_checkout_answers(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {f"bot/data/{p.relative_to(DATA_DIR).as_posix()}"
               for p in DATA_DIR.rglob("*") if p.is_file()}
    assert bundled and bundled <= names  # every fandom file and every sample story
    assert not any(n.startswith(("tests/", "data/")) for n in names)

    python = fresh_venv(tmp_path / "venv")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel)
    user = tmp_path / "user"  # HOME: where the per-user data folder will be
    elsewhere = tmp_path / "elsewhere"
    user.mkdir()
    elsewhere.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(user), "LANG": "C.UTF-8"}
    imported = run(python, "-c", "import bot, cogs; print(bot.__file__, cogs.__file__)",
                   cwd=elsewhere, env=env)
    assert all(Path(f).is_relative_to(tmp_path / "venv") for f in imported.stdout.split())

    storybot = tmp_path / "venv" / "bin" / "storybot"
    answered = run(storybot, "query", "spuffy", cwd=elsewhere, env=env)
    assert "understood: pairing Buffy Summers/Spike" in answered.stdout
    assert "Every Bulb But One" in answered.stdout
    home = user / ".local" / "share" / "storybot"  # platformdirs' data folder on Linux
    assert "ingesting" in answered.stderr and (home / "catalog.db").is_file()

    again = run(storybot, "query", "--json", "spuffy", cwd=user, env=env)
    assert "ingesting" not in again.stderr  # the same catalog, found from another folder
    paths = [r["path"] for r in json.loads(again.stdout)["results"]]
    assert paths and all(Path(p).is_relative_to(tmp_path / "venv") for p in paths)
    assert not list(elsewhere.iterdir())
