"""Login start, OIDC callback, logout and front-channel logout: plain HTTP routes, cookies HttpOnly."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import services
from ..core.security import digests_match, keyed_digest, random_token
from ..domain import identity, login_attempts, passkeys, sessions
from ..idporten import client as oidc
from ..models import Person
from ..state.common import cookie_name, session_policy

log = logging.getLogger(__name__)
LOGIN_COOKIE = "hc_login"
FAILURE_REASONS = {
    oidc.UserCancelled: "cancelled",
    oidc.StateMismatch: "stale",
    login_attempts.StaleLogin: "stale",
    oidc.IdpUnreachable: "unreachable",
    oidc.AcrTooLow: "acr",
    oidc.IdpError: "idp_error",
}


def _failure(reason: str) -> RedirectResponse:
    response = RedirectResponse(f"/innlogging-feilet?{urlencode({'arsak': reason})}", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/auth")
    return response


def _set_cookie(response: Response, name: str, value: str, *, path: str = "/", max_age: int | None = None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True, samesite="lax", secure=services.settings().secure_cookies
    )


async def login_start(request: Request) -> Response:
    settings = services.settings()
    try:
        auth = await services.idporten().start()
    except oidc.LoginFailed as exc:
        return _failure(FAILURE_REASONS.get(type(exc), "rejected"))
    with services.db_session() as db:
        handle = login_attempts.create_attempt(
            db, services.clock(), secret_key=settings.secret_key, state=auth.state, nonce=auth.nonce,
            code_verifier=auth.code_verifier, acr_values=settings.idporten_acr_values,
            return_to=request.query_params.get("neste", "/"),
        )
    response = RedirectResponse(auth.url, status_code=303)
    _set_cookie(response, LOGIN_COOKIE, handle, path="/auth", max_age=600)
    return response


async def callback(request: Request) -> Response:
    settings, clock = services.settings(), services.clock()
    try:
        with services.db_session() as db:
            attempt = login_attempts.consume_attempt(db, clock, secret_key=settings.secret_key, handle=request.cookies.get(LOGIN_COOKIE, ""))
        result = await services.idporten().finish(
            params=dict(request.query_params), expected_state=attempt.state, nonce=attempt.nonce,
            code_verifier=attempt.code_verifier, acr_values=attempt.acr_values,
        )
        with services.db_session() as db:
            person, _created = identity.find_or_create_person(db, clock, secret_key=settings.secret_key, pid=result.pid, idp_name=result.name)
            token = sessions.start_session(
                db, clock, session_policy(), person_id=person.id, auth_method="idporten", acr=result.acr,
                idp_iss=result.iss, idp_sid=result.sid, id_token=result.id_token,
                previous_token=request.cookies.get(cookie_name(), ""),
            )
            target = _landing(person, attempt.return_to)
    except (oidc.LoginFailed, login_attempts.StaleLogin, identity.InvalidPid) as exc:
        log.info("login failed: %s", type(exc).__name__)
        return _failure(FAILURE_REASONS.get(type(exc), "rejected"))
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, cookie_name(), token)
    response.delete_cookie(LOGIN_COOKIE, path="/auth")
    return response


def _landing(person, return_to: str) -> str:  # noqa: ANN001
    """Where a fresh login goes: registration first; the front page means «Medlemsgrupper»."""
    if person.registered_at is None:
        return "/registrer"
    return "/medlemsgrupper" if return_to == "/" else return_to


async def passkey_login(request: Request) -> Response:
    """Exchange the ticket of a verified passkey login for the same kind of session as ID-porten gives."""
    settings, clock = services.settings(), services.clock()
    try:
        with services.db_session() as db:
            ticket = passkeys.redeem_ticket(db, clock, secret_key=settings.secret_key, ticket=request.query_params.get("billett", "")[:128])
            person = db.get(Person, ticket.person_id)
            token = sessions.start_session(
                db, clock, session_policy(), person_id=person.id, auth_method="passkey", previous_token=request.cookies.get(cookie_name(), "")
            )
            target = _landing(person, ticket.return_to)
    except passkeys.TicketInvalid:
        return _failure("passkey")
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, cookie_name(), token)
    return response


async def logout(request: Request) -> Response:
    """Ends the local session, then RP-initiated logout at the issuer (id_token_hint)."""
    settings = services.settings()
    token = request.cookies.get(cookie_name(), "")
    proof = request.query_params.get("proof", "")
    expected = keyed_digest(settings.secret_key, "logout", token)[:32] if token else ""
    target = "/utlogget"
    if token and digests_match(proof, expected):
        with services.db_session() as db:
            ended = sessions.end_session(db, services.clock(), session_policy(), token=token)
        if ended is not None and ended.id_token:
            target = await services.idporten().end_session_url(id_token=ended.id_token, state=random_token(16)) or target
    elif token:
        return RedirectResponse("/", status_code=303)  # no proof: a cross-site link cannot log anyone out
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(cookie_name(), path="/", secure=settings.secure_cookies, httponly=True, samesite="lax")
    return response


async def frontchannel_logout(request: Request) -> Response:
    iss = request.query_params.get("iss", "").rstrip("/")
    sid = request.query_params.get("sid", "")
    if iss == services.settings().issuer and sid:
        with services.db_session() as db:
            sessions.end_sessions_by_sid(db, services.clock(), iss=iss, sid=sid)
    return Response("", status_code=200, headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [
        Route("/auth/login", login_start, methods=["GET"]),
        Route("/auth/callback", callback, methods=["GET"]),
        Route("/auth/passkey", passkey_login, methods=["GET"]),
        Route("/auth/logout", logout, methods=["GET"]),
        Route("/auth/frontchannel-logout", frontchannel_logout, methods=["GET"]),
    ]
