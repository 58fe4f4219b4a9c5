"""CERT-drift: organisations, their domains and administrators; every pending and escalated request.

Only CERT operators; each handler re-checks that in the domain layer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import audit, membership as ms, organisations as orgs
from ..domain.authorization import require_operator
from ..domain.group_search import search_groups
from ..texts import nb
from .admin import audit_rows
from .common import caller, login_redirect, session_token, user_message
from .live import OPERATORS_TOKEN, link_group, publish


class OperatorState(rx.State):
    loaded: bool = False
    allowed: bool = False
    query: str = ""
    hits: list[dict[str, str]] = []
    group_id: str = ""
    name: str = ""
    org_number: str = ""
    kind: str = "kommune"
    domains: list[str] = []
    admins: list[dict[str, str]] = []
    audit: list[dict[str, str]] = []
    removing_domain: str = ""
    error: str = ""
    info: str = ""

    def _show(self, db: Session, group_id: str) -> None:
        detail = orgs.group_detail(db, group_id)
        self.group_id, self.name, self.org_number, self.kind = detail.id, detail.name, detail.org_number, detail.kind
        self.domains = list(detail.domains)
        self.admins = [{"id": i, "name": n} for i, n in detail.admins]

    def _refresh_audit(self, db: Session, actor_id: str) -> None:
        self.audit = audit_rows(audit.audit_log(db, actor_id=actor_id, limit=100))

    @rx.event
    async def load_operator(self):  # noqa: ANN201
        self.error = self.info = ""
        self.allowed = False
        try:
            with services.db_session() as db:
                actor_id = caller(self, db).person.id
                require_operator(db, actor_id)
                touched = ms.escalate_overdue(db, services.clock(), days=services.settings().request_escalation_days)
                self._refresh_audit(db, actor_id)
                self.allowed = True
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
        self.loaded = True
        await link_group(self, OPERATORS_TOKEN if self.allowed else None, None)
        if self.allowed and touched:
            await publish(groups=touched)
        return None

    @rx.event
    async def search(self, query: str) -> None:
        self.query, token = str(query)[:100], session_token(self)

        def run() -> list[dict[str, str]]:
            with services.db_session() as db:
                require_operator(db, caller(token, db).person.id)
                return [{"id": h.id, "name": h.name, "org_number": h.org_number} for h in search_groups(db, self.query, limit=10).hits]

        try:
            self.hits = await asyncio.to_thread(run)
        except PortalError as exc:
            self.error = user_message(exc)

    def _act(self, action: Callable[[Session, str], object], success: str | Callable[[object], str], show: str = "") -> None:
        """Run one operator action in one transaction, then show the group it touched and the log."""
        self.error, self.info, self.removing_domain = "", "", ""
        try:
            with services.db_session() as db:
                actor_id = caller(self, db).person.id
                require_operator(db, actor_id)
                result = action(db, actor_id)
                db.flush()
                shown = show or getattr(result, "id", "")
                if shown:
                    self._show(db, shown)
                self._refresh_audit(db, actor_id)
        except PortalError as exc:
            self.error = user_message(exc)
            return
        self.info = success(result) if callable(success) else success

    @rx.event
    def open_group(self, group_id: str) -> None:
        self._act(lambda db, actor: None, "", show=str(group_id)[:32])

    @rx.event
    def new_group(self) -> None:
        self.group_id, self.name, self.org_number, self.kind, self.domains, self.admins = "", "", "", "kommune", [], []
        self.error = self.info = ""

    @rx.event
    def save_group(self, form_data: dict) -> None:
        name, number, kind = (str(form_data.get(k, ""))[:500] for k in ("name", "org_number", "kind"))
        gid, clock = self.group_id, services.clock()

        def save(db: Session, actor: str) -> object:
            if gid:
                return orgs.update_organisation(db, clock, actor_id=actor, organisation_id=gid, name=name, org_number=number, kind=kind)
            return orgs.create_organisation(db, clock, actor_id=actor, name=name, org_number=number, kind=kind)

        self._act(save, nb.OPS_SAVED if gid else nb.OPS_CREATED)

    @rx.event
    def add_domain(self, form_data: dict) -> None:
        domain, gid = str(form_data.get("domain", ""))[:300], self.group_id
        self._act(
            lambda db, actor: orgs.add_domain(db, services.clock(), actor_id=actor, organisation_id=gid, domain=domain),
            lambda linked: nb.OPS_DOMAIN_ADDED.format(count=linked),
            show=gid,
        )

    @rx.event
    def start_remove_domain(self, domain: str) -> None:
        self.removing_domain = str(domain)[:300]

    @rx.event
    def cancel_remove(self) -> None:
        self.removing_domain = ""

    @rx.event
    def remove_domain(self, domain: str) -> None:
        gid = self.group_id
        self._act(lambda db, actor: orgs.remove_domain(db, services.clock(), actor_id=actor, organisation_id=gid, domain=str(domain)[:300]), nb.OPS_DOMAIN_REMOVED, show=gid)

    @rx.event
    def add_admin(self, form_data: dict) -> None:
        address, gid = str(form_data.get("admin_email", ""))[:300], self.group_id
        self._act(lambda db, actor: orgs.add_admin_by_email(db, services.clock(), actor_id=actor, organisation_id=gid, address=address), nb.OPS_ADMIN_ADDED, show=gid)

    @rx.event
    def remove_admin(self, person_id: str) -> None:
        gid = self.group_id
        self._act(lambda db, actor: ms.set_admin(db, services.clock(), actor_id=actor, organisation_id=gid, person_id=str(person_id), admin=False), nb.ADMIN_ROLE_CHANGED, show=gid)
