"""CERT-drift › Tjenester as use cases: operators only (reading a registration too); a registration's secret is shown
once and stored hashed; a closed back-end's logins end; the catalogue shows each person only what lets them in;
withdrawing consent ends the back-end's logins of that person."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.models import AuditEvent, Membership, ProviderConsent, RelyingParty, TokenFamily
from helsecert_portal.provider import catalogue, clients
from helsecert_portal.provider.catalogue import ServiceInvalid
from helsecert_portal.usecases import backends, connected_services, services
from helsecert_portal.usecases import profile as profile_cases
from helsecert_portal.usecases.backends import AudienceValues, ClientValues, ServiceValues
from helsecert_portal.usecases.presentation import Choice
from tests.conftest import SECRET
from tests.domain.test_membership import group, person

EVERYONE = AudienceValues("members", [], [])


def values(client_id: str = "saksbehandling", **changes: object) -> ClientValues:
    base = dict(client_id=client_id, name="Saksbehandling", auth_method="client_secret_basic", redirect_uris="https://sak.helsecert.no/cb\n",
                post_logout_redirect_uris="", backchannel_logout_uri="https://sak.helsecert.no/bcl", jwks="", scopes=["profile", "memberships"], audience=EVERYONE)
    return ClientValues(**(base | changes))  # type: ignore[arg-type]


def member(tx, clock, person_id: str, group_id: str) -> None:
    with tx() as db:
        db.add(Membership(person_id=person_id, organisation_id=group_id, source="operator", created_at=clock.now()))


def test_a_member_can_neither_read_nor_change_registrations(tx, clock, login) -> None:
    operator, someone = person(tx, clock, "op@helsecert.no", operator=True), person(tx, clock, "x@oslo.kommune.no")
    as_operator, as_someone = login(operator), login(someone)
    with tx() as db:
        backends.save_client(db, clock, as_operator(db), secret_key=SECRET, editing="", values=values())
    calls = (
        lambda db, who: backends.desk(db, who),
        lambda db, who: backends.client_values(db, who, "saksbehandling"),
        lambda db, who: backends.save_client(db, clock, who, secret_key=SECRET, editing="", values=values("sniffer")),
        lambda db, who: backends.save_client(db, clock, who, secret_key=SECRET, editing="saksbehandling", values=values(redirect_uris="https://evil.example/cb")),
        lambda db, who: backends.renew_secret(db, clock, who, secret_key=SECRET, client_id="saksbehandling"),
        lambda db, who: backends.set_closed(db, clock, who, client_id="saksbehandling", closed=True),
        lambda db, who: backends.save_service(db, clock, who, values=ServiceValues("", "Phish", "", "https://evil.example", "", EVERYONE)),
    )
    for call in calls:
        with pytest.raises(NotAllowed), tx() as db:
            call(db, as_someone(db))
    with tx() as db:
        rp = db.exec(select(RelyingParty)).one()
        assert (rp.redirect_uris, rp.disabled_at) == ("https://sak.helsecert.no/cb", None)
        assert catalogue.entries(db) == []


def test_the_secret_is_shown_once_and_stored_hashed_and_renewal_replaces_it(tx, clock, login) -> None:
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    as_operator = login(operator)
    with tx() as db:
        saved = backends.save_client(db, clock, as_operator(db), secret_key=SECRET, editing="", values=values())
    assert len(saved.value.secret) >= 32 and [c.client_id for c in saved.value.desk.clients] == ["saksbehandling"]
    saved = saved.value
    with tx() as db:
        rp = db.exec(select(RelyingParty)).one()
        assert saved.secret not in rp.secret_hash and clients.secret_matches(rp, SECRET, saved.secret)
        renewed = backends.renew_secret(db, clock, as_operator(db), secret_key=SECRET, client_id="saksbehandling")
        db.flush()
        db.refresh(rp)
        assert not clients.secret_matches(rp, SECRET, saved.secret) and clients.secret_matches(rp, SECRET, renewed.value.secret)
        again = backends.save_client(db, clock, as_operator(db), secret_key=SECRET, editing="saksbehandling", values=values(name="Saksbehandling 2"))
        assert again.value.secret == ""  # a change keeps the secret
        assert {"client.registered", "client.secret_renewed", "client.changed"} <= set(db.exec(select(AuditEvent.action)).all())


def test_bad_settings_are_refused_by_field_and_keep_nothing(tx, clock, login) -> None:
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    as_operator = login(operator)
    for field, bad in (
        ("redirect_uris", values(redirect_uris="http://sak.helsecert.no/cb")),
        ("redirect_uris", values(redirect_uris="")),
        ("client_id", values(client_id="sak behandling")),
        ("jwks", values(auth_method="private_key_jwt", jwks="{not json")),
        ("auth_method", values(auth_method="private_key_jwt", jwks="")),
        ("backchannel_logout_uri", values(backchannel_logout_uri="javascript:alert(1)")),
        ("audience", values(audience=AudienceValues("kinds", [], []))),
        ("audience", values(audience=AudienceValues("groups", [], [Choice("nosuchgroup", "x")]))),
    ):
        with pytest.raises(clients.InvalidClientSetting) as refused, tx() as db:
            backends.save_client(db, clock, as_operator(db), secret_key=SECRET, editing="", values=bad)
        assert refused.value.field_name == field
    with tx() as db:
        assert db.exec(select(RelyingParty)).all() == []


def _family(tx, clock, rp_client_id: str, person_id: str) -> str:
    from helsecert_portal.domain import sessions
    from tests.usecases.conftest import POLICY

    with tx() as db:
        sessions.start_session(db, clock, POLICY, person_id=person_id, auth_method="idporten")
        from helsecert_portal.models import LoginSession

        session = db.exec(select(LoginSession).where(LoginSession.person_id == person_id)).first()
        rp = db.exec(select(RelyingParty).where(RelyingParty.client_id == rp_client_id)).one()
        family = TokenFamily(relying_party_id=rp.id, person_id=person_id, session_id=session.id, scope="openid", created_at=clock.now())
        db.add(family)
        db.add(ProviderConsent(person_id=person_id, relying_party_id=rp.id, scope="openid profile memberships", granted_at=clock.now()))
        db.flush()
        return family.id


def test_closing_a_back_end_ends_its_logins_with_back_channel_logout(tx, clock, login) -> None:
    operator, kari = person(tx, clock, "op@helsecert.no", operator=True), person(tx, clock, "kari@oslo.kommune.no")
    as_operator = login(operator)
    with tx() as db:
        backends.save_client(db, clock, as_operator(db), secret_key=SECRET, editing="", values=values())
    family_id = _family(tx, clock, "saksbehandling", kari)
    with tx() as db:
        shown = backends.set_closed(db, clock, as_operator(db), client_id="saksbehandling", closed=True)
        assert shown.logouts and shown.value.desk.clients[0].closed and shown.value.desk.client_choices == []
        assert clients.by_client_id(db, "saksbehandling") is None
    with tx() as db:
        family = db.get(TokenFamily, family_id)
        assert family.revoked_reason == "client_closed" and family.logout_due


def test_the_catalogue_shows_what_lets_each_person_in(tx, clock, login) -> None:
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    as_operator = login(operator)
    kari, ola = person(tx, clock, "kari@oslo.kommune.no"), person(tx, clock, "ola@bergen.kommune.no")
    as_kari, as_ola = login(kari), login(ola)
    oslo, bergen = group(tx, clock, "Oslo kommune"), group(tx, clock, "Bergen kommune", admins=(ola,))
    member(tx, clock, kari, oslo)
    member(tx, clock, ola, bergen)
    oslo_only = AudienceValues("groups", [], [Choice(oslo, "Oslo kommune")])
    with tx() as db:
        who = as_operator(db)
        backends.save_client(db, clock, who, secret_key=SECRET, editing="", values=values(audience=oslo_only))
        backends.save_service(db, clock, who, values=ServiceValues("", "Saksbehandling", "Saker", "https://sak.helsecert.no/", "saksbehandling", EVERYONE))
        backends.save_service(db, clock, who, values=ServiceValues("", "Skanning", "", "https://skann.helsecert.no/", "", AudienceValues("admins", [], [])))
        backends.save_service(db, clock, who, values=ServiceValues("", "Kommuneforum", "", "https://forum.helsecert.no/", "", AudienceValues("kinds", ["kommune"], [])))
    with tx() as db:
        assert [s.name for s in services.mine(db, as_kari(db))] == ["Kommuneforum", "Saksbehandling"]  # the back-end admits only Oslo
        assert [s.name for s in services.mine(db, as_ola(db))] == ["Kommuneforum", "Skanning"]
        assert services.mine(db, as_kari(db))[1].single_sign_on
        from helsecert_portal.models import Organisation

        bergen_org, oslo_org = db.get(Organisation, bergen), db.get(Organisation, oslo)
        assert [s.name for s in services.of_group(db, as_ola(db), bergen_org, administers=True)] == ["Kommuneforum", "Skanning"]
        assert [s.name for s in services.of_group(db, as_kari(db), oslo_org, administers=False)] == ["Kommuneforum", "Saksbehandling"]
    member(tx, clock, kari, bergen)
    with tx() as db:  # Kari in Bergen too: Bergen's page does not offer the back-end that only Oslo opens
        assert [s.name for s in services.of_group(db, as_kari(db), bergen_org, administers=False)] == ["Kommuneforum"]
    with tx() as db:
        with pytest.raises(ServiceInvalid) as refused:
            backends.save_service(db, clock, as_operator(db), values=ServiceValues("", "Lenke", "", "ftp://x", "", EVERYONE))
        assert refused.value.field_name == "url"


def test_withdrawing_consent_is_ones_own_and_ends_the_back_ends_logins(tx, clock, login) -> None:
    operator, kari, ola = person(tx, clock, "op@helsecert.no", operator=True), person(tx, clock, "kari@oslo.kommune.no"), person(tx, clock, "ola@oslo.kommune.no")
    as_operator, as_kari, as_ola = login(operator), login(kari), login(ola)
    with tx() as db:
        backends.save_client(db, clock, as_operator(db), secret_key=SECRET, editing="", values=values())
    karis, olas = _family(tx, clock, "saksbehandling", kari), _family(tx, clock, "saksbehandling", ola)
    with tx() as db:
        shown = profile_cases.view(db, as_kari(db))
        assert [(c.name, c.receives) for c in shown.connected] == [("Saksbehandling", "en fast identifikator, navn og medlemsgrupper og roller")]
        after = profile_cases.withdraw_consent(db, clock, as_kari(db), client_id="saksbehandling")
        assert after.value.connected == [] and after.logouts  # the back-end is told at once
    with tx() as db:
        assert db.get(TokenFamily, karis).revoked_reason == "consent_withdrawn" and db.get(TokenFamily, karis).logout_due
        assert db.get(TokenFamily, olas).revoked_at is None  # another person's login is untouched
        with pytest.raises(connected_services.ConsentNotFound):
            connected_services.withdraw(db, clock, as_kari(db), client_id="saksbehandling")
        assert len(connected_services.connected(db, as_ola(db))) == 1
