"""Request to 50 open administrator dashboards: from the requester's «Send forespørsel» event to each
dashboard's update, over socket.io; one worker on the embedded defaults, and two instances of two
workers on PostgreSQL + Redis (dashboards spread over both instances, the requester on the first)."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from helsecert_portal.idporten.test_persons import TEST_PERSONS

from .harness import ReflexClient, login, new_pid, percentiles

DASHBOARDS = 50
ROUNDS = 15
ADMIN = "reflex___state____state.helsecert_portal___state___admin____admin_state"
GROUPS = "reflex___state____state.helsecert_portal___state___groups____groups_state"
DEMO_ADMIN_PID = next(pid for pid, name in TEST_PERSONS if name == "Demo Administrator")


def _prepare_requester(database_url: str) -> str:
    """The newest person gets a confirmed address outside every member group (as after step 4)."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        person_id = conn.execute(text("select id from person order by created_at desc limit 1")).scalar_one()
        conn.execute(text("update person set full_name = 'Bench Søker', registered_at = CURRENT_TIMESTAMP where id = :p"), {"p": person_id})
        conn.execute(
            text("insert into email_address (id, person_id, address, domain, is_primary, created_at, verified_at) values (:i, :p, 'bench@utenfor.no', 'utenfor.no', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"i": person_id[::-1], "p": person_id},
        )
        group_id = conn.execute(text("select id from organisation where org_number = '958935420'")).scalar_one()
    engine.dispose()
    return group_id


async def _wait_for_feed(client: ReflexClient, started: float, shows_request: bool = True) -> float:
    """Until this dashboard's own pending list arrives (delivered after its caller check), with or without the request."""
    while True:
        update = await asyncio.wait_for(client.updates.get(), timeout=30)
        delta = json.dumps(update.get("delta", {}), ensure_ascii=False)
        if "admin_state" in delta and "pending_rx_state_" in delta and ("Bench Søker" in delta) == shows_request:
            return (update["at"] - started) * 1000


async def measure(urls: list[str], database_url: str) -> dict:
    admins = [ReflexClient(urls[i % len(urls)], await login(urls[i % len(urls)], DEMO_ADMIN_PID)) for i in range(DASHBOARDS)]
    requester = ReflexClient(urls[0], await login(urls[0], new_pid()))
    group_id = _prepare_requester(database_url)
    for client in [*admins, requester]:
        await client.connect()
    await asyncio.gather(*(a.call(f"{ADMIN}.load_admin", {}, "/administrer") for a in admins))
    await requester.call(f"{GROUPS}.load_groups", {}, "/medlemsgrupper")
    latencies: list[float] = []
    for _ in range(ROUNDS):
        await requester.call(f"{GROUPS}.search", {"query": "958935420"}, "/medlemsgrupper")
        await requester.call(f"{GROUPS}.choose", {"group_id": group_id}, "/medlemsgrupper")
        for a in admins:
            a.drain()
        started = time.perf_counter()
        await requester.sio.emit("event", {"name": f"{GROUPS}.send_request", "payload": {"form_data": {"message": "bench"}},
                                           "router_data": {"pathname": "/medlemsgrupper", "query": {}, "asPath": "/medlemsgrupper"}}, namespace="/_event")
        latencies += await asyncio.gather(*(_wait_for_feed(a, started) for a in admins))
        engine = create_engine(database_url)
        with engine.connect() as conn:
            request_id = conn.execute(text("select id from join_request where status = 'pending' order by created_at desc limit 1")).scalar_one()
        engine.dispose()
        for a in admins:
            a.drain()
        await requester.call(f"{GROUPS}.withdraw", {"request_id": request_id}, "/medlemsgrupper")
        await asyncio.gather(*(_wait_for_feed(a, time.perf_counter(), shows_request=False) for a in admins))
    await asyncio.gather(*(c.close() for c in [*admins, requester]), return_exceptions=True)
    return {"dashboards": DASHBOARDS, "rounds": ROUNDS, **percentiles(latencies)}


def run() -> dict:
    from tests.support import running_portal, scaled_stack

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp)
        with running_portal(local / "embedded") as url:
            results["one worker (SQLite, in-memory state)"] = asyncio.run(measure([url], f"sqlite:///{local / 'embedded' / 'portal.db'}"))
        with scaled_stack(local / "scaled", workers=2, instances=2) as stack:
            results["2 instances x 2 workers (PostgreSQL, Redis)"] = asyncio.run(measure(list(stack.urls), stack.database_url))
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
