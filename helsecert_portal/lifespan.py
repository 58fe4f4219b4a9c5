"""Services that live as long as the backend: the development mail catcher."""

from __future__ import annotations

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
