"""Operational notices (driftsmeldinger) shown on the front page while active."""

from __future__ import annotations

from sqlmodel import Session, or_, select

from ..core.clock import Clock
from ..models import OperationalNotice


def active_notices(db: Session, clock: Clock) -> list[dict[str, str]]:
    now = clock.now()
    rows = db.exec(
        select(OperationalNotice)
        .where(OperationalNotice.published_at <= now)
        .where(or_(OperationalNotice.expires_at.is_(None), OperationalNotice.expires_at > now))
        .order_by(OperationalNotice.published_at.desc())
        .limit(10)
    ).all()
    return [{"id": r.id, "title": r.title, "body": r.body, "severity": r.severity} for r in rows]
