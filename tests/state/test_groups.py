"""The groups page's own read: the plain page is kept in the views cache, a made-up ?bekreftet= id is not."""

from __future__ import annotations

from helsecert_portal import services
from helsecert_portal.domain import identity, sessions
from helsecert_portal.domain.sessions import SessionPolicy
from helsecert_portal.state.groups import _load
from tests.support import migrate


def test_made_up_confirmation_ids_do_not_fill_the_views_cache() -> None:
    migrate(services.settings().database_url)
    settings, views = services.settings(), services.caches()[1]
    with services.db_session() as db:
        person, _ = identity.find_or_create_person(db, services.clock(), secret_key=settings.secret_key, pid="12838510039", idp_name="Kari")
        token = sessions.start_session(db, services.clock(), SessionPolicy.of(settings), person_id=person.id, auth_method="idporten")
    with services.db_session() as db:
        who = services.callers().resolve(db, services.clock(), SessionPolicy.of(settings), token=token)
        _load(db, who, "")
    kept = len(views)
    for n in range(200):
        with services.db_session() as db:
            assert _load(db, who, f"made-up-{n}") == (None, False)
    assert len(views) == kept
    with services.db_session() as db:
        assert _load(db, who, "") == (None, False)  # the plain page is still answered (from the cache)
