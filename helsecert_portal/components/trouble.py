"""What the user sees when the backend cannot be reached or a handler fails unexpectedly (in Norwegian)."""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec
from reflex_components_core.core.banner import has_connection_errors
from reflex_components_sonner.toast import toast

from ..core.logs import current_ref
from ..core.security_log import one_line
from ..texts import nb

log = logging.getLogger(__name__)


def connection_notice() -> rx.Component:
    """Replaces Reflex's English connection toast: a polite banner while the websocket reconnects."""
    return rx.cond(has_connection_errors, rx.el.div(nb.CONNECTION_LOST, role="alert", class_name="connection-banner"))


def frontend_error(exception: Exception) -> None:  # Reflex checks this annotation by name
    """A browser-side error report: client text, so one escaped line (no log forging), never a traceback."""
    log.warning(one_line(event="frontend.error", message=str(exception)))


def backend_error(exception: Exception) -> EventSpec:  # Reflex checks this annotation by name
    """An unexpected failure (database or Redis away): say what happened and what to do; details go to the log."""
    log.error("unexpected error in an event handler", exc_info=(type(exception), exception, exception.__traceback__))  # type and place only
    return toast(nb.ERRORS["error"].format(ref=current_ref()), level="error", fallback_to_alert=True, position="top-center", id="backend_error")
