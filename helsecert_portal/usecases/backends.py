"""CERT-drift › Tjenester (/drift/tjenester): the back-ends that log people in through the portal, and the services
catalogue members see. Operators only; every function checks that again, whatever the browser sent, and every read of
a registration goes through here too (a registration is not for members' eyes)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..domain.audience import Audience
from ..domain.authorization import require_operator
from ..domain.sessions import Caller
from ..models import Organisation
from ..provider import catalogue, clients
from ..provider.catalogue import ServiceForm
from ..texts import nb
from .outcome import Outcome
from .presentation import Choice, names_list


@dataclass(frozen=True)
class ClientRow:
    client_id: str
    name: str
    auth_text: str
    audience_text: str
    redirect_uris: list[str]
    backchannel: bool
    closed: bool
    uses_secret: bool


@dataclass(frozen=True)
class ServiceRow:
    id: str
    name: str
    description: str
    url: str
    client_name: str
    audience_text: str


@dataclass(frozen=True)
class AudienceValues:
    kind: str
    kinds: list[str]
    groups: list[Choice]


@dataclass(frozen=True)
class ClientValues:
    """A registration as the form shows it (one URI per line)."""

    client_id: str
    name: str
    auth_method: str
    redirect_uris: str
    post_logout_redirect_uris: str
    backchannel_logout_uri: str
    jwks: str
    scopes: list[str]
    audience: AudienceValues


@dataclass(frozen=True)
class ServiceValues:
    id: str
    name: str
    description: str
    url: str
    client_id: str
    audience: AudienceValues


@dataclass(frozen=True)
class Desk:
    clients: list[ClientRow]
    services: list[ServiceRow]
    client_choices: list[Choice]  # for a service's «opens this back-end»


@dataclass(frozen=True)
class Saved:
    desk: Desk
    secret: str  # a new client secret, shown once; "" when none was made


def _group_names(db: Session, ids: tuple[str, ...]) -> dict[str, str]:
    return dict(db.exec(select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(ids))).all()) if ids else {}


def audience_text(db: Session, audience: Audience) -> str:
    if audience.kind == "kinds":
        return nb.AUDIENCE_KINDS_OF.format(kinds=names_list([nb.KIND_NAMES.get(k, k) for k in audience.kinds]))
    if audience.kind == "groups":
        names = _group_names(db, audience.group_ids)
        return nb.AUDIENCE_GROUPS_OF.format(groups=names_list(sorted(names.values())))
    return nb.AUDIENCE_NAMES.get(audience.kind, audience.kind)


def _values(db: Session, audience: Audience) -> AudienceValues:
    names = _group_names(db, audience.group_ids)
    return AudienceValues(audience.kind, list(audience.kinds), [Choice(g, names.get(g, "")) for g in audience.group_ids])


def desk(db: Session, who: Caller) -> Desk:
    require_operator(db, who.person.id)
    rps = clients.all_clients(db)
    rows = [
        ClientRow(
            rp.client_id, rp.name, nb.AUTH_METHODS.get(rp.auth_method, rp.auth_method), audience_text(db, clients.audience_of(db, rp)),
            list(clients.lines(rp.redirect_uris)), bool(rp.backchannel_logout_uri), rp.disabled_at is not None, rp.auth_method != "private_key_jwt",
        )
        for rp in rps
    ]
    services = [
        ServiceRow(e.service.id, e.service.name, e.service.description, e.service.url, e.client.name if e.client else "", audience_text(db, e.audience))
        for e in catalogue.entries(db)
    ]
    return Desk(rows, services, [Choice(rp.client_id, rp.name) for rp in rps if rp.disabled_at is None])


def client_values(db: Session, who: Caller, client_id: str) -> ClientValues:
    require_operator(db, who.person.id)
    reg = clients.registration_of(db, clients.get(db, client_id))  # a closed back-end too
    return ClientValues(
        reg.client_id, reg.name, reg.auth_method, "\n".join(reg.redirect_uris), "\n".join(reg.post_logout_redirect_uris),
        reg.backchannel_logout_uri, json.dumps(reg.jwks, indent=2) if reg.jwks else "", list(reg.scopes), _values(db, reg.audience_rule),
    )


def registration(values: ClientValues) -> clients.Registration:
    """The form's text as a registration; a JWKS that is not JSON is refused as the auth method's missing keys."""
    try:
        jwks = json.loads(values.jwks) if values.jwks.strip() else None
    except ValueError:
        raise clients.InvalidClientSetting("jwks") from None
    if jwks is not None and not (isinstance(jwks, dict) and isinstance(jwks.get("keys"), list) and jwks["keys"]):
        raise clients.InvalidClientSetting("jwks")
    split = lambda text: tuple(line.strip() for line in text.splitlines() if line.strip())  # noqa: E731
    a = values.audience
    return clients.Registration(
        client_id=values.client_id.strip(), name=values.name, auth_method=values.auth_method, redirect_uris=split(values.redirect_uris),
        post_logout_redirect_uris=split(values.post_logout_redirect_uris), backchannel_logout_uri=values.backchannel_logout_uri.strip(),
        scopes=("openid", *[s for s in clients.SCOPES if s != "openid" and s in values.scopes]), audience=a.kind,
        audience_kinds=tuple(a.kinds), group_ids=tuple(g.id for g in a.groups), jwks=jwks if values.auth_method == "private_key_jwt" else None,
    )


def save_client(db: Session, clock: Clock, who: Caller, *, secret_key: str, editing: str, values: ClientValues) -> Outcome[Saved]:
    """Register a back-end (editing == "") or change the one with client_id `editing`."""
    require_operator(db, who.person.id)
    reg = registration(values)
    if editing:
        _, secret = clients.update(db, clock, secret_key=secret_key, actor_id=who.person.id, client_id=editing, reg=reg)
    else:
        _, secret = clients.register(db, clock, secret_key=secret_key, actor_id=who.person.id, reg=reg)
    db.flush()
    return Outcome(Saved(desk(db, who), secret), logouts=bool(editing))  # a narrowed registration ends the logins it gave


def renew_secret(db: Session, clock: Clock, who: Caller, *, secret_key: str, client_id: str) -> Outcome[Saved]:
    require_operator(db, who.person.id)
    secret = clients.renew_secret(db, clock, secret_key=secret_key, actor_id=who.person.id, client_id=client_id)
    db.flush()
    return Outcome(Saved(desk(db, who), secret))


def set_closed(db: Session, clock: Clock, who: Caller, *, client_id: str, closed: bool) -> Outcome[Saved]:
    require_operator(db, who.person.id)
    clients.set_closed(db, clock, actor_id=who.person.id, client_id=client_id, closed=closed)
    db.flush()
    return Outcome(Saved(desk(db, who), ""), logouts=closed)


def service_values(db: Session, who: Caller, service_id: str) -> ServiceValues:
    require_operator(db, who.person.id)
    e = catalogue.entry(db, service_id)
    s = e.service
    return ServiceValues(s.id, s.name, s.description, s.url, e.client.client_id if e.client else "", _values(db, e.audience))


def save_service(db: Session, clock: Clock, who: Caller, *, values: ServiceValues) -> Outcome[Saved]:
    require_operator(db, who.person.id)
    a = values.audience
    form = ServiceForm(values.name, values.description, values.url.strip(), values.client_id, Audience(a.kind, tuple(a.kinds), tuple(g.id for g in a.groups)))
    catalogue.save(db, clock, actor_id=who.person.id, service_id=values.id, form=form)
    db.flush()
    return Outcome(Saved(desk(db, who), ""))


def remove_service(db: Session, clock: Clock, who: Caller, *, service_id: str) -> Outcome[Saved]:
    require_operator(db, who.person.id)
    catalogue.remove(db, clock, actor_id=who.person.id, service_id=service_id)
    db.flush()
    return Outcome(Saved(desk(db, who), ""))
