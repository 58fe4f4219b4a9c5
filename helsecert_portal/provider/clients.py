"""Registered back-ends (relying parties) and who may use each one.

Redirect URIs are compared exactly; each must be https, or http on loopback for development (RFC 8252 §7.3).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..core.security import digests_match, keyed_digest, random_token
from ..domain import audit
from ..models import GroupAdmin, Membership, Organisation, Person, RelyingParty, RelyingPartyGroup

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
AUDIENCES = ("members", "kinds", "groups", "admins", "operators")
SCOPES = ("openid", "profile", "email", "memberships")
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


class InvalidClientSetting(PortalError):
    """A registration the provider cannot honour safely; `field` names which."""

    code = "InvalidClientSetting"

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


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


def uri_allowed(uri: str) -> bool:
    parts = urlsplit(uri)
    if parts.fragment or not parts.netloc or parts.username or parts.password:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and (parts.hostname or "") in LOOPBACK)


def _check(reg: Registration) -> None:
    if not reg.client_id or len(reg.client_id) > 64 or not reg.client_id.replace("-", "").isalnum():
        raise InvalidClientSetting("client_id")
    if not reg.name.strip() or len(reg.name) > 100:
        raise InvalidClientSetting("name")
    if reg.auth_method not in AUTH_METHODS or (reg.auth_method == "private_key_jwt" and not (reg.jwks or {}).get("keys")):
        raise InvalidClientSetting("auth_method")
    if not reg.redirect_uris or not all(uri_allowed(u) for u in reg.redirect_uris):
        raise InvalidClientSetting("redirect_uris")
    if not all(uri_allowed(u) for u in reg.post_logout_redirect_uris):
        raise InvalidClientSetting("post_logout_redirect_uris")
    if reg.backchannel_logout_uri and not uri_allowed(reg.backchannel_logout_uri):
        raise InvalidClientSetting("backchannel_logout_uri")
    if "openid" not in reg.scopes or not set(reg.scopes) <= set(SCOPES):
        raise InvalidClientSetting("scopes")
    if reg.audience not in AUDIENCES:
        raise InvalidClientSetting("audience")


def secret_digest(secret_key: str, secret: str) -> str:
    return keyed_digest(secret_key, "client-secret", secret)


def register(db: Session, clock: Clock, *, secret_key: str, actor_id: str | None, reg: Registration) -> tuple[RelyingParty, str]:
    """A new back-end; returns it with its client secret, which is shown once and stored only as a keyed digest."""
    _check(reg)
    if db.exec(select(RelyingParty.id).where(RelyingParty.client_id == reg.client_id)).first() is not None:
        raise InvalidClientSetting("client_id")
    secret = "" if reg.auth_method == "private_key_jwt" else random_token(32)
    rp = RelyingParty(
        client_id=reg.client_id, name=reg.name.strip(), auth_method=reg.auth_method,
        secret_hash=secret_digest(secret_key, secret) if secret else "", jwks=json.dumps(reg.jwks) if reg.jwks else "",
        redirect_uris="\n".join(reg.redirect_uris), post_logout_redirect_uris="\n".join(reg.post_logout_redirect_uris),
        backchannel_logout_uri=reg.backchannel_logout_uri, scopes=" ".join(reg.scopes), audience=reg.audience,
        audience_kinds=" ".join(reg.audience_kinds), created_at=clock.now(),
    )
    db.add(rp)
    db.flush()
    for group_id in reg.group_ids:
        db.add(RelyingPartyGroup(relying_party_id=rp.id, organisation_id=group_id))
    audit.record(db, clock, action="client.registered", actor_id=actor_id, detail=reg.client_id)
    return rp, secret


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
    person = db.get(Person, person_id)
    if person is None:
        return False
    if rp.audience == "operators":
        return person.is_operator
    if rp.audience == "admins":
        return db.exec(select(GroupAdmin.id).where(GroupAdmin.person_id == person_id)).first() is not None
    groups = select(Membership.organisation_id).where(Membership.person_id == person_id)
    query = select(Organisation.id).where(col(Organisation.id).in_(groups))
    if rp.audience == "kinds":
        query = query.where(col(Organisation.kind).in_(rp.audience_kinds.split()))
    elif rp.audience == "groups":
        chosen = select(RelyingPartyGroup.organisation_id).where(RelyingPartyGroup.relying_party_id == rp.id)
        query = query.where(col(Organisation.id).in_(chosen))
    return db.exec(query).first() is not None
