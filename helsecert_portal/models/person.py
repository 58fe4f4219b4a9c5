"""A person is an internal id; pid is only a keyed digest plus a masked form for display."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class Person(SQLModel, table=True):
    id: str = id_field()
    pid_digest: str = Field(unique=True, index=True, max_length=64)
    pid_masked: str = Field(max_length=16)
    full_name: str = Field(default="", max_length=200)
    idp_name: str = Field(default="", max_length=200)
    is_operator: bool = False
    created_at: datetime = at_field()
    registered_at: datetime | None = at_field(nullable=True)


class EmailAddress(SQLModel, table=True):
    __tablename__ = "email_address"

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    address: str = Field(index=True, max_length=254)
    domain: str = Field(index=True, max_length=253)
    is_primary: bool = False
    created_at: datetime = at_field()
    verified_at: datetime | None = at_field(nullable=True)
