"""A person is an internal id; pid is only a keyed digest plus a masked form for display."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class Person(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("webauthn_user_handle", name="uq_person_webauthn_user_handle"),)

    id: str = id_field()
    pid_digest: str = Field(unique=True, index=True, max_length=64)
    pid_masked: str = Field(max_length=16)
    full_name: str = Field(default="", max_length=200)
    idp_name: str = Field(default="", max_length=200)
    is_operator: bool = False
    webauthn_user_handle: str | None = Field(default=None, max_length=64)  # random, base64url; never pid or e-mail
    created_at: datetime = at_field()
    registered_at: datetime | None = at_field(nullable=True)
    alert_mail: str = Field(default="all", max_length=16, sa_column_kwargs={"server_default": "all"})  # all | critical | none


class EmailAddress(SQLModel, table=True):
    __tablename__ = "email_address"

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    address: str = Field(index=True, max_length=254)
    domain: str = Field(index=True, max_length=253)
    is_primary: bool = False
    created_at: datetime = at_field()
    verified_at: datetime | None = at_field(nullable=True)


class Passkey(SQLModel, table=True):
    """A WebAuthn credential (discoverable); the public key only, never anything secret."""

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    credential_id: str = Field(unique=True, index=True, max_length=1400)  # base64url
    public_key: bytes = Field(sa_type=LargeBinary)
    sign_count: int = 0
    transports: str = Field(default="", max_length=200)
    aaguid: str = Field(default="", max_length=36)
    backup_eligible: bool = False
    backed_up: bool = False
    name: str = Field(max_length=100)
    created_at: datetime = at_field()
    last_used_at: datetime | None = at_field(nullable=True)


class WebAuthnChallenge(SQLModel, table=True):
    """Server-side, single-use, short-lived challenges; the state keeps only the row id."""

    __tablename__ = "webauthn_challenge"

    id: str = id_field()
    purpose: str = Field(max_length=16)
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=32)
    challenge: str = Field(max_length=128)
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    used_at: datetime | None = at_field(nullable=True)


class LoginTicket(SQLModel, table=True):
    """Hands a verified passkey login from the websocket to the HTTP route that sets the cookie."""

    __tablename__ = "login_ticket"

    id: str = id_field()
    ticket_hash: str = Field(unique=True, index=True, max_length=64)
    binding_hash: str = Field(default="", max_length=64)  # the browser that ran the ceremony (its HttpOnly cookie)
    person_id: str = Field(foreign_key="person.id", max_length=32)
    return_to: str = Field(default="/", max_length=512)
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    used_at: datetime | None = at_field(nullable=True)
