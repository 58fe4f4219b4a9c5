"""All tables, imported once so Alembic and the engine see the same metadata."""

from .audit import AuditEvent, OperationalNotice
from .organisation import EmailDomain, GroupAdmin, JoinRequest, Membership, Organisation
from .person import EmailAddress, Person
from .session import LoginAttempt, LoginSession
from .verification import VerificationCode

__all__ = [
    "AuditEvent", "EmailAddress", "EmailDomain", "GroupAdmin", "JoinRequest", "LoginAttempt",
    "LoginSession", "Membership", "OperationalNotice", "Organisation", "Person", "VerificationCode",
]
