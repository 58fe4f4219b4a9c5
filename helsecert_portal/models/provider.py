"""The portal as OpenID provider for the CERT's back-ends: registered clients, signing keys, codes and token families.

Secrets (client secrets, codes, refresh tokens, pending-request handles) are stored only as keyed digests; the
signing keys' private parts are sealed with the portal's secret.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import at_field, id_field


class RelyingParty(SQLModel, table=True):
    """A back-end registered by a CERT operator; `audience` says who may use it (see domain/provider/clients.py)."""

    __tablename__ = "relying_party"

    id: str = id_field()
    client_id: str = Field(unique=True, index=True, max_length=64)
    name: str = Field(max_length=100)
    auth_method: str = Field(max_length=32)  # client_secret_basic | client_secret_post | private_key_jwt
    secret_hash: str = Field(default="", max_length=64)
    jwks: str = Field(default="", sa_type=Text)  # the client's public keys, for private_key_jwt
    redirect_uris: str = Field(default="", sa_type=Text)  # one per line, compared exactly
    post_logout_redirect_uris: str = Field(default="", sa_type=Text)
    backchannel_logout_uri: str = Field(default="", max_length=512)
    scopes: str = Field(default="openid", max_length=200)
    audience: str = Field(default="members", max_length=16)  # members | kinds | groups | admins | operators
    audience_kinds: str = Field(default="", max_length=200)  # space-separated organisation kinds, for "kinds"
    created_at: datetime = at_field()
    disabled_at: datetime | None = at_field(nullable=True)


class RelyingPartyGroup(SQLModel, table=True):
    """The chosen member groups of a client whose audience is "groups"."""

    __tablename__ = "relying_party_group"
    __table_args__ = (UniqueConstraint("relying_party_id", "organisation_id"),)

    id: str = id_field()
    relying_party_id: str = Field(foreign_key="relying_party.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)


class ProviderKey(SQLModel, table=True):
    """A signing key: published from `created_at`, signs from `signs_from`, and stays published until `retired_at`."""

    __tablename__ = "provider_key"

    id: str = id_field()
    kid: str = Field(unique=True, max_length=64)
    private_jwk: str = Field(sa_type=Text)  # sealed
    created_at: datetime = at_field()
    signs_from: datetime = at_field()
    retired_at: datetime | None = at_field(nullable=True)


class ProviderRequest(SQLModel, table=True):
    """An authorization request waiting for a login or the person's consent; the browser holds only its handle."""

    __tablename__ = "provider_request"

    id: str = id_field()
    handle_hash: str = Field(unique=True, index=True, max_length=64)
    params: str = Field(sa_type=Text)  # the validated request parameters, as JSON
    created_at: datetime = at_field(index=True)
    used_at: datetime | None = at_field(nullable=True)


class ProviderCode(SQLModel, table=True):
    """A single-use authorization code (60 s), bound to the client, redirect URI, PKCE challenge and portal session."""

    __tablename__ = "provider_code"

    id: str = id_field()
    code_hash: str = Field(unique=True, index=True, max_length=64)
    relying_party_id: str = Field(foreign_key="relying_party.id", max_length=32)
    person_id: str = Field(foreign_key="person.id", max_length=32)
    session_id: str = Field(foreign_key="login_session.id", max_length=32)
    redirect_uri: str = Field(max_length=512)
    scope: str = Field(max_length=200)
    nonce: str = Field(default="", max_length=255)
    code_challenge: str = Field(max_length=128)
    code_challenge_method: str = Field(max_length=8)
    created_at: datetime = at_field(index=True)
    used_at: datetime | None = at_field(nullable=True)
    family_id: str | None = Field(default=None, max_length=32)  # the tokens it gave, revoked if it is replayed


class TokenFamily(SQLModel, table=True):
    """Everything one login of one client was given: its refresh tokens rotate inside it, and it ends with the
    portal session (back-channel logout), on revocation, or when a used refresh token comes back."""

    __tablename__ = "token_family"
    __table_args__ = (Index("ix_token_family_open", "session_id", "revoked_at"),)

    id: str = id_field()
    relying_party_id: str = Field(foreign_key="relying_party.id", index=True, max_length=32)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    session_id: str = Field(foreign_key="login_session.id", max_length=32)
    scope: str = Field(max_length=200)
    created_at: datetime = at_field()
    revoked_at: datetime | None = at_field(nullable=True)
    revoked_reason: str = Field(default="", max_length=32)
    logout_due: bool = False  # a back-channel logout token is still to be delivered
    logout_tries: int = 0


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_token"

    id: str = id_field()
    token_hash: str = Field(unique=True, index=True, max_length=64)
    family_id: str = Field(foreign_key="token_family.id", index=True, max_length=32)
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    used_at: datetime | None = at_field(nullable=True)


class ProviderConsent(SQLModel, table=True):
    """What a person agreed a client may receive; withdrawn in «Min profil» → «Tilkoblede tjenester»."""

    __tablename__ = "provider_consent"
    __table_args__ = (UniqueConstraint("person_id", "relying_party_id"),)

    id: str = id_field()
    person_id: str = Field(foreign_key="person.id", index=True, max_length=32)
    relying_party_id: str = Field(foreign_key="relying_party.id", max_length=32)
    scope: str = Field(max_length=200)
    granted_at: datetime = at_field()


class ClientAssertionUse(SQLModel, table=True):
    """A private_key_jwt assertion's `jti`, kept while the assertion could still be valid: each is good once."""

    __tablename__ = "client_assertion_use"

    id: str = id_field()
    jti_hash: str = Field(unique=True, index=True, max_length=64)
    expires_at: datetime = at_field(index=True)


class Service(SQLModel, table=True):
    """An entry in the services catalogue: what operators tell members about one of the CERT's services, the link
    that opens it, the back-end it logs in to (if any), and who sees it (the same audiences as a back-end)."""

    __tablename__ = "service"

    id: str = id_field()
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=500)
    url: str = Field(max_length=512)
    relying_party_id: str | None = Field(default=None, foreign_key="relying_party.id", max_length=32)
    audience: str = Field(default="members", max_length=16)
    audience_kinds: str = Field(default="", max_length=200)
    created_at: datetime = at_field()
    removed_at: datetime | None = at_field(nullable=True)


class ServiceGroup(SQLModel, table=True):
    """The chosen member groups of a service whose audience is "groups"."""

    __tablename__ = "service_group"
    __table_args__ = (UniqueConstraint("service_id", "organisation_id"),)

    id: str = id_field()
    service_id: str = Field(foreign_key="service.id", index=True, max_length=32)
    organisation_id: str = Field(foreign_key="organisation.id", index=True, max_length=32)
