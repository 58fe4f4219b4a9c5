"""Publishing an alert to every group: 408 groups, 20,000 generated members; the operator's publish event
until its reply, and until each of 50 open member tabs (on /varsler) shows the alert; then the outbox
worker's throughput to the local SMTP server (the dev mail catcher). One worker, embedded defaults."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from helsecert_portal.idporten.test_persons import TEST_PERSONS

from .harness import ReflexClient, login, new_pid, percentiles

MEMBERS = 20_000
TABS = 50
ROUNDS = 5
MAIL_SECONDS = 20
DEMO_ADMIN_PID = next(pid for pid, name in TEST_PERSONS if name == "Demo Administrator")


def _names() -> dict[str, str]:
    from helsecert_portal.state.alert_desk import AlertDeskState
    from helsecert_portal.state.alerts import AlertsState
    from helsecert_portal.state.bulletins import BulletinState
    from helsecert_portal.state.session import SessionState

    return {"desk": AlertDeskState.get_full_name(), "alerts": AlertsState.get_full_name(), "bulletin": BulletinState.get_full_name(), "session": SessionState.get_full_name()}


def _generate_members(database_url: str) -> int:
    """20,000 registered members with a confirmed address, spread over every group (as a year of sign-ups)."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        groups = [r[0] for r in conn.execute(text("select id from organisation"))]
        people, addresses, memberships = [], [], []
        for n in range(MEMBERS):
            pid, eid = uuid.uuid4().hex, uuid.uuid4().hex
            people.append({"id": pid, "d": f"bench-{pid}", "m": "010170*****", "n": f"Medlem {n}"})
            addresses.append({"id": eid, "p": pid, "a": f"medlem{n}@bench.example.no"})
            memberships.append({"id": uuid.uuid4().hex, "p": pid, "o": groups[n % len(groups)], "e": eid})
        conn.execute(text("insert into person (id, pid_digest, pid_masked, full_name, idp_name, is_operator, created_at, registered_at, alert_mail) "
                          "values (:id, :d, :m, :n, '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'all')"), people)
        conn.execute(text("insert into email_address (id, person_id, address, domain, is_primary, created_at, verified_at) "
                          "values (:id, :p, :a, 'bench.example.no', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), addresses)
        conn.execute(text("insert into membership (id, person_id, organisation_id, email_id, source, created_at) values (:id, :p, :o, :e, 'domain', CURRENT_TIMESTAMP)"), memberships)
    engine.dispose()
    return len(groups)


def _link_tab_people(database_url: str, count: int) -> None:
    """The newest `count` people (the tabs' logins) become registered members of a group each."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        groups = [r[0] for r in conn.execute(text("select id from organisation order by name"))]
        ids = [r[0] for r in conn.execute(text("select id from person where registered_at is null order by created_at desc limit :n"), {"n": count})]
        for i, person_id in enumerate(ids):
            conn.execute(text("update person set full_name = 'Fane', registered_at = CURRENT_TIMESTAMP where id = :p"), {"p": person_id})
            conn.execute(text("insert into membership (id, person_id, organisation_id, email_id, source, created_at) values (:i, :p, :o, null, 'operator', CURRENT_TIMESTAMP)"),
                         {"i": uuid.uuid4().hex, "p": person_id, "o": groups[i % len(groups)]})
    engine.dispose()


async def _shows(client: ReflexClient, title: str, started: float) -> float:
    while True:
        update = await asyncio.wait_for(client.updates.get(), timeout=60)
        if title in json.dumps(update.get("delta", {}), ensure_ascii=False):
            return (update["at"] - started) * 1000


async def measure(url: str, database_url: str, mail_folder: Path) -> dict:
    names = _names()
    groups = _generate_members(database_url)
    tabs = [ReflexClient(url, await login(url, new_pid())) for _ in range(TABS)]
    _link_tab_people(database_url, TABS)
    operator = ReflexClient(url, await login(url, DEMO_ADMIN_PID))
    for client in [*tabs, operator]:
        await client.connect()
    for tab in tabs:
        for event in ("session.load_session", "bulletin.load_bulletins", "alerts.load_alerts"):
            state, handler = event.split(".")
            await tab.call(f"{names[state]}.{handler}", {}, "/varsler")
    await operator.call(f"{names['desk']}.load_desk", {}, "/drift/varsler")
    replies, shown = [], []
    for r in range(ROUNDS):
        title = f"Benchmark-varsel {r} {uuid.uuid4().hex[:6]}"
        form = {"title": title, "summary": "Sammendrag", "body": "", "severity": "kritisk", "cvss_vector": "", "cves": "", "products": "", "actions": "",
                "links": "", "tlp": "AMBER", "audience": "all", "audience_kind": "", "addresses": ""}
        await operator.call(f"{names['desk']}.new_alert", {}, "/drift/varsler")
        await operator.call(f"{names['desk']}.save", {"form_data": form}, "/drift/varsler")
        for tab in tabs:
            tab.drain()
        started = time.perf_counter()
        waiting = [asyncio.create_task(_shows(tab, title, started)) for tab in tabs]
        replies.append(await operator.call(f"{names['desk']}.publish", {}, "/drift/varsler"))
        shown += await asyncio.gather(*waiting)
    await asyncio.gather(*(c.close() for c in [*tabs, operator]), return_exceptions=True)
    mail = _outbox_rate(database_url, mail_folder)
    return {"groups": groups, "members": MEMBERS, "tabs": TABS, "rounds": ROUNDS, "publish_reply": percentiles(replies), "tabs_show": percentiles(shown), "outbox": mail}


def _outbox_rate(database_url: str, mail_folder: Path) -> dict:
    """How long the worker takes to expand the fan-outs into mails, then mails delivered to the SMTP catcher per
    second over MAIL_SECONDS while it drains the queue."""
    engine = create_engine(database_url)

    def count(sql: str) -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    started = time.perf_counter()
    while count("select count(*) from mail_fanout where done_at is null") and time.perf_counter() - started < 300:
        time.sleep(0.2)
    expanded_s, queued = time.perf_counter() - started, count("select count(*) from outbox_mail")
    first, started = count("select count(*) from outbox_mail where sent_at is not null"), time.perf_counter()
    time.sleep(MAIL_SECONDS)
    last, elapsed = count("select count(*) from outbox_mail where sent_at is not null"), time.perf_counter() - started
    engine.dispose()
    files = len(list(mail_folder.glob("*.eml"))) if mail_folder.exists() else 0
    return {"queued": queued, "expanded_seconds": expanded_s, "sent_in_window": last - first, "seconds": elapsed, "per_second": (last - first) / elapsed, "files": files}


def run() -> dict:
    from tests.support import running_portal

    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp)
        with running_portal(local / "embedded") as url:
            return asyncio.run(measure(url, f"sqlite:///{local / 'embedded' / 'portal.db'}", local / "embedded" / "mail"))


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
