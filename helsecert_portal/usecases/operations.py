"""CERT-drift: organisations, their domains and administrators, every pending request, the full audit log.

Operators only; each function checks that again in the domain, whatever the browser sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from ..core.clock import Clock
from ..domain import audit
from ..domain import membership as ms
from ..domain import organisations as orgs
from ..domain.authorization import require_operator
from ..domain.group_search import GroupHit, search_groups
from ..domain.sessions import Caller
from .feeds import NOTHING, Notify, pending_view
from .outcome import Outcome
from .presentation import AuditLine, Choice, PendingRow, audit_lines

AUDIT_ROWS = 100
HITS = 10


@dataclass(frozen=True)
class Overview:
    pending: list[PendingRow]
    audit: list[AuditLine]


@dataclass(frozen=True)
class GroupForm:
    id: str
    name: str
    org_number: str
    kind: str
    domains: list[str]
    admins: list[Choice]


@dataclass(frozen=True)
class Done:
    """After an operator action: the group it touched (to show), the audit log, and the action's own result."""

    group: GroupForm | None
    audit: list[AuditLine]
    result: object


def _audit(db: Session, actor_id: str) -> list[AuditLine]:
    return audit_lines(audit.audit_log(db, actor_id=actor_id, limit=AUDIT_ROWS))


def overview(db: Session, who: Caller) -> Overview:
    require_operator(db, who.person.id)
    return Overview(pending_view(db, None), _audit(db, who.person.id))


def search(db: Session, who: Caller, query: str) -> list[GroupHit]:
    require_operator(db, who.person.id)
    return search_groups(db, query, limit=HITS).hits


def group_form(db: Session, group_id: str) -> GroupForm:
    d = orgs.group_detail(db, group_id)
    return GroupForm(d.id, d.name, d.org_number, d.kind, list(d.domains), [Choice(i, n) for i, n in d.admins])


def act(db: Session, who: Caller, action: Callable[[str], object], *, show: str = "", notify: Callable[[object], Notify] = lambda _: NOTHING) -> Outcome[Done]:
    """One operator action in the caller's transaction, then the group it touched and the log as they are now."""
    require_operator(db, who.person.id)
    result = action(who.person.id)
    db.flush()
    shown = show or getattr(result, "id", "")
    return Outcome(Done(group_form(db, shown) if shown else None, _audit(db, who.person.id), result), notify=notify(result))


def save_group(db: Session, clock: Clock, who: Caller, *, group_id: str, name: str, org_number: str, kind: str) -> Outcome[Done]:
    def save(actor: str) -> object:
        if group_id:
            return orgs.update_organisation(db, clock, actor_id=actor, organisation_id=group_id, name=name, org_number=org_number, kind=kind)
        return orgs.create_organisation(db, clock, actor_id=actor, name=name, org_number=org_number, kind=kind)

    return act(db, who, save)


def add_domain(db: Session, clock: Clock, who: Caller, *, group_id: str, domain: str) -> Outcome[Done]:
    return act(db, who, lambda actor: orgs.add_domain(db, clock, actor_id=actor, organisation_id=group_id, domain=domain), show=group_id)


def remove_domain(db: Session, clock: Clock, who: Caller, *, group_id: str, domain: str) -> Outcome[Done]:
    return act(db, who, lambda actor: orgs.remove_domain(db, clock, actor_id=actor, organisation_id=group_id, domain=domain), show=group_id)


def add_admin(db: Session, clock: Clock, who: Caller, *, group_id: str, address: str) -> Outcome[Done]:
    return act(
        db, who, lambda actor: orgs.add_admin_by_email(db, clock, actor_id=actor, organisation_id=group_id, address=address),
        show=group_id, notify=lambda person_id: Notify.of(groups=[group_id], people=[str(person_id)]),
    )


def remove_admin(db: Session, clock: Clock, who: Caller, *, group_id: str, person_id: str) -> Outcome[Done]:
    """The former administrator's open dashboards are told at once, and lose the group."""
    return act(
        db, who, lambda actor: ms.set_admin(db, clock, actor_id=actor, organisation_id=group_id, person_id=person_id, admin=False),
        show=group_id, notify=lambda removed: Notify.of(groups=[group_id], people=[str(removed)]),
    )
