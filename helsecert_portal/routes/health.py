"""Health for operators and load balancers: /healthz (the process answers), /readyz (what it needs is reachable)
and /metrics (Prometheus; with a bearer token from PORTAL_METRICS_TOKEN, or else from this machine only).

/readyz names each part (database, redis, smtp) as "ok" or "unreachable", and answers 503 when any
is not; it never says where a part is (no host, URL or credentials).
"""

from __future__ import annotations

import asyncio
import hmac
import socket

import redis
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import services
from ..core import metrics

TIMEOUT = 2.0
NO_STORE = {"Cache-Control": "no-store"}


def database_ok() -> bool:
    try:
        with services.engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any failure to reach it is "unreachable"; the reason is not the caller's business
        return False
    return True


def redis_ok(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT).ping())
    except redis.RedisError:
        return False


def smtp_ok(host: str, port: int) -> bool:
    """The relay answers with its 220 greeting (no login, no mail)."""
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT) as conn:
            conn.settimeout(TIMEOUT)
            return conn.recv(4).startswith(b"220")
    except OSError:
        return False


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


async def readyz(request: Request) -> JSONResponse:
    settings, mailer = services.settings(), services.mailer()
    checks = {"database": asyncio.to_thread(database_ok), "smtp": asyncio.to_thread(smtp_ok, mailer.host, mailer.port)}
    if settings.redis_url:
        checks["redis"] = asyncio.to_thread(redis_ok, settings.redis_url)
    results = dict(zip(checks, await asyncio.gather(*checks.values()), strict=True))
    body = {part: "ok" if fine else "unreachable" for part, fine in results.items()}
    return JSONResponse(body, status_code=200 if all(results.values()) else 503, headers=NO_STORE)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def metrics_allowed(request: Request, token: str) -> bool:
    """With a token configured, only its bearer; without, only a direct request from this machine (not through the proxy)."""
    if token:
        return hmac.compare_digest(request.headers.get("authorization", ""), f"Bearer {token}")
    forwarded = any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip"))
    return not forwarded and request.client is not None and request.client.host in LOOPBACK


async def metrics_endpoint(request: Request) -> Response:
    if not metrics_allowed(request, services.settings().metrics_token):
        return Response(status_code=404)  # not even a hint that it exists
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type, headers=NO_STORE)


def routes() -> list[Route]:
    return [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"]), Route("/metrics", metrics_endpoint, methods=["GET"])]
