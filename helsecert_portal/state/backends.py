"""CERT-drift › Tjenester og baksystemer (/drift/tjenester): register and change back-ends, renew a secret, close or
reopen a back-end, and keep the services catalogue. Operators only; each use case in usecases/backends.py checks that
again, and a registration is read through it too (never from what this tab loaded earlier)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import backends
from ..usecases.backends import AudienceValues, ClientRow, ClientValues, Saved, ServiceRow, ServiceValues
from ..usecases.outcome import Outcome
from ..usecases.presentation import Choice
from .common import Reply, for_caller, login_redirect, operator_outcome, user_message
from .effects import carry_out
from .group_chooser import GroupChooser
from .guard import personal

TEXT_FIELDS = ("client_id", "name", "auth_method", "redirect_uris", "post_logout_redirect_uris", "backchannel_logout_uri", "jwks", "description", "url", "audience")
SCOPES = ("profile", "email", "memberships")
EMPTY = {k: "" for k in TEXT_FIELDS} | {"auth_method": "client_secret_basic", "audience": "members"}


def _text(form: dict, key: str) -> str:
    return str(form.get(key, ""))[: 20_000 if key == "jwks" else 4000]  # a JWKS with certificate chains is long


def _audience(form: dict, groups: list[Choice]) -> AudienceValues:
    kinds = [k for k in nb.KIND_NAMES if form.get(f"kind_{k}")]
    return AudienceValues(_text(form, "audience")[:16], kinds, groups)


@personal
class BackendDeskState(GroupChooser, rx.State):
    loaded: bool = False
    allowed: bool = False
    issuer: str = ""
    clients: list[ClientRow] = []
    catalogue: list[ServiceRow] = []
    client_choices: list[Choice] = []
    editing: str = ""  # "", "client" or "service"
    editing_id: str = ""  # the client_id or service id being changed; "" while new
    form_key: int = 0
    values: dict[str, str] = EMPTY
    scopes: list[str] = list(SCOPES)
    kinds: list[str] = []
    secret: str = ""  # a new client secret, shown once
    secret_for: str = ""
    asking: str = ""  # "close:<client_id>", "renew:<client_id>" or "remove:<service id>": asked before it is done
    error: str = ""
    info: str = ""

    def _take(self, saved: Saved) -> None:
        self.clients, self.catalogue, self.client_choices = saved.desk.clients, saved.desk.services, saved.desk.client_choices

    def _open(self, kind: str, editing_id: str, values: dict[str, str], scopes: list[str], audience: AudienceValues) -> None:
        self.editing, self.editing_id, self.values, self.scopes = kind, editing_id, EMPTY | values, scopes
        self.kinds, self.groups, self.hits, self.secret, self.secret_for = audience.kinds, audience.groups, [], "", ""
        self.form_key += 1

    async def _act(self, action: Callable[[Session, Caller], Outcome[Saved]], success: str) -> Saved | None:
        """One operator action; on success the lists are fresh and the editor closes, else the form keeps what was typed."""
        self.secret = self.secret_for = self.asking = ""
        outcome = await operator_outcome(self, action)
        if outcome is None:
            return None
        self._take(outcome.value)
        self.info, self.editing, self.editing_id = success, "", ""
        await carry_out(outcome)
        return outcome.value

    @rx.event
    async def load_backends(self) -> Reply:
        self.reset()
        try:
            desk = await for_caller(self, backends.desk)
        except NotLoggedIn:
            return login_redirect(self)
        except PortalError as exc:
            desk, self.error = None, user_message(exc)
        self.loaded, self.allowed = True, desk is not None
        if desk is not None:
            self._take(Saved(desk, ""))
            self.issuer = services.settings().provider_issuer
        return None

    @rx.event
    def ask(self, what: str) -> None:
        """Closing a back-end, renewing its secret and removing a service take effect at once: asked first."""
        kind, _, target = str(what)[:80].partition(":")
        self.asking, self.error, self.info = (f"{kind}:{target}" if kind in ("close", "renew", "remove") and target else ""), "", ""

    @rx.event
    def cancel_ask(self) -> None:
        self.asking = ""

    @rx.event
    def new_client(self) -> None:
        self.error = self.info = ""
        self._open("client", "", {}, list(SCOPES), AudienceValues("members", [], []))

    @rx.event
    async def edit_client(self, client_id: str) -> None:
        wanted = str(client_id)[:64]
        v = await operator_outcome(self, lambda db, who: backends.client_values(db, who, wanted))
        if v is None:
            return
        fields = {"client_id": v.client_id, "name": v.name, "auth_method": v.auth_method, "redirect_uris": v.redirect_uris,
                  "post_logout_redirect_uris": v.post_logout_redirect_uris, "backchannel_logout_uri": v.backchannel_logout_uri,
                  "jwks": v.jwks, "audience": v.audience.kind}
        self._open("client", v.client_id, fields, v.scopes, v.audience)

    @rx.event
    async def save_client(self, form_data: dict) -> None:
        self.values = EMPTY | {k: _text(form_data, k) for k in TEXT_FIELDS if k in form_data}
        self.scopes = [s for s in SCOPES if form_data.get(f"scope_{s}")]
        audience = _audience(form_data, list(self.groups))
        self.kinds = audience.kinds
        editing, key, clock, v = self.editing_id, services.settings().secret_key, services.clock(), self.values
        values = ClientValues(editing or v["client_id"], v["name"], v["auth_method"], v["redirect_uris"], v["post_logout_redirect_uris"],
                              v["backchannel_logout_uri"], v["jwks"], list(self.scopes), audience)
        saved = await self._act(lambda db, who: backends.save_client(db, clock, who, secret_key=key, editing=editing, values=values),
                                nb.BACKENDS_SAVED if editing else nb.BACKENDS_REGISTERED)
        if saved is not None and saved.secret:
            self.secret, self.secret_for = saved.secret, v["name"]

    @rx.event
    async def renew_secret(self, client_id: str) -> None:
        wanted, key, clock = str(client_id)[:64], services.settings().secret_key, services.clock()
        saved = await self._act(lambda db, who: backends.renew_secret(db, clock, who, secret_key=key, client_id=wanted), "")
        if saved is not None:
            self.secret, self.secret_for = saved.secret, next((c.name for c in self.clients if c.client_id == wanted), wanted)

    @rx.event
    async def close_client(self, client_id: str) -> None:
        wanted, clock = str(client_id)[:64], services.clock()
        await self._act(lambda db, who: backends.set_closed(db, clock, who, client_id=wanted, closed=True), nb.BACKENDS_CLOSED_INFO)

    @rx.event
    async def reopen_client(self, client_id: str) -> None:
        wanted, clock = str(client_id)[:64], services.clock()
        await self._act(lambda db, who: backends.set_closed(db, clock, who, client_id=wanted, closed=False), nb.BACKENDS_REOPENED_INFO)

    @rx.event
    def new_service(self) -> None:
        self.error = self.info = ""
        self._open("service", "", {}, [], AudienceValues("members", [], []))

    @rx.event
    async def edit_service(self, service_id: str) -> None:
        wanted = str(service_id)[:32]
        v = await operator_outcome(self, lambda db, who: backends.service_values(db, who, wanted))
        if v is not None:
            self._open("service", v.id, {"name": v.name, "description": v.description, "url": v.url, "client_id": v.client_id, "audience": v.audience.kind}, [], v.audience)

    @rx.event
    async def save_service(self, form_data: dict) -> None:
        self.values = EMPTY | {k: _text(form_data, k) for k in TEXT_FIELDS if k in form_data}
        audience = _audience(form_data, list(self.groups))
        self.kinds = audience.kinds
        v, clock = self.values, services.clock()
        values = ServiceValues(self.editing_id, v["name"], v["description"], v["url"], v["client_id"], audience)
        await self._act(lambda db, who: backends.save_service(db, clock, who, values=values), nb.BACKENDS_SERVICE_SAVED)

    @rx.event
    async def remove_service(self, service_id: str) -> None:
        wanted, clock = str(service_id)[:32], services.clock()
        await self._act(lambda db, who: backends.remove_service(db, clock, who, service_id=wanted), nb.BACKENDS_SERVICE_REMOVED)

    @rx.event
    def close_editor(self) -> None:
        self.editing = self.editing_id = self.error = ""
