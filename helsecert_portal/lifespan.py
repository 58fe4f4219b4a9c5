"""Services that live as long as the backend: the development mail catcher."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from . import services
from .core import mail_catcher
from .routes.dev_inbox import inbox_folder
from .state.live import publish
from .usecases import housekeeping
from .usecases.feeds import Notify

log = logging.getLogger(__name__)


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


SWEEP_EVERY_SECONDS = 600


async def sweeper() -> None:
    """Every ten minutes (idempotent across workers): escalate overdue requests, purge expired rows."""

    def sweep() -> Notify:
        settings = services.settings()
        with services.db_session() as db:
            return housekeeping.sweep(db, services.clock(), escalation_days=settings.request_escalation_days, idle_minutes=settings.session_idle_minutes)

    while True:
        try:
            publish(await asyncio.to_thread(sweep))
        except Exception:  # keep sweeping; the next round retries
            log.exception("sweep failed")
        await asyncio.sleep(SWEEP_EVERY_SECONDS)
