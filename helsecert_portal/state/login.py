"""The login pages: where to go after login, and why a login failed (from the query string)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from .. import services
from ..domain.login_attempts import safe_return_path
from ..texts import nb


def failure_text(reason: str, required_acr: str) -> str:
    """Why a login failed; a too-low level names the level this portal requires, not a fixed one."""
    text = nb.LOGIN_ERRORS.get(reason, nb.LOGIN_ERRORS["rejected"])
    level, example = nb.ACR_LEVELS.get(required_acr, nb.ACR_LEVELS["idporten-loa-substantial"])
    return text.format(level=level, example=example) if reason == "acr" else text


class LoginState(rx.State):
    start_href: str = "/auth/login"
    failure: str = ""
    reference: str = ""
    logged_out_text: str = nb.LOGGED_OUT_TEXT

    @rx.event
    def load_login(self) -> None:
        target = safe_return_path(self.router.url.query_parameters.get("neste", "/"))
        self.start_href = "/auth/login" + (f"?{urlencode({'neste': target})}" if target != "/" else "")

    @rx.event
    def load_failure(self) -> None:
        reason = self.router.url.query_parameters.get("arsak", "")
        self.failure = failure_text(reason, services.settings().idporten_acr_values)
        ref = self.router.url.query_parameters.get("ref", "")
        self.reference = ref if len(ref) <= 16 and ref.isalnum() and ref.isascii() else ""

    @rx.event
    def load_logged_out(self) -> None:
        """A passkey session (or an issuer that offers no logout) ended only here: the page must not name ID-porten."""
        only_portal = self.router.url.query_parameters.get("kun", "") == "portalen"
        self.logged_out_text = nb.LOGGED_OUT_PORTAL_TEXT if only_portal else nb.LOGGED_OUT_TEXT
