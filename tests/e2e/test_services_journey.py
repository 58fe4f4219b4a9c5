"""Issue 16's whole loop in a browser, with the demo back-end that the embedded defaults run beside the portal:
a member opens a service from the group page and arrives logged in there (no second ID-porten login), with the
memberships in the claims; an administrator removes the membership and the next token lacks it; the member logs out
of the portal and the back-end's session is gone (back-channel logout). Also the new pages at both sizes."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, expect

from helsecert_portal.core.settings import SIMULATOR_PATH
from tests.e2e.raw import unique

from .conftest import NO_SIDEWAYS_SCROLL, SIZES, assert_accessible, shot
from .journeys import confirmed_member, log_out, login_demo_admin

pytestmark = pytest.mark.e2e
SERVICE = "Demotjeneste (utvikling)"


def demo_url(portal) -> str:
    return json.loads((portal.local_dir / "demo-backend.json").read_text())["base_url"]


def also_member_of(portal, address: str, group: str) -> None:
    """A second membership (as an operator would add it), so the test can see one go and the other stay."""
    from sqlalchemy import create_engine, text

    engine = create_engine(portal.database_url)
    try:
        with engine.begin() as conn:
            person = conn.execute(text("SELECT person_id FROM email_address WHERE address = :a"), {"a": address}).scalar_one()
            org = conn.execute(text("SELECT id FROM organisation WHERE name = :n"), {"n": group}).scalar_one()
            conn.execute(text("INSERT INTO membership (id, person_id, organisation_id, source, created_at) VALUES (:i, :p, :o, 'operator', :t)"),
                         {"i": uuid.uuid4().hex, "p": person, "o": org, "t": datetime.now(UTC)})
    finally:
        engine.dispose()


def looked_at(page: Page, name: str, size: str) -> None:
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways at {size}"
    shot(page, name, size)
    assert_accessible(page)


def test_a_member_opens_a_service_logged_in_and_loses_it_with_the_membership_and_the_logout(portal, browser: Browser, page: Page, size: str) -> None:
    if portal.stack != "embedded":
        pytest.skip("the demo back-end runs with the embedded defaults")
    name, address = "Kari " + unique("Tjeneste").capitalize(), unique("kari.") + "@oslo.kommune.no"
    confirmed_member(portal, page, size, address, name, "Oslo kommune")
    expect(page.get_by_role("heading", name="Oslo kommune", level=1)).to_be_visible()
    also_member_of(portal, address, "Bergen kommune")
    services = page.locator(".service-list")
    expect(services.get_by_role("link", name=SERVICE)).to_be_visible()
    expect(services).to_contain_text("Du logges inn med medlemsportalen.")
    idporten = []
    page.on("request", lambda request: idporten.append(request.url) if SIMULATOR_PATH + "/authorize" in request.url else None)
    services.get_by_role("link", name=SERVICE).click()

    # first use: the portal says what the back-end will receive, once
    expect(page.get_by_role("heading", name=f"Logg inn i {SERVICE}", level=1)).to_be_visible()
    expect(page.get_by_text("medlemsgruppene dine med organisasjonsnummer og rolle")).to_be_visible()
    looked_at(page, "op-samtykke", size)
    page.get_by_role("link", name="Godta og fortsett").click()
    expect(page.locator("#logged-in")).to_be_visible()
    assert page.url.startswith(demo_url(portal)) and idporten == []  # single sign-on: no second ID-porten login
    expect(page.locator("main")).to_contain_text(name)
    expect(page.locator("main")).to_contain_text(address)
    expect(page.locator("#memberships")).to_contain_text("Oslo kommune")
    expect(page.locator("#memberships")).to_contain_text("Bergen kommune")
    looked_at(page, "demotjeneste", size)

    # the group's administrator removes the membership; the back-end's next token no longer has it
    admin = browser.new_context(viewport=SIZES[size], locale="nb-NO").new_page()
    login_demo_admin(portal, admin, size)
    admin.goto(portal.url + "/administrer")
    row = admin.locator("li").filter(has_text=name).filter(has=admin.get_by_role("button", name=re.compile("^Fjern fra gruppen")))
    row.get_by_role("button", name=re.compile("^Fjern fra gruppen")).click()
    admin.get_by_role("button", name=re.compile("^Bekreft fjerning av")).click()
    expect(admin.get_by_text("Medlemmet er fjernet.")).to_be_visible()
    admin.context.close()
    page.get_by_role("button", name="Hent opplysningene på nytt").click()
    expect(page.get_by_text("Opplysningene er hentet på nytt fra medlemsportalen")).to_be_visible()
    expect(page.locator("#memberships")).to_contain_text("Bergen kommune")
    expect(page.locator("#memberships")).not_to_contain_text("Oslo kommune")

    # «Tilkoblede tjenester» in «Min profil» lists the back-end
    page.goto(portal.url + "/min-profil")
    expect(page.locator("#connected-services")).to_contain_text(SERVICE)

    # logging out of the portal ends the back-end's session too (back-channel logout, verified there)
    log_out(page, size)
    page.goto(demo_url(portal) + "/")
    expect(page.get_by_role("link", name="Logg inn med medlemsportalen")).to_be_visible()
    expect(page.locator("#logged-in")).to_have_count(0)


def test_the_services_pages_at_both_sizes(portal, page: Page, size: str) -> None:
    login_demo_admin(portal, page, size)
    page.goto(portal.url + "/tjenester")
    expect(page.get_by_role("heading", name="Tjenester", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=SERVICE) if portal.stack == "embedded" else page.get_by_text("Ingen tjenester er åpne for deg ennå.")).to_be_visible()
    looked_at(page, "tjenester", size)
    page.goto(portal.url + "/drift/tjenester")
    expect(page.get_by_role("heading", name="Baksystemer", level=2)).to_be_visible()
    looked_at(page, "drift-tjenester", size)

    # register a back-end by keyboard alone: a bad redirect address is refused by field and nothing typed is lost
    client_id = unique("saksbehandling-")
    page.get_by_role("button", name="Registrer baksystem").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Klient-ID").fill(client_id)
    name = f"Saksbehandling for kommunene i Vestland og Trøndelag ({client_id})"
    page.get_by_label("Navn (vises for medlemmene)").fill(name)
    page.get_by_label("Adresser for svar (én per linje)").fill("http://sak.example.no/callback")
    page.locator("#save-client").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("adresser for svar")
    expect(page.get_by_label("Klient-ID")).to_have_value(client_id)
    looked_at(page, "drift-tjenester-feil", size)
    page.get_by_label("Adresser for svar (én per linje)").fill("https://sak.example.no/callback")
    page.locator("#save-client").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Baksystemet er registrert.")).to_be_visible()
    secret = page.locator("#client-secret").inner_text()
    assert len(secret) >= 32
    expect(page.get_by_text(f"Klienthemmeligheten for {name}. Den vises bare denne ene gangen")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Baksystemer", level=2)).to_be_visible()
    assert secret not in page.content()  # shown once

    # renewing the secret and closing the back-end take effect at once: each is asked first, and can be cancelled
    page.get_by_role("button", name=f"Lag ny klienthemmelighet for {name}").click()
    expect(page.locator("#confirm-action")).to_be_focused()
    page.keyboard.press("Enter")
    renewed = page.locator("#client-secret").inner_text()
    assert len(renewed) >= 32 and renewed != secret
    page.get_by_role("button", name=f"Steng for innlogging: {name}").click()
    expect(page.get_by_text("Alle som er logget inn i baksystemet, logges ut")).to_be_visible()
    page.get_by_role("button", name="Avbryt").click()
    expect(page.get_by_role("heading", name=f"{name} (stengt)")).to_have_count(0)
    page.get_by_role("button", name=f"Steng for innlogging: {name}").click()
    looked_at(page, "drift-tjenester-steng", size)
    page.get_by_role("button", name="Ja, steng for innlogging").click()
    expect(page.get_by_role("heading", name=f"{name} (stengt)")).to_be_visible()
    expect(page.get_by_role("button", name=f"Åpne igjen: {name}")).to_be_visible()


def test_logging_out_at_the_back_end_ends_the_portal_and_id_porten_sessions_and_returns_there(portal, page: Page, size: str) -> None:
    """RP-initiated logout: the demo back-end's «Logg ut» goes through the portal's end_session endpoint, which ends
    the portal session and ID-porten's (so the next person at this screen must choose who they are), then comes back."""
    if portal.stack != "embedded":
        pytest.skip("the demo back-end runs with the embedded defaults")
    name, address = "Ola " + unique("Utlogging").capitalize(), unique("ola.") + "@oslo.kommune.no"
    confirmed_member(portal, page, size, address, name, "Oslo kommune")
    page.goto(demo_url(portal) + "/login")
    page.get_by_role("link", name="Godta og fortsett").click()
    expect(page.locator("#logged-in")).to_be_visible()

    # «Tilkoblede tjenester»: withdrawing the consent logs the person out of the back-end, and it is asked again
    page.goto(portal.url + "/min-profil")
    page.get_by_role("button", name=f"Trekk tilbake samtykket til {SERVICE}").click()
    expect(page.get_by_text(f"Samtykket til {SERVICE} er trukket tilbake")).to_be_visible()
    expect(page.locator("#connected-services")).to_have_count(0)
    looked_at(page, "min-profil-tilkoblede", size)
    for _ in range(40):  # the back-end is told right after the answer (not awaited by it): look again for a while
        page.goto(demo_url(portal) + "/")
        if page.get_by_role("link", name="Logg inn med medlemsportalen").count():
            break
        page.wait_for_timeout(250)
    expect(page.get_by_role("link", name="Logg inn med medlemsportalen")).to_be_visible()  # told by back-channel logout
    page.get_by_role("link", name="Logg inn med medlemsportalen").click()
    page.get_by_role("link", name="Godta og fortsett").click()  # asked again
    expect(page.locator("#logged-in")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn med medlemsportalen")).to_be_visible()
    assert page.url.rstrip("/") == demo_url(portal)  # back at the back-end's registered post-logout address
    page.goto(portal.url + "/min-profil")
    expect(page.get_by_role("heading", name="Velg innloggingsmetode", level=1)).to_be_visible()  # the portal session is gone
    expect(page.get_by_role("link", name="Fortsett med ID-porten", exact=True)).not_to_have_attribute("href", re.compile("prompt"))
    page.goto(portal.url + "/logg-inn?" + urlencode({"neste": "/op/fortsett/x", "prompt": "login"}))  # a back-end asked for a fresh login
    expect(page.get_by_role("link", name="Fortsett med ID-porten", exact=True)).to_have_attribute("href", re.compile(r"prompt=login"))
    page.get_by_role("link", name="Fortsett med ID-porten", exact=True).click()
    expect(page.get_by_role("heading", name="Velg testperson")).to_be_visible()  # and ID-porten's: no silent login as Ola
