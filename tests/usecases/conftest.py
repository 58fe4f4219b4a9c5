"""Use cases run with a real migrated database and a frozen clock; the caller is built as the session helper builds it."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from helsecert_portal.domain import sessions
from helsecert_portal.domain.sessions import Caller, SessionPolicy
from tests.conftest import SECRET

POLICY = SessionPolicy(secret_key=SECRET)


@pytest.fixture
def login(tx, clock):
    """login(person_id) -> a function giving that person's Caller inside any transaction."""

    def make(person_id: str):
        with tx() as db:
            token = sessions.start_session(db, clock, POLICY, person_id=person_id, auth_method="idporten")

        def who(db: Session) -> Caller:
            return sessions.require_caller(db, clock, POLICY, token=token)

        return who

    return make
