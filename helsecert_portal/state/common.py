"""Shared helpers for state classes: who is calling (from the HttpOnly cookie), work off the event loop,
and the user's message."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar
from urllib.parse import urlencode

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from .. import services
from ..core import cookies, metrics
from ..core.db import WouldWait
from ..core.errors import NotLoggedIn, PortalError
from ..core.logs import current_ref
from ..domain import audit, sessions
from ..domain.authorization import NotAllowed
from ..domain.sessions import Caller, SessionPolicy
from ..services import off_loop
from ..texts import nb

log = logging.getLogger(__name__)
T = TypeVar("T")
Reply: TypeAlias = EventSpec | list[EventSpec] | None  # what a handler may hand back to the browser


def session_token(state: rx.State) -> str:
    """The session cookie the tab's websocket was opened with (a snapshot from connect time)."""
    return cookies.read_cookie(state.router.headers.cookie, cookies.cookie_name(services.settings()))


def _policy() -> SessionPolicy:
    return SessionPolicy.of(services.settings())


def caller(state: rx.State | str, db: Session, *, touch: bool = True) -> Caller:
    """The person behind this websocket (or behind a token read earlier); raises NotLoggedIn. Cached until a commit
    changes the session or the person (domain/sessions.Callers)."""
    token = state if isinstance(state, str) else session_token(state)
    return services.callers().resolve(db, services.clock(), _policy(), token=token, touch=touch)


async def for_caller(state: rx.State, work: Callable[[Session, Caller], T], *, reads: bool = False) -> T:
    """Resolve the caller from the tab's cookie and run `work` in one transaction, off the event loop.

    `reads=True` for a page's read that writes nothing and has no other effect (it goes through `services.view`):
    it is tried on the event loop first, with a session that cannot connect, so a caller and a view both in the
    caches are answered without a trip to a worker thread; whatever needs the database runs again in one.
    Raises NotLoggedIn (no live session) or the use case's PortalError; the handler maps them.
    """
    return await _run(session_token(state), sys._getframe(1).f_code.co_name, work, anyone=False, reads=reads)  # type: ignore[arg-type]


async def for_anyone(state: rx.State, work: Callable[[Session, Caller | None], T]) -> T:
    """As for_caller, for what anonymous visitors may see too: `work` gets None without a live session."""
    return await _run(session_token(state), sys._getframe(1).f_code.co_name, work, anyone=True)


def live_callers(tokens: set[str], db: Session) -> dict[str, Caller]:
    """The people behind many tabs' cookies (read earlier), for a live delivery: one query, nothing touched."""
    return sessions.live_callers(db, services.clock(), _policy(), tokens)


def optional_caller(token: str, db: Session, *, touch: bool = True) -> Caller | None:
    try:
        return caller(token, db, touch=touch) if token else None
    except NotLoggedIn:
        return None


async def _run(token: str, handler: str, work: Callable[[Session, Caller | None], T], *, anyone: bool, reads: bool = False) -> T:
    def run(on_loop: bool = False) -> T:
        actor_id: str | None = None
        try:
            with services.db_session(on_loop=on_loop) as db:
                who = optional_caller(token, db) if anyone else caller(token, db)
                actor_id = who.person.id if who else None
                return work(db, who)
        except PortalError as exc:
            if on_loop and exc.audited:
                raise WouldWait() from None  # the refusal is written, and counted, from the worker thread
            if exc.code in metrics.CODE_OUTCOMES:
                metrics.codes.labels(metrics.CODE_OUTCOMES[exc.code]).inc()
            if exc.audited:
                record_refusal(exc.audited, type(exc).__name__, actor_id)
            raise

    with metrics.handler_seconds.labels(handler).time():
        if reads:
            try:
                return run(on_loop=True)
            except WouldWait:
                pass
        return await off_loop(run)


async def operator_outcome(state: Any, action: Callable[[Session, Caller], T]) -> T | None:
    """An operator page's action: its outcome, or None after the page says why not (a lost session or role
    empties the page; any other refusal is shown beside the form)."""
    state.error, state.info = "", ""
    try:
        return await for_caller(state, action)
    except (NotLoggedIn, NotAllowed) as exc:
        had_it = bool(getattr(state, "allowed", False))  # shown as an operator's page until now: the role went
        state.reset()
        state.loaded, state.error = True, await why_lost(state, nb.ACCESS_LOST_OPERATOR if had_it else user_message(exc))
    except PortalError as exc:
        state.error = user_message(exc)
    return None


def record_refusal(action: str, reason: str, actor_id: str | None) -> None:
    with services.db_session() as db:  # its own transaction: the refused one was rolled back
        audit.refused(db, services.clock(), action=action, reason=reason, actor_id=actor_id)


def user_message(exc: Exception) -> str:
    """The one lookup from an error to what the user reads: its code's text, filled with its typed fields."""
    if not isinstance(exc, PortalError):
        log.exception("unexpected error in a state handler")
        return nb.ERRORS["error"].format(ref=current_ref())
    text, fields = nb.ERRORS.get(exc.code, nb.ERRORS["error"]), exc.message_fields()
    if "field_name" in fields:  # which field, in words: the code's own labels
        fields["field_label"] = nb.FIELD_LABELS.get(exc.code, {}).get(str(fields["field_name"]), str(fields["field_name"]))
    try:
        return text.format(ref=current_ref(), **fields)
    except (KeyError, IndexError):
        return text


async def why_lost(state: rx.State, role_gone: str) -> str:
    """Why this tab's personal view is being taken away, in one sentence: its session has ended, or else `role_gone`."""
    token = session_token(state)

    def logged_in() -> bool:
        with services.db_session() as db:
            return optional_caller(token, db, touch=False) is not None

    return role_gone if await off_loop(logged_in) else nb.ACCESS_LOST_LOGGED_OUT


def login_redirect(state: rx.State) -> EventSpec:
    """Send an anonymous visitor to the login page, coming back here afterwards."""
    return rx.redirect("/logg-inn?" + urlencode({"neste": state.router.url.path or "/"}))
