"""Keyed digests: pid, one-time codes and session ids are stored only as HMACs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def keyed_digest(secret_key: str, purpose: str, value: str) -> str:
    msg = f"{purpose}\x00{value}".encode()
    return hmac.new(secret_key.encode(), msg, hashlib.sha256).hexdigest()


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def _sealing_key(secret_key: str, purpose: str) -> bytes:
    return hmac.new(secret_key.encode(), f"seal\x00{purpose}".encode(), hashlib.sha256).digest()


def seal(secret_key: str, purpose: str, plaintext: str) -> str:
    """AES-256-GCM with a key derived from the portal's secret: for values kept at rest only while needed."""
    if not plaintext:
        return ""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_sealing_key(secret_key, purpose)).encrypt(nonce, plaintext.encode(), purpose.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(secret_key: str, purpose: str, value: str) -> str:
    """The plaintext, or "" when the value is empty, tampered with or sealed under another key."""
    try:
        raw = base64.urlsafe_b64decode(value.encode())
        return AESGCM(_sealing_key(secret_key, purpose)).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
    except (ValueError, InvalidTag):
        return ""
