"""«Min profil»: change name, list addresses, add one (then confirm it), remove one, choose primary."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import profile
from ..domain.profile import AddressView
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import profile as profile_cases
from ..usecases.connected_services import ConnectedRow
from ..usecases.outcome import Outcome
from ..usecases.profile import ProfileView, view
from .address_form import AddressForm
from .common import Reply, for_caller, login_redirect, user_message
from .effects import carry_out
from .guard import personal


@personal
class ProfileState(AddressForm, rx.State):
    loaded: bool = False
    full_name: str = ""
    pid_masked: str = ""
    addresses: list[AddressView] = []
    alert_mail: str = "all"
    connected: list[ConnectedRow] = []
    info: str = ""
    removing_id: str = ""  # the address whose removal is being asked about
    removing_text: str = ""

    def _show(self, shown: ProfileView) -> None:
        self.full_name, self.pid_masked, self.addresses, self.alert_mail = shown.full_name, shown.pid_masked, shown.addresses, shown.alert_mail
        self.connected = shown.connected

    @rx.event
    async def load_profile(self) -> Reply:
        self.error, self.info, self.webmail_warning = "", "", False
        try:
            self._show(await for_caller(self, view))
        except NotLoggedIn:
            return login_redirect(self)
        self.loaded = True
        return None

    async def _act(self, action: Callable[[Session, Caller], Outcome[ProfileView]], success: str) -> None:
        self.error, self.info = "", ""
        try:
            outcome = await for_caller(self, action)
        except PortalError as exc:
            self.error = user_message(exc)
            return
        self._show(outcome.value)
        self.info = success
        await carry_out(outcome)

    @rx.event
    async def save_alert_mail(self, form_data: dict) -> None:
        choice, clock = str(form_data.get("alert_mail", ""))[:20], services.clock()
        label = dict(nb.ALERT_MAIL_CHOICES).get(choice, "")
        await self._act(lambda db, who: profile_cases.choose_alert_mail(db, clock, who, choice=choice), nb.PROFILE_ALERT_MAIL_SAVED.format(choice=label))

    @rx.event
    async def withdraw_consent(self, client_id: str) -> None:
        wanted, clock = str(client_id)[:64], services.clock()
        name = next((c.name for c in self.connected if c.client_id == wanted), "")
        await self._act(lambda db, who: profile_cases.withdraw_consent(db, clock, who, client_id=wanted), nb.CONNECTED_WITHDRAWN.format(name=name))

    @rx.event
    async def save_name(self, form_data: dict) -> None:
        name, clock = str(form_data.get("full_name", ""))[:500], services.clock()
        await self._act(lambda db, who: profile_cases.rename(db, clock, who, full_name=name), nb.PROFILE_NAME_SAVED)

    @rx.event
    async def ask_remove(self, email_id: str) -> Reply:
        """«Fjern» first asks, naming the groups the address alone gives (they go with it)."""
        self.error, self.info = "", ""
        try:
            removal = await for_caller(self, lambda db, who: profile_cases.removal_of(db, who, email_id=str(email_id)[:64]))
        except PortalError as exc:
            self.error = user_message(exc)
            return None
        self.removing_id, self.removing_text = removal.email_id, removal.question
        return rx.set_focus("confirm-remove")

    @rx.event
    def cancel_remove(self) -> None:
        self.removing_id, self.removing_text = "", ""

    @rx.event
    async def remove(self) -> None:
        email_id, clock = self.removing_id, services.clock()
        self.removing_id, self.removing_text = "", ""
        if email_id:
            await self._act(lambda db, who: profile_cases.remove_address(db, clock, who, email_id=email_id), nb.PROFILE_REMOVED)

    @rx.event
    async def make_primary(self, email_id: str) -> None:
        clock = services.clock()
        await self._act(lambda db, who: profile_cases.make_primary(db, clock, who, email_id=str(email_id)), nb.PROFILE_PRIMARY_SET)

    @rx.event(background=True)
    async def add(self, form_data: dict) -> Reply:
        address = str(form_data.get("email", ""))[:500]
        async with self:
            self.info = ""

        clock = services.clock()

        def save(db: Session, who: Caller, acknowledged: bool) -> str:
            return profile.add_address(db, clock, person_id=who.person.id, raw_address=address, webmail_acknowledged=acknowledged).id

        return await self._save_and_send(address, save)
