"""Administrer medlemsgruppe: the dashboard of a group's administrators (and operators) and their decisions.

Every function re-checks that the caller administers the group (or is a CERT operator), whatever
the browser sent; ids from the browser only name which request or person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ..core import metrics
from ..core.clock import Clock
from ..domain import audit
from ..domain import membership as ms
from ..domain.authorization import administered_groups, require_group_admin
from ..domain.sessions import Caller
from ..texts import nb
from .feeds import Notify, pending_view
from .outcome import Mail, Outcome
from .presentation import AuditLine, Choice, MemberRow, PendingRow, audit_lines, member_rows

AUDIT_ROWS = 50


@dataclass(frozen=True)
class GroupContents:
    pending: list[PendingRow]
    members: list[MemberRow]
    audit: list[AuditLine]


@dataclass(frozen=True)
class Dashboard:
    groups: list[Choice]
    group_id: str
    group_name: str
    contents: GroupContents


def contents(db: Session, actor_id: str, group_id: str) -> GroupContents:
    require_group_admin(db, actor_id, group_id)
    return GroupContents(
        pending=pending_view(db, group_id),
        members=member_rows(ms.members_of(db, actor_id=actor_id, organisation_id=group_id), viewer_id=actor_id),
        audit=audit_lines(audit.audit_log(db, actor_id=actor_id, organisation_id=group_id, limit=AUDIT_ROWS)),
    )


def open_dashboard(db: Session, who: Caller, *, wanted: str) -> Dashboard | None:
    """The group asked for (or the caller's first); None when the caller administers no group."""
    actor_id = who.person.id
    groups = [Choice(g.id, g.name) for g in administered_groups(db, actor_id)]
    target = wanted[:64] or (groups[0].id if groups else "")
    if not target:
        return None
    org = require_group_admin(db, actor_id, target)
    if all(g.id != org.id for g in groups):  # an operator visiting another group
        groups.append(Choice(org.id, org.name))
    return Dashboard(groups, org.id, org.name, contents(db, actor_id, org.id))


def _decision_mail(db: Session, decision: ms.Decision) -> tuple[Mail, ...]:
    to = ms.primary_address(db, decision.requester_id)
    if to is None:
        return ()
    template = nb.MAIL_APPROVED_TEXT if decision.approved else nb.MAIL_DENIED_TEXT
    return (Mail(to=to, subject=nb.MAIL_DECISION_SUBJECT, text=template.format(group=decision.organisation, reason=decision.reason)),)


def decide(db: Session, clock: Clock, who: Caller, *, group_id: str, request_ids: list[str], approve: bool, reason: str = "") -> Outcome[GroupContents]:
    """Approve or deny requests; each requester is told by e-mail, and the decision stands if the mail cannot go."""
    decisions = [ms.decide(db, clock, actor_id=who.person.id, request_id=r, approve=approve, reason=reason) for r in request_ids]
    metrics.decisions.labels("approved" if approve else "denied").inc(len(decisions))
    mails = tuple(m for d in decisions for m in _decision_mail(db, d))
    notify = Notify.of(groups={group_id, *(d.organisation_id for d in decisions)}, people=[d.requester_id for d in decisions])
    return Outcome(contents(db, who.person.id, group_id), mails, notify)


def remove_member(db: Session, clock: Clock, who: Caller, *, group_id: str, person_id: str) -> Outcome[GroupContents]:
    removed = ms.remove_member(db, clock, actor_id=who.person.id, organisation_id=group_id, person_id=person_id)
    return Outcome(contents(db, who.person.id, group_id), notify=Notify.of(groups=[group_id], people=[removed]))


def set_admin(db: Session, clock: Clock, who: Caller, *, group_id: str, person_id: str, admin: bool) -> Outcome[GroupContents]:
    changed = ms.set_admin(db, clock, actor_id=who.person.id, organisation_id=group_id, person_id=person_id, admin=admin)
    return Outcome(contents(db, who.person.id, group_id), notify=Notify.of(groups=[group_id], people=[changed]))
