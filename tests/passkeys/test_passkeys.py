"""Passkey rules with a software authenticator: register, log in, and every way either can be refused."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import select

from helsecert_portal.domain import identity, sessions
from helsecert_portal.domain import passkeys as pk
from helsecert_portal.models import AuditEvent, LoginSession, Passkey
from tests.conftest import SECRET

from .soft_authenticator import SoftAuthenticator

RP = pk.RelyingParty.from_base_url("http://localhost:3000")
POLICY = sessions.SessionPolicy(secret_key=SECRET)


def _login(tx, clock, pid: str = "12838510039", method: str = "idporten"):
    with tx() as db:
        person, _ = identity.find_or_create_person(db, clock, secret_key=SECRET, pid=pid, idp_name="")
        person.full_name = "Kari Nordmann"
        db.add(person)
        token = sessions.start_session(db, clock, POLICY, person_id=person.id, auth_method=method)
        session = db.exec(select(LoginSession).where(LoginSession.token_hash == sessions.token_hash(POLICY, token))).one()
        return person.id, session


def _register(tx, clock, person_id, session, auth: SoftAuthenticator, **kwargs) -> Passkey:
    with tx() as db:
        challenge_id, options = pk.begin_registration(db, clock, RP, person_id=person_id, session=session)
    with tx() as db:
        return pk.finish_registration(db, clock, RP, person_id=person_id, session=session, challenge_id=challenge_id, credential=auth.create(options, origin=RP.origin, **kwargs))


def _begin_login(tx, clock) -> tuple[str, str]:
    with tx() as db:
        return pk.begin_login(db, clock, RP)


def test_rp_comes_from_the_base_url_without_port() -> None:
    assert pk.RelyingParty.from_base_url("http://localhost:3000") == pk.RelyingParty("localhost", "http://localhost:3000")
    assert pk.RelyingParty.from_base_url("https://portal.helsecert.no").rp_id == "portal.helsecert.no"


def test_registration_options_follow_the_contract(tx, clock) -> None:
    person_id, session = _login(tx, clock)
    first = SoftAuthenticator()
    _register(tx, clock, person_id, session, first)
    with tx() as db:
        _, raw = pk.begin_registration(db, clock, RP, person_id=person_id, session=session)
    options = json.loads(raw)
    sel = options["authenticatorSelection"]
    assert (sel["residentKey"], sel["requireResidentKey"], sel["userVerification"], options["attestation"]) == ("required", True, "preferred", "none")
    assert options["rp"] == {"id": "localhost", "name": "Helse- og KommuneCERT"}
    assert [c["id"] for c in options["excludeCredentials"]] == [pk.bytes_to_base64url(first.credential_id)]
    handle = pk.base64url_to_bytes(options["user"]["id"])
    with tx() as db:
        stored = db.exec(select(pk.Person).where(pk.Person.id == person_id)).one().webauthn_user_handle
    assert len(handle) == 32 and pk.bytes_to_base64url(handle) == stored  # 32 random bytes kept per person
    assert options["user"]["name"] != "12838510039" and handle != b"12838510039"


def test_register_then_log_in_as_the_same_person(tx, clock, db) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    passkey = _register(tx, clock, person_id, session, auth)
    assert (passkey.name, passkey.backup_eligible, passkey.backed_up, passkey.transports) == ("Google Password Manager", True, True, "internal,hybrid")
    challenge_id, options = _begin_login(tx, clock)
    assert json.loads(options)["allowCredentials"] == [] and json.loads(options)["userVerification"] == "required"
    clock.advance(minutes=1)
    with tx() as s:
        used = pk.finish_login(s, clock, RP, challenge_id=challenge_id, credential=auth.get(options, origin=RP.origin))
    assert used.person_id == person_id
    stored = db.exec(select(Passkey)).one()
    assert stored.sign_count == 1 and stored.last_used_at == clock.now()
    with tx() as s:
        [view] = pk.passkeys_of(s, person_id)
    assert view.provider == "Google Password Manager" and view.synced


def test_only_a_fresh_idporten_login_may_create_a_passkey(tx, clock) -> None:
    person_id, session = _login(tx, clock)
    clock.advance(minutes=11)
    with pytest.raises(pk.NeedsFreshIdporten), tx() as db:
        pk.begin_registration(db, clock, RP, person_id=person_id, session=session)
    other_id, passkey_session = _login(tx, clock, pid="24069000300", method="passkey")
    with pytest.raises(pk.NeedsFreshIdporten), tx() as db:
        pk.begin_registration(db, clock, RP, person_id=other_id, session=passkey_session)


@pytest.mark.parametrize(("field", "value"), [("origin", "https://evil.example"), ("rp_id", "evil.example")])
def test_registration_from_the_wrong_origin_or_rp_id_is_refused(tx, clock, field, value) -> None:
    person_id, session = _login(tx, clock)
    with tx() as db:
        challenge_id, options = pk.begin_registration(db, clock, RP, person_id=person_id, session=session)
    kwargs = {"origin": RP.origin, field: value}
    with pytest.raises(pk.PasskeyRejected), tx() as db:
        pk.finish_registration(db, clock, RP, person_id=person_id, session=session, challenge_id=challenge_id, credential=SoftAuthenticator().create(options, **kwargs))


@pytest.mark.parametrize(("field", "value"), [("origin", "http://localhost:3001"), ("rp_id", "example.org")])
def test_login_from_the_wrong_origin_or_rp_id_is_refused(tx, clock, field, value) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    _register(tx, clock, person_id, session, auth)
    challenge_id, options = _begin_login(tx, clock)
    kwargs = {"origin": RP.origin, field: value}
    with pytest.raises(pk.PasskeyRejected), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=auth.get(options, **kwargs))


def test_a_challenge_is_single_use_and_expires(tx, clock) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    _register(tx, clock, person_id, session, auth)
    challenge_id, options = _begin_login(tx, clock)
    response = auth.get(options, origin=RP.origin)
    with tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=response)
    with pytest.raises(pk.ChallengeInvalid), tx() as db:  # replayed
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=response)
    challenge_id, options = _begin_login(tx, clock)
    clock.advance(minutes=6)
    with pytest.raises(pk.ChallengeInvalid), tx() as db:  # expired
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=auth.get(options, origin=RP.origin))


def test_a_response_to_another_challenge_is_refused(tx, clock) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    _register(tx, clock, person_id, session, auth)
    first_id, first_options = _begin_login(tx, clock)
    second_id, _ = _begin_login(tx, clock)
    with pytest.raises(pk.PasskeyRejected), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=second_id, credential=auth.get(first_options, origin=RP.origin))


def test_unknown_or_deleted_credential_is_refused(tx, clock) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    passkey = _register(tx, clock, person_id, session, auth)
    challenge_id, options = _begin_login(tx, clock)
    with pytest.raises(pk.UnknownPasskey), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=SoftAuthenticator().get(options, origin=RP.origin))
    with tx() as db:
        assert pk.delete(db, clock, person_id=person_id, passkey_id=passkey.id) == pk.bytes_to_base64url(auth.credential_id)
    challenge_id, options = _begin_login(tx, clock)
    with pytest.raises(pk.UnknownPasskey), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=auth.get(options, origin=RP.origin))


def test_user_handle_must_belong_to_the_credentials_owner(tx, clock) -> None:
    kari, kari_session = _login(tx, clock)
    ola, ola_session = _login(tx, clock, pid="24069000300")
    kari_key, ola_key = SoftAuthenticator(), SoftAuthenticator()
    _register(tx, clock, kari, kari_session, kari_key)
    _register(tx, clock, ola, ola_session, ola_key)
    challenge_id, options = _begin_login(tx, clock)
    with pytest.raises(pk.UserHandleMismatch), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=kari_key.get(options, origin=RP.origin, user_handle=ola_key.user_handle))


def test_login_without_user_verification_is_refused(tx, clock) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    _register(tx, clock, person_id, session, auth, uv=False)  # creation only prefers UV
    challenge_id, options = _begin_login(tx, clock)
    with pytest.raises(pk.UserNotVerified), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=auth.get(options, origin=RP.origin, uv=False))


def test_a_counter_that_does_not_grow_is_a_warning_not_a_lockout(tx, clock, caplog) -> None:
    person_id, session = _login(tx, clock)
    auth = SoftAuthenticator()
    _register(tx, clock, person_id, session, auth)
    for _ in range(2):
        challenge_id, options = _begin_login(tx, clock)
        with tx() as db:
            pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=auth.get(options, origin=RP.origin))
    challenge_id, options = _begin_login(tx, clock)
    with caplog.at_level(logging.WARNING), tx() as db:
        assert pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=auth.get(options, origin=RP.origin, count=False)).person_id == person_id
    assert "sign count did not increase" in caplog.text


def test_rename_and_delete_only_ones_own(tx, clock, db) -> None:
    kari, kari_session = _login(tx, clock)
    ola, _ = _login(tx, clock, pid="24069000300")
    passkey = _register(tx, clock, kari, kari_session, SoftAuthenticator(aaguid="00000000-0000-0000-0000-000000000000"))
    assert passkey.name == "Passnøkkel"
    with pytest.raises(pk.PasskeyNotFound), tx() as s:
        pk.rename(s, clock, person_id=ola, passkey_id=passkey.id, name="Min")
    with pytest.raises(pk.PasskeyNotFound), tx() as s:
        pk.delete(s, clock, person_id=ola, passkey_id=passkey.id)
    with pytest.raises(pk.PasskeyNameInvalid), tx() as s:
        pk.rename(s, clock, person_id=kari, passkey_id=passkey.id, name=" \x00 ")
    with tx() as s:
        assert pk.rename(s, clock, person_id=kari, passkey_id=passkey.id, name="  Jobb-PC  <b>").name == "Jobb-PC <b>"
    assert {e.action for e in db.exec(select(AuditEvent)).all()} >= {"passkey.created", "passkey.renamed"}


def test_login_ticket_is_single_use_and_short_lived(tx, clock) -> None:
    person_id, _ = _login(tx, clock)
    cookie, binding = pk.new_binding(SECRET)
    with tx() as db:
        ticket = pk.issue_ticket(db, clock, secret_key=SECRET, person_id=person_id, return_to="/", binding=binding)
    with tx() as db:
        assert pk.redeem_ticket(db, clock, secret_key=SECRET, ticket=ticket, binding_cookie=cookie).person_id == person_id
    with pytest.raises(pk.TicketInvalid), tx() as db:
        pk.redeem_ticket(db, clock, secret_key=SECRET, ticket=ticket, binding_cookie=cookie)
    with tx() as db:
        late = pk.issue_ticket(db, clock, secret_key=SECRET, person_id=person_id, return_to="/", binding=binding)
    clock.advance(seconds=61)
    with pytest.raises(pk.TicketInvalid), tx() as db:
        pk.redeem_ticket(db, clock, secret_key=SECRET, ticket=late, binding_cookie=cookie)


def test_login_ticket_works_only_in_the_browser_that_ran_the_ceremony(tx, clock) -> None:
    """Login CSRF: a ticket minted on the attacker's socket, opened in the victim's browser, is refused."""
    person_id, _ = _login(tx, clock)
    _attacker_cookie, attacker_binding = pk.new_binding(SECRET)
    victim_cookie, _ = pk.new_binding(SECRET)
    with tx() as db:
        ticket = pk.issue_ticket(db, clock, secret_key=SECRET, person_id=person_id, return_to="/", binding=attacker_binding)
    for cookie in (victim_cookie, ""):
        with pytest.raises(pk.TicketInvalid), tx() as db:
            pk.redeem_ticket(db, clock, secret_key=SECRET, ticket=ticket, binding_cookie=cookie)
    with pytest.raises(pk.PasskeyRejected), tx() as db:
        pk.issue_ticket(db, clock, secret_key=SECRET, person_id=person_id, return_to="/", binding="not-a-digest")


JUNK = [
    {},
    {"id": 1},
    {"id": "x", "rawId": "!!!", "type": "public-key", "response": {}},
    "not json",
    {"response": {"clientDataJSON": None}},
    {"id": "AA", "rawId": "AA", "type": "public-key", "response": {"clientDataJSON": "AA", "authenticatorData": "AA", "signature": "AA", "userHandle": "AA"}},
]


@pytest.mark.parametrize("junk", JUNK)
def test_forged_responses_are_refused_cleanly(tx, clock, junk) -> None:
    person_id, session = _login(tx, clock)
    challenge_id, _ = _begin_login(tx, clock)
    with pytest.raises(pk.PasskeyRejected), tx() as db:
        pk.finish_login(db, clock, RP, challenge_id=challenge_id, credential=junk)
    with tx() as db:
        challenge_id, _ = pk.begin_registration(db, clock, RP, person_id=person_id, session=session)
    with pytest.raises(pk.PasskeyRejected), tx() as db:
        pk.finish_registration(db, clock, RP, person_id=person_id, session=session, challenge_id=challenge_id, credential=junk)
