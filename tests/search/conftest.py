"""The search unit tests run on the small hand-made catalog (tests/support/small_catalog.py)."""

from __future__ import annotations

import pytest

from bot.search.engine import Engine


@pytest.fixture(scope="module")
def engine(small_catalog):
    eng = Engine.open(small_catalog)
    yield eng
    eng.close()
