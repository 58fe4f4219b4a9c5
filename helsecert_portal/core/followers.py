"""Which tabs follow which live feed: a set of tab tokens per feed, in memory (one worker) or in Redis (every
worker and instance). It holds no data: who may receive what is decided when a view is sent.

It replaces Reflex's SharedState for the portal's feeds: a state linked to a shared one has that shared state
patched in, under the shared token's lock, on every event and every modify_state of every linked tab, and an
update pushed to all its other followers each time; 50 dashboards of one group then wait on one lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Protocol

from redis import asyncio as aioredis
from redis.exceptions import RedisError

KEEP_SECONDS = 24 * 3600  # a set nobody followed for a day goes; tabs that closed are pruned when a view is sent
CHANNEL = "hc:live"  # what changed (ids only, never data), to every worker: each delivers to the tabs connected to it
RESUBSCRIBE_SECONDS = 0.5
HEALTH_CHECK_SECONDS = 15

log = logging.getLogger(__name__)


class Followers(Protocol):
    async def follow(self, feed: str, tab: str, token: str | None) -> None: ...
    async def of(self, feed: str, token: str) -> set[str]: ...
    async def drop(self, feed: str, token: str, tabs: set[str]) -> None: ...
    async def announce(self, message: str) -> bool: ...  # False: there are no other workers, deliver here
    def announcements(self) -> AsyncIterator[str]: ...


class MemoryFollowers:
    def __init__(self) -> None:
        self._tabs: dict[tuple[str, str], set[str]] = {}
        self._following: dict[tuple[str, str], str] = {}  # (feed, tab) -> token

    async def follow(self, feed: str, tab: str, token: str | None) -> None:
        """Follow `token` of `feed` (None: stop following it), leaving what the tab followed before."""
        previous = self._following.pop((feed, tab), None)
        if previous is not None:
            self._tabs.get((feed, previous), set()).discard(tab)
        if token is not None:
            self._following[feed, tab] = token
            self._tabs.setdefault((feed, token), set()).add(tab)

    async def of(self, feed: str, token: str) -> set[str]:
        return set(self._tabs.get((feed, token), set()))

    async def drop(self, feed: str, token: str, tabs: set[str]) -> None:
        for tab in tabs:
            if self._following.get((feed, tab)) == token:
                await self.follow(feed, tab, None)

    async def announce(self, message: str) -> bool:
        return False  # one worker holds every tab

    async def announcements(self) -> AsyncIterator[str]:
        return
        yield  # an async generator that ends at once


class RedisFollowers:
    def __init__(self, url: str, channel: str = "") -> None:
        # health checks: a half-open connection (a proxy's idle timeout, a failover) must not leave a listener deaf
        self._redis = aioredis.Redis.from_url(url, decode_responses=True, health_check_interval=HEALTH_CHECK_SECONDS, socket_keepalive=True)
        # Pub/sub channels are server-wide, not per database: a portal on another database of the same server
        # (another deployment, a test run) has a channel of its own.
        self.channel = channel or f"{CHANNEL}:{self._redis.connection_pool.connection_kwargs.get('db', 0)}"

    @staticmethod
    def _set(feed: str, token: str) -> str:
        return f"hc:followers:{feed}:{token}"

    @staticmethod
    def _tab(tab: str) -> str:
        return f"hc:following:{tab}"

    async def follow(self, feed: str, tab: str, token: str | None) -> None:
        previous = await self._redis.hget(self._tab(tab), feed)  # type: ignore[misc]
        async with self._redis.pipeline(transaction=True) as pipe:
            if previous is not None and previous != token:
                pipe.srem(self._set(feed, previous), tab)
            if token is None:
                pipe.hdel(self._tab(tab), feed)
            else:
                pipe.hset(self._tab(tab), feed, token)
                pipe.sadd(self._set(feed, token), tab)
                pipe.expire(self._set(feed, token), KEEP_SECONDS)
                pipe.expire(self._tab(tab), KEEP_SECONDS)
            await pipe.execute()

    async def of(self, feed: str, token: str) -> set[str]:
        return set(await self._redis.smembers(self._set(feed, token)))  # type: ignore[misc]

    async def drop(self, feed: str, token: str, tabs: set[str]) -> None:
        if tabs:
            await self._redis.srem(self._set(feed, token), *tabs)  # type: ignore[misc]

    async def announce(self, message: str) -> bool:
        await self._redis.publish(self.channel, message)
        return True

    async def announcements(self) -> AsyncIterator[str]:
        """Every message on the channel, for as long as the worker runs: after Redis went away, subscribed again."""
        while True:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    async for message in pubsub.listen():
                        if message.get("type") == "message" and isinstance(message.get("data"), str):
                            yield message["data"]
            except (RedisError, OSError):
                log.warning("live announcements: Redis unreachable, subscribing again")
                await asyncio.sleep(RESUBSCRIBE_SECONDS)
            except Exception:  # a message that cannot even be read (not UTF-8) must not end the listening
                log.exception("live announcements: a message could not be read, subscribing again")
                await asyncio.sleep(RESUBSCRIBE_SECONDS)
