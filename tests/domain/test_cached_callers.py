"""The caller behind every event is cached, and forgotten by the commit that changes its session or person: a
logout, a front-channel logout, a rename and a bulk update take effect on the very next event, and the clock's
idle timeout still holds for a cached caller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update
from sqlmodel import select

from helsecert_portal.core.db import remembered, watch_writes
from helsecert_portal.core.errors import NotLoggedIn, PortalError
from helsecert_portal.core.invalidation import ALL, InvalidatingCache
from helsecert_portal.domain import authorization, identity, profile, sessions
from helsecert_portal.domain.sessions import Caller, Callers, SessionPolicy
from helsecert_portal.models import GroupAdmin, LoginSession, Person
from tests.conftest import SECRET

POLICY = SessionPolicy(secret_key=SECRET, idle_minutes=30, max_hours=12)


@pytest.fixture
def callers() -> Iterator[Callers]:
    cache: InvalidatingCache[Caller] = InvalidatingCache(60)
    stop = watch_writes(lambda tags: cache.forget_all() if ALL in tags else cache.forget(tags), sessions.row_tags, sessions.table_tags)
    yield Callers(cache)
    stop()


def _login(tx, clock, pid: str = "12838510039") -> str:
    with tx() as db:
        person, _ = identity.find_or_create_person(db, clock, secret_key=SECRET, pid=pid, idp_name="")
        return sessions.start_session(db, clock, POLICY, person_id=person.id, auth_method="idporten", idp_iss="https://idp", idp_sid=f"sid-{pid}")


def _who(callers: Callers, tx, clock, token: str) -> Caller:
    with tx() as db:
        return callers.resolve(db, clock, POLICY, token=token)


def test_a_caller_read_once_is_known_without_the_database_until_it_changes(callers, tx, clock) -> None:
    token = _login(tx, clock)
    assert callers.known(clock, POLICY, token) is None
    first = _who(callers, tx, clock, token)
    known = callers.known(clock, POLICY, token)
    assert known is not None and known.person.id == first.person.id and known.session.id == first.session.id


def test_a_logout_in_another_transaction_refuses_the_next_event(callers, tx, clock) -> None:
    token = _login(tx, clock)
    _who(callers, tx, clock, token)
    with tx() as db:
        sessions.end_session(db, clock, POLICY, token=token)
    with pytest.raises(NotLoggedIn):
        _who(callers, tx, clock, token)


def test_a_front_channel_logout_refuses_the_next_event(callers, tx, clock) -> None:
    token = _login(tx, clock)
    _who(callers, tx, clock, token)
    with tx() as db:
        assert sessions.end_sessions_by_sid(db, clock, iss="https://idp", sid="sid-12838510039")
    with pytest.raises(NotLoggedIn):
        _who(callers, tx, clock, token)


def test_a_change_to_the_person_is_seen_by_the_next_event_of_each_of_their_sessions(callers, tx, clock) -> None:
    phone, laptop = _login(tx, clock), _login(tx, clock)
    person_id = _who(callers, tx, clock, phone).person.id
    _who(callers, tx, clock, laptop)
    with tx() as db:
        profile.rename(db, clock, person_id=person_id, full_name="Kari Nordmann")
    assert callers.known(clock, POLICY, phone) is None and callers.known(clock, POLICY, laptop) is None
    assert _who(callers, tx, clock, laptop).person.full_name == "Kari Nordmann"


def test_a_bulk_update_of_the_sessions_forgets_every_cached_caller(callers, tx, clock) -> None:
    kari, ola = _login(tx, clock), _login(tx, clock, "01017012345")
    _who(callers, tx, clock, kari), _who(callers, tx, clock, ola)
    with tx() as db:
        db.exec(update(LoginSession).values(revoked_at=clock.now()))  # type: ignore[call-overload]
    for token in (kari, ola):
        with pytest.raises(NotLoggedIn):
            _who(callers, tx, clock, token)


def test_the_idle_timeout_holds_for_a_cached_caller_and_activity_is_still_written(callers, tx, clock, db) -> None:
    token = _login(tx, clock)
    _who(callers, tx, clock, token)
    clock.advance(seconds=40)  # due to be touched: read and touched again, not served from the cache
    assert callers.known(clock, POLICY, token) is None
    who = _who(callers, tx, clock, token)
    assert db.get(LoginSession, who.session.id).last_seen_at == clock.now()
    clock.advance(minutes=31)
    assert callers.known(clock, POLICY, token) is None
    with pytest.raises(NotLoggedIn):
        _who(callers, tx, clock, token)


def test_what_a_rolled_back_transaction_read_stays_readable_and_nothing_it_did_is_kept(callers, tx, clock) -> None:
    token = _login(tx, clock)

    class Refused(PortalError):
        code = "Refused"

    read: list[str] = []
    with pytest.raises(Refused), tx() as db:
        read.append(callers.resolve(db, clock, POLICY, token=token).person.id)
        raise Refused()
    known = callers.known(clock, POLICY, token)  # a copy: the rollback expired only the transaction's own rows
    assert known is not None and known.person.id == read[0] and known.session.revoked_at is None


def test_a_wrong_or_missing_cookie_is_never_served_from_the_cache(callers, tx, clock) -> None:
    token = _login(tx, clock)
    _who(callers, tx, clock, token)
    for other in ("", token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert callers.known(clock, POLICY, other) is None
        with pytest.raises(NotLoggedIn):
            _who(callers, tx, clock, other)


def test_a_page_read_made_after_the_caller_was_read_depends_on_the_person(tx, clock) -> None:
    """The caller's person must not sit in the transaction's identity map, where a page read's `db.get` would find
    it without a query and so without recording that it read the person: a new role would then not show."""
    callers_cache: InvalidatingCache[Caller] = InvalidatingCache(60)
    views: InvalidatingCache[object] = InvalidatingCache(60)

    def forget(tags: set[str]) -> None:
        for cache in (callers_cache, views):
            cache.forget_all() if ALL in tags else cache.forget(tags)

    def roles(db, person_id: str) -> tuple[list[str], bool]:  # as the header's view: memberships, then the role
        return list(db.exec(select(GroupAdmin.organisation_id).where(GroupAdmin.person_id == person_id)).all()), authorization.is_operator(db, person_id)

    stop = watch_writes(forget, sessions.row_tags, sessions.table_tags)
    try:
        callers, token = Callers(callers_cache), _login(tx, clock)
        with tx() as db:
            who = callers.resolve(db, clock, POLICY, token=token)
            assert remembered(db, views, "roles", lambda db: roles(db, who.person.id)) == ([], False)
        with tx() as db:  # made an operator, row by row (a bulk update would forget everything anyway)
            person = db.get(Person, who.person.id)
            person.is_operator = True
            db.add(person)
        with tx() as db:
            assert remembered(db, views, "roles", lambda db: roles(db, who.person.id)) == ([], True)
    finally:
        stop()
