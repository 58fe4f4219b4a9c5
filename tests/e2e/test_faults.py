"""Faults on the production topology: the issuer away, SMTP down, PostgreSQL and Redis restarted.

Each time the user is told what happened in Norwegian, the portal recovers by itself when the
service is back, and what was already saved is still in the database. A separate stack of one
instance with two workers and a private Redis that these tests may restart.
"""

from __future__ import annotations

import os
import subprocess

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, text

from tests.support import Stack, scaled_stack

from .conftest import SIZES, Portal
from .journeys import login_new_person, register

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
GENERIC_ERROR = "Noe gikk galt hos oss. Prøv igjen om litt."


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Stack:
    if os.environ.get("PORTAL_E2E_STACK") != "scaled":
        pytest.skip("fault tests run with the production-topology pass of make test")
    with scaled_stack(tmp_path_factory.mktemp("faults"), workers=2, instances=1, private_redis=True) as s:
        yield s


@pytest.fixture
def portal_(stack: Stack, tmp_path_factory) -> Portal:
    return Portal(stack.urls[0], tmp_path_factory.getbasetemp(), stack.mail_folder, "scaled")


@pytest.fixture
def page(browser: Browser) -> Page:
    context = browser.new_context(viewport=SIZES["desktop"], locale="nb-NO")
    yield context.new_page()
    context.close()


def query(stack: Stack, sql: str, **params: object) -> list[tuple]:
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def test_issuer_unreachable_then_back(stack: Stack, portal_: Portal, page: Page) -> None:
    stack.simulator.stop()
    try:
        page.goto(portal_.url + "/logg-inn")
        page.get_by_role("link", name="Fortsett med ID-porten", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Vi får ikke kontakt med ID-porten")
    finally:
        stack.simulator.start()
    page.get_by_role("link", name="Prøv igjen med ID-porten").click()
    expect(page.get_by_role("heading", name="Velg testperson")).to_be_visible()


def test_smtp_down_keeps_what_was_typed_and_recovers(stack: Stack, portal_: Portal, page: Page) -> None:
    login_new_person(portal_, page, "desktop")
    address = "smtp.nede@tromso.kommune.no"
    stack.smtp.stop()
    try:
        register(page, "Siri Smtp", address)
        expect(page.get_by_role("alert")).to_contain_text("Vi fikk ikke sendt e-posten akkurat nå")
        expect(page.get_by_label("Jobb-e-post")).to_have_value(address)
        expect(page.get_by_label("Fullt navn")).to_have_value("Siri Smtp")
        rows = query(stack, "select e.verified_at, count(c.id) from email_address e left join verification_code c on c.email_id = e.id where e.address = :a group by e.id", a=address)
        assert rows == [(None, 0)]  # the address is saved, and no code (nor cooldown) was spent on a mail that never left
    finally:
        stack.smtp.start()
    page.get_by_role("button", name="Send engangskode").click()
    expect(page.locator("#code-recipient")).to_have_text(address)
    page.get_by_label("Engangskode (6 siffer)").fill(portal_.latest_code(page, address))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_text("du er nå medlem av Tromsø kommune")).to_be_visible()
    assert query(stack, "select count(*) from email_address where address = :a and verified_at is not null", a=address) == [(1,)]


def _pg(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "15", "main", action, "-m", "fast"] if action != "start" else ["pg_ctlcluster", "15", "main", "start"], check=True, capture_output=True)


def test_postgresql_restarted(stack: Stack, portal_: Portal, page: Page) -> None:
    login_new_person(portal_, page, "desktop")
    register(page, "Pål Postgres", "pal.postgres@bergen.kommune.no")
    expect(page.locator("#code-recipient")).to_be_visible()
    page.goto(portal_.url + "/min-profil")
    expect(page.get_by_label("Fullt navn")).to_have_value("Pål Postgres")
    _pg("stop")
    try:
        page.get_by_label("Fullt navn").fill("Pål Postgres-Hansen")
        page.get_by_role("button", name="Lagre navn").click()
        expect(page.get_by_text(GENERIC_ERROR)).to_be_visible()
        expect(page.get_by_label("Fullt navn")).to_have_value("Pål Postgres-Hansen")  # nothing typed is lost
    finally:
        _pg("start")
    page.get_by_role("button", name="Lagre navn").click()
    expect(page.get_by_text("Navnet er lagret.")).to_be_visible()
    assert query(stack, "select full_name from person where full_name like 'Pål Postgres%'") == [("Pål Postgres-Hansen",)]


def test_redis_restarted(stack: Stack, portal_: Portal, page: Page) -> None:
    login_new_person(portal_, page, "desktop")
    register(page, "Rita Redis", "rita.redis@ous-hf.no")
    page.get_by_label("Engangskode (6 siffer)").fill(portal_.latest_code(page, "rita.redis@ous-hf.no"))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    expect(page.get_by_role("heading", name="Oslo universitetssykehus HF", level=1)).to_be_visible()  # her only group opens
    page.goto(portal_.url + "/medlemsgrupper")
    expect(page.locator("#memberships")).to_contain_text("Oslo universitetssykehus")
    assert httpx.get(portal_.url + "/readyz").json() == {"database": "ok", "smtp": "ok", "redis": "ok"}
    stack.redis.stop()
    try:
        ready = httpx.get(portal_.url + "/readyz")
        assert ready.status_code == 503 and ready.json()["redis"] == "unreachable"  # an operator's probe says what is away
        page.get_by_label("Navn eller organisasjonsnummer").fill("bergen")
        expect(page.get_by_text(GENERIC_ERROR).or_(page.get_by_text("Forbindelsen til portalen er brutt"))).to_be_visible()
    finally:
        stack.redis.start()
    assert httpx.get(portal_.url + "/readyz").status_code == 200
    page.reload()  # Redis keeps nothing on disk: the page state is rebuilt from the database
    expect(page.locator("#memberships")).to_contain_text("Oslo universitetssykehus")
    page.get_by_label("Navn eller organisasjonsnummer").fill("bergen")
    expect(page.locator("#search-count")).to_contain_text("Fant")
