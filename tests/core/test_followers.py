"""The follower registry on both backends: following moves a tab from one token to another, None leaves,
and closed tabs are dropped; in Redis, what one worker records every other sees."""

from __future__ import annotations

import uuid

import pytest

from helsecert_portal.core.followers import MemoryFollowers, RedisFollowers
from tests.support import REDIS_TEST_URL, run_async


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
