"""Passkeys in the browser: the login page (button and autofill) and «Min profil» → Passnøkler.

The ceremonies run in assets/webauthn.js through rx.call_script; their results come back to the
callbacks here and are verified by domain/passkeys.py. Options are prepared on page load so the
ceremony starts inside the user's click (Safari requires that).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import reflex as rx

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import passkeys as pk
from ..domain.login_attempts import safe_return_path
from ..texts import nb
from ..usecases.presentation import local_time
from .common import Reply, caller, login_redirect, user_message
from .guard import personal

MAX_RESPONSE = 16_000


def relying_party() -> pk.RelyingParty:
    return pk.RelyingParty.from_base_url(services.settings().base_url)


def _js_error(result: object, messages: dict[str, str]) -> str | None:
    """The message for a ceremony that failed in the browser, or None when it produced a credential."""
    if isinstance(result, dict) and isinstance(result.get("credential"), dict):
        return None
    name = str(result.get("error", "")) if isinstance(result, dict) else ""
    return messages.get(name, messages["UnknownError"])


def _credential(result: dict) -> dict:
    credential = result["credential"]
    if len(json.dumps(credential)) > MAX_RESPONSE:
        raise pk.PasskeyRejected()
    return credential


def _call(function: str, *args: object) -> rx.event.EventSpec:
    """Call a function of window.hcPasskey with JSON arguments (no callback)."""
    return rx.call_script(f"window.hcPasskey && window.hcPasskey.{function}({', '.join(json.dumps(a) for a in args)})")


class PasskeyLoginState(rx.State):
    options: str = ""
    error: str = ""
    _challenge_id: str = ""
    _return_to: str = "/"

    def _prepare(self) -> rx.event.EventSpec:
        with services.db_session() as db:
            self._challenge_id, self.options = pk.begin_login(db, services.clock(), relying_party())
        return rx.call_script(f"window.hcPasskey && window.hcPasskey.autofill({self.options})", callback=PasskeyLoginState.finish)

    @rx.event
    def load(self) -> Reply:
        self.error = ""
        self._return_to = safe_return_path(self.router.url.query_parameters.get("neste", "/"))
        return self._prepare()

    @rx.event
    def finish(self, result: dict) -> Reply:
        """Callback of both the button and the autofill request."""
        if isinstance(result, dict) and result.get("quiet"):
            return None  # autofill unsupported, or replaced by the button: nothing to tell
        message = _js_error(result, nb.PASSKEY_LOGIN_ERRORS)
        if message is not None:
            self.error = message
            return self._prepare()
        settings, clock = services.settings(), services.clock()
        try:
            with services.db_session() as db:
                passkey = pk.finish_login(db, clock, relying_party(), challenge_id=self._challenge_id, credential=_credential(result))
                ticket = pk.issue_ticket(db, clock, secret_key=settings.secret_key, person_id=passkey.person_id, return_to=self._return_to, binding=str(result.get("binding", "")))
        except pk.UnknownPasskey as exc:
            self.error = user_message(exc)
            return [_call("signalUnknown", relying_party().rp_id, exc.credential_id), self._prepare()]
        except PortalError as exc:
            self.error = user_message(exc)
            return self._prepare()
        # The session cookie is HttpOnly, so an HTTP route sets it: a real navigation, not the SPA router.
        return rx.call_script(f"window.location.assign({json.dumps('/auth/passkey?' + urlencode({'billett': ticket}))})")


@personal
class PasskeyManageState(rx.State):
    loaded: bool = False
    passkeys: list[dict[str, str]] = []
    can_create: bool = False
    options: str = ""
    renaming_id: str = ""
    deleting_id: str = ""
    error: str = ""
    info: str = ""
    _challenge_id: str = ""

    def _refresh(self, db, who) -> None:  # noqa: ANN001
        def when(at) -> str:  # noqa: ANN001
            return local_time(at) or nb.PASSKEYS_NEVER_USED

        self.passkeys = [
            {
                "id": p.id, "name": p.name, "provider": p.provider or nb.PASSKEYS_UNKNOWN_PROVIDER, "created": when(p.created_at), "used": when(p.last_used_at),
                "sync": nb.PASSKEYS_SYNCED if p.synced else nb.PASSKEYS_DEVICE_ONLY,
            }
            for p in pk.passkeys_of(db, who.person.id)
        ]
        self.can_create = pk.fresh_idporten_login(who.session, services.clock().now())
        self.options, self._challenge_id = "", ""
        if self.can_create:
            try:
                self._challenge_id, self.options = pk.begin_registration(db, services.clock(), relying_party(), person_id=who.person.id, session=who.session)
            except pk.TooManyPasskeys:
                self.can_create = False

    def _act(self, action, success: str):  # noqa: ANN001, ANN202
        """Run one change for the caller, refresh the list, and tell the browser which passkeys remain."""
        self.error = self.info = ""
        try:
            with services.db_session() as db:
                who = caller(self, db)
                action(db, who)
                db.flush()
                self._refresh(db, who)
                handle, ids = pk.accepted_credentials(db, who.person.id)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            self.error = user_message(exc)
            return None
        self.info, self.renaming_id, self.deleting_id = success, "", ""
        return _call("signalAccepted", relying_party().rp_id, handle, ids) if handle else None

    @rx.event
    def load_passkeys(self) -> Reply:
        self.error = self.info = self.renaming_id = self.deleting_id = ""
        try:
            with services.db_session() as db:
                self._refresh(db, caller(self, db))
        except NotLoggedIn:
            return login_redirect(self)
        self.loaded = True
        return None

    @rx.event
    def finish_registration(self, result: dict) -> Reply:
        message = _js_error(result, nb.PASSKEY_CREATE_ERRORS)
        if message is not None:
            self.error, self.info = message, ""
            return None
        created: list[str] = []

        def create(db, who) -> None:  # noqa: ANN001
            passkey = pk.finish_registration(
                db, services.clock(), relying_party(), person_id=who.person.id, session=who.session, challenge_id=self._challenge_id, credential=_credential(result)
            )
            created.append(passkey.name)

        outcome = self._act(create, "")
        if created:
            self.info = nb.PASSKEYS_CREATED.format(name=created[0])
        return outcome

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
    def save_name(self, form_data: dict) -> Reply:
        name, passkey_id = str(form_data.get("passkey_name", ""))[:500], self.renaming_id
        return self._act(lambda db, who: pk.rename(db, services.clock(), person_id=who.person.id, passkey_id=passkey_id, name=name), nb.PASSKEYS_RENAMED)

    @rx.event
    def delete(self) -> Reply:
        passkey_id = self.deleting_id
        return self._act(lambda db, who: pk.delete(db, services.clock(), person_id=who.person.id, passkey_id=passkey_id), nb.PASSKEYS_DELETED)
