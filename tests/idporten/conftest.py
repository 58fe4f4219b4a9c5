"""A real simulator over real HTTP (uvicorn in a thread), and a client pointed at it."""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn

from helsecert_portal.core.clock import SystemClock
from helsecert_portal.idporten.client import IdPortenClient
from helsecert_portal.idporten.simulator import IdPortenSimulator, SimClient
from helsecert_portal.idporten.test_persons import TEST_PERSONS
from tests.conftest import free_port

REDIRECT = "http://localhost:9/auth/callback"


@pytest.fixture(scope="module")
def simulator():
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    client = SimClient(client_id="portal", client_secret="s3cret", redirect_uris=(REDIRECT,), post_logout_redirect_uris=("http://localhost:9/utlogget",), frontchannel_logout_uri="http://localhost:9/auth/frontchannel-logout")
    sim = IdPortenSimulator(issuer, [client])
    server = uvicorn.Server(uvicorn.Config(sim.asgi_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield sim
    server.should_exit = True
    thread.join(5)


@pytest.fixture
def idp(simulator):
    simulator.misbehave.__init__()  # every test starts with an honest IdP, on the real clock
    simulator.clock = SystemClock()
    simulator.clients["portal"].auth_method = "client_secret_basic"
    return simulator


def make_client(sim: IdPortenSimulator, **overrides) -> IdPortenClient:
    options = dict(
        issuer=sim.issuer, client_id="portal", client_secret="s3cret", auth_method="client_secret_basic", redirect_uri=REDIRECT, post_logout_redirect_uri="http://localhost:9/utlogget", acr_values="idporten-loa-substantial", clock=SystemClock()
    )
    options.update(overrides)
    return IdPortenClient(**options)


def authorize(url: str, pid: str | None = None, action: str | None = None, http: httpx.Client | None = None) -> dict[str, str]:
    """Play the user at the simulator's picker; returns the callback's query parameters. `http`: a browser that
    keeps the simulator's single sign-on cookie between logins (a fresh one otherwise)."""
    browser = http or httpx.Client()
    page = browser.get(url)
    txn = re.search(r'name="txn" value="([^"]+)"', page.text)
    assert txn, page.text
    form = {"txn": txn.group(1)}
    if action == "cancel":
        form["action"] = "cancel"
    else:
        form["pid"] = pid or TEST_PERSONS[0][0]
    done = browser.post(url.split("/authorize")[0] + "/authorize/complete", data=form)
    assert done.status_code == 303, done.text
    if http is None:
        browser.close()
    return {k: v[0] for k, v in parse_qs(urlsplit(done.headers["location"]).query).items()}
