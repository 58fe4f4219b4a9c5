"""Medlemsgrupper (guide step 5): the confirmation result, memberships, requests and the search.

Memberships and requests live in the person's shared feed, so an administrator's decision
shows here without reload.
"""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain import membership as ms
from ..domain.addresses import domain_of
from ..domain.group_search import search_groups
from ..models import EmailAddress, Membership, Organisation
from ..models.types import clean_id
from ..texts import nb
from .common import caller, login_redirect, session_token, user_message
from .live import publish

SEARCH_LIMIT = 20


def _search(query: str):  # noqa: ANN202
    with services.db_session() as db:
        return search_groups(db, query, limit=SEARCH_LIMIT)


class GroupsState(rx.State):
    loaded: bool = False
    linked_text: str = ""
    linked_group_id: str = ""
    no_match_text: str = ""
    query: str = ""
    total: int = -1
    hits: list[dict[str, str]] = []
    chosen_id: str = ""
    chosen_name: str = ""
    error: str = ""
    info: str = ""
    busy: bool = False

    @rx.event
    def load_groups(self):  # noqa: ANN201
        confirmed_id = clean_id(self.router.url.query_parameters.get("bekreftet", ""))
        self.linked_text = self.linked_group_id = self.no_match_text = self.error = self.info = ""
        self.query, self.total, self.hits, self.chosen_id, self.chosen_name = "", -1, [], "", ""
        try:
            with services.db_session() as db:
                person_id = caller(self, db).person.id
                email = db.get(EmailAddress, confirmed_id) if confirmed_id else None
                if email is not None and email.person_id == person_id and email.verified_at is not None:
                    row = db.exec(
                        select(Organisation.id, Organisation.name).join(Membership, Membership.organisation_id == Organisation.id).where(Membership.email_id == email.id)
                    ).first()
                    if row is not None:
                        self.linked_group_id = row[0]
                        self.linked_text = nb.GROUPS_LINKED.format(address=email.address, group=row[1])
                    else:
                        self.no_match_text = nb.GROUPS_NO_MATCH.format(address=email.address, domain=domain_of(email.address))
        except NotLoggedIn:
            return login_redirect(self)
        self.loaded = True
        return None

    @rx.event
    async def search(self, query: str) -> None:
        self.query = str(query)[:100]
        result = await asyncio.to_thread(_search, self.query)
        self.total = result.total if self.query.strip() else -1
        self.hits = [
            {"id": h.id, "name": h.name, "org_number": h.org_number, "kind": nb.KIND_NAMES.get(h.kind, h.kind)} for h in result.hits
        ]

    @rx.event
    def choose(self, group_id: str) -> None:
        """Open the request form for one search result (from this caller's own results only)."""
        hit = next((h for h in self.hits if h["id"] == str(group_id)), None)
        self.error, self.info = "", ""
        self.chosen_id, self.chosen_name = (hit["id"], hit["name"]) if hit else ("", "")

    @rx.event
    def cancel_request(self) -> None:
        self.chosen_id, self.chosen_name = "", ""

    @rx.event(background=True)
    async def send_request(self, form_data: dict):  # noqa: ANN201
        message = str(form_data.get("message", ""))[:5000]
        async with self:
            if self.busy or not self.chosen_id:
                return
            self.busy, self.error, self.info = True, "", ""
            token, group_id, group_name = session_token(self), self.chosen_id, self.chosen_name

        def work() -> str:
            with services.db_session() as db:
                person_id = caller(token, db).person.id
                ms.request_join(db, services.clock(), person_id=person_id, organisation_id=group_id, message=message)
                return person_id

        try:
            person_id = await asyncio.to_thread(work)
        except Exception as exc:  # noqa: BLE001  (user_message logs the unexpected ones)
            async with self:
                self.busy, self.error = False, user_message(exc)
            return
        await publish(groups=[group_id], people=[person_id])
        async with self:
            self.busy, self.chosen_id, self.chosen_name = False, "", ""
            self.info = nb.GROUPS_REQUEST_DONE.format(group=group_name)

    @rx.event(background=True)
    async def withdraw(self, request_id: str):  # noqa: ANN201
        async with self:
            self.error, self.info = "", ""
            token = session_token(self)

        def work() -> tuple[str, str]:
            with services.db_session() as db:
                person_id = caller(token, db).person.id
                return person_id, ms.withdraw(db, services.clock(), person_id=person_id, request_id=str(request_id))

        try:
            person_id, group_id = await asyncio.to_thread(work)
        except PortalError as exc:
            async with self:
                self.error = user_message(exc)
            return
        await publish(groups=[group_id], people=[person_id])
        async with self:
            self.info = nb.GROUPS_WITHDRAWN
