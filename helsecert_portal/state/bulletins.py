"""Every tab's view of alerts and notices: the banners, the unread count, and what its page shows of alerts.

A change to alerts or notices gives every connected tab (anonymous ones too) the view computed for its own
session cookie at that moment (live.receives_everywhere); the page states that show
alerts say what they show through `showing()`, and take their part of the view in `_take`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from .. import services
from ..usecases import bulletins
from ..usecases.bulletins import BulletinView, Showing
from ..usecases.notices import NoticeRow
from .common import for_anyone, optional_caller
from .guard import personal
from .live import receives_everywhere

_PAGES: dict[str, type[rx.State]] = {}  # Showing.page -> the page state that takes view.rows / detail / desk


def shows(page: str) -> Callable[[type[rx.State]], type[rx.State]]:
    """Class decorator for a page state that shows alerts live: it has `async _take(view)`."""

    def mark(cls: type[rx.State]) -> type[rx.State]:
        _PAGES[page] = cls
        return cls

    return mark


def _own_views(tabs: list[tuple[str, Showing]]) -> dict[tuple[str, Showing], BulletinView]:
    """Each distinct (cookie, page) its own view, all in one transaction; a delivery is no user activity."""
    with services.db_session() as db:
        clock = services.clock()
        common = bulletins.shared(db, clock)
        return {(cookie, showing): bulletins.view_for(db, clock, optional_caller(cookie, db, touch=False), showing, common) for cookie, showing in dict.fromkeys(tabs)}


@personal
@receives_everywhere(_own_views)
class BulletinState(rx.State):
    banners: list[NoticeRow] = []
    unread: int = 0
    _showing: Showing = Showing()

    @rx.event
    async def load_bulletins(self) -> None:
        self._showing = Showing()  # the page's own on_load says what it shows
        await self._take(await for_anyone(self, lambda db, who: bulletins.view_for(db, services.clock(), who, Showing())))

    async def _take(self, view: BulletinView) -> None:
        self.banners, self.unread = view.banners, view.unread
        page = _PAGES.get(self._showing.page)
        if page is not None:
            shown: Any = await self.get_state(page)
            await shown._take(view)


async def showing(state: rx.State, what: Showing) -> None:
    """A page's on_load: what this tab now shows, so its live deliveries are computed for it."""
    (await state.get_state(BulletinState))._showing = what
