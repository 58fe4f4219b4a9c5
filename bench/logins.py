"""ID-porten logins per second through the simulator: /auth/login → authorize → picker → callback →
session cookie, over HTTP, 8 at a time; the simulator runs as its own process so the CPU each side
spends can be told apart (one portal worker, PostgreSQL + Redis)."""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from .harness import cpu_seconds, login, new_pid

LOGINS = 200
CONCURRENCY = 8
ROUNDS = 5


async def _logins(url: str, count: int) -> float:
    started = time.perf_counter()
    for i in range(0, count, CONCURRENCY):
        await asyncio.gather(*(login(url, new_pid()) for _ in range(min(CONCURRENCY, count - i))))
    return time.perf_counter() - started


def run() -> dict:
    from tests.support import scaled_stack

    rounds = []
    with tempfile.TemporaryDirectory() as tmp, scaled_stack(Path(tmp), workers=1, instances=1, movable_clock=False) as stack:
        url = stack.urls[0]
        asyncio.run(_logins(url, 20))  # warm-up: discovery, JWKS, first connections
        for _ in range(ROUNDS):
            portal_cpu, sim_cpu = cpu_seconds(url.pid), cpu_seconds(stack.simulator.proc.pid)
            elapsed = asyncio.run(_logins(url, LOGINS))
            portal_cpu, sim_cpu = cpu_seconds(url.pid) - portal_cpu, cpu_seconds(stack.simulator.proc.pid) - sim_cpu
            rounds.append((LOGINS / elapsed, portal_cpu / LOGINS * 1000, sim_cpu / LOGINS * 1000))
    return {
        "logins": LOGINS, "concurrency": CONCURRENCY, "rounds": ROUNDS,
        "logins_per_second": statistics.median(r[0] for r in rounds),
        "portal_cpu_ms_per_login": statistics.median(r[1] for r in rounds),
        "simulator_cpu_ms_per_login": statistics.median(r[2] for r in rounds),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
