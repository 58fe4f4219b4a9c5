"""Login start, OIDC callback, logout and front-channel logout: plain HTTP routes, cookies HttpOnly."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import services
from ..backchannel import deliver_briefly
from ..core import cookies, metrics
from ..core.db import must_get
from ..core.logs import current_ref
from ..core.security import random_token
from ..domain import audit, identity, login_attempts, passkeys, sessions
from ..domain.sessions import SessionPolicy
from ..idporten import client as oidc
from ..models import Person
from ..usecases import groups, single_logout

log = logging.getLogger(__name__)
LOGIN_COOKIE = "hc_login"
BINDING_COOKIE = "hc_passkey_binding"
FAILURE_REASONS = {
    oidc.UserCancelled: "cancelled",
    oidc.StateMismatch: "stale",
    login_attempts.StaleLogin: "stale",
    oidc.IdpUnreachable: "unreachable",
    oidc.AcrTooLow: "acr",
    oidc.IdpError: "idp_error",
}


def _failure(reason: str) -> RedirectResponse:
    response = RedirectResponse(f"/innlogging-feilet?{urlencode({'arsak': reason, 'ref': current_ref()})}", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/auth")
    return response


def _set_cookie(response: Response, name: str, value: str, *, path: str = "/", max_age: int | None = None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True, samesite="lax", secure=services.settings().secure_cookies
    )


async def login_start(request: Request) -> Response:
    settings = services.settings()
    try:
        auth = await services.idporten().start(fresh=request.query_params.get("prompt") == "login")
    except oidc.LoginFailed as exc:
        return _failure(FAILURE_REASONS.get(type(exc), "rejected"))
    handle = await services.in_transaction(
        lambda db: login_attempts.create_attempt(
            db, services.clock(), secret_key=settings.secret_key, state=auth.state, nonce=auth.nonce,
            code_verifier=auth.code_verifier, acr_values=settings.idporten_acr_values,
            return_to=request.query_params.get("neste", "/"),
        )
    )
    response = RedirectResponse(auth.url, status_code=303)
    _set_cookie(response, LOGIN_COOKIE, handle, path="/auth", max_age=600)
    return response


async def callback(request: Request) -> Response:
    settings, clock = services.settings(), services.clock()
    previous = request.cookies.get(cookies.cookie_name(settings), "")
    try:
        attempt = await services.in_transaction(lambda db: login_attempts.consume_attempt(db, clock, secret_key=settings.secret_key, handle=request.cookies.get(LOGIN_COOKIE, "")))
        result = await services.idporten().finish(
            params=dict(request.query_params), expected_state=attempt.state, nonce=attempt.nonce,
            code_verifier=attempt.code_verifier, acr_values=attempt.acr_values,
        )

        def sign_in(db: Session) -> tuple[str, str]:
            person, _created = identity.find_or_create_person(db, clock, secret_key=settings.secret_key, pid=result.pid, idp_name=result.name)
            token = sessions.start_session(
                db, clock, SessionPolicy.of(settings), person_id=person.id, auth_method="idporten", acr=result.acr,
                idp_iss=result.iss, idp_sid=result.sid, id_token=result.id_token, previous_token=previous,
                authenticated_at=datetime.fromtimestamp(result.auth_time, UTC) if result.auth_time is not None else None,
            )
            return token, _landing(db, person, attempt.return_to)

        token, target = await services.in_transaction(sign_in)
    except (oidc.LoginFailed, login_attempts.StaleLogin, identity.InvalidPid) as exc:
        await _login_failed(type(exc).__name__)
        return _failure(FAILURE_REASONS.get(type(exc), "rejected"))
    metrics.logins.labels("idporten", "success").inc()
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, cookies.cookie_name(settings), token)
    response.delete_cookie(LOGIN_COOKIE, path="/auth")
    return response


async def _login_failed(reason: str, method: str = "idporten") -> None:
    """Who is unknown: nothing of the person is kept, only why."""
    metrics.logins.labels(method, "failed").inc()
    await services.in_transaction(lambda db: audit.refused(db, services.clock(), action="login.failed", reason=reason, actor_id=None))


def _landing(db: Session, person: Person, return_to: str) -> str:
    """Where a fresh login goes: registration first; the front page means the person's group, or «Medlemsgrupper»."""
    if person.registered_at is None:
        return "/registrer"
    return groups.start_page(db, person.id) if return_to == "/" else return_to


def same_origin(request: Request) -> bool:
    """A request the portal's own page made (fetch, or its own navigation), not one started by another site."""
    origin = request.headers.get("origin")
    if origin is not None and origin != services.settings().origin:
        return False
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


async def passkey_binding(request: Request) -> Response:
    """Before a passkey login ticket is minted: an HttpOnly cookie only this browser holds, and its digest."""
    if not same_origin(request) or request.headers.get("origin") is None:
        return JSONResponse({"error": "origin"}, status_code=403)
    value, digest = passkeys.new_binding(services.settings().secret_key)
    response = JSONResponse({"binding": digest}, headers={"Cache-Control": "no-store"})
    response.set_cookie(BINDING_COOKIE, value, max_age=300, path="/auth/passkey", httponly=True, samesite="strict", secure=services.settings().secure_cookies)
    return response


async def passkey_login(request: Request) -> Response:
    """Exchange the ticket of a verified passkey login for the same kind of session as ID-porten gives.

    Only in the browser that ran the ceremony (its binding cookie), only from the portal's own page;
    a ticket that fails leaves any existing session as it was.
    """
    settings, clock = services.settings(), services.clock()
    if not same_origin(request):
        await _login_failed("PasskeyTicketCrossSite", "passkey")
        return _failure("passkey")
    ticket_text, binding = request.query_params.get("billett", "")[:128], request.cookies.get(BINDING_COOKIE, "")[:128]
    previous = request.cookies.get(cookies.cookie_name(settings), "")

    def sign_in(db: Session) -> tuple[str, str]:
        ticket = passkeys.redeem_ticket(db, clock, secret_key=settings.secret_key, ticket=ticket_text, binding_cookie=binding)
        person = must_get(db, Person, ticket.person_id)
        token = sessions.start_session(db, clock, SessionPolicy.of(settings), person_id=person.id, auth_method="passkey", previous_token=previous)
        return token, _landing(db, person, ticket.return_to)

    try:
        token, target = await services.in_transaction(sign_in)
    except passkeys.TicketInvalid:
        await _login_failed("PasskeyTicketInvalid", "passkey")
        return _failure("passkey")
    metrics.logins.labels("passkey", "success").inc()
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, cookies.cookie_name(settings), token)
    response.delete_cookie(BINDING_COOKIE, path="/auth/passkey")
    return response


async def logout(request: Request) -> Response:
    """Ends the local session, then RP-initiated logout at the issuer (id_token_hint)."""
    settings = services.settings()
    token = request.cookies.get(cookies.cookie_name(settings), "")
    proof = request.query_params.get("proof", "")
    target = "/utlogget?kun=portalen"  # ID-porten's own logout returns to /utlogget: only then does the page name it
    if cookies.logout_proof_valid(settings, token, proof):
        ended = await services.in_transaction(
            lambda db: single_logout.end_portal_session(db, services.clock(), SessionPolicy.of(settings), token=token, issuer=settings.provider_issuer)
        )
        await deliver_briefly()
        if ended is not None and ended.id_token:
            target = await services.idporten().end_session_url(id_token=ended.id_token, state=random_token(16)) or target
    elif token:
        return RedirectResponse("/", status_code=303)  # no proof: a cross-site link cannot log anyone out
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(cookies.cookie_name(settings), path="/", secure=settings.secure_cookies, httponly=True, samesite="lax")
    return response


async def frontchannel_logout(request: Request) -> Response:
    iss = request.query_params.get("iss", "").rstrip("/")
    sid = request.query_params.get("sid", "")
    settings = services.settings()
    if iss == settings.issuer and sid:
        await services.in_transaction(
            lambda db: single_logout.end_by_idp_sid(db, services.clock(), SessionPolicy.of(settings), iss=iss, sid=sid, issuer=settings.provider_issuer)
        )
        await deliver_briefly()
    return Response("", status_code=200, headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [
        Route("/auth/login", login_start, methods=["GET"]),
        Route("/auth/callback", callback, methods=["GET"]),
        Route("/auth/passkey", passkey_login, methods=["GET"]),
        Route("/auth/passkey/binding", passkey_binding, methods=["POST"]),
        Route("/auth/logout", logout, methods=["GET"]),
        Route("/auth/frontchannel-logout", frontchannel_logout, methods=["GET"]),
    ]
