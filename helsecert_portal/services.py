"""Composition root: builds settings, engine, clock, mailer and the IdP client once, lazily."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session
from starlette.types import ASGIApp

from .core.clock import Clock, OffsetClock, SystemClock
from .core.db import make_engine, refusing_engine, remembered, session_scope, watch_writes
from .core.invalidation import InvalidatingCache, RedisInvalidations
from .core.settings import Settings, load_settings
from .domain import sessions
from .domain.sessions import CALLER_CACHE_SECONDS, Caller, Callers

T = TypeVar("T")

if TYPE_CHECKING:
    from .core.followers import Followers
    from .core.mail import MailSender
    from .idporten.client import IdPortenClient


@cache
def settings() -> Settings:
    return load_settings()


@cache
def engine() -> Engine:
    caches()  # every process that writes tells the caches (here and in every worker) what changed
    return make_engine(settings().database_url)


@cache
def invalidations() -> RedisInvalidations | None:
    """How workers tell each other what changed: Redis when the state lives there; one worker needs no telling."""
    url = settings().redis_url
    return RedisInvalidations(url) if url else None


VIEW_CACHE_SECONDS = 30.0  # the commits keep views right; this bounds only a change made outside the portal's code
ANYONE_ENTRIES = 5_000  # reads anyone may ask for with any text (search): a cache of their own, this big at most


@cache
def caches() -> tuple[InvalidatingCache[Caller], InvalidatingCache[object], InvalidatingCache[object]]:
    """The cached callers, the cached views of logged-in people and the cached reads anyone may ask for with any text
    (`remembered`), forgotten by what every commit changed, here and (with Redis) in every other worker. With Redis
    they serve only while this worker hears the others (`invalidations().listen`, a lifespan task); a process that
    does not listen (a script, a test) only announces."""
    others = invalidations()
    callers_: InvalidatingCache[Caller] = InvalidatingCache(CALLER_CACHE_SECONDS, armed=others is None)
    views: InvalidatingCache[object] = InvalidatingCache(VIEW_CACHE_SECONDS, armed=others is None)
    anyone: InvalidatingCache[object] = InvalidatingCache(VIEW_CACHE_SECONDS, armed=others is None, max_entries=ANYONE_ENTRIES)

    def forget(tags: set[str]) -> None:
        for cached in (callers_, views, anyone):
            cached.forget(tags)
        if others is not None:
            others.announce(tags)

    watch_writes(forget, sessions.row_tags, sessions.table_tags)
    return callers_, views, anyone


@cache
def callers() -> Callers:
    """The caller behind each event, cached until what it was read from changes."""
    return Callers(caches()[0])


def view(db: Session, key: str, compute: Callable[[Session], T], *, anyone: bool = False) -> T:
    """A page's read (`compute`), kept until a commit changes a table it read (core/db.remembered); `key` names
    everything it depends on besides the database (the person, the query). `anyone`: a read any visitor can ask for
    with any text (search as you type), kept apart, so no flood of made-up queries pushes out people's page views."""
    return remembered(db, caches()[2] if anyone else caches()[1], key, compute)


@cache
def clock() -> Clock:
    s = settings()
    if s.clock_offset_file and not s.production:
        return OffsetClock(s.clock_offset_file)
    return SystemClock()


@cache
def mailer() -> MailSender:
    from .core.mail import MailSender

    return MailSender.from_settings(settings())


@cache
def idporten() -> IdPortenClient:
    from .idporten.client import IdPortenClient

    return IdPortenClient.from_settings(settings(), clock())


@cache
def followers() -> Followers:
    """Which tabs follow which live feed: Redis when the state lives there (every worker and instance), else memory."""
    from .core.followers import MemoryFollowers, RedisFollowers

    url = settings().redis_url
    return RedisFollowers(url) if url else MemoryFollowers()


@cache
def _no_connections() -> Engine:
    return refusing_engine(settings().database_url)


@contextmanager
def db_session(*, on_loop: bool = False) -> Iterator[Session]:
    """One transaction. `on_loop`: for a read tried on the event loop first, whose session cannot connect: what
    needs the database raises core.db.WouldWait, and the caller runs it again in a worker thread."""
    with session_scope(_no_connections() if on_loop else engine()) as db:
        yield db


async def off_loop(work: Callable[[], T]) -> T:
    """Blocking work (database, SMTP) in a worker thread, so the event loop keeps serving other requests and tabs."""
    return await asyncio.to_thread(work)


async def in_transaction(work: Callable[[Session], T]) -> T:
    """`work` in one transaction, off the event loop (the plain HTTP routes' way to the database)."""

    def run() -> T:
        with db_session() as db:
            return work(db)

    return await off_loop(run)


@cache
def simulator_app() -> ASGIApp:
    """The embedded ID-porten simulator; refuses to exist when a real issuer is configured."""
    from .idporten.simulator import build_simulator

    return build_simulator(settings(), clock()).asgi_app()
