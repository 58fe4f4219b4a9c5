"""Delivery of back-channel logout tokens (provider/logout.py), after the transaction that ended a session or a
back-end's logins: from the logout routes and the state's effects at once, and from the sweep for sessions that
expired and for deliveries that failed."""

from __future__ import annotations

import httpx
from sqlmodel import Session

from . import services
from .domain.sessions import SessionPolicy
from .idporten.client import tls_context
from .provider import logout
from .provider.server import Context


def context_for(db: Session) -> Context:
    settings = services.settings()
    return Context(db, services.clock(), SessionPolicy.of(settings), settings.provider_issuer)


async def deliver_due() -> int:
    """Sends every logout token that is due; returns how many back-ends confirmed."""
    due = await services.in_transaction(lambda db: logout.due(context_for(db)))
    if not due:
        return 0
    async with httpx.AsyncClient(verify=tls_context(), follow_redirects=False) as http:
        results = [(delivery, await logout.post(http, delivery)) for delivery in due]

    def record(db: Session) -> None:
        ctx = context_for(db)
        for delivery, ok in results:
            logout.record_delivery(ctx, delivery, ok=ok)

    await services.in_transaction(record)
    return sum(ok for _, ok in results)
