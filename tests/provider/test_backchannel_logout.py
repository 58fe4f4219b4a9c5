"""OpenID Back-Channel Logout 1.0 as a back-end receives it: when the person logs out of the portal, the back-end's
logout URI gets a logout token it can verify (signature from the portal's JWKS, iss, aud, the event, the same sid
as the ID token, no nonce); a back-end that was down gets it from the sweep later."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from joserfc import jwt
from joserfc.jwk import KeySet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from helsecert_portal import services
from helsecert_portal.backchannel import deliver_due
from helsecert_portal.core import cookies
from helsecert_portal.provider.tokens import BACKCHANNEL_EVENT
from tests.support import free_port, run_async

from .conftest import REDIRECT, Browser, Portal, member, register
from .test_refusals import authorize_url, token


class Receiver:
    """A back-end's logout endpoint: verifies each token against the portal's published keys, as a back-end must."""

    def __init__(self, issuer: str, client_id: str) -> None:
        self.issuer, self.client_id, self.sids, self.up = issuer, client_id, [], True
        self.calls, self.hold = 0, threading.Event()  # hold: answer only once the test releases it
        self.hold.set()

    async def logout(self, request: Request) -> Response:
        self.calls += 1
        await asyncio.to_thread(self.hold.wait, 30)
        if not self.up:
            return Response(status_code=503)
        raw = str((await request.form())["logout_token"])
        keys = KeySet.import_key_set(httpx.get(f"{self.issuer}/jwks").json())
        found = jwt.decode(raw, keys, algorithms=["RS256"])
        claims = found.claims
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": self.issuer}, aud={"essential": True, "value": self.client_id},
                              iat={"essential": True}, jti={"essential": True}).validate(claims)
        assert found.header["typ"] == "logout+jwt" and BACKCHANNEL_EVENT in claims["events"] and "nonce" not in claims
        self.sids.append(claims["sid"])
        return Response(status_code=200)


@pytest.fixture
def receiver(portal: Portal) -> Iterator[tuple[Receiver, str]]:
    port = free_port()
    found = Receiver(portal.issuer, f"bcl-{port}")
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/bcl", found.logout, methods=["POST"])]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield found, f"http://127.0.0.1:{port}/bcl"
    server.should_exit = True
    thread.join(5)


def _login(portal: Portal, client_id: str, secret: str) -> tuple[str, dict]:
    kari = member()
    code = Browser(portal, kari).callback(authorize_url(portal, client_id))["code"]
    answer = token(portal, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "v" * 50}, (client_id, secret))
    return kari.cookie, jwt.decode(answer.json()["id_token"], KeySet.import_key_set(httpx.get(f"{portal.issuer}/jwks").json())).claims


def _logout(portal: Portal, cookie: str) -> None:
    browser = httpx.Client(cookies={cookies.cookie_name(services.settings()): cookie})
    assert browser.get(f"{portal.base}/auth/logout", params={"proof": cookies.logout_proof(services.settings(), cookie)}).status_code == 303


def test_a_portal_logout_reaches_the_back_end_as_a_verifiable_logout_token(portal: Portal, receiver: tuple[Receiver, str]) -> None:
    backend, uri = receiver
    secret = register(backend.client_id, backchannel_logout_uri=uri)
    cookie, id_claims = _login(portal, backend.client_id, secret)
    _logout(portal, cookie)
    assert backend.sids == [id_claims["sid"]]


def test_a_back_end_that_was_down_gets_the_logout_token_later(portal: Portal, receiver: tuple[Receiver, str]) -> None:
    backend, uri = receiver
    secret = register(backend.client_id, backchannel_logout_uri=uri)
    cookie, id_claims = _login(portal, backend.client_id, secret)
    backend.up = False
    _logout(portal, cookie)
    assert backend.sids == []
    backend.up = True
    assert run_async(deliver_due()) >= 1  # what the sweep runs
    assert backend.sids == [id_claims["sid"]]
    assert run_async(deliver_due()) == 0  # delivered once, not again


def test_a_back_end_that_does_not_answer_holds_up_neither_the_logout_nor_a_second_delivery(portal: Portal, receiver: tuple[Receiver, str]) -> None:
    backend, uri = receiver
    secret = register(backend.client_id, backchannel_logout_uri=uri)
    cookie, id_claims = _login(portal, backend.client_id, secret)
    backend.hold.clear()  # the back-end takes the token and does not answer
    _logout(portal, cookie)  # the person is logged out all the same: the answer came while the back-end still held on
    assert backend.calls == 1 and not backend.hold.is_set()
    assert run_async(deliver_due()) == 0 and backend.calls == 1  # the sweep meanwhile does not send it a second time
    backend.hold.set()
    deadline = time.monotonic() + 10
    while backend.sids != [id_claims["sid"]] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backend.sids == [id_claims["sid"]]
    while run_async(deliver_due()) and time.monotonic() < deadline:  # recorded as delivered: nothing is left due
        time.sleep(0.05)
    assert run_async(deliver_due()) == 0 and backend.calls == 1
