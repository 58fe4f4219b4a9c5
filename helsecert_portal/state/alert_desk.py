"""CERT-drift › Varsler (/drift/varsler): write, import, publish, update and withdraw alerts; each addressed
group's acknowledgement, live. Operators only; every use case re-checks that in the domain."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain.alerts import Draft
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import alert_desk as desk
from ..usecases.alert_desk import AckRow, AlertForm, DeskRow
from ..usecases.bulletins import BulletinView, Showing, view_for
from ..usecases.outcome import Outcome
from ..usecases.presentation import Choice
from .bulletins import showing, shows
from .common import Reply, for_caller, login_redirect, operator_outcome, user_message, why_lost
from .effects import carry_out
from .group_chooser import GroupChooser
from .guard import personal

FIELDS = ("title", "summary", "body", "severity", "cvss_vector", "cves", "products", "actions", "links", "tlp", "audience", "audience_kind")
Action = Callable[[Session, Caller], Outcome[object]]


@personal
@shows("desk")
class AlertDeskState(GroupChooser, rx.State):
    loaded: bool = False
    allowed: bool = False
    alerts: list[DeskRow] = []
    editing: bool = False
    alert_id: str = ""
    reference: str = ""
    state: str = ""
    form_key: int = 0  # a new key re-mounts the form, so its fields show the alert just opened
    values: dict[str, str] = {k: "" for k in FIELDS}
    persons: list[Choice] = []
    acks: list[AckRow] = []
    error: str = ""
    info: str = ""

    def _form(self, form: AlertForm | None) -> None:
        if form is None:
            self.editing, self.alert_id, self.reference, self.state, self.groups, self.persons = True, "", "", "", [], []
            self.values = {k: str(getattr(Draft(title=""), k)) for k in FIELDS}
        else:
            self.editing, self.alert_id, self.reference, self.state = True, form.id, form.reference, form.state
            self.values, self.groups, self.persons = {k: str(getattr(form.draft, k)) for k in FIELDS}, form.groups, form.persons
        self.form_key += 1

    async def _refresh(self) -> None:
        what, clock = Showing("desk", alert_id=self.alert_id if self.state != "draft" else ""), services.clock()
        view = await for_caller(self, lambda db, who: view_for(db, clock, who, what))
        await showing(self, what)
        await self._take(view)

    async def _act(self, action: Action, success: str) -> None:
        outcome = await operator_outcome(self, action)
        if outcome is None:
            return
        if isinstance(outcome.value, AlertForm):
            self._form(outcome.value)
        try:
            await self._refresh()
        except PortalError as exc:  # the action stands; only the list could not be shown again
            self.error = user_message(exc)
        self.info = success.format(reference=self.reference, count=outcome.value) if success else ""
        await carry_out(outcome)

    @rx.event
    async def load_desk(self) -> Reply:
        self.reset()
        try:
            await self._refresh()
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
        self.loaded = True
        return None

    async def _take(self, view: BulletinView) -> None:
        if view.desk is None:  # no longer an operator
            self.reset()
            self.loaded, self.error = True, await why_lost(self, nb.ACCESS_LOST_OPERATOR)
            return
        self.allowed, self.alerts, self.acks = True, view.desk, view.acks or []

    @rx.event
    def new_alert(self) -> None:
        self.error, self.info, self.acks = "", "", []
        self._form(None)

    @rx.event
    async def open_alert(self, alert_id: str) -> None:
        wanted = str(alert_id)[:32]
        await self._act(lambda db, who: Outcome(desk.form_of(db, who, wanted)), "")

    @rx.event
    def close_editor(self) -> None:
        self.editing, self.alert_id, self.state, self.error, self.info, self.acks = False, "", "", "", "", []

    @rx.event
    def remove_person(self, person_id: str) -> None:
        self.persons = [p for p in self.persons if p.id != str(person_id)]

    @rx.event
    async def save(self, form_data: dict) -> None:
        values = {k: str(form_data.get(k, ""))[:25000] for k in FIELDS}
        self.values = values  # what was typed stays, whatever the outcome
        draft = Draft(**values, group_ids=tuple(g.id for g in self.groups), person_ids=tuple(p.id for p in self.persons))
        addresses, change = str(form_data.get("addresses", ""))[:5000].split(), str(form_data.get("change", ""))[:2000]
        aid, clock = self.alert_id, services.clock()
        await self._act(lambda db, who: desk.save(db, clock, who, alert_id=aid, draft=draft, change=change, addresses=tuple(addresses)), nb.DESK_SAVED)

    @rx.event
    async def publish(self) -> None:
        aid, clock = self.alert_id, services.clock()
        await self._act(lambda db, who: desk.publish(db, clock, who, alert_id=aid), nb.DESK_PUBLISHED)

    @rx.event
    async def withdraw(self, form_data: dict) -> None:
        aid, clock, change = self.alert_id, services.clock(), str(form_data.get("reason", ""))[:2000]
        await self._act(lambda db, who: desk.withdraw(db, clock, who, alert_id=aid, change=change), nb.DESK_WITHDRAWN)

    @rx.event
    async def remind(self, group_id: str) -> None:
        aid, gid, clock = self.alert_id, str(group_id)[:32], services.clock()
        await self._act(lambda db, who: desk.remind(db, clock, who, alert_id=aid, group_id=gid), nb.DESK_REMINDED)

    @rx.event
    def pick_csaf(self) -> Reply:
        """Read the chosen file in the browser and hand its text to import_csaf (no upload endpoint needed)."""
        script = "(async () => { const f = document.getElementById('csaf-file').files[0]; return f ? (f.size > 900000 ? '' : await f.text()) : null; })()"
        return rx.call_script(script, callback=AlertDeskState.import_csaf)

    @rx.event
    async def import_csaf(self, text: str | None) -> None:
        if text is None:
            self.error, self.info = nb.DESK_CHOOSE_FILE, ""
            return
        raw, clock = str(text).encode("utf-8", "replace"), services.clock()
        await self._act(lambda db, who: desk.import_csaf(db, clock, who, raw), nb.DESK_IMPORTED)
