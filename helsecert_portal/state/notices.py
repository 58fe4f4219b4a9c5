"""Front-page notices, loaded on page load (never at compile time)."""

from __future__ import annotations

import reflex as rx

from .. import services
from ..domain.notices import NoticeView, active_notices
from .common import off_loop


def _active() -> list[NoticeView]:
    with services.db_session() as db:
        return active_notices(db, services.clock())


class NoticeState(rx.State):
    notices: list[NoticeView] = []

    @rx.event
    async def load(self) -> None:
        self.notices = await off_loop(_active)
