"""CERT-drift: organisations, their domains and administrators; every pending and escalated request.

Only CERT operators; each use case in `usecases/operations.py` re-checks that in the domain.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain.addresses import strip_controls
from ..domain.authorization import NotAllowed
from ..domain.group_search import GroupHit
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import feeds
from ..usecases import operations as ops
from ..usecases.outcome import Outcome
from ..usecases.presentation import AuditLine, Choice, PendingRow
from .common import Reply, for_caller, login_redirect, user_message, why_lost
from .effects import carry_out
from .guard import personal
from .live import OPERATORS_TOKEN, OperatorFeed, follow, receives

Action = Callable[[Session, Caller], Outcome[ops.Done]]


@personal
@receives(OperatorFeed, lambda db, who, _key: feeds.may_follow_operators(db, who))
class OperatorState(rx.State):
    loaded: bool = False
    allowed: bool = False
    pending: list[PendingRow] = []
    hits: list[GroupHit] = []
    group_id: str = ""
    name: str = ""
    org_number: str = ""
    kind: str = "kommune"
    domains: list[str] = []
    admins: list[Choice] = []
    audit: list[AuditLine] = []
    removing_domain: str = ""
    error: str = ""
    info: str = ""

    @rx.var
    def escalated(self) -> list[PendingRow]:
        return [p for p in self.pending if p.escalated]

    def _show(self, form: ops.GroupForm | None) -> None:
        if form is not None:
            self.group_id, self.name, self.org_number, self.kind = form.id, form.name, form.org_number, form.kind
            self.domains, self.admins = form.domains, form.admins

    async def _lose_access(self, message: str) -> None:
        self.reset()
        self.loaded, self.error = True, message
        await follow(self, OperatorFeed, None)

    @rx.event
    async def load_operator(self) -> Reply:
        self.reset()
        try:
            view = await for_caller(self, ops.overview)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            view, self.error = None, user_message(exc)
        self.loaded, self.allowed = True, view is not None
        if view is not None:
            self.pending, self.audit = view.pending, view.audit
        await follow(self, OperatorFeed, OPERATORS_TOKEN if view else None)
        return None

    async def _receive(self, _key: str, pending: list[PendingRow], allowed: bool) -> None:
        """A live delivery: taken only while this tab's caller is still a CERT operator."""
        if allowed and self.allowed:
            self.pending = pending
            return
        await self._lose_access(await why_lost(self, nb.ACCESS_LOST_OPERATOR))

    @rx.event
    async def search(self, query: str) -> None:
        text = strip_controls(str(query)[:100])
        try:
            found = await for_caller(self, lambda db, who: ops.search(db, who, text))
        except PortalError as exc:
            self.error = user_message(exc)
            return
        self.hits = found

    async def _act(self, action: Action, success: str | Callable[[object], str]) -> None:
        """Run one operator action through its use case, then show the group it touched and the log."""
        self.error, self.info, self.removing_domain = "", "", ""
        try:
            outcome = await for_caller(self, action)
        except PortalError as exc:
            if isinstance(exc, NotLoggedIn | NotAllowed):
                await self._lose_access(await why_lost(self, nb.ACCESS_LOST_OPERATOR if self.allowed else user_message(exc)))
            else:
                self.error = user_message(exc)
            return
        self._show(outcome.value.group)
        self.audit = outcome.value.audit
        self.info = success(outcome.value.result) if callable(success) else success
        await carry_out(outcome)

    @rx.event
    async def open_group(self, group_id: str) -> None:
        await self._act(lambda db, who: ops.act(db, who, lambda _actor: None, show=str(group_id)[:32]), "")

    @rx.event
    def new_group(self) -> None:
        self.group_id, self.name, self.org_number, self.kind, self.domains, self.admins = "", "", "", "kommune", [], []
        self.error = self.info = ""

    @rx.event
    async def save_group(self, form_data: dict) -> None:
        name, number, kind = (str(form_data.get(k, ""))[:500] for k in ("name", "org_number", "kind"))
        gid, clock = self.group_id, services.clock()
        await self._act(lambda db, who: ops.save_group(db, clock, who, group_id=gid, name=name, org_number=number, kind=kind), nb.OPS_SAVED if gid else nb.OPS_CREATED)

    @rx.event
    async def add_domain(self, form_data: dict) -> None:
        domain, gid, clock = str(form_data.get("domain", ""))[:300], self.group_id, services.clock()
        await self._act(lambda db, who: ops.add_domain(db, clock, who, group_id=gid, domain=domain), lambda linked: nb.OPS_DOMAIN_ADDED.format(count=linked))

    @rx.event
    def start_remove_domain(self, domain: str) -> None:
        self.removing_domain = str(domain)[:300]

    @rx.event
    def cancel_remove(self) -> None:
        self.removing_domain = ""

    @rx.event
    async def remove_domain(self, domain: str) -> None:
        gid, clock, value = self.group_id, services.clock(), str(domain)[:300]
        await self._act(lambda db, who: ops.remove_domain(db, clock, who, group_id=gid, domain=value), nb.OPS_DOMAIN_REMOVED)

    @rx.event
    async def add_admin(self, form_data: dict) -> None:
        address, gid, clock = str(form_data.get("admin_email", ""))[:300], self.group_id, services.clock()
        await self._act(lambda db, who: ops.add_admin(db, clock, who, group_id=gid, address=address), nb.OPS_ADMIN_ADDED)

    @rx.event
    async def remove_admin(self, person_id: str) -> None:
        gid, clock, pid = self.group_id, services.clock(), str(person_id)
        await self._act(lambda db, who: ops.remove_admin(db, clock, who, group_id=gid, person_id=pid), nb.ADMIN_ROLE_CHANGED)
