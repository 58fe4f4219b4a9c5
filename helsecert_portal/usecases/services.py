"""Tjenester (/tjenester) and a group page's services: the catalogue entries the viewer may use, read now."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlmodel import Session

from ..domain.sessions import Caller
from ..models import Organisation
from ..provider import catalogue


@dataclass(frozen=True)
class ServiceLink:
    id: str
    name: str
    description: str
    url: str
    host: str  # where the link goes, said before it is followed
    single_sign_on: bool  # it logs the person in through the portal


def _links(found: list[catalogue.Entry]) -> list[ServiceLink]:
    return [ServiceLink(e.service.id, e.service.name, e.service.description, e.service.url, urlsplit(e.service.url).netloc, e.client is not None) for e in found]


def mine(db: Session, who: Caller) -> list[ServiceLink]:
    return _links(catalogue.visible_to(db, who.person.id))


def of_group(db: Session, who: Caller, group: Organisation, *, administers: bool) -> list[ServiceLink]:
    return _links(catalogue.for_group(db, who.person.id, group, administers=administers))
