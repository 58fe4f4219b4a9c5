"""Shared helpers for state classes: who is calling (from the HttpOnly cookie) and the user's message."""

from __future__ import annotations

import logging
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import PortalError
from ..domain import sessions
from ..domain.sessions import Caller, SessionPolicy
from ..texts import nb

log = logging.getLogger(__name__)
SESSION_COOKIE = "hc_session"


def cookie_name() -> str:
    """In production (https) the cookie gets the __Host- prefix: Secure, Path=/, no Domain."""
    return f"__Host-{SESSION_COOKIE}" if services.settings().secure_cookies else SESSION_COOKIE


def session_policy() -> SessionPolicy:
    s = services.settings()
    return SessionPolicy(secret_key=s.secret_key, idle_minutes=s.session_idle_minutes, max_hours=s.session_max_hours)


def read_cookie(header: str | None, name: str) -> str:
    try:
        jar = SimpleCookie(header or "")
    except CookieError:
        return ""
    return jar[name].value if name in jar else ""


def session_token(state: rx.State) -> str:
    return read_cookie(state.router.headers.cookie, cookie_name())


def caller(state: rx.State | str, db: Session) -> Caller:
    """The person behind this websocket (or behind a token read earlier), from the DB; raises NotLoggedIn."""
    token = state if isinstance(state, str) else session_token(state)
    return sessions.require_caller(db, services.clock(), session_policy(), token=token)


def user_message(exc: Exception, **fmt: object) -> str:
    if isinstance(exc, PortalError):
        text = nb.ERRORS.get(exc.code, nb.ERRORS["error"])
    else:
        log.exception("unexpected error in a state handler")
        text = nb.ERRORS["error"]
    try:
        return text.format(**fmt) if fmt else text
    except (KeyError, IndexError):
        return text


def login_redirect(state: rx.State) -> rx.event.EventSpec:
    """Send an anonymous visitor to the login page, coming back here afterwards."""
    return rx.redirect("/logg-inn?" + urlencode({"neste": state.router.url.path or "/"}))
