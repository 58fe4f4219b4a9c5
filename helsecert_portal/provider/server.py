"""authlib's framework-neutral authorization server, backed by the portal's database: one server per request, so each
grant works inside the caller's transaction. Codes and refresh tokens are claimed atomically *before* they are
compared or used (STYLE §8, `core/db.claim`): a second use, even a concurrent one, always loses, and ends the family
of tokens the first use gave (RFC 6749 §4.1.2, RFC 9700 §4.14)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from authlib.oauth2.rfc6749 import AuthorizationServer, ClientMixin
from authlib.oauth2.rfc6749.errors import InvalidClientError, InvalidGrantError, InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, RefreshTokenGrant
from authlib.oauth2.rfc6749.requests import JsonRequest
from authlib.oauth2.rfc6749.util import scope_to_list
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from starlette.responses import JSONResponse, Response

from ..core.clock import Clock
from ..core.db import claim
from ..core.oauth_requests import PreparedRequest, StarletteOAuth2Request
from ..core.security import keyed_digest, random_token
from ..domain.sessions import SessionPolicy, is_live
from ..models import ClientAssertionUse, LoginSession, ProviderCode, ProviderConsent, RefreshToken, RelyingParty, TokenFamily
from . import claims as claims_of
from . import clients, families, tokens
from .keys import KeyRing, key_ring

CODE_SECONDS = 60
REFRESH_LIFETIME = timedelta(hours=12)  # and never longer than the portal session it came from
ASSERTION_MAX_SECONDS = 120


@dataclass
class Context:
    """What one provider request works with: the caller's transaction, the clock and the portal's settings."""

    db: Session
    clock: Clock
    policy: SessionPolicy
    issuer: str
    _ring: KeyRing | None = field(default=None, repr=False)

    @property
    def secret_key(self) -> str:
        return self.policy.secret_key

    def ring(self) -> KeyRing:
        if self._ring is None:
            self._ring = key_ring(self.db, self.clock, self.secret_key)
        return self._ring

    def digest(self, purpose: str, value: str) -> str:
        return keyed_digest(self.secret_key, purpose, value)


@dataclass(frozen=True)
class Subject:
    """authlib's "user": the person, the portal session that signed them in, and how."""

    person_id: str
    session_id: str
    auth_time: int
    acr: str
    amr: tuple[str, ...]
    family_id: str = ""

    def get_user_id(self) -> str:
        return self.person_id


def subject_of(session: LoginSession, family_id: str = "") -> Subject:
    """acr/amr say how the person logged in to the portal: ID-porten's level, or a passkey (issue 16)."""
    acr = session.acr if session.auth_method == "idporten" else "passkey"
    return Subject(session.person_id, session.id, int(session.authenticated_at.timestamp()), acr or "idporten", (session.auth_method,), family_id)


def session_live(ctx: Context, session_id: str) -> LoginSession | None:
    row = ctx.db.get(LoginSession, session_id)
    return row if row is not None and is_live(row, ctx.clock.now(), ctx.policy) else None


def revoke_family(ctx: Context, family_id: str | None, reason: str) -> bool:
    """End a family of tokens; see provider/families.py for which reasons log the back-end out."""
    return families.revoke(ctx.db, ctx.clock, family_id, reason)


class Client(ClientMixin):
    def __init__(self, rp: RelyingParty) -> None:
        self.rp = rp

    def get_client_id(self) -> str:
        return self.rp.client_id

    def get_default_redirect_uri(self) -> str:
        return ""  # OIDC: redirect_uri is required on every request

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.rp.scopes.split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in clients.lines(self.rp.redirect_uris)

    def check_client_secret(self, client_secret: str) -> bool:
        raise AssertionError("ProviderServer checks secrets with the portal's key")  # pragma: no cover

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.rp.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


class KeyedSecretClient(Client):
    def __init__(self, rp: RelyingParty, secret_key: str) -> None:
        super().__init__(rp)
        self._secret_key = secret_key

    def check_client_secret(self, client_secret: str) -> bool:
        return clients.secret_matches(self.rp, self._secret_key, client_secret)


@dataclass
class CodeRecord(AuthorizationCodeMixin):
    row: ProviderCode
    subject: Subject

    @property
    def code_challenge(self) -> str:
        return self.row.code_challenge

    @property
    def code_challenge_method(self) -> str:
        return self.row.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope

    def get_nonce(self) -> str:
        return self.row.nonce

    def get_auth_time(self) -> int:
        return self.subject.auth_time

    def get_acr(self) -> str:
        return self.subject.acr

    def get_amr(self) -> list[str]:
        return list(self.subject.amr)


@dataclass
class RefreshRecord:
    family: TokenFamily

    def check_client(self, client: Client) -> bool:
        return self.family.relying_party_id == client.rp.id

    def get_scope(self) -> str:
        return self.family.scope


def _ctx(grant: Any) -> Context:
    return cast(ProviderServer, grant.server).ctx


def consent_of(ctx: Context, rp: RelyingParty, person_id: str) -> ProviderConsent | None:
    return ctx.db.exec(select(ProviderConsent).where(ProviderConsent.person_id == person_id, ProviderConsent.relying_party_id == rp.id)).first()


def consented(ctx: Context, rp: RelyingParty, person_id: str, scope: str) -> bool:
    row = consent_of(ctx, rp, person_id)
    return row is not None and set(scope.split()) <= set(row.scope.split())


def open_family(ctx: Context, *, rp: RelyingParty, session: LoginSession, scope: str) -> Subject:
    """A new family of tokens for one login, refused when the person may no longer use the back-end or has withdrawn
    the consent since the code was given (a code lives a minute: withdrawal must win)."""
    if not clients.may_use(ctx.db, rp, session.person_id):
        raise InvalidGrantError("the person may not use this client")
    if not consented(ctx, rp, session.person_id, scope):
        raise InvalidGrantError("the person has withdrawn the consent")
    family = TokenFamily(relying_party_id=rp.id, person_id=session.person_id, session_id=session.id, scope=scope, created_at=ctx.clock.now())
    ctx.db.add(family)
    ctx.db.flush()
    return subject_of(session, family.id)


class CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(clients.AUTH_METHODS)

    def save_authorization_code(self, code: str, request: Any) -> None:
        ctx, subject, data = _ctx(self), cast(Subject, request.user), request.payload.data
        ctx.db.add(ProviderCode(
            code_hash=ctx.digest("op-code", code), relying_party_id=cast(Client, request.client).rp.id,
            person_id=subject.person_id, session_id=subject.session_id, redirect_uri=data.get("redirect_uri", ""),
            scope=request.scope or "", nonce=data.get("nonce", ""), code_challenge=data.get("code_challenge", ""),
            code_challenge_method=data.get("code_challenge_method", ""), created_at=ctx.clock.now(),
        ))

    def query_authorization_code(self, code: str, client: Client) -> CodeRecord | None:
        ctx = _ctx(self)
        row = ctx.db.exec(select(ProviderCode).where(ProviderCode.code_hash == ctx.digest("op-code", code or ""))).first()
        if row is None or row.relying_party_id != client.rp.id:
            return None
        if not claim(ctx.db, ProviderCode, row.id, col(ProviderCode.used_at).is_(None), used_at=ctx.clock.now()):
            ctx.db.refresh(row)  # the first use may have committed its family after this row was read
            revoke_family(ctx, row.family_id, "code_replayed")
            return None
        if (ctx.clock.now() - row.created_at).total_seconds() > CODE_SECONDS:
            return None
        session = session_live(ctx, row.session_id)
        return CodeRecord(row, subject_of(session)) if session is not None else None

    def delete_authorization_code(self, authorization_code: CodeRecord) -> None:
        """Nothing left to do: the code was claimed before it was compared."""

    def authenticate_user(self, authorization_code: CodeRecord) -> Subject:
        ctx, record = _ctx(self), authorization_code
        session = session_live(ctx, record.row.session_id)
        if session is None:
            raise InvalidGrantError("the portal session has ended")
        subject = open_family(ctx, rp=cast(Client, self.request.client).rp, session=session, scope=record.row.scope)
        record.row.family_id = subject.family_id
        ctx.db.add(record.row)
        return subject


class RefreshGrant(RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(clients.AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshRecord | None:
        ctx, client = _ctx(self), cast(Client, self.request.client)
        row = ctx.db.exec(select(RefreshToken).where(RefreshToken.token_hash == ctx.digest("op-refresh", refresh_token or ""))).first()
        family = ctx.db.get(TokenFamily, row.family_id) if row is not None else None
        if row is None or family is None or family.relying_party_id != client.rp.id or family.revoked_at is not None:
            return None
        if row.used_at is not None:
            revoke_family(ctx, family.id, "refresh_reused")  # a used refresh token came back: someone has a copy
            return None
        wanted = set(scope_to_list(self.request.payload.scope or "") or ())
        if not wanted <= set(family.scope.split()):
            raise InvalidScopeError()  # before the token is claimed: asking for more must not burn the client's token
        if not claim(ctx.db, RefreshToken, row.id, col(RefreshToken.used_at).is_(None), used_at=ctx.clock.now()):
            revoke_family(ctx, family.id, "refresh_reused")  # a used refresh token came back: someone has a copy
            return None
        if row.expires_at <= ctx.clock.now():
            return None
        if session_live(ctx, family.session_id) is None:
            revoke_family(ctx, family.id, "session_ended")
            return None
        return RefreshRecord(family)

    def authenticate_user(self, refresh_token: RefreshRecord) -> Subject:
        ctx, family = _ctx(self), refresh_token.family
        session = session_live(ctx, family.session_id)
        if session is None or not clients.may_use(ctx.db, cast(Client, self.request.client).rp, family.person_id):
            revoke_family(ctx, family.id, "no_longer_allowed")
            raise InvalidGrantError("the person may no longer use this client")
        return subject_of(session, family.id)

    def revoke_old_credential(self, refresh_token: RefreshRecord) -> None:
        """Nothing left to do: the refresh token was claimed before it was used."""


class IdTokens(OpenIDCode):
    """ID tokens on the portal's clock, with the claims read now; on the code grant and on refresh alike."""

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return False  # codes are single-use and bound to PKCE; the nonce is the client's to check

    def process_token(self, grant: Any, response: Any) -> Any:
        _, token, _ = response
        if "openid" not in str(token.get("scope", "")).split():
            return token
        ctx, request = _ctx(grant), grant.request
        subject, client_id = cast(Subject, request.user), cast(Client, request.client).rp.client_id
        code = request.authorization_code if isinstance(request.authorization_code, CodeRecord) else None
        claims: dict[str, object] = {
            "sub": claims_of.pairwise_sub(ctx.secret_key, client_id, subject.person_id), "auth_time": subject.auth_time,
            "acr": subject.acr, "amr": list(subject.amr), "sid": claims_of.session_sid(ctx.secret_key, subject.session_id),
            "at_hash": tokens.half_hash(token["access_token"]),
            **claims_of.user_claims(ctx.db, person_id=subject.person_id, scope=token["scope"]),
        }
        if code is not None and code.get_nonce():
            claims["nonce"] = code.get_nonce()
        token["id_token"] = tokens.id_token(ctx.ring(), ctx.clock, issuer=ctx.issuer, client_id=client_id, claims=claims)
        return token


class S256Required(CodeChallenge):
    """PKCE on every request, S256 only (issue 16; RFC 9700 §2.1.1)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with code_challenge_method=S256 is required")
        super().validate_code_challenge(grant, redirect_uri)


class ClientAssertion(JWTBearerClientAssertion):
    """private_key_jwt (RFC 7523) with the client's registered JWKS; an assertion is good once and for two minutes."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.issuer + "/token", validate_jti=True)
        self.ctx = ctx

    def validate_jti(self, claims: Any, jti: str) -> bool:
        ctx = self.ctx
        try:
            with ctx.db.begin_nested():  # the unique jti decides, even between two workers at once
                kept = max(ctx.clock.now() + timedelta(seconds=ASSERTION_MAX_SECONDS + 60), datetime.fromtimestamp(int(claims["exp"]), UTC))
                ctx.db.add(ClientAssertionUse(jti_hash=ctx.digest("op-jti", jti), expires_at=kept))  # until it could no longer be used
        except IntegrityError:
            return False
        return True

    def get_audiences(self) -> list[str]:
        return [self.ctx.issuer, self.ctx.issuer + "/token"]

    def resolve_client_public_key(self, client: Client) -> KeySet:
        return KeySet.import_key_set(json.loads(client.rp.jwks or '{"keys": []}'))

    def verify_claims(self, claims: Any) -> None:
        super().verify_claims(claims)
        if "iat" not in claims or int(claims["exp"]) - int(claims["iat"]) > ASSERTION_MAX_SECONDS or int(claims["exp"]) - self.ctx.clock.now().timestamp() > ASSERTION_MAX_SECONDS:
            raise InvalidClientError("client assertion must carry iat and live at most 120 s")


class TokenGenerator:
    """RFC 9068 access tokens (five minutes) and opaque refresh tokens kept only as keyed digests."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def __call__(self, *, grant_type: str, client: Client, user: Subject, scope: str, expires_in: int | None = None,
                 include_refresh_token: bool = True) -> dict[str, object]:
        ctx = self.ctx
        sub = claims_of.pairwise_sub(ctx.secret_key, client.rp.client_id, user.person_id)
        token: dict[str, object] = {
            "token_type": "Bearer", "expires_in": tokens.ACCESS_TOKEN_SECONDS, "scope": scope,
            "access_token": tokens.access_token(ctx.ring(), ctx.clock, issuer=ctx.issuer, client_id=client.rp.client_id, sub=sub,
                                                scope=scope, fid=user.family_id, auth_time=user.auth_time, acr=user.acr),
        }
        if include_refresh_token:
            refresh = random_token(32)
            session = ctx.db.get(LoginSession, user.session_id)
            expires = min(ctx.clock.now() + REFRESH_LIFETIME, session.expires_at) if session else ctx.clock.now()
            ctx.db.add(RefreshToken(token_hash=ctx.digest("op-refresh", refresh), family_id=user.family_id, created_at=ctx.clock.now(), expires_at=expires))
            token["refresh_token"] = refresh
        return token


@dataclass(frozen=True)
class TokenFacts:
    """A token presented to introspection or revocation: whose family it is and what it said."""

    family: TokenFamily
    kind: str
    claims: dict[str, object]
    expired: bool

    def check_client(self, client: Client) -> bool:
        return self.family.relying_party_id == client.rp.id

    def is_expired(self) -> bool:
        return self.expired

    def is_revoked(self) -> bool:
        return self.family.revoked_at is not None


def find_token(ctx: Context, token: str) -> TokenFacts | None:
    """An access token (signed JWT) or a refresh token (digest lookup) of ours."""
    if token.count(".") == 2:
        access = tokens.read_access_token(ctx.ring(), ctx.clock, issuer=ctx.issuer, token=token)
        family = ctx.db.get(TokenFamily, access.fid) if access and access.fid else None
        if access is None or family is None:
            return None
        claims: dict[str, object] = {"scope": access.scope, "client_id": access.client_id, "sub": access.sub, "token_type": "Bearer"}
        return TokenFacts(family, "access_token", claims, expired=False)
    row = ctx.db.exec(select(RefreshToken).where(RefreshToken.token_hash == ctx.digest("op-refresh", token))).first()
    family = ctx.db.get(TokenFamily, row.family_id) if row is not None else None
    if row is None or family is None:
        return None
    return TokenFacts(family, "refresh_token", {"scope": family.scope}, expired=row.used_at is not None or row.expires_at <= ctx.clock.now())


class Introspection(IntrospectionEndpoint):
    """RFC 7662 for the back-ends: a token is active only while its family is open and its portal session lives."""

    CLIENT_AUTH_METHODS = list(clients.AUTH_METHODS)

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenFacts | None:
        return find_token(cast(ProviderServer, self.server).ctx, token_string)

    def check_permission(self, token: TokenFacts, client: Client, request: Any) -> bool:
        return token.check_client(client)

    def introspect_token(self, token: TokenFacts) -> dict[str, object]:
        ctx = cast(ProviderServer, self.server).ctx
        if session_live(ctx, token.family.session_id) is None:
            return {"active": False}
        rp = ctx.db.get(RelyingParty, token.family.relying_party_id)
        return {"active": True, "iss": ctx.issuer, "client_id": rp.client_id if rp else "", "token_type": token.kind, **token.claims}


class Revocation(RevocationEndpoint):
    """RFC 7009: revoking either kind of token ends its whole family."""

    CLIENT_AUTH_METHODS = list(clients.AUTH_METHODS)

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenFacts | None:
        return find_token(cast(ProviderServer, self.server).ctx, token_string)

    def revoke_token(self, token: TokenFacts, request: Any) -> None:
        revoke_family(cast(ProviderServer, self.server).ctx, token.family.id, "revoked_by_client")


class ProviderServer(AuthorizationServer):
    def __init__(self, ctx: Context) -> None:
        super().__init__(scopes_supported=list(clients.SCOPES))
        self.ctx = ctx
        self.register_token_generator("default", TokenGenerator(ctx))
        id_tokens = IdTokens(require_nonce=True)
        self.register_grant(CodeGrant, [S256Required(required=True), id_tokens])
        self.register_grant(RefreshGrant, [id_tokens])
        self.register_client_auth_method(ClientAssertion.CLIENT_AUTH_METHOD, ClientAssertion(ctx))
        self.register_endpoint(Introspection)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> Client | None:
        rp = clients.by_client_id(self.ctx.db, client_id)
        return KeyedSecretClient(rp, self.ctx.secret_key) if rp is not None else None

    def save_token(self, token: dict[str, object], request: Any) -> None:
        """Refresh tokens were stored by the generator; access tokens are self-contained JWTs."""

    def create_oauth2_request(self, request: PreparedRequest) -> StarletteOAuth2Request:
        return StarletteOAuth2Request(request)

    def create_json_request(self, request: PreparedRequest) -> JsonRequest:
        return JsonRequest(request.method, request.url, request.headers)

    def handle_response(self, status: int, body: object, headers: Any) -> Response:
        merged = {**dict(headers), "Cache-Control": "no-store"}
        if isinstance(body, dict):
            return JSONResponse(body, status_code=status, headers=merged)
        return Response(str(body or ""), status_code=status, headers=merged)

    def send_signal(self, name: str, *args: object, **kwargs: object) -> None:
        return None
