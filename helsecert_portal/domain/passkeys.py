"""Passkeys (guide step 2's second method) with py_webauthn: create after a fresh ID-porten login,
log in without a username (discoverable credentials), rename and delete.

Challenges are single use, five minutes, and kept server-side; the caller holds only the row id.
The WebAuthn user handle is 32 random bytes per person, never the e-mail address or pid.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session, col, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_authenticator_data,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..core.clock import Clock
from ..core.db import claim, must_get
from ..core.errors import PortalError
from ..core.security import digests_match, keyed_digest, random_token
from ..models import LoginSession, LoginTicket, Passkey, Person, WebAuthnChallenge
from ..models.types import clean_id
from . import audit
from .addresses import clean_free_text
from .membership import primary_address

log = logging.getLogger(__name__)
CHALLENGE_TTL = timedelta(minutes=5)
TICKET_TTL = timedelta(seconds=60)
FRESH_LOGIN = timedelta(minutes=10)
TIMEOUT_MS = 120_000
MAX_PASSKEYS = 20
REGISTER, LOGIN = "register", "login"


class NeedsFreshIdporten(PortalError):
    code = "NeedsFreshIdporten"


class ChallengeInvalid(PortalError):
    code = "ChallengeInvalid"


class PasskeyRejected(PortalError):
    code = "PasskeyRejected"


class UnknownPasskey(PortalError):
    code = "UnknownPasskey"

    def __init__(self, credential_id: str) -> None:
        super().__init__()
        self.credential_id = credential_id  # for the Signal API: the browser may forget it


class UserHandleMismatch(PortalError):
    code = "UserHandleMismatch"


class UserNotVerified(PortalError):
    code = "UserNotVerified"


class PasskeyAlreadyRegistered(PortalError):
    code = "PasskeyAlreadyRegistered"


class PasskeyNotFound(PortalError):
    code = "PasskeyNotFound"


class PasskeyNameInvalid(PortalError):
    code = "PasskeyNameInvalid"


class TooManyPasskeys(PortalError):
    code = "TooManyPasskeys"


class TicketInvalid(PortalError):
    code = "TicketInvalid"



@dataclass(frozen=True)
class RelyingParty:
    """RP ID is the public host without port; the origin is scheme, host and port."""

    rp_id: str
    origin: str
    name: str = "Helse- og KommuneCERT"

    @classmethod
    def from_base_url(cls, base_url: str) -> RelyingParty:
        parts = urlsplit(base_url)
        return cls(rp_id=parts.hostname or "localhost", origin=f"{parts.scheme}://{parts.netloc}")


@dataclass(frozen=True)
class PasskeyView:
    id: str
    name: str
    provider: str
    created_at: datetime
    last_used_at: datetime | None
    synced: bool


@cache
def _providers() -> dict[str, str]:
    path = Path(__file__).resolve().parents[1] / "data" / "aaguids.json"
    return {k: v["name"] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


NORWEGIAN_PROVIDER_NAMES = {"iCloud Keychain": "iCloud-nøkkelring", "iCloud Keychain (Managed)": "iCloud-nøkkelring (administrert)", "Apple Passwords": "Apple Passord"}
NEUTRAL_NAME = "Passnøkkel"


def provider_name(aaguid: str) -> str:
    """The provider's name from its AAGUID (e.g. «Google Password Manager»), or '' when unknown."""
    name = _providers().get((aaguid or "").lower(), "")
    return NORWEGIAN_PROVIDER_NAMES.get(name, name)


def fresh_idporten_login(session: LoginSession, now: datetime) -> bool:
    return session.auth_method == "idporten" and now - session.authenticated_at <= FRESH_LOGIN


def _user_handle(db: Session, person: Person) -> str:
    if not person.webauthn_user_handle:
        person.webauthn_user_handle = bytes_to_base64url(secrets.token_bytes(32))
        db.add(person)
        db.flush()
    return person.webauthn_user_handle


def _new_challenge(db: Session, clock: Clock, purpose: str, person_id: str | None) -> tuple[str, bytes]:
    value = secrets.token_bytes(32)
    now = clock.now()
    row = WebAuthnChallenge(purpose=purpose, person_id=person_id, challenge=bytes_to_base64url(value), created_at=now, expires_at=now + CHALLENGE_TTL)
    db.add(row)
    db.flush()
    return row.id, value


def _consume_challenge(db: Session, clock: Clock, challenge_id: str, purpose: str, person_id: str | None) -> bytes:
    """Single use even under concurrency: only one caller can move used_at from empty."""
    now = clock.now()
    row = db.get(WebAuthnChallenge, cid) if (cid := clean_id(challenge_id)) else None
    if row is None or row.purpose != purpose or row.person_id != person_id:
        raise ChallengeInvalid()
    if not claim(db, WebAuthnChallenge, row.id, col(WebAuthnChallenge.used_at).is_(None), col(WebAuthnChallenge.expires_at) > now, used_at=now):
        raise ChallengeInvalid()
    return base64url_to_bytes(row.challenge)


def passkeys_of(db: Session, person_id: str) -> list[PasskeyView]:
    rows = db.exec(select(Passkey).where(col(Passkey.person_id) == person_id).order_by(col(Passkey.created_at))).all()
    return [PasskeyView(p.id, p.name, provider_name(p.aaguid), p.created_at, p.last_used_at, p.backed_up) for p in rows]


def begin_registration(db: Session, clock: Clock, rp: RelyingParty, *, person_id: str, session: LoginSession) -> tuple[str, str]:
    """Options for navigator.credentials.create, prepared before the click; returns (challenge id, JSON)."""
    if not fresh_idporten_login(session, clock.now()):
        raise NeedsFreshIdporten()
    person = must_get(db, Person, person_id)
    existing = db.exec(select(Passkey).where(Passkey.person_id == person_id)).all()
    if len(existing) >= MAX_PASSKEYS:
        raise TooManyPasskeys()
    challenge_id, challenge = _new_challenge(db, clock, REGISTER, person_id)
    options = generate_registration_options(
        rp_id=rp.rp_id,
        rp_name=rp.name,
        user_id=base64url_to_bytes(_user_handle(db, person)),
        user_name=primary_address(db, person_id) or person.full_name or NEUTRAL_NAME,
        user_display_name=person.full_name or person.idp_name or NEUTRAL_NAME,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, require_resident_key=True, user_verification=UserVerificationRequirement.PREFERRED
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in existing],
    )
    return challenge_id, options_to_json(options)


def finish_registration(
    db: Session, clock: Clock, rp: RelyingParty, *, person_id: str, session: LoginSession, challenge_id: str, credential: str | dict
) -> Passkey:
    if not fresh_idporten_login(session, clock.now()):
        raise NeedsFreshIdporten()
    challenge = _consume_challenge(db, clock, challenge_id, REGISTER, person_id)
    try:
        parsed = parse_registration_credential_json(credential)
        verified = verify_registration_response(
            credential=parsed, expected_challenge=challenge, expected_rp_id=rp.rp_id, expected_origin=rp.origin, require_user_verification=False
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:  # anything a forged response can cause
        log.info("passkey registration refused: %s", type(exc).__name__)
        raise PasskeyRejected() from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.exec(select(Passkey.id).where(Passkey.credential_id == credential_id)).first() is not None:
        raise PasskeyAlreadyRegistered()
    transports = ",".join(t.value for t in (parsed.response.transports or []))
    passkey = Passkey(
        person_id=person_id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=transports[:200],
        aaguid=verified.aaguid,
        backup_eligible=verified.credential_device_type == CredentialDeviceType.MULTI_DEVICE,
        backed_up=verified.credential_backed_up,
        name=provider_name(verified.aaguid) or NEUTRAL_NAME,
        created_at=clock.now(),
    )
    db.add(passkey)
    db.flush()
    audit.record(db, clock, action="passkey.created", actor_id=person_id, subject_id=person_id, detail=passkey.name)
    return passkey


def begin_login(db: Session, clock: Clock, rp: RelyingParty) -> tuple[str, str]:
    """Options for a discoverable login (no username, empty allowCredentials), user verification required."""
    challenge_id, challenge = _new_challenge(db, clock, LOGIN, None)
    options = generate_authentication_options(rp_id=rp.rp_id, challenge=challenge, timeout=TIMEOUT_MS, user_verification=UserVerificationRequirement.REQUIRED)
    return challenge_id, options_to_json(options)


def finish_login(db: Session, clock: Clock, rp: RelyingParty, *, challenge_id: str, credential: str | dict) -> Passkey:
    """Verify an assertion against the stored key; returns the passkey (and so the person) it proved."""
    challenge = _consume_challenge(db, clock, challenge_id, LOGIN, None)
    try:
        parsed = parse_authentication_credential_json(credential)
        flags = parse_authenticator_data(parsed.response.authenticator_data).flags
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise PasskeyRejected() from exc
    passkey = db.exec(select(Passkey).where(Passkey.credential_id == bytes_to_base64url(parsed.raw_id))).first()
    if passkey is None:
        raise UnknownPasskey(bytes_to_base64url(parsed.raw_id))
    person = must_get(db, Person, passkey.person_id)
    handle = parsed.response.user_handle
    if not handle or person is None or bytes_to_base64url(handle) != person.webauthn_user_handle:
        raise UserHandleMismatch()
    if not flags.uv:
        raise UserNotVerified()
    try:
        # Counter 0 here, compared below: a counter that did not grow hints at a cloned key, but synced
        # passkeys misreport it, so it is a warning, not a lock-out.
        verified = verify_authentication_response(
            credential=parsed, expected_challenge=challenge, expected_rp_id=rp.rp_id, expected_origin=rp.origin,
            credential_public_key=passkey.public_key, credential_current_sign_count=0, require_user_verification=True,
        )
    except WebAuthnException as exc:
        log.info("passkey login refused: %s", exc)
        raise PasskeyRejected() from exc
    if (verified.new_sign_count or passkey.sign_count) and verified.new_sign_count <= passkey.sign_count:
        log.warning("passkey %s: sign count did not increase (stored %s)", passkey.id, passkey.sign_count)
    passkey.sign_count = max(passkey.sign_count, verified.new_sign_count)
    passkey.last_used_at, passkey.backed_up = clock.now(), verified.credential_backed_up
    db.add(passkey)
    return passkey


def rename(db: Session, clock: Clock, *, person_id: str, passkey_id: str, name: str) -> Passkey:
    passkey = _own(db, person_id, passkey_id)
    clean = " ".join(clean_free_text(name, 100).split())
    if not clean:
        raise PasskeyNameInvalid()
    passkey.name = clean
    db.add(passkey)
    audit.record(db, clock, action="passkey.renamed", actor_id=person_id, subject_id=person_id, detail=clean)
    return passkey


def delete(db: Session, clock: Clock, *, person_id: str, passkey_id: str) -> str:
    """Returns the deleted credential id, so the browser can be told (WebAuthn Signal API)."""
    passkey = _own(db, person_id, passkey_id)
    credential_id = passkey.credential_id
    db.delete(passkey)
    audit.record(db, clock, action="passkey.deleted", actor_id=person_id, subject_id=person_id, detail=passkey.name)
    return credential_id


def accepted_credentials(db: Session, person_id: str) -> tuple[str, list[str]]:
    """(user handle, credential ids) for PublicKeyCredential.signalAllAcceptedCredentials."""
    person = must_get(db, Person, person_id)
    ids = db.exec(select(Passkey.credential_id).where(Passkey.person_id == person_id)).all()
    return person.webauthn_user_handle or "", list(ids)


def _own(db: Session, person_id: str, passkey_id: str) -> Passkey:
    passkey = db.get(Passkey, pid) if (pid := clean_id(passkey_id)) else None
    if passkey is None or passkey.person_id != person_id:
        raise PasskeyNotFound()
    return passkey


def new_binding(secret_key: str) -> tuple[str, str]:
    """(cookie value, its digest): the cookie stays HttpOnly in the browser that ran the ceremony."""
    value = random_token(32)
    return value, keyed_digest(secret_key, "ticket-binding", value)


def issue_ticket(db: Session, clock: Clock, *, secret_key: str, person_id: str, return_to: str, binding: str) -> str:
    """A 60-second, single-use ticket that /auth/passkey exchanges for a session, only in the browser it is bound to."""
    if len(binding) != 64 or not set(binding) <= set("0123456789abcdef"):
        raise PasskeyRejected()
    ticket = random_token(32)
    now = clock.now()
    db.add(LoginTicket(ticket_hash=keyed_digest(secret_key, "login-ticket", ticket), binding_hash=binding, person_id=person_id, return_to=return_to, created_at=now, expires_at=now + TICKET_TTL))
    return ticket


def redeem_ticket(db: Session, clock: Clock, *, secret_key: str, ticket: str, binding_cookie: str) -> LoginTicket:
    """A ticket minted on another browser (login CSRF: the attacker's account in the victim's browser) is refused."""
    now = clock.now()
    row = db.exec(select(LoginTicket).where(LoginTicket.ticket_hash == keyed_digest(secret_key, "login-ticket", ticket or ""))).first()
    if row is None or not digests_match(row.binding_hash, keyed_digest(secret_key, "ticket-binding", binding_cookie or "")):
        raise TicketInvalid()
    if not claim(db, LoginTicket, row.id, col(LoginTicket.used_at).is_(None), col(LoginTicket.expires_at) > now, used_at=now):
        raise TicketInvalid()
    return row
