"""One member group as its members see it: what it is, how they belong, whether they may administer it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ..domain import membership as ms
from ..domain.authorization import is_group_admin, is_operator, require_group
from ..domain.sessions import Caller
from ..texts import nb
from .alerts import AlertRow, rows_for, viewer_of
from .groups import confirmation
from .presentation import how_text
from .services import ServiceLink, of_group


@dataclass(frozen=True)
class GroupView:
    id: str
    name: str
    org_number: str
    kind: str
    member: bool
    how: str
    can_administer: bool
    alerts: list[AlertRow]  # the alerts addressed to this group, for its members
    linked: str  # «the address is confirmed, and you are now a member» right after a code linked it here
    services: list[ServiceLink]  # the catalogue's services this membership gives, for its members


def open_group(db: Session, who: Caller, *, wanted: str, confirmed: str = "") -> GroupView:
    org = require_group(db, wanted)
    mine = next((m for m in ms.memberships_of(db, who.person.id) if m.organisation_id == org.id), None)
    found = confirmation(db, who, email_id=confirmed) if confirmed else None
    administers = is_group_admin(db, who.person.id, org.id)
    return GroupView(
        linked=nb.GROUPS_LINKED.format(address=found.address, group=org.name) if found and found.group_id == org.id else "",
        id=org.id, name=org.name, org_number=org.org_number or "", kind=nb.KIND_NAMES.get(org.kind, org.kind),
        member=mine is not None, how=how_text(mine.auto_addresses, mine.by_request) if mine else "",
        can_administer=administers or is_operator(db, who.person.id),
        alerts=rows_for(db, viewer_of(db, who), group_id=org.id) if mine is not None else [],
        services=of_group(db, who, org, administers=administers) if mine is not None else [],
    )
