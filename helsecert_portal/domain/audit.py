"""Record every decision in the audit log (PRODUCT.md: who, what, when). Never pid, codes or tokens."""

from __future__ import annotations

from sqlmodel import Session

from ..core.clock import Clock
from ..models import AuditEvent


def record(
    db: Session,
    clock: Clock,
    *,
    action: str,
    actor_id: str | None,
    subject_id: str | None = None,
    organisation_id: str | None = None,
    detail: str = "",
) -> None:
    db.add(
        AuditEvent(
            at=clock.now(),
            actor_id=actor_id,
            action=action,
            subject_id=subject_id,
            organisation_id=organisation_id,
            detail=detail[:1000],
        )
    )
