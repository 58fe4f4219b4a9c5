"""Registrer profilen din (guide step 3): name and work address, then a code is sent."""

from __future__ import annotations

import asyncio

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import profile
from ..domain.addresses import is_webmail
from .common import caller, login_redirect, session_token, user_message
from .verification import send_code


class RegisterState(rx.State):
    loaded: bool = False
    name_default: str = ""
    error: str = ""
    webmail_warning: bool = False
    busy: bool = False
    _acknowledged_address: str = ""

    @rx.event
    def load_register(self):  # noqa: ANN201
        try:
            with services.db_session() as db:
                person = caller(self, db).person
                self.name_default = person.full_name or person.idp_name
        except NotLoggedIn:
            return login_redirect(self)
        self.error, self.webmail_warning, self.busy, self.loaded = "", False, False, True

    @rx.event(background=True)
    async def submit(self, form_data: dict):  # noqa: ANN201
        name, address = str(form_data.get("full_name", ""))[:500], str(form_data.get("email", ""))[:500]
        async with self:
            if self.busy:
                return
            self.busy, self.error = True, ""
            acknowledged = self.webmail_warning and self._acknowledged_address == address.strip().lower()
            state_token = session_token(self)

        def work() -> str:
            with services.db_session() as db:
                person_id = caller(state_token, db).person.id
                email = profile.register(db, services.clock(), person_id=person_id, full_name=name, raw_address=address, webmail_acknowledged=acknowledged)
                return email.id

        try:
            email_id = await asyncio.to_thread(work)
            await asyncio.to_thread(send_code, state_token, email_id)
        except PortalError as exc:
            async with self:
                self.busy = False
                if isinstance(exc, profile.WebmailNotAcknowledged) or is_webmail(address) and not acknowledged:
                    self.webmail_warning, self._acknowledged_address = True, address.strip().lower()
                self.error = "" if isinstance(exc, profile.WebmailNotAcknowledged) else user_message(exc)
            return None
        except Exception as exc:  # noqa: BLE001
            async with self:
                self.busy, self.error = False, user_message(exc)
            return None
        async with self:
            self.busy = False
        return rx.redirect(f"/bekreft-epost?e={email_id}")
