"""Signing keys with rotation: a new key is published before it signs, and the old one stays published until every
token it signed has expired (issue 16). Private parts are sealed at rest with the portal's secret."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from joserfc.jwk import KeySet, RSAKey
from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.db import claim
from ..core.security import seal, unseal
from ..models import ProviderKey

ROTATE_AFTER = timedelta(days=30)
PUBLISH_AHEAD = timedelta(hours=1)  # longer than a client caches our JWKS
KEPT_AFTER = timedelta(hours=1)  # longer than any token we sign lives (5 minutes) plus clock skew
SEAL = "provider-key"
ALG = "RS256"

_loaded: dict[str, RSAKey] = {}  # kid -> key: opening a sealed RSA key on every token would cost milliseconds


@dataclass(frozen=True)
class KeyRing:
    signing: RSAKey
    keys: list[RSAKey]  # every published key: what a token of ours may be signed with

    @property
    def published(self) -> list[dict[str, str | list[str]]]:
        return [key.as_dict(private=False) for key in self.keys]

    def verifier(self) -> KeySet:
        return KeySet(list(self.keys))


def _new_key(db: Session, clock: Clock, secret_key: str, *, signs_from_now: bool) -> ProviderKey:
    key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(12), "use": "sig", "alg": ALG})
    now = clock.now()
    row = ProviderKey(
        kid=key.kid or "", private_jwk=seal(secret_key, SEAL, json.dumps(key.as_dict(private=True))),
        created_at=now, signs_from=now if signs_from_now else now + PUBLISH_AHEAD,
    )
    db.add(row)
    db.flush()
    return row


def _open(row: ProviderKey, secret_key: str) -> RSAKey:
    key = _loaded.get(row.kid)
    if key is None:
        key = RSAKey.import_key(json.loads(unseal(secret_key, SEAL, row.private_jwk)))
        _loaded[row.kid] = key
    return key


def _unretired(db: Session, clock: Clock) -> list[ProviderKey]:
    now = clock.now()
    rows = db.exec(select(ProviderKey).where(col(ProviderKey.retired_at).is_(None) | (col(ProviderKey.retired_at) > now))).all()
    return sorted(rows, key=lambda r: r.signs_from)


def key_ring(db: Session, clock: Clock, secret_key: str) -> KeyRing:
    """The key that signs now (the newest whose time has come) and every key a client may meet; the first call ever
    makes a key that signs at once."""
    now = clock.now()
    rows = _unretired(db, clock)
    ready = [r for r in rows if r.signs_from <= now and r.retired_at is None]
    if not ready:
        rows.append(_new_key(db, clock, secret_key, signs_from_now=True))
        ready = rows[-1:]
    return KeyRing(signing=_open(ready[-1], secret_key), keys=[_open(r, secret_key) for r in rows])


def rotate(db: Session, clock: Clock, secret_key: str) -> list[str]:
    """The sweep's step: publish a successor ahead of time once the signing key is old, and retire a key a while after
    its successor took over. Returns the kids it retired."""
    now = clock.now()
    rows = [r for r in _unretired(db, clock) if r.retired_at is None]
    ready = [r for r in rows if r.signs_from <= now]
    if ready and not any(r.signs_from > now for r in rows) and now - ready[-1].signs_from >= ROTATE_AFTER:
        _new_key(db, clock, secret_key, signs_from_now=False)
    retired = []
    for old in ready[:-1]:  # replaced by a newer key that already signs
        if claim(db, ProviderKey, old.id, col(ProviderKey.retired_at).is_(None), retired_at=ready[-1].signs_from + KEPT_AFTER):
            retired.append(old.kid)
    return retired
