"""Steps a user takes, shared by the browser tests and the benchmarks."""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import Page, expect

from helsecert_portal.idporten.test_persons import synthetic_fnr

from .conftest import NO_SIDEWAYS_SCROLL, open_login, remember

_serial = itertools.count(600, 7)


def login_new_person(portal, page: Page, size: str) -> str:
    """A fresh synthetic person each time, typed into the simulator's «Annen testperson» field."""
    pid = synthetic_fnr(15, 5, 88, next(_serial))
    remember(pid)
    page.goto(portal.url + "/")
    open_login(page, size)
    page.get_by_role("link", name="Fortsett med ID-porten", exact=True).click()
    expect(page.get_by_role("heading", name="Velg testperson")).to_be_visible()
    page.get_by_label("Fødselsnummer (11 siffer)").fill(pid)
    page.get_by_role("button", name="Logg inn med dette nummeret").click()
    expect(page.get_by_role("heading", name="Registrer profilen din", level=1)).to_be_visible()
    expect(page.get_by_label("Fullt navn")).to_be_visible()  # the form, not «Laster …»: what the screenshot and the scan see
    return pid


def register(page: Page, name: str, address: str) -> None:
    page.get_by_label("Fullt navn").fill(name)
    page.get_by_label("Jobb-e-post").fill(address)
    page.get_by_role("button", name="Send engangskode").click()


def login_demo_admin(portal, page: Page, size: str) -> None:
    portal.pin(page)  # portal.instance(-1): this browser on the other instance of the scaled stack
    page.goto(portal.url + "/")
    open_login(page, size)
    page.get_by_role("link", name="Fortsett med ID-porten", exact=True).click()
    page.get_by_role("button", name="Demo Administrator").click()
    expect(page.get_by_role("heading", name="Oslo kommune", level=1)).to_be_visible()  # his only group opens


def confirmed_person_without_group(portal, page: Page, size: str, address: str, name: str, *, check_layout: bool = False) -> None:
    """`check_layout`: the registration form (filled in) and the code page must not scroll sideways with this data."""
    login_new_person(portal, page, size)
    if check_layout:
        page.get_by_label("Fullt navn").fill(name)
        page.get_by_label("Jobb-e-post").fill(address)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"/registrer scrolls sideways at {size}"
    register(page, name, address)
    expect(page.locator("#code-recipient")).to_have_text(address)
    if check_layout:
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"/bekreft-epost scrolls sideways at {size}"
    page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, address))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_text("vi fant ingen medlemsgruppe for domenet")).to_be_visible()


def log_out(page: Page, size: str) -> None:
    """«Logg ut» (in «Meny» on a phone), then wait until the redirect chain through the IdP has settled."""
    if size == "mobile":
        page.get_by_text("Meny", exact=True).click()
    page.locator("#logout-link:visible").click()
    expect(page.get_by_role("heading", name="Du er logget ut", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/utlogget"))
    page.wait_for_load_state("load")


def confirmed_member(portal, page: Page, size: str, address: str, name: str, group: str) -> None:
    """A new person whose confirmed work address links them to `group` by its domain."""
    login_new_person(portal, page, size)
    register(page, name, address)
    expect(page.locator("#code-recipient")).to_have_text(address)
    page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, address))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_text(f"Adressen {address} er bekreftet, og du er nå medlem av {group}.")).to_be_visible()
