"""Ending a portal session ends what it gave the back-ends too (issue 16: «Logging out of the portal logs out of the
back-ends»): one transaction revokes the session and its token families; the back-channel logout tokens are
delivered after it commits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from ..core.clock import Clock
from ..domain import sessions
from ..domain.sessions import Ended, SessionPolicy
from ..models import ClientAssertionUse, ProviderCode, ProviderRequest
from ..provider import keys, logout
from ..provider.server import Context

KEPT = timedelta(hours=1)  # codes live a minute and pending requests ten


def end_portal_session(db: Session, clock: Clock, policy: SessionPolicy, *, token: str, issuer: str) -> Ended | None:
    ended = sessions.end_session(db, clock, policy, token=token)
    if ended is not None:
        logout.end_with_session(Context(db, clock, policy, issuer), ended.session_id)
    return ended


def end_by_idp_sid(db: Session, clock: Clock, policy: SessionPolicy, *, iss: str, sid: str, issuer: str) -> int:
    """ID-porten's front-channel logout names its own `sid`; every portal session it started ends, with its families."""
    ended = sessions.end_sessions_by_sid(db, clock, iss=iss, sid=sid)
    ctx = Context(db, clock, policy, issuer)
    for session_id in ended:
        logout.end_with_session(ctx, session_id)
    return len(ended)


def sweep(db: Session, clock: Clock, policy: SessionPolicy, *, issuer: str) -> None:
    """The periodic part: sessions that expired or went idle end their families, keys rotate, spent rows go."""
    ctx = Context(db, clock, policy, issuer)
    logout.end_with_ended_sessions(ctx)
    keys.rotate(db, clock, policy.secret_key)
    now = clock.now()
    db.exec(delete(ProviderCode).where(col(ProviderCode.created_at) < now - KEPT))
    db.exec(delete(ProviderRequest).where(col(ProviderRequest.created_at) < now - KEPT))
    db.exec(delete(ClientAssertionUse).where(col(ClientAssertionUse.expires_at) < now))


def after_idporten_logout(db: Session, clock: Clock, policy: SessionPolicy, *, state: str, issuer: str) -> str:
    """ID-porten came back to /utlogget after a back-end's logout at the portal: where that back-end asked to go."""
    return logout.take_target(Context(db, clock, policy, issuer), state)
