"""«Min profil»: change name, list addresses, add one (then confirm it), remove one, choose primary."""

from __future__ import annotations

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import profile
from ..texts import nb
from .common import caller, login_redirect, user_message
from .guard import personal
from .verification import save_address_and_send_code


@personal
class ProfileState(rx.State):
    loaded: bool = False
    full_name: str = ""
    pid_masked: str = ""
    addresses: list[dict[str, str]] = []
    error: str = ""
    info: str = ""
    webmail_warning: bool = False
    busy: bool = False
    _acknowledged_address: str = ""

    def _refresh(self, db, person) -> None:  # noqa: ANN001
        self.full_name, self.pid_masked = person.full_name, person.pid_masked
        self.addresses = [
            {"id": a.id, "address": a.address, "verified": "1" if a.verified else "", "primary": "1" if a.primary else ""}
            for a in profile.addresses(db, person_id=person.id)
        ]

    @rx.event
    def load_profile(self):  # noqa: ANN201
        self.error, self.info, self.webmail_warning = "", "", False
        try:
            with services.db_session() as db:
                self._refresh(db, caller(self, db).person)
        except NotLoggedIn:
            return login_redirect(self)
        self.loaded = True
        return None

    def _act(self, action, success: str):  # noqa: ANN001, ANN202
        self.error, self.info = "", ""
        try:
            with services.db_session() as db:
                person = caller(self, db).person
                action(db, person.id)
                db.flush()
                self._refresh(db, person)
        except PortalError as exc:
            self.error = user_message(exc)
            return
        self.info = success

    @rx.event
    def save_name(self, form_data: dict) -> None:
        name = str(form_data.get("full_name", ""))[:500]
        self._act(lambda db, pid: profile.rename(db, services.clock(), person_id=pid, full_name=name), nb.PROFILE_NAME_SAVED)

    @rx.event
    def remove(self, email_id: str) -> None:
        self._act(lambda db, pid: profile.remove_address(db, services.clock(), person_id=pid, email_id=str(email_id)), nb.PROFILE_REMOVED)

    @rx.event
    def make_primary(self, email_id: str) -> None:
        self._act(lambda db, pid: profile.make_primary(db, services.clock(), person_id=pid, email_id=str(email_id)), nb.PROFILE_PRIMARY_SET)

    @rx.event(background=True)
    async def add(self, form_data: dict):  # noqa: ANN201
        address = str(form_data.get("email", ""))[:500]
        async with self:
            self.info = ""

        def save(db, person_id: str, acknowledged: bool) -> str:  # noqa: ANN001
            return profile.add_address(db, services.clock(), person_id=person_id, raw_address=address, webmail_acknowledged=acknowledged).id

        return await save_address_and_send_code(self, address, save)
