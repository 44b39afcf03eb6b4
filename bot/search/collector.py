"""Python's cyclic collector in a process that serves a large frozen catalog: full passes rare
and small, none walking again what they froze. Process-wide; installed when the main catalog
is frozen."""

from __future__ import annotations

import gc

# young (generation 1) passes between full ones; Python's default is 10. A full pass walks
# what became long-lived since the last (the rest is frozen: `_freeze_survivors`): 100 let a
# warming catalog's caches gather 12-15 k objects, a 14-21 ms pass; at 25 the bench's worst
# is 6 ms, all its full passes 18 ms of CPU in 20 s, the garbage kept 36 objects more.
FULL_PASS_EVERY = 25


def rare_full_passes() -> None:
    """Make the collector's full passes rare, and small (process-wide, like the freeze
    before it). Python starts one whenever the objects made long-lived since the last exceed
    a quarter of those it walked then, frozen ones not counted: at default settings one came
    every 30-50 requests (8 in the bench's 400 requests with exclusions: their p99). Garbage
    cycles are still collected by the young passes, which stay as frequent; what the engine
    keeps holds no cycles. Each full pass is kept small by `_freeze_survivors`."""
    first, second, third = gc.get_threshold()
    if first and third < FULL_PASS_EVERY:  # 0: collection disabled; never lowered
        gc.set_threshold(first, second, FULL_PASS_EVERY)
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    """After each full pass, freeze what it left: the next full pass then walks only what
    became long-lived since, not again all the process made after start-up (the catalog's
    kept cards, fact rows and excerpts, the state's and Discord's caches: ~20 k objects whose
    100 k references took a full pass 15-20 ms, the GIL held, on whichever thread allocated).

    Only survivors are frozen: the pass has just freed every garbage cycle, and the callback
    runs in that pass (what other threads make meanwhile is a switch interval's worth at
    most). What it may keep is an object alive now that later dies in a reference cycle (a
    request in flight): only reference counting frees a frozen object, and nothing walks the
    frozen ones again (a pass over all, 130-200 ms with the GIL held for a 20,000-story
    catalog, stalled the loop). So what lives across requests holds no cycle: the engines
    (`_Rules`) and Discord's interactions, freed when handled (bot.discord_app.lifetime).
    bench_recommend.py counts the garbage frozen: 262-268 objects at its end, kept by the
    catalog's freeze at start-up (--gc-sample: 0-6 objects a sample, 0-3 a full pass)."""
    if info["generation"] == 2 and phase == "stop":
        gc.freeze()
