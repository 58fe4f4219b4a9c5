"""The add-an-address form that registration and «Min profil» share: save the address, mail its code,
go to the code page. A Reflex mixin, so the contract (its vars) is a class, not a docstring."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import PortalError
from ..domain.addresses import is_webmail
from ..domain.profile import WebmailNotAcknowledged
from ..domain.sessions import Caller
from ..usecases import verification
from .common import Reply, for_caller, user_message

Save = Callable[[Session, Caller, bool], str]  # (db, caller, webmail acknowledged) -> the address's id


class AddressForm(rx.State, mixin=True):
    busy: bool = False
    error: str = ""
    webmail_warning: bool = False
    _acknowledged_address: str = ""

    async def _save_and_send(self, address: str, save: Save) -> Reply:
        """A private webmail address is saved only when the same address is submitted again after the warning."""
        key = address.strip().lower()
        async with self:
            if self.busy:
                return None
            self.busy, self.error = True, ""
            acknowledged = self.webmail_warning and self._acknowledged_address == key
        clock, secret, mailer, base_url = services.clock(), services.settings().secret_key, services.mailer(), services.settings().base_url
        try:
            email_id = await for_caller(self, lambda db, who: save(db, who, acknowledged))
            await for_caller(self, lambda db, who: verification.send_code(db, clock, who, secret_key=secret, mailer=mailer, email_id=email_id, base_url=base_url))
        except PortalError as exc:
            needs_ack = isinstance(exc, WebmailNotAcknowledged)
            async with self:
                self.busy = False
                if needs_ack or (is_webmail(address) and not acknowledged):
                    self.webmail_warning, self._acknowledged_address = True, key
                self.error = "" if needs_ack else user_message(exc)
            return None
        async with self:
            self.busy = False
        return rx.redirect(f"/bekreft-epost?e={email_id}")
