"""Front-page notices, loaded on page load (never at compile time)."""

from __future__ import annotations

import reflex as rx

from .. import services
from ..domain.notices import active_notices


class NoticeState(rx.State):
    notices: list[dict[str, str]] = []

    @rx.event
    def load(self) -> None:
        with services.db_session() as db:
            self.notices = active_notices(db, services.clock())
