"""What the portal promises a newcomer, kept (issue «the journey as a newcomer meets it»), at both sizes:
a request to a group without administrators reaches the CERT at once; a private address never opens a
group; removing an address asks first and names the groups that go with it; a mistyped address is put right on the
code page; a typo in the search still finds the group; a message about a request
is gone once the request is answered, and a group one is in is not offered again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from helsecert_portal.demo_data import DEMO_ADMIN_EMAIL

from .conftest import NO_SIDEWAYS_SCROLL, SIZES, assert_accessible, shot
from .journeys import confirmed_member, confirmed_person_without_group, login_demo_admin, login_new_person, register

pytestmark = pytest.mark.e2e
LIVE_TIMEOUT_MS = 2000
NOTHING_CLIPPED = "[...document.querySelectorAll('.table-scroll')].every(el => el.scrollWidth <= el.clientWidth + 1)"


def test_a_request_to_a_group_without_administrators_reaches_the_operators_at_once(portal, browser: Browser, size: str) -> None:
    person_ctx = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    operator_ctx = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    person, operator = person_ctx.new_page(), operator_ctx.new_page()
    try:
        login_demo_admin(portal.instance(-1), operator, "desktop")  # the demo administrator is also a CERT operator
        operator.goto(portal.instance(-1).url + "/drift")
        expect(operator.get_by_role("heading", name="Forespørsler til Helse- og KommuneCERT")).to_be_visible()
        name = f"Bente Bærum {size.capitalize()}"
        confirmed_person_without_group(portal, person, size, f"bente.{size}@baerum-konsulent.no", name)
        person.get_by_label("Navn eller organisasjonsnummer").fill("bærum kommune")
        person.get_by_role("button", name="Be om medlemskap: Bærum kommune").click()
        # said before it is sent, not only after
        expect(person.locator("#request-to-cert")).to_contain_text("ingen administrator i portalen ennå")
        person.get_by_role("button", name="Send forespørsel").click()
        expect(person.get_by_text("Bærum kommune har ingen administrator i portalen ennå, så forespørselen er sendt til Helse- og KommuneCERT.")).to_be_visible()
        expect(person.get_by_text("sendt til administratorene av Bærum kommune")).to_have_count(0)
        shot(person, "medlemsgrupper-til-cert", size)
        assert_accessible(person)

        waiting = operator.locator("#escalated li").filter(has_text=name)
        expect(waiting).to_be_visible(timeout=LIVE_TIMEOUT_MS)  # at once, not after three days
        expect(waiting).to_contain_text("Bærum kommune")
        expect(waiting).to_contain_text(f"bente.{size}@baerum-konsulent.no (annet domene)")
        mails = portal.mails(DEMO_ADMIN_EMAIL, "Forespørsel om medlemskap i Bærum kommune (ingen administrator)")
        assert mails and "/drift" in mails[-1].text and name not in mails[-1].text
    finally:
        person_ctx.close()
        operator_ctx.close()


def test_a_person_with_only_a_private_address_cannot_send_a_request(portal, page, size: str) -> None:
    login_new_person(portal, page, size)
    address = f"privat.{size}.person@gmail.com"
    register(page, "Privat Person", address)
    expect(page.get_by_text("Dette ser ut som en privat e-postadresse")).to_be_visible()
    page.get_by_role("button", name="Send engangskode").click()  # the same address again: she means it
    expect(page.locator("#code-recipient")).to_have_text(address)
    page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, address))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_role("heading", name="Medlemsgrupper", level=1)).to_be_visible()
    need = page.locator("#need-work-address")
    expect(need).to_contain_text("knyttes aldri til en medlemsgruppe")
    expect(need.get_by_role("link", name="Legg til jobbadresse under «Min profil»")).to_have_attribute("href", "/min-profil")
    page.get_by_label("Navn eller organisasjonsnummer").fill("oslo kommune")
    expect(page.locator("li.hit").filter(has_text="Oslo kommune").first).to_be_visible()
    expect(page.get_by_role("button", name="Be om medlemskap: Oslo kommune")).to_have_count(0)
    shot(page, "medlemsgrupper-privat-adresse", size)
    assert_accessible(page)


def test_a_typo_in_the_search_still_finds_the_group_and_says_the_names_are_close(portal, page, size: str) -> None:
    confirmed_person_without_group(portal, page, size, f"tor.typo.{size}@tromso-konsulent.no", f"Tor Typo {size.capitalize()}")
    field = page.get_by_label("Navn eller organisasjonsnummer")
    for typed in ("trmoso", "Tromsøø komune"):
        field.fill("")
        field.press_sequentially(typed, delay=20)  # typed, as a person does
        expect(page.locator("#search-count")).to_have_text("Ingen navn er skrevet akkurat slik. Dette er de som ligner mest på det du skrev:")
        expect(page.locator("li.hit").first).to_contain_text("Tromsø kommune")
    shot(page, "medlemsgrupper-skrivefeil", size)
    assert_accessible(page)
    field.fill("tromsø kommune")  # spelt right: the count again, not «ligner»
    expect(page.locator("#search-count")).to_contain_text("Fant")
    expect(page.locator("li.hit").first).to_contain_text("Tromsø kommune")


def test_an_administrator_whose_role_is_removed_is_told_once_and_not_to_reload_or_log_in(portal, browser: Browser, size: str) -> None:
    admin_ctx = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    operator_ctx = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    admin, operator = admin_ctx.new_page(), operator_ctx.new_page()
    try:
        name, address = f"Tove Tidligere {size.capitalize()}", f"tove.tidligere.{size}@tromso.kommune.no"
        confirmed_member(portal, admin, size, address, name, "Tromsø kommune")
        login_demo_admin(portal.instance(-1), operator, "desktop")
        operator.goto(portal.instance(-1).url + "/drift")
        operator.get_by_label("Navn eller organisasjonsnummer").fill("tromsø")
        operator.get_by_role("button", name="Rediger: Tromsø kommune").click()
        operator.get_by_label("Bekreftet e-postadresse til ny administrator").fill(address)
        operator.get_by_role("button", name="Legg til administrator").click()
        expect(operator.get_by_text("Administratoren er lagt til.")).to_be_visible()

        admin.goto(portal.url + "/administrer")
        expect(admin.get_by_role("heading", name="Tromsø kommune", level=2)).to_be_visible()
        operator.get_by_role("button", name=f"Fjern administrator {name}").click()
        expect(operator.get_by_text("Rollen er endret.")).to_be_visible()

        lost = admin.get_by_role("alert")
        expect(lost).to_have_text("Du er ikke lenger administrator for denne medlemsgruppen, så forespørslene og medlemmene vises ikke lenger. Kontakt Helse- og KommuneCERT på post@helsecert.no hvis du mener dette er feil.", timeout=LIVE_TIMEOUT_MS)
        main = admin.get_by_role("main")
        for stale in ("Last siden på nytt", "Logg inn på nytt", "Du er ikke administrator for noen medlemsgruppe", "Du har ikke tilgang"):
            expect(main).not_to_contain_text(stale)  # one refusal, with a fix that fits it
        expect(main.get_by_text("Du er ikke lenger administrator")).to_have_count(1)
        shot(admin, "administrer-rolle-fjernet", size)
        assert_accessible(admin)
        admin.get_by_role("link", name="Gå til medlemsgruppene dine").click()
        expect(admin.get_by_role("heading", name="Medlemsgrupper", level=1)).to_be_visible()
        expect(admin.locator("#memberships")).to_contain_text("Tromsø kommune")  # still a member, no longer an administrator
    finally:
        admin_ctx.close()
        operator_ctx.close()


def test_removing_an_address_asks_first_and_names_the_groups_it_takes(portal, page, size: str) -> None:
    first = f"to.grupper.{size}@tromso.kommune.no"
    confirmed_member(portal, page, size, first, "To Grupper", "Tromsø kommune")
    page.goto(portal.url + "/min-profil")
    second = f"to.grupper.{size}@bergen.kommune.no"
    page.get_by_label("Jobb-e-post").fill(second)
    page.get_by_role("button", name="Legg til og send kode").click()
    expect(page.locator("#code-recipient")).to_have_text(second)
    page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, second))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    # two groups now: the list, not one of them
    expect(page.get_by_role("heading", name="Medlemsgrupper", level=1)).to_be_visible()
    expect(page.locator("#memberships li")).to_have_count(2)

    page.goto(portal.url + "/min-profil")
    page.get_by_role("button", name=f"Fjern: {first}").click()
    question = page.locator("#confirm-remove-text")
    expect(question).to_have_text(f"Vil du fjerne {first}? Du går da ut av Tromsø kommune, fordi det er denne adressen som gir deg medlemskapet.")
    expect(page.get_by_role("button", name="Ja, fjern adressen")).to_be_focused()
    shot(page, "min-profil-fjern-adresse", size)
    assert_accessible(page)
    page.get_by_role("button", name="Avbryt").click()
    expect(question).to_have_count(0)
    page.goto(portal.url + "/medlemsgrupper")
    expect(page.locator("#memberships li")).to_have_count(2)  # nothing was removed by asking

    page.goto(portal.url + "/min-profil")
    page.get_by_role("button", name=f"Fjern: {first}").click()
    expect(page.get_by_role("button", name="Ja, fjern adressen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Adressen er fjernet.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Fjern: {first}")).to_have_count(0)
    page.goto(portal.url + "/medlemsgrupper")
    expect(page.locator("#memberships")).to_contain_text("Bergen kommune")
    expect(page.locator("#memberships")).not_to_contain_text("Tromsø kommune")


def test_a_mistyped_address_is_corrected_from_the_code_page_by_keyboard(portal, page, size: str) -> None:
    typo, right = f"rita.{size}@trmoso.kommune.no", f"rita.{size}@tromso.kommune.no"
    login_new_person(portal, page, size)
    register(page, "Rita Retting", typo)
    expect(page.locator("#code-recipient")).to_have_text(typo)
    page.locator("#correct-address-summary").focus()
    page.keyboard.press("Enter")  # the disclosure opens from the keyboard
    field = page.get_by_label("Riktig jobb-e-post")
    expect(field).to_have_value(typo)  # the address as typed, ready to be put right
    shot(page, "bekreft-epost-rett-adresse", size)
    assert_accessible(page)
    field.fill(right)
    field.press("Enter")
    expect(page.locator("#code-recipient")).to_have_text(right)
    page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, right))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_role("heading", name="Tromsø kommune", level=1)).to_be_visible()  # linked by the corrected domain
    page.goto(portal.url + "/min-profil")
    expect(page.locator("main")).not_to_contain_text(typo)  # the mistyped address is gone


def test_the_sent_message_goes_once_answered_and_a_group_one_is_in_is_not_offered(portal, browser: Browser, size: str) -> None:
    person_ctx = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    admin_ctx = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    person, admin = person_ctx.new_page(), admin_ctx.new_page()
    try:
        login_demo_admin(portal.instance(-1), admin, "desktop")
        admin.goto(portal.instance(-1).url + "/administrer")
        name = f"Svar Venter {size.capitalize()}"
        confirmed_person_without_group(portal, person, size, f"svar.{size}@innleid-eksempel.no", name)
        person.get_by_label("Navn eller organisasjonsnummer").fill("958935420")
        person.get_by_role("button", name="Be om medlemskap: Oslo kommune").click()
        person.get_by_role("button", name="Send forespørsel").click()
        sent = person.get_by_text("Forespørselen er sendt til administratorene av Oslo kommune")
        expect(sent).to_be_visible()
        hit = person.locator("li.hit").filter(has_text="Oslo kommune")
        expect(hit).to_contain_text("Forespørsel sendt")
        expect(hit.get_by_role("button", name="Be om medlemskap: Oslo kommune")).to_have_count(0)

        request = admin.locator("#pending li").filter(has_text=name)
        expect(request).to_contain_text(f"svar.{size}@innleid-eksempel.no (annet domene)", timeout=LIVE_TIMEOUT_MS)
        request.get_by_role("button", name=f"Godkjenn: {name}").click()
        expect(person.locator("#memberships")).to_contain_text("Oslo kommune", timeout=LIVE_TIMEOUT_MS)
        expect(sent).to_have_count(0)  # answered: «sent» would now contradict the list
        expect(hit).to_contain_text("Du er medlem")
        expect(hit.get_by_role("button")).to_have_count(0)
    finally:
        person_ctx.close()
        admin_ctx.close()




def test_the_header_names_min_profil_shows_waiting_requests_on_a_phone_and_long_data_fits(portal, browser: Browser, size: str) -> None:
    person_ctx = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    admin_ctx = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    person, admin = person_ctx.new_page(), admin_ctx.new_page()
    try:
        name = "Anne-Kristine Marie Bjørnstad-Østensjø"[:40]  # 40 characters, as real names can be
        domain = "@konsulenthus-eksempel.no"
        address = f"{size[:3]}.anne-kristine.marie.bjornstad-ostensjo"[: 60 - len(domain)] + domain
        assert len(name) >= 38 and len(address) == 60
        confirmed_person_without_group(portal, person, size, address, name, check_layout=True)
        person.get_by_label("Navn eller organisasjonsnummer").fill("bærum kommune")
        person.get_by_role("button", name="Be om medlemskap: Bærum kommune").click()
        person.get_by_role("button", name="Send forespørsel").click()
        expect(person.get_by_text("sendt til Helse- og KommuneCERT")).to_be_visible()
        for path in ("/medlemsgrupper", "/min-profil", "/varsler", "/"):
            person.goto(portal.url + path)
            expect(person.get_by_role("heading", level=1)).to_be_visible()
            expect(person.locator("main")).not_to_have_attribute("aria-busy", "true")
            assert person.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at {size}"
        if size == "mobile":
            person.get_by_text("Meny", exact=True).click()
        profile = person.locator("#profile-link:visible")
        expect(profile).to_contain_text("Min profil")  # the guide's name for it, as visible text
        expect(person.get_by_role("region", name="Notifications alt+T")).to_have_count(0)  # no English landmark

        login_demo_admin(portal, admin, size)  # an operator: the request to Bærum kommune waits on him
        assert admin.evaluate(NO_SIDEWAYS_SCROLL), f"/medlemsgruppe scrolls sideways at {size}"  # his group opened
        if size == "desktop":  # an operator who is also an administrator: the longest header, still one line at 1366 px
            one_line = """() => {
                const center = e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; };
                const ul = document.querySelector('.site-header nav ul'), li = ul.querySelector('li');
                const brand = document.querySelector('.site-header .brand'), out = document.querySelector('#logout-link');
                return ul.getBoundingClientRect().height < 2 * li.getBoundingClientRect().height && Math.abs(center(brand) - center(out)) < 12;
            }"""
            expect(admin.get_by_role("link", name="CERT-drift")).to_be_visible()
            assert admin.evaluate(one_line), "the header wraps at 1366 px"
        expect(admin.locator("#menu-button .admin-badge" if size == "mobile" else "nav .admin-badge:visible")).to_contain_text("forespørsler venter")
        admin.goto(portal.url + "/drift")
        expect(admin.locator("#escalated")).to_contain_text(address)
        assert admin.evaluate(NO_SIDEWAYS_SCROLL), f"/drift scrolls sideways at {size}"
        audit = admin.locator(".table-scroll").last  # the audit log: on a phone a list, not a table to scroll sideways
        expect(audit.locator("td").first).to_be_visible()
        assert audit.evaluate("el => el.scrollWidth <= el.clientWidth")
        if size == "mobile":
            assert audit.locator("td").first.evaluate("el => getComputedStyle(el).display") == "block"
            expect(audit.locator("td").first).to_have_attribute("data-label", "Tidspunkt")
        shot(admin, "drift-lange-data", size)
        # Every other page an operator-administrator has, at this size, with the long requester in the data.
        for path, heading, name in (
            ("/administrer", "Administrer medlemsgruppe", "administrer-lange-data"),
            ("/drift/varsler", "Varsler", "drift-varsler-lange-data"),
            ("/drift/driftsmeldinger", "Driftsmeldinger", "drift-driftsmeldinger-lange-data"),
            ("/varsler", "Varsler", "varsler-lange-data"),
        ):
            admin.goto(portal.url + path)
            expect(admin.get_by_role("heading", level=1)).to_have_text(heading)
            expect(admin.locator("main")).not_to_have_attribute("aria-busy", "true")
            assert admin.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at {size}"
            assert admin.evaluate(NOTHING_CLIPPED), f"a table on {path} hides part of itself at {size}"
            if size == "mobile":  # every cell of a table-turned-list names its column
                assert admin.evaluate("[...document.querySelectorAll('main table td')].every(td => td.dataset.label)"), path
            shot(admin, name, size)
        admin.locator("main a[href^='/varsel?id=']").first.click()  # one alert, as a member reads it
        expect(admin.get_by_role("heading", level=1)).to_be_visible()
        expect(admin.locator("main")).not_to_have_attribute("aria-busy", "true")
        assert admin.evaluate(NO_SIDEWAYS_SCROLL), f"/varsel scrolls sideways at {size}"
        shot(admin, "varsel-lange-data", size)
        person.goto(portal.url + "/medlemsgrupper")
        shot(person, "medlemsgrupper-lange-data", size)
    finally:
        person_ctx.close()
        admin_ctx.close()
