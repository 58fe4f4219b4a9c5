"""The portal as OpenID provider (issue 16): code-flow logins per second and introspections per second, over HTTP,
8 at a time, one portal worker on PostgreSQL + Redis (the load generator shares the 2 cores).

A code-flow login is what a back-end's login costs the portal once the person has a portal session: GET /op/authorize
with the session cookie (the person is checked, the code stored) → POST /op/token (client_secret_basic, PKCE S256;
the code claimed, the family and refresh token stored, the ID token and the RFC 9068 access token signed). An
introspection is POST /op/introspect by the back-end the token belongs to."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from .harness import cpu_seconds, login, new_pid

CLIENT_ID = "bench-backend"
REDIRECT = "http://127.0.0.1:9/callback"
LOGINS = 200
INTROSPECTIONS = 400
CONCURRENCY = 8
ROUNDS = 3
PEOPLE = 8


def _prepare(database_url: str, secret_key: str) -> str:
    """Register the back-end, and let every person of the throw-away database use it without asking again."""
    from sqlmodel import Session, create_engine, select

    from helsecert_portal.core.clock import SystemClock
    from helsecert_portal.models import Person, ProviderConsent
    from helsecert_portal.provider import clients

    engine = create_engine(database_url)
    try:
        with Session(engine) as db:
            reg = clients.Registration(client_id=CLIENT_ID, name="Benchmark", auth_method="client_secret_basic", redirect_uris=(REDIRECT,), audience="operators")
            rp, secret = clients.register(db, SystemClock(), secret_key=secret_key, actor_id=None, reg=reg)
            for person in db.exec(select(Person)).all():
                person.is_operator = True
                db.add(person)
                db.add(ProviderConsent(person_id=person.id, relying_party_id=rp.id, scope="openid profile email memberships", granted_at=SystemClock().now()))
            db.commit()
            return secret
    finally:
        engine.dispose()


def _pkce() -> tuple[str, str]:
    verifier = base64.urlsafe_b64encode(hashlib.sha256(str(time.perf_counter_ns()).encode()).digest()).rstrip(b"=").decode() + "x" * 10
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def _one_login(http: httpx.AsyncClient, issuer: str, cookie: str, secret: str) -> str:
    verifier, challenge = _pkce()
    params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "scope": "openid profile email memberships",
              "state": "s", "nonce": "n", "code_challenge": challenge, "code_challenge_method": "S256"}
    answer = await http.get(f"{issuer}/authorize", params=params, headers={"Cookie": cookie})
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    token = await http.post(f"{issuer}/token", data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier}, auth=(CLIENT_ID, secret))
    assert token.status_code == 200, token.text[:200]
    return str(token.json()["access_token"])


async def _batches(count: int, make) -> float:
    started = time.perf_counter()
    for i in range(0, count, CONCURRENCY):
        await asyncio.gather(*(make(i + j) for j in range(min(CONCURRENCY, count - i))))
    return time.perf_counter() - started


async def _measure(url: str, secret: str, cookies: list[str], pid: int) -> dict:
    issuer = url + "/op"
    async with httpx.AsyncClient(timeout=30) as http:
        await _batches(16, lambda i: _one_login(http, issuer, cookies[i % len(cookies)], secret))  # warm-up
        tokens: list[str] = []
        logins, introspections = [], []
        for _ in range(ROUNDS):
            cpu = cpu_seconds(pid)

            async def login_one(i: int) -> None:
                tokens.append(await _one_login(http, issuer, cookies[i % len(cookies)], secret))

            elapsed = await _batches(LOGINS, login_one)
            logins.append((LOGINS / elapsed, (cpu_seconds(pid) - cpu) / LOGINS * 1000))
            cpu = cpu_seconds(pid)

            async def introspect(i: int) -> None:
                answer = await http.post(f"{issuer}/introspect", data={"token": tokens[-1 - i % 50]}, auth=(CLIENT_ID, secret))
                assert answer.json()["active"] is True

            elapsed = await _batches(INTROSPECTIONS, introspect)
            introspections.append((INTROSPECTIONS / elapsed, (cpu_seconds(pid) - cpu) / INTROSPECTIONS * 1000))
    return {
        "logins_per_second": statistics.median(r[0] for r in logins), "cpu_ms_per_login": statistics.median(r[1] for r in logins),
        "introspections_per_second": statistics.median(r[0] for r in introspections), "cpu_ms_per_introspection": statistics.median(r[1] for r in introspections),
    }


def run() -> dict:
    from tests.support import scaled_stack

    with tempfile.TemporaryDirectory() as tmp, scaled_stack(Path(tmp), workers=1, instances=1) as stack:
        url = stack.urls[0]
        cookies = [asyncio.run(login(url, new_pid())) for _ in range(PEOPLE)]
        secret = _prepare(stack.database_url, stack.secret_key)
        result = asyncio.run(_measure(url, secret, cookies, url.pid))
    return {"logins": LOGINS, "introspections": INTROSPECTIONS, "concurrency": CONCURRENCY, "rounds": ROUNDS, **result}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
