"""A browser tab without the browser, as an attacker drives one: a socket.io client speaking Reflex's
event protocol with a token it chooses, any cookie it has, and events it forges.

Every frame the server sends is kept as text, so a test can assert that a value it knows (a name, an
address, a message) never arrived.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import ssl
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import reflex as rx
import socketio

from bench.harness import NAMESPACE, login
from helsecert_portal.idporten.test_persons import synthetic_fnr
from helsecert_portal.state.registration import RegisterState  # imported here: state classes register in this thread
from helsecert_portal.state.verification import EmailVerificationState

from .conftest import remember

HYDRATE = "reflex___state____state.hydrate_and_load"


def event_name(state: type[rx.State], handler: str) -> str:
    return f"{state.get_full_name()}.{handler}"


def router_data(path: str) -> dict[str, Any]:
    parts = urlsplit(path)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return {"pathname": parts.path, "query": query, "asPath": path}


def _tls_session(url: str) -> dict[str, Any]:
    """Through the scaled pass's TLS proxy: an HTTP session that trusts the run's CA (SSL_CERT_FILE), as a browser
    that trusts it does; aiohttp's own default context was made at import, before the CA existed."""
    if not url.startswith("https://"):
        return {}
    context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    return {"http_session": aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context))}


class RawTab:
    """One tab: a Reflex token that outlives its connections, as sessionStorage keeps it in a browser."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url, self.token = url, token or str(uuid.uuid4())
        self.frames: list[str] = []
        self.sio: socketio.AsyncClient | None = None
        self._arrived = asyncio.Event()

    async def _on_event(self, data: object) -> None:
        self.frames.append(json.dumps(data, ensure_ascii=False))
        self._arrived.set()

    async def connect(self, cookie: str = "", path: str = "/", origin: str | None = None) -> None:
        """(Re)connect with this token, hydrating as the real frontend does (the boot event rides in CONNECT)."""
        await self.close()
        self.sio = socketio.AsyncClient(reconnection=False, **_tls_session(self.url))
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        headers = {"Cookie": cookie} if cookie else {}
        if origin:
            headers["Origin"] = origin
        boot = {"name": HYDRATE, "payload": {}, "router_data": router_data(path)}
        await self.sio.connect(
            f"{self.url}?token={self.token}",
            socketio_path=NAMESPACE,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers=headers,
            auth={"event": boot},
            wait_timeout=30,
        )
        await self.settle()

    async def close(self) -> None:
        if self.sio is not None:
            await self.sio.disconnect()
            session = self.sio.eio.http
            if session is not None and self.url.startswith("https://"):
                await session.close()
            self.sio = None

    async def send(self, state: type[rx.State], handler: str, payload: dict | None = None, path: str = "/") -> None:
        assert self.sio is not None
        await self.sio.emit("event", {"name": event_name(state, handler), "payload": payload or {}, "router_data": router_data(path)}, namespace=NAMESPACE)

    async def call(self, state: type[rx.State], handler: str, payload: dict | None = None, path: str = "/", answer: float = 5.0) -> None:
        """Send an event, wait for the server's first frame (at most `answer` seconds: a handler that changes nothing
        sends none), then until it has gone quiet again (background work included). Without the first wait a loaded
        machine answering after the quiet period made a test look before the handler had run."""
        mark = self.mark()
        await self.send(state, handler, payload, path)
        await self.wait_for_frame(mark, answer)
        await self.settle()

    async def wait_for_frame(self, mark: int, limit: float) -> None:
        deadline = time.monotonic() + limit
        while len(self.frames) <= mark and time.monotonic() < deadline:
            self._arrived.clear()
            if len(self.frames) > mark:
                break
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout=deadline - time.monotonic())
            except TimeoutError:
                return

    async def settle(self, quiet: float = 0.4, limit: float = 15) -> None:
        """Wait for frames until none has arrived for `quiet` seconds (at most `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout=quiet)
            except TimeoutError:
                return

    def mark(self) -> int:
        return len(self.frames)

    def since(self, mark: int) -> str:
        return "\n".join(self.frames[mark:])

    def seen(self) -> str:
        return "\n".join(self.frames)

    def last(self, pattern: str) -> str:
        """The last match of a regex group in everything received (e.g. an id the server sent)."""
        found = re.findall(pattern, self.seen())
        assert found, f"nothing like {pattern!r} arrived"
        return found[-1]


async def wait_for_text(tab: RawTab, text: str, since: int = 0, timeout: float = 2.0) -> bool:
    """True as soon as `text` arrives in a frame after `since`; False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in tab.since(since):
            return True
        await asyncio.sleep(0.02)
    return text in tab.since(since)


class Person:
    """A registered person with a confirmed address, logged in over HTTP; `tab` is their open tab."""

    def __init__(self, name: str, address: str, cookie: str, tab: RawTab) -> None:
        self.name, self.address, self.cookie, self.tab = name, address, cookie, tab


_serial = iter(range(700, 100_000, 3))


async def new_person(portal, name: str, address: str) -> Person:
    """ID-porten login (simulator over HTTP), registration and the one-time code, all through the raw protocol."""
    pid = synthetic_fnr(11, 3, 81, next(_serial))
    cookie = await login(portal.url, pid)
    remember(pid, cookie.partition("=")[2])
    tab = RawTab(portal.url)
    await tab.connect(cookie, "/registrer")
    mark = tab.mark()
    await tab.call(RegisterState, "submit", {"form_data": {"full_name": name, "email": address}}, "/registrer")
    assert "/bekreft-epost?e=" in tab.since(mark), tab.since(mark)[-600:]
    code = await asyncio.to_thread(portal.latest_code, None, address)
    await tab.call(EmailVerificationState, "load_confirm", {}, "/bekreft-epost")
    await tab.call(EmailVerificationState, "confirm", {"form_data": {"code": code}}, "/bekreft-epost")
    return Person(name, address, cookie, tab)


def unique(prefix: str) -> str:
    """A value no other test uses: letters only, since names refuse digits."""
    return prefix + "".join("abcdefghijklmnop"[int(c, 16)] for c in uuid.uuid4().hex[:8])
