"""Event round trips over socket.io, as a browser sends them.

1. The OTP confirmation handler (a code in the wrong format: the caller is looked up from the session
   cookie in the database, the code refused, the message set) with 1, 50 and 200 concurrently connected
   clients, each sending events one after another; side by side with a bare Reflex app whose handler
   does nothing, started in the same run on the same machine.
5. Backend memory per 1,000 idle connected clients, and the most clients one machine holds with a
   p95 event latency under 250 ms when every client sends one event a second.
6. Throughput (events per second, 50 clients sending back to back) with 1, 2 and 4 workers on Redis.

The load generator runs on the same 2 cores as the server, so the figures are a floor.
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from pathlib import Path

from .harness import ReflexClient, cpu_seconds, login, new_pid, percentiles, rss_mb

ROOT = Path(__file__).resolve().parents[1]
CONFIRM = "reflex___state____state.helsecert_portal___state___verification____email_verification_state.confirm"
NOOP = "reflex___state____state.bare___bare____bare_state.noop"
EVENTS_PER_CLIENT = 20


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


async def round_trip_table(portal: str, bare: str, sessions: list[str]) -> list[dict]:
    rows = []
    for count in (1, 50, 200):
        portal_clients = await _clients(portal, count, sessions[:count])
        bare_clients = await _clients(bare, count)
        try:
            await _round_trips(portal_clients, CONFIRM, {"form_data": {"code": "abc"}}, "/bekreft-epost", 2)  # warm-up
            await _round_trips(bare_clients, NOOP, {}, "/", 2)
            p = percentiles(await _round_trips(portal_clients, CONFIRM, {"form_data": {"code": "abc"}}, "/bekreft-epost"))
            b = percentiles(await _round_trips(bare_clients, NOOP, {}, "/"))
        finally:
            await _close(portal_clients)
            await _close(bare_clients)
        rows.append({"clients": count, "portal": p, "bare": b, "ratio_p50": p["p50"] / b["p50"]})
    return rows


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


def run() -> dict:
    from tests.support import running_portal, scaled_stack

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp)
        with running_portal(local / "portal") as portal, running_portal(local / "bare", app_dir=ROOT / "bench" / "bare") as bare:
            sessions = asyncio.run(_sessions(portal, 200))
            results["round_trip"] = asyncio.run(round_trip_table(portal, bare, sessions))
            results["memory"] = asyncio.run(memory_per_thousand_idle(portal, portal.pid))
            results["capacity"] = asyncio.run(capacity(portal, sessions))
        scaling = []
        for workers in (1, 2, 4):
            with scaled_stack(local / f"scale-{workers}", workers=workers, instances=1) as stack:
                url = stack.urls[0]
                sessions = asyncio.run(_sessions(url, 50))
                cpu_before = cpu_seconds(url.pid)
                result = asyncio.run(throughput(url, sessions))
                scaling.append({"workers": workers, **result, "server_cpu_s": cpu_seconds(url.pid) - cpu_before})
        results["scaling"] = scaling
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
