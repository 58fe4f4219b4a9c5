"""Who a back-end or a catalogue service is open to, asked of the database when it matters (never of an earlier login).

One rule for both: all members, members of groups of some kinds, members of chosen groups, group administrators,
or CERT operators. A CERT operator is always admitted, so the people who run a service can reach it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..models import GroupAdmin, Membership, Organisation, Person

AUDIENCES = ("members", "kinds", "groups", "admins", "operators")


@dataclass(frozen=True)
class Audience:
    kind: str = "members"
    kinds: tuple[str, ...] = ()  # organisation kinds, for "kinds"
    group_ids: tuple[str, ...] = ()  # organisation ids, for "groups"

    def valid(self, known_kinds: frozenset[str]) -> bool:
        if self.kind not in AUDIENCES:
            return False
        if self.kind == "kinds":
            return bool(self.kinds) and set(self.kinds) <= known_kinds
        if self.kind == "groups":
            return bool(self.group_ids)
        return True


def groups_exist(db: Session, audience: Audience) -> bool:
    """Every chosen group is a real organisation (an id from the browser may be anything)."""
    ids = set(audience.group_ids)
    return not ids or len(db.exec(select(Organisation.id).where(col(Organisation.id).in_(ids))).all()) == len(ids)


def admits(db: Session, audience: Audience, person_id: str) -> bool:
    person = db.get(Person, person_id)
    if person is None:
        return False
    if person.is_operator:
        return True
    if audience.kind == "operators":
        return False
    if audience.kind == "admins":
        return db.exec(select(GroupAdmin.id).where(GroupAdmin.person_id == person_id)).first() is not None
    return bool(groups_admitted(db, audience, person_id))


def groups_admitted(db: Session, audience: Audience, person_id: str) -> list[str]:
    """The person's groups through which the audience takes them in (empty for the admins and operators audiences)."""
    if audience.kind in ("admins", "operators"):
        return []
    query = select(Organisation.id).where(col(Organisation.id).in_(select(Membership.organisation_id).where(Membership.person_id == person_id)))
    if audience.kind == "kinds":
        query = query.where(col(Organisation.kind).in_(audience.kinds))
    elif audience.kind == "groups":
        query = query.where(col(Organisation.id).in_(audience.group_ids))
    return list(db.exec(query).all())


def includes_group(audience: Audience, group_id: str, group_kind: str, *, administers: bool) -> bool:
    """Whether members of this one group (the viewer administering it or not) are in the audience."""
    if audience.kind == "members":
        return True
    if audience.kind == "kinds":
        return group_kind in audience.kinds
    if audience.kind == "groups":
        return group_id in audience.group_ids
    return audience.kind == "admins" and administers
