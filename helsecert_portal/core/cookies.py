"""The session cookie's rules in one place, for the HTTP routes and the websocket state alike."""

from __future__ import annotations

from functools import lru_cache
from http.cookies import CookieError, SimpleCookie

from .security import digests_match, keyed_digest
from .settings import Settings

SESSION_COOKIE = "hc_session"


def cookie_name(settings: Settings) -> str:
    """In production (https) the cookie gets the __Host- prefix: Secure, Path=/, no Domain."""
    return f"__Host-{SESSION_COOKIE}" if settings.secure_cookies else SESSION_COOKIE


@lru_cache(maxsize=4096)
def read_cookie(header: str | None, name: str) -> str:
    """One cookie's value from a Cookie header; a malformed header names no session.

    A tab's websocket sends the header it was opened with with every event: parsed once per header, not per event."""
    try:
        jar = SimpleCookie(header or "")
    except CookieError:
        return ""
    return jar[name].value if name in jar else ""


def logout_proof(settings: Settings, token: str) -> str:
    """The keyed proof a logout link carries, so a cross-site link cannot log anyone out."""
    return keyed_digest(settings.secret_key, "logout", token)[:32] if token else ""


def logout_proof_valid(settings: Settings, token: str, proof: str) -> bool:
    return bool(token) and digests_match(proof, logout_proof(settings, token))
