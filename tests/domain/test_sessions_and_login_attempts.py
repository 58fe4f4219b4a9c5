"""Sessions (idle timeout, absolute lifetime, logout, front-channel) and login attempts (single use, open redirects)."""

from __future__ import annotations

import pytest

from helsecert_portal.core.errors import NotLoggedIn
from helsecert_portal.domain import identity, login_attempts, sessions
from helsecert_portal.domain.sessions import SessionPolicy
from helsecert_portal.models import LoginSession, Person
from tests.conftest import SECRET

POLICY = SessionPolicy(secret_key=SECRET, idle_minutes=30, max_hours=12)


def _login(tx, clock, **kw):
    with tx() as db:
        person, _ = identity.find_or_create_person(db, clock, secret_key=SECRET, pid="12838510039", idp_name="")
        return sessions.start_session(db, clock, POLICY, person_id=person.id, auth_method="idporten", idp_iss="https://idp", idp_sid="sid-1", **kw)


def _who(tx, clock, token):
    with tx() as db:
        return sessions.require_caller(db, clock, POLICY, token=token).person.id


def test_pid_is_stored_only_as_digest_and_mask(tx, clock, db) -> None:
    _login(tx, clock)
    person = db.exec(__import__("sqlmodel").select(Person)).one()
    assert person.pid_masked == "128385*****"
    assert "12838510039" not in person.pid_digest


def test_idle_timeout(tx, clock) -> None:
    token = _login(tx, clock)
    clock.advance(minutes=29)
    assert _who(tx, clock, token)
    clock.advance(minutes=29)  # activity above keeps it alive
    assert _who(tx, clock, token)
    clock.advance(minutes=31)
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, token)


def test_absolute_lifetime(tx, clock) -> None:
    token = _login(tx, clock)
    for _ in range(24):  # 24 × 29 min = 11 h 36 min
        clock.advance(minutes=29)
        _who(tx, clock, token)
    clock.advance(minutes=29)
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, token)


def test_session_id_stored_only_as_hash_and_rotated_at_login(tx, clock, db) -> None:
    old = _login(tx, clock)
    new = _login(tx, clock, previous_token=old)
    assert all(old not in row.token_hash and new not in row.token_hash for row in db.exec(__import__("sqlmodel").select(LoginSession)))
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, old)
    assert _who(tx, clock, new)


def test_logout_and_frontchannel_logout_end_sessions(tx, clock) -> None:
    token = _login(tx, clock)
    with tx() as db:
        assert len(sessions.end_sessions_by_sid(db, clock, iss="https://idp", sid="sid-1")) == 1
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, token)
    token = _login(tx, clock)
    with tx() as db:
        assert sessions.end_sessions_by_sid(db, clock, iss="https://other", sid="sid-1") == []
        sessions.end_session(db, clock, POLICY, token=token)
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, token)


@pytest.mark.parametrize("token", ["", "garbage", "x" * 500])
def test_unknown_tokens_are_not_logged_in(tx, clock, token) -> None:
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, token)


def _attempt(tx, clock, return_to="/min-profil"):
    with tx() as db:
        return login_attempts.create_attempt(db, clock, secret_key=SECRET, state="s", nonce="n", code_verifier="v", acr_values="a", return_to=return_to)


def test_login_attempt_is_single_use_and_expires(tx, clock) -> None:
    handle = _attempt(tx, clock)
    with tx() as db:
        assert login_attempts.consume_attempt(db, clock, secret_key=SECRET, handle=handle).return_to == "/min-profil"
    with pytest.raises(login_attempts.StaleLogin), tx() as db:
        login_attempts.consume_attempt(db, clock, secret_key=SECRET, handle=handle)
    late = _attempt(tx, clock)
    clock.advance(minutes=11)
    with pytest.raises(login_attempts.StaleLogin), tx() as db:
        login_attempts.consume_attempt(db, clock, secret_key=SECRET, handle=late)


OPEN_REDIRECTS = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "/%5Cevil.example",
    "http:/evil.example",
    "/auth/logout",
    "/..//evil.example",
    "/ /evil.example",
    "/\t/evil.example",
    "/@evil.example:80",
    "data:text/html,x",
    "",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_open_redirect_corpus_falls_back_to_home(target) -> None:
    assert login_attempts.safe_return_path(target) == "/"


@pytest.mark.parametrize("target", ["/min-profil", "/medlemsgrupper", "/bekreft-epost"])
def test_local_paths_are_kept(target) -> None:
    assert login_attempts.safe_return_path(target) == target


def test_the_id_token_is_kept_sealed_and_only_until_the_session_ends(tx, clock, db) -> None:
    """It carries the full fødselsnummer: encrypted at rest, opened once for RP-initiated logout, then erased."""
    raw = "header.eyJwaWQiOiIxMjgzODUxMDAzOSJ9.signature"
    token = _login(tx, clock, id_token=raw)
    stored = db.exec(__import__("sqlmodel").select(LoginSession)).one()
    assert stored.id_token and raw not in stored.id_token and "eyJwaWQi" not in stored.id_token
    with tx() as s:
        ended = sessions.end_session(s, clock, POLICY, token=token)
    assert ended is not None and ended.id_token == raw
    db.expire_all()
    assert db.exec(__import__("sqlmodel").select(LoginSession)).one().id_token == ""


def test_front_channel_logout_erases_the_id_token(tx, clock, db) -> None:
    _login(tx, clock, id_token="a.b.c")
    with tx() as s:
        assert len(sessions.end_sessions_by_sid(s, clock, iss="https://idp", sid="sid-1")) == 1
    assert db.exec(__import__("sqlmodel").select(LoginSession)).one().id_token == ""


def test_many_cookies_are_resolved_at_once_to_the_live_sessions_only(tx, clock) -> None:
    """A live delivery's check of many tabs: only the live sessions, each to its person; nothing is touched."""
    idle, ended, live = _login(tx, clock), _login(tx, clock), None
    clock.advance(minutes=20)
    live = _login(tx, clock)
    with tx() as db:
        sessions.end_session(db, clock, POLICY, token=ended)
    clock.advance(minutes=11)  # `idle` was last seen 31 minutes ago, `live` 11
    with tx() as db:
        found = sessions.live_callers(db, clock, POLICY, {idle, ended, live, "", "not-a-session"})
        assert set(found) == {live}
        assert sessions.live_callers(db, clock, POLICY, set()) == {}
    clock.advance(minutes=20)  # 31 minutes since `live` was used: the check above was no activity that kept it alive
    with pytest.raises(NotLoggedIn):
        _who(tx, clock, live)
