"""All tables, imported once so Alembic and the engine see the same metadata."""

from .alert import Alert, AlertAck, AlertGroup, AlertRead, AlertRecipient, AlertRevision, MailFanout, OutboxMail
from .audit import AuditEvent, NoticeGroup, OperationalNotice
from .organisation import CatalogueVersion, EmailDomain, GroupAdmin, JoinRequest, Membership, Organisation
from .person import EmailAddress, LoginTicket, Passkey, Person, WebAuthnChallenge
from .provider import (
    ClientAssertionUse,
    ProviderCode,
    ProviderConsent,
    ProviderKey,
    ProviderRequest,
    RefreshToken,
    RelyingParty,
    RelyingPartyGroup,
    Service,
    ServiceGroup,
    TokenFamily,
)
from .session import LoginAttempt, LoginSession
from .verification import CodeLedger, VerificationCode

__all__ = [
    "Alert", "AlertAck", "AlertGroup", "AlertRead", "AlertRecipient", "AlertRevision", "MailFanout", "NoticeGroup", "OutboxMail",
    "AuditEvent", "CatalogueVersion", "CodeLedger", "EmailAddress", "EmailDomain", "GroupAdmin", "JoinRequest", "LoginAttempt",
    "LoginSession", "LoginTicket", "Membership", "OperationalNotice", "Organisation", "Passkey", "Person",
    "VerificationCode", "WebAuthnChallenge", "ClientAssertionUse", "ProviderCode", "ProviderConsent", "ProviderKey", "ProviderRequest",
    "RefreshToken", "RelyingParty", "RelyingPartyGroup", "Service", "ServiceGroup", "TokenFamily",
]
