"""Passkeys in Chromium with a CDP virtual authenticator: create after ID-porten, log in with the
button and by autofill, delete, and user verification failing."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import SIZES, assert_accessible, shot
from .journeys import log_out, login_new_person, register

pytestmark = [pytest.mark.e2e, pytest.mark.passkeys]


class VirtualAuthenticator:
    """Chromium's virtual platform authenticator (CTAP2, internal, resident keys, user verification)."""

    def __init__(self, page: Page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable")
        self.id = self.cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )["authenticatorId"]

    def credentials(self) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})["credentials"]

    def user_verified(self, verified: bool) -> None:
        self.cdp.send("WebAuthn.setUserVerified", {"authenticatorId": self.id, "isUserVerified": verified})


def confirmed_person(portal, page: Page, size: str, address: str, name: str) -> str:
    pid = login_new_person(portal, page, size)
    register(page, name, address)
    expect(page.locator("#code-recipient")).to_have_text(address)
    page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, address))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_text(f"Adressen {address} er bekreftet")).to_be_visible()
    return pid


def create_passkey(portal, page: Page) -> None:
    page.goto(portal.url + "/min-profil")
    expect(page.get_by_role("heading", name="Passnøkler")).to_be_visible()
    page.get_by_role("button", name="Opprett passnøkkel").click()
    expect(page.get_by_text("er opprettet")).to_be_visible()


NO_AUTOFILL = "PublicKeyCredential.isConditionalMediationAvailable = async () => false;"


@pytest.fixture
def context_page(browser: Browser, size: str):
    context = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    yield context.new_page()
    context.close()


def test_create_passkey_then_log_in_with_the_button(portal, context_page: Page, size: str) -> None:
    page = context_page
    page.add_init_script(NO_AUTOFILL)  # a browser without autofill for passkeys: the button is the way in
    authenticator = VirtualAuthenticator(page)
    confirmed_person(portal, page, size, f"nora.{size}@tromso.kommune.no", "Nora Nøkkel")
    create_passkey(portal, page)
    expect(page.locator("#passkeys")).to_contain_text("kun denne enheten")
    expect(page.locator("#passkeys")).to_contain_text("Sist brukt aldri")
    [credential] = authenticator.credentials()
    assert credential["isResidentCredential"]
    shot(page, "min-profil-passnokler", size)
    assert_accessible(page)
    log_out(page, size)
    page.goto(portal.url + "/logg-inn")
    shot(page, "logg-inn-passnokkel", size)
    page.get_by_role("button", name="Logg inn med passnøkkel").click()
    expect(page.get_by_role("heading", name="Tromsø kommune", level=1)).to_be_visible()  # the same person, in her only group
    log_out(page, size)
    expect(page.locator("#logged-out-text")).to_have_text("Du er logget ut av medlemsportalen.")  # a passkey session: ID-porten was never part of it
    page.goto(portal.url + "/logg-inn")
    page.get_by_role("button", name="Logg inn med passnøkkel").click()
    expect(page.get_by_role("heading", name="Tromsø kommune", level=1)).to_be_visible()
    page.goto(portal.url + "/min-profil")
    expect(page.locator("#passkeys")).not_to_contain_text("Sist brukt aldri")
    expect(page.get_by_text("Av sikkerhetshensyn kan du bare opprette en passnøkkel")).to_be_visible()  # a passkey login is not ID-porten


def test_autofill_logs_in_when_the_page_opens(portal, browser: Browser) -> None:
    context = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    page = context.new_page()
    try:
        VirtualAuthenticator(page)
        confirmed_person(portal, page, "desktop", "auto.fyll@bergen.kommune.no", "Auto Fyll")
        create_passkey(portal, page)
        log_out(page, "desktop")
        page.goto(portal.url + "/logg-inn")  # the conditional request is answered by the authenticator, as if picked from the field
        expect(page.get_by_role("heading", name="Bergen kommune", level=1)).to_be_visible()
    finally:
        context.close()


def test_deleted_passkey_and_missing_user_verification_are_refused_with_a_way_forward(portal, browser: Browser) -> None:
    context = browser.new_context(viewport=SIZES["mobile"], locale="nb-NO")
    page = context.new_page()
    page.add_init_script(NO_AUTOFILL)
    try:
        authenticator = VirtualAuthenticator(page)
        pid = confirmed_person(portal, page, "mobile", "slett.meg@ous-hf.no", "Slett Meg")
        create_passkey(portal, page)
        page.get_by_role("button", name="Gi nytt navn: Passnøkkel").click()
        page.get_by_label("Navn på passnøkkelen").fill("Jobbtelefon")
        page.get_by_role("button", name="Lagre navnet på passnøkkelen").click()
        expect(page.locator("#passkeys")).to_contain_text("Jobbtelefon")

        authenticator.user_verified(False)
        log_out(page, "mobile")
        page.goto(portal.url + "/logg-inn")
        page.get_by_role("button", name="Logg inn med passnøkkel").click()
        expect(page.get_by_role("alert")).to_contain_text("ikke bekreftet (for eksempel uten PIN")
        expect(page.locator("#passkey-fallback")).to_be_visible()
        shot(page, "logg-inn-passnokkel-feil", "mobile")
        assert_accessible(page)

        authenticator.user_verified(True)
        page.locator("#passkey-fallback").click()  # ID-porten is the backup, right there
        page.get_by_label("Fødselsnummer (11 siffer)").fill(pid)
        page.get_by_role("button", name="Logg inn med dette nummeret").click()
        expect(page.get_by_role("heading", name="Oslo universitetssykehus HF", level=1)).to_be_visible()
        page.goto(portal.url + "/min-profil")
        expect(page.locator("#passkeys")).to_contain_text("Jobbtelefon")
        [kept] = authenticator.credentials()
        page.get_by_role("button", name="Slett: Jobbtelefon").click()
        page.get_by_role("button", name="Ja, slett passnøkkelen").click()
        expect(page.get_by_text("Passnøkkelen er slettet")).to_be_visible()
        # The page then tells the authenticator which keys are still accepted (Signal API), a moment later: wait for it,
        # then put the key back, as another device of hers would still have it.
        deadline = time.monotonic() + 3
        while authenticator.credentials() and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        log_out(page, "mobile")
        if not authenticator.credentials():
            authenticator.cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator.id, "credential": kept})
        page.goto(portal.url + "/logg-inn")
        page.get_by_role("button", name="Logg inn med passnøkkel").click()
        expect(page.get_by_role("alert")).to_contain_text("ikke (lenger) registrert")
        expect(page.locator("#passkey-fallback")).to_be_visible()
    finally:
        context.close()


def test_a_browser_without_webauthn_is_told_and_offered_id_porten(portal, browser: Browser) -> None:
    context = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    page = context.new_page()
    page.add_init_script("delete window.PublicKeyCredential;")
    try:
        page.goto(portal.url + "/logg-inn")
        page.get_by_role("button", name="Logg inn med passnøkkel").click()
        expect(page.get_by_role("alert")).to_contain_text("støtter ikke passnøkler")
        page.locator("#passkey-fallback").click()
        expect(page.get_by_role("heading", name="Velg testperson")).to_be_visible()
    finally:
        context.close()


def test_a_ticket_minted_by_an_attacker_does_not_log_the_victim_into_the_attackers_account(portal, browser: Browser) -> None:
    """Issue 11, finding 2 (login CSRF): the attacker runs a real passkey ceremony on their own account, keeps
    the ticket instead of redeeming it, and gets the victim to open the link. The victim stays herself."""
    attacker_ctx = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    victim_ctx = browser.new_context(viewport=SIZES["mobile"], locale="nb-NO")
    try:
        attacker = attacker_ctx.new_page()
        attacker.add_init_script(NO_AUTOFILL)
        VirtualAuthenticator(attacker)
        confirmed_person(portal, attacker, "desktop", "angriper.csrf@konsulent-eksempel.no", "Angrip Angripersen")
        create_passkey(portal, attacker)
        log_out(attacker, "desktop")
        attacker.route("**/auth/passkey?billett=*", lambda route: route.abort())  # kept, not redeemed
        attacker.goto(portal.url + "/logg-inn")
        with attacker.expect_request("**/auth/passkey?billett=*") as ticket_request:
            attacker.get_by_role("button", name="Logg inn med passnøkkel").click()
        captured = [ticket_request.value.url]

        victim = victim_ctx.new_page()
        confirmed_person(portal, victim, "mobile", "offer.csrf@tromso.kommune.no", "Offer Offersen")
        victim.goto(captured[0])  # a top-level GET from a link the attacker sent
        expect(victim.get_by_role("heading", name="Innloggingen ble ikke fullført", level=1)).to_be_visible()
        victim.goto(portal.url + "/medlemsgrupper")
        expect(victim.locator("#memberships")).to_contain_text("Tromsø kommune")  # still her own session
        expect(victim.locator("body")).not_to_contain_text("Angrip Angripersen")
    finally:
        attacker_ctx.close()
        victim_ctx.close()
