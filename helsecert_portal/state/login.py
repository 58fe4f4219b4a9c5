"""The login pages: where to go after login, and why a login failed (from the query string)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from .. import services
from ..domain.login_attempts import safe_return_path
from ..domain.sessions import SessionPolicy
from ..texts import nb
from ..usecases import single_logout
from .common import Reply, for_anyone


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
        fresh = {"prompt": "login"} if self.router.url.query_parameters.get("prompt") == "login" else {}  # a back-end asked for it
        query = urlencode({**({"neste": target} if target != "/" else {}), **fresh})
        self.start_href = "/auth/login" + (f"?{query}" if query else "")

    @rx.event
    def load_failure(self) -> None:
        reason = self.router.url.query_parameters.get("arsak", "")
        self.failure = failure_text(reason, services.settings().idporten_acr_values)
        ref = self.router.url.query_parameters.get("ref", "")
        self.reference = ref if len(ref) <= 16 and ref.isalnum() and ref.isascii() else ""

    @rx.event
    async def load_logged_out(self) -> Reply:
        """A passkey session (or an issuer that offers no logout) ended only here: the page must not name ID-porten.
        After a back-end's logout at the portal, ID-porten comes back here with our `state`: go on to the back-end."""
        state, settings, clock = self.router.url.query_parameters.get("state", "")[:64], services.settings(), services.clock()
        policy, issuer = SessionPolicy.of(settings), settings.provider_issuer
        if state and (found := await for_anyone(self, lambda db, _who: single_logout.after_idporten_logout(db, clock, policy, state=state, issuer=issuer))):
            return rx.redirect(found, replace=True)
        only_portal = self.router.url.query_parameters.get("kun", "") == "portalen"
        self.logged_out_text = nb.LOGGED_OUT_PORTAL_TEXT if only_portal else nb.LOGGED_OUT_TEXT
        return None
