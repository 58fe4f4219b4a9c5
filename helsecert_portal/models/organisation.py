"""Organisations (member groups), their e-mail domains, administrators, members and requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class Organisation(SQLModel, table=True):
    id: str = id_field()
    name: str = Field(index=True, max_length=200)
    search_name: str = Field(index=True, max_length=200)
    org_number: str | None = Field(default=None, unique=True, max_length=9)
    kind: str = Field(max_length=32)
    created_at: datetime = at_field()


class CatalogueVersion(SQLModel, table=True):
    """One row, given a new random version in the transaction that adds or renames an organisation: every process's
    in-memory catalogue for typo-tolerant search (domain/group_search.py) is rebuilt when its version differs."""

    __tablename__ = "catalogue_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0)


class EmailDomain(SQLModel, table=True):
    __tablename__ = "email_domain"

    id: str = id_field()
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)
    domain: str = Field(unique=True, index=True, max_length=253)
    created_at: datetime = at_field()


class GroupAdmin(SQLModel, table=True):
    __tablename__ = "group_admin"
    __table_args__ = (UniqueConstraint("organisation_id", "person_id"),)

    id: str = id_field()
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    created_at: datetime = at_field()


class Membership(SQLModel, table=True):
    """One row per basis: an address (auto-link) or an approved request (email_id empty)."""

    __table_args__ = (UniqueConstraint("person_id", "organisation_id", "email_id"),)

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)
    email_id: str | None = Field(default=None, foreign_key="email_address.id", max_length=32)
    source: str = Field(max_length=16)
    created_at: datetime = at_field()


class JoinRequest(SQLModel, table=True):
    __tablename__ = "join_request"
    __table_args__ = (
        Index("ix_join_request_group_status", "organisation_id", "status"),
        # One open request per person and group, enforced by the database even under concurrency.
        Index(
            "uq_join_request_open",
            "person_id",
            "organisation_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", max_length=32)
    message: str = Field(default="", max_length=1000)
    status: str = Field(default="pending", max_length=16)
    decided_by: str | None = Field(default=None, foreign_key="person.id", max_length=32)
    decision_reason: str = Field(default="", max_length=1000)
    created_at: datetime = at_field()
    decided_at: datetime | None = at_field(nullable=True)
    escalated_at: datetime | None = at_field(nullable=True)
