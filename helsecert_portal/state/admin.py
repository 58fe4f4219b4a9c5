"""Administrer medlemsgruppe: live pending requests, decisions, members and the group's audit log.

Every handler re-reads the caller from the session cookie and the domain checks that the caller
administers the group (or is a CERT operator), so a forged event for another group fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..core.mail import MailNotSent
from ..domain import audit, membership as ms
from ..domain.authorization import NotAllowed, administered_groups, require_group_admin
from ..texts import nb
from .common import caller, login_redirect, session_token, user_message
from .live import group_token, how_text, link_group, local_time, publish

log = logging.getLogger(__name__)


def audit_rows(rows: list[audit.AuditRow]) -> list[dict[str, str]]:
    return [
        {
            "at": local_time(r.at),
            "actor": r.actor or nb.SYSTEM_ACTOR,
            "action": nb.AUDIT_ACTIONS.get(r.action, r.action),
            "subject": r.subject,
            "group": r.organisation,
            "detail": r.detail,
        }
        for r in rows
    ]


def mail_decision(decision: ms.Decision) -> bool:
    """Tell the requester by e-mail; the decision stands even if the mail cannot go now."""
    with services.db_session() as db:
        to = ms.primary_address(db, decision.requester_id)
    if to is None:
        return False
    template = nb.MAIL_APPROVED_TEXT if decision.approved else nb.MAIL_DENIED_TEXT
    try:
        services.mailer().send(to=to, subject=nb.MAIL_DECISION_SUBJECT, text=template.format(group=decision.organisation, reason=decision.reason))
    except MailNotSent:
        log.warning("decision mail not sent for request %s", decision.request_id)
        return False
    return True


class AdminState(rx.State):
    loaded: bool = False
    allowed: bool = False
    groups: list[dict[str, str]] = []
    group_id: str = ""
    group_name: str = ""
    members: list[dict[str, str]] = []
    audit: list[dict[str, str]] = []
    selected: list[str] = []
    denying_id: str = ""
    removing_id: str = ""
    error: str = ""
    info: str = ""
    busy: bool = False

    def _fill(self, db: Session, actor_id: str) -> None:
        self.members = [
            {
                "id": m.person_id,
                "name": m.name,
                "addresses": ", ".join(m.addresses),
                "how": how_text(m.auto_addresses, m.by_request),
                "admin": "1" if m.is_admin else "",
                "self": "1" if m.person_id == actor_id else "",
            }
            for m in ms.members_of(db, actor_id=actor_id, organisation_id=self.group_id)
        ]
        self.audit = audit_rows(audit.audit_log(db, actor_id=actor_id, organisation_id=self.group_id, limit=50))

    @rx.event
    async def load_admin(self):  # noqa: ANN201
        wanted = self.router.url.query_parameters.get("g", "")[:32]
        self.error = self.info = self.denying_id = self.removing_id = ""
        self.selected, self.allowed = [], False
        try:
            with services.db_session() as db:
                actor_id = caller(self, db).person.id
                ms.escalate_overdue(db, services.clock(), days=services.settings().request_escalation_days)
                own = administered_groups(db, actor_id)
                self.groups = [{"id": g.id, "name": g.name} for g in own]
                target = wanted or (own[0].id if own else "")
                org = require_group_admin(db, actor_id, target) if target else None
                if org is not None:
                    self.group_id, self.group_name, self.allowed = org.id, org.name, True
                    if all(g["id"] != org.id for g in self.groups):  # an operator visiting another group
                        self.groups = [*self.groups, {"id": org.id, "name": org.name}]
                    self._fill(db, actor_id)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
        self.loaded = True
        await link_group(self, group_token(self.group_id) if self.allowed else None, self.group_id if self.allowed else None)
        return None

    @rx.event
    def choose_group(self, form_data: dict):  # noqa: ANN201
        return rx.redirect("/administrer?g=" + str(form_data.get("group", ""))[:32])

    @rx.event
    def flip(self, request_id: str) -> None:
        """Select or unselect a request for «Godkjenn valgte»."""
        request_id = str(request_id)[:32]
        rest = [r for r in self.selected if r != request_id]
        self.selected = rest if len(rest) < len(self.selected) else [*rest, request_id]

    @rx.event
    def start_deny(self, request_id: str) -> None:
        self.denying_id, self.error, self.info = str(request_id)[:32], "", ""

    @rx.event
    def cancel(self) -> None:
        self.denying_id = self.removing_id = ""

    @rx.event
    def start_remove(self, person_id: str) -> None:
        self.removing_id, self.error, self.info = str(person_id)[:32], "", ""

    async def _run(self, work: Callable[[Session, str], list[ms.Decision] | None], success: Callable[[list[ms.Decision]], str]) -> None:
        """One admin action: authorize and change in one transaction, then mail, publish and refresh."""
        async with self:
            if self.busy:
                return
            self.busy, self.error, self.info = True, "", ""
            token, group_id = session_token(self), self.group_id

        def run() -> tuple[str, list[ms.Decision]]:
            with services.db_session() as db:
                actor_id = caller(token, db).person.id
                return actor_id, work(db, actor_id) or []

        try:
            actor_id, decisions = await asyncio.to_thread(run)
        except Exception as exc:  # noqa: BLE001  (user_message logs the unexpected ones)
            async with self:
                self.busy, self.error = False, user_message(exc)
            if isinstance(exc, ms.RequestNotPending):
                await publish(groups=[group_id])
            return
        mailed = [await asyncio.to_thread(mail_decision, d) for d in decisions]
        await publish(groups=[group_id], people=[d.requester_id for d in decisions])

        def refill() -> None:
            with services.db_session() as db:
                self._fill(db, actor_id)

        async with self:
            self.busy, self.denying_id, self.removing_id, self.selected = False, "", "", []
            self.info = success(decisions) + ("" if all(mailed) else nb.ADMIN_MAIL_FAILED)
            try:
                refill()
            except NotAllowed:
                self.allowed = False

    @rx.event(background=True)
    async def approve(self, request_id: str):  # noqa: ANN201
        await self._run(
            lambda db, actor: [ms.decide(db, services.clock(), actor_id=actor, request_id=str(request_id), approve=True)],
            lambda _: nb.ADMIN_APPROVED,
        )

    @rx.event(background=True)
    async def approve_selected(self):  # noqa: ANN201
        async with self:
            chosen = list(self.selected)[:200]
            if not chosen:
                self.error = nb.ADMIN_NOTHING_SELECTED
                return

        def work(db: Session, actor: str) -> list[ms.Decision]:
            return [ms.decide(db, services.clock(), actor_id=actor, request_id=r, approve=True) for r in chosen]

        await self._run(work, lambda done: nb.ADMIN_APPROVED_MANY.format(count=len(done)))

    @rx.event(background=True)
    async def deny(self, form_data: dict):  # noqa: ANN201
        reason = str(form_data.get("reason", ""))[:5000]
        async with self:
            request_id = self.denying_id
        await self._run(
            lambda db, actor: [ms.decide(db, services.clock(), actor_id=actor, request_id=request_id, approve=False, reason=reason)],
            lambda _: nb.ADMIN_DENIED,
        )

    @rx.event(background=True)
    async def remove_member(self, person_id: str):  # noqa: ANN201
        async with self:
            group_id = self.group_id

        def work(db: Session, actor: str) -> None:
            ms.remove_member(db, services.clock(), actor_id=actor, organisation_id=group_id, person_id=str(person_id))

        await self._run(work, lambda _: nb.ADMIN_MEMBER_REMOVED)
        await publish(people=[str(person_id)[:32]], with_admins=False)

    @rx.event(background=True)
    async def set_admin(self, person_id: str, admin: bool):  # noqa: ANN201
        async with self:
            group_id = self.group_id

        def work(db: Session, actor: str) -> None:
            ms.set_admin(db, services.clock(), actor_id=actor, organisation_id=group_id, person_id=str(person_id), admin=admin is True)

        await self._run(work, lambda _: nb.ADMIN_ROLE_CHANGED)
        await publish(people=[str(person_id)[:32]], with_admins=False)
