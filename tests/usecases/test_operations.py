"""CERT-drift as use cases: operators only; appointing and removing an administrator notifies that person."""

from __future__ import annotations

import pytest

from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.usecases import operations as ops
from tests.domain.test_membership import group, person


def test_only_operators_get_anything(tx, clock, login) -> None:
    someone = person(tx, clock, "x@oslo.kommune.no")
    oslo = group(tx, clock, "Oslo kommune")
    for call in (lambda db, who: ops.overview(db, who), lambda db, who: ops.search(db, who, "oslo"), lambda db, who: ops.add_admin(db, clock, who, group_id=oslo, address="x@oslo.kommune.no")):
        with pytest.raises(NotAllowed), tx() as db:
            call(db, login(someone)(db))


def test_appointing_and_removing_an_administrator_reaches_that_person_and_the_group(tx, clock, login) -> None:
    operator = person(tx, clock, "op@helsecert.no", operator=True)
    kari = person(tx, clock, "kari@oslo.kommune.no", name="Kari Admin")
    oslo = group(tx, clock, "Oslo kommune")
    with tx() as db:
        added = ops.add_admin(db, clock, login(operator)(db), group_id=oslo, address="kari@oslo.kommune.no")
    assert added.notify.people == {kari} and added.notify.groups == {oslo}
    assert [a.name for a in added.value.group.admins] == ["Kari Admin"]
    with tx() as db:
        removed = ops.remove_admin(db, clock, login(operator)(db), group_id=oslo, person_id=kari)
    assert removed.notify.people == {kari} and removed.value.group.admins == []
    assert "Administrator fjernet" in [line.action for line in removed.value.audit]
