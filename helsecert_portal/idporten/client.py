"""The OIDC client for ID-porten (or any OIDC issuer), on authlib: PKCE S256, state, nonce, acr.

Discovery is cached for 24 h and the JWKS re-fetched once on an unknown `kid` (both on the clock).
Every way a login can fail raises its own LoginFailed subclass; none of them carries pid or tokens.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from ..core.clock import Clock
from ..core.errors import PortalError
from ..core.settings import Settings

log = logging.getLogger(__name__)
LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
DISCOVERY_TTL = timedelta(hours=24)
LEEWAY = 60


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The one TLS context for requests to the identity provider, made on first use (after the environment's
    SSL_CERT_FILE is set) and shared by every request: httpx makes a new one per client otherwise, which loads
    the whole CA bundle and was 64 % of the portal's CPU per login."""
    return httpx.create_ssl_context()


class LoginFailed(PortalError):
    code = "LoginFailed"


class IdpUnreachable(LoginFailed):
    code = "IdpUnreachable"


class IdpError(LoginFailed):
    code = "IdpError"


class UserCancelled(LoginFailed):
    code = "UserCancelled"


class StateMismatch(LoginFailed):
    code = "StateMismatch"


class IssuerMismatch(LoginFailed):
    code = "IssuerMismatch"


class TokenRejected(LoginFailed):
    code = "TokenRejected"


class IdTokenInvalid(LoginFailed):
    code = "IdTokenInvalid"


class NonceMismatch(IdTokenInvalid):
    code = "NonceMismatch"


class AcrTooLow(LoginFailed):
    code = "AcrTooLow"



@dataclass(frozen=True)
class AuthRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class LoginResult:
    pid: str
    name: str
    acr: str
    sid: str
    iss: str
    id_token: str
    auth_time: int | None = None  # when ID-porten last authenticated the person (its SSO may be older than this login)


def acr_satisfies(got: str, wanted: str) -> bool:
    """acr means "at least the level asked for" (high satisfies substantial)."""
    if got not in LEVELS or wanted not in LEVELS:
        return got == wanted
    return LEVELS.index(got) >= LEVELS.index(wanted)


class _ShortLivedKeyJWT(PrivateKeyJWT):
    """ID-porten allows client assertions of at most 120 s, with aud = issuer and a kid header."""

    def __init__(self, issuer: str, kid: str, clock: Clock) -> None:
        super().__init__(None, headers={"kid": kid} if kid else None)
        self._issuer, self._clock = issuer, clock

    def sign(self, auth: object, token_endpoint: str) -> bytes:
        now = int(self._clock.now().timestamp())
        self.claims = {"aud": self._issuer, "iat": now, "exp": now + 100}
        return super().sign(auth, token_endpoint)


class IdPortenClient:
    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str,
        auth_method: str,
        redirect_uri: str,
        post_logout_redirect_uri: str,
        acr_values: str,
        clock: Clock,
        private_key: RSAKey | None = None,
        key_id: str = "",
        timeout: float = 10.0,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._secret = client_secret
        self._auth_method = auth_method
        self.redirect_uri = redirect_uri
        self.post_logout_redirect_uri = post_logout_redirect_uri
        self.acr_values = acr_values
        self._clock = clock
        self._private_key = private_key
        self._key_id = key_id
        self._timeout = timeout
        self._metadata: dict | None = None
        self._metadata_at: datetime | None = None
        self._jwks: KeySet | None = None
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncHTTPTransport] = weakref.WeakKeyDictionary()

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock) -> IdPortenClient:
        key = None
        if settings.idporten_client_auth == "private_key_jwt":
            key = RSAKey.import_key(Path(settings.idporten_private_key_file).read_text())
        return cls(
            issuer=settings.issuer, client_id=settings.idporten_client_id,
            client_secret=settings.idporten_client_secret, auth_method=settings.idporten_client_auth,
            redirect_uri=settings.redirect_uri, post_logout_redirect_uri=settings.post_logout_redirect_uri,
            acr_values=settings.idporten_acr_values, clock=clock, private_key=key, key_id=settings.idporten_key_id,
        )

    def _pool(self) -> httpx.AsyncHTTPTransport:
        """The connections to the identity provider, kept alive and shared by every request of this event loop (a
        worker has one): a login's token request then needs no new TCP connection and TLS handshake. A client made
        for one request borrows it and is never closed, which would close the pool."""
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            pool = self._pools[loop] = httpx.AsyncHTTPTransport(verify=tls_context(), limits=httpx.Limits(max_keepalive_connections=16, keepalive_expiry=30))
        return pool

    async def _get_json(self, url: str) -> dict:
        try:
            response = await httpx.AsyncClient(timeout=self._timeout, transport=self._pool()).get(url)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("identity provider request failed: %s %s", url, type(exc).__name__)
            raise IdpUnreachable() from exc

    async def metadata(self) -> dict:
        now = self._clock.now()
        if self._metadata is None or self._metadata_at is None or now - self._metadata_at > DISCOVERY_TTL:
            meta = await self._get_json(self.issuer + "/.well-known/openid-configuration")
            if meta.get("issuer", "").rstrip("/") != self.issuer:
                raise IssuerMismatch("discovery issuer differs from the configured issuer")
            self._metadata, self._metadata_at = meta, now
        return self._metadata

    async def _key_set(self, kid: str | None) -> KeySet:
        if self._jwks is None or (kid and not any(k.kid == kid for k in self._jwks.keys)):
            meta = await self.metadata()
            self._jwks = KeySet.import_key_set(cast(Any, await self._get_json(meta["jwks_uri"])))
        return self._jwks

    def _oauth(self, meta: dict) -> AsyncOAuth2Client:
        secret = self._private_key if self._auth_method == "private_key_jwt" else self._secret
        client = AsyncOAuth2Client(
            client_id=self.client_id, client_secret=secret, token_endpoint_auth_method=self._auth_method,
            redirect_uri=self.redirect_uri, scope="openid profile", code_challenge_method="S256", timeout=self._timeout,
            transport=self._pool(),
        )
        if self._auth_method == "private_key_jwt":
            client.register_client_auth_method(_ShortLivedKeyJWT(meta["issuer"], self._key_id, self._clock))
        return client

    async def start(self, *, acr_values: str | None = None, fresh: bool = False) -> AuthRequest:
        """`fresh`: ID-porten must authenticate the person again (prompt=login), not reuse its own session."""
        meta = await self.metadata()
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        params = {
            "response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
            "scope": "openid profile", "state": state, "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256",
            "acr_values": acr_values or self.acr_values, "ui_locales": "nb", "prompt": "login" if fresh else "",
        }
        query = urlencode({k: v for k, v in params.items() if v})
        return AuthRequest(url=f"{meta['authorization_endpoint']}?{query}", state=state, nonce=nonce, code_verifier=verifier)

    async def finish(
        self, *, params: dict[str, str], expected_state: str, nonce: str, code_verifier: str, acr_values: str
    ) -> LoginResult:
        """Check the authorization response, redeem the code and validate the ID token."""
        if params.get("error") == "access_denied":
            raise UserCancelled()
        if params.get("error"):
            raise IdpError(params["error"][:64])
        if not expected_state or params.get("state") != expected_state:
            raise StateMismatch()
        meta = await self.metadata()
        if "iss" in params and params["iss"].rstrip("/") != self.issuer:
            raise IssuerMismatch("authorization response iss (RFC 9207)")
        if meta.get("authorization_response_iss_parameter_supported") and "iss" not in params:
            raise IssuerMismatch("authorization response lacks iss")
        code = params.get("code", "")
        if not code:
            raise IdpError("no code")
        token = await self._redeem(meta, code, code_verifier)
        id_token = token.get("id_token")
        if not id_token:
            raise TokenRejected("no id_token")
        claims = await self.validate_id_token(id_token, nonce=nonce)
        if not acr_satisfies(str(claims.get("acr", "")), acr_values):
            raise AcrTooLow()
        pid = str(claims.get("pid", ""))
        if not pid:
            raise IdTokenInvalid("no pid")
        name = str(claims.get("name", "")) or " ".join(
            part for part in (claims.get("given_name"), claims.get("family_name")) if part
        )
        auth_time = claims.get("auth_time")
        return LoginResult(pid=pid, name=name, acr=str(claims["acr"]), sid=str(claims.get("sid", "")), iss=self.issuer, id_token=id_token,
                           auth_time=int(auth_time) if isinstance(auth_time, int | float) and not isinstance(auth_time, bool) else None)

    async def _redeem(self, meta: dict, code: str, code_verifier: str) -> dict:
        try:
            oauth = self._oauth(meta)
            return await oauth.fetch_token(meta["token_endpoint"], code=code, code_verifier=code_verifier, redirect_uri=self.redirect_uri)
        except httpx.HTTPError as exc:
            log.warning("token endpoint unreachable: %s", type(exc).__name__)
            raise IdpUnreachable() from exc
        except PortalError:
            raise
        except Exception as exc:  # authlib raises OAuthError for an error response
            log.warning("token request refused by the identity provider: %s", getattr(exc, "error", type(exc).__name__))
            raise TokenRejected() from exc

    async def validate_id_token(self, id_token: str, *, nonce: str) -> dict:
        try:
            header = jws.extract_compact(id_token.encode()).protected
        except (JoseError, ValueError, UnicodeError) as exc:
            raise IdTokenInvalid("malformed") from exc
        if header.get("alg") != "RS256":
            raise IdTokenInvalid("alg")
        keys = await self._key_set(header.get("kid"))
        try:
            token = jwt.decode(id_token, keys, algorithms=["RS256"])
        except (JoseError, ValueError) as exc:
            raise IdTokenInvalid("signature or key") from exc
        now = int(self._clock.now().timestamp())
        registry = jwt.JWTClaimsRegistry(
            now=now, leeway=LEEWAY,
            iss={"essential": True, "value": self.issuer}, aud={"essential": True, "value": self.client_id},
            exp={"essential": True}, iat={"essential": True}, acr={"essential": True},
        )
        try:
            registry.validate(token.claims)
        except JoseError as exc:
            raise IdTokenInvalid(type(exc).__name__) from exc
        if int(token.claims["iat"]) > now + LEEWAY:
            raise IdTokenInvalid("issued in the future")
        if not nonce or token.claims.get("nonce") != nonce:
            raise NonceMismatch()
        return token.claims

    async def end_session_url(self, *, id_token: str, state: str) -> str | None:
        try:
            meta = await self.metadata()
        except LoginFailed:
            return None
        endpoint = meta.get("end_session_endpoint")
        if not endpoint:
            return None
        query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": self.post_logout_redirect_uri, "state": state})
        return f"{endpoint}?{query}"
