"""Browser journeys: the real portal (`reflex run --env prod`) on a free port, Debian Chromium via Playwright."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.support import ROOT, running_portal

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
SIZES = {"mobile": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
ARTIFACTS = ROOT / "test-artifacts"


class Portal:
    def __init__(self, url: str, local_dir: Path) -> None:
        self.url, self.local_dir = url, local_dir
        self.clock_file = local_dir / "clock-offset"

    def move_clock(self, seconds: float) -> None:
        current = float(self.clock_file.read_text() or 0) if self.clock_file.exists() else 0.0
        self.clock_file.write_text(str(current + seconds))

    def latest_code(self, page: Page, address: str) -> str:
        """Read the newest code for `address` from the dev mail catcher page, as a developer would."""
        inbox = page.context.new_page()
        inbox.goto(self.url + "/dev/innboks")
        inbox.get_by_role("row").filter(has_text=address).first.get_by_role("link", name="Bekreft din e-postadresse").click()
        text = inbox.locator("pre.mail-body").inner_text()
        inbox.close()
        return re.search(r"\b(\d{6})\b", text).group(1)


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Portal:  # noqa: ANN001
    local = tmp_path_factory.mktemp("portal")
    with running_portal(local) as url:
        yield Portal(url, local)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(params=list(SIZES))
def size(request) -> str:  # noqa: ANN001
    return request.param


@pytest.fixture
def page(browser: Browser, size: str) -> Page:
    context = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    pg = context.new_page()
    yield pg
    context.close()


def shot(page: Page, name: str, size: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)


def assert_accessible(page: Page) -> None:
    """axe-core scan: any serious or critical violation fails the test."""
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


def open_login(page: Page, size: str) -> None:
    """«Logg inn» top right on desktop; inside «Meny» on a phone."""
    if size == "mobile":
        page.get_by_text("Meny", exact=True).click()
    page.locator("#login-link:visible").click()
    expect(page.get_by_role("heading", name="Velg innloggingsmetode", level=1)).to_be_visible()
