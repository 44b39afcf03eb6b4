"""The per-user click guard."""

from __future__ import annotations

from cogs.utils.replies import InFlight


def test_in_flight_guard_allows_one_job_per_user():
    guard = InFlight()
    with guard.claim(1) as first:
        assert first
        with guard.claim(1) as second, guard.claim(2) as other:
            assert not second and other
        assert guard.busy(1)
    assert not guard.busy(1)
