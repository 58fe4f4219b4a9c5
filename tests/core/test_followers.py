"""The follower registry on both backends: following moves a tab from one token to another, None leaves,
and closed tabs are dropped; in Redis, what one worker records every other sees, and an announcement reaches
every worker, also after Redis restarted."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis import asyncio as aioredis

from helsecert_portal.core.followers import MemoryFollowers, RedisFollowers
from tests.support import REDIS_TEST_URL, Service, free_port, run_async


def registries():
    return [("memory", lambda: MemoryFollowers()), ("redis", lambda: RedisFollowers(REDIS_TEST_URL))]


@pytest.mark.parametrize(("kind", "make"), registries())
def test_a_tab_follows_one_token_of_a_feed_at_a_time(kind, make) -> None:
    async def scenario() -> None:
        registry, feed = make(), f"group-test-{uuid.uuid4().hex[:8]}"
        await registry.follow(feed, "tab-a", "oslo")
        await registry.follow(feed, "tab-b", "oslo")
        await registry.follow("person-" + feed, "tab-a", "kari")  # another feed is another record
        assert await registry.of(feed, "oslo") == {"tab-a", "tab-b"}
        await registry.follow(feed, "tab-a", "bergen")  # moving leaves the old token
        assert await registry.of(feed, "oslo") == {"tab-b"} and await registry.of(feed, "bergen") == {"tab-a"}
        await registry.follow(feed, "tab-b", None)
        assert await registry.of(feed, "oslo") == set()
        await registry.drop(feed, "bergen", {"tab-a"})
        assert await registry.of(feed, "bergen") == set() and await registry.of("person-" + feed, "kari") == {"tab-a"}

    run_async(scenario())


def test_what_one_worker_records_in_redis_every_other_sees() -> None:
    async def scenario() -> None:
        one, other, feed = RedisFollowers(REDIS_TEST_URL), RedisFollowers(REDIS_TEST_URL), f"group-test-{uuid.uuid4().hex[:8]}"
        await one.follow(feed, "tab-a", "oslo")
        assert await other.of(feed, "oslo") == {"tab-a"}
        await other.follow(feed, "tab-a", None)
        assert await one.of(feed, "oslo") == set()

    run_async(scenario())


def _channel() -> str:
    """A channel of this test's own: a portal running on the same Redis server must not hear the tests."""
    return f"hc:live:test-{uuid.uuid4().hex[:8]}"


async def _until_subscribed(client, channel: str, count: int) -> None:
    """Until `count` listeners are subscribed to the channel (at most 5 s)."""
    for _ in range(100):
        if dict(await client.pubsub_numsub(channel)).get(channel, 0) >= count:
            return
        await asyncio.sleep(0.05)


async def _listening(registry: RedisFollowers, count: int, client) -> tuple[asyncio.Task, asyncio.Queue]:
    """A worker's listener: what it receives goes to a queue; returns once `count` listeners are subscribed."""
    received: asyncio.Queue = asyncio.Queue()

    async def listen() -> None:
        async for message in registry.announcements():
            await received.put(message)

    task = asyncio.get_running_loop().create_task(listen())
    await _until_subscribed(client, registry.channel, count)
    return task, received


def test_one_worker_delivers_itself_and_in_redis_an_announcement_reaches_every_worker() -> None:
    async def scenario() -> None:
        assert await MemoryFollowers().announce("x") is False  # one worker: the caller delivers at once
        channel = _channel()
        one, other = RedisFollowers(REDIS_TEST_URL, channel), RedisFollowers(REDIS_TEST_URL, channel)
        client = aioredis.Redis.from_url(REDIS_TEST_URL, decode_responses=True)
        first, to_one = await _listening(one, 1, client)
        second, to_other = await _listening(other, 2, client)
        marker = uuid.uuid4().hex
        assert await one.announce(marker) is True
        assert await asyncio.wait_for(to_one.get(), 5) == marker  # the announcing worker too: it serves its own tabs
        assert await asyncio.wait_for(to_other.get(), 5) == marker
        first.cancel(), second.cancel()
        await client.aclose()

    run_async(scenario())


def test_a_listener_subscribes_again_after_redis_restarted(tmp_path) -> None:
    """Else every tab on that worker would miss every live update until the worker restarts."""
    port = free_port()
    server = Service(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], tmp_path / "redis.log", port)

    async def scenario() -> None:
        url = f"redis://127.0.0.1:{port}/0"
        channel = _channel()
        registry, client = RedisFollowers(url, channel), aioredis.Redis.from_url(url, decode_responses=True)
        task, received = await _listening(registry, 1, client)
        server.stop()
        await asyncio.sleep(0.3)
        server.start()
        await _until_subscribed(client, channel, 1)  # the listener's own pace: RESUBSCRIBE_SECONDS after it noticed
        assert await RedisFollowers(url, channel).announce("after the restart")
        assert await asyncio.wait_for(received.get(), 5) == "after the restart"
        task.cancel()
        await client.aclose()

    with server:
        run_async(scenario())


def test_a_message_that_is_not_text_does_not_end_the_listening() -> None:
    """Bytes that are not UTF-8 on the channel: the listener goes on and hears the next announcement."""

    async def scenario() -> None:
        channel = _channel()
        registry, client = RedisFollowers(REDIS_TEST_URL, channel), aioredis.Redis.from_url(REDIS_TEST_URL, decode_responses=True)
        raw = aioredis.Redis.from_url(REDIS_TEST_URL)
        task, received = await _listening(registry, 1, client)
        await raw.publish(channel, b"\xff\xfe not text")
        await asyncio.sleep(0.1)
        await _until_subscribed(client, channel, 1)
        marker = uuid.uuid4().hex
        await registry.announce(marker)
        assert await asyncio.wait_for(received.get(), 5) == marker
        task.cancel()
        await client.aclose(), await raw.aclose()

    run_async(scenario())


def test_portals_on_two_databases_of_one_redis_server_do_not_hear_each_other() -> None:
    """Pub/sub is server-wide: the channel is per database unless given."""
    assert RedisFollowers("redis://127.0.0.1:6379/3").channel != RedisFollowers("redis://127.0.0.1:6379/4").channel
    assert RedisFollowers("redis://127.0.0.1:6379").channel == RedisFollowers("redis://127.0.0.1:6379/0").channel
