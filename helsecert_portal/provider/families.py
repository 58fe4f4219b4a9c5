"""Ending token families: everything one login of one back-end was given. A family ended because the person should
no longer be logged in there (the portal session ended, consent withdrawn, the back-end closed) also gets the
back-end a back-channel logout token (provider/logout.py delivers it after the transaction)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.db import claim
from ..domain import audit
from ..models import TokenFamily

LOGS_OUT = frozenset({"session_ended", "consent_withdrawn", "client_closed", "client_changed"})


def revoke(db: Session, clock: Clock, family_id: str | None, reason: str) -> bool:
    if not family_id:
        return False
    ended = claim(db, TokenFamily, family_id, col(TokenFamily.revoked_at).is_(None), revoked_at=clock.now(), revoked_reason=reason, logout_due=reason in LOGS_OUT)
    if ended:
        family = db.get(TokenFamily, family_id)
        audit.record(db, clock, action="client.tokens_revoked", actor_id=None, subject_id=family.person_id if family else None, detail_code=f"client_{reason}")
    return ended


def revoke_open(db: Session, clock: Clock, reason: str, *, relying_party_id: str, person_id: str | None = None) -> int:
    """Every open family of one back-end (of one person, when given)."""
    query = select(TokenFamily.id).where(TokenFamily.relying_party_id == relying_party_id, col(TokenFamily.revoked_at).is_(None))
    if person_id is not None:
        query = query.where(TokenFamily.person_id == person_id)
    return sum(revoke(db, clock, fid, reason) for fid in db.exec(query).all())
