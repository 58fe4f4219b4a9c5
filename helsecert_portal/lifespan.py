"""Services that live as long as the backend: the development mail catcher."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from . import services
from .core import mail_catcher
from .routes.dev_inbox import inbox_folder

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def dev_mail_catcher():  # noqa: ANN201
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


async def escalation_sweeper():  # noqa: ANN201
    """Every ten minutes, hand requests nobody handled to the CERT operators (idempotent across workers)."""
    from .domain.membership import escalate_overdue
    from .state.live import publish

    def sweep() -> list[str]:
        with services.db_session() as db:
            return escalate_overdue(db, services.clock(), days=services.settings().request_escalation_days)

    while True:
        try:
            touched = await asyncio.to_thread(sweep)
            if touched:
                await publish(groups=touched)
        except Exception:  # keep sweeping; the next round retries
            log.exception("escalation sweep failed")
        await asyncio.sleep(SWEEP_EVERY_SECONDS)
