"""Varsler in four browsers: the operator imports a CSAF advisory and publishes it TLP:AMBER to Oslo kommune;
an Oslo member's open tab shows it live with the unread count and records «Under vurdering»; the operator's
table follows live; a Tromsø member never sees it. A driftsmelding reaches an open Forside without reload."""

from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from helsecert_portal.core import mail_catcher
from tests.support import ROOT

from .conftest import SIZES, assert_accessible, shot
from .journeys import confirmed_member, login_demo_admin
from .test_membership_journey import assert_not_reloaded, mark_no_reload

pytestmark = pytest.mark.e2e
LIVE_MS = 3000
CSAF = ROOT / "tests" / "data" / "csaf_fortios_sslvpn.json"
TITLE = "Fortinet FortiOS: out-of-bounds write in sslvpnd (CVE-2024-21762)"


@pytest.fixture
def windows(browser: Browser):
    contexts = [browser.new_context(viewport=SIZES[s], locale="nb-NO") for s in ("desktop", "mobile", "desktop", "mobile")]
    yield [c.new_page() for c in contexts]
    for c in contexts:
        c.close()


def unread(page: Page) -> int:
    """The header's unread count (inside «Meny» on a phone, so read from the DOM, visible or not)."""
    found = page.locator(".unread-count")
    return int(found.first.text_content().split()[0]) if found.count() else 0


def wait_for_unread(page: Page, count: int, timeout_ms: int = LIVE_MS) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while unread(page) != count and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert unread(page) == count


def test_an_amber_alert_reaches_oslo_live_and_its_acknowledgement_reaches_the_operator(portal, windows) -> None:
    operator, oslo, tromso, anonymous = windows
    stamp = str(int(time.time() * 1000))[-7:]
    confirmed_member(portal, oslo, "mobile", f"ola.varsel{stamp}@oslo.kommune.no", "Ola Varsel", "Oslo kommune")
    confirmed_member(portal, tromso, "desktop", f"tore.varsel{stamp}@tromso.kommune.no", "Tore Varsel", "Tromsø kommune")
    for member in (oslo, tromso):
        member.goto(portal.url + "/varsler")
        expect(member.get_by_role("heading", name="Varsler", level=1)).to_be_visible()
        mark_no_reload(member)
    before = unread(oslo)

    other = portal.instance(-1)  # the operator on another instance of the scaled stack
    login_demo_admin(other, operator, "desktop")
    operator.goto(other.url + "/drift/varsler")
    expect(operator.get_by_role("heading", name="Alle varsler", level=2)).to_be_visible()
    operator.get_by_role("button", name="Importer som utkast").click()
    expect(operator.get_by_text("Velg en CSAF-fil først")).to_be_visible()
    operator.set_input_files("#csaf-file", str(CSAF))
    operator.get_by_role("button", name="Importer som utkast").click()
    expect(operator.get_by_text("CSAF-dokumentet er importert som utkast")).to_be_visible()
    expect(operator.get_by_label("Tittel", exact=True)).to_have_value(TITLE)
    expect(operator.get_by_label("CVE-id-er")).to_have_value("CVE-2024-21762")
    operator.get_by_role("button", name="Publiser").click()
    expect(operator.get_by_text("Velg hvem varselet skal til")).to_be_visible()  # an imported AMBER draft has no groups yet
    operator.get_by_label("Søk etter medlemsgruppe å legge til").fill("Oslo kommune")
    operator.get_by_role("button", name="Legg til Oslo kommune", exact=True).click()
    expect(operator.locator("#chosen-groups")).to_contain_text("Oslo kommune")
    operator.get_by_role("button", name="Lagre utkast").click()
    expect(operator.get_by_text("er lagret")).to_be_visible()
    shot(operator, "drift-varsler-utkast", "desktop")
    assert_accessible(operator)
    operator.get_by_role("button", name="Publiser").click()
    expect(operator.get_by_text("er publisert")).to_be_visible()
    reference = re.search(r"HKC-\d{4}-\d{4}", operator.get_by_text("er publisert").inner_text()).group(0)
    expect(operator.locator("#ack-table")).to_contain_text("Oslo kommune")
    expect(operator.locator("#ack-table")).to_contain_text("Ikke besvart")

    item = oslo.locator(".alert-item").filter(has_text=TITLE)
    expect(item).to_be_visible(timeout=LIVE_MS)
    expect(item).to_contain_text("TLP:AMBER")
    expect(item).to_contain_text("Ulest")
    wait_for_unread(oslo, before + 1)
    assert_not_reloaded(oslo)
    shot(oslo, "varsler-live", "mobile")
    item.get_by_role("link").click()
    expect(oslo.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(oslo.get_by_text("TLP:AMBER: Informasjonen kan deles innenfor egen virksomhet")).to_be_visible()
    wait_for_unread(oslo, before)
    oslo.get_by_label("Under vurdering").check()
    oslo.get_by_label("Merknad (valgfritt)").fill("Vi sjekker brannmurene i kveld.")
    oslo.get_by_role("button", name="Lagre status").click()
    expect(oslo.get_by_text("Statusen for Oslo kommune er lagret: Under vurdering.")).to_be_visible()
    shot(oslo, "varsel", "mobile")
    assert_accessible(oslo)

    row = operator.locator("#ack-table tr").filter(has_text="Oslo kommune")
    expect(row).to_contain_text("Under vurdering", timeout=LIVE_MS)
    expect(row).to_contain_text("Ola Varsel")

    time.sleep(1)  # every live delivery has long been made
    assert TITLE not in tromso.content() and reference not in tromso.content()
    assert_not_reloaded(tromso)
    shot(tromso, "varsler-andre", "desktop")
    assert_accessible(tromso)

    mails = alert_mails(portal, f"ola.varsel{stamp}@oslo.kommune.no")
    assert len(mails) == 1 and "TLP:AMBER" in mails[0].subject
    assert "FortiOS" not in mails[0].subject + mails[0].text and "/varsel?id=" in mails[0].text  # AMBER content never travels by e-mail
    assert alert_mails(portal, f"tore.varsel{stamp}@tromso.kommune.no", wait=0) == []


def alert_mails(portal, address: str, wait: float = 15):
    """The alert mails the outbox worker has delivered to `address` (it runs every few seconds)."""
    deadline = time.monotonic() + wait
    while True:
        found = [m for m in mail_catcher.messages(portal.mail_folder, limit=500) if address in m.to and m.subject.startswith("Nytt varsel")]
        if found or time.monotonic() >= deadline:
            return found
        time.sleep(0.2)


def test_a_driftsmelding_appears_on_an_open_forside_without_reload(portal, windows) -> None:
    operator, _, _, anonymous = windows
    anonymous.goto(portal.url + "/")
    expect(anonymous.get_by_role("heading", name="Driftsmeldinger", level=2)).to_be_visible()
    mark_no_reload(anonymous)
    title = f"Ustabil innlogging {int(time.time())}"
    login_demo_admin(portal, operator, "desktop")
    operator.goto(portal.url + "/drift/driftsmeldinger")
    operator.get_by_role("button", name="Skriv ny driftsmelding").click()
    operator.get_by_label("Tittel").fill(title)
    operator.get_by_label("Tekst").fill("Innlogging med ID-porten kan feile. Prøv igjen om litt.")
    operator.get_by_label("Nivå").select_option("warning")
    operator.get_by_role("button", name="Lagre driftsmelding").click()
    expect(operator.get_by_text("Driftsmeldingen er lagret.")).to_be_visible()
    expect(anonymous.locator("#notices")).to_contain_text(title, timeout=LIVE_MS)
    assert_not_reloaded(anonymous)
    shot(anonymous, "forside-driftsmelding", "mobile")
    assert_accessible(anonymous)
    expect(operator.locator("#banners")).to_contain_text(title)
    today = datetime.now(ZoneInfo("Europe/Oslo")).strftime("%d.%m.%Y")
    expect(operator.locator("#banners .banner-warning")).to_contain_text(f"Advarsel: {title} · Fra {today} kl. ")  # its level and date
    operator.get_by_role("button", name=f"Avslutt nå: {title}").click()
    expect(operator.get_by_text("Driftsmeldingen er avsluttet.")).to_be_visible()
    expect(anonymous.locator("#notices")).not_to_contain_text(title, timeout=LIVE_MS)
