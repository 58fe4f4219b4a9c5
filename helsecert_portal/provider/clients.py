"""Registered back-ends (relying parties) and who may use each one.

Redirect URIs are compared exactly; each must be https, or http on loopback for development (RFC 8252 §7.3).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..core.security import digests_match, keyed_digest, random_token
from ..domain import audit
from ..domain.audience import Audience, admits, groups_exist
from ..domain.organisations import KINDS
from ..models import ProviderCode, RelyingParty, RelyingPartyGroup
from . import families

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
SCOPES = ("openid", "profile", "email", "memberships")
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_URIS = 20


class InvalidClientSetting(PortalError):
    """A registration the provider cannot honour safely; `field_name` names which."""

    code = "InvalidClientSetting"

    def __init__(self, field_name: str) -> None:
        super().__init__(field_name)
        self.field_name = field_name


@dataclass(frozen=True)
class Registration:
    client_id: str
    name: str
    auth_method: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()
    backchannel_logout_uri: str = ""
    scopes: tuple[str, ...] = SCOPES
    audience: str = "members"
    audience_kinds: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    jwks: dict[str, object] | None = None

    @property
    def audience_rule(self) -> Audience:
        return Audience(self.audience, self.audience_kinds, self.group_ids)


def uri_allowed(uri: str) -> bool:
    parts = urlsplit(uri)
    if parts.fragment or not parts.netloc or parts.username or parts.password:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and (parts.hostname or "") in LOOPBACK)


def _uris_allowed(uris: tuple[str, ...]) -> bool:
    return len(uris) <= MAX_URIS and all(len(u) <= 512 and uri_allowed(u) for u in uris)


def public_keys(jwks: dict[str, object] | None) -> bool:
    """A JWKS the provider can verify assertions with: it imports, and holds no private part (a back-end must never
    hand its private key to anyone)."""
    keys = (jwks or {}).get("keys")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, dict) for k in keys):
        return False
    if any(part in key for key in keys for part in ("d", "p", "q", "dp", "dq", "qi", "k")):
        return False
    try:
        KeySet.import_key_set({"keys": keys})
    except (JoseError, ValueError, TypeError, KeyError):
        return False
    return True


def _check(reg: Registration) -> None:
    if not reg.client_id or len(reg.client_id) > 64 or not reg.client_id.replace("-", "").isalnum():
        raise InvalidClientSetting("client_id")
    if not reg.name.strip() or len(reg.name) > 100:
        raise InvalidClientSetting("name")
    if reg.auth_method not in AUTH_METHODS or (reg.auth_method == "private_key_jwt" and not (reg.jwks or {}).get("keys")):
        raise InvalidClientSetting("auth_method")
    if reg.auth_method == "private_key_jwt" and not public_keys(reg.jwks):
        raise InvalidClientSetting("jwks")
    if not reg.redirect_uris or not _uris_allowed(reg.redirect_uris):
        raise InvalidClientSetting("redirect_uris")
    if not _uris_allowed(reg.post_logout_redirect_uris):
        raise InvalidClientSetting("post_logout_redirect_uris")
    if reg.backchannel_logout_uri and not _uris_allowed((reg.backchannel_logout_uri,)):
        raise InvalidClientSetting("backchannel_logout_uri")
    if "openid" not in reg.scopes or not set(reg.scopes) <= set(SCOPES):
        raise InvalidClientSetting("scopes")
    if not reg.audience_rule.valid(frozenset(KINDS)):
        raise InvalidClientSetting("audience")


def _apply(db: Session, rp: RelyingParty, reg: Registration) -> None:
    """Everything an operator may change after registration (not the client_id, and the secret only by renewal)."""
    rp.name, rp.auth_method, rp.jwks = reg.name.strip(), reg.auth_method, json.dumps(reg.jwks) if reg.jwks else ""
    rp.redirect_uris, rp.post_logout_redirect_uris = "\n".join(reg.redirect_uris), "\n".join(reg.post_logout_redirect_uris)
    rp.backchannel_logout_uri, rp.scopes = reg.backchannel_logout_uri, " ".join(reg.scopes)
    rp.audience, rp.audience_kinds = reg.audience, " ".join(reg.audience_kinds) if reg.audience == "kinds" else ""
    db.add(rp)
    db.flush()
    for row in db.exec(select(RelyingPartyGroup).where(RelyingPartyGroup.relying_party_id == rp.id)).all():
        db.delete(row)
    db.flush()
    for group_id in sorted(set(reg.group_ids)) if reg.audience == "groups" else ():
        db.add(RelyingPartyGroup(relying_party_id=rp.id, organisation_id=group_id))


def secret_digest(secret_key: str, secret: str) -> str:
    return keyed_digest(secret_key, "client-secret", secret)


def register(db: Session, clock: Clock, *, secret_key: str, actor_id: str | None, reg: Registration) -> tuple[RelyingParty, str]:
    """A new back-end; returns it with its client secret, which is shown once and stored only as a keyed digest."""
    _check(reg)
    if not groups_exist(db, reg.audience_rule):
        raise InvalidClientSetting("audience")
    if db.exec(select(RelyingParty.id).where(RelyingParty.client_id == reg.client_id)).first() is not None:
        raise InvalidClientSetting("client_id")
    secret = "" if reg.auth_method == "private_key_jwt" else random_token(32)
    rp = RelyingParty(client_id=reg.client_id, name="", auth_method=reg.auth_method, secret_hash=secret_digest(secret_key, secret) if secret else "", created_at=clock.now())
    _apply(db, rp, reg)
    audit.record(db, clock, action="client.registered", actor_id=actor_id, detail=reg.client_id)
    return rp, secret


def update(db: Session, clock: Clock, *, secret_key: str, actor_id: str | None, client_id: str, reg: Registration) -> tuple[RelyingParty, str]:
    """A changed registration. A back-end moved from private_key_jwt to a secret gets a new secret (returned, shown
    once); one moved to private_key_jwt loses its secret."""
    rp = get(db, client_id)
    reg = replace(reg, client_id=rp.client_id)
    _check(reg)
    if not groups_exist(db, reg.audience_rule):
        raise InvalidClientSetting("audience")
    if not set(rp.scopes.split()) <= set(reg.scopes) or rp.auth_method != reg.auth_method:
        families.revoke_open(db, clock, "client_changed", relying_party_id=rp.id)  # no login keeps what it may no longer have
        for code in db.exec(select(ProviderCode).where(ProviderCode.relying_party_id == rp.id, col(ProviderCode.used_at).is_(None))).all():
            code.used_at = clock.now()  # nor does a code given in the last minute under the old registration
            db.add(code)
    secret = ""
    if reg.auth_method == "private_key_jwt":
        rp.secret_hash = ""
    elif not rp.secret_hash:
        secret = random_token(32)
        rp.secret_hash = secret_digest(secret_key, secret)
    _apply(db, rp, reg)
    audit.record(db, clock, action="client.changed", actor_id=actor_id, detail=rp.client_id)
    return rp, secret


def renew_secret(db: Session, clock: Clock, *, secret_key: str, actor_id: str | None, client_id: str) -> str:
    """A new client secret (the old one stops working at once); shown once."""
    rp = get(db, client_id)
    if rp.auth_method == "private_key_jwt":
        raise InvalidClientSetting("auth_method")
    secret = random_token(32)
    rp.secret_hash = secret_digest(secret_key, secret)
    db.add(rp)
    audit.record(db, clock, action="client.secret_renewed", actor_id=actor_id, detail=rp.client_id)
    return secret


def set_closed(db: Session, clock: Clock, *, actor_id: str, client_id: str, closed: bool) -> RelyingParty:
    """Close a back-end to every login and token (its open token families end, with back-channel logout), or reopen it."""
    rp = get(db, client_id)
    if closed and rp.disabled_at is None:
        rp.disabled_at = clock.now()
        families.revoke_open(db, clock, "client_closed", relying_party_id=rp.id)
    elif not closed:
        rp.disabled_at = None
    db.add(rp)
    audit.record(db, clock, action="client.closed" if closed else "client.reopened", actor_id=actor_id, detail=rp.client_id)
    return rp


def get(db: Session, client_id: str) -> RelyingParty:
    rp = db.exec(select(RelyingParty).where(RelyingParty.client_id == client_id[:64])).first() if client_id else None
    if rp is None:
        raise InvalidClientSetting("client_id")
    return rp


def all_clients(db: Session) -> list[RelyingParty]:
    return list(db.exec(select(RelyingParty).order_by(col(RelyingParty.name), col(RelyingParty.client_id))).all())


def registration_of(db: Session, rp: RelyingParty) -> Registration:
    return Registration(
        client_id=rp.client_id, name=rp.name, auth_method=rp.auth_method, redirect_uris=lines(rp.redirect_uris),
        post_logout_redirect_uris=lines(rp.post_logout_redirect_uris), backchannel_logout_uri=rp.backchannel_logout_uri,
        scopes=tuple(rp.scopes.split()), audience=rp.audience, audience_kinds=tuple(rp.audience_kinds.split()),
        group_ids=audience_of(db, rp).group_ids, jwks=json.loads(rp.jwks) if rp.jwks else None,
    )


def audience_of(db: Session, rp: RelyingParty) -> Audience:
    chosen = db.exec(select(RelyingPartyGroup.organisation_id).where(RelyingPartyGroup.relying_party_id == rp.id)).all() if rp.audience == "groups" else []
    return Audience(rp.audience, tuple(rp.audience_kinds.split()), tuple(chosen))


def by_client_id(db: Session, client_id: str) -> RelyingParty | None:
    if not client_id or len(client_id) > 64:
        return None
    rp = db.exec(select(RelyingParty).where(RelyingParty.client_id == client_id)).first()
    return rp if rp is not None and rp.disabled_at is None else None


def secret_matches(rp: RelyingParty, secret_key: str, secret: str) -> bool:
    return bool(rp.secret_hash) and digests_match(rp.secret_hash, secret_digest(secret_key, secret or ""))


def lines(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split("\n") if v)


def may_use(db: Session, rp: RelyingParty, person_id: str) -> bool:
    """Who the operators opened the back-end to, asked of the database now (never of an earlier login)."""
    return admits(db, audience_of(db, rp), person_id)
