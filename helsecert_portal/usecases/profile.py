"""«Min profil»: the person's name and addresses; rename, remove an address, choose the primary one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from ..core.clock import Clock
from ..domain import profile
from ..domain.email_verification import own_address
from ..domain.profile import AddressView
from ..domain.sessions import Caller
from ..texts import nb
from .connected_services import ConnectedRow, connected, withdraw
from .feeds import Notify
from .outcome import Outcome
from .presentation import names_list


@dataclass(frozen=True)
class ProfileView:
    full_name: str
    pid_masked: str
    addresses: list[AddressView]
    alert_mail: str
    connected: list[ConnectedRow]  # «Tilkoblede tjenester»


def view(db: Session, who: Caller) -> ProfileView:
    return ProfileView(who.person.full_name, who.person.pid_masked, profile.addresses(db, person_id=who.person.id), who.person.alert_mail, connected(db, who))


def _then_view(db: Session, who: Caller, change: Callable[[], object]) -> Outcome[ProfileView]:
    """A change to one's own profile: the person's own tabs follow (memberships may go with an address)."""
    change()
    db.flush()
    return Outcome(view(db, who), notify=Notify.of(people=[who.person.id]))


def rename(db: Session, clock: Clock, who: Caller, *, full_name: str) -> Outcome[ProfileView]:
    return _then_view(db, who, lambda: profile.rename(db, clock, person_id=who.person.id, full_name=full_name))


def choose_alert_mail(db: Session, clock: Clock, who: Caller, *, choice: str) -> Outcome[ProfileView]:
    return _then_view(db, who, lambda: profile.choose_alert_mail(db, clock, person_id=who.person.id, choice=choice))


@dataclass(frozen=True)
class Removal:
    """What removing an address would take with it, asked before it is done."""

    email_id: str
    address: str
    leaves: list[str]  # the groups the person would leave

    @property
    def question(self) -> str:
        leaves = nb.PROFILE_REMOVE_LEAVES.format(groups=names_list(self.leaves)) if self.leaves else nb.PROFILE_REMOVE_KEEPS
        return nb.PROFILE_REMOVE_ASK.format(address=self.address) + " " + leaves


def removal_of(db: Session, who: Caller, *, email_id: str) -> Removal:
    email = own_address(db, person_id=who.person.id, email_id=email_id)
    return Removal(email.id, email.address, profile.groups_only_given_by(db, person_id=who.person.id, email_id=email.id))


def remove_address(db: Session, clock: Clock, who: Caller, *, email_id: str) -> Outcome[ProfileView]:
    return _then_view(db, who, lambda: profile.remove_address(db, clock, person_id=who.person.id, email_id=email_id))


def make_primary(db: Session, clock: Clock, who: Caller, *, email_id: str) -> Outcome[ProfileView]:
    return _then_view(db, who, lambda: profile.make_primary(db, clock, person_id=who.person.id, email_id=email_id))


def withdraw_consent(db: Session, clock: Clock, who: Caller, *, client_id: str) -> Outcome[ProfileView]:
    """The back-end is told at once (back-channel logout) that this person's logins there have ended."""
    done = _then_view(db, who, lambda: withdraw(db, clock, who, client_id=client_id))
    return Outcome(done.value, notify=done.notify, logouts=True)
