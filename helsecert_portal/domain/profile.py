"""Registration (guide step 3) and «Min profil»: name and the person's e-mail addresses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.db import must_get
from ..core.errors import PortalError
from ..models import EmailAddress, Membership, Organisation, Person, VerificationCode
from . import audit
from .addresses import clean_name, domain_of, is_webmail, normalise_email
from .email_verification import EmailTakenByOther, own_address, verified_by_other


class WebmailNotAcknowledged(PortalError):
    code = "WebmailNotAcknowledged"


class EmailAlreadyYours(PortalError):
    code = "EmailAlreadyYours"


class LastVerifiedAddress(PortalError):
    code = "LastVerifiedAddress"


class PrimaryMustBeVerified(PortalError):
    code = "PrimaryMustBeVerified"


class TooManyAddresses(PortalError):
    code = "TooManyAddresses"


class AddressAlreadyConfirmed(PortalError):
    code = "AddressAlreadyConfirmed"

MAX_ADDRESSES = 10


@dataclass(frozen=True)
class AddressView:
    id: str
    address: str
    verified: bool
    primary: bool


def addresses(db: Session, *, person_id: str) -> list[AddressView]:
    rows = db.exec(select(EmailAddress).where(col(EmailAddress.person_id) == person_id).order_by(col(EmailAddress.created_at))).all()
    return [AddressView(r.id, r.address, r.verified_at is not None, r.is_primary) for r in rows]


def add_address(db: Session, clock: Clock, *, person_id: str, raw_address: str, webmail_acknowledged: bool) -> EmailAddress:
    address = normalise_email(raw_address)
    if is_webmail(address) and not webmail_acknowledged:
        raise WebmailNotAcknowledged()
    mine = db.exec(select(EmailAddress).where(EmailAddress.person_id == person_id)).all()
    existing = next((e for e in mine if e.address == address), None)
    if existing is not None:
        if existing.verified_at is None:
            return existing  # asking again for a pending address just sends a new code
        raise EmailAlreadyYours()
    if len(mine) >= MAX_ADDRESSES:
        raise TooManyAddresses()
    if verified_by_other(db, person_id=person_id, address=address):
        raise EmailTakenByOther()
    email = EmailAddress(person_id=person_id, address=address, domain=domain_of(address), created_at=clock.now())
    db.add(email)
    db.flush()
    audit.record(db, clock, action="email.added", actor_id=person_id, subject_id=person_id, detail=email.domain)
    return email


def replace_pending(db: Session, clock: Clock, *, person_id: str, email_id: str, raw_address: str, webmail_acknowledged: bool) -> EmailAddress:
    """A mistyped address, corrected from the code page: the unconfirmed one goes, the corrected one awaits its code.
    One transaction: if the new address is refused (taken, webmail not acknowledged …), the old one stays."""
    old = own_address(db, person_id=person_id, email_id=email_id)
    if old.verified_at is not None:
        raise AddressAlreadyConfirmed()
    if normalise_email(raw_address) == old.address:
        return old  # the same address again: it just gets a new code
    remove_address(db, clock, person_id=person_id, email_id=old.id)
    return add_address(db, clock, person_id=person_id, raw_address=raw_address, webmail_acknowledged=webmail_acknowledged)


def register(
    db: Session, clock: Clock, *, person_id: str, full_name: str, raw_address: str, webmail_acknowledged: bool
) -> EmailAddress:
    """First-login registration: name and work address; the address then awaits its code."""
    name = clean_name(full_name)
    person = must_get(db, Person, person_id)
    email = add_address(db, clock, person_id=person_id, raw_address=raw_address, webmail_acknowledged=webmail_acknowledged)
    person.full_name = name
    if person.registered_at is None:
        person.registered_at = clock.now()
        audit.record(db, clock, action="person.registered", actor_id=person_id, subject_id=person_id)
    db.add(person)
    return email


def rename(db: Session, clock: Clock, *, person_id: str, full_name: str) -> str:
    person = must_get(db, Person, person_id)
    person.full_name = clean_name(full_name)
    db.add(person)
    audit.record(db, clock, action="person.renamed", actor_id=person_id, subject_id=person_id)
    return person.full_name


ALERT_MAIL_CHOICES = ("all", "critical", "none")


class AlertMailChoiceInvalid(PortalError):
    code = "AlertMailChoiceInvalid"


def choose_alert_mail(db: Session, clock: Clock, *, person_id: str, choice: str) -> str:
    """Which alerts the person also gets by e-mail: all, critical only, or none."""
    if choice not in ALERT_MAIL_CHOICES:
        raise AlertMailChoiceInvalid()
    person = must_get(db, Person, person_id)
    person.alert_mail = choice
    db.add(person)
    audit.record(db, clock, action="person.alert_mail", actor_id=person_id, subject_id=person_id, detail=choice)
    return choice


def make_primary(db: Session, clock: Clock, *, person_id: str, email_id: str) -> None:
    target = own_address(db, person_id=person_id, email_id=email_id)
    if target.verified_at is None:
        raise PrimaryMustBeVerified()
    for email in db.exec(select(EmailAddress).where(EmailAddress.person_id == person_id)).all():
        email.is_primary = email.id == target.id
        db.add(email)


def groups_only_given_by(db: Session, *, person_id: str, email_id: str) -> list[str]:
    """The groups a person would leave with this address: those where it is their only basis of membership."""
    target = own_address(db, person_id=person_id, email_id=email_id)
    rows = db.exec(
        select(Membership.organisation_id, Membership.email_id, Organisation.name)
        .join(Organisation, col(Organisation.id) == col(Membership.organisation_id))
        .where(Membership.person_id == person_id)
    ).all()
    names = {org_id: name for org_id, _, name in rows}
    kept = {org_id for org_id, basis, _ in rows if basis != target.id}
    return sorted({names[org_id] for org_id, basis, _ in rows if basis == target.id and org_id not in kept}, key=str.casefold)


def remove_address(db: Session, clock: Clock, *, person_id: str, email_id: str) -> None:
    target = own_address(db, person_id=person_id, email_id=email_id)
    mine = db.exec(select(EmailAddress).where(EmailAddress.person_id == person_id)).all()
    verified = [e for e in mine if e.verified_at is not None]
    if target.verified_at is not None and len(verified) == 1:
        raise LastVerifiedAddress()
    for code in db.exec(select(VerificationCode).where(VerificationCode.email_id == target.id)).all():
        db.delete(code)
    for membership in db.exec(select(Membership).where(Membership.email_id == target.id)).all():
        audit.record(db, clock, action="membership.removed", actor_id=person_id, subject_id=person_id, organisation_id=membership.organisation_id, detail_code="address_removed")
        db.delete(membership)
    was_primary = target.is_primary
    db.delete(target)
    db.flush()
    if was_primary:
        rest = [e for e in verified if e.id != target.id]
        if rest:
            rest[0].is_primary = True
            db.add(rest[0])
    audit.record(db, clock, action="email.removed", actor_id=person_id, subject_id=person_id, detail=target.domain)


def mark_primary_if_none(db: Session, *, person_id: str, email: EmailAddress) -> None:
    has_primary = db.exec(select(EmailAddress.id).where(EmailAddress.person_id == person_id, EmailAddress.is_primary)).first()
    if has_primary is None:
        email.is_primary = True
        db.add(email)
