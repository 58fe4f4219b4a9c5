"""Registrer profilen din (guide step 3): name and work address, then a code is sent."""

from __future__ import annotations

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn
from ..domain import profile
from .common import Reply, caller, login_redirect
from .guard import personal
from .verification import save_address_and_send_code


@personal
class RegisterState(rx.State):
    loaded: bool = False
    name_default: str = ""
    error: str = ""
    webmail_warning: bool = False
    busy: bool = False
    _acknowledged_address: str = ""

    @rx.event
    def load_register(self) -> Reply:
        try:
            with services.db_session() as db:
                person = caller(self, db).person
                self.name_default = person.full_name or person.idp_name
        except NotLoggedIn:
            return login_redirect(self)
        self.error, self.webmail_warning, self.busy, self.loaded = "", False, False, True

    @rx.event(background=True)
    async def submit(self, form_data: dict) -> Reply:
        name, address = str(form_data.get("full_name", ""))[:500], str(form_data.get("email", ""))[:500]

        def save(db, person_id: str, acknowledged: bool) -> str:  # noqa: ANN001
            return profile.register(db, services.clock(), person_id=person_id, full_name=name, raw_address=address, webmail_acknowledged=acknowledged).id

        return await save_address_and_send_code(self, address, save)
