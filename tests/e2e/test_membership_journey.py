"""Guide step 5 in two browsers: search, request, the administrator's live dashboard, the decision.

The person uses a phone-sized window and the administrator a desktop one, so both layouts are
exercised; neither page is reloaded while the other acts.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from helsecert_portal.domain.organisations import search_key

from .conftest import SIZES, assert_accessible, shot
from .journeys import confirmed_person_without_group, log_out, login_demo_admin

pytestmark = pytest.mark.e2e
LIVE_TIMEOUT_MS = 2000  # the promise: a new request shows on an open dashboard within 2 s


def mark_no_reload(page: Page) -> None:
    page.evaluate("window.__stillHere = true")


def badge_count(page: Page) -> int:
    badge = page.locator(".admin-badge:visible")
    return int(badge.inner_text().split()[0]) if badge.count() else 0


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__stillHere === true")


@pytest.fixture
def two_windows(browser: Browser):
    person = browser.new_context(viewport=SIZES["mobile"], locale="nb-NO")
    admin = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    yield person.new_page(), admin.new_page()
    person.close()
    admin.close()


def test_request_reaches_the_live_dashboard_and_the_approval_reaches_the_person(portal, two_windows) -> None:
    person, admin = two_windows
    other = portal.instance(-1)  # on the scaled stack: another portal instance, so another backend process
    login_demo_admin(other, admin, "desktop")
    admin.goto(other.url + "/administrer")
    expect(admin.get_by_role("heading", name="Oslo kommune", level=2)).to_be_visible()
    waiting_before = badge_count(admin)  # the demo administrator is an operator too: other tests' requests to the CERT count
    mark_no_reload(admin)

    confirmed_person_without_group(portal, person, "mobile", "per.soker@konsulenthuset.no", "Per Søker")
    person.get_by_label("Navn eller organisasjonsnummer").fill("oslo kom")
    expect(person.locator("#search-count")).to_contain_text("Fant")
    first = person.locator("li.hit").first
    expect(first).to_contain_text("Oslo kommune")
    shot(person, "medlemsgrupper-sok", "mobile")
    assert_accessible(person)
    first.get_by_role("button", name="Be om medlemskap: Oslo kommune").click()
    person.get_by_label("Melding til administratorene (valgfritt)").fill("Jeg er innleid i <b>Bydel Frogner</b>.")
    mark_no_reload(person)
    person.get_by_role("button", name="Send forespørsel").click()
    expect(person.get_by_text("Forespørselen er sendt til administratorene av Oslo kommune")).to_be_visible()
    expect(person.locator("#requests")).to_contain_text("venter")

    request = admin.locator("#pending li").filter(has_text="Per Søker")
    expect(request).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(request).to_contain_text("Jeg er innleid i <b>Bydel Frogner</b>.")  # shown as text, never as markup
    expect(admin.locator(".admin-badge:visible")).to_have_text(f"{waiting_before + 1} forespørsler venter")
    assert_not_reloaded(admin)
    shot(admin, "administrer", "desktop")
    assert_accessible(admin)

    request.get_by_role("button", name="Godkjenn: Per Søker").click()
    expect(admin.get_by_text("Forespørselen er godkjent")).to_be_visible()
    expect(admin.locator("#members")).to_contain_text("Per Søker")
    expect(person.locator("#memberships")).to_contain_text("Oslo kommune", timeout=LIVE_TIMEOUT_MS)
    expect(person.locator("#memberships")).to_contain_text("godkjent forespørsel")
    expect(person.locator("#requests")).to_contain_text("godkjent")
    assert_not_reloaded(person)
    expect(admin.locator("#audit-heading + div")).to_contain_text("Forespørsel godkjent")

    [mail] = portal.mails("per.soker@konsulenthuset.no", "Svar på forespørselen om medlemskap")
    assert "er godkjent" in mail.text and "Oslo kommune" in mail.text


def test_deny_with_reason_and_withdraw(portal, two_windows) -> None:
    person, admin = two_windows
    other = portal.instance(-1)
    login_demo_admin(other, admin, "desktop")
    admin.goto(other.url + "/administrer")
    confirmed_person_without_group(portal, person, "mobile", "lise.lund@vikarbyraa.no", "Lise Lund")
    # Bergen kommune has no administrator in the portal: its request goes to the CERT
    for query, name, sent_to in (("oslo kommune", "Oslo kommune", "administratorene av Oslo kommune"), ("964338531", "Bergen kommune", "Helse- og KommuneCERT")):
        person.get_by_label("Navn eller organisasjonsnummer").fill(query)
        hit = person.locator("li.hit").filter(has_text=name).first
        hit.get_by_role("button", name=f"Be om medlemskap: {name}").click()
        person.get_by_role("button", name="Send forespørsel").click()
        expect(person.get_by_text(f"sendt til {sent_to}")).to_be_visible()
    person.get_by_role("button", name="Trekk forespørselen: Bergen kommune").click()
    expect(person.get_by_text("Forespørselen er trukket.")).to_be_visible()
    expect(person.locator("#requests li").filter(has_text="Bergen kommune")).to_contain_text("trukket")

    request = admin.locator("#pending li").filter(has_text="Lise Lund")
    expect(request).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(admin.locator("#pending li").filter(has_text="Bergen kommune")).to_have_count(0)  # not this admin's group
    request.get_by_role("button", name="Avslå: Lise Lund").click()
    admin.get_by_role("button", name="Avslå forespørselen").click()  # empty reason: the browser asks first
    admin.get_by_label("Begrunnelse for avslaget (vises for søkeren)").fill("   ")
    admin.get_by_role("button", name="Avslå forespørselen").click()
    expect(admin.get_by_role("alert")).to_contain_text("Skriv en begrunnelse for avslaget")
    admin.get_by_label("Begrunnelse for avslaget (vises for søkeren)").fill("Du står ikke i vår ansattliste.")
    admin.get_by_role("button", name="Avslå forespørselen").click()
    expect(admin.get_by_text("Forespørselen er avslått")).to_be_visible()
    oslo = person.locator("#requests li").filter(has_text="Oslo kommune")
    expect(oslo).to_contain_text("avslått", timeout=LIVE_TIMEOUT_MS)
    expect(oslo).to_contain_text("Du står ikke i vår ansattliste.")
    shot(person, "medlemsgrupper-avslatt", "mobile")


@pytest.mark.parametrize("size", list(SIZES))
def test_operator_pages_are_accessible(portal, browser: Browser, size: str) -> None:
    context = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    page = context.new_page()
    try:
        login_demo_admin(portal, page, size)
        page.goto(portal.url + "/administrer")
        expect(page.get_by_role("heading", name="Oslo kommune", level=2)).to_be_visible()
        shot(page, "administrer-tom", size)
        assert_accessible(page)
        page.goto(portal.url + "/drift")
        expect(page.get_by_role("heading", name="CERT-drift", level=1)).to_be_visible()
        page.get_by_label("Navn eller organisasjonsnummer").fill("tromsø")
        page.get_by_role("button", name="Rediger: Tromsø kommune").click()
        expect(page.locator("#domains")).to_contain_text("tromso.kommune.no")
        page.get_by_label("Nytt domene (for eksempel tromso.kommune.no)").fill("gmail.com")
        page.get_by_role("button", name="Registrer domenet").click()
        expect(page.get_by_role("alert")).to_contain_text("Private e-posttjenester")
        shot(page, "drift", size)
        assert_accessible(page)
    finally:
        context.close()


def test_bulk_approve_by_keyboard(portal, browser: Browser) -> None:
    contexts = [browser.new_context(viewport=SIZES["desktop"], locale="nb-NO") for _ in range(3)]
    admin, *people = [c.new_page() for c in contexts]
    try:
        login_demo_admin(portal, admin, "desktop")
        admin.goto(portal.url + "/administrer")
        names = ["Anne Bulk", "Bjørn Bulk"]
        for page, name in zip(people, names, strict=False):
            confirmed_person_without_group(portal, page, "desktop", f"{search_key(name.split()[0])}@bulkfirma.no", name)
            page.get_by_label("Navn eller organisasjonsnummer").fill("958935420")
            page.get_by_role("button", name="Be om medlemskap: Oslo kommune").click()
            page.get_by_role("button", name="Send forespørsel").click()
            expect(page.get_by_text("Forespørselen er sendt")).to_be_visible()
        for name in names:
            box = admin.get_by_role("checkbox", name=name)
            expect(box).to_be_visible(timeout=LIVE_TIMEOUT_MS)
            box.focus()
            admin.keyboard.press("Space")
            expect(box).to_be_checked()
        admin.get_by_role("button", name="Godkjenn valgte").focus()
        admin.keyboard.press("Enter")
        expect(admin.get_by_text("2 forespørsler er godkjent.")).to_be_visible()
        for page in people:
            expect(page.locator("#memberships")).to_contain_text("Oslo kommune", timeout=LIVE_TIMEOUT_MS)
    finally:
        for c in contexts:
            c.close()


def test_logout_clears_the_administrator_links_and_data_in_the_same_tab(portal, browser: Browser) -> None:
    contexts = [browser.new_context(viewport=SIZES["desktop"], locale="nb-NO") for _ in range(2)]
    page, other = (c.new_page() for c in contexts)
    try:
        for p in (page, other):
            login_demo_admin(portal, p, "desktop")
        expect(page.get_by_role("link", name="CERT-drift")).to_be_visible()
        log_out(page, "desktop")
        page.goto(portal.url + "/")
        expect(page.get_by_role("link", name="Logg inn").first).to_be_visible()
        expect(page.get_by_role("link", name="CERT-drift")).to_have_count(0)
        expect(page.get_by_role("link", name="Administrer")).to_have_count(0)
        # the same person's other browser keeps its session and its live feed
        expect(other.locator("#membership-basis")).to_be_visible()
        expect(other.get_by_role("link", name="CERT-drift")).to_be_visible()
    finally:
        for c in contexts:
            c.close()
