"""Passkeys in the browser: the login page (button and autofill) and «Min profil» → Passnøkler.

The ceremonies run in assets/webauthn.js through rx.call_script; their results come back to the
callbacks here and are verified by domain/passkeys.py. Options are prepared on page load so the
ceremony starts inside the user's click (Safari requires that).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from urllib.parse import urlencode

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import passkeys as pk
from ..domain.login_attempts import safe_return_path
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import passkeys as passkey_cases
from ..usecases.passkeys import PasskeyRow
from .common import Reply, for_caller, login_redirect, off_loop, user_message
from .guard import personal

MAX_RESPONSE = 16_000


def relying_party() -> pk.RelyingParty:
    return pk.RelyingParty.from_base_url(services.settings().base_url)


def _js_error(result: object, messages: dict[str, str]) -> str | None:
    """The message for a ceremony that failed in the browser, None when it produced a credential, "" when it ended quietly."""
    if isinstance(result, dict) and isinstance(result.get("credential"), dict):
        return None
    if isinstance(result, dict) and result.get("quiet"):
        return ""
    name = str(result.get("error", "")) if isinstance(result, dict) else ""
    return messages.get(name, messages["UnknownError"])


def _credential(result: dict) -> dict:
    credential = result["credential"]
    if len(json.dumps(credential)) > MAX_RESPONSE:
        raise pk.PasskeyRejected()
    return credential


def _call(function: str, *args: object) -> EventSpec:
    """Call a function of window.hcPasskey with JSON arguments (no callback)."""
    return rx.call_script(f"window.hcPasskey && window.hcPasskey.{function}({', '.join(json.dumps(a) for a in args)})")


def _log_in(challenge_id: str, return_to: str, result: dict) -> str:
    """Verify a passkey login (off the event loop) and mint its ticket, bound to the browser's binding digest."""
    with services.db_session() as db:
        return passkey_cases.log_in(db, services.clock(), relying_party(), secret_key=services.settings().secret_key, challenge_id=challenge_id,
                                    credential=_credential(result), binding=str(result.get("binding", "")), return_to=return_to)


class PasskeyLoginState(rx.State):
    options: str = ""
    error: str = ""
    _challenge_id: str = ""
    _return_to: str = "/"

    async def _prepare(self) -> EventSpec:
        rp, clock = relying_party(), services.clock()

        def begin() -> tuple[str, str]:
            with services.db_session() as db:
                return pk.begin_login(db, clock, rp)

        self._challenge_id, self.options = await off_loop(begin)
        return rx.call_script(f"window.hcPasskey && window.hcPasskey.autofill({self.options})", callback=PasskeyLoginState.finish)

    @rx.event
    async def load(self) -> Reply:
        self.error = ""
        self._return_to = safe_return_path(self.router.url.query_parameters.get("neste", "/"))
        return await self._prepare()

    @rx.event
    async def finish(self, result: dict) -> Reply:
        """Callback of both the button and the autofill request."""
        message = _js_error(result, nb.PASSKEY_LOGIN_ERRORS)
        if message is not None:  # "" when autofill ended quietly (unsupported, or replaced by the button)
            self.error = message or self.error
            return await self._prepare() if message else None
        try:
            ticket = await off_loop(functools.partial(_log_in, self._challenge_id, self._return_to, result))
        except PortalError as exc:
            self.error = user_message(exc)
            forget = [_call("signalUnknown", relying_party().rp_id, exc.credential_id)] if isinstance(exc, pk.UnknownPasskey) else []
            return [*forget, await self._prepare()]
        # The session cookie is HttpOnly, so an HTTP route sets it: a real navigation, not the SPA router.
        return rx.call_script(f"window.location.assign({json.dumps('/auth/passkey?' + urlencode({'billett': ticket}))})")


@personal
class PasskeyManageState(rx.State):
    loaded: bool = False
    passkeys: list[PasskeyRow] = []
    can_create: bool = False
    options: str = ""
    renaming_id: str = ""
    deleting_id: str = ""
    error: str = ""
    info: str = ""
    _challenge_id: str = ""

    def _show(self, shown: passkey_cases.Passkeys) -> None:
        self.passkeys, self.can_create, self.options, self._challenge_id = shown.rows, shown.can_create, shown.options, shown.challenge_id

    async def _act(self, action: Callable[[Session, Caller], passkey_cases.Passkeys], success: str) -> Reply:
        """Run one change for the caller, show the list, and tell the browser which passkeys remain."""
        self.error = self.info = ""
        try:
            shown = await for_caller(self, action)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
            return None
        self._show(shown)
        self.info, self.renaming_id, self.deleting_id = success, "", ""
        return _call("signalAccepted", relying_party().rp_id, shown.user_handle, shown.credential_ids) if shown.user_handle else None

    @rx.event
    async def load_passkeys(self) -> Reply:
        self.error = self.info = self.renaming_id = self.deleting_id = ""
        clock, rp = services.clock(), relying_party()
        try:
            self._show(await for_caller(self, lambda db, who: passkey_cases.view(db, clock, rp, who)))
        except NotLoggedIn:
            return login_redirect(self)
        self.loaded = True
        return None

    @rx.event
    async def finish_registration(self, result: dict) -> Reply:
        message = _js_error(result, nb.PASSKEY_CREATE_ERRORS)
        if message is not None:
            self.error, self.info = message, ""
            return None
        clock, rp, challenge_id, created = services.clock(), relying_party(), self._challenge_id, []

        def create(db: Session, who: Caller) -> passkey_cases.Passkeys:
            name, shown = passkey_cases.create(db, clock, rp, who, challenge_id=challenge_id, credential=_credential(result))
            created.append(name)
            return shown

        reply = await self._act(create, "")
        self.info = nb.PASSKEYS_CREATED.format(name=created[0]) if created else self.info
        return reply

    @rx.event
    def start_rename(self, passkey_id: str) -> None:
        self.renaming_id, self.deleting_id, self.error, self.info = str(passkey_id)[:32], "", "", ""

    @rx.event
    def start_delete(self, passkey_id: str) -> None:
        self.deleting_id, self.renaming_id, self.error, self.info = str(passkey_id)[:32], "", "", ""

    @rx.event
    def cancel(self) -> None:
        self.renaming_id = self.deleting_id = ""

    @rx.event
    async def save_name(self, form_data: dict) -> Reply:
        name, passkey_id, clock, rp = str(form_data.get("passkey_name", ""))[:500], self.renaming_id, services.clock(), relying_party()
        return await self._act(lambda db, who: passkey_cases.rename(db, clock, rp, who, passkey_id=passkey_id, name=name), nb.PASSKEYS_RENAMED)

    @rx.event
    async def delete(self) -> Reply:
        passkey_id, clock, rp = self.deleting_id, services.clock(), relying_party()
        return await self._act(lambda db, who: passkey_cases.delete(db, clock, rp, who, passkey_id=passkey_id), nb.PASSKEYS_DELETED)
