"""The services catalogue: what operators tell members about the CERT's services, the link that opens each, the
back-end it logs in to, and who sees it. A person sees a service when its audience takes them in and, if it opens a
back-end, that back-end would let them in too (so no one is shown a door that refuses them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..domain import audit
from ..domain.audience import Audience, admits, groups_exist, includes_group
from ..domain.organisations import KINDS
from ..models import Organisation, RelyingParty, Service, ServiceGroup
from . import clients


class ServiceInvalid(PortalError):
    """`field_name` names what is missing or wrong: name, description, url, client or audience."""

    code = "ServiceInvalid"

    def __init__(self, field_name: str) -> None:
        super().__init__(field_name)
        self.field_name = field_name


class ServiceNotFound(PortalError):
    code = "ServiceNotFound"


@dataclass(frozen=True)
class ServiceForm:
    name: str
    description: str
    url: str
    client_id: str  # "" for a plain link
    audience: Audience


@dataclass(frozen=True)
class Entry:
    service: Service
    audience: Audience
    client: RelyingParty | None


def _check(db: Session, form: ServiceForm) -> RelyingParty | None:
    if not form.name.strip() or len(form.name) > 100:
        raise ServiceInvalid("name")
    if len(form.description) > 500:
        raise ServiceInvalid("description")
    if len(form.url) > 512 or not clients.uri_allowed(form.url):
        raise ServiceInvalid("url")
    if not form.audience.valid(frozenset(KINDS)):
        raise ServiceInvalid("audience")
    if not groups_exist(db, form.audience):
        raise ServiceInvalid("audience")
    if not form.client_id:
        return None
    rp = db.exec(select(RelyingParty).where(RelyingParty.client_id == form.client_id[:64])).first()
    if rp is None:
        raise ServiceInvalid("client")
    return rp


def save(db: Session, clock: Clock, *, actor_id: str | None, service_id: str, form: ServiceForm) -> Service:
    rp = _check(db, form)
    service = _live(db, service_id) if service_id else Service(name="", url="", created_at=clock.now())
    service.name, service.description, service.url = form.name.strip(), form.description.strip(), form.url.strip()
    service.relying_party_id = rp.id if rp else None
    service.audience = form.audience.kind
    service.audience_kinds = " ".join(form.audience.kinds) if form.audience.kind == "kinds" else ""
    db.add(service)
    db.flush()
    for row in db.exec(select(ServiceGroup).where(ServiceGroup.service_id == service.id)).all():
        db.delete(row)
    db.flush()
    for group_id in sorted(set(form.audience.group_ids)) if form.audience.kind == "groups" else ():
        db.add(ServiceGroup(service_id=service.id, organisation_id=group_id))
    audit.record(db, clock, action="service.changed" if service_id else "service.created", actor_id=actor_id, detail=service.id)
    return service


def remove(db: Session, clock: Clock, *, actor_id: str, service_id: str) -> None:
    service = _live(db, service_id)
    service.removed_at = clock.now()
    db.add(service)
    audit.record(db, clock, action="service.removed", actor_id=actor_id, detail=service.id)


def _live(db: Session, service_id: str) -> Service:
    service = db.get(Service, service_id[:32]) if service_id else None
    if service is None or service.removed_at is not None:
        raise ServiceNotFound()
    return service


def entries(db: Session) -> list[Entry]:
    """Every service in the catalogue, by name, with its audience and back-end."""
    services = db.exec(select(Service).where(col(Service.removed_at).is_(None)).order_by(col(Service.name))).all()
    ids = [s.id for s in services]
    chosen: dict[str, list[str]] = {}
    for service_id, group_id in db.exec(select(ServiceGroup.service_id, ServiceGroup.organisation_id).where(col(ServiceGroup.service_id).in_(ids))).all() if ids else []:
        chosen.setdefault(service_id, []).append(group_id)
    rps = {rp.id: rp for rp in db.exec(select(RelyingParty)).all()} if any(s.relying_party_id for s in services) else {}
    return [
        Entry(s, Audience(s.audience, tuple(s.audience_kinds.split()), tuple(sorted(chosen.get(s.id, [])))), rps.get(s.relying_party_id or ""))
        for s in services
    ]


def entry(db: Session, service_id: str) -> Entry:
    found = next((e for e in entries(db) if e.service.id == service_id), None)
    if found is None:
        raise ServiceNotFound()
    return found


def _opens_for(db: Session, e: Entry, person_id: str) -> bool:
    return e.client is None or (e.client.disabled_at is None and clients.may_use(db, e.client, person_id))


def visible_to(db: Session, person_id: str) -> list[Entry]:
    """The services this person may use, read now."""
    return [e for e in entries(db) if admits(db, e.audience, person_id) and _opens_for(db, e, person_id)]


def for_group(db: Session, person_id: str, group: Organisation, *, administers: bool) -> list[Entry]:
    """The services this group's membership gives the person (a member's view of the group page): the service and the
    back-end it opens must both be open to this group, not merely to some other group of the person's."""

    def through_this_group(audience: Audience) -> bool:
        return includes_group(audience, group.id, group.kind, administers=administers)

    return [e for e in visible_to(db, person_id) if through_this_group(e.audience) and (e.client is None or through_this_group(clients.audience_of(db, e.client)))]
