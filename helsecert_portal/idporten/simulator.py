"""An ID-porten look-alike OIDC provider for development and tests, built on authlib's server grants.

Serves discovery, JWKS, authorize (a TestID-style person picker), token, userinfo, end_session and
front-channel logout. Enforces PKCE S256, single-use codes, registered redirect URIs and nonce.
`Misbehaviour` lets tests play a hostile IdP (wrong iss/aud, expiry, alg none, unknown kid, low acr).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from authlib.oauth2.rfc6749 import AuthorizationServer, ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc6749.requests import JsonRequest
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..core.clock import Clock, SystemClock
from ..core.html_page import standalone_page
from ..core.oauth_requests import PreparedRequest, StarletteOAuth2Request, prepare
from .test_persons import TEST_PERSONS, is_valid_fnr

log = logging.getLogger(__name__)
LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
SSO_COOKIE = "idporten_sim_sso"
CODE_TTL = 60
ID_TOKEN_TTL = 120


@dataclass
class SimClient(ClientMixin):
    client_id: str
    client_secret: str = ""
    redirect_uris: tuple[str, ...] = ()
    post_logout_redirect_uris: tuple[str, ...] = ()
    frontchannel_logout_uri: str = ""
    auth_method: str = "client_secret_basic"
    public_jwks: dict | None = None

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.client_secret) and hmac.compare_digest(self.client_secret, client_secret or "")

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class SimCode(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    pid: str
    name: str
    acr: str
    sid: str
    auth_time: int
    created: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return ["TestID"]


@dataclass
class Misbehaviour:
    """Knobs for tests: each makes the simulator break one rule a real attacker or broken IdP might."""

    id_token_claims: dict = field(default_factory=dict)
    alg_none: bool = False
    kid: str | None = None
    acr: str | None = None
    response_iss: str | None = None
    sign_with_other_key: bool = False


@dataclass
class SimUser:
    pid: str
    name: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class IdPortenSimulator:
    """One provider instance: keys, registered clients and its in-memory codes, tokens and SSO sessions."""

    def __init__(self, issuer: str, clients: list[SimClient], clock: Clock | None = None) -> None:
        self.issuer = issuer.rstrip("/")
        self.clock = clock or SystemClock()  # the portal's clock, so a test that moves it moves the issuer too
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": self.key.kid or ""})
        self.clients = {c.client_id: c for c in clients}
        self.codes: dict[str, SimCode] = {}
        self.used_codes: set[str] = set()
        self.tokens: dict[str, SimCode] = {}
        self.pending: dict[str, dict] = {}
        self.sso: dict[str, tuple[SimUser, str, int]] = {}
        self.used_jtis: set[str] = set()
        self.misbehave = Misbehaviour()
        self.jwks_served = 0
        self.server = self._build_server()

    # ----- authlib wiring -----
    def _build_server(self) -> AuthorizationServer:
        sim = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):  # noqa: ANN001, ANN202
                return sim.clients.get(client_id)

            def save_token(self, token, request):  # noqa: ANN001, ANN202
                sim.tokens[token["access_token"]] = request.authorization_code

            def create_oauth2_request(self, request):  # noqa: ANN001, ANN202
                return StarletteOAuth2Request(request)

            def create_json_request(self, request):  # noqa: ANN001, ANN202
                return JsonRequest(request.method, request.url, request.headers)

            def handle_response(self, status, body, headers):  # noqa: ANN001, ANN202
                hdrs = dict(headers)
                if isinstance(body, dict):
                    return JSONResponse(body, status_code=status, headers=hdrs)
                return Response(body or "", status_code=status, headers=hdrs)

            def send_signal(self, name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
                return None

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]

            def save_authorization_code(self, code, request):  # noqa: ANN001, ANN202
                user: SimUser = request.user
                data = request.payload.data
                requested = (data.get("acr_values") or "idporten-loa-substantial").split()
                acr = sim.misbehave.acr or max(requested, key=lambda a: LEVELS.index(a) if a in LEVELS else -1)
                sim.codes[code] = SimCode(
                    code=code, client_id=request.client.client_id, redirect_uri=data.get("redirect_uri", ""),
                    scope=request.scope or data.get("scope", ""), nonce=data.get("nonce", ""),
                    code_challenge=data.get("code_challenge", ""), code_challenge_method=data.get("code_challenge_method", ""),
                    pid=user.pid, name=user.name, acr=acr, sid=data["_sid"], auth_time=data["_auth_time"], created=sim.now(),
                )

            def query_authorization_code(self, code, client):  # noqa: ANN001, ANN202
                item = sim.codes.get(code)
                if item and item.client_id == client.client_id and sim.now() - item.created < CODE_TTL:
                    return item
                return None

            def delete_authorization_code(self, authorization_code):  # noqa: ANN001, ANN202
                sim.codes.pop(authorization_code.code, None)
                sim.used_codes.add(authorization_code.code)

            def authenticate_user(self, authorization_code):  # noqa: ANN001, ANN202
                return SimUser(authorization_code.pid, authorization_code.name)

        class IdToken(OpenIDCode):
            DEFAULT_EXPIRES_IN = ID_TOKEN_TTL

            def exists_nonce(self, nonce, request):  # noqa: ANN001, ANN202
                return False  # nonces are the client's to check; ID-porten only echoes them

            def resolve_client_private_key(self, client):  # noqa: ANN001, ANN202
                return sim.other_key if sim.misbehave.sign_with_other_key else sim.key

            def get_client_claims(self, client):  # noqa: ANN001, ANN202
                return {"iss": sim.issuer, "aud": client.client_id}

            def get_encode_header(self, client):  # noqa: ANN001, ANN202
                return {"alg": "RS256", "kid": sim.misbehave.kid or sim.key.kid, "typ": "JWT"}

            def get_authorization_code_claims(self, authorization_code):  # noqa: ANN001, ANN202
                claims = super().get_authorization_code_claims(authorization_code)
                claims["sid"] = authorization_code.sid
                return claims

            def generate_user_info(self, user, scope):  # noqa: ANN001, ANN202
                return {"sub": sim.pairwise_sub(user.pid), "pid": user.pid, "locale": "nb"}

            def encode_id_token(self, token, request):  # noqa: ANN001, ANN202
                """authlib stamps iat/exp from time.time(); the token is re-signed on the simulator's clock."""
                signed = super().encode_id_token(token, request)
                bad = sim.misbehave
                claims = json.loads(base64.urlsafe_b64decode(signed.split(".")[1] + "=="))
                now = int(sim.now())
                claims.update(iat=now, exp=now + ID_TOKEN_TTL)
                claims.update(bad.id_token_claims)
                if bad.alg_none:
                    head = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
                    return f"{head}.{_b64(json.dumps(claims).encode())}."
                return jwt.encode(self.get_encode_header(request.client), claims, self.resolve_client_private_key(request.client))

        class ClientAssertion(JWTBearerClientAssertion):
            CLIENT_AUTH_METHOD = "private_key_jwt"

            def validate_jti(self, claims, jti):  # noqa: ANN001, ANN202
                if jti in sim.used_jtis:
                    return False
                sim.used_jtis.add(jti)
                return True

            def get_audiences(self):  # noqa: ANN202
                return [sim.issuer, sim.issuer + "/token"]  # ID-porten wants aud = issuer

            def resolve_client_public_key(self, client):  # noqa: ANN001, ANN202
                return KeySet.import_key_set(cast(Any, client.public_jwks or {"keys": []}))

            def verify_claims(self, claims):  # noqa: ANN001, ANN202
                super().verify_claims(claims)
                if int(claims["exp"]) - int(claims.get("iat", sim.now())) > 120:
                    raise OAuth2Error("client assertion lives longer than 120 s")

        class S256Required(CodeChallenge):
            """ID-porten demands PKCE with S256 on every authorization request."""

            SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

            def validate_code_challenge(self, grant, redirect_uri):  # noqa: ANN001, ANN202
                data = grant.request.payload.data
                if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
                    raise InvalidRequestError("PKCE with code_challenge_method=S256 is required")
                return super().validate_code_challenge(grant, redirect_uri)

        server = Server(scopes_supported=["openid", "profile"])
        server.register_token_generator("default", BearerTokenGenerator(lambda *a, **k: secrets.token_urlsafe(32)))
        server.register_grant(CodeGrant, [S256Required(required=True), IdToken(require_nonce=True)])
        server.register_client_auth_method(
            "private_key_jwt", ClientAssertion()
        )
        return server

    def now(self) -> float:
        return self.clock.now().timestamp()

    def pairwise_sub(self, pid: str) -> str:
        return _b64(hashlib.sha256(f"{self.key.kid}:{pid}".encode()).digest())[:43]

    # ----- HTTP -----
    def metadata(self) -> dict:
        i = self.issuer
        return {
            "issuer": i, "authorization_endpoint": f"{i}/authorize", "token_endpoint": f"{i}/token",
            "userinfo_endpoint": f"{i}/userinfo", "end_session_endpoint": f"{i}/endsession", "jwks_uri": f"{i}/jwks",
            "scopes_supported": ["openid", "profile"], "response_types_supported": ["code"],
            "response_modes_supported": ["query"], "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"], "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"], "acr_values_supported": list(LEVELS[1:]),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
            "authorization_response_iss_parameter_supported": True, "frontchannel_logout_supported": True,
            "frontchannel_logout_session_supported": True, "ui_locales_supported": ["nb", "nn", "en", "se"],
        }

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(self.metadata())

    async def jwks(self, request: Request) -> Response:
        self.jwks_served += 1  # tests count the client's fetches
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        prepared = await prepare(request)
        try:
            self.server.get_consent_grant(prepared)
        except OAuth2Error as exc:
            client = self.clients.get(prepared.values.get("client_id", ""))
            redirect = prepared.values.get("redirect_uri", "")
            if client and client.check_redirect_uri(redirect):
                return RedirectResponse(self._add_params(redirect, {"error": exc.error, "state": prepared.values.get("state", ""), "iss": self.issuer}), 303)
            return _page("Ugyldig forespørsel", f"<p>Innloggingsforespørselen ble avvist: {html.escape(exc.error)}.</p>", 400)
        sso = self.sso.get(request.cookies.get(SSO_COOKIE, ""))
        if sso and prepared.values.get("prompt") != "login":
            user, sid, auth_time = sso
            return self._issue(prepared, user, sid, auth_time)
        txn = secrets.token_urlsafe(16)
        self.pending[txn] = prepared.values
        return _page("Velg testperson", self._picker(txn))

    async def complete(self, request: Request) -> Response:
        form = await request.form()
        values = self.pending.pop(str(form.get("txn", "")), None)
        if values is None:
            return _page("Utløpt", "<p>Innloggingen er utløpt. Gå tilbake til tjenesten og start på nytt.</p>", 400)
        if form.get("action") == "cancel":
            return RedirectResponse(self._add_params(values["redirect_uri"], {"error": "access_denied", "error_description": "User cancelled", "state": values.get("state", ""), "iss": self.issuer}), 303)
        pid = str(form.get("pid") or form.get("other_pid") or "").strip()
        if not is_valid_fnr(pid):
            txn = secrets.token_urlsafe(16)
            self.pending[txn] = values
            return _page("Velg testperson", self._picker(txn, error="Fødselsnummeret er ikke gyldig. Skriv 11 siffer."), 400)
        name = dict(TEST_PERSONS).get(pid, "Test Testesen")
        prepared = PreparedRequest("GET", self.issuer + "/authorize", {}, values)
        sid, auth_time, sso_id = secrets.token_urlsafe(16), int(self.now()), secrets.token_urlsafe(24)
        self.sso[sso_id] = (SimUser(pid, name), sid, auth_time)
        response = self._issue(prepared, SimUser(pid, name), sid, auth_time)
        response.set_cookie(SSO_COOKIE, sso_id, httponly=True, samesite="lax", path="/")
        return response

    def _issue(self, prepared: PreparedRequest, user: SimUser, sid: str, auth_time: int) -> Response:
        prepared.values = {**prepared.values, "_sid": sid, "_auth_time": auth_time}
        response = self.server.create_authorization_response(prepared, grant_user=user)
        location = response.headers.get("location", "")
        if location:
            location = self._add_params(location, {"iss": self.misbehave.response_iss or self.issuer})
            return RedirectResponse(location, 303)
        return response

    async def token(self, request: Request) -> Response:
        prepared = await prepare(request)
        code = prepared.values.get("code", "")
        if code in self.used_codes:
            # A replayed code: refuse it and revoke what it gave (RFC 6749 §4.1.2).
            for tok, item in list(self.tokens.items()):
                if item.code == code:
                    self.tokens.pop(tok)
            return JSONResponse({"error": "invalid_grant", "error_description": "code already used"}, 400)
        return self.server.create_token_response(prepared)

    async def userinfo(self, request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        item = self.tokens.get(auth.removeprefix("Bearer ").strip()) if auth.startswith("Bearer ") else None
        if item is None:
            return JSONResponse({"error": "invalid_token"}, 401, headers={"WWW-Authenticate": "Bearer"})
        return JSONResponse({"sub": self.pairwise_sub(item.pid), "pid": item.pid, "locale": "nb"})

    async def end_session(self, request: Request) -> Response:
        params = dict(request.query_params)
        sso_id = request.cookies.get(SSO_COOKIE, "")
        sso = self.sso.pop(sso_id, None)
        sid = sso[1] if sso else ""
        client, claims = None, {}
        if params.get("id_token_hint"):
            try:
                claims = jwt.decode(params["id_token_hint"], self.key, algorithms=["RS256"]).claims
                client = self.clients.get(claims.get("aud", ""))
                sid = sid or claims.get("sid", "")
            except Exception:
                claims = {}
        target = params.get("post_logout_redirect_uri", "")
        if not (client and target in client.post_logout_redirect_uris):
            target = ""
        if target and params.get("state"):
            target = self._add_params(target, {"state": params["state"]})
        frames = "".join(
            f'<iframe title="Utlogging fra {html.escape(c.client_id)}" hidden src="{html.escape(self._add_params(c.frontchannel_logout_uri, {"iss": self.issuer, "sid": sid}))}"></iframe>'
            for c in self.clients.values() if c.frontchannel_logout_uri and sid
        )
        go = f'<p><a id="continue" href="{html.escape(target)}">Tilbake til tjenesten</a></p>' if target else ""
        script = (
            f"<script>window.addEventListener('load',function(){{location.replace({json.dumps(target)});}});</script>"
            if target else ""
        )
        response = _page("Du er logget ut", f"<p>Du er logget ut av ID-porten (simulator).</p>{frames}{go}{script}")
        response.delete_cookie(SSO_COOKIE, path="/")
        return response

    def _picker(self, txn: str, error: str = "") -> str:
        buttons = "".join(
            f'<li><button type="submit" name="pid" value="{pid}">{html.escape(name)} <span class="pid">({pid[:6]}*****)</span></button></li>'
            for pid, name in TEST_PERSONS
        )
        err = f'<p role="alert" class="error" id="pid-error">{html.escape(error)}</p>' if error else ""
        return (
            '<p>Dette er en simulator av ID-porten for utvikling og test. Velg en syntetisk testperson '
            '(TestID) eller skriv inn et annet syntetisk fødselsnummer.</p>'
            f'<form method="post" action="{self.issuer}/authorize/complete">'
            f'<input type="hidden" name="txn" value="{txn}">'
            f'<h2>Testpersoner</h2><ul class="persons">{buttons}</ul>'
            f'<h2>Annen testperson</h2>{err}<p><label for="other_pid">Fødselsnummer (11 siffer)</label><br>'
            '<input id="other_pid" name="other_pid" inputmode="numeric" autocomplete="off" aria-describedby="pid-error"></p>'
            '<p><button type="submit" name="action" value="other">Logg inn med dette nummeret</button></p>'
            '<p><button type="submit" name="action" value="cancel" formnovalidate>Avbryt innloggingen</button></p>'
            "</form>"
        )

    @staticmethod
    def _add_params(url: str, params: dict) -> str:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True) + [(k, v) for k, v in params.items() if v]
        return urlunsplit(parts._replace(query=urlencode(query)))

    def asgi_app(self) -> Starlette:
        return Starlette(routes=[
            Route("/.well-known/openid-configuration", self.discovery),
            Route("/jwks", self.jwks),
            Route("/authorize", self.authorize, methods=["GET"]),
            Route("/authorize/complete", self.complete, methods=["POST"]),
            Route("/token", self.token, methods=["POST"]),
            Route("/userinfo", self.userinfo, methods=["GET", "POST"]),
            Route("/endsession", self.end_session, methods=["GET"]),
        ])


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    style = (
        "body{max-width:40rem}ul{list-style:none;padding:0}.error{color:#a4161a;font-weight:600}.pid{color:#4a4a4a}"
        "button{font-size:1rem;padding:.6rem 1rem;margin:.25rem 0;border:2px solid #0b5394;background:#fff;color:#0b5394;border-radius:6px;cursor:pointer}"
        "input{font-size:1rem;padding:.5rem;border:2px solid #6b7785;border-radius:6px}"
    )
    return standalone_page(title, body, site="ID-porten (simulator)", header="<p><strong>ID-porten</strong> (simulator)</p>", style=style, status=status)


def build_simulator(settings, clock: Clock) -> IdPortenSimulator:  # noqa: ANN001
    """The simulator registered with the portal as its one client, on the portal's clock; never alongside a real issuer."""
    if not settings.use_simulator:
        log.error("refusing to start the ID-porten simulator: a real issuer (%s) is configured", settings.idporten_issuer)
        raise RuntimeError("ID-porten simulator disabled: a real issuer is configured")
    client = SimClient(
        client_id=settings.idporten_client_id, client_secret=settings.idporten_client_secret,
        redirect_uris=(settings.redirect_uri,), post_logout_redirect_uris=(settings.post_logout_redirect_uri,),
        frontchannel_logout_uri=settings.frontchannel_logout_uri, auth_method=settings.idporten_client_auth,
    )
    return IdPortenSimulator(settings.issuer, [client], clock)
