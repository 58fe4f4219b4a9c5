"""Request-to-dashboard latency: from the requester's click on «Send forespørsel» to the request
appearing on an administrator's open dashboard, in real Chromium against the real portal.

Both timestamps are taken inside the browser (the click listener and a MutationObserver), so
Playwright's own overhead is not counted. Between rounds the request is withdrawn.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, SIZES, Portal
from tests.e2e.journeys import confirmed_person_without_group, login_demo_admin
from tests.support import running_portal

ROUNDS = 20
WATCH_ARRIVALS = """() => {
  window.__arrivals = {};
  const seen = () => document.querySelectorAll('#pending li[data-request]').forEach(li => {
    const id = li.getAttribute('data-request');
    if (!(id in window.__arrivals)) window.__arrivals[id] = Date.now();
  });
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true});
  seen();
}"""
WATCH_SENDS = """() => document.addEventListener('click', e => {
  if (e.target.closest('button[type=submit]')) window.__sent = Date.now();
}, true)"""


def measure(portal: Portal, rounds: int = ROUNDS) -> dict:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        admin = browser.new_context(viewport=SIZES["desktop"]).new_page()
        person = browser.new_context(viewport=SIZES["desktop"]).new_page()
        login_demo_admin(portal, admin, "desktop")
        admin.goto(portal.url + "/administrer")
        expect(admin.get_by_role("heading", name="Oslo kommune", level=2)).to_be_visible()
        admin.evaluate(WATCH_ARRIVALS)
        confirmed_person_without_group(portal, person, "desktop", "bench.person@utenfor.no", "Bench Person")
        person.evaluate(WATCH_SENDS)
        person.get_by_label("Navn eller organisasjonsnummer").fill("958935420")
        latencies = []
        for _ in range(rounds):
            before = admin.evaluate("Object.keys(window.__arrivals).length")
            person.get_by_role("button", name="Be om medlemskap: Oslo kommune").click()
            person.get_by_role("button", name="Send forespørsel").click()
            admin.wait_for_function(f"Object.keys(window.__arrivals).length > {before}", timeout=10_000)
            arrived = admin.evaluate("Math.max(...Object.values(window.__arrivals))")
            latencies.append(arrived - person.evaluate("window.__sent"))
            person.get_by_role("button", name="Trekk forespørselen: Oslo kommune").click()
            expect(admin.locator("#pending li")).to_have_count(0, timeout=10_000)
        browser.close()
    cuts = statistics.quantiles(latencies, n=100)
    return {"rounds": rounds, "p50_ms": statistics.median(latencies), "p95_ms": cuts[94], "max_ms": max(latencies)}


def run(rounds: int = ROUNDS, extra_env: dict[str, str] | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp)
        with running_portal(local, extra_env) as url:
            return measure(Portal(url, local, local / "mail"), rounds)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
