"""Single logout towards the back-ends: when a portal session ends (logout, expiry, ID-porten's front-channel logout)
every token family it gave is revoked and each back-end that asked for it gets an OpenID Back-Channel Logout 1.0
token, delivered after the transaction (a failed delivery is tried again by the sweep)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from sqlalchemy import update
from sqlmodel import col, select

from ..core.db import claim
from ..core.security import random_token
from ..models import LoginSession, ProviderRequest, RelyingParty, TokenFamily
from . import claims as claims_of
from . import tokens
from .keys import ALG
from .server import Context, revoke_family, session_live

MAX_TRIES = 5
LOGOUT_TARGET_TTL = timedelta(minutes=10)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    family_ids: tuple[str, ...]
    uri: str
    logout_token: str


def end_with_session(ctx: Context, session_id: str) -> int:
    """Revoke the open families of one ended portal session."""
    open_ = ctx.db.exec(select(TokenFamily.id).where(TokenFamily.session_id == session_id, col(TokenFamily.revoked_at).is_(None))).all()
    return sum(revoke_family(ctx, fid, "session_ended") for fid in open_)


def end_with_ended_sessions(ctx: Context) -> int:
    """The sweep's part: families whose portal session expired or went idle without a logout."""
    open_ = ctx.db.exec(select(TokenFamily.id, TokenFamily.session_id).where(col(TokenFamily.revoked_at).is_(None))).all()
    return sum(revoke_family(ctx, fid, "session_ended") for fid, session_id in open_ if session_live(ctx, session_id) is None)


def due(ctx: Context) -> list[Delivery]:
    """One logout token per back-end and ended session; families whose back-end has no logout URI are done."""
    rows = ctx.db.exec(
        select(TokenFamily, RelyingParty).join(RelyingParty, col(RelyingParty.id) == col(TokenFamily.relying_party_id))
        .where(col(TokenFamily.logout_due).is_(True))
    ).all()
    grouped: dict[tuple[str, str], list[TokenFamily]] = {}
    for family, rp in rows:
        if not rp.backchannel_logout_uri or family.logout_tries >= MAX_TRIES:
            family.logout_due = False
            ctx.db.add(family)
            continue
        grouped.setdefault((rp.id, family.session_id), []).append(family)
    deliveries = []
    for (rp_id, session_id), families in grouped.items():
        owner = ctx.db.get(RelyingParty, rp_id)
        if owner is None:
            continue
        token = tokens.logout_token(
            ctx.ring(), ctx.clock, issuer=ctx.issuer, client_id=owner.client_id,
            sub=claims_of.pairwise_sub(ctx.secret_key, owner.client_id, families[0].person_id),
            sid=claims_of.session_sid(ctx.secret_key, session_id),
        )
        deliveries.append(Delivery(tuple(f.id for f in families), owner.backchannel_logout_uri, token))
    return deliveries


def record_delivery(ctx: Context, delivery: Delivery, *, ok: bool) -> None:
    chosen = update(TokenFamily).where(col(TokenFamily.id).in_(delivery.family_ids))
    ctx.db.exec(chosen.values(logout_due=False) if ok else chosen.values(logout_tries=col(TokenFamily.logout_tries) + 1))


@dataclass(frozen=True)
class Hint:
    """What a verified `id_token_hint` names: the back-end and the portal session's `sid`."""

    client_id: str
    sid: str


def read_hint(ctx: Context, id_token_hint: str) -> Hint | None:
    """Our own ID token (expired ones too: a hint is often old, OIDC RP-Initiated Logout §2)."""
    try:
        found = jwt.decode(id_token_hint, ctx.ring().verifier(), algorithms=[ALG])
    except (JoseError, ValueError):
        return None
    claims = found.claims
    if found.header.get("typ") != tokens.ID_TOKEN_TYP or claims.get("iss") != ctx.issuer or not isinstance(claims.get("aud"), str):
        return None  # an access or logout token, though signed by us, is no ID token
    return Hint(claims["aud"], str(claims.get("sid", "")))


def remember_target(ctx: Context, target: str) -> str:
    """Where a back-end asked the person to be sent after logout, kept while ID-porten logs them out too; the handle
    goes to ID-porten as `state` and comes back to /utlogget (its own digest purpose: never an authorize request)."""
    handle = random_token(24)
    ctx.db.add(ProviderRequest(handle_hash=ctx.digest("op-logout", handle), params=json.dumps({"target": target}), created_at=ctx.clock.now()))
    return handle


def take_target(ctx: Context, handle: str) -> str:
    """The back-end's post-logout URI for this handle, once; "" for any other state (the portal's own logout)."""
    if not handle or len(handle) > 64:
        return ""
    row = ctx.db.exec(select(ProviderRequest).where(ProviderRequest.handle_hash == ctx.digest("op-logout", handle))).first()
    if row is None or row.used_at is not None or ctx.clock.now() - row.created_at > LOGOUT_TARGET_TTL:
        return ""
    if not claim(ctx.db, ProviderRequest, row.id, col(ProviderRequest.used_at).is_(None), used_at=ctx.clock.now()):
        return ""
    return str(json.loads(row.params).get("target", ""))


def session_sid_of(ctx: Context, session: LoginSession) -> str:
    return claims_of.session_sid(ctx.secret_key, session.id)



async def post(http: httpx.AsyncClient, delivery: Delivery) -> bool:
    """One logout token to one back-end (§2.5: form-encoded `logout_token`; 200 or 204 means done)."""
    try:
        response = await http.post(delivery.uri, data={"logout_token": delivery.logout_token}, timeout=5)
    except httpx.HTTPError as exc:
        log.warning(json.dumps({"event": "backchannel_logout.failed", "error": type(exc).__name__}))
        return False
    if response.status_code not in (200, 204):
        log.warning(json.dumps({"event": "backchannel_logout.refused", "status": response.status_code}))
        return False
    return True
