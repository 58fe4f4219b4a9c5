"""The demo back-end as a relying party: it ends a session only for a logout token the portal really signed for it
(signature from the published JWKS, iss, aud, iat, jti, typ logout+jwt, the back-channel event, a sid, no nonce)."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.testclient import TestClient

from helsecert_portal.demo.backend import BACKCHANNEL_EVENT, DemoBackend, DemoConfig, DemoSession

ISSUER = "http://localhost:3000/op"
KEY, OTHER = RSAKey.generate_key(2048, parameters={"kid": "k1"}), RSAKey.generate_key(2048, parameters={"kid": "k1"})


def portal(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/.well-known/openid-configuration"):
        return httpx.Response(200, json={"issuer": ISSUER, "jwks_uri": f"{ISSUER}/jwks"})
    return httpx.Response(200, json={"keys": [KEY.as_dict(private=False)]})


@pytest.fixture
def demo() -> DemoBackend:
    backend = DemoBackend(DemoConfig(ISSUER, "http://127.0.0.1:3010", "demo-tjeneste", "s"), http=httpx.AsyncClient(transport=httpx.MockTransport(portal)))
    backend.sessions["cookie"] = DemoSession(claims={"sub": "abc", "sid": "portal-session-1"})
    return backend


def logout_token(key: RSAKey = KEY, typ: str = "logout+jwt", **changes: object) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "demo-tjeneste", "iat": now, "exp": now + 120, "jti": uuid.uuid4().hex, "sub": "abc",
              "sid": "portal-session-1", "events": {BACKCHANNEL_EVENT: {}}, **changes}
    return jwt.encode({"alg": "RS256", "kid": "k1", "typ": typ}, {k: v for k, v in claims.items() if v is not None}, key)


@pytest.mark.parametrize("token", [
    logout_token(OTHER),  # signed by another key
    logout_token(aud="another-back-end"),
    logout_token(iss="https://evil.example/op"),
    logout_token(events=None),
    logout_token(sid=None),
    logout_token(nonce="n"),  # an ID token's mark
    logout_token(typ="JWT"),  # an ID token, not a logout token
    logout_token(jti=None),
    "not.a.token",
])
def test_a_logout_token_that_is_not_the_portals_for_this_back_end_ends_nothing(demo: DemoBackend, token: str) -> None:
    answer = TestClient(demo.app).post("/backchannel-logout", data={"logout_token": token})
    assert answer.status_code == 400 and "cookie" in demo.sessions


def test_the_portals_logout_token_ends_the_sessions_of_that_portal_session(demo: DemoBackend) -> None:
    demo.sessions["other"] = DemoSession(claims={"sub": "abc", "sid": "portal-session-2"})
    answer = TestClient(demo.app).post("/backchannel-logout", data={"logout_token": logout_token()})
    assert answer.status_code == 200 and "cookie" not in demo.sessions and "other" in demo.sessions
