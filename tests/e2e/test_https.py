"""The scaled pass behind the TLS proxy (nginx, a CA made for the run): the session cookie is __Host-, Secure and
HttpOnly, the live connection is wss://, every response carries HSTS, and a passkey is made and used on the https
origin. On the embedded stack (http on localhost) there is nothing of this to check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from .conftest import SIZES
from .journeys import log_out
from .test_passkey_journey import NO_AUTOFILL, VirtualAuthenticator, confirmed_person, create_passkey

pytestmark = [pytest.mark.e2e, pytest.mark.passkeys]


@pytest.fixture
def behind_tls(portal):
    if portal.ca_file is None:
        pytest.skip("the embedded stack serves http on localhost; the scaled pass runs behind the TLS proxy")
    return portal


def test_the_session_cookie_is_host_prefixed_secure_and_http_only_and_the_socket_is_wss(behind_tls, browser: Browser) -> None:
    portal = behind_tls
    context = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    page = context.new_page()
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    try:
        response = page.goto(portal.url + "/")
        assert response is not None and response.url.startswith("https://localhost/")
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert page.evaluate("window.isSecureContext") is True
        confirmed_person(portal, page, "desktop", "tls.sjekk@tromso.kommune.no", "Tilde Tls")
        [session] = [c for c in context.cookies() if c["name"].endswith("hc_session")]
        assert session["name"] == "__Host-hc_session"
        assert session["secure"] and session["httpOnly"]
        assert session["path"] == "/" and session["domain"] == "localhost"  # host-only: no Domain attribute
        assert sockets and all(url.startswith("wss://localhost/_event") for url in sockets)
        assert page.evaluate("document.cookie").find("hc_session") == -1  # not readable from script
    finally:
        context.close()


def test_a_passkey_is_created_and_used_on_the_https_origin(behind_tls, browser: Browser) -> None:
    portal = behind_tls
    context = browser.new_context(viewport=SIZES["mobile"], locale="nb-NO")
    page = context.new_page()
    try:
        page.add_init_script(NO_AUTOFILL)
        authenticator = VirtualAuthenticator(page)
        confirmed_person(portal, page, "mobile", "tls.nokkel@tromso.kommune.no", "Tor Tls")
        create_passkey(portal, page)
        [credential] = authenticator.credentials()
        assert credential["rpId"] == "localhost"
        log_out(page, "mobile")
        page.goto(portal.url + "/logg-inn")
        page.get_by_role("button", name="Logg inn med passnøkkel").click()
        expect(page.get_by_role("heading", name="Tromsø kommune", level=1)).to_be_visible()
        assert page.url.startswith("https://localhost/")
    finally:
        context.close()
