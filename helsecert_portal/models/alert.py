"""Security alerts (varsler) with TLP 2.0, their audience, revisions, reads and each group's acknowledgement;
the outbox the mail worker drains. Values are codes (tlp, severity, state, status); texts/nb.py renders them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class Alert(SQLModel, table=True):
    id: str = id_field()
    reference: str = Field(unique=True, index=True, max_length=32)  # HKC-2026-0042
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=2000)
    body: str = Field(default="", max_length=20000)  # Markdown, rendered without raw HTML
    severity: str = Field(default="middels", max_length=16)  # kritisk | hoy | middels | lav
    cvss_score: float | None = None
    cvss_vector: str = Field(default="", max_length=200)
    cves: str = Field(default="", max_length=2000)  # space-separated CVE ids
    products: str = Field(default="", max_length=4000)
    actions: str = Field(default="", max_length=4000)
    links: str = Field(default="", max_length=4000)  # https references, one per line
    tlp: str = Field(default="AMBER", max_length=16)  # CLEAR | GREEN | AMBER | AMBER+STRICT | RED
    audience: str = Field(default="groups", max_length=16)  # all | kind | groups | persons
    audience_kind: str = Field(default="", max_length=32)  # the organisation kind when audience == kind
    state: str = Field(default="draft", index=True, max_length=16)  # draft | published | withdrawn
    revision: int = 0  # 0 while a draft; 1 when published, +1 for every update
    created_by: str = Field(foreign_key="person.id", max_length=32)
    created_at: datetime = at_field()
    published_at: datetime | None = at_field(nullable=True, index=True)
    updated_at: datetime | None = at_field(nullable=True)
    withdrawn_at: datetime | None = at_field(nullable=True)


class AlertGroup(SQLModel, table=True):
    """A chosen addressed group (audience == groups)."""

    __tablename__ = "alert_group"
    __table_args__ = (UniqueConstraint("alert_id", "organisation_id"),)

    id: str = id_field()
    alert_id: str = Field(foreign_key="alert.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)


class AlertRecipient(SQLModel, table=True):
    """A named person (audience == persons, TLP:RED)."""

    __tablename__ = "alert_recipient"
    __table_args__ = (UniqueConstraint("alert_id", "person_id"),)

    id: str = id_field()
    alert_id: str = Field(foreign_key="alert.id", index=True, max_length=32)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)


class AlertRevision(SQLModel, table=True):
    __tablename__ = "alert_revision"
    __table_args__ = (UniqueConstraint("alert_id", "number"),)

    id: str = id_field()
    alert_id: str = Field(foreign_key="alert.id", index=True, max_length=32)
    number: int
    at: datetime = at_field()
    by: str = Field(foreign_key="person.id", max_length=32)
    change: str = Field(default="", max_length=1000)  # what changed, as the operator wrote it


class AlertRead(SQLModel, table=True):
    """Which revision a person has seen: an update makes the alert unread again."""

    __tablename__ = "alert_read"
    __table_args__ = (UniqueConstraint("alert_id", "person_id"),)

    id: str = id_field()
    alert_id: str = Field(foreign_key="alert.id", index=True, max_length=32)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    revision: int = 0
    at: datetime = at_field()


class AlertAck(SQLModel, table=True):
    """One addressed group's status for an alert (the latest; history is in the audit log)."""

    __tablename__ = "alert_ack"
    __table_args__ = (UniqueConstraint("alert_id", "organisation_id"),)

    id: str = id_field()
    alert_id: str = Field(foreign_key="alert.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)
    status: str = Field(max_length=16)  # mottatt | vurderes | ikke_berort | tiltak_gjort
    note: str = Field(default="", max_length=1000)
    by: str = Field(foreign_key="person.id", max_length=32)
    at: datetime = at_field()


class OutboxMail(SQLModel, table=True):
    """An e-mail to send after the transaction that decided it. The address is looked up when it is sent."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "sent_at", "next_at"),)

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    kind: str = Field(max_length=32)  # alert.new | alert.updated | alert.reminder
    subject_id: str = Field(max_length=32)  # the alert
    organisation_id: str | None = Field(default=None, max_length=32)
    attempts: int = 0
    created_at: datetime = at_field()
    next_at: datetime = at_field()
    claimed_until: datetime | None = at_field(nullable=True)
    sent_at: datetime | None = at_field(nullable=True)


class MailFanout(SQLModel, table=True):
    """One e-mail to every reader of an alert, decided in the publishing transaction and expanded into
    `outbox_mail` rows by the worker in batches (person ids in order, after `cursor`), so publishing to
    20,000 members returns at once and a crash between batches loses or repeats nothing."""

    __tablename__ = "mail_fanout"

    id: str = id_field()
    kind: str = Field(max_length=32)  # alert.new | alert.updated
    subject_id: str = Field(max_length=32)  # the alert
    cursor: str = Field(default="", max_length=32)  # the last person id expanded
    created_at: datetime = at_field()
    done_at: datetime | None = at_field(nullable=True, index=True)
