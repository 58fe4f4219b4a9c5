"""Browser journeys: the real portal (`reflex run --env prod`) on a free port, Debian Chromium via Playwright."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import ROOT, free_port

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
    port = free_port()
    env = {**os.environ, "PORTAL_LOCAL_DIR": str(local), "PORTAL_BASE_URL": f"http://localhost:{port}",
           "DEV_SMTP_PORT": str(free_port()), "PORTAL_CLOCK_OFFSET_FILE": str(local / "clock-offset")}
    env.pop("DATABASE_URL", None)
    for step in (["alembic", "upgrade", "head"], [sys.executable, "-m", "helsecert_portal.demo_data"]):
        subprocess.run(step, cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(local / "portal.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(["reflex", "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("portal exited:\n" + (local / "portal.log").read_text()[-3000:])
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200 and httpx.get(url + "/ping", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    else:
        raise RuntimeError("portal did not start within 600 s")
    yield Portal(url, local)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


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
