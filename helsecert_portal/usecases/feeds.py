"""What the live feeds deliver, and whether a tab's caller may still receive it when it is sent.

A feed carries no personal data across tabs: a change computes the view once, and each following
tab receives it only after its own session cookie and the database say its caller still has the
right (PRODUCT.md's trust rule). Feed names come from ids the domain returned, never from a browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from ..domain import membership as ms
from ..domain.authorization import administers_any, is_group_admin, is_operator
from ..domain.sessions import Caller
from .presentation import MembershipRow, PendingRow, RequestRow, membership_rows, pending_rows, request_rows


@dataclass(frozen=True)
class Notify:
    """The feeds a change touched: member groups (their request dashboards), people (their own view), and
    bulletins (alerts or notices changed: every tab's own view of them, computed from that tab's session)."""

    groups: frozenset[str] = field(default_factory=frozenset)
    people: frozenset[str] = field(default_factory=frozenset)
    bulletins: bool = False

    @classmethod
    def of(cls, *, groups: Iterable[str] = (), people: Iterable[str] = (), bulletins: bool = False) -> Notify:
        return cls(frozenset(g for g in groups if g), frozenset(p for p in people if p), bulletins)

    def __or__(self, other: Notify) -> Notify:
        return Notify(self.groups | other.groups, self.people | other.people, self.bulletins or other.bulletins)

    def __bool__(self) -> bool:
        return bool(self.groups or self.people or self.bulletins)


NOTHING = Notify()


@dataclass(frozen=True)
class PersonView:
    """What a person's own tabs show of their memberships and requests, and the header's roles and badge."""

    person_id: str
    memberships: list[MembershipRow]
    requests: list[RequestRow]
    admin_badge: int
    is_admin: bool
    is_operator: bool


def person_view(db: Session, person_id: str) -> PersonView:
    return PersonView(
        person_id=person_id,
        memberships=membership_rows(ms.memberships_of(db, person_id)),
        requests=request_rows(ms.requests_of(db, person_id)),
        admin_badge=ms.pending_count_for(db, person_id),
        is_admin=administers_any(db, person_id),
        is_operator=is_operator(db, person_id),
    )


def pending_view(db: Session, organisation_id: str | None) -> list[PendingRow]:
    """Pending requests of one group, or of every group (the operators' feed) when organisation_id is None."""
    return pending_rows(ms.pending_requests(db, organisation_ids=[organisation_id] if organisation_id else None))


def with_audience(db: Session, notify: Notify) -> Notify:
    """A change to a group's requests also changes its administrators' and the operators' badges."""
    if not notify.groups:
        return notify
    people = set(notify.people) | set(ms.operator_ids(db))
    for group_id in notify.groups:
        people.update(ms.group_admin_ids(db, group_id))
    return Notify(notify.groups, frozenset(people), notify.bulletins)


def may_follow_person(caller: Caller, person_id: str) -> bool:
    return caller.person.id == person_id


def may_follow_group(db: Session, caller: Caller, organisation_id: str) -> bool:
    return is_group_admin(db, caller.person.id, organisation_id) or is_operator(db, caller.person.id)


def may_follow_operators(db: Session, caller: Caller) -> bool:
    return is_operator(db, caller.person.id)
