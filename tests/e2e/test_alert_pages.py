"""The alert pages at phone and desktop size, with real data (the demo alerts, 408 groups in a table): one h1,
no serious axe violations, and the list filtered and an alert opened by keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, shot
from .journeys import login_demo_admin

pytestmark = pytest.mark.e2e


def test_the_public_alert_list_and_one_alert(portal, page: Page, size: str) -> None:
    page.goto(portal.url + "/varsler")
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsler")
    items = page.locator(".alert-item")
    expect(items.first).to_contain_text("TLP:CLEAR")
    assert "TLP:AMBER" not in page.locator("main").inner_text() and "Ulest" not in page.locator("main").inner_text()
    shot(page, "varsler-offentlig", size)
    assert_accessible(page)
    items.filter(has_text="CVE-2024-21762").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fortinet FortiOS SSL VPN")
    expect(page.get_by_role("heading", name="Anbefalte tiltak", level=2)).to_be_visible()
    expect(page.get_by_text("TLP:CLEAR: Offentlig informasjon.")).to_be_visible()
    shot(page, "varsel-offentlig", size)
    assert_accessible(page)


def test_the_operators_pages(portal, page: Page, size: str) -> None:
    login_demo_admin(portal, page, size)
    page.goto(portal.url + "/drift/varsler")
    expect(page.get_by_role("heading", name="Alle varsler", level=2)).to_be_visible()
    page.get_by_role("row").filter(has_text="Kritisk sårbarhet i Fortinet").get_by_role("button", name=re.compile("^Åpne")).click()  # TLP:CLEAR to every group: 400+ rows of status
    expect(page.locator("#ack-table tbody tr").nth(300)).to_be_attached()
    shot(page, "drift-varsler", size)
    assert_accessible(page)
    page.get_by_role("button", name="Skriv nytt varsel").click()
    expect(page.get_by_role("heading", name="Nytt varsel", level=2)).to_be_visible()
    page.get_by_role("button", name="Lagre utkast").click()  # the browser's own required-field check stops it; the server's message is tested in the use cases
    assert_accessible(page)
    page.goto(portal.url + "/drift/driftsmeldinger")
    page.get_by_role("button", name="Skriv ny driftsmelding").click()
    expect(page.get_by_label("Gjelder fra")).not_to_have_value("")
    shot(page, "drift-driftsmeldinger", size)
    assert_accessible(page)
    page.goto(portal.url + "/min-profil")
    expect(page.get_by_role("heading", name="Varsler på e-post", level=2)).to_be_visible()
    page.get_by_label("Bare kritiske varsler").check()
    page.get_by_role("button", name="Lagre valget").click()
    expect(page.get_by_text("Valget er lagret: Bare kritiske varsler.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Bare kritiske varsler")).to_be_checked()
    page.get_by_label("Alle varsler").check()
    page.get_by_role("button", name="Lagre valget").click()
    expect(page.get_by_text("Valget er lagret: Alle varsler.")).to_be_visible()
    assert_accessible(page)


def test_filter_and_open_an_alert_by_keyboard_alone(portal, browser) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
    page = context.new_page()
    page.goto(portal.url + "/varsler")
    expect(page.locator(".alert-item").first).to_be_visible()
    page.locator("#cve").focus()
    page.keyboard.type("CVE-2023-4966")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-item")).to_have_count(1)
    expect(page.locator("#alert-count")).to_contain_text("1 varsler")
    for _ in range(12):  # Tab from the form to the one alert's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.alert-item') !== null"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Citrix Bleed")
    context.close()
