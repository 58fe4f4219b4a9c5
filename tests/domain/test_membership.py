"""Membership rules: exact domain linking, one open request, decisions, removal, escalation, authorization."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helsecert_portal.domain import identity, profile
from helsecert_portal.domain import membership as ms
from helsecert_portal.domain import organisations as orgs
from helsecert_portal.domain.addresses import TextTooLong
from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.models import AuditEvent, EmailAddress, GroupAdmin, JoinRequest, Membership, Organisation, Person
from helsecert_portal.usecases.presentation import audit_detail
from tests.conftest import SECRET

PIDS = iter(f"{n:011d}" for n in range(10_000_000_000, 10_000_001_000))


def person(tx, clock, *addresses: str, operator: bool = False, name: str = "Kari Nordmann") -> str:
    """A registered person whose addresses are already confirmed."""
    with tx() as db:
        p, _ = identity.find_or_create_person(db, clock, secret_key=SECRET, pid=next(PIDS), idp_name="")
        p.full_name, p.is_operator, p.registered_at = name, operator, clock.now()
        db.add(p)
        for i, address in enumerate(addresses):
            db.add(EmailAddress(person_id=p.id, address=address, domain=address.split("@")[1], is_primary=i == 0, created_at=clock.now(), verified_at=clock.now()))
        return p.id


def group(tx, clock, name: str, *domains: str, admins: tuple[str, ...] = ()) -> str:
    from helsecert_portal.models import EmailDomain

    with tx() as db:
        org = Organisation(name=name, search_name=orgs.search_key(name), kind="kommune", created_at=clock.now())
        db.add(org)
        db.flush()
        for d in domains:
            db.add(EmailDomain(organisation_id=org.id, domain=d, created_at=clock.now()))
        for a in admins:
            db.add(GroupAdmin(organisation_id=org.id, person_id=a, created_at=clock.now()))
        return org.id


def confirm(tx, clock, person_id: str, address: str):
    with tx() as db:
        email = db.exec(select(EmailAddress).where(EmailAddress.person_id == person_id, EmailAddress.address == address)).one()
        return ms.link_by_domain(db, clock, email=email)


def test_exact_domain_links_automatically_and_is_recorded(tx, clock, db) -> None:
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    kari = person(tx, clock, "kari@oslo.kommune.no")
    org = confirm(tx, clock, kari, "kari@oslo.kommune.no")
    assert org.id == oslo
    with tx() as s:
        [view] = ms.memberships_of(s, kari)
    assert view.organisation == "Oslo kommune" and view.auto_addresses == ("kari@oslo.kommune.no",) and not view.by_request
    entry = db.exec(select(AuditEvent).where(AuditEvent.action == "membership.added")).one()
    assert (entry.detail_code, entry.detail) == ("auto_domain", "oslo.kommune.no")  # a code and the domain, never the address
    assert audit_detail(entry.detail, entry.detail_code) == "automatisk via domenet oslo.kommune.no"


@pytest.mark.parametrize("address", ["kari@bydel.oslo.kommune.no", "kari@kommune.no", "kari@oslo.kommune.no.evil.no", "kari@xoslo.kommune.no"])
def test_parent_or_lookalike_domain_never_matches(tx, clock, address) -> None:
    group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    kari = person(tx, clock, address)
    assert confirm(tx, clock, kari, address) is None
    with tx() as db:
        assert ms.memberships_of(db, kari) == []


def test_addresses_in_several_organisations_give_several_memberships_and_removal_takes_only_its_own(tx, clock) -> None:
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    group(tx, clock, "Oslo universitetssykehus HF", "ous-hf.no")
    kari = person(tx, clock, "kari@oslo.kommune.no", "kari@ous-hf.no")
    confirm(tx, clock, kari, "kari@oslo.kommune.no")
    confirm(tx, clock, kari, "kari@ous-hf.no")
    with tx() as db:
        assert [m.organisation for m in ms.memberships_of(db, kari)] == ["Oslo kommune", "Oslo universitetssykehus HF"]
        ous_email = db.exec(select(EmailAddress).where(EmailAddress.address == "kari@ous-hf.no")).one()
    with tx() as db:
        profile.remove_address(db, clock, person_id=kari, email_id=ous_email.id)
    with tx() as db:
        assert [m.organisation_id for m in ms.memberships_of(db, kari)] == [oslo]


def test_membership_from_an_approved_request_survives_removing_an_address(tx, clock) -> None:
    admin = person(tx, clock, "admin@oslo.kommune.no", name="Ada Admin")
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no", admins=(admin,))
    kari = person(tx, clock, "kari@oslo.kommune.no", "kari@firma.no")
    with tx() as db:
        req = ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="Jobber i bydel")
    with tx() as db:
        ms.decide(db, clock, actor_id=admin, request_id=req.id, approve=True)
    confirm(tx, clock, kari, "kari@oslo.kommune.no")
    with tx() as db:
        email = db.exec(select(EmailAddress).where(EmailAddress.address == "kari@oslo.kommune.no")).one()
        profile.remove_address(db, clock, person_id=kari, email_id=email.id)
    with tx() as db:
        [view] = ms.memberships_of(db, kari)
    assert view.by_request and view.auto_addresses == ()


def test_one_open_request_per_person_and_group_then_withdraw_allows_a_new_one(tx, clock) -> None:
    oslo = group(tx, clock, "Oslo kommune")
    kari = person(tx, clock, "kari@firma.no")
    with tx() as db:
        first = ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="")
    with pytest.raises(ms.RequestAlreadyOpen), tx() as db:
        ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="igjen")
    with tx() as db:
        ms.withdraw(db, clock, person_id=kari, request_id=first.id)
    with pytest.raises(ms.RequestNotPending), tx() as db:
        ms.withdraw(db, clock, person_id=kari, request_id=first.id)
    with tx() as db:
        ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="ny")
        assert [r.status for r in ms.requests_of(db, kari)] == ["pending", "withdrawn"]


def test_the_database_itself_refuses_a_second_open_request(tx, clock, db) -> None:
    oslo = group(tx, clock, "Oslo kommune")
    kari = person(tx, clock, "kari@firma.no")
    with tx() as s:
        ms.request_join(s, clock, person_id=kari, organisation_id=oslo, message="")
    from sqlalchemy.exc import IntegrityError

    db.add(JoinRequest(person_id=kari, organisation_id=oslo, status="pending", created_at=clock.now()))
    with pytest.raises(IntegrityError):
        db.commit()


def test_request_needs_a_confirmed_work_address_and_no_membership(tx, clock) -> None:
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    nobody = person(tx, clock)
    with pytest.raises(ms.NoWorkAddress), tx() as db:
        ms.request_join(db, clock, person_id=nobody, organisation_id=oslo, message="")
    private = person(tx, clock, "kari.nordmann@gmail.com", "kari@hotmail.com")
    with pytest.raises(ms.NoWorkAddress), tx() as db:
        ms.request_join(db, clock, person_id=private, organisation_id=oslo, message="")
    kari = person(tx, clock, "kari@oslo.kommune.no")
    confirm(tx, clock, kari, "kari@oslo.kommune.no")
    with pytest.raises(ms.AlreadyMember), tx() as db:
        ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="")


def test_message_is_cleaned_and_length_limited(tx, clock) -> None:
    oslo = group(tx, clock, "Oslo kommune")
    kari = person(tx, clock, "kari@firma.no")
    with pytest.raises(TextTooLong), tx() as db:
        ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="x" * 1001)
    with tx() as db:
        req = ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="  <b>Hei</b>\x00\x1b[31m\r\nlinje 2 ")
    assert req.message == "<b>Hei</b>[31m\nlinje 2"


def test_deny_needs_a_reason_the_requester_sees(tx, clock) -> None:
    admin = person(tx, clock, "admin@oslo.kommune.no")
    oslo = group(tx, clock, "Oslo kommune", admins=(admin,))
    kari = person(tx, clock, "kari@firma.no")
    with tx() as db:
        req = ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="")
    with pytest.raises(ms.ReasonRequired), tx() as db:
        ms.decide(db, clock, actor_id=admin, request_id=req.id, approve=False, reason="  ")
    with tx() as db:
        ms.decide(db, clock, actor_id=admin, request_id=req.id, approve=False, reason="Ikke ansatt hos oss")
    with tx() as db:
        [view] = ms.requests_of(db, kari)
        assert (view.status, view.reason) == ("denied", "Ikke ansatt hos oss")
        assert ms.memberships_of(db, kari) == []
    with pytest.raises(ms.RequestNotPending), tx() as db:
        ms.decide(db, clock, actor_id=admin, request_id=req.id, approve=True)


def test_confirming_a_matching_address_answers_an_open_request(tx, clock) -> None:
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no")
    kari = person(tx, clock, "kari@firma.no", "kari@oslo.kommune.no")
    with tx() as db:
        ms.request_join(db, clock, person_id=kari, organisation_id=oslo, message="")
    confirm(tx, clock, kari, "kari@oslo.kommune.no")
    with tx() as db:
        assert [r.status for r in ms.requests_of(db, kari)] == ["approved"]


def _world(tx, clock):
    a_admin = person(tx, clock, "a@a.no", name="Admin A")
    b_admin = person(tx, clock, "b@b.no", name="Admin B")
    operator = person(tx, clock, "op@helsecert.no", operator=True, name="Operatør")
    member = person(tx, clock, "m@a.no", name="Medlem")
    group_a = group(tx, clock, "Gruppe A", "a.no", admins=(a_admin,))
    group_b = group(tx, clock, "Gruppe B", "b.no", admins=(b_admin,))
    confirm(tx, clock, member, "m@a.no")
    confirm(tx, clock, a_admin, "a@a.no")
    requester = person(tx, clock, "r@firma.no", name="Søker")
    with tx() as db:
        req = ms.request_join(db, clock, person_id=requester, organisation_id=group_a, message="")
    return {"member": member, "a_admin": a_admin, "b_admin": b_admin, "operator": operator}, group_a, group_b, req.id, requester


ACTIONS = {
    "approve": lambda db, clock, actor, org, req, target: ms.decide(db, clock, actor_id=actor, request_id=req, approve=True),
    "deny": lambda db, clock, actor, org, req, target: ms.decide(db, clock, actor_id=actor, request_id=req, approve=False, reason="nei"),
    "list_pending": lambda db, clock, actor, org, req, target: ms.pending_for_group(db, actor_id=actor, organisation_id=org),
    "list_members": lambda db, clock, actor, org, req, target: ms.members_of(db, actor_id=actor, organisation_id=org),
    "remove_member": lambda db, clock, actor, org, req, target: ms.remove_member(db, clock, actor_id=actor, organisation_id=org, person_id=target),
    "make_admin": lambda db, clock, actor, org, req, target: ms.set_admin(db, clock, actor_id=actor, organisation_id=org, person_id=target, admin=True),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(("role", "allowed"), [("member", False), ("a_admin", True), ("b_admin", False), ("operator", True)])
def test_authorization_matrix_on_group_a(tx, clock, action, role, allowed) -> None:
    people, group_a, _, req, _ = _world(tx, clock)
    call = ACTIONS[action]
    if allowed:
        with tx() as db:
            call(db, clock, people[role], group_a, req, people["member"])
    else:
        with pytest.raises(NotAllowed), tx() as db:
            call(db, clock, people[role], group_a, req, people["member"])
        with tx() as db:  # nothing changed
            assert db.exec(select(JoinRequest).where(JoinRequest.id == req)).one().status == "pending"
            assert ms.is_member(db, people["member"], group_a)


@pytest.mark.parametrize("role", ["member", "a_admin", "b_admin"])
def test_only_operators_manage_organisations_and_domains(tx, clock, role) -> None:
    people, group_a, _, _, _ = _world(tx, clock)
    for call in (
        lambda db: orgs.add_domain(db, clock, actor_id=people[role], organisation_id=group_a, domain="ny.no"),
        lambda db: orgs.create_organisation(db, clock, actor_id=people[role], name="Ny", org_number="", kind="annen"),
        lambda db: orgs.add_admin_by_email(db, clock, actor_id=people[role], organisation_id=group_a, address="m@a.no"),
    ):
        with pytest.raises(NotAllowed), tx() as db:
            call(db)


def test_an_admin_cannot_remove_or_demote_themselves_and_make_admin_needs_a_member(tx, clock) -> None:
    people, group_a, _, _, requester = _world(tx, clock)
    with pytest.raises(ms.CannotChangeOwnRole), tx() as db:
        ms.remove_member(db, clock, actor_id=people["a_admin"], organisation_id=group_a, person_id=people["a_admin"])
    with pytest.raises(ms.NotAMember), tx() as db:
        ms.set_admin(db, clock, actor_id=people["a_admin"], organisation_id=group_a, person_id=requester, admin=True)
    with tx() as db:
        ms.set_admin(db, clock, actor_id=people["a_admin"], organisation_id=group_a, person_id=people["member"], admin=True)
    with tx() as db:
        assert ms.is_member(db, people["member"], group_a) and people["member"] in ms.group_admin_ids(db, group_a)
        ms.remove_member(db, clock, actor_id=people["a_admin"], organisation_id=group_a, person_id=people["member"])
    with tx() as db:
        assert not ms.is_member(db, people["member"], group_a) and people["member"] not in ms.group_admin_ids(db, group_a)


def test_a_request_to_a_group_without_administrators_goes_to_the_operators_at_once(tx, clock, db) -> None:
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    baerum = group(tx, clock, "Bærum kommune", "baerum.kommune.no")
    kari = person(tx, clock, "kari@firma.no")
    with tx() as s:
        req = ms.request_join(s, clock, person_id=kari, organisation_id=baerum, message="")
        assert req.escalated_at is not None
    with tx() as s:
        assert [p.id for p in ms.pending_requests(s, escalated_only=True)] == [req.id]
        assert ms.pending_count_for(s, operator) == 1
    assert [e.detail_code for e in db.exec(select(AuditEvent).where(AuditEvent.action == "request.escalated")).all()] == ["no_admins"]


def test_the_administrator_sees_which_addresses_are_at_the_organisations_own_domain(tx, clock) -> None:
    admin = person(tx, clock, "admin@oslo.kommune.no")
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no", admins=(admin,))
    kari = person(tx, clock, "kari@firma.no", "kari@oslo.kommune.no")
    with tx() as s:
        req = ms.request_join(s, clock, person_id=kari, organisation_id=oslo, message="")
        assert req.escalated_at is None
    with tx() as s:
        (view,) = ms.pending_for_group(s, actor_id=admin, organisation_id=oslo)
        assert view.addresses == ("kari@firma.no", "kari@oslo.kommune.no") and view.own_domain == ("kari@oslo.kommune.no",)


def test_approval_needs_the_requester_to_still_have_a_work_address(tx, clock, db) -> None:
    admin = person(tx, clock, "admin@oslo.kommune.no")
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no", admins=(admin,))
    kari = person(tx, clock, "kari@firma.no")
    with tx() as s:
        req_id = ms.request_join(s, clock, person_id=kari, organisation_id=oslo, message="").id
    with tx() as s:
        work = s.exec(select(EmailAddress).where(EmailAddress.person_id == kari)).one()
        s.add(EmailAddress(person_id=kari, address="kari@gmail.com", domain="gmail.com", is_primary=False, created_at=clock.now(), verified_at=clock.now()))
        s.flush()
        profile.remove_address(s, clock, person_id=kari, email_id=work.id)
    with pytest.raises(ms.RequesterHasNoWorkAddress), tx() as s:
        ms.decide(s, clock, actor_id=admin, request_id=req_id, approve=True)
    assert not ms.is_member(db, kari, oslo)
    with tx() as s:
        assert ms.decide(s, clock, actor_id=admin, request_id=req_id, approve=False, reason="Ingen jobbadresse").approved is False


def test_unhandled_requests_escalate_to_operators_once(tx, clock, db) -> None:
    people, group_a, _, req, _ = _world(tx, clock)
    with tx() as s:
        assert ms.escalate_overdue(s, clock, days=3) == []
        assert ms.pending_count_for(s, people["operator"]) == 0
        assert ms.pending_count_for(s, people["a_admin"]) == 1
    clock.advance(days=3, seconds=1)
    with tx() as s:
        assert ms.escalate_overdue(s, clock, days=3) == [group_a]
    with tx() as s:
        assert ms.escalate_overdue(s, clock, days=3) == []
        assert [p.id for p in ms.pending_requests(s, escalated_only=True)] == [req]
        assert ms.pending_count_for(s, people["operator"]) == 1
        assert ms.pending_count_for(s, people["b_admin"]) == 0
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "request.escalated")).all()) == 1


def test_every_decision_is_in_the_audit_log(tx, clock, db) -> None:
    people, group_a, _, req, requester = _world(tx, clock)
    with tx() as s:
        ms.decide(s, clock, actor_id=people["a_admin"], request_id=req, approve=True)
    rows = db.exec(select(AuditEvent).where(AuditEvent.organisation_id == group_a, AuditEvent.subject_id == requester).order_by(AuditEvent.at, AuditEvent.action)).all()
    assert {(r.action, r.actor_id) for r in rows} == {("request.created", requester), ("request.approved", people["a_admin"]), ("membership.added", people["a_admin"])}
    assert db.exec(select(Membership).where(Membership.person_id == requester)).one().source == "request"


def test_audit_details_never_carry_the_pid_digest(tx, clock, db) -> None:
    """Audit rows never carry the fødselsnummer or its digest."""
    people, _, _, _, _ = _world(tx, clock)
    digests = {p.pid_digest for p in db.exec(select(Person)).all()}
    details = " ".join(r.detail for r in db.exec(select(AuditEvent)).all())
    assert not any(d in details for d in digests)
