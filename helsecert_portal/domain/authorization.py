"""Who may act on a member group. Every admin action calls one of these first, whatever the browser sent."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..core.errors import PortalError
from ..models import GroupAdmin, Organisation, Person
from ..models.types import clean_id


class NotAllowed(PortalError):
    code = "NotAllowed"
    audited = "action.refused"


class GroupNotFound(PortalError):
    code = "GroupNotFound"



def is_operator(db: Session, person_id: str) -> bool:
    person = db.get(Person, person_id)
    return bool(person and person.is_operator)


def is_group_admin(db: Session, person_id: str, organisation_id: str) -> bool:
    row = db.exec(
        select(GroupAdmin.id).where(GroupAdmin.person_id == person_id, GroupAdmin.organisation_id == organisation_id)
    ).first()
    return row is not None


def administered_groups(db: Session, person_id: str) -> list[Organisation]:
    rows = db.exec(
        select(Organisation)
        .join(GroupAdmin, col(GroupAdmin.organisation_id) == col(Organisation.id))
        .where(GroupAdmin.person_id == person_id)
        .order_by(Organisation.name)
    ).all()
    return list(rows)


def require_group(db: Session, organisation_id: str) -> Organisation:
    org = db.get(Organisation, oid) if (oid := clean_id(organisation_id)) else None
    if org is None:
        raise GroupNotFound()
    return org


def require_group_admin(db: Session, person_id: str, organisation_id: str) -> Organisation:
    """The group's own administrators and CERT operators; anyone else gets NotAllowed."""
    org = require_group(db, organisation_id)
    if not (is_group_admin(db, person_id, org.id) or is_operator(db, person_id)):
        raise NotAllowed()
    return org


def require_operator(db: Session, person_id: str) -> None:
    if not is_operator(db, person_id):
        raise NotAllowed()


def administers_any(db: Session, person_id: str) -> bool:
    return db.exec(select(GroupAdmin.id).where(GroupAdmin.person_id == person_id)).first() is not None
