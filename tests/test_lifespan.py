"""The worker's garbage collector: the built app set aside, full collections rare, both undone when it stops."""

from __future__ import annotations

import gc

from helsecert_portal.lifespan import GC_THRESHOLDS, garbage_collector
from tests.support import run_async


def test_a_worker_sets_the_built_app_aside_and_makes_full_collections_rare_until_it_stops() -> None:
    before = gc.get_threshold()
    built = [object() for _ in range(3)]  # the app as built: there when the worker starts
    seen: dict[str, object] = {}

    async def worker() -> None:
        async with garbage_collector():
            seen["threshold"], seen["frozen"] = gc.get_threshold(), gc.get_freeze_count()

    run_async(worker())
    assert seen["threshold"] == GC_THRESHOLDS and GC_THRESHOLDS[2] > before[2]
    assert isinstance(seen["frozen"], int) and seen["frozen"] >= len(built)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
