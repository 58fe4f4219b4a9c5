"""Server-side sessions: an opaque 256-bit id in an HttpOnly cookie, stored only as a keyed hash.

30 minutes idle timeout and an absolute lifetime (ASVS 7.3); both logouts revoke the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from ..core.clock import Clock
from ..core.errors import NotLoggedIn
from ..core.invalidation import ALL, InvalidatingCache
from ..core.security import keyed_digest, random_token, seal, unseal
from ..core.settings import Settings
from ..models import LoginSession, Person
from . import audit

TOUCH_AFTER = timedelta(seconds=30)
CALLER_CACHE_SECONDS = 2.0  # the longest a change made outside the portal's code (an SQL console) goes unseen
ID_TOKEN_SEAL = "id-token"


@dataclass(frozen=True)
class SessionPolicy:
    secret_key: str
    idle_minutes: int = 30
    max_hours: int = 12

    @classmethod
    def of(cls, settings: Settings) -> SessionPolicy:
        return cls(secret_key=settings.secret_key, idle_minutes=settings.session_idle_minutes, max_hours=settings.session_max_hours)


@dataclass(frozen=True)
class Caller:
    person: Person
    session: LoginSession


def token_hash(policy: SessionPolicy, token: str) -> str:
    return keyed_digest(policy.secret_key, "session", token)


def start_session(
    db: Session,
    clock: Clock,
    policy: SessionPolicy,
    *,
    person_id: str,
    auth_method: str,
    acr: str = "",
    idp_iss: str = "",
    idp_sid: str = "",
    id_token: str = "",
    previous_token: str = "",
    authenticated_at: datetime | None = None,
) -> str:
    """Create a fresh session (rotating any previous one) and return the cookie value. `authenticated_at`: when the
    identity provider last authenticated the person (ID-porten's auth_time: its own single sign-on may be older than
    this login); a passkey authenticates now. It answers a back-end's max_age and prompt=login and a passkey's
    «fresh login» rule, so a silent single sign-on never counts as a fresh login."""
    if previous_token:
        end_session(db, clock, policy, token=previous_token)
    now = clock.now()
    token = random_token(32)
    db.add(
        LoginSession(
            token_hash=token_hash(policy, token),
            person_id=person_id,
            auth_method=auth_method,
            acr=acr,
            idp_iss=idp_iss,
            idp_sid=idp_sid,
            id_token=seal(policy.secret_key, ID_TOKEN_SEAL, id_token),  # holds the pid: sealed, and cleared when the session ends
            created_at=now,
            authenticated_at=min(authenticated_at, now) if authenticated_at is not None else now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=policy.max_hours),
        )
    )
    audit.record(db, clock, action=f"login.{auth_method}", actor_id=person_id, subject_id=person_id)
    return token


def is_live(row: LoginSession | None, now: datetime, policy: SessionPolicy) -> bool:
    return (
        row is not None
        and row.revoked_at is None
        and now < row.expires_at
        and now - row.last_seen_at < timedelta(minutes=policy.idle_minutes)
    )


# Built once: this runs before every event of every tab, as one query for the session and its person.
_WITH_PERSON = select(LoginSession, Person).join(Person, col(Person.id) == col(LoginSession.person_id))
_BY_TOKEN = _WITH_PERSON.where(col(LoginSession.token_hash) == bindparam("token_hash"))


def require_caller(db: Session, clock: Clock, policy: SessionPolicy, *, token: str, touch: bool = True) -> Caller:
    """The live session behind a cookie; `touch=False` for a live delivery, which is no user activity."""
    if not token:
        raise NotLoggedIn()
    now = clock.now()
    found = db.exec(_BY_TOKEN, params={"token_hash": token_hash(policy, token)}).first()
    if found is None or not is_live(found[0], now, policy):
        raise NotLoggedIn()
    row, person = found
    if touch and now - row.last_seen_at > TOUCH_AFTER:
        row.last_seen_at = now
        db.add(row)
    return Caller(person=person, session=row)


class Callers:
    """`require_caller` for every event of every tab, without the database while nothing changed: a live session
    found is kept (with its person) until a commit changes the session or the person, in any worker
    (`core/invalidation.py`, announced by `core/db.watch_writes` with `row_tags`), and at most CALLER_CACHE_SECONDS. Whether it is still live is
    checked against the clock on every use; one that is due to be touched is read (and touched) again.

    What it hands out is a copy that no database session holds: read-only (a use case that changes the person or
    the session loads its own row)."""

    def __init__(self, cache: InvalidatingCache[Caller]) -> None:
        self.cache = cache

    def known(self, clock: Clock, policy: SessionPolicy, token: str, *, touch: bool = True) -> Caller | None:
        """The caller behind a cookie if it is cached and needs nothing written; None: ask `resolve`."""
        found = self.cache.get(token_hash(policy, token)) if token else None
        if found is None:
            return None
        now = clock.now()
        if not is_live(found.session, now, policy) or (touch and now - found.session.last_seen_at > TOUCH_AFTER):
            return None
        return found

    def resolve(self, db: Session, clock: Clock, policy: SessionPolicy, *, token: str, touch: bool = True) -> Caller:
        """As require_caller; raises NotLoggedIn."""
        known = self.known(clock, policy, token, touch=touch)
        if known is not None:
            return known
        generation = self.cache.generation  # before the read: a change committed meanwhile keeps it out of the cache
        who = require_caller(db, clock, policy, token=token, touch=touch)
        # Not left in this transaction's identity map: a page read that loads the person (`core/db.remembered`)
        # must query it, or it would not be recorded as depending on the person.
        db.expunge(who.person)
        copy = Caller(person=Person(**who.person.model_dump()), session=LoginSession(**who.session.model_dump()))
        self.cache.put(who.session.token_hash, copy, caller_tags(who.session), generation)
        return who


def caller_tags(row: LoginSession) -> tuple[str, str]:
    return f"session:{row.token_hash}", f"person:{row.person_id}"


_OWN_TABLES = {LoginSession.__tablename__, Person.__tablename__}


def row_tags(row: object) -> tuple[str, ...]:
    """What a changed row means for the cached callers (core/db.watch_writes): its session, or its person."""
    if isinstance(row, LoginSession):
        return caller_tags(row)
    if isinstance(row, Person):
        return (f"person:{row.id}",)
    return ()


def table_tags(table: str) -> tuple[str, ...]:
    """A bulk update or delete of the sessions or the people names no rows: every cached caller goes."""
    return (ALL,) if table in _OWN_TABLES else ()


def live_callers(db: Session, clock: Clock, policy: SessionPolicy, tokens: Iterable[str]) -> dict[str, Caller]:
    """The live sessions behind many cookies, in one query: for a live delivery to many tabs (no user activity, so
    nothing is touched). A cookie with no live session is left out."""
    by_hash = {token_hash(policy, token): token for token in tokens if token}
    if not by_hash:
        return {}
    now = clock.now()
    rows = db.exec(_WITH_PERSON.where(col(LoginSession.token_hash).in_(list(by_hash)))).all()
    return {by_hash[row.token_hash]: Caller(person=person, session=row) for row, person in rows if is_live(row, now, policy)}


@dataclass(frozen=True)
class Ended:
    person_id: str
    session_id: str
    id_token: str  # for RP-initiated logout's id_token_hint; no longer stored anywhere


def end_session(db: Session, clock: Clock, policy: SessionPolicy, *, token: str) -> Ended | None:
    """Revoke the session behind a cookie; its sealed ID token is opened once, for the logout, and erased."""
    if not token:
        return None
    row = db.exec(select(LoginSession).where(LoginSession.token_hash == token_hash(policy, token))).first()
    if row is None or row.revoked_at is not None:
        return None
    ended = Ended(row.person_id, row.id, unseal(policy.secret_key, ID_TOKEN_SEAL, row.id_token))
    row.revoked_at, row.id_token = clock.now(), ""
    db.add(row)
    audit.record(db, clock, action="logout", actor_id=row.person_id, subject_id=row.person_id)
    return ended


def end_sessions_by_sid(db: Session, clock: Clock, *, iss: str, sid: str) -> list[str]:
    """Front-channel logout: the IdP's iframe carries no cookie, only iss + sid. Returns the ended sessions' ids."""
    if not iss or not sid:
        return []
    rows = db.exec(
        select(LoginSession).where(
            col(LoginSession.idp_iss) == iss, col(LoginSession.idp_sid) == sid, col(LoginSession.revoked_at).is_(None)
        )
    ).all()
    for row in rows:
        row.revoked_at, row.id_token = clock.now(), ""
        db.add(row)
        audit.record(db, clock, action="logout.frontchannel", actor_id=row.person_id, subject_id=row.person_id)
    return [row.id for row in rows]
