"""What the benchmarks share: logging in over HTTP through the simulator, a socket.io client that
speaks Reflex's event protocol, percentiles, and CPU/memory of a process tree."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import os
import re
import ssl
import statistics
import time
import uuid
from urllib.parse import urljoin

import httpx
import psutil
import socketio

from helsecert_portal.idporten.test_persons import synthetic_fnr

_serial = itertools.count(100, 1)
NAMESPACE = "/_event"  # Reflex's socket.io path and namespace
SYSTEM_CLOCK = {"PORTAL_CLOCK_OFFSET_FILE": ""}  # as in production: the tests' movable clock looks at a file on every reading


def new_pid() -> str:
    """A fresh synthetic fødselsnummer (TestID style) for each benchmark user."""
    n = next(_serial)
    return synthetic_fnr(1 + n % 28, 1 + (n // 28) % 12, 70 + (n // 336) % 29, 300 + n % 600)


@functools.cache
def _tls(cafile: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context()  # as a browser keeps its trust store: not loaded again for every login


async def login(portal: str, pid: str) -> str:
    """ID-porten login through the simulator over HTTP: returns the Cookie header of the new session."""
    async with httpx.AsyncClient(timeout=30, verify=_tls(os.environ.get("SSL_CERT_FILE"))) as http:
        start = await http.get(portal + "/auth/login")
        authorize = start.headers["location"]
        picker = await http.get(authorize)
        txn = re.search(r'name="txn" value="([^"]+)"', picker.text).group(1)
        action = re.search(r'<form method="post" action="([^"]+)"', picker.text).group(1)
        done = await http.post(urljoin(authorize, action), data={"txn": txn, "action": "other", "other_pid": pid})
        callback = await http.get(done.headers["location"])
        assert callback.status_code == 303, callback.text[:200]
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies.jar if c.name.endswith("hc_session"))


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return {"p50": statistics.median(values), "p95": cuts[94], "p99": cuts[98], "n": len(values)}


class ReflexClient:
    """One browser tab without the browser: a socket.io connection with its own Reflex token."""

    def __init__(self, url: str, cookie: str = "") -> None:
        self.url, self.cookie, self.token = url, cookie, str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.updates: asyncio.Queue[dict] = asyncio.Queue()
        self.sio.on("event", self._on_event, namespace=NAMESPACE)

    async def _on_event(self, data: dict) -> None:
        await self.updates.put({"at": time.perf_counter(), **(data if isinstance(data, dict) else {"raw": data})})

    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        await self.sio.connect(
            f"{self.url}?token={self.token}", socketio_path=NAMESPACE, namespaces=[NAMESPACE], transports=["websocket"], headers=headers, wait_timeout=30
        )

    async def close(self) -> None:
        await self.sio.disconnect()

    def drain(self) -> None:
        while not self.updates.empty():
            self.updates.get_nowait()

    async def call(self, name: str, payload: dict | None = None, path: str = "/") -> float:
        """Send one event and wait for its final update; returns the round trip in milliseconds."""
        self.drain()
        started = time.perf_counter()
        await self.sio.emit("event", {"name": name, "payload": payload or {}, "router_data": {"pathname": path, "query": {}, "asPath": path}}, namespace=NAMESPACE)
        while True:
            update = await asyncio.wait_for(self.updates.get(), timeout=30)
            if update.get("final", True):
                return (update["at"] - started) * 1000


def process_tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for proc in process_tree(pid):
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def rss_mb(pid: int) -> float:
    total = 0
    for proc in process_tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total / 1024 / 1024
