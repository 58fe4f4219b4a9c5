"""The authorization endpoint's decisions, in the order a person meets them: is the request sound, is someone logged
in to the portal (and recently enough), may they use this back-end, have they agreed to what it receives. Each answer
is a small outcome the HTTP route turns into a page or a redirect."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from authlib.oauth2.rfc6749.errors import OAuth2Error
from sqlmodel import col, select

from ..core.db import claim
from ..core.oauth_requests import PreparedRequest
from ..core.security import random_token
from ..domain import audit
from ..domain.sessions import Caller
from ..models import LoginSession, ProviderConsent, ProviderRequest, RelyingParty
from . import clients
from .server import Context, ProviderServer, Subject, consent_of, consented, subject_of

REQUEST_TTL = timedelta(minutes=10)
KEPT_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
               "code_challenge_method", "prompt", "max_age", "acr_values", "ui_locales", "login_hint")


@dataclass(frozen=True)
class BadRequest:
    """No registered client or redirect URI: the person is told at the portal, nothing goes anywhere (RFC 6749 §4.1.2.1)."""

    reason: str


@dataclass(frozen=True)
class GoTo:
    url: str


@dataclass(frozen=True)
class NeedsLogin:
    """`again`: someone is logged in, but the client asked for a fresh login (prompt=login, max_age); `fresh`: the
    client asked for one at all, so ID-porten must authenticate the person again (its own session is no answer)."""

    handle: str
    again: bool
    fresh: bool = False


@dataclass(frozen=True)
class NeedsConsent:
    handle: str
    client_name: str
    scopes: tuple[str, ...]
    back_url: str


@dataclass(frozen=True)
class Denied:
    client_name: str
    back_url: str


Outcome = BadRequest | GoTo | NeedsLogin | NeedsConsent | Denied


def add_params(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(k, v) for k, v in params.items() if v]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _error_url(ctx: Context, values: dict[str, str], error: str) -> str:
    return add_params(values["redirect_uri"], {"error": error, "state": values.get("state", ""), "iss": ctx.issuer})


def _max_age(values: dict[str, str]) -> int | None:
    raw = values.get("max_age", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _needs_login(ctx: Context, values: dict[str, str], session: LoginSession | None, since: datetime | None) -> bool:
    """No session; `prompt=login` not yet answered by a login made after the request; or older than `max_age`."""
    if session is None:
        return True
    if since is not None and session.authenticated_at >= since:
        return False  # logged in after the request was made: that answers prompt=login and max_age alike
    if "login" in values.get("prompt", "").split():
        return True
    max_age = _max_age(values)
    return max_age is not None and (ctx.clock.now() - session.authenticated_at).total_seconds() > max_age


def _remember(ctx: Context, values: dict[str, str]) -> str:
    handle = random_token(24)
    ctx.db.add(ProviderRequest(handle_hash=ctx.digest("op-request", handle), params=json.dumps(values), created_at=ctx.clock.now()))
    return handle


def pending(ctx: Context, handle: str) -> ProviderRequest | None:
    row = ctx.db.exec(select(ProviderRequest).where(ProviderRequest.handle_hash == ctx.digest("op-request", handle[:64]))).first()
    if row is None or row.used_at is not None or ctx.clock.now() - row.created_at > REQUEST_TTL:
        return None
    return row


def authorize(ctx: Context, raw: dict[str, str], caller: Caller | None, *, since: datetime | None = None, consent: bool = False) -> Outcome:
    """`since`: when the remembered request was made (a resumed one); `consent`: the person has just said yes."""
    values = {k: raw[k] for k in KEPT_PARAMS if isinstance(raw.get(k), str)}
    rp = clients.by_client_id(ctx.db, values.get("client_id", ""))
    if rp is None:
        return BadRequest("client")
    if values.get("redirect_uri", "") not in clients.lines(rp.redirect_uris):
        return BadRequest("redirect_uri")
    prompt = values.get("prompt", "").split()
    if ("none" in prompt and len(prompt) > 1) or ("max_age" in values and _max_age(values) is None):
        return GoTo(_error_url(ctx, values, "invalid_request"))  # OIDC Core 3.1.2.1: none stands alone; max_age is whole seconds
    server = ProviderServer(ctx)
    session = caller.session if caller is not None else None
    login_first = _needs_login(ctx, values, session, since)
    subject: Subject | None = None if login_first or session is None else subject_of(session)
    prepared = PreparedRequest("GET", ctx.issuer + "/authorize", {}, dict(values))
    try:
        grant = server.get_consent_grant(prepared, end_user=subject)
    except OAuth2Error as exc:
        return GoTo(_error_url(ctx, values, exc.error))
    if subject is None:
        if "none" in prompt:
            return GoTo(_error_url(ctx, values, "login_required"))
        return NeedsLogin(_remember(ctx, values), again=session is not None, fresh="login" in prompt or "max_age" in values)
    scope = grant.request.scope or ""
    if not clients.may_use(ctx.db, rp, subject.person_id):
        audit.record(ctx.db, ctx.clock, action="client.denied", actor_id=subject.person_id, subject_id=subject.person_id, detail=rp.client_id)
        if "none" in prompt:  # no page may be shown: the back-end is told, and says it
            return GoTo(_error_url(ctx, values, "access_denied"))
        return Denied(rp.name, _error_url(ctx, values, "access_denied"))
    if consent:
        _save_consent(ctx, rp, subject.person_id, scope)
    elif "consent" in prompt or not consented(ctx, rp, subject.person_id, scope):
        if "none" in prompt:
            return GoTo(_error_url(ctx, values, "consent_required"))
        return NeedsConsent(_remember(ctx, values), rp.name, tuple(scope.split()), _error_url(ctx, values, "access_denied"))
    response = server.create_authorization_response(grant.request, grant_user=subject, grant=grant)
    location = response.headers.get("location", "")
    return GoTo(add_params(location, {"iss": ctx.issuer}))


def resume(ctx: Context, handle: str, caller: Caller | None, *, consent: bool | None = None) -> Outcome:
    """A remembered request after the login, or with the person's answer on the consent page. Used once."""
    row = pending(ctx, handle)
    if row is None or not claim(ctx.db, ProviderRequest, row.id, col(ProviderRequest.used_at).is_(None), used_at=ctx.clock.now()):
        return BadRequest("expired")
    values = json.loads(row.params)
    if consent is False:
        return GoTo(_error_url(ctx, values, "access_denied")) if clients.by_client_id(ctx.db, values.get("client_id", "")) else BadRequest("client")
    return authorize(ctx, values, caller, since=row.created_at, consent=bool(consent))


def _save_consent(ctx: Context, rp: RelyingParty, person_id: str, scope: str) -> None:
    row = consent_of(ctx, rp, person_id)
    if row is None:
        row = ProviderConsent(person_id=person_id, relying_party_id=rp.id, scope=scope, granted_at=ctx.clock.now())
    else:
        row.scope, row.granted_at = " ".join(sorted(set(row.scope.split()) | set(scope.split()))), ctx.clock.now()
    ctx.db.add(row)
    audit.record(ctx.db, ctx.clock, action="client.consented", actor_id=person_id, subject_id=person_id, detail=rp.client_id)
