"""Membership (guide step 5): automatic linking by exact e-mail domain, join requests and decisions.

A person may hold several membership rows in one group, one per basis (each confirmed address
whose domain matches, and an approved request), so removing an address removes only what it gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement, case
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from ..core.clock import Clock
from ..core.db import claim, must_get
from ..core.errors import PortalError
from ..models import EmailAddress, EmailDomain, GroupAdmin, JoinRequest, Membership, Organisation, Person
from ..models.types import clean_id
from . import audit
from .addresses import clean_free_text, domain_of, is_webmail
from .authorization import is_operator, require_group, require_group_admin

AUTO, REQUEST = "auto", "request"
PENDING, APPROVED, DENIED, WITHDRAWN = "pending", "approved", "denied", "withdrawn"
MESSAGE_MAX = 1000


class AlreadyMember(PortalError):
    code = "AlreadyMember"


class RequestAlreadyOpen(PortalError):
    code = "RequestAlreadyOpen"


class RequestNotFound(PortalError):
    code = "RequestNotFound"


class RequestNotPending(PortalError):
    code = "RequestNotPending"


class ReasonRequired(PortalError):
    code = "ReasonRequired"


class NoWorkAddress(PortalError):
    """Only a confirmed work address opens a member group: a private webmail address never does."""

    code = "NoWorkAddress"


class RequesterHasNoWorkAddress(PortalError):
    """The requester removed the work address the request relied on before it was approved."""

    code = "RequesterHasNoWorkAddress"


class NotAMember(PortalError):
    code = "NotAMember"


class CannotChangeOwnRole(PortalError):
    code = "CannotChangeOwnRole"



W = TypeVar("W")  # what a membership row folds into: a group's name, or a person


@dataclass(frozen=True)
class MembershipView:
    organisation_id: str
    organisation: str
    auto_addresses: tuple[str, ...]
    by_request: bool
    is_admin: bool


@dataclass(frozen=True)
class RequestView:
    id: str
    organisation_id: str
    organisation: str
    status: str
    message: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    escalated: bool


@dataclass(frozen=True)
class PendingView:
    id: str
    organisation_id: str
    organisation: str
    person_id: str
    name: str
    addresses: tuple[str, ...]
    own_domain: tuple[str, ...]  # those of the addresses at one of the organisation's own domains
    message: str
    created_at: datetime
    escalated: bool


@dataclass(frozen=True)
class MemberView:
    person_id: str
    name: str
    addresses: tuple[str, ...]
    auto_addresses: tuple[str, ...]
    by_request: bool
    is_admin: bool


@dataclass(frozen=True)
class Decision:
    request_id: str
    requester_id: str
    organisation_id: str
    organisation: str
    approved: bool
    reason: str


def is_member(db: Session, person_id: str, organisation_id: str) -> bool:
    row = db.exec(select(Membership.id).where(Membership.person_id == person_id, Membership.organisation_id == organisation_id)).first()
    return row is not None


def _verified_addresses_of(db: Session, person_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Confirmed addresses of many people in one query per thousand (primary first), not one per person."""
    found: dict[str, list[str]] = {}
    for i in range(0, len(person_ids), 1000):
        rows = db.exec(
            select(EmailAddress.person_id, EmailAddress.address)
            .where(col(EmailAddress.person_id).in_(person_ids[i : i + 1000]), col(EmailAddress.verified_at).is_not(None))
            .order_by(col(EmailAddress.is_primary).desc(), col(EmailAddress.created_at))
        ).all()
        for person_id, address in rows:
            found.setdefault(person_id, []).append(address)
    return {k: tuple(v) for k, v in found.items()}


def _verified_addresses(db: Session, person_id: str) -> tuple[str, ...]:
    return _verified_addresses_of(db, [person_id]).get(person_id, ())


def has_work_address(db: Session, person_id: str) -> bool:
    """A confirmed address that is not at a private webmail domain: what a join request needs."""
    return any(not is_webmail(a) for a in _verified_addresses(db, person_id))


def has_administrators(db: Session, organisation_id: str) -> bool:
    return bool(groups_with_administrators(db, [organisation_id]))


def groups_with_administrators(db: Session, organisation_ids: list[str]) -> set[str]:
    if not organisation_ids:
        return set()
    return set(db.exec(select(GroupAdmin.organisation_id).where(col(GroupAdmin.organisation_id).in_(organisation_ids)).distinct()).all())


def _domains_of(db: Session, organisation_ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for org_id, domain in db.exec(select(EmailDomain.organisation_id, EmailDomain.domain).where(col(EmailDomain.organisation_id).in_(organisation_ids))).all():
        found.setdefault(org_id, set()).add(domain)
    return found


def _fold_bases(rows: Sequence[tuple[str, W, str | None]]) -> dict[str, tuple[W, tuple[str, ...], bool]]:
    """Membership rows (key, what, address or None) → per key: what, the addresses that gave it, whether a request did."""
    grouped: dict[str, tuple[W, list[str], list[bool]]] = {}
    for key, what, address in rows:
        _, autos, requested = grouped.setdefault(key, (what, [], []))
        if address:
            autos.append(address)
        else:
            requested.append(True)
    return {key: (what, tuple(autos), bool(requested)) for key, (what, autos, requested) in grouped.items()}


def _add_membership(db: Session, clock: Clock, *, person_id: str, organisation_id: str, email: EmailAddress | None, actor_id: str | None) -> bool:
    email_id = email.id if email else None
    existing = db.exec(
        select(Membership.id).where(
            col(Membership.person_id) == person_id, col(Membership.organisation_id) == organisation_id, col(Membership.email_id) == email_id if email_id else col(Membership.email_id).is_(None)
        )
    ).first()
    if existing is not None:
        return False
    db.add(Membership(person_id=person_id, organisation_id=organisation_id, email_id=email_id, source=AUTO if email else REQUEST, created_at=clock.now()))
    audit.record(db, clock, action="membership.added", actor_id=actor_id, subject_id=person_id, organisation_id=organisation_id,
                 detail=email.domain if email else "", detail_code="auto_domain" if email else "approved_request")
    return True


def link_by_domain(db: Session, clock: Clock, *, email: EmailAddress) -> Organisation | None:
    """Right after confirmation: an exact domain match makes the person a member; None means search."""
    if email.verified_at is None:
        return None
    domain = db.exec(select(EmailDomain).where(EmailDomain.domain == email.domain)).first()
    if domain is None:
        return None
    org = must_get(db, Organisation, domain.organisation_id)
    _add_membership(db, clock, person_id=email.person_id, organisation_id=org.id, email=email, actor_id=email.person_id)
    # An open request to the same group is answered by the address itself.
    for req in db.exec(select(JoinRequest).where(col(JoinRequest.person_id) == email.person_id, col(JoinRequest.organisation_id) == org.id, col(JoinRequest.status) == PENDING)).all():
        req.status, req.decided_at, req.decision_reason = APPROVED, clock.now(), ""
        db.add(req)
        audit.record(db, clock, action="request.approved", actor_id=None, subject_id=email.person_id, organisation_id=org.id, detail=email.domain, detail_code="auto_domain")
    return org


def link_verified_addresses(db: Session, clock: Clock, *, domain: str, actor_id: str) -> int:
    """A newly registered domain links everyone who already confirmed an address in it."""
    rows = db.exec(select(EmailAddress).where(EmailAddress.domain == domain, col(EmailAddress.verified_at).is_not(None))).all()
    return sum(1 for email in rows if link_by_domain(db, clock, email=email) is not None)


def memberships_of(db: Session, person_id: str) -> list[MembershipView]:
    rows = db.exec(
        select(Membership, Organisation.name, EmailAddress.address)
        .join(Organisation, col(Organisation.id) == col(Membership.organisation_id))
        .join(EmailAddress, col(EmailAddress.id) == col(Membership.email_id), isouter=True)
        .where(Membership.person_id == person_id)
        .order_by(Organisation.name)
    ).all()
    admin_of = set(db.exec(select(GroupAdmin.organisation_id).where(GroupAdmin.person_id == person_id)).all())
    grouped = _fold_bases([(m.organisation_id, name, address) for m, name, address in rows])
    return [MembershipView(org_id, name, autos, by_request, org_id in admin_of) for org_id, (name, autos, by_request) in grouped.items()]


def requests_of(db: Session, person_id: str) -> list[RequestView]:
    rows = db.exec(
        select(JoinRequest, Organisation.name)
        .join(Organisation, col(Organisation.id) == col(JoinRequest.organisation_id))
        .where(JoinRequest.person_id == person_id)
        .order_by(case((col(JoinRequest.status) == PENDING, 0), else_=1), col(JoinRequest.created_at).desc())
    ).all()
    return [
        RequestView(r.id, r.organisation_id, name, r.status, r.message, r.decision_reason, r.created_at, r.decided_at, r.escalated_at is not None)
        for r, name in rows
    ]


def request_join(db: Session, clock: Clock, *, person_id: str, organisation_id: str, message: str) -> JoinRequest:
    text = clean_free_text(message, MESSAGE_MAX)
    org = require_group(db, organisation_id)
    if not has_work_address(db, person_id):
        raise NoWorkAddress()
    if is_member(db, person_id, org.id):
        raise AlreadyMember()
    open_request = db.exec(select(JoinRequest.id).where(JoinRequest.person_id == person_id, JoinRequest.organisation_id == org.id, JoinRequest.status == PENDING)).first()
    if open_request is not None:
        raise RequestAlreadyOpen()
    req = JoinRequest(person_id=person_id, organisation_id=org.id, message=text, status=PENDING, created_at=clock.now())
    try:
        with db.begin_nested():  # the partial unique index settles a race between two tabs
            db.add(req)
            db.flush()
    except IntegrityError as exc:
        raise RequestAlreadyOpen() from exc
    audit.record(db, clock, action="request.created", actor_id=person_id, subject_id=person_id, organisation_id=org.id, detail=text[:200])
    if not has_administrators(db, org.id):  # nobody in the group can answer: the CERT operators get it at once
        req.escalated_at = clock.now()
        db.add(req)
        audit.record(db, clock, action="request.escalated", actor_id=None, subject_id=person_id, organisation_id=org.id, detail_code="no_admins")
    return req


def _claim(db: Session, request_id: str, *, status: str, actor_id: str | None, reason: str, now: datetime) -> bool:
    """Move a pending request on exactly once, even when two administrators click at the same time."""
    won = claim(db, JoinRequest, request_id, col(JoinRequest.status) == PENDING, status=status, decided_by=actor_id, decision_reason=reason, decided_at=now)
    db.expire_all()
    return won


def withdraw(db: Session, clock: Clock, *, person_id: str, request_id: str) -> str:
    req = db.get(JoinRequest, rid) if (rid := clean_id(request_id)) else None
    if req is None or req.person_id != person_id:
        raise RequestNotFound()
    org_id = req.organisation_id
    if not _claim(db, req.id, status=WITHDRAWN, actor_id=person_id, reason="", now=clock.now()):
        raise RequestNotPending()
    audit.record(db, clock, action="request.withdrawn", actor_id=person_id, subject_id=person_id, organisation_id=org_id)
    return org_id


def decide(db: Session, clock: Clock, *, actor_id: str, request_id: str, approve: bool, reason: str = "") -> Decision:
    """Approve or deny (a denial needs a reason the requester will see). Only the group's admins or operators."""
    req = db.get(JoinRequest, rid) if (rid := clean_id(request_id)) else None
    if req is None:
        raise RequestNotFound()
    org = require_group_admin(db, actor_id, req.organisation_id)
    text = clean_free_text(reason, MESSAGE_MAX)
    if not approve and not text:
        raise ReasonRequired()
    requester_id = req.person_id
    if approve and req.status == PENDING and not has_work_address(db, requester_id):
        raise RequesterHasNoWorkAddress()
    if not _claim(db, req.id, status=APPROVED if approve else DENIED, actor_id=actor_id, reason=text, now=clock.now()):
        raise RequestNotPending()
    if approve:
        _add_membership(db, clock, person_id=requester_id, organisation_id=org.id, email=None, actor_id=actor_id)
    audit.record(db, clock, action="request.approved" if approve else "request.denied", actor_id=actor_id, subject_id=requester_id, organisation_id=org.id, detail=text)
    return Decision(req.id, requester_id, org.id, org.name, approve, text)


def pending_requests(db: Session, *, organisation_ids: list[str] | None = None, escalated_only: bool = False) -> list[PendingView]:
    query = (
        select(JoinRequest, Organisation.name, Person)
        .join(Organisation, col(Organisation.id) == col(JoinRequest.organisation_id))
        .join(Person, col(Person.id) == col(JoinRequest.person_id))
        .where(JoinRequest.status == PENDING)
        .order_by(col(JoinRequest.created_at))
    )
    if organisation_ids is not None:
        query = query.where(col(JoinRequest.organisation_id).in_(organisation_ids))
    if escalated_only:
        query = query.where(col(JoinRequest.escalated_at).is_not(None))
    rows = db.exec(query).all()
    addresses = _verified_addresses_of(db, list({p.id for _, _, p in rows}))
    domains = _domains_of(db, list({r.organisation_id for r, _, _ in rows}))

    def own(person_id: str, organisation_id: str) -> tuple[str, ...]:
        return tuple(a for a in addresses.get(person_id, ()) if domain_of(a) in domains.get(organisation_id, set()))

    return [
        PendingView(r.id, r.organisation_id, name, p.id, p.full_name or p.idp_name, addresses.get(p.id, ()), own(p.id, r.organisation_id), r.message, r.created_at, r.escalated_at is not None)
        for r, name, p in rows
    ]


def pending_for_group(db: Session, *, actor_id: str, organisation_id: str) -> list[PendingView]:
    org = require_group_admin(db, actor_id, organisation_id)
    return pending_requests(db, organisation_ids=[org.id])


def pending_count_for(db: Session, person_id: str) -> int:
    """The notification badge: open requests in the person's groups, plus escalated ones for operators."""
    groups = db.exec(select(GroupAdmin.organisation_id).where(GroupAdmin.person_id == person_id)).all()
    condition: ColumnElement[bool] | None = col(JoinRequest.organisation_id).in_(groups) if groups else None
    if is_operator(db, person_id):
        escalated = col(JoinRequest.escalated_at).is_not(None)
        condition = escalated if condition is None else (condition | escalated)
    if condition is None:
        return 0
    return db.exec(select(func.count()).select_from(JoinRequest).where(JoinRequest.status == PENDING, condition)).one()


def group_admin_ids(db: Session, organisation_id: str) -> list[str]:
    return list(db.exec(select(GroupAdmin.person_id).where(GroupAdmin.organisation_id == organisation_id)).all())


def operator_ids(db: Session) -> list[str]:
    return list(db.exec(select(Person.id).where(Person.is_operator)).all())


def escalate_overdue(db: Session, clock: Clock, *, days: int) -> list[str]:
    """Requests nobody handled within `days` go to the CERT operators; returns the groups touched."""
    cutoff = clock.now() - timedelta(days=days)
    overdue = db.exec(select(JoinRequest).where(JoinRequest.status == PENDING, col(JoinRequest.escalated_at).is_(None), col(JoinRequest.created_at) <= cutoff)).all()
    touched = []
    for req in overdue:
        if claim(db, JoinRequest, req.id, col(JoinRequest.escalated_at).is_(None), escalated_at=clock.now()):
            audit.record(db, clock, action="request.escalated", actor_id=None, subject_id=req.person_id, organisation_id=req.organisation_id, detail=str(days), detail_code="unhandled_days")
            touched.append(req.organisation_id)
    db.expire_all()
    return touched


def members_of(db: Session, *, actor_id: str, organisation_id: str) -> list[MemberView]:
    org = require_group_admin(db, actor_id, organisation_id)
    rows = db.exec(
        select(Membership, Person, EmailAddress.address)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .join(EmailAddress, col(EmailAddress.id) == col(Membership.email_id), isouter=True)
        .where(Membership.organisation_id == org.id)
    ).all()
    admins = set(group_admin_ids(db, org.id))
    people = _fold_bases([(person.id, person, address) for _, person, address in rows])
    addresses = _verified_addresses_of(db, list(people))
    views = [
        MemberView(pid, p.full_name or p.idp_name, addresses.get(pid, ()), autos, by_request, pid in admins)
        for pid, (p, autos, by_request) in people.items()
    ]
    return sorted(views, key=lambda v: v.name.casefold())


def remove_member(db: Session, clock: Clock, *, actor_id: str, organisation_id: str, person_id: str) -> str:
    """Returns the id of the person removed (the only id a live update may name)."""
    org = require_group_admin(db, actor_id, organisation_id)
    person_id = clean_id(person_id)
    rows = db.exec(select(Membership).where(Membership.organisation_id == org.id, Membership.person_id == person_id)).all()
    if not rows:
        raise NotAMember()
    if person_id == actor_id:
        raise CannotChangeOwnRole()
    for row in rows:
        db.delete(row)
    for admin in db.exec(select(GroupAdmin).where(GroupAdmin.organisation_id == org.id, GroupAdmin.person_id == person_id)).all():
        db.delete(admin)
    audit.record(db, clock, action="membership.removed", actor_id=actor_id, subject_id=person_id, organisation_id=org.id, detail_code="removed_by_admin")
    return person_id


def set_admin(db: Session, clock: Clock, *, actor_id: str, organisation_id: str, person_id: str, admin: bool) -> str:
    """Make a member an administrator of the group, or take the role away (not one's own); returns the person's id."""
    org = require_group_admin(db, actor_id, organisation_id)
    person_id = clean_id(person_id)
    if person_id == actor_id:
        raise CannotChangeOwnRole()
    existing = db.exec(select(GroupAdmin).where(GroupAdmin.organisation_id == org.id, GroupAdmin.person_id == person_id)).first()
    if admin and existing is None:
        if not is_member(db, person_id, org.id):
            raise NotAMember()
        db.add(GroupAdmin(organisation_id=org.id, person_id=person_id, created_at=clock.now()))
        audit.record(db, clock, action="admin.added", actor_id=actor_id, subject_id=person_id, organisation_id=org.id)
    elif not admin and existing is not None:
        db.delete(existing)
        audit.record(db, clock, action="admin.removed", actor_id=actor_id, subject_id=person_id, organisation_id=org.id)
    return person_id


def primary_address(db: Session, person_id: str) -> str | None:
    """Where to send a decision: the primary confirmed address, else any confirmed one."""
    found = _verified_addresses(db, person_id)
    return found[0] if found else None
