"""Server-side login sessions and the short-lived OIDC login attempts that precede them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class LoginSession(SQLModel, table=True):
    __tablename__ = "login_session"
    __table_args__ = (Index("ix_login_session_idp", "idp_iss", "idp_sid"),)

    id: str = id_field()
    token_hash: str = Field(unique=True, index=True, max_length=64)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    auth_method: str = Field(max_length=16)
    acr: str = Field(default="", max_length=64)
    idp_iss: str = Field(default="", max_length=255)
    idp_sid: str = Field(default="", max_length=255)
    id_token: str = Field(default="", sa_type=Text)
    created_at: datetime = at_field()
    authenticated_at: datetime = at_field()
    last_seen_at: datetime = at_field()
    expires_at: datetime = at_field()
    revoked_at: datetime | None = at_field(nullable=True)


class LoginAttempt(SQLModel, table=True):
    """OIDC state, nonce and PKCE verifier; the browser holds only the attempt's random handle."""

    __tablename__ = "login_attempt"

    id: str = id_field()
    handle_hash: str = Field(unique=True, index=True, max_length=64)
    state: str = Field(max_length=128)
    nonce: str = Field(max_length=128)
    code_verifier: str = Field(max_length=128)
    acr_values: str = Field(max_length=64)
    return_to: str = Field(default="/", max_length=512)
    created_at: datetime = at_field()
    used_at: datetime | None = at_field(nullable=True)
