"""Keyed digests: pid, one-time codes and session ids are stored only as HMACs."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def keyed_digest(secret_key: str, purpose: str, value: str) -> str:
    msg = f"{purpose}\x00{value}".encode()
    return hmac.new(secret_key.encode(), msg, hashlib.sha256).hexdigest()


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)
