"""Medlemsgrupper (guide step 5): the confirmation result, the search, join requests and withdrawal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core import metrics
from ..core.clock import Clock
from ..domain import membership as ms
from ..domain.addresses import domain_of
from ..domain.group_search import search_groups
from ..domain.sessions import Caller
from ..models import EmailAddress, Membership, Organisation
from ..models.types import clean_id
from ..texts import nb
from .feeds import Notify
from .outcome import Outcome

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Confirmed:
    """What a just-confirmed address led to: the group it linked to, or the domain nobody registered."""

    address: str
    group_id: str
    group_name: str
    domain: str


@dataclass(frozen=True)
class Hit:
    id: str
    name: str
    org_number: str
    kind: str


@dataclass(frozen=True)
class Found:
    total: int
    hits: list[Hit]


def confirmation(db: Session, who: Caller, *, email_id: str) -> Confirmed | None:
    email = db.get(EmailAddress, oid) if (oid := clean_id(email_id)) else None
    if email is None or email.person_id != who.person.id or email.verified_at is None:
        return None
    row = db.exec(
        select(Organisation.id, col(Organisation.name)).join(Membership, col(Membership.organisation_id) == col(Organisation.id)).where(Membership.email_id == email.id)
    ).first()
    return Confirmed(email.address, row[0] if row else "", row[1] if row else "", domain_of(email.address))


def search(db: Session, query: str) -> Found:
    result = search_groups(db, query, limit=SEARCH_LIMIT)
    return Found(result.total if query.strip() else -1, [Hit(h.id, h.name, h.org_number, nb.KIND_NAMES.get(h.kind, h.kind)) for h in result.hits])


def request_join(db: Session, clock: Clock, who: Caller, *, group_id: str, message: str) -> Outcome[None]:
    req = ms.request_join(db, clock, person_id=who.person.id, organisation_id=group_id, message=message)
    metrics.join_requests.inc()
    return Outcome(None, notify=Notify.of(groups=[req.organisation_id], people=[who.person.id]))


def withdraw(db: Session, clock: Clock, who: Caller, *, request_id: str) -> Outcome[None]:
    group_id = ms.withdraw(db, clock, person_id=who.person.id, request_id=request_id)
    return Outcome(None, notify=Notify.of(groups=[group_id], people=[who.person.id]))
