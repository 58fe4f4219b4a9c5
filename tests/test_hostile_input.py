"""People type anything into any field, and forged events carry anything: every entry point that takes
text either stores it as designed or refuses it with a PortalError, never a server error. On SQLite
and on PostgreSQL (which refuses NUL bytes that SQLite would keep)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helsecert_portal.core.db import make_engine, session_scope
from helsecert_portal.core.errors import PortalError
from helsecert_portal.domain import email_verification as ev
from helsecert_portal.domain import membership as ms
from helsecert_portal.domain import organisations as orgs
from helsecert_portal.domain import passkeys as pk
from helsecert_portal.domain import profile
from helsecert_portal.domain.group_search import search_groups
from helsecert_portal.domain.login_attempts import safe_return_path
from helsecert_portal.models import EmailAddress, JoinRequest, Organisation, Passkey, Person
from tests.domain.test_membership import group, person
from tests.support import migrate, throwaway_postgres

HOSTILE = [
    "x" * 10_000,
    "\x00\x01\x1b[31mrød",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "' OR 1=1; DROP TABLE person;--",
    "%_\\%",
    "Åse\u0301\u0338 O’Neill",
    "ｏｓｌｏ.kommune.no",
    "оslo.kommune.no",  # Cyrillic о
    "\u202eevil\u202c",
    "😀 👩‍⚕️",
    "\ud800lone surrogate",
    "   ",
    "",
    "a@b@c",
    "javascript:alert(1)",
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def tx(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hostile.db'}"
        migrate(url)
        engine = make_engine(url)
        yield lambda: session_scope(engine)
        engine.dispose()
        return
    with throwaway_postgres("portal_hostile") as url:
        migrate(url)
        engine = make_engine(url)
        yield lambda: session_scope(engine)
        engine.dispose()


def _no_control_chars(value: str) -> bool:
    return not any(ord(ch) < 32 and ch != "\n" for ch in value) and "\ud800" not in value


def _try(tx, call):
    try:
        with tx() as db:
            return call(db)
    except PortalError:
        return None


@pytest.mark.parametrize("text", HOSTILE)
def test_person_and_address_entry_points(tx, clock, text) -> None:
    pid = person(tx, clock, "kari@oslo.kommune.no")
    _try(tx, lambda db: profile.rename(db, clock, person_id=pid, full_name=text))
    _try(tx, lambda db: profile.add_address(db, clock, person_id=pid, raw_address=text, webmail_acknowledged=True))
    _try(tx, lambda db: profile.add_address(db, clock, person_id=pid, raw_address=f"kari{text}@oslo.kommune.no", webmail_acknowledged=True))
    _try(tx, lambda db: ev.confirm_code(db, clock, secret_key="k" * 40, person_id=pid, email_id=text[:40], code=text))
    _try(tx, lambda db: profile.remove_address(db, clock, person_id=pid, email_id=text))
    with tx() as db:
        names = [p.full_name for p in db.exec(select(Person)).all()]
        addresses = [e.address for e in db.exec(select(EmailAddress)).all()]
    assert all(_no_control_chars(v) and len(v) <= 254 for v in names + addresses)
    assert all(a.isascii() and a.count("@") == 1 for a in addresses)


@pytest.mark.parametrize("text", HOSTILE)
def test_membership_and_search_entry_points(tx, clock, text) -> None:
    admin = person(tx, clock, "admin@oslo.kommune.no")
    org = group(tx, clock, "Oslo kommune", admins=(admin,))
    kari = person(tx, clock, "kari@firma.no")
    with tx() as db:
        assert search_groups(db, text).total >= 0
    _try(tx, lambda db: ms.request_join(db, clock, person_id=kari, organisation_id=text, message="hei"))
    req = _try(tx, lambda db: ms.request_join(db, clock, person_id=kari, organisation_id=org, message=text))
    _try(tx, lambda db: ms.withdraw(db, clock, person_id=kari, request_id=text))
    if req is not None:
        _try(tx, lambda db: ms.decide(db, clock, actor_id=admin, request_id=req.id, approve=False, reason=text))
    _try(tx, lambda db: ms.remove_member(db, clock, actor_id=admin, organisation_id=org, person_id=text))
    with tx() as db:
        stored = [(r.message, r.decision_reason) for r in db.exec(select(JoinRequest)).all()]
    assert all(_no_control_chars(m) and _no_control_chars(r) for m, r in stored)
    assert all("\u202e" not in m for m, _ in stored)


@pytest.mark.parametrize("text", HOSTILE)
def test_operator_and_passkey_entry_points(tx, clock, text) -> None:
    op = person(tx, clock, "op@helsecert.no", operator=True)
    org = group(tx, clock, "Oslo kommune")
    _try(tx, lambda db: orgs.create_organisation(db, clock, actor_id=op, name=text, org_number="", kind="kommune"))
    _try(tx, lambda db: orgs.create_organisation(db, clock, actor_id=op, name="Ny", org_number=text, kind=text))
    _try(tx, lambda db: orgs.update_organisation(db, clock, actor_id=op, organisation_id=org, name=text, org_number="", kind="kommune"))
    _try(tx, lambda db: orgs.add_domain(db, clock, actor_id=op, organisation_id=org, domain=text))
    _try(tx, lambda db: orgs.remove_domain(db, clock, actor_id=op, organisation_id=org, domain=text))
    _try(tx, lambda db: orgs.add_admin_by_email(db, clock, actor_id=op, organisation_id=org, address=text))
    with tx() as db:
        key = Passkey(person_id=op, credential_id="cred-" + op, public_key=b"k", name="Jobb-PC", created_at=clock.now())
        db.add(key)
    _try(tx, lambda db: pk.rename(db, clock, person_id=op, passkey_id=text, name="Ukjent id"))  # a hostile id names nothing
    _try(tx, lambda db: pk.rename(db, clock, person_id=op, passkey_id=key.id, name=text))
    assert safe_return_path(text).startswith("/") and not safe_return_path(text).startswith("//")
    with tx() as db:
        names = [o.name for o in db.exec(select(Organisation)).all()]
        passkey_name = db.get(Passkey, key.id).name
    assert all(_no_control_chars(n) and len(n) <= 200 for n in names)
    assert passkey_name != "Ukjent id"
    assert _no_control_chars(passkey_name) and 0 < len(passkey_name) <= 100  # renamed to clean text, or kept as it was
