"""The sweep purges what anonymous requests leave behind, and ended sessions' ID tokens."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from helsecert_portal.domain import identity, login_attempts, sessions
from helsecert_portal.domain.sessions import SessionPolicy
from helsecert_portal.models import LoginAttempt, LoginSession, WebAuthnChallenge
from helsecert_portal.usecases import housekeeping
from tests.conftest import SECRET

POLICY = SessionPolicy(secret_key=SECRET)


def _count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_expired_attempts_and_challenges_are_purged_and_live_ones_kept(tx, clock, db) -> None:
    with tx() as s:
        for _ in range(3):
            login_attempts.create_attempt(s, clock, secret_key=SECRET, state="s", nonce="n", code_verifier="v", acr_values="a", return_to="/")
        s.add(WebAuthnChallenge(purpose="login", challenge="c", created_at=clock.now(), expires_at=clock.now() + timedelta(minutes=5)))
    clock.advance(hours=2)
    with tx() as s:
        login_attempts.create_attempt(s, clock, secret_key=SECRET, state="s", nonce="n", code_verifier="v", acr_values="a", return_to="/")
        s.add(WebAuthnChallenge(purpose="login", challenge="c", created_at=clock.now(), expires_at=clock.now() + timedelta(minutes=5)))
    with tx() as s:
        housekeeping.sweep(s, clock, escalation_days=3, idle_minutes=30)
    assert _count(db, LoginAttempt) == 1 and _count(db, WebAuthnChallenge) == 1


def test_idle_sessions_lose_their_id_token(tx, clock, db) -> None:
    with tx() as s:
        person, _ = identity.find_or_create_person(s, clock, secret_key=SECRET, pid="12838510039", idp_name="")
        sessions.start_session(s, clock, POLICY, person_id=person.id, auth_method="idporten", id_token="a.b.c")
    with tx() as s:
        housekeeping.sweep(s, clock, escalation_days=3, idle_minutes=30)
    assert db.exec(select(LoginSession)).one().id_token != ""  # still live: RP-initiated logout needs it
    clock.advance(minutes=31)
    with tx() as s:
        housekeeping.sweep(s, clock, escalation_days=3, idle_minutes=30)
    db.expire_all()
    assert db.exec(select(LoginSession)).one().id_token == ""
