"""A demo back-end that logs people in through the portal's OpenID provider, as one of the CERT's systems would.

It is a relying party and nothing more: it knows the portal only by its issuer URL, its own client_id and secret
(given to it by the operator who registered it), and what the portal's discovery document says. It keeps its own
sessions (in memory, by a random cookie), shows the claims it received, fetches them again with a refresh token,
logs out through the portal (RP-initiated), and ends its sessions when the portal sends a back-channel logout token
(verified: signature from the portal's JWKS, iss, aud, iat, jti, the event, a sid, no nonce).

Runs beside the portal with the embedded defaults (lifespan.demo_backend); never in production.
"""

from __future__ import annotations

import html
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..core.html_page import standalone_page
from ..texts import nb

log = logging.getLogger(__name__)
COOKIE = "demo_session"
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
SCOPE = "openid profile email memberships"
MAX_SESSIONS = 1000
STYLE = (
    "table{border-collapse:collapse;max-width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;overflow-wrap:break-word}"
    "dt{font-weight:600}dd{margin:0 0 .5rem;overflow-wrap:anywhere}caption{text-align:left;font-weight:600}button,.button{font:inherit;padding:.5rem 1rem}"
)


@dataclass
class DemoSession:
    state: str = ""
    verifier: str = ""
    nonce: str = ""
    claims: dict[str, Any] = field(default_factory=dict)  # from the ID token
    userinfo: dict[str, Any] = field(default_factory=dict)
    token: dict[str, Any] = field(default_factory=dict)
    id_token: str = ""
    message: str = ""


@dataclass(frozen=True)
class DemoConfig:
    issuer: str  # the portal's issuer, e.g. http://localhost:3000/op
    base_url: str  # this back-end, e.g. http://127.0.0.1:3010
    client_id: str
    client_secret: str


class DemoBackend:
    def __init__(self, config: DemoConfig, http: httpx.AsyncClient | None = None) -> None:
        self.config = config
        self.sessions: dict[str, DemoSession] = {}
        self.logged_out_sids: list[str] = []  # what back-channel logout ended, newest last (shown on the page)
        self._meta: dict[str, Any] = {}
        self._http = http or httpx.AsyncClient(timeout=10)
        self.app = Starlette(routes=[
            Route("/", self.home), Route("/login", self.login), Route("/callback", self.callback),
            Route("/refresh", self.refresh, methods=["POST"]), Route("/logout", self.logout, methods=["POST"]),
            Route("/backchannel-logout", self.backchannel_logout, methods=["POST"]),
        ])

    async def meta(self) -> dict[str, Any]:
        if not self._meta:
            self._meta = (await self._http.get(f"{self.config.issuer}/.well-known/openid-configuration")).raise_for_status().json()
        return self._meta

    async def keys(self) -> KeySet:
        return KeySet.import_key_set((await self._http.get((await self.meta())["jwks_uri"])).raise_for_status().json())

    def client(self, token: dict[str, Any] | None = None) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            self.config.client_id, self.config.client_secret, scope=SCOPE, redirect_uri=f"{self.config.base_url}/callback",
            code_challenge_method="S256", token=token, timeout=10,
        )

    def _session(self, request: Request) -> tuple[str, DemoSession | None]:
        sid = request.cookies.get(COOKIE, "")
        return sid, self.sessions.get(sid)

    def _page(self, title: str, body: str, status: int = 200) -> Response:
        return standalone_page(title, body, site=nb.DEMO_SITE, header=f"<p><strong>{html.escape(nb.DEMO_SITE)}</strong></p>", style=STYLE, status=status)

    async def home(self, request: Request) -> Response:
        _, session = self._session(request)
        if session is None or not session.claims:
            note = f'<p role="status">{html.escape(nb.DEMO_LOGGED_OUT_BY_PORTAL)}</p>' if request.query_params.get("ute") else ""
            return self._page(nb.DEMO_TITLE, f"{note}<p>{html.escape(nb.DEMO_INTRO)}</p><p><a class=\"button\" href=\"/login\">{html.escape(nb.DEMO_LOGIN)}</a></p>")
        info = session.userinfo or session.claims
        rows = "".join(
            f"<tr><td>{html.escape(str(m.get('name', '')))}</td><td>{html.escape(str(m.get('org_number') or ''))}</td><td>{html.escape(nb.DEMO_ROLES.get(str(m.get('role')), str(m.get('role'))))}</td></tr>"
            for m in info.get("memberships", [])
        )
        groups = (
            f"<table id=\"memberships\"><caption>{html.escape(nb.DEMO_MEMBERSHIPS)}</caption><thead><tr><th scope=\"col\">{html.escape(nb.DEMO_GROUP)}</th>"
            f"<th scope=\"col\">{html.escape(nb.DEMO_ORG_NUMBER)}</th><th scope=\"col\">{html.escape(nb.DEMO_ROLE)}</th></tr></thead><tbody>{rows}</tbody></table>"
            if rows else f"<p id=\"memberships\">{html.escape(nb.DEMO_NO_MEMBERSHIPS)}</p>"
        )
        facts = [(nb.DEMO_NAME, info.get("name", "")), (nb.DEMO_EMAIL, info.get("email", "")), (nb.DEMO_HOW, f"{session.claims.get('acr', '')} ({', '.join(session.claims.get('amr', []))})"),
                 (nb.DEMO_OPERATOR, nb.DEMO_YES if info.get("cert_operator") else nb.DEMO_NO), (nb.DEMO_SUB, session.claims.get("sub", ""))]
        listing = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in facts)
        message = f'<p role="status">{html.escape(session.message)}</p>' if session.message else ""
        body = (
            f"{message}<p id=\"logged-in\">{html.escape(nb.DEMO_LOGGED_IN)}</p><dl>{listing}</dl>{groups}"
            f"<form method=\"post\" action=\"/refresh\"><p><button type=\"submit\">{html.escape(nb.DEMO_REFRESH)}</button></p></form>"
            f"<form method=\"post\" action=\"/logout\"><p><button type=\"submit\">{html.escape(nb.DEMO_LOGOUT)}</button></p></form>"
        )
        return self._page(nb.DEMO_TITLE, body)

    async def login(self, request: Request) -> Response:
        meta = await self.meta()
        session = DemoSession(verifier=generate_token(48), nonce=generate_token(20))
        url, session.state = self.client().create_authorization_url(meta["authorization_endpoint"], code_verifier=session.verifier, nonce=session.nonce)
        sid = secrets.token_urlsafe(32)
        while len(self.sessions) >= MAX_SESSIONS:  # a demo keeps a bounded number: the oldest go first
            self.sessions.pop(next(iter(self.sessions)))
        self.sessions[sid] = session
        answer = RedirectResponse(url, status_code=303)
        answer.set_cookie(COOKIE, sid, httponly=True, samesite="lax")
        return answer

    async def callback(self, request: Request) -> Response:
        _, session = self._session(request)
        params = request.query_params
        if session is None or not session.state or params.get("state") != session.state:
            return self._page(nb.DEMO_FAILED, f"<p>{html.escape(nb.DEMO_STATE_MISMATCH)}</p><p><a href=\"/login\">{html.escape(nb.DEMO_LOGIN)}</a></p>", 400)
        if params.get("error") or params.get("iss") != self.config.issuer:
            session.state = ""
            return self._page(nb.DEMO_FAILED, f"<p>{html.escape(nb.DEMO_REFUSED.format(error=params.get('error', 'iss')))}</p><p><a href=\"/login\">{html.escape(nb.DEMO_LOGIN)}</a></p>", 400)
        meta = await self.meta()
        session.state = ""  # one answer per login started here
        try:
            async with self.client() as client:
                token = await client.fetch_token(meta["token_endpoint"], code=params.get("code", ""), code_verifier=session.verifier)
            claims = await self._verify_id_token(str(token["id_token"]))
        except Exception as exc:  # refused code, bad token: say so, keep nothing
            log.warning("demo back-end login refused: %s", type(exc).__name__)
            return self._page(nb.DEMO_FAILED, f"<p>{html.escape(nb.DEMO_REFUSED.format(error='token'))}</p><p><a href=\"/login\">{html.escape(nb.DEMO_LOGIN)}</a></p>", 400)
        if claims.get("nonce") != session.nonce:
            return self._page(nb.DEMO_FAILED, f"<p>{html.escape(nb.DEMO_STATE_MISMATCH)}</p>", 400)
        session.claims, session.token, session.id_token = claims, dict(token), str(token["id_token"])
        session.userinfo = await self._userinfo(session.token, claims)
        return RedirectResponse("/", status_code=303)

    async def _verify_id_token(self, raw: str) -> dict[str, Any]:
        """OIDC Core §3.1.3.7: signed by the portal's published key, an ID token (not an access or logout token), for us."""
        found = jwt.decode(raw, await self.keys(), algorithms=["RS256"])
        if found.header.get("typ", "JWT") != "JWT":
            raise ValueError("not an ID token")
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": self.config.issuer}, aud={"essential": True, "value": self.config.client_id},
                              exp={"essential": True}, iat={"essential": True}, sub={"essential": True}).validate(found.claims)
        return dict(found.claims)

    async def _userinfo(self, token: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
        async with self.client(token) as client:
            answer = await client.get((await self.meta())["userinfo_endpoint"])
        found = dict(answer.json()) if answer.status_code == 200 else {}
        return found if found.get("sub") == claims.get("sub") else {}  # §5.3.4: about the person the ID token names

    async def refresh(self, request: Request) -> Response:
        """New tokens from the refresh token; the claims are what the portal says now."""
        sid, session = self._session(request)
        if session is None or not session.token:
            return RedirectResponse("/", status_code=303)
        try:
            async with self.client(session.token) as client:
                token = await client.refresh_token((await self.meta())["token_endpoint"], refresh_token=session.token.get("refresh_token"))
        except Exception:  # refused: the portal ended this login (logout, withdrawn consent, lost access)
            self.sessions.pop(sid, None)
            return RedirectResponse("/?ute=1", status_code=303)
        if token.get("id_token"):  # a refreshed ID token must be about the same person, from the same login
            claims = await self._verify_id_token(str(token["id_token"]))
            if claims.get("sub") != session.claims.get("sub") or claims.get("sid") != session.claims.get("sid"):
                self.sessions.pop(sid, None)
                return RedirectResponse("/?ute=1", status_code=303)
            session.claims, session.id_token = {**claims, "nonce": session.nonce}, str(token["id_token"])
        session.token = dict(token)
        session.userinfo, session.message = await self._userinfo(session.token, session.claims), nb.DEMO_REFRESHED.format(at=time.strftime("%H:%M:%S"))
        return RedirectResponse("/", status_code=303)

    async def logout(self, request: Request) -> Response:
        """RP-initiated logout: this session ends here, then the portal is asked to end its own."""
        sid, session = self._session(request)
        self.sessions.pop(sid, None)
        if session is None or not session.id_token:
            return RedirectResponse("/", status_code=303)
        end = (await self.meta())["end_session_endpoint"]
        query = urlencode({"id_token_hint": session.id_token, "post_logout_redirect_uri": f"{self.config.base_url}/", "client_id": self.config.client_id})
        return RedirectResponse(f"{end}?{query}", status_code=303)

    async def backchannel_logout(self, request: Request) -> Response:
        """OpenID Back-Channel Logout 1.0 §2.6: verify the token, then end every session of that portal session."""
        try:
            raw = str((await request.form()).get("logout_token", ""))
            found = jwt.decode(raw, await self.keys(), algorithms=["RS256"])
            claims = found.claims
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": self.config.issuer}, aud={"essential": True, "value": self.config.client_id},
                                  iat={"essential": True}, jti={"essential": True}).validate(claims)
            if found.header.get("typ") != "logout+jwt" or BACKCHANNEL_EVENT not in (claims.get("events") or {}) or "nonce" in claims or not claims.get("sid"):
                raise ValueError("not a logout token")
        except (JoseError, ValueError, KeyError) as exc:
            log.warning("demo back-end refused a logout token: %s", type(exc).__name__)
            return Response(status_code=400, headers={"Cache-Control": "no-store"})
        ended = [key for key, s in self.sessions.items() if s.claims.get("sid") == claims["sid"]]
        for key in ended:
            del self.sessions[key]
        self.logged_out_sids.append(str(claims["sid"]))
        return Response(status_code=200, headers={"Cache-Control": "no-store"})
