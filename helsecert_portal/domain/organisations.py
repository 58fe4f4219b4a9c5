"""Organisation rules: MOD11 organisation numbers, display names and a diacritics-free search key."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import PortalError
from ..models import CatalogueVersion, EmailAddress, EmailDomain, GroupAdmin, Membership, Organisation, Person
from . import audit
from .addresses import is_valid_domain, is_webmail, normalise_email
from .authorization import require_group, require_operator


class OrgNumberInvalid(PortalError):
    code = "OrgNumberInvalid"

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_KEEP_UPPER = {"HF", "RHF", "SF", "IKT", "IKS", "KF"}
_KEEP_LOWER = {"kommune", "fylkeskommune", "herad", "og", "i", "på", "gielda", "suohkan", "kommuna", "tjïelte", "sykehus", "universitetssykehus"}
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ö": "o", "ä": "a", "ü": "u", "á": "a", "č": "c", "š": "s", "ŋ": "n", "đ": "d", "ŧ": "t", "ž": "z", "ï": "i"})


def valid_org_number(value: str) -> bool:
    if len(value) != 9 or not value.isdigit() or not value.isascii():
        return False
    rest = 11 - sum(int(d) * w for d, w in zip(value, _WEIGHTS, strict=False)) % 11
    check = 0 if rest == 11 else rest
    return check != 10 and check == int(value[8])


def require_org_number(value: str) -> str:
    cleaned = "".join(value.split())
    if not valid_org_number(cleaned):
        raise OrgNumberInvalid()
    return cleaned


def display_name(registered: str) -> str:
    """«TROMSØ KOMMUNE» → «Tromsø kommune»; HF/RHF stay upper case."""
    words = []
    for i, word in enumerate(registered.split()):
        if word in _KEEP_UPPER:
            words.append(word)
        elif i > 0 and word.lower() in _KEEP_LOWER:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def search_key(text: str) -> str:
    """Case- and diacritics-insensitive: «Tromsø» and «tromso» give the same key."""
    folded = text.casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


# --- CERT operators: organisations, their domains and administrators -------------------------

KINDS = ("kommune", "fylkeskommune", "helseforetak", "regionalt_helseforetak", "annen")


class OrgNameInvalid(PortalError):
    code = "OrgNameInvalid"


class OrgKindInvalid(PortalError):
    code = "OrgKindInvalid"


class OrgNumberTaken(PortalError):
    code = "OrgNumberTaken"


class DomainInvalid(PortalError):
    code = "DomainInvalid"


class DomainIsWebmail(PortalError):
    code = "DomainIsWebmail"


class DomainTaken(PortalError):
    code = "DomainTaken"


class DomainNotFound(PortalError):
    code = "DomainNotFound"


class PersonNotFound(PortalError):
    code = "PersonNotFound"



@dataclass(frozen=True)
class GroupDetail:
    id: str
    name: str
    org_number: str
    kind: str
    domains: tuple[str, ...]
    admins: tuple[tuple[str, str], ...]  # (person id, name)


def _fields(name: str, org_number: str, kind: str) -> tuple[str, str | None, str]:
    clean = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not clean or len(clean) > 200 or any(unicodedata.category(ch)[0] == "C" for ch in clean):
        raise OrgNameInvalid()
    if kind not in KINDS:
        raise OrgKindInvalid()
    number = require_org_number(org_number) if (org_number or "").strip() else None
    return clean, number, kind


def _number_free(db: Session, number: str | None, own_id: str | None = None) -> None:
    if number is None:
        return
    other = db.exec(select(Organisation.id).where(Organisation.org_number == number)).first()
    if other is not None and other != own_id:
        raise OrgNumberTaken()


def catalogue_changed(db: Session) -> None:
    """Give the catalogue a new version, in the transaction that adds or renames an organisation, so every process's
    in-memory catalogue for typo-tolerant search (group_search) is rebuilt before it is used again. A random number,
    not a count: a rolled-back change and the next one must not end up with the same version."""
    version = secrets.randbelow(2**31 - 2) + 2
    if not db.execute(update(CatalogueVersion).where(col(CatalogueVersion.id) == 1).values(version=version)).rowcount:  # type: ignore[attr-defined]
        db.add(CatalogueVersion(id=1, version=version))
        db.flush()


def create_organisation(db: Session, clock: Clock, *, actor_id: str, name: str, org_number: str, kind: str) -> Organisation:
    require_operator(db, actor_id)
    clean, number, kind = _fields(name, org_number, kind)
    _number_free(db, number)
    org = Organisation(name=clean, search_name=search_key(clean), org_number=number, kind=kind, created_at=clock.now())
    db.add(org)
    db.flush()
    catalogue_changed(db)
    audit.record(db, clock, action="organisation.created", actor_id=actor_id, organisation_id=org.id, detail=f"{clean} {number or ''}".strip())
    return org


def update_organisation(db: Session, clock: Clock, *, actor_id: str, organisation_id: str, name: str, org_number: str, kind: str) -> Organisation:
    require_operator(db, actor_id)
    org = require_group(db, organisation_id)
    clean, number, kind = _fields(name, org_number, kind)
    _number_free(db, number, own_id=org.id)
    org.name, org.search_name, org.org_number, org.kind = clean, search_key(clean), number, kind
    db.add(org)
    catalogue_changed(db)
    audit.record(db, clock, action="organisation.updated", actor_id=actor_id, organisation_id=org.id, detail=f"{clean} {number or ''}".strip())
    return org


def normalise_domain(raw: str) -> str:
    """Exact, lower-case ASCII (IDN in xn-- form): look-alike letters are refused, never mapped."""
    value = (raw or "").strip().lower().lstrip("@").rstrip(".")
    if not is_valid_domain(value):
        raise DomainInvalid()
    return value


def add_domain(db: Session, clock: Clock, *, actor_id: str, organisation_id: str, domain: str) -> int:
    """Register a domain; everyone with a confirmed address there is linked at once (returns how many)."""
    from .membership import link_verified_addresses

    require_operator(db, actor_id)
    org = require_group(db, organisation_id)
    value = normalise_domain(domain)
    if is_webmail(value):
        raise DomainIsWebmail()
    if db.exec(select(EmailDomain.id).where(EmailDomain.domain == value)).first() is not None:
        raise DomainTaken()
    try:
        with db.begin_nested():
            db.add(EmailDomain(organisation_id=org.id, domain=value, created_at=clock.now()))
            db.flush()
    except IntegrityError as exc:
        raise DomainTaken() from exc
    audit.record(db, clock, action="domain.added", actor_id=actor_id, organisation_id=org.id, detail=value)
    return link_verified_addresses(db, clock, domain=value, actor_id=actor_id)


def remove_domain(db: Session, clock: Clock, *, actor_id: str, organisation_id: str, domain: str) -> None:
    """Unregister a domain; the memberships it alone gave go with it."""
    require_operator(db, actor_id)
    org = require_group(db, organisation_id)
    try:
        value = normalise_domain(domain)
    except DomainInvalid as exc:
        raise DomainNotFound() from exc
    row = db.exec(select(EmailDomain).where(EmailDomain.organisation_id == org.id, EmailDomain.domain == value)).first()
    if row is None:
        raise DomainNotFound()
    auto = db.exec(
        select(Membership).join(EmailAddress, col(EmailAddress.id) == col(Membership.email_id)).where(Membership.organisation_id == org.id, col(EmailAddress.domain) == row.domain)
    ).all()
    for membership in auto:
        db.delete(membership)
        audit.record(db, clock, action="membership.removed", actor_id=actor_id, subject_id=membership.person_id, organisation_id=org.id, detail=row.domain, detail_code="domain_removed")
    db.delete(row)
    audit.record(db, clock, action="domain.removed", actor_id=actor_id, organisation_id=org.id, detail=row.domain)


def person_by_address(db: Session, address: str) -> str:
    """The person who confirmed this address, or PersonNotFound."""
    value = normalise_email(address)
    email = db.exec(select(EmailAddress).where(EmailAddress.address == value, col(EmailAddress.verified_at).is_not(None))).first()
    if email is None:
        raise PersonNotFound()
    return email.person_id


def add_admin_by_email(db: Session, clock: Clock, *, actor_id: str, organisation_id: str, address: str) -> str:
    """Operators appoint an administrator by a confirmed address; they become a member too."""
    require_operator(db, actor_id)
    org = require_group(db, organisation_id)
    person_id = person_by_address(db, address)
    if db.exec(select(GroupAdmin.id).where(GroupAdmin.organisation_id == org.id, GroupAdmin.person_id == person_id)).first() is None:
        db.add(GroupAdmin(organisation_id=org.id, person_id=person_id, created_at=clock.now()))
        audit.record(db, clock, action="admin.added", actor_id=actor_id, subject_id=person_id, organisation_id=org.id)
    if db.exec(select(Membership.id).where(Membership.organisation_id == org.id, Membership.person_id == person_id)).first() is None:
        db.add(Membership(person_id=person_id, organisation_id=org.id, email_id=None, source="operator", created_at=clock.now()))
        audit.record(db, clock, action="membership.added", actor_id=actor_id, subject_id=person_id, organisation_id=org.id, detail_code="appointed_admin")
    return person_id


def group_detail(db: Session, organisation_id: str) -> GroupDetail:
    org = require_group(db, organisation_id)
    domains = db.exec(select(EmailDomain.domain).where(EmailDomain.organisation_id == org.id).order_by(EmailDomain.domain)).all()
    admins = db.exec(
        select(Person.id, col(Person.full_name), col(Person.idp_name)).join(GroupAdmin, col(GroupAdmin.person_id) == col(Person.id)).where(GroupAdmin.organisation_id == org.id)
    ).all()
    return GroupDetail(org.id, org.name, org.org_number or "", org.kind, tuple(domains), tuple((i, f or n) for i, f, n in admins))
