"""The one helper behind every handler: a page's read whose caller and view are both cached is answered on the
event loop without touching the database; whatever needs the database, writes or is refused with an audit runs
in a worker thread."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from sqlmodel import Session, func, select

from helsecert_portal import services
from helsecert_portal.core import cookies
from helsecert_portal.core.errors import NotLoggedIn
from helsecert_portal.domain import identity, sessions
from helsecert_portal.domain.authorization import NotAllowed
from helsecert_portal.domain.sessions import Caller, SessionPolicy
from helsecert_portal.models import AuditEvent, Person
from helsecert_portal.state.common import for_caller
from tests.support import migrate, run_async


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    migrate(services.settings().database_url)


def _on_loop() -> bool:
    """Whether this runs on the event loop's own thread (a worker thread has no running loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _tab(pid: str) -> SimpleNamespace:
    """What for_caller reads of a Reflex state: the cookie header the tab's websocket was opened with."""
    settings = services.settings()
    with services.db_session() as db:
        person, _ = identity.find_or_create_person(db, services.clock(), secret_key=settings.secret_key, pid=pid, idp_name="Kari")
        token = sessions.start_session(db, services.clock(), SessionPolicy.of(settings), person_id=person.id, auth_method="idporten")
    return SimpleNamespace(router=SimpleNamespace(headers=SimpleNamespace(cookie=f"{cookies.cookie_name(settings)}={token}")))


def _read(threads: list[bool], key: str = "name"):
    def work(db: Session, who: Caller) -> str:
        threads.append(_on_loop())
        return services.view(db, f"test_{key}:{who.person.id}", lambda db: db.exec(select(Person.idp_name).where(Person.id == who.person.id)).one())

    return work


def test_a_read_whose_caller_and_view_are_cached_is_answered_on_the_event_loop() -> None:
    tab, on_loop = _tab("12838510039"), []
    assert run_async(for_caller(tab, _read(on_loop), reads=True)) == "Kari"  # type: ignore[arg-type]
    assert on_loop == [False]  # the caller was not cached: the try on the loop stopped before the work, read in a thread
    on_loop.clear()
    assert run_async(for_caller(tab, _read(on_loop), reads=True)) == "Kari"  # type: ignore[arg-type]
    assert on_loop == [True]  # caller and view both cached now: no worker thread at all
    on_loop.clear()
    assert run_async(for_caller(tab, _read(on_loop, "other"), reads=True)) == "Kari"  # type: ignore[arg-type]
    assert on_loop == [True, False]  # the caller cached, this view not yet: begun on the loop, read in a thread
    on_loop.clear()
    assert run_async(for_caller(tab, _read(on_loop))) == "Kari"  # type: ignore[arg-type]
    assert on_loop == [False]  # not declared a read: always off the loop


def test_writes_and_audited_refusals_are_made_in_a_worker_thread_and_made_once() -> None:
    tab, calls = _tab("02838510044"), []
    run_async(for_caller(tab, lambda db, who: None, reads=True))  # type: ignore[arg-type]  # the caller is cached now

    def rename(db: Session, who: Caller) -> None:
        calls.append(_on_loop())
        person = db.get(Person, who.person.id)
        assert person is not None
        person.full_name = "Kari Nordmann"
        db.add(person)

    run_async(for_caller(tab, rename, reads=True))  # type: ignore[arg-type]  # wrongly declared a read: still written
    assert calls == [True, False]
    with services.db_session() as db:
        assert db.exec(select(Person.full_name).where(Person.idp_name == "Kari", Person.full_name == "Kari Nordmann")).first()

    def refused(db: Session, who: Caller) -> None:
        calls.append(_on_loop())
        raise NotAllowed()

    calls.clear()
    run_async(for_caller(tab, lambda db, who: None))  # type: ignore[arg-type]  # the renamed caller cached again
    with services.db_session() as db:
        before = db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "action.refused")).one()
    with pytest.raises(NotAllowed):
        run_async(for_caller(tab, refused, reads=True))  # type: ignore[arg-type]
    assert calls == [True, False]
    with services.db_session() as db:
        assert db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "action.refused")).one() == before + 1


def test_no_session_is_refused_wherever_it_is_tried() -> None:
    anonymous = SimpleNamespace(router=SimpleNamespace(headers=SimpleNamespace(cookie="")))
    with pytest.raises(NotLoggedIn):
        run_async(for_caller(anonymous, _read([]), reads=True))  # type: ignore[arg-type]
