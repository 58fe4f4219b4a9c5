"""All tables, imported once so Alembic and the engine see the same metadata."""

from .audit import AuditEvent, OperationalNotice
from .organisation import EmailDomain, GroupAdmin, JoinRequest, Membership, Organisation
from .person import EmailAddress, LoginTicket, Passkey, Person, WebAuthnChallenge
from .session import LoginAttempt, LoginSession
from .verification import CodeLedger, VerificationCode

__all__ = [
    "AuditEvent", "CodeLedger", "EmailAddress", "EmailDomain", "GroupAdmin", "JoinRequest", "LoginAttempt",
    "LoginSession", "LoginTicket", "Membership", "OperationalNotice", "Organisation", "Passkey", "Person",
    "VerificationCode", "WebAuthnChallenge",
]
