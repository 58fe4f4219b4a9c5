"""Registrer profilen din (guide step 3): name and work address, then a code is sent."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn
from ..domain import profile
from ..domain.sessions import Caller
from ..usecases import registration
from .address_form import AddressForm
from .common import Reply, for_caller, login_redirect
from .guard import personal


@personal
class RegisterState(AddressForm, rx.State):
    loaded: bool = False
    name_default: str = ""

    @rx.event
    async def load_register(self) -> Reply:
        try:
            begin = await for_caller(self, registration.start)
        except NotLoggedIn:
            return login_redirect(self)
        if begin.go_to:
            return rx.redirect(begin.go_to)
        self.name_default = begin.name_default
        self.error, self.webmail_warning, self.busy, self.loaded = "", False, False, True
        return None

    @rx.event(background=True)
    async def submit(self, form_data: dict) -> Reply:
        name, address, clock = str(form_data.get("full_name", ""))[:500], str(form_data.get("email", ""))[:500], services.clock()

        def save(db: Session, who: Caller, acknowledged: bool) -> str:
            return profile.register(db, clock, person_id=who.person.id, full_name=name, raw_address=address, webmail_acknowledged=acknowledged).id

        return await self._save_and_send(address, save)
