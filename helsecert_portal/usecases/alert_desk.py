"""CERT-drift › Varsler (/drift/varsler): write, import (CSAF 2.0), publish, update and withdraw alerts, and
follow each addressed group's acknowledgement. Operators only; the domain checks that on every call."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..domain import alerts as al
from ..domain import csaf_import, outbox
from ..domain import membership as ms
from ..domain.alerts import Alert, Draft
from ..domain.authorization import require_operator
from ..domain.organisations import person_by_address
from ..domain.sessions import Caller
from ..models import AlertAck, Organisation, Person
from ..texts import nb
from .alerts import AlertRow, row_of
from .feeds import Notify
from .outcome import Outcome
from .presentation import Choice, local_time


@dataclass(frozen=True)
class DeskRow:
    row: AlertRow
    state: str
    state_text: str
    answered: int
    addressed: int


@dataclass(frozen=True)
class AlertForm:
    """An alert as the form shows it (group and person choices with names)."""

    id: str
    reference: str
    state: str
    draft: Draft
    groups: list[Choice]
    persons: list[Choice]


@dataclass(frozen=True)
class AckRow:
    group_id: str
    group: str
    status: str
    status_text: str
    note: str
    by: str
    at: str
    answered: bool


def desk(db: Session, who: Caller) -> list[DeskRow]:
    alerts = al.all_for_desk(db, who.person.id)
    acks: dict[str, int] = {}
    for alert_id in db.exec(select(AlertAck.alert_id).where(col(AlertAck.alert_id).in_([a.id for a in alerts]))).all():
        acks[alert_id] = acks.get(alert_id, 0) + 1
    addressed = al.addressed_counts(db, alerts)
    return [DeskRow(row_of(a, a.revision), a.state, nb.ALERT_STATES[a.state], acks.get(a.id, 0), addressed[a.id]) for a in alerts]


def _group_names(db: Session, ids: list[str]) -> list[Choice]:
    rows = db.exec(select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(ids))).all() if ids else []
    return sorted((Choice(i, n) for i, n in rows), key=lambda c: c.name)


def _person_names(db: Session, ids: list[str]) -> list[Choice]:
    rows = db.exec(select(Person.id, Person.full_name).where(col(Person.id).in_(ids))).all() if ids else []
    return sorted((Choice(i, n) for i, n in rows), key=lambda c: c.name)


def form_of(db: Session, who: Caller, alert_id: str) -> AlertForm:
    require_operator(db, who.person.id)
    a = al.must_alert(db, alert_id)
    groups = al.addressed_groups(db, a) if a.audience == al.Audience.GROUPS else []
    persons = al.named_persons(db, a.id)
    draft = Draft(a.title, a.summary, a.body, a.severity, a.cvss_vector, a.cves, a.products, a.actions, a.links, a.tlp, a.audience, a.audience_kind, tuple(groups), tuple(persons))
    return AlertForm(a.id, a.reference, a.state, draft, _group_names(db, groups), _person_names(db, persons))


def resolve_persons(db: Session, addresses: list[str]) -> list[str]:
    """Named recipients (TLP:RED) are given by a confirmed address; each must be known."""
    return [person_by_address(db, a) for a in addresses if a.strip()]


def save(db: Session, clock: Clock, who: Caller, *, alert_id: str, draft: Draft, change: str = "", addresses: tuple[str, ...] = ()) -> Outcome[AlertForm]:
    """A new draft (alert_id ''), a draft edited, or a published alert updated (a revision; members are told).
    `addresses` name more TLP:RED recipients; they are looked up only after the caller is known to be an operator."""
    require_operator(db, who.person.id)
    draft = with_named(db, draft, list(addresses))
    if not alert_id:
        alert = al.create_draft(db, clock, actor_id=who.person.id, draft=draft)
        db.flush()
        return Outcome(form_of(db, who, alert.id))
    before = al.must_alert(db, alert_id).state
    alert = al.edit(db, clock, actor_id=who.person.id, alert_id=alert_id, draft=draft, change=change)
    db.flush()
    if before == al.State.PUBLISHED:
        _mail_readers(db, clock, alert, "alert.updated")
        return Outcome(form_of(db, who, alert.id), notify=Notify.of(bulletins=True))
    return Outcome(form_of(db, who, alert.id))


def import_csaf(db: Session, clock: Clock, who: Caller, raw: bytes) -> Outcome[AlertForm]:
    require_operator(db, who.person.id)
    draft = csaf_import.draft_of(raw)
    return save(db, clock, who, alert_id="", draft=draft)


def _mail_readers(db: Session, clock: Clock, alert: Alert, kind: str) -> None:
    """One fan-out row in this transaction; the worker expands it into a mail per reader who wants it."""
    outbox.fan_out(db, clock, kind=kind, subject_id=alert.id)


def publish(db: Session, clock: Clock, who: Caller, *, alert_id: str) -> Outcome[AlertForm]:
    """Published in one transaction with its e-mails queued (the worker sends them): the click returns at once."""
    alert = al.publish(db, clock, actor_id=who.person.id, alert_id=alert_id)
    db.flush()
    _mail_readers(db, clock, alert, "alert.new")
    return Outcome(form_of(db, who, alert.id), notify=Notify.of(bulletins=True))


def withdraw(db: Session, clock: Clock, who: Caller, *, alert_id: str, change: str) -> Outcome[AlertForm]:
    alert = al.withdraw(db, clock, actor_id=who.person.id, alert_id=alert_id, change=change)
    db.flush()
    return Outcome(form_of(db, who, alert.id), notify=Notify.of(bulletins=True))


def ack_table(db: Session, who: Caller, alert_id: str) -> list[AckRow]:
    """Each addressed group, its status, who set it and when: the groups that have not answered first."""
    require_operator(db, who.person.id)
    alert = al.must_alert(db, alert_id)
    groups = al.addressed_groups(db, alert)
    names = dict(db.exec(select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(groups))).all()) if groups else {}
    acks = {a.organisation_id: a for a in db.exec(select(AlertAck).where(AlertAck.alert_id == alert.id)).all()}
    people = dict(db.exec(select(Person.id, Person.full_name).where(col(Person.id).in_([a.by for a in acks.values()]))).all()) if acks else {}
    rows = []
    for g in groups:
        a = acks.get(g)
        rows.append(AckRow(g, names.get(g, ""), a.status if a else "", nb.ACK_STATUS.get(a.status, "") if a else nb.ACK_NONE, a.note if a else "", people.get(a.by, "") if a else "", local_time(a.at) if a else "", a is not None))
    return sorted(rows, key=lambda r: (r.answered, r.group))


def remind(db: Session, clock: Clock, who: Caller, *, alert_id: str, group_id: str) -> Outcome[int]:
    """An e-mail to the administrators of a group that has not answered (queued in the outbox)."""
    require_operator(db, who.person.id)
    alert = al.must_alert(db, alert_id)
    if group_id not in al.addressed_groups(db, alert):
        raise al.AlertNotFound()
    admins = ms.group_admin_ids(db, group_id)
    return Outcome(outbox.enqueue(db, clock, person_ids=admins, kind="alert.reminder", subject_id=alert.id, organisation_id=group_id))


def with_named(db: Session, draft: Draft, addresses: list[str]) -> Draft:
    return replace(draft, person_ids=tuple(resolve_persons(db, addresses))) if addresses else draft

