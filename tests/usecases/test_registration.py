"""Registrer profilen din: the form for a person who has not registered; anyone else goes on to where they stand."""

from __future__ import annotations

from sqlmodel import select

from helsecert_portal.domain import identity, profile
from helsecert_portal.domain.membership import link_by_domain
from helsecert_portal.models import EmailAddress
from helsecert_portal.usecases import registration, verification
from tests.conftest import SECRET
from tests.domain.test_membership import PIDS, group, person
from tests.usecases.test_groups_and_verification import Outbox


def test_a_new_person_gets_the_form_with_the_name_from_id_porten(tx, clock, login) -> None:
    with tx() as db:
        new, _ = identity.find_or_create_person(db, clock, secret_key=SECRET, pid=next(PIDS), idp_name="Ola Nordmann")
        new_id = new.id
    with tx() as db:
        assert registration.start(db, login(new_id)(db)) == registration.RegisterStart("Ola Nordmann", "")


def test_a_registered_person_goes_to_the_code_page_of_the_address_whose_code_was_sent(tx, clock, login) -> None:
    """As after the instance that handled the registration stopped before its answer reached the browser."""
    with tx() as db:
        new, _ = identity.find_or_create_person(db, clock, secret_key=SECRET, pid=next(PIDS), idp_name="Ola Nordmann")
        new_id = new.id
    with tx() as db:
        email_id = profile.register(db, clock, person_id=new_id, full_name="Ola Nordmann", raw_address="ola@tromso.kommune.no", webmail_acknowledged=False).id
    with tx() as db:  # SMTP was down: no code left, so the form again (its send sends the code)
        assert registration.start(db, login(new_id)(db)) == registration.RegisterStart("Ola Nordmann", "")
    with tx() as db:
        verification.send_code(db, clock, login(new_id)(db), secret_key=SECRET, mailer=Outbox(), email_id=email_id, base_url="https://portal.example")
    with tx() as db:
        assert registration.start(db, login(new_id)(db)) == registration.RegisterStart("", f"/bekreft-epost?e={email_id}")


def test_a_registered_person_with_every_address_confirmed_lands_where_a_login_lands(tx, clock, login) -> None:
    kari = person(tx, clock, "kari@tromso.kommune.no")
    tromso = group(tx, clock, "Tromsø kommune", "tromso.kommune.no")
    lonely = person(tx, clock, "lonely@utenfor.no")
    with tx() as db:
        link_by_domain(db, clock, email=db.exec(select(EmailAddress).where(EmailAddress.person_id == kari)).one())
    with tx() as db:
        assert registration.start(db, login(kari)(db)).go_to == f"/medlemsgruppe?g={tromso}"
        assert registration.start(db, login(lonely)(db)).go_to == "/medlemsgrupper"
