"""Administrer medlemsgruppe as use cases: who may open it, what a decision mails and notifies."""

from __future__ import annotations

import pytest

from helsecert_portal.domain import membership as ms
from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.usecases import administer
from tests.domain.test_membership import group, person


@pytest.fixture
def oslo_with_request(tx, clock):
    admin = person(tx, clock, "admin@oslo.kommune.no", name="Anne Admin")
    requester = person(tx, clock, "per@konsulent.no", name="Per Søker")
    oslo = group(tx, clock, "Oslo kommune", admins=(admin,))
    with tx() as db:
        request_id = ms.request_join(db, clock, person_id=requester, organisation_id=oslo, message="").id
    return admin, requester, oslo, request_id


def test_the_dashboard_opens_for_the_groups_administrator_only(tx, clock, login, oslo_with_request) -> None:
    admin, requester, oslo, _ = oslo_with_request
    with tx() as db:
        board = administer.open_dashboard(db, login(admin)(db), wanted="")
        assert board is not None and board.group_id == oslo and [p.name for p in board.contents.pending] == ["Per Søker"]
    with pytest.raises(NotAllowed), tx() as db:
        administer.open_dashboard(db, login(requester)(db), wanted=oslo)
    with tx() as db:
        assert administer.open_dashboard(db, login(requester)(db), wanted="") is None  # administers nothing


def test_a_decision_says_whom_to_mail_and_which_feeds_to_notify(tx, clock, login, oslo_with_request) -> None:
    admin, requester, oslo, request_id = oslo_with_request
    with tx() as db:
        outcome = administer.decide(db, clock, login(admin)(db), group_id=oslo, request_ids=[request_id], approve=True)
    [mail] = outcome.mails
    assert mail.to == "per@konsulent.no" and "Oslo kommune" in mail.text
    assert outcome.notify.groups == {oslo} and outcome.notify.people == {requester}
    assert outcome.value.pending == [] and "Per Søker" in [m.name for m in outcome.value.members]


def test_a_refused_removal_notifies_nothing_and_a_real_one_names_only_the_removed(tx, clock, login, oslo_with_request) -> None:
    admin, requester, oslo, request_id = oslo_with_request
    with pytest.raises(ms.NotAMember), tx() as db:
        administer.remove_member(db, clock, login(admin)(db), group_id=oslo, person_id="f" * 32)  # an id from a forged event
    with tx() as db:
        administer.decide(db, clock, login(admin)(db), group_id=oslo, request_ids=[request_id], approve=True)
    with tx() as db:
        outcome = administer.remove_member(db, clock, login(admin)(db), group_id=oslo, person_id=requester.upper().lower())
    assert outcome.notify.people == {requester} and outcome.notify.groups == {oslo}
