"""The plain HTTP routes without a browser: refusals leave sessions alone, cross-site requests get nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from helsecert_portal import services
from helsecert_portal.core import cookies
from helsecert_portal.domain import identity, sessions
from helsecert_portal.domain.sessions import SessionPolicy
from helsecert_portal.models import AuditEvent, LoginSession
from helsecert_portal.routes import auth
from tests.support import migrate

BASE = "http://localhost:3000"


@pytest.fixture(scope="module")
def client() -> TestClient:
    migrate(services.settings().database_url)
    return TestClient(Starlette(routes=auth.routes()), base_url=BASE, follow_redirects=False)


def _session() -> str:
    settings = services.settings()
    with services.db_session() as db:
        person, _ = identity.find_or_create_person(db, services.clock(), secret_key=settings.secret_key, pid="12838510039", idp_name="")
        return sessions.start_session(db, services.clock(), SessionPolicy.of(settings), person_id=person.id, auth_method="idporten")


def _live(token: str) -> bool:
    with services.db_session() as db:
        try:
            sessions.require_caller(db, services.clock(), SessionPolicy.of(services.settings()), token=token)
        except sessions.NotLoggedIn:
            return False
    return True


def test_the_binding_is_set_only_for_the_portals_own_pages(client: TestClient) -> None:
    refused = client.post("/auth/passkey/binding", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    assert client.post("/auth/passkey/binding").status_code == 403  # no Origin: not a page's fetch
    ok = client.post("/auth/passkey/binding", headers={"Origin": BASE})
    assert ok.status_code == 200 and len(ok.json()["binding"]) == 64
    assert "HttpOnly" in ok.headers["set-cookie"] and "SameSite=strict" in ok.headers["set-cookie"]


def test_a_forged_or_cross_site_ticket_leaves_the_existing_session_alone(client: TestClient) -> None:
    token = _session()
    name = cookies.cookie_name(services.settings())
    for headers in ({}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.get("/auth/passkey", params={"billett": "forged"}, headers={**headers, "Cookie": f"{name}={token}"})
        assert response.status_code == 303 and "innlogging-feilet" in response.headers["location"]
        assert name not in response.headers.get("set-cookie", "")
    assert _live(token)


def test_logout_needs_the_keyed_proof(client: TestClient) -> None:
    token = _session()
    name = cookies.cookie_name(services.settings())
    response = client.get("/auth/logout", params={"proof": "0" * 32}, headers={"Cookie": f"{name}={token}"})
    assert response.headers["location"] == "/" and _live(token)
    proof = cookies.logout_proof(services.settings(), token)
    response = client.get("/auth/logout", params={"proof": proof}, headers={"Cookie": f"{name}={token}"})
    assert response.status_code == 303 and not _live(token)


def test_front_channel_logout_from_another_issuer_ends_nothing(client: TestClient) -> None:
    token = _session()
    response = client.get("/auth/frontchannel-logout", params={"iss": "https://evil.example", "sid": "x"})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store" and _live(token)


def test_a_callback_without_a_login_attempt_fails_cleanly_and_is_audited(client: TestClient) -> None:
    def failed(db: Session) -> int:
        return db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "login.failed")).one()

    def live_sessions(db: Session) -> int:
        return db.exec(select(func.count()).select_from(LoginSession).where(LoginSession.revoked_at.is_(None))).one()

    with Session(services.engine()) as db:
        before, sessions_before = failed(db), live_sessions(db)
    response = client.get("/auth/callback", params={"code": "x", "state": "y"})
    assert response.status_code == 303 and response.headers["location"].startswith("/innlogging-feilet?arsak=stale&ref=")
    with Session(services.engine()) as db:
        assert failed(db) == before + 1
        assert live_sessions(db) == sessions_before  # no session for a forged callback


def test_a_fresh_login_is_passed_on_to_id_porten_only_when_asked(client: TestClient, monkeypatch) -> None:
    """/auth/login?prompt=login (the OpenID provider's answer to a back-end's prompt=login or max_age) asks ID-porten
    to authenticate again; a plain /auth/login does not."""
    from helsecert_portal.idporten.client import AuthRequest

    asked: list[bool] = []

    class Recorder:
        async def start(self, *, acr_values: str | None = None, fresh: bool = False) -> AuthRequest:
            asked.append(fresh)
            return AuthRequest(url="https://idporten.example/authorize", state="s", nonce="n", code_verifier="v" * 43)

    monkeypatch.setattr(services, "idporten", lambda: Recorder())
    assert client.get("/auth/login", params={"neste": "/op/fortsett/x", "prompt": "login"}).status_code == 303
    assert client.get("/auth/login").status_code == 303
    assert asked == [True, False]


def test_the_session_remembers_when_id_porten_last_authenticated_not_when_the_portal_was_entered(client: TestClient, monkeypatch) -> None:
    """A login through ID-porten's own single sign-on is not a fresh login: the session's authenticated_at is
    ID-porten's auth_time, which a back-end's max_age and prompt=login and the passkey rule then read."""
    from datetime import timedelta

    from helsecert_portal.idporten.client import AuthRequest, LoginResult

    hours_ago = services.clock().now() - timedelta(hours=3)

    class SilentSingleSignOn:
        async def start(self, *, acr_values: str | None = None, fresh: bool = False) -> AuthRequest:
            return AuthRequest(url="https://idporten.example/authorize", state="st", nonce="n", code_verifier="v" * 43)

        async def finish(self, **_: object) -> LoginResult:
            return LoginResult(pid="12838510039", name="", acr="idporten-loa-substantial", sid="s", iss="https://idporten.example", id_token="t",
                               auth_time=int(hours_ago.timestamp()))

    monkeypatch.setattr(services, "idporten", lambda: SilentSingleSignOn())
    started = client.get("/auth/login")
    done = client.get("/auth/callback", params={"code": "c", "state": "st"}, cookies=dict(started.cookies))
    assert done.status_code == 303
    token = done.cookies[cookies.cookie_name(services.settings())]
    with services.db_session() as db:
        row = db.exec(select(LoginSession).where(LoginSession.token_hash == sessions.token_hash(SessionPolicy.of(services.settings()), token))).one()
        assert abs((row.authenticated_at - hours_ago).total_seconds()) < 1 and row.created_at > hours_ago
