"""Operational notices (driftsmeldinger) shown on the front page while active."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from ..core.clock import Clock
from ..models import OperationalNotice


@dataclass(frozen=True)
class NoticeView:
    id: str
    title: str
    body: str
    severity: str


def active_notices(db: Session, clock: Clock) -> list[NoticeView]:
    now = clock.now()
    rows = db.exec(
        select(OperationalNotice)
        .where(OperationalNotice.published_at <= now)
        .where(or_(col(OperationalNotice.expires_at).is_(None), col(OperationalNotice.expires_at) > now))
        .order_by(col(OperationalNotice.published_at).desc())
        .limit(10)
    ).all()
    return [NoticeView(r.id, r.title, r.body, r.severity) for r in rows]
