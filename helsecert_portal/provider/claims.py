"""What a back-end learns about a person, by scope, read from the database when the token is made: a membership
removed a moment ago is gone from the next token (issue 16)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..core.security import keyed_digest
from ..domain import membership
from ..models import GroupAdmin, Membership, Organisation, Person


def pairwise_sub(secret_key: str, client_id: str, person_id: str) -> str:
    """A subject per client: two back-ends cannot join their records on it (OIDC Core §8.1)."""
    return keyed_digest(secret_key, f"op-sub\x00{client_id}", person_id)[:43]


def session_sid(secret_key: str, session_id: str) -> str:
    """The `sid` of a portal session as the back-ends see it (for back-channel logout), never the session's own id."""
    return keyed_digest(secret_key, "op-sid", session_id)[:32]


def memberships(db: Session, person_id: str) -> list[dict[str, str]]:
    admin_of = set(db.exec(select(GroupAdmin.organisation_id).where(GroupAdmin.person_id == person_id)).all())
    groups = db.exec(
        select(Organisation)
        .where(col(Organisation.id).in_(select(Membership.organisation_id).where(Membership.person_id == person_id)))
        .order_by(Organisation.name)
    ).all()
    return [
        {"org_number": org.org_number or "", "name": org.name, "role": "administrator" if org.id in admin_of else "member"}
        for org in groups
    ]


def user_claims(db: Session, *, person_id: str, scope: str) -> dict[str, object]:
    """The claims the scopes allow, besides `sub`; an unknown person has none."""
    person = db.get(Person, person_id)
    if person is None:
        return {}
    scopes = set(scope.split())
    claims: dict[str, object] = {}
    if "profile" in scopes:
        claims["name"] = person.full_name or person.idp_name
    if "email" in scopes:
        address = membership.primary_address(db, person_id)
        if address:
            claims.update(email=address, email_verified=True)
    if "memberships" in scopes:
        claims.update(memberships=memberships(db, person_id), cert_operator=person.is_operator)
    return claims
