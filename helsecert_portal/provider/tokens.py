"""The JWTs the provider signs, stamped from the portal's clock (authlib's own generators read time.time(), which a
test cannot move): RFC 9068 access tokens, ID tokens and back-channel logout tokens."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from joserfc import jwt
from joserfc.errors import JoseError

from ..core.clock import Clock
from ..core.security import random_token
from .keys import ALG, KeyRing

ACCESS_TOKEN_SECONDS = 300  # issue 16: access tokens live at most five minutes
ID_TOKEN_SECONDS = 300
LOGOUT_TOKEN_SECONDS = 120
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"


@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token of ours says; `fid` names the token family that must still be open."""

    sub: str
    client_id: str
    scope: str
    fid: str


ID_TOKEN_TYP = "JWT"  # an ID token's typ; access tokens are at+jwt (RFC 9068), logout tokens logout+jwt


def _sign(ring: KeyRing, typ: str, claims: dict[str, object]) -> str:
    return jwt.encode({"alg": ALG, "kid": ring.signing.kid or "", "typ": typ}, claims, ring.signing)


def half_hash(value: str) -> str:
    """`at_hash`: the left half of the SHA-256 of the access token (OIDC Core §3.1.3.6)."""
    digest = hashlib.sha256(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


def access_token(ring: KeyRing, clock: Clock, *, issuer: str, client_id: str, sub: str, scope: str, fid: str,
                 auth_time: int, acr: str) -> str:
    now = int(clock.now().timestamp())
    return _sign(ring, "at+jwt", {
        "iss": issuer, "sub": sub, "aud": client_id, "client_id": client_id, "iat": now, "exp": now + ACCESS_TOKEN_SECONDS,
        "jti": random_token(16), "scope": scope, "auth_time": auth_time, "acr": acr, "fid": fid,
    })


def id_token(ring: KeyRing, clock: Clock, *, issuer: str, client_id: str, claims: dict[str, object]) -> str:
    now = int(clock.now().timestamp())
    return _sign(ring, ID_TOKEN_TYP, {"iss": issuer, "aud": client_id, "iat": now, "exp": now + ID_TOKEN_SECONDS, **claims})


def logout_token(ring: KeyRing, clock: Clock, *, issuer: str, client_id: str, sub: str, sid: str) -> str:
    """OpenID Back-Channel Logout 1.0 §2.4: no nonce, an `events` member, typ logout+jwt."""
    now = int(clock.now().timestamp())
    return _sign(ring, "logout+jwt", {
        "iss": issuer, "aud": client_id, "iat": now, "exp": now + LOGOUT_TOKEN_SECONDS, "jti": random_token(16),
        "sub": sub, "sid": sid, "events": {BACKCHANNEL_EVENT: {}},
    })


def read_access_token(ring: KeyRing, clock: Clock, *, issuer: str, token: str) -> AccessClaims | None:
    """Our own access token, if it is one: signed by a published key, typ at+jwt, not expired."""
    try:
        found = jwt.decode(token, ring.verifier(), algorithms=[ALG])
    except (JoseError, ValueError):
        return None
    claims = found.claims
    if found.header.get("typ") != "at+jwt" or claims.get("iss") != issuer:
        return None
    if int(claims.get("exp", 0)) <= clock.now().timestamp():
        return None
    return AccessClaims(sub=str(claims.get("sub", "")), client_id=str(claims.get("client_id", "")),
                        scope=str(claims.get("scope", "")), fid=str(claims.get("fid", "")))
