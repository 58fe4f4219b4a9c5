"""200 people ask to join at once (each twice), then two administrators approve everything at once:
nothing lost, nothing duplicated, and the audit log has exactly one entry per decision. On PostgreSQL."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import func, select

from helsecert_portal.core.db import make_engine, session_scope
from helsecert_portal.core.errors import PortalError
from helsecert_portal.domain import membership as ms
from helsecert_portal.models import AuditEvent, JoinRequest, Membership
from tests.support import migrate, throwaway_postgres

from .test_membership import group, person

pytestmark = pytest.mark.postgres
PEOPLE = 200


def _outcome(call) -> str:
    try:
        call()
    except PortalError as exc:
        return exc.code
    return "ok"


def test_two_hundred_concurrent_requests_and_approvals(clock) -> None:
    with throwaway_postgres("portal_race") as url:
        migrate(url)
        engine = make_engine(url)
        try:
            tx = lambda: session_scope(engine)  # noqa: E731
            admins = [person(tx, clock, f"admin{i}@oslo.kommune.no", name=f"Admin {i}") for i in range(2)]
            org = group(tx, clock, "Oslo kommune", admins=tuple(admins))
            people = [person(tx, clock, f"p{i}@firma.no", name=f"Person {i}") for i in range(PEOPLE)]

            def ask(person_id: str) -> str:
                def call() -> None:
                    with tx() as db:
                        ms.request_join(db, clock, person_id=person_id, organisation_id=org, message="hei")

                return _outcome(call)

            with ThreadPoolExecutor(max_workers=16) as pool:
                asked = Counter(pool.map(ask, people * 2))
            assert asked == {"ok": PEOPLE, "RequestAlreadyOpen": PEOPLE}

            with tx() as db:
                ids = list(db.exec(select(JoinRequest.id).where(JoinRequest.organisation_id == org)).all())

            def approve(pair: tuple[str, str]) -> str:
                admin, request_id = pair

                def call() -> None:
                    with tx() as db:
                        ms.decide(db, clock, actor_id=admin, request_id=request_id, approve=True)

                return _outcome(call)

            with ThreadPoolExecutor(max_workers=16) as pool:
                decided = Counter(pool.map(approve, [(a, r) for r in ids for a in admins]))
            assert decided == {"ok": PEOPLE, "RequestNotPending": PEOPLE}

            with tx() as db:
                assert db.exec(select(func.count()).select_from(Membership).where(Membership.organisation_id == org)).one() == PEOPLE
                assert db.exec(select(func.count(func.distinct(Membership.person_id))).where(Membership.organisation_id == org)).one() == PEOPLE
                statuses = Counter(db.exec(select(JoinRequest.status).where(JoinRequest.organisation_id == org)).all())
                assert statuses == {"approved": PEOPLE}
                actions = Counter(db.exec(select(AuditEvent.action).where(AuditEvent.organisation_id == org)).all())
                assert (actions["request.created"], actions["request.approved"], actions["membership.added"]) == (PEOPLE, PEOPLE, PEOPLE)
        finally:
            engine.dispose()
