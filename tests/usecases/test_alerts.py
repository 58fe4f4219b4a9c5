"""Alerts as use cases: publishing queues mails in the outbox, the worker delivers each once through SMTP
outages, e-mail never carries AMBER/RED content, CSAF import, acknowledgement and the per-tab bulletin view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from helsecert_portal.core import mail_catcher
from helsecert_portal.core.mail import MailSender
from helsecert_portal.domain import alerts as al
from helsecert_portal.domain import outbox
from helsecert_portal.domain.alerts import Draft
from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.domain.csaf_import import CsafInvalid, CsafUnreadable
from helsecert_portal.models import OutboxMail, Person
from helsecert_portal.usecases import alert_desk, alerts, bulletins, mail_outbox
from helsecert_portal.usecases.outcome import Mail
from tests.conftest import free_port
from tests.domain.test_alerts import member
from tests.domain.test_membership import group, person

CSAF = Path(__file__).parents[1] / "data" / "csaf_fortios_sslvpn.json"
ORIGIN = "https://portal.test"


@pytest.fixture
def world(tx, clock, login):
    w = {"op": person(tx, clock, "op@helsecert.no", operator=True), "oslo": group(tx, clock, "Oslo kommune"), "tromso": group(tx, clock, "Tromsø kommune")}
    w["ola"], w["tore"] = person(tx, clock, "ola@oslo.kommune.no", name="Ola"), person(tx, clock, "tore@tromso.kommune.no", name="Tore")
    member(tx, clock, w["ola"], w["oslo"])
    member(tx, clock, w["tore"], w["tromso"])
    w["who"] = {k: login(w[k]) for k in ("op", "ola", "tore")}  # sessions started before any test transaction
    return w


def amber_to_oslo(tx, clock, login, w, **extra) -> str:
    with tx() as db:
        form = alert_desk.save(db, clock, w["who"]["op"](db), alert_id="", draft=Draft(title="Secret FortiOS detail", summary="Only Oslo may know", tlp="AMBER", group_ids=(w["oslo"],), **extra)).value
        alert_desk.publish(db, clock, w["who"]["op"](db), alert_id=form.id)
        return form.id


def test_amber_mail_says_only_that_there_is_an_alert_and_clear_mail_carries_the_summary(tx, clock, login, world) -> None:
    amber_to_oslo(tx, clock, login, world)
    sent: list[Mail] = []
    assert mail_outbox.drain(tx, clock, sent.append, ORIGIN).sent == 1
    assert [m.to for m in sent] == ["ola@oslo.kommune.no"]
    assert "Secret" not in sent[0].subject + sent[0].text and "Only Oslo" not in sent[0].text
    assert f"{ORIGIN}/varsel?id=" in sent[0].text
    with tx() as db:
        form = alert_desk.save(db, clock, world["who"]["op"](db), alert_id="", draft=Draft(title="Public FortiOS", summary="Everyone may know", tlp="CLEAR", audience="all")).value
        alert_desk.publish(db, clock, world["who"]["op"](db), alert_id=form.id)
    sent.clear()
    mail_outbox.drain(tx, clock, sent.append, ORIGIN)
    assert {m.to for m in sent} == {"op@helsecert.no", "ola@oslo.kommune.no", "tore@tromso.kommune.no"}
    assert all("Everyone may know" in m.text for m in sent)


def test_each_persons_choice_and_right_is_decided_when_the_mail_is_sent(tx, clock, login, world) -> None:
    with tx() as db:
        tore = db.get(Person, world["tore"])
        tore.alert_mail = "critical"
        db.add(tore)
    with tx() as db:
        form = alert_desk.save(db, clock, world["who"]["op"](db), alert_id="", draft=Draft(title="T", summary="S", tlp="GREEN", audience="all", severity="hoy")).value
        alert_desk.publish(db, clock, world["who"]["op"](db), alert_id=form.id)
    with tx() as db:  # the worker expands the fan-out: Ola, not Tore (critical ones only)
        assert outbox.expand(db, clock, mail_outbox._fan_out_people(db)) == 1
    with tx() as db:  # Ola leaves his group after his mail was queued, before it is sent
        from helsecert_portal.models import Membership

        for m in db.exec(select(Membership).where(Membership.person_id == world["ola"])).all():
            db.delete(m)
    sent: list[Mail] = []
    result = mail_outbox.drain(tx, clock, sent.append, ORIGIN)
    assert sent == [] and result.skipped == 1  # Ola may no longer read it


def test_smtp_down_then_up_delivers_every_mail_exactly_once(tx, clock, login, world, tmp_path) -> None:
    for n in range(3):
        member(tx, clock, person(tx, clock, f"m{n}@oslo.kommune.no", name="M"), world["oslo"])
    amber_to_oslo(tx, clock, login, world)
    port, folder = free_port(), tmp_path / "mail"
    sender = MailSender("127.0.0.1", port, "none", "", "", "HelseCERT <noreply@helsecert.no>", timeout=2)

    def send(m: Mail) -> None:
        sender.send(to=m.to, subject=m.subject, text=m.text)

    down = mail_outbox.drain(tx, clock, send, ORIGIN)  # nothing listens on the port
    assert (down.sent, down.failed) == (0, 1)
    with tx() as db:
        assert len(db.exec(select(OutboxMail).where(OutboxMail.sent_at.is_(None))).all()) == 4  # type: ignore[union-attr]
    controller = mail_catcher.start(folder, port)
    try:
        assert mail_outbox.drain(tx, clock, send, ORIGIN).sent == 3  # the failed one waits for its retry time
        clock.advance(minutes=2)
        assert mail_outbox.drain(tx, clock, send, ORIGIN).sent == 1
        clock.advance(hours=1)
        assert mail_outbox.drain(tx, clock, send, ORIGIN).sent == 0
    finally:
        controller.stop()
    assert sorted(m.to for m in mail_catcher.messages(folder)) == ["m0@oslo.kommune.no", "m1@oslo.kommune.no", "m2@oslo.kommune.no", "ola@oslo.kommune.no"]


def test_a_valid_csaf_advisory_becomes_a_draft_with_its_facts(tx, clock, login, world) -> None:
    with tx() as db:
        form = alert_desk.import_csaf(db, clock, world["who"]["op"](db), CSAF.read_bytes()).value
    d = form.draft
    assert (form.state, d.tlp, d.audience, d.severity, d.cves) == ("draft", "AMBER", "groups", "kritisk", "CVE-2024-21762")
    assert d.cvss_vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" and "FortiOS 7.4.3" not in d.products and "FortiOS 7.2.0 - 7.2.6" in d.products
    assert "https://www.fortiguard.com/psirt/FG-IR-24-015" in d.links.splitlines() and "Upgrade to FortiOS 7.4.3" in d.actions
    with pytest.raises(al.AudienceMissing), tx() as db:  # an imported AMBER draft waits for its groups
        alert_desk.publish(db, clock, world["who"]["op"](db), alert_id=form.id)


@pytest.mark.parametrize(
    ("raw", "error", "where"),
    [
        (b"not json", CsafUnreadable, None),
        (b"[1, 2]", CsafUnreadable, None),
        (json.dumps({"document": {"title": "x"}}).encode(), CsafInvalid, "/document"),
        (CSAF.read_bytes().replace(b'"CVE-2024-21762"', b'"CVE-24-1"', 1), CsafInvalid, "/vulnerabilities/0/cve"),
        (CSAF.read_bytes().replace(b'"known_affected": ["CSAFPID-0001"', b'"known_affected": ["CSAFPID-9999"', 1), CsafInvalid, None),
    ],
)
def test_a_broken_csaf_document_is_refused_naming_what_is_wrong(tx, clock, login, world, raw, error, where) -> None:
    with pytest.raises(error) as caught, tx() as db:
        alert_desk.import_csaf(db, clock, world["who"]["op"](db), raw)
    if where:
        assert caught.value.where == where


def test_a_non_operator_can_neither_import_nor_read_the_acknowledgement_table(tx, clock, login, world) -> None:
    alert_id = amber_to_oslo(tx, clock, login, world)
    for call in (
        lambda db, who: alert_desk.import_csaf(db, clock, who, CSAF.read_bytes()),
        lambda db, who: alert_desk.ack_table(db, who, alert_id),
        lambda db, who: alert_desk.remind(db, clock, who, alert_id=alert_id, group_id=world["oslo"]),
        lambda db, who: alert_desk.desk(db, who),
    ):
        with pytest.raises(NotAllowed), tx() as db:
            call(db, world["who"]["ola"](db))


def test_a_member_acknowledges_for_the_group_and_the_table_shows_unanswered_first(tx, clock, login, world) -> None:
    with tx() as db:
        form = alert_desk.save(db, clock, world["who"]["op"](db), alert_id="", draft=Draft(title="T", summary="S", tlp="AMBER", group_ids=(world["oslo"], world["tromso"]))).value
        alert_desk.publish(db, clock, world["who"]["op"](db), alert_id=form.id)
    with tx() as db:
        done = alerts.acknowledge(db, clock, world["who"]["ola"](db), alert_id=form.id, group_id=world["oslo"], status="vurderes", note="Vi sjekker")
    assert done.notify.bulletins and [(a.group, a.status) for a in done.value.acks] == [("Oslo kommune", "vurderes")]
    with pytest.raises(al.AlertNotFound), tx() as db:  # Ola cannot answer for Tromsø
        alerts.acknowledge(db, clock, world["who"]["ola"](db), alert_id=form.id, group_id=world["tromso"], status="mottatt", note="")
    with tx() as db:
        table = alert_desk.ack_table(db, world["who"]["op"](db), form.id)
        assert [(r.group, r.status, r.by) for r in table] == [("Tromsø kommune", "", ""), ("Oslo kommune", "vurderes", "Ola")]
        assert alert_desk.remind(db, clock, world["who"]["op"](db), alert_id=form.id, group_id=world["tromso"]).value == 0  # Tromsø has no administrator


def test_the_bulletin_view_of_a_member_of_another_group_holds_nothing_of_an_amber_alert(tx, clock, login, world) -> None:
    alert_id = amber_to_oslo(tx, clock, login, world)
    showing = [bulletins.Showing("alerts"), bulletins.Showing("alert", alert_id=alert_id), bulletins.Showing("group", group_id=world["oslo"]), bulletins.Showing("desk", alert_id=alert_id)]
    with tx() as db:
        for s in showing:
            view = bulletins.view_for(db, clock, world["who"]["tore"](db), s)
            assert alert_id not in repr(view) and "Secret" not in repr(view) and view.unread == 0
        ola = bulletins.view_for(db, clock, world["who"]["ola"](db), bulletins.Showing("alerts"))
        assert [r.id for r in ola.rows or []] == [alert_id] and ola.unread == 1
    with tx() as db:
        opened = alerts.open_alert(db, clock, world["who"]["ola"](db), alert_id).value
        assert opened.row.tlp_label == "TLP:AMBER"
    with tx() as db:
        assert bulletins.view_for(db, clock, world["who"]["ola"](db), bulletins.Showing()).unread == 0


def test_a_notice_that_starts_or_ends_on_its_own_changes_every_tabs_banners(tx, clock, login, world) -> None:
    from datetime import timedelta

    from helsecert_portal.domain.notices import NoticeForm
    from helsecert_portal.usecases import housekeeping, notices

    start = clock.now() + timedelta(minutes=10)
    with tx() as db:
        notices.save(db, clock, world["who"]["op"](db), notice_id="", form=NoticeForm("Vedlikehold", "Kort nedetid", "warning", start, start + timedelta(hours=1), (world["oslo"],)))
    with tx() as db:
        assert not housekeeping.notices_turned(db, clock.now() - timedelta(minutes=1), clock.now())
        assert bulletins.view_for(db, clock, world["who"]["ola"](db), bulletins.Showing()).banners == []
    clock.advance(minutes=11)
    ola, tore = login(world["ola"]), login(world["tore"])  # fresh sessions after the clock moved
    with tx() as db:
        assert housekeeping.notices_turned(db, clock.now() - timedelta(minutes=5), clock.now()).bulletins
        assert [b.title for b in bulletins.view_for(db, clock, ola(db), bulletins.Showing()).banners] == ["Vedlikehold"]
        assert bulletins.view_for(db, clock, tore(db), bulletins.Showing()).banners == []  # scoped to Oslo
        assert bulletins.view_for(db, clock, None, bulletins.Showing()).banners == []
    clock.advance(hours=1)
    ola = login(world["ola"])
    with tx() as db:
        assert housekeeping.notices_turned(db, clock.now() - timedelta(minutes=5), clock.now()).bulletins
        assert bulletins.view_for(db, clock, ola(db), bulletins.Showing()).banners == []


def test_a_fan_out_to_many_is_expanded_in_batches_each_person_once(tx, clock, login, world) -> None:
    for n in range(7):
        member(tx, clock, person(tx, clock, f"b{n}@oslo.kommune.no", name="B"), world["oslo"])
    amber_to_oslo(tx, clock, login, world)
    with tx() as db:
        people = mail_outbox._fan_out_people(db)
        assert [outbox.expand(db, clock, people, batch=3) for _ in range(4)] == [3, 3, 2, 0]  # 8 Oslo members, then done
        assert not outbox.pending_fan_outs(db)
    with tx() as db:
        rows = db.exec(select(OutboxMail.person_id)).all()
        assert len(rows) == len(set(rows)) == 8


def test_a_live_rounds_shared_read_gives_each_viewer_the_same_view_as_their_own_page_load(tx, clock, login, world) -> None:
    amber_to_oslo(tx, clock, login, world)
    with tx() as db:
        alert_desk.publish(db, clock, world["who"]["op"](db), alert_id=alert_desk.save(db, clock, world["who"]["op"](db), alert_id="", draft=Draft(title="Rødt", summary="R", tlp="RED", audience="persons", person_ids=(world["tore"],))).value.id)
        common = bulletins.shared(db, clock)
        for who in (world["who"]["ola"](db), world["who"]["tore"](db), world["who"]["op"](db), None):
            for showing in (bulletins.Showing("alerts"), bulletins.Showing("group", group_id=world["oslo"]), bulletins.Showing()):
                assert bulletins.view_for(db, clock, who, showing, common) == bulletins.view_for(db, clock, who, showing)


def test_addresses_are_looked_up_only_for_an_operator_and_an_update_cannot_remove_every_reader(tx, clock, login, world) -> None:
    with pytest.raises(NotAllowed), tx() as db:  # not PersonNotFound: a member learns nothing about who is registered
        alert_desk.save(db, clock, world["who"]["ola"](db), alert_id="", draft=Draft(title="T", summary="S", tlp="RED", audience="persons"), addresses=("nobody@nowhere.no",))
    alert_id = amber_to_oslo(tx, clock, login, world)
    with pytest.raises(al.AudienceMissing), tx() as db:
        alert_desk.save(db, clock, world["who"]["op"](db), alert_id=alert_id, draft=Draft(title="T", summary="S", tlp="AMBER", audience="groups"), change="Ingen grupper")


def test_saving_the_same_status_again_changes_nothing_and_reaches_no_one(tx, clock, login, world) -> None:
    alert_id = amber_to_oslo(tx, clock, login, world)
    for expected in (True, False):
        with tx() as db:
            done = alerts.acknowledge(db, clock, world["who"]["ola"](db), alert_id=alert_id, group_id=world["oslo"], status="mottatt", note="")
        assert done.notify.bulletins is expected


def test_a_reminder_is_sent_only_while_the_alert_stands_and_the_recipient_administers_the_group(tx, clock, login, world) -> None:
    from helsecert_portal.models import GroupAdmin

    alert_id = amber_to_oslo(tx, clock, login, world)
    with tx() as db:
        db.add(GroupAdmin(organisation_id=world["oslo"], person_id=world["ola"], created_at=clock.now()))
    with tx() as db:
        assert alert_desk.remind(db, clock, world["who"]["op"](db), alert_id=alert_id, group_id=world["oslo"]).value == 1
    with tx() as db:
        for row in db.exec(select(GroupAdmin).where(GroupAdmin.person_id == world["ola"])).all():
            db.delete(row)
    sent: list[Mail] = []
    mail_outbox.drain(tx, clock, sent.append, ORIGIN)
    assert [m.subject for m in sent if "Påminnelse" in m.subject] == []  # no longer an administrator
