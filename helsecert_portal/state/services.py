"""Tjenester (/tjenester): the catalogue's services the viewer may use, read for the caller the cookie names now."""

from __future__ import annotations

import reflex as rx

from ..core.errors import NotLoggedIn, PortalError
from ..usecases import services as catalogue
from ..usecases.services import ServiceLink
from .common import Reply, for_caller, login_redirect, user_message
from .guard import personal


@personal
class ServicesState(rx.State):
    loaded: bool = False
    services: list[ServiceLink] = []
    error: str = ""

    @rx.event
    async def load_services(self) -> Reply:
        self.reset()
        try:
            self.services = await for_caller(self, catalogue.mine)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
        self.loaded = True
        return None
