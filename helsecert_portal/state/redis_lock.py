"""A tab's Redis state lock is never left behind by a cancelled event (the «Laster …» that never finished).

Cause, as recorded on the scaled stack (a failed test's websocket frames and the tab's lock in Redis): a page
sends `on_load_internal` and is left a few milliseconds later (the next page opens). Reflex cancels the tab's
unfinished page-load chain on disconnect. When that cancellation lands while the event is taking the tab's lock
(`SET key id NX PX 10000` already on its way to Redis, the reply not yet read), the lock is set in Redis but its
holder is gone: `StateManagerRedis._lock` only releases a lock it knows it got. The tab's next page then waits
the whole lock expiration (10 s) before its hydrate runs, with the page at «Laster …» all that time.

`install()` wraps `StateManagerRedis._wait_lock`: cancelled while acquiring, it deletes the lock if (and only
if) it holds this event's id, and wakes the next waiter, before the cancellation goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, cast

from reflex.istate.manager.redis import StateManagerRedis

# Delete the lock only while it is still this event's (another holder's lock is never touched).
_RELEASE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

WaitLock = Callable[[StateManagerRedis, bytes, bytes], Awaitable[None]]


async def _release_if_ours(manager: StateManagerRedis, lock_key: bytes, lock_id: bytes) -> None:
    evaluate = cast(Callable[..., Awaitable[Any]], manager.redis.eval)
    await evaluate(_RELEASE_IF_OURS, 1, lock_key, lock_id)
    manager._notify_next_waiter(lock_key)


def cancel_safe(wait_lock: WaitLock) -> WaitLock:
    async def _wait_lock(self: StateManagerRedis, lock_key: bytes, lock_id: bytes) -> None:
        try:
            await wait_lock(self, lock_key, lock_id)
        except asyncio.CancelledError:
            await asyncio.shield(_release_if_ours(self, lock_key, lock_id))
            raise

    _wait_lock.plain = wait_lock  # type: ignore[attr-defined]  # Reflex's own, for the test that shows the cause
    return _wait_lock


def install() -> None:
    """Once per process, from the composition root (idempotent)."""
    if not hasattr(StateManagerRedis._wait_lock, "plain"):
        StateManagerRedis._wait_lock = cancel_safe(StateManagerRedis._wait_lock)  # type: ignore[method-assign,assignment]
