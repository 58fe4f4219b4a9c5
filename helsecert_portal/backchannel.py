"""Delivery of back-channel logout tokens (provider/logout.py), after the transaction that ended a session or a
back-end's logins: from the logout routes (which wait for it a little), from the state's effects (which do not), and
from the sweep for sessions that expired and for deliveries that failed.

Deliveries run side by side (at most PARALLEL at a time, 5 s each), and a family being delivered in this process is
not picked up again by another delivery meanwhile, so a back-end that is down cannot make a logout wait for it nor
use up its tries in one burst."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
from sqlmodel import Session

from . import services
from .domain.sessions import SessionPolicy
from .idporten.client import tls_context
from .provider import logout
from .provider.server import Context

PARALLEL = 8
ROUTE_WAIT_SECONDS = 2.0  # a logout waits this long for the back-ends at most; the rest goes on in the background
log = logging.getLogger(__name__)
_in_flight: set[str] = set()  # family ids being delivered by this process
_background: set[asyncio.Task[int]] = set()  # kept until done (the loop holds tasks only weakly)


def context_for(db: Session) -> Context:
    settings = services.settings()
    return Context(db, services.clock(), SessionPolicy.of(settings), settings.provider_issuer)


async def deliver_due() -> int:
    """Sends every logout token that is due; returns how many back-ends confirmed."""
    found = await services.in_transaction(lambda db: logout.due(context_for(db)))
    due = [d for d in found if not _in_flight.intersection(d.family_ids)]
    if not due:
        return 0
    ids = {fid for d in due for fid in d.family_ids}
    _in_flight.update(ids)
    try:
        limit = asyncio.Semaphore(PARALLEL)
        async with httpx.AsyncClient(verify=tls_context(), follow_redirects=False) as http:

            async def one(delivery: logout.Delivery) -> bool:
                async with limit:
                    return await logout.post(http, delivery)

            results = list(zip(due, await asyncio.gather(*(one(d) for d in due)), strict=True))

        def record(db: Session) -> None:
            ctx = context_for(db)
            for delivery, ok in results:
                logout.record_delivery(ctx, delivery, ok=ok)

        await services.in_transaction(record)
    finally:
        _in_flight.difference_update(ids)
    return sum(ok for _, ok in results)


def deliver_soon() -> asyncio.Task[int]:
    """Start a delivery without waiting for it (a failure is logged by its type only, and the sweep tries again)."""
    task = asyncio.create_task(deliver_due())
    _background.add(task)
    task.add_done_callback(_finished)
    return task


async def deliver_briefly() -> None:
    """For a logout route: the back-ends usually answer at once; a slow one does not hold the person up."""
    await asyncio.wait({deliver_soon()}, timeout=ROUTE_WAIT_SECONDS)


def _finished(task: asyncio.Task[int]) -> None:
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning(json.dumps({"event": "backchannel_logout.delivery_failed", "error": type(task.exception()).__name__}))
