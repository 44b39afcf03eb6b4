"""An upload read as ingest reads a file: the same identity keys, a record that survives the
state's JSON, refusals that say why, and a kept file that is whole or absent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalog.analyse import Analysed, analyse_story, init_worker
from bot.catalog.shelf import build_shelf
from bot.catalog.uploads import (
    UploadedStory,
    UploadReader,
    UploadRefused,
    analyse_upload,
    keep_file,
)
from bot.parsers import Limits, parse_bytes
from bot.search.engine import Engine
from tests.support.priority import below
from tests.support.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/formats/text/fanficfare.txt"


@pytest.fixture(scope="module", autouse=True)
def knowledge() -> None:
    init_worker(None, Limits())


def test_an_upload_has_ingests_keys_and_its_record_round_trips(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    story = analyse_upload(data, FIXTURE.name, Limits())
    ingested = Analysed(key="k", path=FIXTURE.name, sha256="", size=len(data))
    analyse_story(ingested, parse_bytes(data, FIXTURE.name))
    assert list(story.keys) == ingested.keys  # the same story by the same keys
    again = UploadedStory.from_json(story.record)
    assert again == story and again.rows == story.rows
    assert story.story_id(1) == again.story_id(1) != story.story_id(2)
    assert story.story_id(1).startswith("u")
    shelf = build_shelf(tmp_path / "shelf.sqlite", [(story.story_id(1), again)])
    engine = Engine.open(shelf)
    try:
        card = engine.story(story.story_id(1))
        assert card is not None and card.title == story.title
        assert engine.story_with_keys(story.keys) == story.story_id(1)
    finally:
        engine.close()


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("cover.jpg", b"\xff\xd8\xff", "not a story file"),
    ("note.txt", b"see https://example.org", "not a story: only"),
    ("empty.md", b"", "cannot read it as a story"),
    ("broken.pdf", b"%PDF-1.4 nothing more", "cannot read it as a story"),
])
def test_refusals_name_the_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UploadRefused, match=reason):
        analyse_upload(data, name, Limits())


def test_too_big_for_the_limit() -> None:
    with pytest.raises(UploadRefused, match="over the 1 MB limit"):
        analyse_upload(b"word " * 300_000, "long.txt", Limits(max_file_bytes=1024 * 1024))


def test_a_kept_file_is_whole_or_absent(tmp_path: Path, monkeypatch) -> None:
    data = FIXTURE.read_bytes()
    story = analyse_upload(data, FIXTURE.name, Limits())

    def crash(*_args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        keep_file(tmp_path, 7, story, data)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # no temp file left behind
    monkeypatch.undo()
    kept = keep_file(tmp_path, 7, story, data)
    assert kept == tmp_path / "7" / f"{story.sha256}.txt" and kept.read_bytes() == data
    assert keep_file(tmp_path, 7, story, data) is None  # already kept


async def test_the_upload_worker_runs_below_the_bots_priority() -> None:
    reader = UploadReader(Limits(), None, niceness=5)
    try:
        story = await reader.read(FIXTURE.read_bytes(), FIXTURE.name)
        [worker] = reader.worker_pids()
        assert os.getpriority(os.PRIO_PROCESS, worker) == below(5)
        assert story.title  # read as ever, only at a lower priority
    finally:
        reader.close()


KILLED_BOT = """
import asyncio, os, sys
from bot.catalog.uploads import UploadReader
from bot.parsers import Limits

async def main():
    reader = UploadReader(Limits(), None)
    await reader.ready()
    print(*reader.worker_pids(), flush=True)
    os.kill(os.getpid(), 9)  # as the OOM killer or kill -9 would

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_a_bot_killed_outright_leaves_no_upload_worker(tmp_path: Path) -> None:
    script = tmp_path / "killed_bot.py"
    script.write_text(KILLED_BOT)
    printed = tmp_path / "printed.txt"
    with printed.open("w") as out:  # a file, not a pipe: the worker may hold it a while
        bot = subprocess.Popen([sys.executable, str(script)], stdout=out,
                               stderr=subprocess.DEVNULL, cwd=REPO,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
        assert bot.wait(timeout=120) == -9  # reaped, as a supervisor would
    [worker] = [int(pid) for pid in printed.read_text().split()]

    def gone() -> bool:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return True
        return False

    wait_until(gone, "the upload worker to leave after its bot was killed", within=30)
