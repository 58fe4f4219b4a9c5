"""The login pages: where to go after login, and why a login failed (from the query string)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from ..domain.login_attempts import safe_return_path
from ..texts import nb


class LoginState(rx.State):
    start_href: str = "/auth/login"
    failure: str = ""

    @rx.event
    def load_login(self) -> None:
        target = safe_return_path(self.router.url.query_parameters.get("neste", "/"))
        self.start_href = "/auth/login" + (f"?{urlencode({'neste': target})}" if target != "/" else "")

    @rx.event
    def load_failure(self) -> None:
        reason = self.router.url.query_parameters.get("arsak", "")
        self.failure = nb.LOGIN_ERRORS.get(reason, nb.LOGIN_ERRORS["rejected"])
