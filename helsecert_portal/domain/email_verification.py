"""One-time codes for e-mail confirmation (PRODUCT.md step 5; ASVS 6.5).

Six CSPRNG digits, valid ten minutes, single use, five wrong tries, a new code voids the old one,
a 60 s resend cooldown and hourly send limits. Only an HMAC bound to person, address and purpose
is stored; comparison is constant-time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from ..core.clock import Clock
from ..core.db import claim
from ..core.errors import PortalError
from ..core.security import digests_match, keyed_digest
from ..models import CodeLedger, EmailAddress, VerificationCode
from ..models.types import clean_id
from . import audit

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_COOLDOWN = timedelta(seconds=60)
HOURLY_PER_ADDRESS = 5
HOURLY_PER_PERSON = 10
HOURLY_WRONG_PER_ADDRESS = 25  # five codes' worth of wrong tries
HOURLY_WRONG_PER_PERSON = 50
SENT, WRONG = "sent", "wrong"
PURPOSE = "verify-email"


class CodeFormat(PortalError):
    code = "CodeFormat"


class CodeWrong(PortalError):
    code = "CodeWrong"
    keeps_changes = True

    def __init__(self, left: int) -> None:
        super().__init__()
        self.left = left  # tries left on this code


class CodeUsedUp(PortalError):
    code = "CodeUsedUp"
    keeps_changes = True
    audited = "code.locked"


class CodeExpired(PortalError):
    code = "CodeExpired"


class NoActiveCode(PortalError):
    code = "NoActiveCode"


class ResendTooSoon(PortalError):
    code = "ResendTooSoon"

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.seconds = seconds


class SendLimitReached(PortalError):
    code = "SendLimitReached"
    audited = "code.limit"


class GuessLimitReached(PortalError):
    code = "GuessLimitReached"
    audited = "code.limit"


class EmailNotFound(PortalError):
    code = "EmailNotFound"


class EmailTakenByOther(PortalError):
    code = "EmailTakenByOther"



@dataclass(frozen=True)
class IssuedCode:
    code: str
    address: str
    expires_at: datetime


def _digest(secret_key: str, *, person_id: str, email_id: str, code: str) -> str:
    return keyed_digest(secret_key, PURPOSE, f"{person_id}:{email_id}:{code}")


def own_address(db: Session, *, person_id: str, email_id: str) -> EmailAddress:
    """The address, only if it is the caller's: a forged id names nothing."""
    email = db.get(EmailAddress, eid) if (eid := clean_id(email_id)) else None
    if email is None or email.person_id != person_id:
        raise EmailNotFound()
    return email


def verified_by_other(db: Session, *, person_id: str, address: str) -> bool:
    row = db.exec(
        select(EmailAddress.id).where(
            col(EmailAddress.address) == address, col(EmailAddress.person_id) != person_id, col(EmailAddress.verified_at).is_not(None)
        )
    ).first()
    return row is not None


def _active_code(db: Session, email_id: str) -> VerificationCode | None:
    return db.exec(
        select(VerificationCode)
        .where(VerificationCode.email_id == email_id, col(VerificationCode.used_at).is_(None), col(VerificationCode.voided_at).is_(None))
        .order_by(col(VerificationCode.created_at).desc())
    ).first()


def seconds_until_resend(db: Session, clock: Clock, *, email_id: str) -> int:
    last = db.exec(select(func.max(VerificationCode.created_at)).where(VerificationCode.email_id == email_id)).one()
    if last is None:
        return 0
    if last.tzinfo is None:  # an aggregate over SQLite comes back naive
        last = last.replace(tzinfo=UTC)
    left = (last + RESEND_COOLDOWN - clock.now()).total_seconds()
    return max(0, int(left + 0.999))


def _address_digest(secret_key: str, address: str) -> str:
    return keyed_digest(secret_key, "code-ledger", address.strip().lower())


def _over_limit(db: Session, clock: Clock, kind: str, *, person_id: str, address_digest: str, per_person: int, per_address: int) -> bool:
    """The hourly limits count the ledger, which removing an address (and its codes) does not touch."""
    since = clock.now() - timedelta(hours=1)

    def count(*where: ColumnElement[bool]) -> int:
        return db.exec(select(func.count()).select_from(CodeLedger).where(col(CodeLedger.kind) == kind, col(CodeLedger.at) > since, *where)).one()

    return count(col(CodeLedger.person_id) == person_id) >= per_person or count(col(CodeLedger.address_digest) == address_digest) >= per_address


def _log(db: Session, clock: Clock, kind: str, *, person_id: str, address_digest: str) -> None:
    db.add(CodeLedger(person_id=person_id, address_digest=address_digest, kind=kind, at=clock.now()))


def issue_code(db: Session, clock: Clock, *, secret_key: str, person_id: str, email_id: str) -> IssuedCode:
    email = own_address(db, person_id=person_id, email_id=email_id)
    if email.verified_at is not None:
        raise NoActiveCode()
    if verified_by_other(db, person_id=person_id, address=email.address):
        raise EmailTakenByOther()
    wait = seconds_until_resend(db, clock, email_id=email_id)
    if wait > 0:
        raise ResendTooSoon(wait)
    now = clock.now()
    address_digest = _address_digest(secret_key, email.address)
    if _over_limit(db, clock, SENT, person_id=person_id, address_digest=address_digest, per_person=HOURLY_PER_PERSON, per_address=HOURLY_PER_ADDRESS):
        raise SendLimitReached()
    _log(db, clock, SENT, person_id=person_id, address_digest=address_digest)
    previous = _active_code(db, email_id)
    if previous is not None:
        previous.voided_at = now
        db.add(previous)
    code = f"{secrets.randbelow(1_000_000):06d}"
    db.add(
        VerificationCode(
            person_id=person_id, email_id=email_id, purpose=PURPOSE,
            code_digest=_digest(secret_key, person_id=person_id, email_id=email_id, code=code),
            created_at=now, expires_at=now + CODE_TTL,
        )
    )
    db.flush()
    return IssuedCode(code=code, address=email.address, expires_at=now + CODE_TTL)


def active_code_expiry(db: Session, *, email_id: str) -> datetime | None:
    active = _active_code(db, email_id)
    return active.expires_at if active else None


def confirm_code(db: Session, clock: Clock, *, secret_key: str, person_id: str, email_id: str, code: str) -> EmailAddress:
    entered = "".join((code or "").split())
    if len(entered) != 6 or not entered.isdigit() or not entered.isascii():
        raise CodeFormat()
    email = own_address(db, person_id=person_id, email_id=email_id)
    active = _active_code(db, email_id)
    if active is None:
        raise NoActiveCode()
    now = clock.now()
    if now >= active.expires_at:
        raise CodeExpired()
    address_digest = _address_digest(secret_key, email.address)
    if _over_limit(db, clock, WRONG, person_id=person_id, address_digest=address_digest, per_person=HOURLY_WRONG_PER_PERSON, per_address=HOURLY_WRONG_PER_ADDRESS):
        raise GuessLimitReached()
    # Take a try atomically before comparing, so parallel guesses cannot exceed the limit.
    open_code = (col(VerificationCode.failed_attempts) < MAX_ATTEMPTS, col(VerificationCode.used_at).is_(None), col(VerificationCode.voided_at).is_(None))
    if not claim(db, VerificationCode, active.id, *open_code, failed_attempts=VerificationCode.failed_attempts + 1):
        raise CodeUsedUp()
    db.refresh(active)
    expected = _digest(secret_key, person_id=person_id, email_id=email_id, code=entered)
    if not digests_match(expected, active.code_digest):
        _log(db, clock, WRONG, person_id=person_id, address_digest=address_digest)
        if active.failed_attempts >= MAX_ATTEMPTS:
            active.voided_at = now
            db.add(active)
            db.flush()
            raise CodeUsedUp()
        raise CodeWrong(MAX_ATTEMPTS - active.failed_attempts)
    if verified_by_other(db, person_id=person_id, address=email.address):
        raise EmailTakenByOther()
    active.used_at = now
    email.verified_at = now
    db.add_all([active, email])
    audit.record(db, clock, action="email.verified", actor_id=person_id, subject_id=person_id, detail=email.domain)
    return email
