"""Who did what, when, and why: every membership decision and login event is recorded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject_at", "subject_id", "at"),)

    id: str = id_field()
    at: datetime = at_field()
    actor_id: str | None = Field(default=None, max_length=32)
    action: str = Field(max_length=64)
    subject_id: str | None = Field(default=None, max_length=32)
    organisation_id: str | None = Field(default=None, index=True, max_length=32)
    detail: str = Field(default="", max_length=1000)  # data (a domain, a name, the requester's message), or the argument of detail_code
    detail_code: str = Field(default="", max_length=32)  # why, as a code the texts render (never Norwegian in the database)


class OperationalNotice(SQLModel, table=True):
    """Driftsmeldinger: shown as a banner on every page to their audience while active; public ones on the Forside.
    Ended notices are kept (the history); every change is in the audit log."""

    __tablename__ = "operational_notice"

    id: str = id_field()
    title: str = Field(max_length=200)
    body: str = Field(max_length=2000)
    severity: str = Field(default="info", max_length=16)  # info | warning | critical
    published_at: datetime = at_field(index=True)  # starts
    expires_at: datetime | None = at_field(nullable=True)  # ends (None: until ended)
    scope: str = Field(default="all", max_length=16)  # all | groups
    created_by: str | None = Field(default=None, foreign_key="person.id", max_length=32)
    updated_at: datetime | None = at_field(nullable=True)


class NoticeGroup(SQLModel, table=True):
    __tablename__ = "notice_group"
    __table_args__ = (UniqueConstraint("notice_id", "organisation_id"),)

    id: str = id_field()
    notice_id: str = Field(foreign_key="operational_notice.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)
