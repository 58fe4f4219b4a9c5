"""What the live feeds deliver and who may still receive it (the trust rule's checks, without Reflex)."""

from __future__ import annotations

from helsecert_portal.domain import membership as ms
from helsecert_portal.usecases import feeds
from helsecert_portal.usecases.feeds import Notify
from tests.domain.test_membership import group, person


def test_notify_keeps_only_real_ids_and_combines() -> None:
    assert not Notify.of(groups=["", ""], people=[""])
    both = Notify.of(groups=["g"]) | Notify.of(people=["p"])
    assert both.groups == {"g"} and both.people == {"p"}


def test_a_change_to_a_group_also_reaches_its_administrators_and_the_operators(tx, clock) -> None:
    admin, other_admin = person(tx, clock, "a@oslo.kommune.no"), person(tx, clock, "b@bergen.kommune.no")
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    oslo = group(tx, clock, "Oslo kommune", admins=(admin,))
    group(tx, clock, "Bergen kommune", admins=(other_admin,))
    with tx() as db:
        assert feeds.with_audience(db, Notify.of(groups=[oslo])).people == {admin, operator}
        assert feeds.with_audience(db, Notify.of(people=["x"])).people == {"x"}  # no group, no audience


def test_who_may_follow_which_feed(tx, clock, login) -> None:
    admin, member = person(tx, clock, "a@oslo.kommune.no"), person(tx, clock, "m@oslo.kommune.no")
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    oslo = group(tx, clock, "Oslo kommune", admins=(admin,))
    as_admin, as_member, as_operator = login(admin), login(member), login(operator)
    with tx() as db:
        assert feeds.may_follow_group(db, as_admin(db), oslo) and feeds.may_follow_group(db, as_operator(db), oslo)
        assert not feeds.may_follow_group(db, as_member(db), oslo)
        assert feeds.may_follow_operators(db, as_operator(db)) and not feeds.may_follow_operators(db, as_admin(db))
        assert feeds.may_follow_person(as_member(db), member) and not feeds.may_follow_person(as_member(db), admin)


def test_the_pending_view_shows_what_an_administrator_needs(tx, clock) -> None:
    requester = person(tx, clock, "per@konsulent.no", "per@oslo.kommune.no", "per.soker@gmail.com", name="Per Søker")
    oslo = group(tx, clock, "Oslo kommune", "oslo.kommune.no", admins=(person(tx, clock, "admin@oslo.kommune.no"),))
    with tx() as db:
        ms.request_join(db, clock, person_id=requester, organisation_id=oslo, message="Innleid")
    with tx() as db:
        [row] = feeds.pending_view(db, oslo)
        addresses = "per@konsulent.no (annet domene), per@oslo.kommune.no (organisasjonens domene), per.soker@gmail.com (privat adresse)"
        assert (row.name, row.addresses, row.message, row.escalated) == ("Per Søker", addresses, "Innleid", False)
        assert feeds.pending_view(db, None) == [row]
        view = feeds.person_view(db, requester)
        assert [r.status for r in view.requests] == ["pending"] and view.memberships == [] and not view.is_admin
