"""The outbox worker's round: send what is due, each mail decided again at sending time.

Sent only if the person still has a confirmed primary address, still wants such mail and still may read the
alert (TLP is checked when data is sent). TLP:AMBER, AMBER+STRICT and RED never travel by e-mail: those mails
say only that there is a new alert, with the link. A failure is retried later; nothing is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..core.clock import Clock
from ..core.mail import MailNotSent
from ..domain import alerts as al
from ..domain import outbox
from ..domain.alerts import Tlp
from ..domain.authorization import is_group_admin
from ..domain.membership import primary_address
from ..models import Alert, MailFanout, OutboxMail, Person
from ..texts import nb
from .outcome import Mail

log = logging.getLogger(__name__)
EXPAND_PER_ROUND = 20  # batches of 1,000 people
Send = Callable[[Mail], None]  # raises MailNotSent


@dataclass(frozen=True)
class Round:
    sent: int
    skipped: int
    failed: int


def compose(alert: Alert, kind: str, to: str, origin: str) -> Mail:
    tlp = Tlp(alert.tlp)
    link = f"{origin}/varsel?id={alert.id}"
    subject = nb.ALERT_MAIL_SUBJECT[kind].format(reference=alert.reference, tlp=tlp.label, severity=nb.SEVERITY[alert.severity])
    if tlp.mail_may_carry_content and kind != "alert.reminder":
        text = nb.ALERT_MAIL_OPEN.format(title=alert.title, summary=alert.summary, tlp=tlp.label, link=link)
    else:
        text = nb.ALERT_MAIL_CLOSED[kind].format(reference=alert.reference, tlp=tlp.label, link=link)
    return Mail(to=to, subject=subject, text=text)


def _decide(db: Session, row: OutboxMail, origin: str) -> Mail | None:
    alert, person = db.get(Alert, row.subject_id), db.get(Person, row.person_id)
    to = primary_address(db, row.person_id)
    if alert is None or person is None or not to or alert.state == al.State.DRAFT:
        return None
    if row.kind == "alert.reminder":  # still published, and still an administrator of the group reminded
        return compose(alert, row.kind, to, origin) if alert.state == al.State.PUBLISHED and is_group_admin(db, row.person_id, row.organisation_id or "") else None
    if row.kind != "alert.reminder" and (person.alert_mail == "none" or (person.alert_mail == "critical" and alert.severity != al.Severity.KRITISK)):
        return None
    if row.kind != "alert.reminder" and not al.may_read(db, alert, al.viewer(db, row.person_id)):
        return None
    return compose(alert, row.kind, to, origin)


def _fan_out_people(db: Session) -> outbox.People:
    def people(job: MailFanout) -> SelectOfScalar[str]:
        alert = db.get(Alert, job.subject_id)
        return al.wanting_mail(db, alert) if alert is not None else select(Person.id).where(col(Person.id) == "")

    return people


def drain(session: Callable[[], AbstractContextManager[Session]], clock: Clock, send: Send, origin: str, *, batch: int = 200) -> Round:
    """One round: expand pending fan-outs, claim due rows (committed at once), send each, record it sent or to retry."""
    for _ in range(EXPAND_PER_ROUND):
        with session() as db:
            if not outbox.expand(db, clock, _fan_out_people(db)) and not outbox.pending_fan_outs(db):
                break
    with session() as db:  # claimed and decided in one transaction (the decision is made when the mail goes)
        decided = [(r.id, _decide(db, r, origin)) for r in outbox.claim_due(db, clock, limit=batch)]
    skipped = [row_id for row_id, mail in decided if mail is None]
    if skipped:  # nothing to send (no address, no longer wanted or allowed): done, in one transaction
        with session() as db:
            for row_id in skipped:
                outbox.sent(db, clock, row_id)
    sent = 0
    mails = [(row_id, mail) for row_id, mail in decided if mail is not None]
    for n, (row_id, mail) in enumerate(mails):
        try:
            send(mail)
        except MailNotSent:  # the server is down or refuses: retry this one later, and give the rest back now
            with session() as db:
                if (row := db.get(OutboxMail, row_id)) is not None:
                    outbox.failed(db, clock, row)
                outbox.release(db, [i for i, _ in mails[n + 1 :]])
            return Round(sent, len(skipped), 1)
        with session() as db:  # each sent mail recorded at once: a crash never sends one twice
            outbox.sent(db, clock, row_id)
        sent += 1
    return Round(sent, len(skipped), 0)
