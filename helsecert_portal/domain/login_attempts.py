"""OIDC state, nonce and PKCE verifier live server-side; the browser holds only a random handle.

An attempt is single use and expires after ten minutes, so a replayed or stale callback is refused.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.db import claim
from ..core.errors import PortalError
from ..core.security import keyed_digest, random_token
from ..models import LoginAttempt


class StaleLogin(PortalError):
    code = "StaleLogin"

ATTEMPT_TTL = timedelta(minutes=10)
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9\-._~/]*$")


def safe_return_path(raw: str | None) -> str:
    """Only a plain local path may be a return target; anything else (open redirects) becomes "/"."""
    value = (raw or "").strip()
    decoded = unquote(unquote(value))
    if not value or len(value) > 256 or not _SAFE_PATH.match(value) or not _SAFE_PATH.match(decoded):
        return "/"
    if value.startswith("//") or decoded.startswith("//") or "/auth/" in decoded or "/../" in decoded + "/":
        return "/"
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def create_attempt(
    db: Session, clock: Clock, *, secret_key: str, state: str, nonce: str, code_verifier: str, acr_values: str, return_to: str
) -> str:
    handle = random_token(32)
    db.add(
        LoginAttempt(
            handle_hash=keyed_digest(secret_key, "login-attempt", handle), state=state, nonce=nonce,
            code_verifier=code_verifier, acr_values=acr_values, return_to=safe_return_path(return_to), created_at=clock.now(),
        )
    )
    return handle


def consume_attempt(db: Session, clock: Clock, *, secret_key: str, handle: str) -> LoginAttempt:
    if not handle:
        raise StaleLogin()
    row = db.exec(select(LoginAttempt).where(LoginAttempt.handle_hash == keyed_digest(secret_key, "login-attempt", handle))).first()
    now = clock.now()
    if row is None or now - row.created_at > ATTEMPT_TTL:
        raise StaleLogin()
    if not claim(db, LoginAttempt, row.id, col(LoginAttempt.used_at).is_(None), used_at=now):  # single use, even for two tabs at once
        raise StaleLogin()
    return row
