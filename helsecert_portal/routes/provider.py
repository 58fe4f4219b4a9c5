"""The portal's OpenID provider over HTTP (issue 16): discovery, JWKS, authorize with its login, consent and refusal
pages, token, userinfo, introspection, revocation and RP-initiated logout. Each request runs in one transaction off
the event loop; back-channel logout tokens are delivered after the transaction that ended a session commits."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import services
from ..backchannel import context_for, deliver_briefly
from ..core import cookies
from ..core.errors import NotLoggedIn
from ..core.html_page import standalone_page
from ..core.oauth_requests import prepare
from ..core.security import random_token
from ..core.settings import PROVIDER_PATH
from ..domain import sessions
from ..domain.sessions import Caller
from ..provider import claims as claims_of
from ..provider import clients, flow, logout
from ..provider.keys import ALG
from ..provider.server import Context, ProviderServer, find_token, session_live
from ..provider.tokens import read_access_token
from ..texts import nb
from ..usecases import single_logout
from .auth import same_origin

T = TypeVar("T")
P = PROVIDER_PATH
NO_STORE = {"Cache-Control": "no-store"}


async def _in_context(work: Callable[[Context], T]) -> T:
    return await services.in_transaction(lambda db: work(context_for(db)))


def _caller(ctx: Context, request: Request) -> Caller | None:
    token = request.cookies.get(cookies.cookie_name(services.settings()), "")
    try:
        return sessions.require_caller(ctx.db, ctx.clock, ctx.policy, token=token)
    except NotLoggedIn:
        return None


def metadata() -> dict[str, object]:
    i = services.settings().provider_issuer
    return {
        "issuer": i, "authorization_endpoint": f"{i}/authorize", "token_endpoint": f"{i}/token",
        "userinfo_endpoint": f"{i}/userinfo", "jwks_uri": f"{i}/jwks", "end_session_endpoint": f"{i}/logout",
        "introspection_endpoint": f"{i}/introspect", "revocation_endpoint": f"{i}/revoke",
        "scopes_supported": list(clients.SCOPES), "response_types_supported": ["code"], "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"], "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": [ALG], "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": list(clients.AUTH_METHODS),
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
        "introspection_endpoint_auth_methods_supported": list(clients.AUTH_METHODS),
        "revocation_endpoint_auth_methods_supported": list(clients.AUTH_METHODS),
        "claims_supported": ["sub", "name", "email", "email_verified", "memberships", "cert_operator", "acr", "amr", "auth_time", "sid"],
        "prompt_values_supported": ["none", "login", "consent"], "authorization_response_iss_parameter_supported": True,
        "backchannel_logout_supported": True, "backchannel_logout_session_supported": True, "ui_locales_supported": ["nb"],
    }


async def discovery(request: Request) -> Response:
    return JSONResponse(metadata())


async def jwks(request: Request) -> Response:
    published = await _in_context(lambda ctx: ctx.ring().published)
    return JSONResponse({"keys": published}, headers={"Cache-Control": "public, max-age=600"})


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    header = f'<p><a href="/">{html.escape(nb.PROVIDER_SITE)}</a></p>'
    style = (
        "body{max-width:42rem;line-height:1.5}ul{padding-left:1.25rem}.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}"
        "button,.button{font:inherit;padding:.6rem 1rem;border-radius:6px;border:2px solid #0b5394;cursor:pointer;text-decoration:none;display:inline-block}"
        ".primary{background:#0b5394;color:#fff}.secondary{background:#fff;color:#0b5394}"
    )
    return standalone_page(title, body, site=nb.PROVIDER_SITE, header=header, style=style, status=status)


def _answer(outcome: flow.Outcome, session_token: str = "") -> Response:
    match outcome:
        case flow.GoTo(url):
            return RedirectResponse(url, status_code=303, headers=NO_STORE)
        case flow.NeedsLogin(handle, again, fresh):
            # A fresh login asked for (prompt=login, max_age): ID-porten must authenticate again. Someone logged in goes
            # straight there; anyone else chooses on «Logg inn» (a passkey is a fresh login too), which passes it on.
            query = urlencode({"neste": f"{P}/fortsett/{handle}", **({"prompt": "login"} if fresh or again else {})})
            return RedirectResponse(f"/auth/login?{query}" if again else f"/logg-inn?{query}", status_code=303, headers=NO_STORE)
        case flow.NeedsConsent(handle, name, scopes, back_url):
            # Links, not a form: the answer redirects to the back-end, which the CSP's form-action 'self' forbids a form.
            items = "".join(f"<li>{html.escape(nb.PROVIDER_SCOPES[s])}</li>" for s in scopes if s in nb.PROVIDER_SCOPES)
            proof = cookies.logout_proof(services.settings(), session_token, f"op-consent\x00{handle}")
            yes, no = (f"{P}/samtykke?{urlencode({'handle': handle, 'svar': answer, 'bevis': proof})}" for answer in ("ja", "nei"))
            body = (
                f"<p>{html.escape(nb.PROVIDER_CONSENT_INTRO.format(client=name))}</p><ul>{items}</ul>"
                f"<p>{html.escape(nb.PROVIDER_CONSENT_REMEMBER)}</p><div class=\"actions\">"
                f'<a class="button primary" id="consent-yes" href="{html.escape(yes)}">{html.escape(nb.PROVIDER_CONSENT_YES)}</a>'
                f'<a class="button secondary" id="consent-no" href="{html.escape(no)}">{html.escape(nb.PROVIDER_CONSENT_NO)}</a></div>'
            )
            return _page(nb.PROVIDER_CONSENT_TITLE.format(client=name), body)
        case flow.Denied(name, back_url):
            body = (
                f"<p>{html.escape(nb.PROVIDER_DENIED_TEXT)}</p><div class=\"actions\">"
                f'<a class="button primary" href="{html.escape(back_url)}">{html.escape(nb.PROVIDER_DENIED_BACK.format(client=name))}</a>'
                f'<a class="button secondary" href="/">{html.escape(nb.PROVIDER_DENIED_PORTAL)}</a></div>'
            )
            return _page(nb.PROVIDER_DENIED_TITLE.format(client=name), body, 403)
        case flow.BadRequest(reason):
            return _page(nb.PROVIDER_BAD_TITLE, f"<p>{html.escape(nb.PROVIDER_BAD_TEXT[reason])}</p>", 400)
    raise AssertionError(outcome)  # pragma: no cover


def _session_token(request: Request) -> str:
    return request.cookies.get(cookies.cookie_name(services.settings()), "")


async def authorize(request: Request) -> Response:
    values = dict(request.query_params)
    return _answer(await _in_context(lambda ctx: flow.authorize(ctx, values, _caller(ctx, request))), _session_token(request))


async def resume(request: Request) -> Response:
    handle = request.path_params["handle"]
    return _answer(await _in_context(lambda ctx: flow.resume(ctx, handle, _caller(ctx, request))), _session_token(request))


async def consent(request: Request) -> Response:
    """The consent page's answer: a click on the portal's own page (never a link from another site), with the
    single-use handle only that page showed, for whoever is logged in now."""
    handle, answer = request.query_params.get("handle", ""), request.query_params.get("svar") == "ja"
    proven = cookies.logout_proof_valid(services.settings(), _session_token(request), request.query_params.get("bevis", ""), f"op-consent\x00{handle}")
    if not (same_origin(request) and proven):
        return _page(nb.PROVIDER_BAD_TITLE, f"<p>{html.escape(nb.PROVIDER_BAD_TEXT['expired'])}</p>", 403)
    return _answer(await _in_context(lambda ctx: flow.resume(ctx, handle, _caller(ctx, request), consent=answer)), _session_token(request))


async def _server_response(request: Request, run: Callable[[ProviderServer, object], Response]) -> Response:
    prepared = await prepare(request, form_only=True)  # RFC 6749 §2.3.1: no secret or code in a URL
    return await _in_context(lambda ctx: run(ProviderServer(ctx), prepared))


async def token(request: Request) -> Response:
    return await _server_response(request, lambda server, prepared: server.create_token_response(prepared))


async def introspect(request: Request) -> Response:
    return await _server_response(request, lambda server, prepared: server.create_endpoint_response("introspection", prepared))


async def revoke(request: Request) -> Response:
    return await _server_response(request, lambda server, prepared: server.create_endpoint_response("revocation", prepared))


def _userinfo(ctx: Context, bearer: str) -> dict[str, object] | None:
    access = read_access_token(ctx.ring(), ctx.clock, issuer=ctx.issuer, token=bearer)
    facts = find_token(ctx, bearer) if access is not None else None
    if access is None or facts is None or facts.is_revoked() or session_live(ctx, facts.family.session_id) is None:
        return None
    return {"sub": access.sub, **claims_of.user_claims(ctx.db, person_id=facts.family.person_id, scope=access.scope)}


async def userinfo(request: Request) -> Response:
    auth = request.headers.get("authorization", "")
    bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    if not bearer and request.method == "POST":  # RFC 6750 §2.2: the token as a form field
        bearer = str((await request.form()).get("access_token", ""))
    found = await _in_context(lambda ctx: _userinfo(ctx, bearer)) if bearer else None
    if found is None:
        return JSONResponse({"error": "invalid_token"}, 401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"', **NO_STORE})
    return JSONResponse(found, headers=NO_STORE)


def _logout_target(ctx: Context, values: dict[str, str]) -> tuple[str, str]:
    """Where the browser goes afterwards (only a URI the client registered) and the `sid` the hint names."""
    hint = logout.read_hint(ctx, values.get("id_token_hint", "")) if values.get("id_token_hint") else None
    rp = clients.by_client_id(ctx.db, hint.client_id if hint else values.get("client_id", ""))
    wanted = values.get("post_logout_redirect_uri", "")
    if rp is not None and wanted and wanted in clients.lines(rp.post_logout_redirect_uris):
        return flow.add_params(wanted, {"state": values.get("state", "")}), hint.sid if hint else ""
    return "/utlogget?kun=portalen", hint.sid if hint else ""


@dataclass(frozen=True)
class LogoutPlan:
    target: str  # where the browser goes afterwards
    ask: bool  # the person is asked first
    id_token: str = ""  # the ended session's ID-porten ID token: ID-porten logs the person out too
    state: str = ""  # the handle ID-porten brings back to /utlogget, to go on to `target`


def _plan_logout(ctx: Context, request: Request, values: dict[str, str], confirmed: bool) -> LogoutPlan:
    """A verified hint for this very session, or the person's own click, ends it at once."""
    target, sid = _logout_target(ctx, values)
    caller = _caller(ctx, request)
    if caller is None:
        return LogoutPlan(target, False)
    if not confirmed and sid != logout.session_sid_of(ctx, caller.session):
        return LogoutPlan(target, True)
    token = request.cookies.get(cookies.cookie_name(services.settings()), "")
    ended = single_logout.end_portal_session(ctx.db, ctx.clock, ctx.policy, token=token, issuer=ctx.issuer)
    if ended is None or not ended.id_token:
        return LogoutPlan(target, False)
    back_end = not target.startswith("/")  # a registered post-logout URI; else the portal's own «logged out» page
    return LogoutPlan(target, False, ended.id_token, logout.remember_target(ctx, target) if back_end else random_token(16))


async def end_session(request: Request) -> Response:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). Without a hint naming this session the person is
    asked; «Logg ut» on that page is a link back here with the session's keyed proof (as the portal's own logout
    link), so that a link made elsewhere cannot log anyone out."""
    values = {k: v for k, v in request.query_params.items() if k != "bevis"}
    settings = services.settings()
    confirmed = same_origin(request) and cookies.logout_proof_valid(settings, _session_token(request), request.query_params.get("bevis", ""))
    plan = await _in_context(lambda ctx: _plan_logout(ctx, request, values, confirmed))
    if plan.ask:
        kept = {k: values[k] for k in ("post_logout_redirect_uri", "state", "client_id", "id_token_hint") if values.get(k)}
        yes = f"{P}/logout?{urlencode({**kept, 'bevis': cookies.logout_proof(settings, _session_token(request))})}"
        body = (
            f"<p>{html.escape(nb.PROVIDER_LOGOUT_TEXT)}</p><div class=\"actions\">"
            f'<a class="button primary" id="logout-yes" href="{html.escape(yes)}">{html.escape(nb.PROVIDER_LOGOUT_YES)}</a>'
            f'<a class="button secondary" href="/">{html.escape(nb.PROVIDER_LOGOUT_NO)}</a></div>'
        )
        return _page(nb.PROVIDER_LOGOUT_TITLE, body)
    await deliver_briefly()
    target = plan.target
    if plan.id_token:  # ID-porten's session ends too (the next person at this screen must log in again), then on
        target = await services.idporten().end_session_url(id_token=plan.id_token, state=plan.state) or target
    response = RedirectResponse(target, status_code=303, headers=NO_STORE)
    response.delete_cookie(cookies.cookie_name(settings), path="/", secure=settings.secure_cookies, httponly=True, samesite="lax")
    return response


def routes() -> list[Route]:
    return [
        Route(f"{P}/.well-known/openid-configuration", discovery, methods=["GET"]),
        Route(f"{P}/jwks", jwks, methods=["GET"]),
        Route(f"{P}/authorize", authorize, methods=["GET"]),
        Route(f"{P}/fortsett/{{handle}}", resume, methods=["GET"]),
        Route(f"{P}/samtykke", consent, methods=["GET"]),
        Route(f"{P}/token", token, methods=["POST"]),
        Route(f"{P}/userinfo", userinfo, methods=["GET", "POST"]),
        Route(f"{P}/introspect", introspect, methods=["POST"]),
        Route(f"{P}/revoke", revoke, methods=["POST"]),
        Route(f"{P}/logout", end_session, methods=["GET"]),
    ]
