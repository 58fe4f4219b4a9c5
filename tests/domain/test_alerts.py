"""TLP 2.0 as the domain enforces it: every label against every kind of viewer and audience, revisions and withdrawal."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helsecert_portal.domain import alerts as al
from helsecert_portal.domain.alerts import Draft
from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.models import AlertRevision, AuditEvent, Membership, Organisation
from tests.domain.test_membership import group, person


def member(tx, clock, person_id: str, group_id: str) -> None:
    with tx() as db:
        db.add(Membership(person_id=person_id, organisation_id=group_id, source="operator", created_at=clock.now()))


@pytest.fixture
def world(tx, clock):
    """An operator, Oslo (kommune) and Bergen HF (helseforetak) with one member each, a member of no group, and Tromsø."""
    w = {"op": person(tx, clock, "op@helsecert.no", operator=True), "oslo": group(tx, clock, "Oslo kommune"), "tromso": group(tx, clock, "Tromsø kommune")}
    w["bergen"] = group(tx, clock, "Helse Bergen HF")
    with tx() as db:
        hf = db.get(Organisation, w["bergen"])
        hf.kind = "helseforetak"
        db.add(hf)
    w["ola"], w["hilde"], w["tore"], w["loner"] = (person(tx, clock, f"{n}@x.no", name=n.title()) for n in ("ola", "hilde", "tore", "loner"))
    member(tx, clock, w["ola"], w["oslo"])
    member(tx, clock, w["hilde"], w["bergen"])
    member(tx, clock, w["tore"], w["tromso"])
    return w


def published(tx, clock, w, **fields) -> str:
    with tx() as db:
        alert = al.create_draft(db, clock, actor_id=w["op"], draft=Draft(title="FortiOS", summary="Patch now", **fields))
        al.publish(db, clock, actor_id=w["op"], alert_id=alert.id)
        return alert.id


def can_read(tx, w, alert_id: str) -> dict[str, bool]:
    with tx() as db:
        alert = al.must_alert(db, alert_id)
        out = {who: al.may_read(db, alert, al.viewer(db, w[who])) for who in ("op", "ola", "hilde", "tore", "loner")}
        out["anonymous"] = al.may_read(db, alert, al.ANONYMOUS)
        listed = {who for who in ("ola", "hilde", "tore", "loner") if alert_id in [a.id for a in al.readable(db, al.viewer(db, w[who]))]}
        assert listed == {who for who in ("ola", "hilde", "tore", "loner") if out[who]}, "the SQL filter and the rule must agree"
        assert set(al.readers(db, alert)) - {w["op"]} == {w[who] for who in ("ola", "hilde", "tore", "loner") if out[who]}, "the mail audience is the same rule"
    return out


def test_clear_is_public(tx, clock, world) -> None:
    assert all(can_read(tx, world, published(tx, clock, world, tlp="CLEAR", audience="all")).values())


def test_green_reaches_every_member_of_any_group_but_not_anonymous_or_groupless(tx, clock, world) -> None:
    seen = can_read(tx, world, published(tx, clock, world, tlp="GREEN", audience="all"))
    assert seen == {"op": True, "ola": True, "hilde": True, "tore": True, "loner": False, "anonymous": False}


@pytest.mark.parametrize("tlp", ["AMBER", "AMBER+STRICT"])
def test_amber_reaches_only_the_addressed_groups(tx, clock, world, tlp) -> None:
    seen = can_read(tx, world, published(tx, clock, world, tlp=tlp, audience="groups", group_ids=(world["oslo"],)))
    assert seen == {"op": True, "ola": True, "hilde": False, "tore": False, "loner": False, "anonymous": False}


def test_amber_to_a_kind_reaches_the_groups_of_that_kind(tx, clock, world) -> None:
    seen = can_read(tx, world, published(tx, clock, world, tlp="AMBER", audience="kind", audience_kind="helseforetak"))
    assert seen == {"op": True, "ola": False, "hilde": True, "tore": False, "loner": False, "anonymous": False}


def test_amber_to_all_groups_reaches_members_only(tx, clock, world) -> None:
    seen = can_read(tx, world, published(tx, clock, world, tlp="AMBER", audience="all"))
    assert seen == {"op": True, "ola": True, "hilde": True, "tore": True, "loner": False, "anonymous": False}


def test_red_reaches_only_the_named_persons_and_each_opening_is_audited(tx, clock, world) -> None:
    alert_id = published(tx, clock, world, tlp="RED", audience="persons", person_ids=(world["hilde"], world["loner"]))
    assert can_read(tx, world, alert_id) == {"op": True, "ola": False, "hilde": True, "tore": False, "loner": True, "anonymous": False}
    with tx() as db:
        al.mark_read(db, clock, al.must_alert(db, alert_id), world["hilde"])
        al.mark_read(db, clock, al.must_alert(db, alert_id), world["hilde"])
    with tx() as db:
        assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "alert.opened", AuditEvent.subject_id == alert_id)).all()) == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"tlp": "RED", "audience": "groups"},  # red needs named persons
        {"tlp": "AMBER", "audience": "persons"},  # named persons only with red
        {"tlp": "PURPLE", "audience": "all"},
        {"tlp": "AMBER", "audience": "kind", "audience_kind": "nope"},
        {"tlp": "AMBER", "audience": "groups", "group_ids": ("f" * 32,)},
    ],
)
def test_an_audience_that_does_not_fit_the_label_is_refused(tx, clock, world, fields) -> None:
    with pytest.raises((al.AudienceInvalid, al.TlpInvalid)), tx() as db:
        al.create_draft(db, clock, actor_id=world["op"], draft=Draft(title="T", summary="S", **fields))


def test_a_draft_without_its_groups_cannot_be_published(tx, clock, world) -> None:
    with tx() as db:
        alert = al.create_draft(db, clock, actor_id=world["op"], draft=Draft(title="T", summary="S", tlp="AMBER", audience="groups"))
    with pytest.raises(al.AudienceMissing), tx() as db:
        al.publish(db, clock, actor_id=world["op"], alert_id=alert.id)


def test_drafts_are_the_operators_alone_and_only_operators_write(tx, clock, world) -> None:
    with tx() as db:
        draft = al.create_draft(db, clock, actor_id=world["op"], draft=Draft(title="T", summary="S", tlp="CLEAR", audience="all"))
        assert not al.may_read(db, draft, al.ANONYMOUS) and not al.may_read(db, draft, al.viewer(db, world["ola"]))
    for call in (
        lambda db: al.create_draft(db, clock, actor_id=world["ola"], draft=Draft(title="T", summary="S", tlp="CLEAR", audience="all")),
        lambda db: al.publish(db, clock, actor_id=world["ola"], alert_id=draft.id),
        lambda db: al.withdraw(db, clock, actor_id=world["ola"], alert_id=draft.id, change="x"),
    ):
        with pytest.raises(NotAllowed), tx() as db:
            call(db)


def test_an_update_is_a_revision_that_makes_it_unread_and_withdrawal_keeps_it_readable(tx, clock, world) -> None:
    alert_id = published(tx, clock, world, tlp="AMBER", audience="groups", group_ids=(world["oslo"],))
    with tx() as db:
        al.mark_read(db, clock, al.must_alert(db, alert_id), world["ola"])
        assert al.read_revisions(db, world["ola"], [alert_id]) == {alert_id: 1}
    with pytest.raises(al.AlertFieldRequired), tx() as db:  # a published alert's update says what changed
        al.edit(db, clock, actor_id=world["op"], alert_id=alert_id, draft=Draft(title="FortiOS 7.4", summary="Patch", tlp="AMBER", group_ids=(world["oslo"],)))
    with tx() as db:
        al.edit(db, clock, actor_id=world["op"], alert_id=alert_id, draft=Draft(title="FortiOS 7.4", summary="Patch", tlp="AMBER", group_ids=(world["oslo"],)), change="Fixed versions")
    with tx() as db:
        alert = al.must_alert(db, alert_id)
        assert alert.revision == 2 and alert.updated_at is not None
        assert [r.change for r in db.exec(select(AlertRevision).where(AlertRevision.alert_id == alert_id).order_by(AlertRevision.number)).all()] == ["", "Fixed versions"]
        al.withdraw(db, clock, actor_id=world["op"], alert_id=alert_id, change="Wrong product")
    with tx() as db:
        alert = al.must_alert(db, alert_id)
        assert alert.state == "withdrawn" and al.may_read(db, alert, al.viewer(db, world["ola"])) and not al.may_read(db, alert, al.viewer(db, world["tore"]))
    with pytest.raises(al.AlertNotEditable), tx() as db:
        al.edit(db, clock, actor_id=world["op"], alert_id=alert_id, draft=Draft(title="x", summary="y", tlp="CLEAR", audience="all"), change="z")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("cves", "CVE-2024-1 CVE-2024-21762", al.CveInvalid),
        ("cves", "2024-21762", al.CveInvalid),
        ("links", "http://example.com/advisory", al.LinkInvalid),
        ("links", "javascript:alert(1)", al.LinkInvalid),
        ("cvss_vector", "CVSS:3.1/AV:N/AC:L", al.CvssInvalid),
        ("title", "", al.AlertFieldRequired),
        ("summary", "x" * 2001, al.AlertTextTooLong),
    ],
)
def test_bad_fields_are_named(tx, clock, world, field, value, error) -> None:
    values = {"title": "T", "summary": "S", "tlp": "CLEAR", "audience": "all", field: value}
    with pytest.raises(error), tx() as db:
        al.create_draft(db, clock, actor_id=world["op"], draft=Draft(**values))


def test_cvss_score_comes_from_the_vector_and_references_are_numbered_per_year(tx, clock, world) -> None:
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    with tx() as db:
        a = al.create_draft(db, clock, actor_id=world["op"], draft=Draft(title="T", summary="S", tlp="CLEAR", audience="all", cvss_vector=vector, cves="cve-2024-21762, CVE-2024-21762"))
        b = al.create_draft(db, clock, actor_id=world["op"], draft=Draft(title="T", summary="S", tlp="CLEAR", audience="all"))
        assert (a.cvss_score, a.cves) == (9.8, "CVE-2024-21762")
        year = clock.now().year
        assert (a.reference, b.reference) == (f"HKC-{year}-0001", f"HKC-{year}-0002")
