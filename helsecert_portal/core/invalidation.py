"""A small in-process cache whose entries are invalidated when the rows behind them change, in every worker.

Each entry carries tags (the rows it was read from). A commit that changes one of those rows forgets the
entries with its tags here at once, and announces the tags to every other worker (Redis pub/sub), which forgets
them too. An entry is used only while this worker hears every announcement: until its subscription is confirmed,
and again from the moment it is lost, nothing is served from the cache (and what it held is forgotten). A write
made outside the portal's code (an SQL console, a migration) announces nothing: `max_age` bounds how long such a
change can go unseen.

A read that raced with a change cannot be stored stale: `put` refuses an entry when one of its own tags was
invalidated after its read began (each tag remembers the generation of its last invalidation). Changes to other
rows do not keep it out: under load commits never stop, and a cache that refused every read racing with any
commit would stop filling just when it is needed most.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import redis
from redis import asyncio as aioredis
from redis.exceptions import RedisError

V = TypeVar("V")
CHANNEL = "hc:invalidate"
RESUBSCRIBE_SECONDS = 0.5
PING_SECONDS = 0.5  # the subscription asks Redis for a sign of life this often ...
SILENT_SECONDS = 2.0  # ... and counts as lost when nothing at all came back for this long
MAX_ENTRIES = 50_000
ALL = "*"  # the tag of a change whose rows are not known one by one (a bulk update or delete): forget everything
MAX_TAG_HISTORY = 20_000  # tags whose last invalidation is remembered; past it, every read in flight is refused

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Entry(Generic[V]):
    value: V
    tags: frozenset[str]
    expires: float


class InvalidatingCache(Generic[V]):
    """Thread-safe: entries are read on the event loop and stored from worker threads."""

    def __init__(self, max_age: float, *, armed: bool = True, monotonic: Callable[[], float] = time.monotonic, max_entries: int = MAX_ENTRIES) -> None:
        self.max_age, self._monotonic, self.max_entries = max_age, monotonic, max_entries
        self._entries: dict[str, _Entry[V]] = {}
        self._by_tag: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        self._generation = 0
        self._changed: dict[str, int] = {}  # tag -> the generation of its last invalidation
        self._floor = 0  # reads begun before this generation are refused whatever their tags (all forgotten then)
        self._armed = armed

    @property
    def generation(self) -> int:
        """Take it before reading what will be stored: `put` compares."""
        return self._generation

    @property
    def armed(self) -> bool:
        return self._armed

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None or not self._armed:
            return None
        if self._monotonic() > entry.expires:
            with self._lock:
                self._drop(key)
            return None
        return entry.value

    def put(self, key: str, value: V, tags: Iterable[str], generation: int) -> bool:
        """Store `value` read under `generation`; refused while disarmed, or when one of its tags (or everything)
        was invalidated since the read began."""
        tags = frozenset(tags)
        with self._lock:
            if not self._armed or generation < self._floor or any(self._changed.get(tag, -1) > generation for tag in tags):
                return False
            self._drop(key)
            if len(self._entries) >= self.max_entries:
                self._make_room()
            # each entry lives between half and all of max_age: what was read together is not read again together
            entry = _Entry(value, tags, self._monotonic() + self.max_age * (1 - random.random() / 2))
            self._entries[key] = entry
            for tag in entry.tags:
                self._by_tag.setdefault(tag, set()).add(key)
            return True

    def forget(self, tags: Iterable[str]) -> None:
        """Forget the entries with any of these tags; ALL among them forgets everything."""
        tags = list(tags)
        if ALL in tags:
            self.forget_all()
            return
        with self._lock:
            self._generation += 1
            if len(self._changed) >= MAX_TAG_HISTORY:
                self._changed.clear()
                self._floor = self._generation
            for tag in tags:
                self._changed[tag] = self._generation
                for key in list(self._by_tag.get(tag, ())):
                    self._drop(key)

    def forget_all(self) -> None:
        with self._lock:
            self._generation += 1
            self._clear()

    def arm(self) -> None:
        """This worker hears every announcement from now on."""
        with self._lock:
            self._generation += 1
            self._clear()
            self._armed = True

    def disarm(self) -> None:
        """Announcements may be missed from now on: nothing is served or stored until armed again."""
        with self._lock:
            self._armed = False
            self._generation += 1
            self._clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            for tag in entry.tags:
                keys = self._by_tag.get(tag)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del self._by_tag[tag]

    def _make_room(self) -> None:
        """A full cache drops what has expired, then its oldest entries (they are kept in the order they were stored)
        until a tenth is free, not everything: a flood of new entries pushes out the oldest, never every entry at
        once, and the look through all entries comes at most once per tenth of them stored."""
        now = self._monotonic()
        for key in [k for k, entry in self._entries.items() if entry.expires < now]:
            self._drop(key)
        surplus = len(self._entries) - (self.max_entries - max(1, self.max_entries // 10))
        for key in list(self._entries)[: max(0, surplus)]:
            self._drop(key)

    def _clear(self) -> None:
        """Everything goes (callers hold the lock), and every read begun before the current generation is refused;
        reads begun at it saw every change made so far."""
        self._entries.clear()
        self._by_tag.clear()
        self._changed.clear()
        self._floor = self._generation


def encode(tags: Iterable[str]) -> str:
    return json.dumps(sorted(set(tags)))


def decode(message: str) -> list[str] | None:
    try:
        tags = json.loads(message)
    except ValueError:
        return None
    return tags if isinstance(tags, list) and all(isinstance(t, str) for t in tags) else None


class RedisInvalidations:
    """Announces what changed to every worker and listens for the others' announcements."""

    def __init__(self, url: str, channel: str = "") -> None:
        self._sync = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2)
        self._url = url
        # channels are server-wide: a portal on another database of the same server has its own
        self.channel = channel or f"{CHANNEL}:{self._sync.connection_pool.connection_kwargs.get('db', 0)}"

    def announce(self, tags: Iterable[str]) -> None:
        """Called after a commit, from whichever thread made it; a failure is logged (the other workers' entries
        then live until `max_age`, and Redis being unreachable also stops their events)."""
        try:
            self._sync.publish(self.channel, encode(tags))
        except RedisError as exc:
            log.warning("cache invalidation could not be announced: %s", type(exc).__name__)

    async def listen(self, *caches: InvalidatingCache[Any]) -> None:
        """For as long as the worker runs: the caches are armed while subscribed, disarmed (and emptied) while not."""
        client = aioredis.Redis.from_url(self._url, decode_responses=True, socket_keepalive=True)
        try:
            while True:
                try:
                    async with client.pubsub() as pubsub:
                        await pubsub.subscribe(self.channel)
                        await self._hear(pubsub, caches)
                except (RedisError, OSError):
                    log.warning("cache invalidation: Redis unreachable, subscribing again")
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("cache invalidation: listening failed, subscribing again")
                for cache in caches:
                    cache.disarm()
                await asyncio.sleep(RESUBSCRIBE_SECONDS)
        finally:
            for cache in caches:
                cache.disarm()
            await client.aclose()

    async def _hear(self, pubsub: Any, caches: tuple[InvalidatingCache[Any], ...]) -> None:
        """Until the subscription fails or falls silent. A connection can die without closing (a half-open TCP
        connection, a frozen proxy): then no error ever comes, and announcements are lost while the caches stay
        armed. So it pings every PING_SECONDS and gives up when nothing (not even the pong) came for SILENT_SECONDS."""
        loop = asyncio.get_running_loop()
        heard = pinged = loop.time()
        while True:
            message = await pubsub.get_message(timeout=PING_SECONDS)
            now = loop.time()
            if message is not None:
                heard = now
                kind = message.get("type")
                if kind == "subscribe":
                    for cache in caches:
                        cache.arm()
                elif kind == "message":
                    tags = decode(message["data"]) if isinstance(message.get("data"), str) else None
                    for cache in caches:
                        cache.forget_all() if tags is None else cache.forget(tags)
            if now - heard > SILENT_SECONDS:
                raise ConnectionError("the invalidation channel fell silent")
            if now - pinged >= PING_SECONDS:
                pinged = now
                await asyncio.wait_for(pubsub.ping(), SILENT_SECONDS)
