"""What lives as long as a backend worker: the garbage collector's settings, the development mail catcher, the
sweeper, the mail outbox, the notice clock, and the drain of events in flight when the worker is told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import socket
import threading
from collections.abc import AsyncIterator
from datetime import datetime

import reflex as rx
import uvicorn

from . import services
from .backchannel import deliver_due
from .core import mail_catcher
from .demo.backend import DemoBackend, DemoConfig
from .demo_data import demo_backend_file
from .domain.sessions import SessionPolicy
from .routes.dev_inbox import inbox_folder
from .state.live import publish
from .usecases import housekeeping, mail_outbox, single_logout
from .usecases.feeds import Notify
from .usecases.outcome import Mail

log = logging.getLogger(__name__)


# Every tab's Reflex state lives in its worker's memory: at 2,000 tabs the heap holds millions of objects, a full
# collection takes 0.4-0.7 s (the whole worker stands still) and CPython's default thresholds ran one every 2-5 s
# under load (measured, bench/events.py). Young objects are collected as often as ever in absolute terms; a full
# collection now waits for 100 middle ones, about once a minute or two at that load instead of every few seconds.
GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.asynccontextmanager
async def garbage_collector() -> AsyncIterator[None]:
    """The app as built (pages, components, modules: ~370,000 objects) is set aside from every later collection,
    and full collections are made rare; both as the worker starts, undone as it stops."""
    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


@contextlib.asynccontextmanager
async def dev_mail_catcher() -> AsyncIterator[None]:
    settings = services.settings()
    controller = None
    if settings.use_mail_catcher and not settings.production:
        try:
            controller = mail_catcher.start(inbox_folder(), settings.dev_smtp_port)
        except OSError as exc:  # another worker already holds the port
            log.info("mail catcher not started here: %s", exc)
    try:
        yield
    finally:
        if controller is not None:
            controller.stop()


@contextlib.asynccontextmanager
async def drain_on_shutdown(app: rx.App) -> AsyncIterator[None]:
    """Graceful shutdown. On SIGTERM granian stops taking connections and ends the lifespan at once; Reflex would
    then cancel every event still running. Here the events already received finish first (up to
    PORTAL_SHUTDOWN_GRACE_SECONDS), so what the person did is saved in the database and in their tab's state in
    Redis. The feeds, the outbox and the database stay up meanwhile: this is entered after Reflex's event processor
    and so left before it stops. Granian sends nothing more on the worker's websockets and closes them when the
    process exits; the browser then reconnects to another instance and hydrates the saved state, and a page whose
    answer was a redirect that could not be sent any more (registration) sends the person on by itself."""
    processor = app.event_processor
    processor.graceful_shutdown_timeout = float(services.settings().shutdown_grace_seconds)
    try:
        yield
    finally:
        log.info(json.dumps({"event": "shutdown.draining", "in_flight": len(processor._tasks), "grace_seconds": processor.graceful_shutdown_timeout}))


async def caller_invalidations() -> None:
    """With Redis, for as long as the worker runs: hear what every other worker's commits changed, so a cached caller
    or view is forgotten here too (services.caches); one worker alone hears its own commits."""
    others = services.invalidations()
    if others is not None:
        await others.listen(*services.caches())


SWEEP_EVERY_SECONDS = 600


async def sweeper() -> None:
    """Every ten minutes (idempotent across workers): escalate overdue requests, purge expired rows, end the back-ends'
    tokens of expired portal sessions and rotate the provider's signing keys."""

    def sweep() -> Notify:
        settings = services.settings()
        with services.db_session() as db:
            single_logout.sweep(db, services.clock(), SessionPolicy.of(settings), issuer=settings.provider_issuer)
            return housekeeping.sweep(db, services.clock(), escalation_days=settings.request_escalation_days, idle_minutes=settings.session_idle_minutes)

    while True:
        try:
            publish(await asyncio.to_thread(sweep))
            await deliver_due()  # back-channel logouts of sessions that expired, and of deliveries that failed
        except Exception:  # keep sweeping; the next round retries
            log.exception("sweep failed")
        await asyncio.sleep(SWEEP_EVERY_SECONDS)


MAIL_EVERY_SECONDS = 5
MAIL_BATCH = 200


async def mail_worker() -> None:
    """Drains the mail outbox (alerts, reminders) every few seconds; safe with several workers (rows are claimed)."""
    settings = services.settings()

    def send(mail: Mail) -> None:
        services.mailer().send(to=mail.to, subject=mail.subject, text=mail.text, html=mail.html or "")

    while True:
        full = False
        try:
            done = await asyncio.to_thread(mail_outbox.drain, services.db_session, services.clock(), send, settings.origin, batch=MAIL_BATCH)
            full = done.failed == 0 and done.sent + done.skipped == MAIL_BATCH  # more are waiting: go on at once
        except Exception:  # keep draining; the rows stay queued
            log.exception("mail round failed")
        if not full:
            await asyncio.sleep(MAIL_EVERY_SECONDS)


async def notice_clock() -> None:
    """Every few seconds: a driftsmelding that has just started or ended reaches the open tabs' banners."""
    since = services.clock().now()

    def check(start: datetime, end: datetime) -> Notify:
        with services.db_session() as db:
            return housekeeping.notices_turned(db, start, end)

    while True:
        await asyncio.sleep(MAIL_EVERY_SECONDS)
        now = services.clock().now()
        try:
            publish(await asyncio.to_thread(check, since, now))
            since = now
        except Exception:  # the next round looks at the same window again
            log.exception("notice clock failed")


@contextlib.asynccontextmanager
async def demo_backend() -> AsyncIterator[None]:
    """Development only: the demo back-end (demo/backend.py) on its own port, in its own thread and event loop (so it
    takes none of the worker's signals), with the client_id and secret demo_data registered it with."""
    settings = services.settings()
    found = demo_backend_file()
    server = None
    given = json.loads(found.read_text()) if settings.demo_backend_url and found.exists() else {}
    if given and given.get("base_url") != settings.demo_backend_url:
        log.warning("demo back-end not started: registered for %s; run python -m helsecert_portal.demo_data", given.get("base_url"))
    elif given:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", settings.demo_backend_port))
            sock.listen(64)  # with SO_REUSEADDR two workers may both bind; only one can listen
        except OSError as exc:  # another worker already runs it
            sock.close()
            log.info("demo back-end not started here: %s", exc)
        else:
            config = DemoConfig(settings.provider_issuer, settings.demo_backend_url, given["client_id"], given["client_secret"])
            server = uvicorn.Server(uvicorn.Config(DemoBackend(config).app, log_level="warning"))
            threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="demo-backend", daemon=True).start()
    try:
        yield
    finally:
        if server is not None:
            server.should_exit = True
