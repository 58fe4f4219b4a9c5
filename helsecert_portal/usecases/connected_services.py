"""Min profil › Tilkoblede tjenester: the back-ends a person has let the portal log them in to, what each receives,
and withdrawing that consent (the back-end's logins of this person end too, with back-channel logout)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..domain import audit
from ..domain.sessions import Caller
from ..models import ProviderConsent, RelyingParty
from ..provider import families
from ..texts import nb
from .presentation import local_time, names_list


class ConsentNotFound(PortalError):
    """No such consent of this person (already withdrawn, in another tab, or never given)."""

    code = "ConsentNotFound"


@dataclass(frozen=True)
class ConnectedRow:
    client_id: str
    name: str
    receives: str
    since: str


def connected(db: Session, who: Caller) -> list[ConnectedRow]:
    rows = db.exec(
        select(ProviderConsent, RelyingParty).join(RelyingParty, col(RelyingParty.id) == col(ProviderConsent.relying_party_id))
        .where(ProviderConsent.person_id == who.person.id).order_by(col(RelyingParty.name))
    ).all()
    return [
        ConnectedRow(rp.client_id, rp.name, names_list([nb.PROVIDER_SCOPE_SHORT[s] for s in consent.scope.split() if s in nb.PROVIDER_SCOPE_SHORT]), local_time(consent.granted_at))
        for consent, rp in rows
    ]


def withdraw(db: Session, clock: Clock, who: Caller, *, client_id: str) -> str:
    """Only the caller's own consent; returns the back-end's name. Raises ConsentNotFound when there is none."""
    found = db.exec(
        select(ProviderConsent, RelyingParty).join(RelyingParty, col(RelyingParty.id) == col(ProviderConsent.relying_party_id))
        .where(ProviderConsent.person_id == who.person.id, RelyingParty.client_id == client_id[:64])
    ).first()
    if found is not None:
        consent, rp = found
        db.delete(consent)
        families.revoke_open(db, clock, "consent_withdrawn", relying_party_id=rp.id, person_id=who.person.id)
        audit.record(db, clock, action="client.consent_withdrawn", actor_id=who.person.id, subject_id=who.person.id, detail=rp.client_id)
        return rp.name
    raise ConsentNotFound()
