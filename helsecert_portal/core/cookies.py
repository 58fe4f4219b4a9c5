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


def logout_proof(settings: Settings, token: str, purpose: str = "logout") -> str:
    """The keyed proof a link carries that acts for the session (log out, answer a consent question): only a page
    shown to this session has it, so a link made by someone else, sent from another site or a mail, does nothing."""
    return keyed_digest(settings.secret_key, purpose, token)[:32] if token else ""


def logout_proof_valid(settings: Settings, token: str, proof: str, purpose: str = "logout") -> bool:
    return bool(token) and digests_match(proof, logout_proof(settings, token, purpose))
