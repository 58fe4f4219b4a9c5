"""Live updates without reload: shared states linked per person and per member group.

A person's tabs share `person-<id>` (memberships, requests, the admin badge); administrators of a
group share `group-<id>` (its pending requests) and operators share `operators` (every pending
request). Linking happens only in handlers that have checked the caller; the feeds have no
handlers of their own, so a forged event cannot change them. `publish` refreshes feeds from the
database after a change; it runs as its own task so it never waits on a lock the caller holds,
and through Reflex's state manager it reaches clients on every worker (Redis in production).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx
from reflex.istate.manager.token import BaseStateToken

from .. import services
from ..domain import membership as ms
from ..domain.authorization import administers_any, is_operator
from ..texts import nb

log = logging.getLogger(__name__)
OSLO = ZoneInfo("Europe/Oslo")
OPERATORS_TOKEN = "operators"
# A tab that leaves a feed (logout, lost rights) is linked here instead: a feed nobody ever writes.
# Reflex's own unlink swaps the shared instance back into the tree, so writing "empty" after it
# would blank the person's other browsers.
NOBODY_TOKEN = "nobody"
_TASKS: set[asyncio.Task] = set()


def local_time(at: datetime | None) -> str:
    return at.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M") if at else ""


def how_text(auto_addresses: tuple[str, ...], by_request: bool) -> str:
    """How a membership came about: «automatisk via <address>», an approved request, or an operator."""
    parts = [nb.GROUPS_HOW_AUTO.format(address=a) for a in auto_addresses] + ([nb.GROUPS_HOW_REQUEST] if by_request else [])
    return "; ".join(parts) or nb.GROUPS_HOW_OPERATOR


def person_token(person_id: str) -> str:
    return f"person-{person_id}"


def group_token(organisation_id: str) -> str:
    return f"group-{organisation_id}"


class PersonFeed(rx.SharedState):
    memberships: list[dict[str, str]] = []
    requests: list[dict[str, str]] = []
    admin_badge: int = 0
    is_admin: bool = False
    is_operator: bool = False


class GroupFeed(rx.SharedState):
    pending: list[dict[str, str]] = []

    @rx.var
    def escalated(self) -> list[dict[str, str]]:
        return [p for p in self.pending if p.get("escalated")]


def person_snapshot(person_id: str) -> dict:
    with services.db_session() as db:
        memberships = [
            {
                "id": m.organisation_id,
                "name": m.organisation,
                "how": how_text(m.auto_addresses, m.by_request),
                "admin": "1" if m.is_admin else "",
            }
            for m in ms.memberships_of(db, person_id)
        ]
        requests = [
            {
                "id": r.id,
                "group": r.organisation,
                "status": r.status,
                "status_text": nb.REQUEST_STATUS[r.status],
                "reason": r.reason,
                "message": r.message,
                "created": local_time(r.created_at),
                "decided": local_time(r.decided_at),
            }
            for r in ms.requests_of(db, person_id)
        ]
        return {
            "memberships": memberships,
            "requests": requests,
            "admin_badge": ms.pending_count_for(db, person_id),
            "is_admin": administers_any(db, person_id),
            "is_operator": is_operator(db, person_id),
        }


def pending_snapshot(organisation_id: str | None) -> list[dict[str, str]]:
    """Pending requests of one group, or of every group (operators) when organisation_id is None."""
    with services.db_session() as db:
        views = ms.pending_requests(db, organisation_ids=[organisation_id] if organisation_id else None)
    return [
        {
            "id": p.id,
            "group_id": p.organisation_id,
            "group": p.organisation,
            "name": p.name,
            "addresses": ", ".join(p.addresses),
            "message": p.message,
            "created": local_time(p.created_at),
            "escalated": "1" if p.escalated else "",
        }
        for p in views
    ]


def apply_person(feed: PersonFeed, snapshot: dict) -> None:
    for key, value in snapshot.items():
        setattr(feed, key, value)


async def _refresh(groups: set[str], people: set[str]) -> None:
    from ..helsecert_portal import app

    for token, organisation_id in [(group_token(g), g) for g in groups] + ([(OPERATORS_TOKEN, None)] if groups else []):
        pending = await asyncio.to_thread(pending_snapshot, organisation_id)
        async with app.modify_state(BaseStateToken(ident=token, cls=GroupFeed)) as root:
            (await root.get_state(GroupFeed)).pending = pending
    for person_id in people:
        snapshot = await asyncio.to_thread(person_snapshot, person_id)
        async with app.modify_state(BaseStateToken(ident=person_token(person_id), cls=PersonFeed)) as root:
            apply_person(await root.get_state(PersonFeed), snapshot)


def publish(*, groups: Iterable[str] = (), people: Iterable[str] = (), with_admins: bool = True) -> asyncio.Task:
    """Refresh the feeds touched by a change; the admins' badges come along with their group."""
    group_ids, person_ids = set(groups), set(people)
    if with_admins and group_ids:
        with services.db_session() as db:
            for g in group_ids:
                person_ids.update(ms.group_admin_ids(db, g))
            person_ids.update(ms.operator_ids(db))

    async def run() -> None:
        try:
            await _refresh(group_ids, person_ids)
        except Exception:  # a lost live update must never break the action that caused it
            log.exception("live update failed")

    task = asyncio.get_running_loop().create_task(run())
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    return task


async def link_person(state: rx.State, person_id: str | None) -> None:
    """Join the caller's own feed (or leave it after logout) and fill it from the database."""
    feed = await state.get_state(PersonFeed)
    if person_id is None:
        if feed._linked_to and feed._linked_to != NOBODY_TOKEN:
            await feed._link_to(NOBODY_TOKEN)  # the tab shows the empty feed; nobody's data is touched
        return
    snapshot = await asyncio.to_thread(person_snapshot, person_id)
    feed = await feed._link_to(person_token(person_id))
    apply_person(feed, snapshot)


async def link_group(state: rx.State, token: str | None, organisation_id: str | None) -> None:
    """Join a group's (or the operators') request feed; the caller has been authorized already."""
    feed = await state.get_state(GroupFeed)
    if token is None:
        if feed._linked_to and feed._linked_to != NOBODY_TOKEN:
            await feed._link_to(NOBODY_TOKEN)
        return
    pending = await asyncio.to_thread(pending_snapshot, organisation_id)
    feed = await feed._link_to(token)
    feed.pending = pending
