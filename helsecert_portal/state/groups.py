"""Medlemsgrupper (guide step 5): the confirmation result, the search and join requests.

The person's memberships and requests are SessionState's (the person's own live view), so an
administrator's decision shows here without reload.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from .. import services
from ..core.errors import NotLoggedIn, PortalError
from ..domain.addresses import strip_controls
from ..domain.sessions import Caller
from ..texts import nb
from ..usecases import groups
from ..usecases.groups import Hit
from .common import Reply, for_caller, login_redirect, off_loop, user_message
from .effects import carry_out
from .guard import personal

SEARCH_LIMIT = groups.SEARCH_LIMIT
QUERY_MAX = 100


def _search(query: str) -> groups.Found:
    """Search as you type: the same text gives the same hits (for anyone) until an organisation or its
    administrators change (services.view, in the cache for what anyone may ask)."""
    with services.db_session() as db:
        return services.view(db, f"group_search:{query}", lambda db: groups.search(db, query), anyone=True)


def _load(db: Session, who: Caller, confirmed_id: str) -> tuple[groups.Confirmed | None, bool]:
    """The page's own read, kept like the header's (services.view) for the plain page; the page just after a
    confirmation (?bekreftet=<id>, once per address) is read each time, so no one can fill every worker's cache
    with made-up ids and empty it for everyone."""

    def read(db: Session) -> tuple[groups.Confirmed | None, bool]:
        return groups.confirmation(db, who, email_id=confirmed_id), groups.may_request(db, who)

    return read(db) if confirmed_id else services.view(db, f"groups_page:{who.person.id}", read)


@personal
class GroupsState(rx.State):
    loaded: bool = False
    linked_text: str = ""
    linked_group_id: str = ""
    no_match_text: str = ""
    query: str = ""
    total: int = -1
    hits: list[Hit] = []
    similar: bool = False
    chosen_id: str = ""
    chosen_name: str = ""
    error: str = ""
    info: str = ""
    busy: bool = False
    may_request: bool = False  # a confirmed work address: without one the page says what to do instead
    sent_text: str = ""  # «the request is sent …», shown while that request is still open (SessionState's live list)
    sent_group_id: str = ""

    @rx.event
    async def load_groups(self) -> Reply:
        confirmed_id = self.router.url.query_parameters.get("bekreftet", "")
        self.reset()
        try:
            found, self.may_request = await for_caller(self, lambda db, who: _load(db, who, confirmed_id), reads=True)
        except NotLoggedIn:
            return login_redirect(self)
        if found is not None and found.group_id:
            self.linked_group_id, self.linked_text = found.group_id, nb.GROUPS_LINKED.format(address=found.address, group=found.group_name)
        elif found is not None:
            self.no_match_text = nb.GROUPS_NO_MATCH.format(address=found.address, domain=found.domain)
        self.loaded = True
        return None

    @rx.event
    async def search(self, query: str) -> None:
        self.query = strip_controls(str(query)[:QUERY_MAX])  # a lone surrogate would break the socket's JSON
        result = await off_loop(lambda: _search(self.query))
        self.total, self.hits, self.similar = result.total, list(result.hits), result.similar  # a list of its own: the result is shared

    @rx.event
    def choose(self, group_id: str) -> None:
        """Open the request form for one search result (from this caller's own results only)."""
        hit = next((h for h in self.hits if h.id == str(group_id)), None)
        self.error, self.info = "", ""
        self.chosen_id, self.chosen_name = (hit.id, hit.name) if hit else ("", "")

    @rx.event
    def cancel_request(self) -> None:
        self.chosen_id, self.chosen_name = "", ""

    @rx.event(background=True)
    async def send_request(self, form_data: dict) -> None:
        message = str(form_data.get("message", ""))[:5000]
        async with self:
            if self.busy or not self.chosen_id:
                return
            self.busy, self.error, self.info = True, "", ""
            group_id, clock, base_url = self.chosen_id, services.clock(), services.settings().base_url
        try:
            outcome = await for_caller(self, lambda db, who: groups.request_join(db, clock, who, group_id=group_id, message=message, base_url=base_url))
        except PortalError as exc:
            async with self:
                self.busy, self.error = False, user_message(exc)
            return
        await carry_out(outcome)
        sent = outcome.value
        async with self:
            self.busy, self.chosen_id, self.chosen_name, self.sent_group_id = False, "", "", sent.group_id
            self.sent_text = (nb.GROUPS_REQUEST_DONE_TO_CERT if sent.to_cert else nb.GROUPS_REQUEST_DONE).format(group=sent.group_name)

    @rx.event
    async def withdraw(self, request_id: str) -> None:
        self.error, self.info, clock = "", "", services.clock()
        try:
            outcome = await for_caller(self, lambda db, who: groups.withdraw(db, clock, who, request_id=str(request_id)))
        except PortalError as exc:
            self.error = user_message(exc)
            return
        await carry_out(outcome)
        self.info = nb.GROUPS_WITHDRAWN
