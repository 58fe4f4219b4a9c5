"""Graceful shutdown on the scaled stack: one of the two instances behind the TLS proxy is stopped (SIGTERM to its
processes, as systemd or a container runtime does) while it is handling a person's request, and started again.

The request is held in the database (the test locks the table it writes) so the SIGTERM is certain to arrive
while the event is in flight. The instance must stop taking connections, finish that event, save the tab's state
and exit; the browser reconnects through the proxy to the other instance and the person goes on from where the
request left them: the code page, the code in the mail, the address confirmed.
"""

from __future__ import annotations

import json
import subprocess
import time

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from tests.support import PIN_COOKIE, RunningPortal

from .conftest import Portal
from .journeys import login_new_person, register

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def _held_by(watcher, holder_pid: int) -> list[str]:
    """The statements waiting on a lock that the connection `holder_pid` holds. Read from a connection of its own:
    inside the holder's transaction PostgreSQL shows pg_stat_activity as it was at the transaction's first look, so a
    wait that began later was never seen there (the registration «never reached the database» on CI), and a passing
    wait between two other transactions must not be taken for the registration either."""
    sql = "select query from pg_stat_activity where wait_event_type = 'Lock' and :holder = any(pg_blocking_pids(pid))"
    return [str(q) for q in watcher.execute(text(sql), {"holder": holder_pid}).scalars()]


@pytest.mark.parametrize("size", ["desktop"])
def test_an_instance_stopped_in_the_middle_of_a_request_finishes_it_and_the_person_goes_on(portal: Portal, page: Page, size: str) -> None:
    if portal.ca_file is None:
        pytest.skip("needs the scaled stack's two instances behind the TLS proxy")
    first = portal.instance(0)
    instance = first.urls[0]
    assert isinstance(instance, RunningPortal)
    process = instance.process
    first.pin(page)  # everything this browser sends goes to instance 1 until the pin is lifted
    login_new_person(first, page, size)
    address = "omstart.midt.i@tromso.kommune.no"
    engine = create_engine(portal.database_url)
    stopped = False
    try:
        with engine.connect() as conn, engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
            with conn.begin():
                conn.execute(text("lock table email_address in exclusive mode"))  # reads go on; the address's insert waits
                holder = conn.execute(text("select pg_backend_pid()")).scalar_one()
                register(page, "Olav Omstart", address)
                deadline = time.monotonic() + 10
                while not any("email_address" in q for q in _held_by(watcher, holder)):
                    assert time.monotonic() < deadline, "the registration never reached the database"
                    time.sleep(0.05)
                process.terminate()  # the event is in flight on instance 1
                stopped = True
                page.context.clear_cookies(name=PIN_COOKIE)  # the browser's reconnect goes wherever the proxy sends it
                time.sleep(1.5)  # instance 1 has stopped listening and waits for the event (granian keeps its websocket open, silent)
                assert process.proc is not None and process.proc.poll() is None, "instance 1 exited without finishing its event"
                with pytest.raises(httpx.ConnectError):  # it takes no new connection
                    httpx.get(instance + "/healthz", timeout=2)
                assert httpx.get(portal.url + "/healthz", timeout=5).status_code == 200  # the proxy sends them to instance 2
            # the table is free: the event goes on, on the stopping instance
            exit_code = process.wait(20)
            assert exit_code == 0, f"instance 1 exited with {exit_code}"
            drained = [json.loads(line) for line in process.log_path.read_text().splitlines() if '"shutdown.draining"' in line]
            assert sum(line["in_flight"] for line in drained) >= 1, drained  # the registration was still running
        # the event finished on the stopping instance: the code it sends left
        deadline = time.monotonic() + 10
        while not portal.mails(address, "Bekreft din e-postadresse"):
            assert time.monotonic() < deadline, "the code the registration sends never left: its event was cut off"
            time.sleep(0.1)
        # the person is on the code page, served by instance 2, and goes on there
        expect(page.locator("#code-recipient")).to_have_text(address)
        page.get_by_label("Engangskode (6 siffer)").fill(portal.latest_code(page, address))
        page.get_by_role("button", name="Bekreft", exact=True).click()
        expect(page.get_by_text(f"Adressen {address} er bekreftet, og du er nå medlem av Tromsø kommune.")).to_be_visible()
        with engine.connect() as conn:
            rows = conn.execute(text("select count(*) from email_address where address = :a and verified_at is not null"), {"a": address}).scalar_one()
        assert rows == 1
    finally:
        engine.dispose()
        if stopped:  # the stack has two instances again for the tests after this one, whatever happened here
            try:
                process.wait(30)
            except (subprocess.TimeoutExpired, TimeoutError):
                process.kill()
            process.start()
