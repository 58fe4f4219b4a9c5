"""Registration, address and name rules, and «Min profil» actions."""

from __future__ import annotations

import pytest

from helsecert_portal.domain import addresses, identity, profile
from helsecert_portal.domain import email_verification as ev
from helsecert_portal.models import Person
from tests.conftest import SECRET


@pytest.mark.parametrize("raw", ["kari.nordmann@tromso.kommune.no", "  Kari@Helse-Bergen.NO "])
def test_valid_addresses_are_normalised(raw) -> None:
    assert addresses.normalise_email(raw) == raw.strip().lower()


@pytest.mark.parametrize("raw", ["", "kari", "kari@", "@x.no", "a@b", "kari@tromsø.no", "kari@xn--.no", "<script>@x.no", "a@-x.no", "a" * 65 + "@x.no", "kari@раураl.com"])
def test_invalid_addresses_are_refused(raw) -> None:
    with pytest.raises(addresses.EmailInvalid):
        addresses.normalise_email(raw)


def test_webmail_is_recognised_exactly() -> None:
    assert addresses.is_webmail("x@gmail.com") and addresses.is_webmail("x@online.no")
    assert not addresses.is_webmail("x@gmail.com.evil.no") and not addresses.is_webmail("x@nhn.no")


@pytest.mark.parametrize("raw,ok", [("Kari Nordmann", "Kari Nordmann"), ("  Åse   O'Neill-Ås ", "Åse O'Neill-Ås"), ("Máret Sárá", "Máret Sárá")])
def test_names(raw, ok) -> None:
    assert addresses.clean_name(raw) == ok


@pytest.mark.parametrize("raw", ["<b>Kari</b>", "Kari\x00", "Robert'); DROP TABLE person;--", "x" * 201, "123"])
def test_bad_names_are_refused(raw) -> None:
    with pytest.raises((addresses.NameInvalid, addresses.NameRequired)):
        addresses.clean_name(raw)


def test_blank_name_is_required() -> None:
    with pytest.raises(addresses.NameRequired):
        addresses.clean_name("   ")


def _person(tx, clock, pid="12838510039"):
    with tx() as db:
        return identity.find_or_create_person(db, clock, secret_key=SECRET, pid=pid, idp_name="")[0].id


def test_webmail_needs_acknowledgement_then_is_accepted(tx, clock) -> None:
    pid = _person(tx, clock)
    with pytest.raises(profile.WebmailNotAcknowledged), tx() as db:
        profile.register(db, clock, person_id=pid, full_name="Kari", raw_address="kari@gmail.com", webmail_acknowledged=False)
    with tx() as db:
        assert profile.register(db, clock, person_id=pid, full_name="Kari", raw_address="kari@gmail.com", webmail_acknowledged=True).address == "kari@gmail.com"


def test_failed_registration_changes_nothing(tx, clock, db) -> None:
    pid = _person(tx, clock)
    with pytest.raises(addresses.NameRequired), tx() as s:
        profile.register(s, clock, person_id=pid, full_name="", raw_address="kari@tromso.kommune.no", webmail_acknowledged=False)
    assert db.get(Person, pid).registered_at is None
    assert profile.addresses(db, person_id=pid) == []


def _verified(tx, clock, pid, address):
    with tx() as db:
        email = profile.add_address(db, clock, person_id=pid, raw_address=address, webmail_acknowledged=False)
        code = ev.issue_code(db, clock, secret_key=SECRET, person_id=pid, email_id=email.id).code
    with tx() as db:
        ev.confirm_code(db, clock, secret_key=SECRET, person_id=pid, email_id=email.id, code=code)
        profile.mark_primary_if_none(db, person_id=pid, email=email)
    return email.id


def test_last_verified_address_cannot_be_removed_but_others_can(tx, clock, db) -> None:
    pid = _person(tx, clock)
    first = _verified(tx, clock, pid, "kari@tromso.kommune.no")
    with pytest.raises(profile.LastVerifiedAddress), tx() as s:
        profile.remove_address(s, clock, person_id=pid, email_id=first)
    second = _verified(tx, clock, pid, "kari@unn.no")
    with tx() as s:
        profile.make_primary(s, clock, person_id=pid, email_id=second)
    with tx() as s:
        profile.remove_address(s, clock, person_id=pid, email_id=second)
    views = profile.addresses(db, person_id=pid)
    assert [(v.address, v.primary) for v in views] == [("kari@tromso.kommune.no", True)]


def test_someone_elses_address_id_names_nothing(tx, clock) -> None:
    kari, ola = _person(tx, clock), _person(tx, clock, pid="03917920013")
    email_id = _verified(tx, clock, kari, "kari@tromso.kommune.no")
    for action in (profile.remove_address, profile.make_primary):
        with pytest.raises(ev.EmailNotFound), tx() as s:
            action(s, clock, person_id=ola, email_id=email_id)


def test_a_mistyped_pending_address_is_replaced_by_the_corrected_one(tx, clock, db) -> None:
    pid = _person(tx, clock)
    with tx() as s:
        typo = profile.register(s, clock, person_id=pid, full_name="Kari", raw_address="kari@trmoso.kommune.no", webmail_acknowledged=False).id
        ev.issue_code(s, clock, secret_key=SECRET, person_id=pid, email_id=typo)
    with tx() as s:
        fixed = profile.replace_pending(s, clock, person_id=pid, email_id=typo, raw_address="Kari@Tromso.Kommune.no", webmail_acknowledged=False)
    assert [(v.address, v.verified) for v in profile.addresses(db, person_id=pid)] == [("kari@tromso.kommune.no", False)]
    assert fixed.id != typo


def test_a_refused_correction_keeps_the_pending_address_and_a_confirmed_one_cannot_be_corrected(tx, clock, db) -> None:
    pid, other = _person(tx, clock), _person(tx, clock, pid="03917920013")
    _verified(tx, clock, other, "ola@tromso.kommune.no")
    with tx() as s:
        typo = profile.add_address(s, clock, person_id=pid, raw_address="kari@trmoso.kommune.no", webmail_acknowledged=False).id
    for raw, refusal in (("ola@tromso.kommune.no", ev.EmailTakenByOther), ("kari@gmail.com", profile.WebmailNotAcknowledged)):
        with pytest.raises(refusal), tx() as s:
            profile.replace_pending(s, clock, person_id=pid, email_id=typo, raw_address=raw, webmail_acknowledged=False)
        assert [v.address for v in profile.addresses(db, person_id=pid)] == ["kari@trmoso.kommune.no"]
    confirmed = _verified(tx, clock, pid, "kari@unn.no")
    with pytest.raises(profile.AddressAlreadyConfirmed), tx() as s:
        profile.replace_pending(s, clock, person_id=pid, email_id=confirmed, raw_address="kari@unn.com", webmail_acknowledged=False)
    with pytest.raises(ev.EmailNotFound), tx() as s:  # another person's pending address names nothing
        profile.replace_pending(s, clock, person_id=other, email_id=typo, raw_address="ola2@tromso.kommune.no", webmail_acknowledged=False)
