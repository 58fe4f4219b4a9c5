"""Event round trips over socket.io, as a browser sends them.

1. The portal's most frequent handlers, each with 1, 50 and 200 concurrently connected clients sending one
   after another, 5 rounds (the median of each round's percentiles), side by side with a bare Reflex app
   whose handler does nothing, started in the same run on the same machine:
   - a page load: `SessionState.load_session` then the page's on_load (`GroupsState.load_groups` on
     /medlemsgrupper), against two bare events one after the other;
   - search as you type (`GroupsState.search` with the prefixes a person types);
   - code confirmation (`EmailVerificationState.confirm` with a code in the wrong format: the caller
     resolved from the cookie, the code refused, the message set).
   The clients are registered members of a group, logged in through the simulator.
2. 2,000 connected clients (200 people with ten tabs each), each doing one of those every 5 seconds, on one
   worker and on one instance of two workers on Redis.
5. Backend memory per 1,000 idle connected clients, and the most clients one machine holds with a
   p95 event latency under 250 ms when every client sends one event a second.
6. Throughput (events per second, 50 clients sending back to back) with 1, 2 and 4 workers on Redis.

The load generator runs on the same 2 cores as the server, so the figures are a floor.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from .harness import SYSTEM_CLOCK, ReflexClient, cpu_seconds, login, new_pid, percentiles, rss_mb

ROOT = Path(__file__).resolve().parents[1]
_STATE = "reflex___state____state.helsecert_portal___state___"
CONFIRM = _STATE + "verification____email_verification_state.confirm"
LOAD_SESSION = _STATE + "session____session_state.load_session"
LOAD_GROUPS = _STATE + "groups____groups_state.load_groups"
SEARCH = _STATE + "groups____groups_state.search"
NOOP = "reflex___state____state.bare___bare____bare_state.noop"
EVENTS_PER_CLIENT = 20
ROUNDS = 5
TYPED = ["o", "os", "osl", "oslo", "oslo k", "oslo kom", "oslo kommune", "b", "be", "berg", "bergen", "helse", "helse vest", "9", "9764", "sykehus", "nav"]

Event = tuple[str, dict, str]  # name, payload, path
# what each kind of round trip sends, one after the other: the n-th round trip of a client gets n
HANDLERS: dict[str, object] = {
    "page load": lambda n: [(LOAD_SESSION, {}, "/medlemsgrupper"), (LOAD_GROUPS, {}, "/medlemsgrupper")],
    "search as you type": lambda n: [(SEARCH, {"query": TYPED[n % len(TYPED)]}, "/medlemsgrupper")],
    "code confirmation": lambda n: [(CONFIRM, {"form_data": {"code": "abc"}}, "/bekreft-epost")],
}
BARE = {"page load": lambda n: [(NOOP, {}, "/"), (NOOP, {}, "/")], "search as you type": lambda n: [(NOOP, {}, "/")], "code confirmation": lambda n: [(NOOP, {}, "/")]}


async def _trip(client: ReflexClient, events: list[Event]) -> float:
    """One round trip of one or more events sent one after another (a page load): milliseconds until the last answer."""
    started = time.perf_counter()
    for name, payload, path in events:
        await client.call(name, payload, path)
    return (time.perf_counter() - started) * 1000


async def _clients(url: str, count: int, cookies: list[str] | None = None) -> list[ReflexClient]:
    clients = [ReflexClient(url, cookies[i] if cookies else "") for i in range(count)]
    for i in range(0, count, 50):
        await asyncio.gather(*(c.connect() for c in clients[i : i + 50]))
    return clients


async def _close(clients: list[ReflexClient]) -> None:
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


async def _sessions(url: str, count: int) -> list[str]:
    cookies: list[str] = []
    for i in range(0, count, 10):
        cookies += await asyncio.gather(*(login(url, new_pid()) for _ in range(min(10, count - i))))
    return cookies


async def _round_trips(clients: list[ReflexClient], name: str, payload: dict, path: str, per_client: int = EVENTS_PER_CLIENT) -> list[float]:
    async def one(client: ReflexClient) -> list[float]:
        await asyncio.sleep(random.random() * 0.05)
        return [await client.call(name, payload, path) for _ in range(per_client)]

    results = await asyncio.gather(*(one(c) for c in clients))
    return [t for r in results for t in r]


async def _trips(clients: list[ReflexClient], make, per_client: int = EVENTS_PER_CLIENT) -> list[float]:
    async def one(client: ReflexClient) -> list[float]:
        await asyncio.sleep(random.random() * 0.05)
        return [await _trip(client, make(n)) for n in range(per_client)]

    return [t for r in await asyncio.gather(*(one(c) for c in clients)) for t in r]


def _median_of_rounds(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in rounds) for k in ("p50", "p95", "p99")}


async def round_trip_table(portal: str, bare: str, sessions: list[str], rounds: int = ROUNDS) -> list[dict]:
    """Each handler at 1, 50 and 200 clients: the portal's and the bare app's rounds alternate, so both meet the same
    machine; each figure is the median over the rounds of that round's percentile."""
    rows = []
    for handler, make in HANDLERS.items():
        for count in (1, 50, 200):
            portal_clients = await _clients(portal, count, sessions[:count])
            bare_clients = await _clients(bare, count)
            try:
                await _trips(portal_clients, make, 2)  # warm-up
                await _trips(bare_clients, BARE[handler], 2)
                p_rounds, b_rounds = [], []
                for _ in range(rounds):
                    p_rounds.append(percentiles(await _trips(portal_clients, make)))
                    b_rounds.append(percentiles(await _trips(bare_clients, BARE[handler])))
            finally:
                await _close(portal_clients)
                await _close(bare_clients)
            p, b = _median_of_rounds(p_rounds), _median_of_rounds(b_rounds)
            rows.append({"handler": handler, "clients": count, "portal": p, "bare": b, "ratio_p50": p["p50"] / b["p50"], "ratio_p95": p["p95"] / b["p95"]})
    return rows


async def many_clients(url: str, sessions: list[str], count: int = 2000, every: float = 5.0, seconds: float = 30.0, handlers: dict | None = None) -> dict:
    """`count` clients (the sessions shared, ten tabs a person), each doing one of the handlers every `every` seconds
    for `seconds`, the kinds in turn; p50/p95/p99 of all round trips, and how many failed (no answer in 30 s).
    Each client first makes one untimed round trip, as a browser tab hydrates when it connects (Reflex builds the
    tab's state then)."""
    clients = await _clients(url, count, [sessions[i % len(sessions)] for i in range(count)])
    kinds = list((handlers or HANDLERS).values())
    failed = 0
    try:
        for i in range(0, count, 50):
            await asyncio.gather(*(_trip(c, kinds[0](0)) for c in clients[i : i + 50]))
        async def paced(i: int, client: ReflexClient) -> list[float]:
            nonlocal failed
            await asyncio.sleep(random.random() * every)
            times, stop = [], time.perf_counter() + seconds
            for n in itertools.count(i):
                if time.perf_counter() >= stop:
                    break
                start = time.perf_counter()
                try:
                    times.append(await _trip(client, kinds[n % len(kinds)](n)))
                except TimeoutError:
                    failed += 1
                await asyncio.sleep(max(0.0, every - (time.perf_counter() - start)))
            return times

        latencies = [t for r in await asyncio.gather(*(paced(i, c) for i, c in enumerate(clients))) for t in r]
    finally:
        await _close(clients)
    return {"clients": count, "every_s": every, "seconds": seconds, **percentiles(latencies), "failed": failed}


async def memory_per_thousand_idle(url: str, pid: int) -> dict:
    before = rss_mb(pid)
    clients = await _clients(url, 1000)
    await asyncio.sleep(3)
    after = rss_mb(pid)
    await _close(clients)
    return {"rss_before_mb": before, "rss_after_mb": after, "mb_per_1000": after - before}


async def capacity(url: str, sessions: list[str], limit_ms: float = 250) -> dict:
    """Step the number of clients, each sending one event a second, until p95 passes the limit."""
    held, steps = 0, []
    for count in (50, 100, 200, 300, 400, 500, 600, 800):
        if count > len(sessions):
            sessions += await _sessions(url, count - len(sessions))
        clients = await _clients(url, count, sessions[:count])
        try:
            async def paced(client: ReflexClient) -> list[float]:
                await asyncio.sleep(random.random())
                times = []
                for _ in range(8):
                    start = time.perf_counter()
                    times.append(await client.call(CONFIRM, {"form_data": {"code": "abc"}}, "/bekreft-epost"))
                    await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - start)))
                return times

            latencies = [t for r in await asyncio.gather(*(paced(c) for c in clients)) for t in r]
        finally:
            await _close(clients)
        p = percentiles(latencies)
        steps.append({"clients": count, "p95": p["p95"]})
        if p["p95"] >= limit_ms:
            break
        held = count
    return {"held_under_250ms": held, "steps": steps}


async def throughput(url: str, sessions: list[str], seconds: float = 10) -> dict:
    clients = await _clients(url, 50, sessions[:50])
    done, stop = 0, time.perf_counter() + seconds

    async def loop(client: ReflexClient) -> None:
        nonlocal done
        while time.perf_counter() < stop:
            await client.call(CONFIRM, {"form_data": {"code": "abc"}}, "/bekreft-epost")
            done += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(loop(c) for c in clients))
    finally:
        await _close(clients)
    return {"events_per_second": done / (time.perf_counter() - started)}


def _letters(n: int) -> str:
    """A name part for the n-th person (names hold letters only)."""
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(ord("a") + r) + out
        if n == 0:
            return out.capitalize()
        n -= 1


def make_members(database_url: str) -> int:
    """Every person the benchmark logged in becomes a registered member of Oslo kommune (a verified work address
    at its domain), as the people whose tabs send these events are."""
    from sqlmodel import col, select

    from helsecert_portal.core.clock import SystemClock
    from helsecert_portal.core.db import make_engine, session_scope
    from helsecert_portal.domain import membership, profile
    from helsecert_portal.models import Person

    engine, clock = make_engine(database_url), SystemClock()
    try:
        with session_scope(engine) as db:
            people = db.exec(select(Person).where(col(Person.registered_at).is_(None))).all()
            for i, person in enumerate(people):
                email = profile.register(db, clock, person_id=person.id, full_name=f"Benk {_letters(i)} Medlem", raw_address=f"benk.{person.id[:12]}@oslo.kommune.no", webmail_acknowledged=False)
                email.verified_at = clock.now()
                db.add(email)
                profile.mark_primary_if_none(db, person_id=person.id, email=email)
                membership.link_by_domain(db, clock, email=email)
            return len(people)
    finally:
        engine.dispose()


def run() -> dict:
    from tests.support import running_portal, scaled_stack

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp)
        with running_portal(local / "portal", SYSTEM_CLOCK) as portal, running_portal(local / "bare", app_dir=ROOT / "bench" / "bare") as bare:
            sessions = asyncio.run(_sessions(portal, 200))
            make_members(f"sqlite:///{local / 'portal' / 'portal.db'}")
            results["round_trip"] = asyncio.run(round_trip_table(portal, bare, sessions))
            results["memory"] = asyncio.run(memory_per_thousand_idle(portal, portal.pid))
            results["capacity"] = asyncio.run(capacity(portal, sessions))
            # last: 2,000 tabs' states stay in the worker's memory and would weigh on the figures above
            results["many"] = [
                {"workers": 1, "stack": "one worker (SQLite, in-memory state)", **asyncio.run(many_clients(portal, sessions[:200]))},
                {"workers": 1, "stack": "bare Reflex app, one worker", **asyncio.run(many_clients(bare, [""], handlers=BARE))},
            ]
        scaling = []
        for workers in (1, 2, 4):
            with scaled_stack(local / f"scale-{workers}", workers=workers, instances=1) as stack:
                url = stack.urls[0]
                sessions = asyncio.run(_sessions(url, 50))
                cpu_before = cpu_seconds(url.pid)
                result = asyncio.run(throughput(url, sessions))
                scaling.append({"workers": workers, **result, "server_cpu_s": cpu_seconds(url.pid) - cpu_before})
                if workers == 2:
                    sessions += asyncio.run(_sessions(url, 150))
                    make_members(stack.database_url)
                    results["many"].append({"workers": 2, "stack": "one instance of 2 workers (PostgreSQL, Redis)", **asyncio.run(many_clients(url, sessions))})
        results["scaling"] = scaling
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
