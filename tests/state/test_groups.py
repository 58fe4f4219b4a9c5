"""The groups page's own read: the plain page is kept in the views cache, a made-up ?bekreftet= id is not, and
no flood of searches anyone may make pushes it out."""

from __future__ import annotations

import uuid

from helsecert_portal import services
from helsecert_portal.domain import identity, sessions
from helsecert_portal.domain.sessions import Caller, SessionPolicy
from helsecert_portal.state.groups import _load, _search
from tests.support import migrate


def _kari_on_the_groups_page() -> Caller:
    """A logged-in person whose plain groups page has been read once (so it is in the views cache)."""
    settings = services.settings()
    migrate(settings.database_url)
    with services.db_session() as db:
        person, _ = identity.find_or_create_person(db, services.clock(), secret_key=settings.secret_key, pid="12838510039", idp_name="Kari")
        token = sessions.start_session(db, services.clock(), SessionPolicy.of(settings), person_id=person.id, auth_method="idporten")
    with services.db_session() as db:
        who = services.callers().resolve(db, services.clock(), SessionPolicy.of(settings), token=token)
        _load(db, who, "")
    return who


def test_made_up_confirmation_ids_do_not_fill_the_views_cache() -> None:
    views = services.caches()[1]
    who = _kari_on_the_groups_page()
    kept = len(views)
    for n in range(200):
        with services.db_session() as db:
            assert _load(db, who, f"made-up-{n}") == (None, False)
    assert len(views) == kept
    with services.db_session() as db:
        assert _load(db, who, "") == (None, False)  # the plain page is still answered (from the cache)


def test_searches_anyone_makes_do_not_push_out_the_page_views_of_logged_in_people(monkeypatch) -> None:
    """Search as you type answers a tab without a session, and every text is a key of its own: a flood of made-up
    queries (found by a helper's review: about 500 a second over a raw socket) filled the shared views cache, which
    then emptied itself for everyone. Such reads live in a bounded cache of their own."""
    _, views, anyone = services.caches()
    monkeypatch.setattr(anyone, "max_entries", 50)
    who = _kari_on_the_groups_page()
    key = f"groups_page:{who.person.id}"
    assert views.get(key) is not None
    monkeypatch.setattr(views, "max_entries", len(views) + 5)  # the views cache is nearly full already
    for n in range(300):
        _search(f"kommune {n} {uuid.uuid4().hex[:6]}")
    assert views.get(key) is not None
    assert 0 < len(anyone) <= 50
