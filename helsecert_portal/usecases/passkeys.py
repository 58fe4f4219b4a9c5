"""Passkeys: log in with one (anonymous until verified), and «Min profil» → Passnøkler (list, create, rename, delete).

Creating a passkey needs its options before the click (Safari starts the ceremony only inside it),
so showing the list prepares a single-use challenge: the one row a page load writes, and the
sweep deletes it once expired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from ..core.clock import Clock
from ..domain import passkeys as pk
from ..domain.sessions import Caller
from ..texts import nb
from .presentation import local_time


@dataclass(frozen=True)
class PasskeyRow:
    id: str
    name: str
    provider: str
    created: str
    used: str
    sync: str


@dataclass(frozen=True)
class Passkeys:
    rows: list[PasskeyRow]
    can_create: bool
    options: str  # registration options (JSON) when can_create
    challenge_id: str
    user_handle: str  # for the WebAuthn Signal API after a change
    credential_ids: list[str]


def _when(at: datetime | None) -> str:
    return local_time(at) or nb.PASSKEYS_NEVER_USED


def view(db: Session, clock: Clock, rp: pk.RelyingParty, who: Caller) -> Passkeys:
    rows = [
        PasskeyRow(p.id, p.name, p.provider or nb.PASSKEYS_UNKNOWN_PROVIDER, _when(p.created_at), _when(p.last_used_at), nb.PASSKEYS_SYNCED if p.synced else nb.PASSKEYS_DEVICE_ONLY)
        for p in pk.passkeys_of(db, who.person.id)
    ]
    can_create, challenge_id, options = pk.fresh_idporten_login(who.session, clock.now()), "", ""
    if can_create:
        try:
            challenge_id, options = pk.begin_registration(db, clock, rp, person_id=who.person.id, session=who.session)
        except pk.TooManyPasskeys:
            can_create = False
    handle, ids = pk.accepted_credentials(db, who.person.id)
    return Passkeys(rows, can_create, options, challenge_id, handle, ids)


def change(db: Session, clock: Clock, rp: pk.RelyingParty, who: Caller, action: Callable[[], object]) -> tuple[object, Passkeys]:
    """One change to the caller's own passkeys, then the list as it is now."""
    result = action()
    db.flush()
    return result, view(db, clock, rp, who)


def create(db: Session, clock: Clock, rp: pk.RelyingParty, who: Caller, *, challenge_id: str, credential: dict) -> tuple[str, Passkeys]:
    def finish() -> str:
        return pk.finish_registration(db, clock, rp, person_id=who.person.id, session=who.session, challenge_id=challenge_id, credential=credential).name

    name, shown = change(db, clock, rp, who, finish)
    return str(name), shown


def rename(db: Session, clock: Clock, rp: pk.RelyingParty, who: Caller, *, passkey_id: str, name: str) -> Passkeys:
    return change(db, clock, rp, who, lambda: pk.rename(db, clock, person_id=who.person.id, passkey_id=passkey_id, name=name))[1]


def delete(db: Session, clock: Clock, rp: pk.RelyingParty, who: Caller, *, passkey_id: str) -> Passkeys:
    return change(db, clock, rp, who, lambda: pk.delete(db, clock, person_id=who.person.id, passkey_id=passkey_id))[1]


def log_in(db: Session, clock: Clock, rp: pk.RelyingParty, *, secret_key: str, challenge_id: str, credential: dict, binding: str, return_to: str) -> str:
    """A verified passkey login: a short ticket for /auth/passkey, bound to the browser that ran the ceremony."""
    passkey = pk.finish_login(db, clock, rp, challenge_id=challenge_id, credential=credential)
    return pk.issue_ticket(db, clock, secret_key=secret_key, person_id=passkey.person_id, return_to=return_to, binding=binding)
