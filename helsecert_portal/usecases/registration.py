"""Registrer profilen din (guide step 3): the form is for a person who has not registered yet; anyone else is sent
on to where their journey stands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ..domain import email_verification as ev
from ..domain.sessions import Caller
from .groups import start_page
from .verification import unconfirmed


@dataclass(frozen=True)
class RegisterStart:
    name_default: str
    go_to: str  # "" shows the form


def start(db: Session, who: Caller) -> RegisterStart:
    """Registered already (the page reloaded, Back, or the tab reconnected to another instance after the one that
    handled the registration stopped before its answer reached the browser): the code page of the newest address
    that awaits its code, where a code was sent; the form again when none could be sent (SMTP was down: sending
    the same address again sends its code); else where a login lands."""
    person = who.person
    if person.registered_at is None:
        return RegisterStart(person.full_name or person.idp_name, "")
    pending = unconfirmed(db, person.id)
    if not pending:
        return RegisterStart("", start_page(db, person.id))
    if ev.active_code_expiry(db, email_id=pending[0].id) is None:
        return RegisterStart(person.full_name, "")
    return RegisterStart("", f"/bekreft-epost?e={pending[0].id}")
