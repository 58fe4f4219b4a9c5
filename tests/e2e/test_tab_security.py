"""The session is the trust boundary, not the tab (issue 11, finding 1 and 4), driven as an attacker would:
raw socket.io clients speaking Reflex's protocol, with a tab token they keep across logout, a cookie they
swap, and events they forge. Each asserts on the frames received, with a control tab that does receive
the same data, so a test that sees nothing because nothing was sent cannot pass.
"""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import create_engine, text

from helsecert_portal.idporten.test_persons import synthetic_fnr
from helsecert_portal.state.admin import AdminState
from helsecert_portal.state.groups import GroupsState
from helsecert_portal.state.operator import OperatorState
from helsecert_portal.state.session import SessionState
from tests.support import run_async

from .raw import Person, RawTab, login, new_person, unique, wait_for_text

pytestmark = pytest.mark.e2e
DEMO_ADMIN_PID = synthetic_fnr(24, 6, 90, 300)
LIVE = 2.0  # seconds: the promise for a live update, and the window in which a leak would show


async def operator_tab(portal, path: str = "/drift") -> tuple[RawTab, str]:
    """A fresh login of the demo CERT operator (also Oslo kommune's administrator), with its tab open on `path`."""
    cookie = await login(portal.url, DEMO_ADMIN_PID)
    tab = RawTab(portal.url)
    await tab.connect(cookie, path)
    return tab, cookie


async def oslo_member(portal, name: str) -> tuple[Person, str]:
    """A person whose address is at oslo.kommune.no, so linked automatically; returns (person, Oslo's group id)."""
    person = await new_person(portal, name, unique("p.") + "@oslo.kommune.no")
    await person.tab.connect(person.cookie, "/medlemsgrupper")
    oslo = person.tab.last(r'"id": "([0-9a-f]{32})", "name": "Oslo kommune"')
    return person, oslo


async def make_admin(operator: RawTab, oslo: str, person: Person) -> str:
    """The operator appoints `person` administrator of Oslo; returns the person's id."""
    await operator.call(OperatorState, "open_group", {"group_id": oslo}, "/drift")
    await operator.call(OperatorState, "add_admin", {"form_data": {"admin_email": person.address}}, "/drift")
    return operator.last(r'"id": "([0-9a-f]{32})", "name": "' + re.escape(person.name) + '"')


async def open_dashboard(person_or_cookie: Person | str, portal, oslo: str, tab: RawTab | None = None) -> RawTab:
    cookie = person_or_cookie.cookie if isinstance(person_or_cookie, Person) else person_or_cookie
    tab = tab or RawTab(portal.url)
    await tab.connect(cookie, f"/administrer?g={oslo}")
    await tab.call(AdminState, "load_admin", {}, f"/administrer?g={oslo}")
    return tab


async def join_request(portal, oslo: str) -> tuple[tuple[str, str, str], RawTab]:
    """Someone outside Oslo asks to join; returns what an administrator would see (name, address, message) and their tab."""
    name, message = unique("Søker "), unique("Hemmelig melding ")
    requester = await new_person(portal, name, unique("r.") + "@konsulent-eksempel.no")
    tab = requester.tab
    await tab.connect(requester.cookie, "/medlemsgrupper")
    await tab.call(GroupsState, "search", {"query": "oslo kommune"}, "/medlemsgrupper")
    await tab.call(GroupsState, "choose", {"group_id": oslo}, "/medlemsgrupper")
    await tab.send(GroupsState, "send_request", {"form_data": {"message": message}}, "/medlemsgrupper")
    return (name, requester.address, message), tab


async def withdraw_all(tab: RawTab) -> None:
    """Leave no open request behind: other tests count the administrators' badge."""
    await tab.settle()
    for request_id in set(re.findall(r'"id": "([0-9a-f]{32})", "group": "Oslo kommune", "status": "pending"', tab.seen())):
        await tab.call(GroupsState, "withdraw", {"request_id": request_id}, "/medlemsgrupper")


async def leaks_nothing(portal, oslo: str, control: RawTab, *victims: RawTab) -> None:
    """A new join request to Oslo reaches the control tab live, and none of its details reach the victims."""
    c_mark, v_marks = control.mark(), [v.mark() for v in victims]
    secrets, requester = await join_request(portal, oslo)
    try:
        assert await wait_for_text(control, secrets[0], c_mark, LIVE), "the control tab must receive the new request live"
        for victim, mark in zip(victims, v_marks, strict=True):
            await victim.settle()
            leaked = victim.since(mark)
            for secret in secrets:
                assert secret not in leaked
    finally:
        await withdraw_all(requester)


def test_admin_removed_by_an_operator_receives_no_further_requests(portal) -> None:
    async def scenario() -> None:
        operator, _ = await operator_tab(portal)
        admin, oslo = await oslo_member(portal, unique("Fjernet Admin "))
        person_id = await make_admin(operator, oslo, admin)
        admin_tab = await open_dashboard(admin, portal, oslo)
        assert '"allowed_rx_state_": true' in admin_tab.seen()  # it really was an administrator's dashboard
        control = await open_dashboard((await operator_tab(portal, "/"))[1], portal, oslo)
        mark = admin_tab.mark()
        await operator.call(OperatorState, "remove_admin", {"person_id": person_id}, "/drift")
        await admin_tab.settle()
        assert '"allowed_rx_state_": false' in admin_tab.since(mark)  # told at once, and its pending list emptied
        assert "Du er ikke lenger administrator for denne medlemsgruppen" in admin_tab.since(mark)  # why, once: the role, not the login
        await leaks_nothing(portal, oslo, control, admin_tab)
        # A forged reload of the dashboard gets a refusal, not the group.
        mark = admin_tab.mark()
        await admin_tab.call(AdminState, "load_admin", {}, f"/administrer?g={oslo}")
        assert '"allowed_rx_state_": true' not in admin_tab.since(mark) and admin.address not in admin_tab.since(mark)

    run_async(scenario())


def test_a_logged_out_tab_reconnecting_without_cookie_gets_nothing(portal) -> None:
    async def scenario() -> None:
        member, oslo = await oslo_member(portal, unique("Synlig Medlem "))
        tab, cookie = await operator_tab(portal)
        tab = await open_dashboard(cookie, portal, oslo, tab)
        assert member.address in tab.seen()  # the member list really was on this tab
        await tab.call(SessionState, "load_session", {}, f"/administrer?g={oslo}")
        logout = tab.last(r'"logout_href_rx_state_": "(/auth/logout\?proof=[0-9a-f]+)"')
        async with httpx.AsyncClient() as http:
            await http.get(portal.url + logout, headers={"Cookie": cookie})
        mark = tab.mark()
        await tab.connect("", f"/administrer?g={oslo}")  # same token, no cookie: what a shared screen keeps
        assert member.address not in tab.since(mark) and member.name not in tab.since(mark)
        control = await open_dashboard((await operator_tab(portal, "/"))[1], portal, oslo)
        await leaks_nothing(portal, oslo, control, tab)

    run_async(scenario())


def test_a_logout_through_another_instance_refuses_the_very_next_event_of_a_tab_that_kept_the_cookie(portal) -> None:
    """The caller behind each event is cached in the tab's worker (domain/sessions.Callers). The logout's commit
    forgets it there too, at once: on the scaled stack the logout goes to the other instance, so the cache is
    forgotten across processes. The event is sent as soon as the logout has answered, well inside the cache's
    1-second bound, so a cache that only timed out would hand over the member list."""

    async def scenario() -> None:
        member, oslo = await oslo_member(portal, unique("Synlig Medlem "))
        cookie, path = await login(portal.url, DEMO_ADMIN_PID), f"/administrer?g={oslo}"
        tab = RawTab(portal.urls[0])
        await tab.connect(cookie, path)
        for _ in range(3):  # the dashboard with its member list, each time from the cached caller after the first
            mark = tab.mark()
            await tab.call(AdminState, "load_admin", {}, path)
            assert member.address in tab.since(mark) and "/logg-inn" not in tab.since(mark)
        await tab.call(SessionState, "load_session", {}, path)
        logout = tab.last(r'"logout_href_rx_state_": "(/auth/logout\?proof=[0-9a-f]+)"')
        async with httpx.AsyncClient(verify=str(portal.ca_file) if portal.ca_file else True) as http:
            assert (await http.get(portal.urls[-1] + logout, headers={"Cookie": cookie})).status_code in (302, 303, 307)
        mark = tab.mark()
        await tab.call(AdminState, "load_admin", {}, path)  # the same socket, still sending the ended session's cookie
        assert "/logg-inn" in tab.since(mark)
        assert member.address not in tab.since(mark) and member.name not in tab.since(mark)

    run_async(scenario())


def test_the_next_person_in_the_same_tab_gets_nothing_of_the_previous_one(portal) -> None:
    async def scenario() -> None:
        member, oslo = await oslo_member(portal, unique("Forrige Medlem "))
        tab, cookie = await operator_tab(portal)
        tab = await open_dashboard(cookie, portal, oslo, tab)
        assert member.address in tab.seen()
        nextone = await new_person(portal, unique("Neste Person "), unique("n.") + "@konsulent-eksempel.no")
        mark = tab.mark()
        await tab.connect(nextone.cookie, "/medlemsgrupper")  # the next person logs in on the same screen
        await tab.call(SessionState, "load_session", {}, "/medlemsgrupper")
        arrived = tab.since(mark)
        assert member.address not in arrived and "Demo Administrator" not in arrived
        assert nextone.name in arrived  # the tab does work, for the person now behind it
        control = await open_dashboard((await operator_tab(portal, "/"))[1], portal, oslo)
        await leaks_nothing(portal, oslo, control, tab)

    run_async(scenario())


def _sql(portal, statement: str, **params: object) -> list[tuple]:
    engine = create_engine(portal.database_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def test_a_demoted_operator_receives_no_further_requests(portal) -> None:
    async def scenario() -> None:
        person, oslo = await oslo_member(portal, unique("Tidligere Operator "))
        [(person_id,)] = _sql(portal, "SELECT person_id FROM email_address WHERE address = :a", a=person.address)
        _sql(portal, "UPDATE person SET is_operator = :t WHERE id = :p", t=True, p=person_id)
        ops_tab = RawTab(portal.url)
        await ops_tab.connect(person.cookie, "/drift")
        await ops_tab.call(OperatorState, "load_operator", {}, "/drift")
        assert '"allowed_rx_state_": true' in ops_tab.seen()
        _sql(portal, "UPDATE person SET is_operator = :f WHERE id = :p", f=False, p=person_id)
        control, _ = await operator_tab(portal)
        await control.call(OperatorState, "load_operator", {}, "/drift")
        await leaks_nothing(portal, oslo, control, ops_tab)

    run_async(scenario())


def test_sessions_ended_by_idle_timeout_or_by_id_porten_receive_nothing(portal) -> None:
    async def scenario() -> None:
        _member, oslo = await oslo_member(portal, unique("Medlem "))
        idle = await open_dashboard((await operator_tab(portal, "/"))[1], portal, oslo)
        ended = await open_dashboard((await operator_tab(portal, "/"))[1], portal, oslo)
        [(sid,)] = _sql(portal, "SELECT idp_sid FROM login_session WHERE revoked_at IS NULL ORDER BY created_at DESC LIMIT 1")
        async with httpx.AsyncClient() as http:
            issuer = _sql(portal, "SELECT idp_iss FROM login_session WHERE idp_sid = :s", s=sid)[0][0]
            await http.get(portal.url + "/auth/frontchannel-logout", params={"iss": issuer, "sid": sid})
        # The idle tab's session last saw its person 31 minutes ago; the control logs in afterwards.
        _sql(
            portal,
            "UPDATE login_session SET last_seen_at = last_seen_at - INTERVAL '31 minutes' WHERE revoked_at IS NULL"
            if portal.database_url.startswith("postgresql")
            else "UPDATE login_session SET last_seen_at = datetime(last_seen_at, '-31 minutes') WHERE revoked_at IS NULL",
        )
        control = await open_dashboard((await operator_tab(portal, "/"))[1], portal, oslo)
        await leaks_nothing(portal, oslo, control, idle, ended)

    run_async(scenario())


def _state_growth_probe(portal):
    """What a forged feed name would cost: Redis keys naming a person feed (scaled), or the portal's RSS (embedded)."""
    if portal.stack == "scaled":
        import redis

        from tests.support import REDIS_TEST_URL

        client = redis.Redis.from_url(REDIS_TEST_URL)
        return lambda: sum(1 for _ in client.scan_iter(match="*person-*", count=1000))
    from bench.harness import rss_mb

    return lambda: rss_mb(portal.pid)


def test_forged_admin_events_from_anonymous_sockets_create_no_state(portal) -> None:
    """Finding 4: refused remove_member / set_admin once published to a feed named from the browser's id."""
    import uuid

    probe = _state_growth_probe(portal)

    async def scenario() -> None:
        tabs = [RawTab(portal.url) for _ in range(4)]
        for tab in tabs:
            await tab.connect("", "/administrer")
        for _round in range(100):
            for tab in tabs:
                await tab.send(AdminState, "remove_member", {"person_id": uuid.uuid4().hex}, "/administrer")
                await tab.send(AdminState, "set_admin", {"person_id": uuid.uuid4().hex, "admin": True}, "/administrer")
        for tab in tabs:
            await tab.settle(quiet=1.0)
            assert 'allowed_rx_state_": true' not in tab.seen()

    run_async(scenario())  # warm-up: the handlers' own first-use allocations are not growth
    before = probe()
    run_async(scenario())
    grown = probe() - before
    # 800 refused events created a state tree each before the fix (about 12 MB, or 800 Redis keys).
    assert grown < (1 if portal.stack == "scaled" else 5), grown


def test_the_websocket_and_the_routes_refuse_a_foreign_origin(portal) -> None:
    import socketio

    async def scenario() -> None:
        _tab, cookie = await operator_tab(portal, "/")
        evil = RawTab(portal.url)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await evil.connect(cookie, "/drift", origin="https://evil.example")
        own = RawTab(portal.url)
        await own.connect(cookie, "/drift", origin=portal.url)  # the portal's own pages do connect
        assert own.frames
        await own.close()

    run_async(scenario())
    response = httpx.get(portal.url + "/ping", headers={"Origin": "https://evil.example"})
    assert response.headers.get("access-control-allow-origin") in (None, portal.url)
    assert response.headers.get("access-control-allow-origin") != "*"
    preflight = httpx.options(portal.url + "/auth/passkey/binding", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert preflight.headers.get("access-control-allow-origin") != "https://evil.example"
    bound = httpx.post(portal.url + "/auth/passkey/binding", headers={"Origin": "https://evil.example"})
    assert bound.status_code == 403 and "hc_passkey_binding" not in bound.headers.get("set-cookie", "")
