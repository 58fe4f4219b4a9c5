"""The periodic sweep: overdue requests to the CERT operators, and rows nobody will use again purged.

Anonymous requests create rows (a login attempt per /auth/login, a WebAuthn challenge per login
page); expired ones are deleted here, as are ended sessions' ID tokens and old code-ledger rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col

from ..core.clock import Clock
from ..domain import membership as ms
from ..domain import notices
from ..models import CodeLedger, LoginAttempt, LoginSession, LoginTicket, WebAuthnChallenge
from .feeds import Notify

ATTEMPT_KEPT = timedelta(hours=1)  # a login attempt is good for ten minutes
LEDGER_KEPT = timedelta(days=1)  # the limits look one hour back


def sweep(db: Session, clock: Clock, *, escalation_days: int, idle_minutes: int) -> Notify:
    now = clock.now()
    touched = ms.escalate_overdue(db, clock, days=escalation_days)
    db.exec(delete(LoginAttempt).where(col(LoginAttempt.created_at) < now - ATTEMPT_KEPT))
    db.exec(delete(WebAuthnChallenge).where(col(WebAuthnChallenge.expires_at) < now))
    db.exec(delete(LoginTicket).where(col(LoginTicket.expires_at) < now))
    db.exec(delete(CodeLedger).where(col(CodeLedger.at) < now - LEDGER_KEPT))
    ended = or_(
        col(LoginSession.revoked_at).is_not(None),
        col(LoginSession.expires_at) < now,
        col(LoginSession.last_seen_at) < now - timedelta(minutes=idle_minutes),
    )
    db.exec(update(LoginSession).where(ended, col(LoginSession.id_token) != "").values(id_token=""))
    return Notify.of(groups=touched)


def notices_turned(db: Session, since: datetime, now: datetime) -> Notify:
    """A notice that starts or ends on its own is a change to every tab's banners."""
    return Notify.of(bulletins=notices.turned_since(db, since, now))
