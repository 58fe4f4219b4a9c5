"""The stuck «Laster …» on the scaled stack, reproduced against the machine's Redis: an event cancelled while its
SET of the tab's lock is on the way (Reflex cancels a left page's load chain) must not leave that lock behind."""

from __future__ import annotations

import asyncio
import contextlib
import types
import uuid
from types import SimpleNamespace

import pytest
import redis.asyncio as aioredis
from reflex.istate.manager.redis import StateManagerRedis

from helsecert_portal.state import redis_lock
from tests.support import REDIS_TEST_URL, run_async


async def _cancelled_while_taking_the_lock(manager: StateManagerRedis) -> tuple[bytes | None, float]:
    """Returns the lock left in Redis, and how long the tab's next event waited for it (seconds)."""
    plain = manager._try_get_lock
    reached = asyncio.Event()

    async def late_reply(self: StateManagerRedis, lock_key: bytes, lock_id: bytes) -> bool | None:
        got = await plain(lock_key, lock_id)  # the SET has reached Redis ...
        reached.set()
        await asyncio.sleep(5)  # ... and its reply is still on the way when the page is left
        return got

    manager._try_get_lock = types.MethodType(late_reply, manager)  # type: ignore[method-assign]
    token = SimpleNamespace(lock_key=f"test-tab-{uuid.uuid4()}")

    async def page_load() -> None:
        async with manager._lock(token, event_name="on_load_internal"):  # type: ignore[arg-type]
            pass

    task = asyncio.create_task(page_load())
    await reached.wait()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    left = await manager.redis.get(f"{token.lock_key}_lock")
    manager._try_get_lock = plain  # type: ignore[method-assign]
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with manager._lock(token, event_name="hydrate_and_load"):  # type: ignore[arg-type]  # the next page of the same tab
        waited = loop.time() - started
    await manager.redis.delete(f"{token.lock_key}_lock")
    return left, waited


def _run(manager_factory) -> tuple[bytes | None, float]:
    async def go() -> tuple[bytes | None, float]:
        client = aioredis.Redis.from_url(REDIS_TEST_URL)
        manager = manager_factory(client)
        try:
            return await _cancelled_while_taking_the_lock(manager)
        finally:
            await manager.close()

    return run_async(go())


def _manager(client: aioredis.Redis) -> StateManagerRedis:
    return StateManagerRedis(redis=client, lock_expiration=3000, lock_warning_threshold=1000)


PLAIN = getattr(StateManagerRedis._wait_lock, "plain", StateManagerRedis._wait_lock)  # Reflex's own, fix or no fix


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(StateManagerRedis, "_wait_lock", PLAIN)  # undone after the test
    redis_lock.install()


def test_a_cancelled_lock_acquisition_leaves_no_lock_and_the_next_page_does_not_wait(installed) -> None:
    left, waited = _run(_manager)
    assert left is None
    assert waited < 1.0  # without the fix: the whole lock expiration


def test_without_the_fix_the_lock_is_left_until_it_expires(monkeypatch) -> None:
    """What the scaled stack did: the cause, shown with Reflex's own lock code (so the test above can fail)."""
    monkeypatch.setattr(StateManagerRedis, "_wait_lock", PLAIN)
    left, waited = _run(_manager)
    assert left is not None and left.startswith(b"on_load_internal:")
    assert waited > 2.0  # the 3 s expiration of this test's manager
