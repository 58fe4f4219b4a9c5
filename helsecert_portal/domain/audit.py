"""Record every decision in the audit log (PRODUCT.md: who, what, when). Never pid, codes or tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.security_log import security_event
from ..models import AuditEvent, Organisation, Person
from .authorization import require_group_admin, require_operator


def record(
    db: Session,
    clock: Clock,
    *,
    action: str,
    actor_id: str | None,
    subject_id: str | None = None,
    organisation_id: str | None = None,
    detail: str = "",
    detail_code: str = "",
) -> None:
    """`detail_code` names why (one of texts.nb.AUDIT_DETAILS), with `detail` as its argument."""
    db.add(
        AuditEvent(
            at=clock.now(),
            actor_id=actor_id,
            action=action,
            subject_id=subject_id,
            organisation_id=organisation_id,
            detail=detail[:1000],
            detail_code=detail_code,
        )
    )


def refused(db: Session, clock: Clock, *, action: str, reason: str, actor_id: str | None) -> None:
    """A refused login or action, or a locked code: one WARNING line, and a row in the audit log operators read."""
    security_event(action, reason=reason)
    record(db, clock, action=action, actor_id=actor_id, subject_id=actor_id, detail=reason)


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    subject: str
    organisation: str
    detail: str
    detail_code: str


def audit_log(db: Session, *, actor_id: str, organisation_id: str | None = None, limit: int = 100) -> list[AuditRow]:
    """Operators see everything; a group's administrators see that group's entries only."""
    query = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id)).limit(limit)
    if organisation_id is None:
        require_operator(db, actor_id)
    else:
        org = require_group_admin(db, actor_id, organisation_id)
        query = query.where(AuditEvent.organisation_id == org.id)
    events = db.exec(query).all()
    ids = {e.actor_id for e in events} | {e.subject_id for e in events}
    names = {p.id: p.full_name or p.idp_name for p in db.exec(select(Person).where(col(Person.id).in_([i for i in ids if i]))).all()}
    org_ids = {e.organisation_id for e in events if e.organisation_id}
    orgs = {o.id: o.name for o in db.exec(select(Organisation).where(col(Organisation.id).in_(org_ids))).all()} if org_ids else {}
    return [
        AuditRow(e.at, names.get(e.actor_id or "", ""), e.action, names.get(e.subject_id or "", ""), orgs.get(e.organisation_id or "", ""), e.detail, e.detail_code)
        for e in events
    ]
