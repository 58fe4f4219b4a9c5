"""One helper registers every page with the layout wrapper and the session check."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.event import EventHandler

from ..state.bulletins import BulletinState
from ..state.session import SessionState


def register(app: rx.App, route: str, title: str, build: Callable[[], rx.Component], on_load: EventHandler | list[EventHandler] | None = None) -> None:
    events = [SessionState.load_session, BulletinState.load_bulletins]  # the header, the banners and the unread count
    if on_load is not None:
        events.extend(on_load if isinstance(on_load, list) else [on_load])
    app.add_page(build, route=route, title=title, on_load=events)
