"""One-time codes: only the keyed digest is stored, bound to person, address and purpose."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class VerificationCode(SQLModel, table=True):
    __tablename__ = "verification_code"
    __table_args__ = (Index("ix_verification_code_email_created", "email_id", "created_at"),)

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    email_id: str = Field(foreign_key="email_address.id", max_length=32)
    purpose: str = Field(max_length=32)
    code_digest: str = Field(max_length=64)
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    failed_attempts: int = 0
    used_at: datetime | None = at_field(nullable=True)
    voided_at: datetime | None = at_field(nullable=True)


class CodeLedger(SQLModel, table=True):
    """Every code sent and every wrong guess, per person and per address digest, for the hourly limits.

    Not tied to the address row: removing an address and adding it again must not reset the limits.
    """

    __tablename__ = "code_ledger"
    __table_args__ = (
        Index("ix_code_ledger_person_at", "person_id", "kind", "at"),
        Index("ix_code_ledger_address_at", "address_digest", "kind", "at"),
    )

    id: str = id_field()
    person_id: str = Field(max_length=32)
    address_digest: str = Field(max_length=64)
    kind: str = Field(max_length=8)  # "sent" or "wrong"
    at: datetime = at_field()
