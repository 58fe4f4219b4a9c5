"""Browser journeys: the real portal (`reflex run --env prod`) on a free port, Debian Chromium via Playwright."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections import deque
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from helsecert_portal.core import mail_catcher
from tests.support import PIN_COOKIE, ROOT, running_portal, scaled_stack

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"  # evaluated in the page
SIZES = {"mobile": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
ARTIFACTS = ROOT / "test-artifacts"
expect.set_options(timeout=10_000)  # a loaded 2-core CI machine; explicit timeouts state real promises (e.g. live updates in 2 s)


class Portal:
    def __init__(self, url: str, local_dir: Path, mail_folder: Path, stack: str = "embedded", urls: tuple[str, ...] = (), database_url: str = "", pid: int = 0, ca_file: Path | None = None, pinned: int | None = None) -> None:
        self.url, self.local_dir, self.mail_folder, self.stack = url, local_dir, mail_folder, stack
        self.database_url, self.pid = database_url or f"sqlite:///{local_dir / 'portal.db'}", pid
        self.urls = urls or (url,)  # every instance directly (the scaled stack runs two behind its TLS proxy)
        self.clock_file = local_dir / "clock-offset"
        self.ca_file, self.pinned = ca_file, pinned  # the TLS proxy's CA; the instance this view is pinned to

    def instance(self, index: int) -> Portal:
        """The same stack, with browsers pinned to one instance (the last one is another backend on the scaled
        stack): same origin, and the test proxy sends that browser's every request to that instance."""
        return Portal(self.url, self.local_dir, self.mail_folder, self.stack, self.urls, self.database_url, self.pid, self.ca_file, index % len(self.urls))

    def pin(self, page: Page) -> None:
        """Send this tab's browser context to the pinned instance (a no-op on the embedded stack)."""
        if self.pinned is not None and self.ca_file is not None:
            page.context.add_cookies([{"name": PIN_COOKIE, "value": str(self.pinned + 1), "url": self.url}])

    def move_clock(self, seconds: float) -> None:
        current = float(self.clock_file.read_text() or 0) if self.clock_file.exists() else 0.0
        self.clock_file.write_text(str(current + seconds))

    def mails(self, address: str, subject: str) -> list[mail_catcher.CapturedMail]:
        return [m for m in mail_catcher.messages(self.mail_folder) if address in m.to and m.subject == subject]

    def latest_code(self, page: Page, address: str) -> str:
        """The newest one-time code sent to `address`, from the SMTP catcher's folder."""
        deadline = time.monotonic() + 10
        while not (found := self.mails(address, "Bekreft din e-postadresse")) and time.monotonic() < deadline:
            time.sleep(0.1)
        return re.search(r"\b(\d{6})\b", found[0].text).group(1)


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Portal:
    """PORTAL_E2E_STACK=scaled runs the same journeys on PostgreSQL + Redis, two instances of two workers each."""
    local = tmp_path_factory.mktemp("portal")
    if os.environ.get("PORTAL_E2E_STACK", "embedded") == "scaled":
        with scaled_stack(local, tls=True) as stack:
            os.environ["SSL_CERT_FILE"] = str(stack.ca_file)  # this process's http and socket clients trust the proxy too
            try:
                yield Portal(stack.public_url, local, stack.mail_folder, "scaled", stack.urls, stack.database_url, ca_file=stack.ca_file)
            finally:
                os.environ.pop("SSL_CERT_FILE", None)
        return
    with running_portal(local) as url:
        yield Portal(url, local, local / "mail", pid=url.pid)


KNOWN_SECRETS: set[str] = set()  # every fødselsnummer and session id a test used; addresses and codes come from the mail


def remember(*values: str) -> None:
    KNOWN_SECRETS.update(v for v in values if v)


def personal_values_in_logs(portal: Portal) -> list[str]:
    """Each known fødselsnummer, session id, e-mail address or one-time code found in a log line of the portal's."""
    known = set(KNOWN_SECRETS)
    codes: set[str] = set()
    for mail in mail_catcher.messages(portal.mail_folder, limit=100_000):
        known.update(address.strip().lower() for address in mail.to.split(","))
        codes.update(re.findall(r"\b(\d{6})\b", mail.text))
    found = []
    # every instance of the portal, and the TLS proxy in front of them; the stand-in IdP and relay are not ours
    for log in sorted([*portal.local_dir.rglob("portal*.log"), *portal.local_dir.rglob("nginx*.log")]):
        for number, line in enumerate(log.read_text(errors="replace").splitlines(), 1):
            lowered = line.lower()
            hits = [v for v in known if v.lower() in lowered] + [c for c in codes if re.search(rf"(?<!\d){c}(?!\d)", line)]
            found += [f"{log.name}:{number}: {hit}" for hit in hits]
    return found


@pytest.fixture(scope="session", autouse=True)
def logs_hold_no_personal_data(portal: Portal):
    """After every browser and raw-socket journey of the session: no log line names a value a test used."""
    yield
    assert personal_values_in_logs(portal) == []


def embedded_only(portal: Portal) -> None:
    """Development-only features (the dev inbox) exist only on the embedded stack."""
    if portal.stack != "embedded":
        pytest.skip("development-only feature; the scaled stack has a real SMTP server instead")


@pytest.fixture(scope="session")
def browser(portal: Portal, tmp_path_factory) -> Browser:
    """Debian's Chromium; on the scaled stack it trusts the TLS proxy's throw-away CA (an NSS database of its own),
    so https, Secure cookies and WebAuthn behave as on a real certificate."""
    env = dict(os.environ)
    if portal.ca_file is not None:
        home = tmp_path_factory.mktemp("chromium-home")
        nssdb = home / ".pki" / "nssdb"
        nssdb.mkdir(parents=True)
        subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True, capture_output=True)
        subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "portal-test-ca", "-i", str(portal.ca_file)], check=True, capture_output=True)
        env["HOME"] = str(home)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, env=env)
        yield b
        b.close()


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


def record_websocket(pg: Page) -> deque[str]:
    """The tab's last websocket frames, both ways, so a failed test shows what the page last sent and received."""
    frames: deque[str] = deque(maxlen=300)

    def watch(ws) -> None:
        frames.append(f"{time.time():.3f} open {ws.url[:120]}")
        ws.on("framesent", lambda p: frames.append(f"{time.time():.3f} -> {str(p)[:600]}"))
        ws.on("framereceived", lambda p: frames.append(f"{time.time():.3f} <- {str(p)[:600]}"))
        ws.on("close", lambda _ws: frames.append(f"{time.time():.3f} close"))

    pg.on("websocket", watch)
    pg.on("framenavigated", lambda frame: frames.append(f"{time.time():.3f} navigated {frame.url[:160]}") if frame == pg.main_frame else None)
    return frames


def _tab_lock(frames: deque[str]) -> list[str]:
    """On the scaled stack: who holds the last tab's Reflex state lock in Redis now (the lock id names the event)."""
    opened = [re.search(r"token=([\w-]+)", f) for f in frames if " open " in f]
    if not opened or opened[-1] is None or os.environ.get("PORTAL_E2E_STACK") != "scaled":
        return []
    import redis

    from tests.support import REDIS_TEST_URL

    token, client = opened[-1].group(1), redis.Redis.from_url(REDIS_TEST_URL)
    return [f"{time.time():.3f} redis {token}_lock = {client.get(f'{token}_lock')!r}, pttl {client.pttl(f'{token}_lock')} ms"]


@pytest.fixture
def page(browser: Browser, size: str, request) -> Page:
    """A tab at one size; any Content-Security-Policy violation it reports fails the test that used it. If the
    test fails, the tab's last websocket frames are written to test-artifacts/ beside its screenshots."""
    context = browser.new_context(viewport=SIZES[size], locale="nb-NO")
    pg = context.new_page()
    violations: list[str] = []
    pg.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    frames = record_websocket(pg)
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        recorded = [*frames, *_tab_lock(frames)]
        (ARTIFACTS / f"{name}-websocket.txt").write_text("\n".join(recorded) + "\n")
        terminal = request.config.pluginmanager.get_plugin("terminalreporter")  # in the CI output too, where the files are gone
        if terminal is not None:
            terminal.write_line(f"\n{request.node.name}: the tab's last websocket frames")
            for line in recorded[-25:]:
                terminal.write_line("  " + line[:300])
    context.close()
    assert violations == []


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
