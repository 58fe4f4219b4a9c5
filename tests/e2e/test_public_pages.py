"""Every public page at phone and desktop size: one h1, «Logg inn» reachable, no serious axe violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import NO_SIDEWAYS_SCROLL, assert_accessible, embedded_only, open_login, shot

pytestmark = pytest.mark.e2e
PAGES = [
    ("/", "forside", "Medlemsportalen"),
    ("/veileder", "veileder", "Logg inn i medlemsportalen"),
    ("/hjelp", "hjelp", "Trenger du hjelp?"),
    ("/logg-inn", "logg-inn", "Velg innloggingsmetode"),
    ("/utlogget", "utlogget", "Du er logget ut"),
    ("/innlogging-feilet?arsak=cancelled", "innlogging-feilet", "Innloggingen ble ikke fullført"),
    ("/finnes-ikke", "404", "Vi fant ikke siden"),
    ("/varsler", "varsler", "Varsler"),
    ("/personvern", "personvern", "Personvern i medlemsportalen"),
    ("/tilgjengelighet", "tilgjengelighet", "Tilgjengelighet i medlemsportalen"),
]


@pytest.mark.parametrize("path,name,heading", PAGES)
def test_page_renders_and_is_accessible(portal, page, size, path, name, heading) -> None:
    page.goto(portal.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("main")).to_be_visible()
    shot(page, name, size)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at {size}"
    assert_accessible(page)


def test_login_is_reachable_from_the_front_page(portal, page, size) -> None:
    page.goto(portal.url + "/")
    open_login(page, size)


def test_help_page_has_contact_links(portal, page) -> None:
    page.goto(portal.url + "/hjelp")
    expect(page.get_by_role("main").get_by_role("link", name="post@helsecert.no")).to_have_attribute("href", "mailto:post@helsecert.no")
    expect(page.get_by_role("main").get_by_role("link", name="24 20 00 00")).to_have_attribute("href", "tel:+4724200000")


def test_the_footer_leads_to_both_statements_and_to_helsecert_no(portal, page, size) -> None:
    page.goto(portal.url + "/")
    footer = page.get_by_role("navigation", name="Bunnmeny")
    expect(footer.get_by_role("link", name="helsecert.no")).to_have_attribute("href", "https://www.helsecert.no/")
    contact = page.locator("footer .footer-contact")
    expect(contact.get_by_role("link", name="post@helsecert.no")).to_have_attribute("href", "mailto:post@helsecert.no")
    expect(contact.get_by_role("link", name="24 20 00 00")).to_have_attribute("href", "tel:+4724200000")
    footer.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighet i medlemsportalen")
    expect(page.get_by_text("WCAG 2.1, nivå AA", exact=False)).to_be_visible()
    page.get_by_role("navigation", name="Bunnmeny").get_by_role("link", name="Personvernerklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personvern i medlemsportalen")
    expect(page.get_by_role("heading", name="Informasjonskapsler", level=2)).to_be_visible()
    asked = page.get_by_role("main").locator("section").filter(has=page.get_by_role("heading", name="Kontakt oss", level=2))
    expect(asked.get_by_role("link", name="post@helsecert.no")).to_have_attribute("href", "mailto:post@helsecert.no")  # the statement says where to ask
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the footer wraps, nothing sideways


def test_the_tab_icon_and_the_header_mark_are_the_portals_own(portal, page, size) -> None:
    page.goto(portal.url + "/")
    icon = page.locator('link[rel="icon"]')
    expect(icon).to_have_attribute("href", "/favicon.svg")
    status, kind, body = page.evaluate("fetch('/favicon.svg').then(async r => [r.status, r.headers.get('content-type'), await r.text()])")  # as the tab gets it (https too)
    assert status == 200 and kind.startswith("image/svg+xml") and "<svg" in body
    mark = page.locator(".site-header a.brand img.brand-mark")
    expect(mark).to_have_attribute("alt", "")  # decorative: the link's text names the portal
    assert mark.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(".site-header a.brand")).to_have_accessible_name("Helse- og KommuneCERT")


def test_the_pages_stand_on_designsystemet(portal, page, size) -> None:
    """Digdir's Designsystemet (npm, installed with the frontend) styles the buttons and messages, in the Digdir theme."""
    page.goto(portal.url + "/")
    accent = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--ds-color-accent-base-default').trim()")
    assert accent.lower() == "#0062ba"  # the theme's tokens are loaded
    login = page.locator("main a.ds-button").first
    expect(login).to_have_text("Logg inn")
    assert login.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 98, 186)"  # the button's own styles, not undone by a reset
    page.goto(portal.url + "/innlogging-feilet?arsak=cancelled")
    message = page.locator("main .ds-alert").first
    expect(message).to_be_visible()
    assert message.get_attribute("data-color") in ("danger", "warning", "success")


def test_the_guide_lists_have_bullets(portal, page) -> None:
    page.goto(portal.url + "/veileder")
    first = page.locator("ol.guide-steps > li ul").first
    assert first.evaluate("el => getComputedStyle(el).listStyleType") == "disc"


def test_guide_has_six_steps(portal, page) -> None:
    page.goto(portal.url + "/veileder")
    # The steps themselves: a driftsmelding another test left active adds its own (hidden) h2 to every page.
    expect(page.locator("ol.guide-steps > li").get_by_role("heading", level=2)).to_have_count(6)


def test_skip_link_moves_focus_to_main(portal, page) -> None:
    page.goto(portal.url + "/hjelp")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hjelp/?#main$"))
    expect(page.locator("main")).to_be_focused()


def test_dev_inbox_is_accessible(portal, page) -> None:
    embedded_only(portal)
    page.goto(portal.url + "/dev/innboks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utviklingsinnboks")
    assert_accessible(page)


def test_pages_are_sent_with_the_security_headers(portal, page) -> None:
    response = page.goto(portal.url + "/hjelp")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store" and headers["referrer-policy"] == "no-referrer"
    expect(page.get_by_role("heading", level=1)).to_have_text("Trenger du hjelp?")  # the page still works under it


def test_login_page_says_what_the_guide_says(portal, page) -> None:
    page.goto(portal.url + "/logg-inn")
    expect(page.get_by_text("Her kan en bruke fysiske, enhetsbaserte eller ulike hvelvleverandører.")).to_be_visible()
    expect(page.get_by_text("Ta kontakt med sikkerhetsansvarlig hvis du er usikker på om virksomheten har det på plass.")).to_be_visible()
    expect(page.get_by_label("Velg passnøkkel")).to_be_visible()
