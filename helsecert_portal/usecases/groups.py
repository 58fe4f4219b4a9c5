"""Medlemsgrupper (guide step 5): the confirmation result, the search, join requests and withdrawal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core import metrics
from ..core.clock import Clock
from ..core.db import must_get
from ..domain import membership as ms
from ..domain.addresses import domain_of
from ..domain.group_search import search_groups
from ..domain.sessions import Caller
from ..models import EmailAddress, Membership, Organisation
from ..models.types import clean_id
from ..texts import nb
from .feeds import Notify
from .outcome import Mail, Outcome

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
    has_admins: bool  # if not, a request goes to the CERT, and the form says so


@dataclass(frozen=True)
class Found:
    total: int
    hits: list[Hit]
    similar: bool = False  # no name matched exactly: these are close to what was typed


def confirmation(db: Session, who: Caller, *, email_id: str) -> Confirmed | None:
    email = db.get(EmailAddress, oid) if (oid := clean_id(email_id)) else None
    if email is None or email.person_id != who.person.id or email.verified_at is None:
        return None
    row = db.exec(
        select(Organisation.id, col(Organisation.name)).join(Membership, col(Membership.organisation_id) == col(Organisation.id)).where(Membership.email_id == email.id)
    ).first()
    return Confirmed(email.address, row[0] if row else "", row[1] if row else "", domain_of(email.address))


def start_page(db: Session, person_id: str, *, confirmed: str = "") -> str:
    """Where a person lands (after login, or with `confirmed` after a code): the group itself when they are in
    exactly one (the guide: «medlemsgruppen din åpnes automatisk»), the list when in none or several."""
    groups = ms.memberships_of(db, person_id)
    suffix = f"bekreftet={confirmed}" if confirmed else ""
    if len(groups) == 1:
        return f"/medlemsgruppe?g={groups[0].organisation_id}" + (f"&{suffix}" if suffix else "")
    return "/medlemsgrupper" + (f"?{suffix}" if suffix else "")


def search(db: Session, query: str) -> Found:
    result = search_groups(db, query, limit=SEARCH_LIMIT)
    staffed = ms.groups_with_administrators(db, [h.id for h in result.hits])
    hits = [Hit(h.id, h.name, h.org_number, nb.KIND_NAMES.get(h.kind, h.kind), h.id in staffed) for h in result.hits]
    return Found(result.total if query.strip() else -1, hits, result.similar)


@dataclass(frozen=True)
class Sent:
    """A join request that was made: its group, and whether it went to the CERT (the group has no administrator)."""

    group_id: str
    group_name: str
    to_cert: bool


def request_join(db: Session, clock: Clock, who: Caller, *, group_id: str, message: str, base_url: str) -> Outcome[Sent]:
    """A request reaches the group's administrators in the portal; a group without any reaches the CERT operators
    at once, in the portal and by e-mail (their 3-day escalation is for administrators who do not answer)."""
    req = ms.request_join(db, clock, person_id=who.person.id, organisation_id=group_id, message=message)
    metrics.join_requests.inc()
    org = must_get(db, Organisation, req.organisation_id)
    to_cert = req.escalated_at is not None
    operators = ms.operator_ids(db) if to_cert else []  # the operators' addresses only when the request is theirs
    mails = tuple(
        Mail(to=to, subject=nb.MAIL_TO_CERT_SUBJECT.format(group=org.name), text=nb.MAIL_TO_CERT_TEXT.format(group=org.name, link=base_url + "/drift"))
        for to in (ms.primary_address(db, op) for op in operators) if to
    )
    return Outcome(Sent(org.id, org.name, to_cert), mails, Notify.of(groups=[org.id], people=[who.person.id]))


def may_request(db: Session, who: Caller) -> bool:
    """Whether the caller has the confirmed work address a join request needs (the page says what to do if not)."""
    return ms.has_work_address(db, who.person.id)


def withdraw(db: Session, clock: Clock, who: Caller, *, request_id: str) -> Outcome[None]:
    group_id = ms.withdraw(db, clock, person_id=who.person.id, request_id=request_id)
    return Outcome(None, notify=Notify.of(groups=[group_id], people=[who.person.id]))
