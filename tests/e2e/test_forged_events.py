"""Forged events from a raw socket: odd text keeps the socket alive, unknown handlers and client error
reports cannot forge log lines, and a selection cannot be grown without limit (issue 11, weaker findings)."""

from __future__ import annotations

import uuid

import pytest

from helsecert_portal.state.admin import AdminState
from helsecert_portal.state.groups import GroupsState
from tests.support import run_async

from .raw import RawTab

pytestmark = pytest.mark.e2e
FRONTEND_ERRORS = "reflex___state____state.reflex___state____frontend_event_exception_state"


def portal_log(portal) -> str:
    """Every instance's output, restarts included: a restarted instance writes portal-2.log (test_restart restarts
    one on the scaled stack, and the events here may land on it)."""
    return "\n".join(p.read_text(errors="replace") for p in sorted(portal.local_dir.rglob("portal*.log")))


def test_a_lone_surrogate_in_a_search_does_not_kill_the_socket(portal) -> None:
    async def scenario() -> None:
        tab = RawTab(portal.url)
        await tab.connect("", "/medlemsgrupper")
        await tab.call(GroupsState, "search", {"query": "trom\ud800sø"}, "/medlemsgrupper")
        mark = tab.mark()
        await tab.call(GroupsState, "search", {"query": "tromsø"}, "/medlemsgrupper")
        assert "Tromsø kommune" in tab.since(mark)  # the same socket still answers

    run_async(scenario())


def test_unknown_handlers_and_client_error_reports_write_one_escaped_line(portal) -> None:
    marker = uuid.uuid4().hex

    async def scenario() -> None:
        tab = RawTab(portal.url)
        await tab.connect("", "/")
        await tab.sio.emit("event", {"name": f"{FRONTEND_ERRORS}.no_such_handler", "payload": {"x": f"\nFORGED-{marker} ERROR"}, "router_data": {"pathname": "/"}}, namespace="/_event")
        await tab.sio.emit("event", {"name": f"{FRONTEND_ERRORS}.handle_frontend_exception", "payload": {"info": f"boom\nFORGED-{marker} WARNING admin logged in", "component_stack": ""}, "router_data": {"pathname": "/"}}, namespace="/_event")
        await tab.settle(quiet=1.0)

    run_async(scenario())
    lines = [line for line in portal_log(portal).splitlines() if marker in line]
    assert lines, "the client's report was logged"
    assert not any(line.lstrip().startswith(f"FORGED-{marker}") for line in lines)  # never a line of its own
    assert "Traceback" not in portal_log(portal)


def test_the_approval_selection_cannot_be_grown_by_forged_ids(portal) -> None:
    async def scenario() -> None:
        tab = RawTab(portal.url)
        await tab.connect("", "/administrer")
        for _ in range(300):
            await tab.send(AdminState, "flip", {"request_id": uuid.uuid4().hex}, "/administrer")
        await tab.settle(quiet=1.0)
        assert '"selected_rx_state_": ["' not in tab.seen()  # nothing shown, so nothing can be selected

    run_async(scenario())


def _one(portal, sql: str, **params: object) -> object:
    from sqlalchemy import create_engine, text

    engine = create_engine(portal.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


def _audit_actions(portal, action: str) -> int:
    return int(_one(portal, "SELECT count(*) FROM audit_event WHERE action = :a", a=action))


def test_a_forged_login_and_a_refused_admin_action_are_logged_and_audited(portal) -> None:
    import httpx

    from .raw import new_person, unique

    failed, refused = _audit_actions(portal, "login.failed"), _audit_actions(portal, "action.refused")
    response = httpx.get(portal.url + "/auth/callback", params={"code": "forged", "state": "forged"}, follow_redirects=False)
    assert response.status_code == 303 and "innlogging-feilet" in response.headers["location"]

    async def scenario() -> None:
        outsider = await new_person(portal, unique("Nysgjerrig "), unique("x.") + "@konsulent-eksempel.no")
        oslo = _one(portal, "SELECT id FROM organisation WHERE name = :n", n="Oslo kommune")
        await outsider.tab.connect(outsider.cookie, "/")
        await outsider.tab.call(AdminState, "load_admin", {}, f"/administrer?g={oslo}")

    run_async(scenario())
    assert _audit_actions(portal, "login.failed") == failed + 1
    log = portal_log(portal)
    assert '"event": "login.failed", "reason": "StaleLogin"' in log
    assert _audit_actions(portal, "action.refused") == refused + 1
    assert '"event": "action.refused", "reason": "NotAllowed"' in log


def test_metrics_count_every_workers_logins_and_answer_only_this_machine(portal) -> None:
    """Several forged callbacks spread over the instance's workers; /metrics from loopback sums them all (on the
    instance's own port: through the TLS proxy, which forwards X-Forwarded-For, it answers 404)."""
    import re

    import httpx

    direct = portal.urls[0]

    def failed() -> float:
        text = httpx.get(direct + "/metrics").text
        found = re.search(r'^portal_logins_total\{method="idporten",outcome="failed"\} (\S+)$', text, re.M)
        return float(found.group(1)) if found else 0.0

    before = failed()
    for _ in range(6):
        httpx.get(direct + "/auth/callback", params={"code": "forged", "state": "forged"})
    assert [failed() for _ in range(4)] == [before + 6] * 4  # whichever worker answers, the sum is the same
    assert httpx.get(direct + "/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    if portal.ca_file is not None:
        assert httpx.get(portal.url + "/metrics").status_code == 404


def test_a_member_can_neither_read_register_change_nor_close_back_ends_by_forged_events(portal) -> None:
    """Issue 16: every handler of CERT-drift › Tjenester as a raw socket client who is a member but not an operator."""
    from helsecert_portal.state.backends import BackendDeskState

    from .raw import new_person, unique

    client_id = unique("hemmelig-")
    secret = _seed_backend(portal, client_id)
    before = (_one(portal, "SELECT count(*) FROM relying_party"), _one(portal, "SELECT count(*) FROM service"), _audit_actions(portal, "action.refused"))
    hash_before = _one(portal, "SELECT secret_hash FROM relying_party WHERE client_id = :c", c=client_id)
    form = {"client_id": unique("forged-"), "name": "Forged", "auth_method": "client_secret_basic", "redirect_uris": "https://evil.example/cb", "audience": "members"}
    calls = (
        ("load_backends", {}), ("edit_client", {"client_id": client_id}), ("save_client", {"form_data": form}),
        ("renew_secret", {"client_id": client_id}), ("close_client", {"client_id": client_id}),
        ("save_service", {"form_data": {"name": "Phish", "url": "https://evil.example/", "audience": "members"}}),
        ("edit_service", {"service_id": "x"}), ("remove_service", {"service_id": "x"}),
    )

    async def scenario() -> str:
        member = await new_person(portal, unique("Nysgjerrig "), unique("y.") + "@oslo.kommune.no")
        await member.tab.connect(member.cookie, "/drift/tjenester")
        mark = member.tab.mark()
        for handler, payload in calls:
            await member.tab.call(BackendDeskState, handler, payload, "/drift/tjenester")
        await member.tab.settle(quiet=0.5)
        return member.tab.since(mark)

    seen = run_async(scenario())
    assert client_id not in seen and "sak.example.no" not in seen and secret not in seen  # nothing of a registration is sent
    assert (_one(portal, "SELECT count(*) FROM relying_party"), _one(portal, "SELECT count(*) FROM service")) == before[:2]
    assert _one(portal, "SELECT secret_hash FROM relying_party WHERE client_id = :c", c=client_id) == hash_before
    assert _one(portal, "SELECT count(*) FROM relying_party WHERE client_id = :c AND disabled_at IS NULL", c=client_id) == 1
    assert _audit_actions(portal, "action.refused") >= before[2] + 6  # each refused write and read is audited


def _seed_backend(portal, client_id: str) -> str:
    """A registered back-end, as an operator would leave it (registered through the same domain function)."""
    from sqlmodel import Session, create_engine

    from helsecert_portal.core.clock import SystemClock
    from helsecert_portal.provider import clients

    engine = create_engine(portal.database_url)
    try:
        with Session(engine) as db:
            reg = clients.Registration(client_id=client_id, name="Saksbehandling", auth_method="client_secret_basic", redirect_uris=("https://sak.example.no/cb",))
            _, secret = clients.register(db, SystemClock(), secret_key="forged-test", actor_id=None, reg=reg)
            db.commit()
            return secret
    finally:
        engine.dispose()
