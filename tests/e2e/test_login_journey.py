"""The guide's steps 1–4 in a browser: ID-porten (simulator) → registration → code by e-mail → confirmed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, shot
from .journeys import log_out, login_new_person, register

pytestmark = pytest.mark.e2e


def test_first_login_registration_and_confirmation(portal, page, size) -> None:
    login_new_person(portal, page, size)
    shot(page, "registrer", size)
    assert_accessible(page)
    address = f"kari.{size}@tromso.kommune.no"
    register(page, "   ", address)  # passes the browser's required check; the server refuses it
    expect(page.get_by_role("alert")).to_contain_text("Skriv inn fullt navn")
    expect(page.get_by_label("Jobb-e-post")).to_have_value(address)  # nothing typed is lost
    page.get_by_label("Jobb-e-post").fill(f"kari.{size}@gmail.com")
    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_role("button", name="Send engangskode").click()
    expect(page.get_by_text("Dette ser ut som en privat e-postadresse")).to_be_visible()
    register(page, "Kari Nordmann", address)
    expect(page.get_by_role("heading", name="Bekreft e-postadressen din", level=1)).to_be_visible()
    expect(page.locator("#code-recipient")).to_have_text(address)
    expect(page.get_by_text("E-posten ligger i spam/karantene-mappen.")).to_be_visible()
    shot(page, "bekreft-epost", size)
    assert_accessible(page)
    code = portal.latest_code(page, address)
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Engangskode (6 siffer)").fill(wrong)
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Koden stemmer ikke")
    expect(page.get_by_role("alert")).to_contain_text("4 forsøk igjen")
    page.get_by_label("Engangskode (6 siffer)").fill(code)
    page.get_by_role("button", name="Bekreft", exact=True).click()
    # tromso.kommune.no is Tromsø kommune's domain: linked at once, and (her only group) it opens by itself
    expect(page.get_by_role("heading", name="Tromsø kommune", level=1)).to_be_visible()
    expect(page.get_by_text(f"Adressen {address} er bekreftet, og du er nå medlem av Tromsø kommune.")).to_be_visible()
    expect(page.locator("#membership-basis")).to_contain_text(f"automatisk via {address}")
    expect(page.get_by_role("heading", name="Tjenester", exact=True)).to_be_visible()
    [*_, mail] = portal.mails(address, "Bekreft din e-postadresse")
    assert f"{portal.url}/bekreft-epost?e=" in mail.text  # the code e-mail leads back to the page that asks for it
    shot(page, "medlemsgruppe", size)
    assert_accessible(page)
    page.goto(portal.url + "/logg-inn")
    expect(page.locator("#already-logged-in")).to_have_text("Du er allerede logget inn som Kari Nordmann.")
    expect(page.get_by_role("link", name="Fortsett med ID-porten", exact=True)).to_have_count(0)
    shot(page, "logg-inn-allerede", size)
    assert_accessible(page)
    page.goto(portal.url + "/min-profil")
    expect(page.get_by_role("heading", name="Min profil", level=1)).to_be_visible()
    expect(page.get_by_text("bekreftet", exact=True)).to_be_visible()
    shot(page, "min-profil", size)
    assert_accessible(page)


def test_expired_code_then_new_code(portal, page, size) -> None:
    login_new_person(portal, page, size)
    address = f"ola.{size}@bergen.kommune.no"
    register(page, "Ola Nordmann", address)
    expect(page.locator("#code-recipient")).to_have_text(address)
    expect(page.get_by_role("button", name="Send ny kode")).to_be_disabled()  # cooldown
    old = portal.latest_code(page, address)
    expect(page.locator("#valid-until")).to_be_visible()
    portal.move_clock(11 * 60)
    try:
        # said while the page is open, by the portal's clock, before anyone tries the code
        expect(page.locator("#code-expired")).to_contain_text("Koden du fikk har gått ut")
        expect(page.locator("#valid-until")).to_have_count(0)
        expect(page.get_by_role("button", name="Send ny kode")).to_be_enabled()  # the countdown follows the same clock
        page.get_by_label("Engangskode (6 siffer)").fill(old)
        page.get_by_role("button", name="Bekreft", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Koden er utløpt")
        page.reload()
        expect(page.locator("#code-recipient")).to_have_text(address)
        expect(page.locator("#code-expired")).to_be_visible()  # and after a reload
        expect(page.locator("#valid-until")).to_have_count(0)
        page.get_by_role("button", name="Send ny kode").click()
        expect(page.get_by_text("Vi har sendt en ny kode")).to_be_visible()
        new = portal.latest_code(page, address)
        page.get_by_label("Engangskode (6 siffer)").fill(new)
        page.get_by_role("button", name="Bekreft", exact=True).click()
        expect(page.get_by_text(f"Adressen {address} er bekreftet, og du er nå medlem av Bergen kommune.")).to_be_visible()
    finally:
        portal.move_clock(-11 * 60)


def test_logout_ends_both_sessions_and_cancel_is_explained(portal, page, size) -> None:
    login_new_person(portal, page, size)
    page.goto(portal.url + "/auth/logout")  # a logout link without the session's proof (a cross-site link) does nothing
    page.goto(portal.url + "/registrer")
    expect(page.get_by_role("heading", name="Registrer profilen din", level=1)).to_be_visible()
    log_out(page, size)
    expect(page.locator("#logged-out-text")).to_have_text("Du er logget ut av medlemsportalen og ID-porten.")
    page.goto(portal.url + "/min-profil")
    expect(page.get_by_role("heading", name="Velg innloggingsmetode", level=1)).to_be_visible()
    page.get_by_role("link", name="Fortsett med ID-porten", exact=True).click()
    expect(page.get_by_role("heading", name="Velg testperson")).to_be_visible()  # logged out at the IdP too
    page.get_by_role("button", name="Avbryt innloggingen").click()
    expect(page.get_by_role("alert")).to_contain_text("Du avbrøt innloggingen i ID-porten")
    expect(page).to_have_url(re.compile(r"/innlogging-feilet"))


def test_protected_pages_send_anonymous_visitors_to_login(portal, page) -> None:
    for path in ("/registrer", "/bekreft-epost", "/min-profil", "/medlemsgrupper", "/medlemsgruppe?g=x", "/administrer", "/drift"):
        page.goto(portal.url + path)
        expect(page.get_by_role("heading", name="Velg innloggingsmetode", level=1)).to_be_visible()


def test_used_up_code_while_the_resend_button_still_counts_down_says_to_wait(portal, page, size) -> None:
    login_new_person(portal, page, size)
    address = f"vent.{size}@bergen.kommune.no"
    register(page, "Vent Litt", address)
    code = portal.latest_code(page, address)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(6):  # the code is used up after five wrong tries, well inside the 60 s before a new one may be sent
        page.get_by_label("Engangskode (6 siffer)").fill(wrong)
        page.get_by_role("button", name="Bekreft", exact=True).click()
        expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("button", name="Send ny kode")).to_be_disabled()
    expect(page.get_by_role("alert")).to_contain_text("når nedtellingen under er ferdig")
    expect(page.get_by_role("alert")).not_to_contain_text("Trykk «Send ny kode»")
