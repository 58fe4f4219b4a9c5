"""TLP enforced on the wire (issue 14): raw socket.io clients speaking Reflex's protocol, as an attacker drives
them. A member of Oslo forges every alert event it can name and reconnects with its tab token; a control tab
in the addressed group does receive the alert, so a test that sees nothing because nothing was sent cannot pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from helsecert_portal.state.alert_desk import AlertDeskState
from helsecert_portal.state.alerts import AlertsState, AlertState
from helsecert_portal.state.group_page import GroupPageState
from tests.support import run_async

from .raw import RawTab, new_person, unique, wait_for_text
from .test_tab_security import LIVE, operator_tab

pytestmark = pytest.mark.e2e
CSAF = Path(__file__).parents[1] / "data" / "csaf_fortios_sslvpn.json"


async def publish(operator: RawTab, *, title: str, tlp: str, audience: str, group: str = "", addresses: str = "") -> str:
    """The CERT operator writes and publishes an alert through the desk's own events; returns its id."""
    await operator.call(AlertDeskState, "new_alert", {}, "/drift/varsler")
    if group:
        await operator.call(AlertDeskState, "search_groups", {"query": group}, "/drift/varsler")
        group_id = operator.last(r'"id": "([0-9a-f]{32})", "name": "' + group + '"')
        await operator.call(AlertDeskState, "add_group", {"group_id": group_id}, "/drift/varsler")
    form = {
        "title": title,
        "summary": "Sammendrag " + title,
        "body": "",
        "severity": "hoy",
        "cvss_vector": "",
        "cves": "CVE-2024-3400",
        "products": "",
        "actions": "",
        "links": "",
        "tlp": tlp,
        "audience": audience,
        "audience_kind": "",
        "addresses": addresses,
    }
    await operator.call(AlertDeskState, "save", {"form_data": form}, "/drift/varsler")
    alert_id = operator.last(r'"alert_id(?:_rx_state_)?": "([0-9a-f]{32})"')
    await operator.call(AlertDeskState, "publish", {}, "/drift/varsler")
    assert "er publisert" in operator.seen()
    return alert_id


async def member(portal, domain: str, prefix: str):
    person = await new_person(portal, unique(prefix), unique("m.") + "@" + domain)
    await person.tab.connect(person.cookie, "/varsler")
    return person


def test_a_member_of_another_group_gets_no_amber_alert_through_any_handler_feed_or_hydrate(portal) -> None:
    async def scenario() -> None:
        operator, _ = await operator_tab(portal, "/drift/varsler")
        oslo, bergen = await member(portal, "oslo.kommune.no", "Oslo "), await member(portal, "bergen.kommune.no", "Bergen ")
        bergen_id = await _group_id(bergen.tab, "Bergen kommune")
        await oslo.tab.connect(oslo.cookie, "/varsler")
        await bergen.tab.connect(bergen.cookie, "/varsler")
        secret = unique("Hemmelig Bergen-varsel ")
        o_mark, b_mark = oslo.tab.mark(), bergen.tab.mark()
        alert_id = await publish(operator, title=secret, tlp="AMBER", audience="groups", group="Bergen kommune")
        assert await wait_for_text(bergen.tab, secret, b_mark, LIVE), "the control tab in Bergen must receive it live"
        await oslo.tab.settle()
        # Every handler Oslo's tab can name, with Bergen's alert and group in the payload:
        await oslo.tab.call(AlertState, "load_alert", {}, f"/varsel?id={alert_id}")
        await oslo.tab.call(AlertState, "acknowledge", {"form_data": {"group_id": bergen_id, "status": "mottatt", "note": ""}}, f"/varsel?id={alert_id}")
        await oslo.tab.call(AlertsState, "apply_filters", {"form_data": {"text": secret[:20], "cve": "CVE-2024-3400"}}, "/varsler")
        await oslo.tab.call(GroupPageState, "load_group", {}, f"/medlemsgruppe?g={bergen_id}")
        await oslo.tab.connect(oslo.cookie, f"/varsel?id={alert_id}")  # a reconnect with the same tab token (hydrate)
        await oslo.tab.connect(oslo.cookie, "/varsler")
        got = oslo.tab.since(o_mark)
        at = got.find(secret)
        assert secret not in got, got[max(0, at - 2500) : at + 300]
        assert [f for f in oslo.tab.frames[o_mark:] if alert_id in f and "rx_router_url" not in f] == []  # the id only as the forged path echoed back
        assert "Fant ikke varselet" in oslo.tab.since(o_mark)
        with create_engine(portal.database_url).connect() as db:
            assert db.execute(text("select count(*) from alert_ack where alert_id = :a"), {"a": alert_id}).scalar() == 0
        for tab in (operator, oslo.tab, bergen.tab):
            await tab.close()

    run_async(scenario())


async def _group_id(tab: RawTab, name: str) -> str:
    from helsecert_portal.state.groups import GroupsState

    await tab.call(GroupsState, "search", {"query": name}, "/medlemsgrupper")
    return tab.last(r'"id": "([0-9a-f]{32})", "name": "' + name + '"')


def test_a_red_alert_reaches_only_its_named_person_and_each_opening_is_audited(portal) -> None:
    async def scenario() -> None:
        operator, _ = await operator_tab(portal, "/drift/varsler")
        named, colleague = await member(portal, "oslo.kommune.no", "Navngitt "), await member(portal, "oslo.kommune.no", "Kollega ")
        anonymous = RawTab(portal.url)
        await anonymous.connect("", "/varsler")
        secret = unique("Bare for deg ")
        n_mark, c_mark, a_mark = named.tab.mark(), colleague.tab.mark(), anonymous.mark()
        alert_id = await publish(operator, title=secret, tlp="RED", audience="persons", addresses=named.address)
        assert await wait_for_text(named.tab, secret, n_mark, LIVE)
        await named.tab.call(AlertState, "load_alert", {}, f"/varsel?id={alert_id}")
        for tab in (colleague.tab, anonymous):
            await tab.call(AlertState, "load_alert", {}, f"/varsel?id={alert_id}")
            await tab.connect(colleague.cookie if tab is colleague.tab else "", "/varsler")
        assert secret not in colleague.tab.since(c_mark) and secret not in anonymous.since(a_mark)
        with create_engine(portal.database_url).connect() as db:
            assert db.execute(text("select count(*) from audit_event where action = 'alert.opened' and subject_id = :a"), {"a": alert_id}).scalar() == 1
        for tab in (operator, named.tab, colleague.tab, anonymous):
            await tab.close()

    run_async(scenario())


def test_a_non_operator_can_neither_draft_publish_withdraw_nor_read_the_acknowledgement_table(portal) -> None:
    async def scenario() -> None:
        operator, _ = await operator_tab(portal, "/drift/varsler")
        alert_id = await publish(operator, title=unique("Til alle "), tlp="AMBER", audience="all")
        await operator.call(AlertDeskState, "open_alert", {"alert_id": alert_id}, "/drift/varsler")
        assert "Oslo kommune" in operator.seen(), "control: the operator's desk shows the acknowledgement table"
        intruder = await member(portal, "tromso.kommune.no", "Inntrenger ")
        tab, mark = intruder.tab, intruder.tab.mark()
        with create_engine(portal.database_url).connect() as db:
            before = db.execute(text("select count(*), sum(revision) from alert")).one()
        await tab.call(AlertDeskState, "load_desk", {}, "/drift/varsler")
        await tab.call(AlertDeskState, "open_alert", {"alert_id": alert_id}, "/drift/varsler")
        await tab.call(AlertDeskState, "new_alert", {}, "/drift/varsler")
        form = {"title": "Falskt varsel", "summary": "x", "tlp": "CLEAR", "audience": "all", "severity": "lav"}
        await tab.call(AlertDeskState, "save", {"form_data": form}, "/drift/varsler")
        await tab.call(AlertDeskState, "publish", {}, "/drift/varsler")
        await tab.call(AlertDeskState, "withdraw", {"form_data": {"reason": "x"}}, "/drift/varsler")
        await tab.call(AlertDeskState, "remind", {"group_id": "0" * 32}, "/drift/varsler")
        await tab.call(AlertDeskState, "import_csaf", {"text": CSAF.read_text()}, "/drift/varsler")
        with create_engine(portal.database_url).connect() as db:
            assert db.execute(text("select count(*), sum(revision) from alert")).one() == before
            assert db.execute(text("select count(*) from outbox_mail where kind = 'alert.reminder'")).scalar() == 0
        received = tab.since(mark)
        assert "Ikke besvart" not in received and '"group": "Oslo kommune"' not in received  # nothing of the acknowledgement table
        assert "Du har ikke tilgang" in received
        for t in (operator, tab):
            await t.close()

    run_async(scenario())


def _sql(portal, statement: str, **values: str) -> None:
    with create_engine(portal.database_url).begin() as db:
        db.execute(text(statement), values)


def test_a_tab_whose_session_ended_or_whose_operator_role_was_taken_receives_no_further_alert(portal) -> None:
    async def scenario() -> None:
        operator, _ = await operator_tab(portal, "/drift/varsler")
        ended, control = await member(portal, "oslo.kommune.no", "Utlogget "), await member(portal, "oslo.kommune.no", "Kontroll ")
        demoted = await member(portal, "tromso.kommune.no", "Tidligere operatør ")
        _sql(portal, "update person set is_operator = true where id = (select person_id from email_address where address = :a)", a=demoted.address)
        await demoted.tab.connect(demoted.cookie, "/drift/varsler")
        assert '"allowed_rx_state_": true' in demoted.tab.seen(), "control: the new operator's desk is open"
        _sql(portal, "update login_session set revoked_at = CURRENT_TIMESTAMP where person_id = (select person_id from email_address where address = :a)", a=ended.address)
        _sql(portal, "update person set is_operator = false where id = (select person_id from email_address where address = :a)", a=demoted.address)
        secret = unique("Etter utlogging ")
        e_mark, c_mark, d_mark = ended.tab.mark(), control.tab.mark(), demoted.tab.mark()
        await publish(operator, title=secret, tlp="AMBER", audience="groups", group="Oslo kommune")
        assert await wait_for_text(control.tab, secret, c_mark, LIVE), "the control tab in Oslo must receive it live"
        assert await wait_for_text(demoted.tab, "Du er ikke lenger CERT-operatør", d_mark, LIVE)
        await ended.tab.settle()
        assert secret not in ended.tab.since(e_mark) and secret not in demoted.tab.since(d_mark)
        for tab in (operator, ended.tab, control.tab, demoted.tab):
            await tab.close()

    run_async(scenario())
